from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from aitalent.notifications import registry, services


@pytest.fixture(autouse=True)
def test_types():
    """A test-only action, registered like any app's notification type."""
    services.register_type(
        "tests.poked",
        module="tests",
        label=_("Pokes"),
        message=_("%(actor)s poked you about %(title)s"),
        default_email="instant",
    )
    services.register_type(
        "tests.replied",
        module="tests",
        label=_("Replies"),
        message="%(actor)s replied in %(title)s",
        default_email="daily",
        email_min_interval=3600,
    )
    services.register_type(
        "tests.mentioned",
        module="tests",
        label="Mentions",
        message="%(actor)s mentioned you",
        default_email="weekly",
    )
    yield
    for verb in ("tests.poked", "tests.replied", "tests.mentioned"):
        registry._types.pop(verb, None)
