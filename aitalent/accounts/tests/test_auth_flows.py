from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from aitalent.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_email_and_creates_a_profile(client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "display_name": "New Person",
            "username": "new-person",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.handle == "new-person" and user.display_name == "New Person"
    assert hasattr(user, "profile")
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(link.replace("http://testserver", ""))
    assert EmailAddress.objects.get(email="new@example.com").verified
    assert AuditEvent.objects.filter(kind="signup", actor=user).exists()
    assert AuditEvent.objects.filter(kind="email_confirmed", actor=user).exists()


def test_sign_up_errors_name_the_field(client, alice) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "alice@example.com",
            "username": "x",
            "password1": "short",
            "password2": "other",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"email", "username", "password2"} <= set(form.errors) or "password1" in form.errors
    assert User.objects.count() == 1


def test_login_is_audited_with_ip(client, alice) -> None:
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "correct horse battery"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind="login", actor=alice)
    assert event.ip_address == "203.0.113.7"


def test_failed_logins_are_audited_and_rate_limited(client, alice) -> None:
    codes = [
        client.post(
            reverse("account_login"), {"login": "alice@example.com", "password": "bad"}
        ).status_code
        for _ in range(7)
    ]
    assert AuditEvent.objects.filter(kind="login_failed").count() >= 5
    last = client.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "correct horse battery"},
    )
    # After 5 failures for the same account allauth blocks further attempts for a while.
    assert last.status_code in (200, 429)
    assert codes.count(200) >= 5
    assert not AuditEvent.objects.filter(kind="login", actor=alice).exists()


def test_admin_login_goes_through_allauth(client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_reach_the_audit_log_in_admin(client, olivia) -> None:
    olivia.is_superuser = True
    olivia.save()
    AuditEvent.objects.create(kind="login", actor=olivia, ip_address="198.51.100.1")
    client.force_login(olivia)
    response = client.get("/admin/accounts/auditevent/")
    assert response.status_code == 200
    assert "198.51.100.1" in response.content.decode()


def test_password_change_is_audited(client, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct horse battery",
            "password1": "another long passphrase",
            "password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind="password_changed", actor=alice).exists()


def test_security_pages_render_for_members(client, alice) -> None:
    client.force_login(alice)
    for name in ["mfa_index", "usersessions_list", "account_email", "account_change_password"]:
        response = client.get(reverse(name))
        assert response.status_code in (200, 302), name


def test_password_reset_sends_mail(client, alice) -> None:
    client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    assert "password" in mail.outbox[0].subject.lower()
