from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aitalent.accounts import services
from aitalent.accounts.models import AuditEvent, DataExport, User
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


def test_data_export_contains_every_registered_app(
    client, alice, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    Interaction.objects.create(
        actor=alice,
        verb="view",
        target_type="core.topic",
        target_id=1,
        created_at=alice.date_joined,
    )
    with (
        mock.patch("aitalent.accounts.tasks.build_data_export.defer") as defer,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("accounts:data-export"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=alice)
    defer.assert_called_once_with(export_id=export.pk)
    services.build_data_export(export_id=export.pk)  # what the worker runs
    export.refresh_from_db()
    assert export.status == "ready" and export.expires_at > timezone.now()
    download = client.get(reverse("accounts:data-export-download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "alice@example.com"
    assert data["profile"]["headline"] == "NLP engineer"
    activity = data["activity"]
    rows = activity["interactions"] if isinstance(activity, dict) else activity
    assert rows[0]["verb"] == "view"
    assert AuditEvent.objects.filter(kind="data_exported", actor=alice).count() == 2
    # one per 24 h
    client.post(reverse("accounts:data-export"))
    assert DataExport.objects.filter(user=alice).count() == 1


def test_export_zip_holds_uploaded_files_and_expires(alice, mallory, settings, tmp_path) -> None:
    from PIL import Image

    from aitalent.people import services as people_services
    from aitalent.people.models import Profile

    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (80, 80)).save(png, format="PNG")
    png.seek(0)
    people_services.set_avatar(profile=Profile.objects.get(user=alice), by=alice, upload=png)
    export = services.request_data_export(user=alice)
    services.build_data_export(export_id=export.pk)
    export.refresh_from_db()
    names = zipfile.ZipFile(default_storage.open(export.file)).namelist()
    assert any(n.startswith("files/profile/avatars/") for n in names)
    with pytest.raises(Http404):
        services.get_export_for_download(user=mallory, export_id=export.pk)
    assert services.expire_data_exports(now=timezone.now() + timedelta(days=8)) == 1
    with pytest.raises(Http404):
        services.get_export_for_download(user=alice, export_id=export.pk)


def test_data_export_is_post_only_and_private(client, alice, mallory) -> None:
    assert client.post(reverse("accounts:data-export")).status_code == 302  # anonymous: to login
    client.force_login(alice)
    assert client.get(reverse("accounts:data-export")).status_code == 405
    export = DataExport.objects.create(user=alice)
    client.force_login(mallory)
    url = reverse("accounts:data-export-download", args=[export.pk])
    assert client.get(url).status_code == 404


def test_delete_account_needs_password_and_confirmation(client, alice) -> None:
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "delete"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"password", "confirm"}
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_account_removes_everything(
    client, api_client, alice, django_capture_on_commit_callbacks
) -> None:
    client.force_login(alice)
    other_browser = Client()
    other_browser.force_login(alice)
    token = services.create_api_token(user=alice)
    Interaction.objects.create(
        actor=alice,
        verb="view",
        target_type="core.topic",
        target_id=1,
        created_at=alice.date_joined,
    )
    with (
        mock.patch("aitalent.accounts.tasks.purge_account.defer") as defer,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("accounts:delete"), {"password": "correct horse battery", "confirm": "DELETE"}
        )
    assert response.status_code == 302
    defer.assert_called_once_with(user_id=alice.pk)
    # At once: no session anywhere, no token, no login.
    assert "_auth_user_id" not in client.session
    assert other_browser.get(reverse("accounts:settings")).status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get(reverse("accounts-api:me")).status_code == 401
    assert not Client().login(email="alice@example.com", password="correct horse battery")
    services.purge_account(user_id=alice.pk)  # what the worker runs
    assert not User.objects.filter(email="alice@example.com").exists()
    assert not Profile.objects.exists() and not Interaction.objects.exists()
    event = AuditEvent.objects.get(kind="account_deleted")
    assert event.actor is None and event.subject.startswith("user:")
