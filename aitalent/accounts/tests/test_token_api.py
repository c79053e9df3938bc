from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from rest_framework.authtoken.models import Token

from aitalent.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token/"


def test_it_exchanges_email_and_password_for_a_token(api_client, alice) -> None:
    response = api_client.post(
        URL, {"email": "Alice@Example.com", "password": "correct horse battery"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=alice).key == token
    assert AuditEvent.objects.filter(kind="token_created", actor=alice).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/accounts/me/")
    assert me.status_code == 200 and me.json()["handle"] == "alice"
    assert "password" not in me.json()


def test_a_wrong_password_gets_a_clear_400_and_is_audited(api_client, alice) -> None:
    response = api_client.post(
        URL, {"email": "alice@example.com", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(kind="login_failed", subject="alice@example.com").exists()


def test_an_unverified_email_cannot_get_a_token(api_client, alice) -> None:
    EmailAddress.objects.filter(user=alice).update(verified=False)
    response = api_client.post(
        URL, {"email": "alice@example.com", "password": "correct horse battery"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["email"]


def test_delete_revokes_the_token(api_client, alice) -> None:
    token = Token.objects.create(user=alice)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.delete(URL).status_code == 204
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(kind="token_revoked", actor=alice).exists()
    assert api_client.get("/api/v1/accounts/me/").status_code == 401


def test_anonymous_delete_is_refused(api_client) -> None:
    assert api_client.delete(URL).status_code == 401


def test_token_requests_are_rate_limited(api_client, alice) -> None:
    statuses = [
        api_client.post(
            URL, {"email": "alice@example.com", "password": f"wrong{i}"}, format="json"
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429
    assert (
        api_client.post(
            URL, {"email": "alice@example.com", "password": "correct horse battery"}, format="json"
        ).status_code
        == 429
    )


def test_me_can_be_updated_and_validates(api_client, alice) -> None:
    api_client.force_authenticate(alice)
    ok = api_client.patch(
        "/api/v1/accounts/me/", {"timezone": "Asia/Shanghai", "language": "zh-hans"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["timezone"] == "Asia/Shanghai"
    bad = api_client.patch("/api/v1/accounts/me/", {"timezone": "Mars/Base"}, format="json")
    assert bad.status_code == 400
    assert "timezone" in bad.json()["error"]["fields"]
    alice.refresh_from_db()
    assert alice.timezone == "Asia/Shanghai"


def test_security_events_api_lists_only_my_events(api_client, alice, mallory) -> None:
    AuditEvent.objects.create(kind="login", actor=alice)
    AuditEvent.objects.create(kind="login", actor=mallory)
    api_client.force_authenticate(alice)
    rows = api_client.get("/api/v1/accounts/me/security-events/").json()["results"]
    assert len(rows) == 1
