"""Every model that holds a member foreign key is exported and erased through the registry."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings

from aitalent.core import member_data

# Registered by their own apps without a `models=` list yet (ask their owners to add it).
PENDING_OWNERS: set[str] = set()


def _member_models() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("aitalent."):
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if model is user_model:
            found.add(label)
            continue
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if field.is_relation and field.concrete and related is user_model:
                found.add(label)
    return found


def test_every_model_with_a_member_foreign_key_is_registered() -> None:
    missing = _member_models() - member_data.covered_models() - PENDING_OWNERS
    assert not missing, (
        f"{sorted(missing)} store member data but no app registered them with "
        "core.member_data.register(..., models=[...]) for export and deletion"
    )


def test_the_registry_lists_the_talent_network() -> None:
    assert {"account", "exports", "profile", "network", "messages"} <= set(member_data.registered())
    covered = member_data.covered_models()
    assert {"people.Endorsement", "messaging.Message", "accounts.DataExport"} <= covered
