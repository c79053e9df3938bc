from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from aitalent.accounts.validators import handle_validators


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        extra.setdefault("handle", email.split("@")[0][:30])
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A member. Logs in with e-mail; `handle` is the public name in URLs and @mentions."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    handle = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=handle_validators,
        help_text=_("3–30 letters, digits, - or _. Used in your profile URL and for @mentions."),
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["handle"]

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["handle"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("handle"), name="accounts_user_handle_ci_unique"
            ),
        ]
        # "New members" walks this index newest first and stops after a page.
        indexes = [models.Index(fields=["-date_joined"], name="accounts_user_joined")]

    def __str__(self) -> str:
        return self.display_name or self.handle

    @property
    def name(self) -> str:
        return self.display_name or self.handle

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:profile", args=[self.handle])


class AuditEvent(models.Model):
    """Security events, append-only: who, what, from where, when (UTC)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOGOUT = "logout", _("Logged out")
        SIGNUP = "signup", _("Signed up")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGED = "email_changed", _("E-mail changed")
        EMAIL_CONFIRMED = "email_confirmed", _("E-mail confirmed")
        MFA_ADDED = "mfa_added", _("Two-factor method added")
        MFA_REMOVED = "mfa_removed", _("Two-factor method removed")
        MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        SESSIONS_ENDED = "sessions_ended", _("Other sessions ended")
        DATA_EXPORTED = "data_exported", _("Data exported")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        RATE_LIMITED = "rate_limited", _("Rate limited")

    kind = models.CharField(max_length=32, choices=Kind)
    actor = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # What the event was about when there is no account (a failed login names the e-mail tried).
    subject = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["actor", "-created_at"], name="accounts_audit_actor_time"),
            models.Index(fields=["kind", "-created_at"], name="accounts_audit_kind_time"),
        ]

    def __str__(self) -> str:
        who = self.subject or self.actor_id
        return f"{self.get_kind_display()} {who} at {self.created_at:%Y-%m-%d %H:%M}"


class DataExport(models.Model):
    """A "download my data" ZIP, built by a job; one per member per 24 h, kept 7 days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="exports")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    file = models.CharField(max_length=200, blank=True)  # storage name of the ZIP
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.user_id} ({self.status})"
