from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_visitor_switches_language_with_a_cookie(client) -> None:
    response = client.post(
        reverse("core:language-set"), {"language": "zh-hans", "next": "/topics/"}
    )
    assert response.status_code == 302 and response["Location"] == "/topics/"
    assert response.cookies["django_language"].value == "zh-hans"
    assert "主题" in client.get("/topics/").content.decode()


def test_member_language_is_saved_and_applied_everywhere(client, alice) -> None:
    client.force_login(alice)
    client.post(reverse("core:language-set"), {"language": "zh-hans", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "zh-hans"
    client.cookies.clear()
    client.force_login(alice)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans"' in body


def test_unknown_language_and_foreign_redirects_are_ignored(client, alice) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("core:language-set"), {"language": "xx", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"
    alice.refresh_from_db()
    assert alice.language == ""


def test_language_switch_requires_post(client) -> None:
    assert client.get(reverse("core:language-set")).status_code == 405


def test_member_timezone_is_applied(client, alice) -> None:
    alice.timezone = "Asia/Shanghai"
    alice.save(update_fields=["timezone"])
    client.force_login(alice)
    response = client.get(reverse("people:profile", args=["alice"]))
    assert response.context["TIME_ZONE"] == "Asia/Shanghai"
