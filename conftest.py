"""Shared personas and fixtures: alice (member), olivia (organiser), mallory (a stranger)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def make_member(email: str, handle: str, name: str, *, staff: bool = False, **profile: Any) -> Any:
    from allauth.account.models import EmailAddress

    from aitalent.accounts.models import User
    from aitalent.people.models import Profile

    user = User.objects.create_user(
        email=email,
        password="correct horse battery",
        handle=handle,
        display_name=name,
        is_staff=staff,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, **profile)
    return user


@pytest.fixture
def alice(db: None) -> Any:
    return make_member("alice@example.com", "alice", "Alice Liddell", headline="NLP engineer")


@pytest.fixture
def olivia(db: None) -> Any:
    return make_member("olivia@example.com", "olivia", "Olivia Organiser", staff=True)


@pytest.fixture
def mallory(db: None) -> Any:
    return make_member("mallory@example.com", "mallory", "Mallory Stranger")


@pytest.fixture
def api_client() -> Any:
    from rest_framework.test import APIClient

    return APIClient()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Chromium is required in CI but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"Chromium not installed at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    # A request leaves its language active in the thread (Django does not reset it), so a
    # service called directly by the next test would otherwise speak the previous member's language.
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture
def topics(transactional_db: None) -> None:
    """The migrated taxonomy, reloaded if a flush between transactional tests emptied it.

    serialized_rollback restores it for most tests, but not reliably for every fixture order
    (live_server + page); the loader is idempotent, so calling it is always safe.
    """
    import importlib

    from django.apps import apps as django_apps

    from aitalent.core.models import Topic

    if not Topic.objects.filter(slug="healthcare").exists():
        loader = importlib.import_module("aitalent.core.migrations.0003_load_topics")
        loader.load_topics(django_apps, None)
