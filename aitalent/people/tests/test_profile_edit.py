"""Editing a profile in the browser and through the API; bad input saves nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from aitalent.people.models import Profile, ProfileSkill
from aitalent.people.validators import validate_orcid

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "Alice L.",
    "headline": "Speech and NLP engineer",
    "bio": "I build **speech** systems.",
    "country": "DE",
    "city": "Berlin",
    "timezone_name": "Europe/Berlin",
    "organisation": "Contoso AI",
    "role": "Staff engineer",
    "website": "https://alice.example.org",
    "github": "https://github.com/alice",
    "huggingface": "https://huggingface.co/alice",
    "google_scholar": "https://scholar.google.com/citations?user=AbCdEfGhIjKl",
    "orcid": "https://orcid.org/0000-0002-1825-0097",
    "linkedin": "https://www.linkedin.com/in/alice-l",
    "languages": ["en", "de"],
    "domains": ["healthcare"],
    "is_open_to_work": "on",
    "weekly_hours": "6",
}


def test_it_saves_a_complete_profile(client, alice) -> None:
    client.force_login(alice)
    response = client.post(reverse("people:profile-edit"), GOOD)
    assert response.status_code == 302
    profile = Profile.objects.select_related("user").get(user=alice)
    assert profile.city == "Berlin" and profile.orcid == "0000-0002-1825-0097"
    assert profile.user.display_name == "Alice L." and profile.user.timezone == "Europe/Berlin"
    assert profile.utc_offset_minutes in (60, 120)
    assert profile.is_open_to_work and profile.weekly_hours == 6
    assert list(profile.domains.values_list("slug", flat=True)) == ["healthcare"]
    body = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert "<strong>speech</strong>" in body and "Germany" in body


@pytest.mark.parametrize(
    "field, value",
    [
        ("github", "https://gitlab.com/alice"),
        ("huggingface", "javascript:alert(1)"),
        ("linkedin", "https://www.linkedin.com/company/x"),
        ("google_scholar", "https://scholar.google.com/citations?user=short"),
        ("orcid", "0000-0002-1825-0098"),
        ("website", "not a url"),
        ("headline", "x" * 10_000),
        ("country", "XX"),
        ("languages", ["klingon"]),
        ("domains", ["no-such-domain"]),
        ("weekly_hours", "500"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(client, alice, field, value) -> None:
    client.force_login(alice)
    before = Profile.objects.values().get(user=alice)
    response = client.post(reverse("people:profile-edit"), {**GOOD, field: value})
    assert response.status_code == 200
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )
    assert Profile.objects.values().get(user=alice) == before


def test_orcid_checksum() -> None:
    validate_orcid("0000-0002-1825-0097")
    validate_orcid("0000-0001-5109-3700")
    with pytest.raises(Exception):  # noqa: B017 - ValidationError
        validate_orcid("0000-0001-5109-3701")


def test_edit_requires_login(client) -> None:
    response = client.get(reverse("people:profile-edit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_skills_are_added_with_level_years_and_usage(client, alice) -> None:
    client.force_login(alice)
    client.post(
        reverse("people:skill-save"),
        {"skill": "pytorch", "level": "4", "years": "5", "how_used": "Trained ASR models"},
    )
    row = ProfileSkill.objects.get(profile__user=alice)
    assert (row.topic.slug, row.level, row.years, row.how_used) == (
        "pytorch",
        4,
        5,
        "Trained ASR models",
    )
    client.post(reverse("people:skill-save"), {"skill": "no-such-skill", "level": "4"})
    client.post(reverse("people:skill-save"), {"skill": "python", "level": "9"})
    assert ProfileSkill.objects.count() == 1
    client.post(reverse("people:skill-remove", args=["pytorch"]))
    assert not ProfileSkill.objects.exists()


def test_completeness_checklist_guides_onboarding(client, alice) -> None:
    client.force_login(alice)
    body = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert "Complete my profile" in body and "List at least three skills" in body


def test_api_me_profile_get_and_patch(api_client, alice) -> None:
    api_client.force_authenticate(alice)
    url = reverse("people-api:my-profile")
    assert api_client.get(url).json()["handle"] == "alice"
    response = api_client.patch(
        url,
        {
            "headline": "Vision",
            "country": "CN",
            "city": "Shenzhen",
            "languages": ["zh", "en"],
            "domains": ["manufacturing"],
            "skills": [{"skill": "pytorch", "level": 4, "years": 3, "how_used": "edge"}],
            "location_visibility": "connections",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["city"] == "Shenzhen" and data["skills"][0]["skill"] == "pytorch"
    assert data["location_visibility"] == "connections"
    assert "skills" in data["completeness"]["missing"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"headline": "x" * 10_000}, "headline"),
        ({"github": "https://evil.example.com/x"}, "github"),
        ({"skills": [{"skill": "no-such-skill", "level": 3}]}, "skills"),
        ({"skills": [{"skill": "pytorch", "level": 7}]}, "skills"),
        ({"location_visibility": "everyone"}, "location_visibility"),
    ],
)
def test_api_patch_refuses_bad_input(api_client, alice, payload, field) -> None:
    api_client.force_authenticate(alice)
    before = Profile.objects.values().get(user=alice)
    response = api_client.patch(
        reverse("people-api:my-profile"), {"city": "Changed", **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert Profile.objects.values().get(user=alice) == before
    assert not ProfileSkill.objects.exists()


def test_api_profile_requires_auth(api_client) -> None:
    assert api_client.get(reverse("people-api:my-profile")).status_code in (401, 403)


def _image(fmt: str, size=(300, 200), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, format=fmt, **save)
    return out.getvalue()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_avatar_is_reencoded_without_exif(client, alice, settings, tmp_path, fmt) -> None:
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    data = _image(fmt, exif=exif.tobytes()) if fmt != "PNG" else _image(fmt)
    client.force_login(alice)
    client.post(reverse("people:avatar"), {"avatar": _upload("me.bin", data)})
    profile = Profile.objects.get(user=alice)
    assert profile.avatar_path
    stored = (tmp_path / f"{profile.avatar_path}-256.webp").read_bytes()
    assert b"SecretCameraMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "WEBP" and image.size == (256, 256)
    response = client.get(reverse("people:avatar-image", args=["alice", 64]))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"GIF89a" + b"\x00" * 100, "PNG, JPEG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "PNG, JPEG or WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024), "5 MiB"),
    ],
)
def test_avatar_refuses_forged_and_oversize_files(client, alice, settings, tmp_path, data, message):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    response = client.post(
        reverse("people:avatar"), {"avatar": _upload("a.png", data)}, follow=True
    )
    assert message in response.content.decode()
    assert Profile.objects.get(user=alice).avatar_path == ""


def test_avatar_refuses_too_many_pixels(alice, settings, tmp_path) -> None:
    from django.core.exceptions import ValidationError

    from aitalent.people import avatars

    data = _image("PNG", size=(8000, 5001))
    with pytest.raises(ValidationError, match="40 megapixels"):
        avatars.render_sizes(_upload("big.png", data))


def test_avatar_api_put_and_delete(api_client, alice, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    api_client.force_authenticate(alice)
    url = reverse("people-api:my-avatar")
    response = api_client.put(url, {"avatar": _upload("a.png", _image("PNG"))}, format="multipart")
    assert response.status_code == 200 and "avatar-256.webp" in response.json()["avatar_url"]
    bad = api_client.put(url, {"avatar": _upload("a.png", b"nope")}, format="multipart")
    assert bad.status_code == 400 and "avatar" in bad.json()["error"]["fields"]
    assert api_client.delete(url).status_code == 204
    assert Profile.objects.get(user=alice).avatar_path == ""
