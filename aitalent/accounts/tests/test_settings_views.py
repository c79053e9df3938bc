from __future__ import annotations

import json

import pytest
from django.urls import reverse

from aitalent.accounts.models import AuditEvent, User
from aitalent.activity.models import Interaction
from aitalent.people.models import Profile

pytestmark = pytest.mark.django_db


def test_settings_requires_login(client) -> None:
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_saves_preferences(client, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "Alice L.", "language": "zh-hans", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.language, alice.timezone) == (
        "Alice L.",
        "zh-hans",
        "Europe/Paris",
    )


def test_settings_rejects_an_unknown_timezone_and_keeps_data(client, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "Changed", "language": "en", "timezone": "Nowhere/City"},
    )
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.display_name == "Alice Liddell"


def test_data_export_contains_every_registered_app(client, alice) -> None:
    client.force_login(alice)
    Interaction.objects.create(
        actor=alice,
        verb="view",
        target_type="core.topic",
        target_id=1,
        created_at=alice.date_joined,
    )
    response = client.post(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "alice@example.com"
    assert data["profile"]["headline"] == "NLP engineer"
    assert data["activity"][0]["verb"] == "view"
    assert AuditEvent.objects.filter(kind="data_exported", actor=alice).exists()


def test_data_export_is_post_only_and_private(client, alice) -> None:
    assert client.post(reverse("accounts:data-export")).status_code == 302  # anonymous: to login
    client.force_login(alice)
    assert client.get(reverse("accounts:data-export")).status_code == 405


def test_delete_account_needs_password_and_confirmation(client, alice) -> None:
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "delete"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"password", "confirm"}
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_account_removes_everything(client, alice) -> None:
    client.force_login(alice)
    Interaction.objects.create(
        actor=alice,
        verb="view",
        target_type="core.topic",
        target_id=1,
        created_at=alice.date_joined,
    )
    response = client.post(
        reverse("accounts:delete"), {"password": "correct horse battery", "confirm": "DELETE"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(email="alice@example.com").exists()
    assert not Profile.objects.exists() and not Interaction.objects.exists()
    event = AuditEvent.objects.get(kind="account_deleted")
    assert event.actor is None and event.subject.startswith("user:")
    assert "_auth_user_id" not in client.session
