"""Two-factor authentication and session management, as a member uses them."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from aitalent.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def login(client: Client, email: str = "alice@example.com") -> None:
    response = client.post(
        reverse("account_login"), {"login": email, "password": "correct horse battery"}
    )
    assert response.status_code == 302


# Transactional: allauth sends its signal and e-mail on commit, inside the request.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_activates_totp_and_then_needs_a_code(client, alice) -> None:
    login(client)
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # sensitive: allauth asks for the password again first
        assert "reauthenticate" in page["Location"]
        client.post(page["Location"], {"password": "correct horse battery"})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert AuditEvent.objects.filter(kind="mfa_added", actor=alice).exists()

    other = Client()
    response = other.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "correct horse battery"},
    )
    assert response.status_code == 302 and "2fa" in response["Location"]
    bad = other.post(response["Location"], {"code": "000000"})
    assert bad.status_code == 200 and "_auth_user_id" not in other.session
    good = other.post(response["Location"], {"code": current_code(secret)})
    assert good.status_code == 302 and "_auth_user_id" in other.session


def test_signing_out_other_sessions_ends_them_and_is_audited(alice) -> None:
    first, second = Client(), Client()
    login(first)
    login(second)
    assert UserSession.objects.filter(user=alice).count() == 2
    response = first.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert UserSession.objects.filter(user=alice).count() == 1
    assert second.get(reverse("accounts:settings")).status_code == 302  # back to login
    assert first.get(reverse("accounts:settings")).status_code == 200
    assert AuditEvent.objects.filter(kind="sessions_ended", actor=alice).exists()


def test_session_list_is_for_members_only(client) -> None:
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_changing_email_asks_for_the_password_again(client, alice) -> None:
    client.force_login(alice)  # no recent password entry in this session
    response = client.post(reverse("account_email"), {"action_add": "", "email": "a2@example.com"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not alice.emailaddress_set.filter(email="a2@example.com").exists()
