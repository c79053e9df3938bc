"""Writes to the shared taxonomy; who may call them (a reputation privilege) is for the caller."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aitalent.core.models import Topic


@transaction.atomic
def create_topic(
    *,
    name_en: str,
    name_zh: str = "",
    kind: str = Topic.Kind.SKILL,
    parent: Topic | None = None,
    description_en: str = "",
    description_zh: str = "",
    aliases: list[str] | None = None,
    created_by: Any,
) -> Topic:
    name_en = " ".join(name_en.split())
    slug = slugify(name_en)[:60]
    if not slug:
        raise ValidationError(
            {
                "name_en": _(
                    "Use letters or digits in the English name, e.g. “Graph neural networks”."
                )
            }
        )
    aliases = sorted({a.strip().lower()[:60] for a in aliases or [] if a.strip()})
    clash = Topic.objects.filter(
        Q(slug=slug) | Q(name_en__iexact=name_en) | Q(aliases__contains=[name_en.lower()])
    ).first()
    if clash is not None:
        raise ValidationError(
            {"name_en": _("“%(name)s” already exists: use that topic.") % {"name": clash.name}}
        )
    if aliases and Topic.objects.filter(aliases__overlap=aliases).exists():
        raise ValidationError({"aliases": _("One of these aliases already names another topic.")})
    topic = Topic(
        slug=slug,
        kind=kind,
        parent=parent,
        depth=(parent.depth + 1) if parent else 0,
        name_en=name_en,
        name_zh=" ".join(name_zh.split()) or name_en,
        description_en=description_en.strip(),
        description_zh=description_zh.strip(),
        aliases=aliases,
        created_by=created_by,
        created_at=timezone.now(),
    )
    topic.full_clean()
    topic.save()
    transaction.on_commit(_forget_cached_topic_lists)
    return topic


def _forget_cached_topic_lists() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    cache.delete_many(
        [make_template_fragment_key("topic-list", [code]) for code, _name in settings.LANGUAGES]
    )


def export_created_topics(user: Any) -> dict[str, Any]:
    return {
        "created_topics": [
            {"slug": slug, "name": name, "at": at.isoformat() if at else None}
            for slug, name, at in Topic.objects.filter(created_by=user).values_list(
                "slug", "name_en", "created_at"
            )
        ]
    }


def erase_created_topics(user: Any) -> None:
    # The topic stays (others' threads point at it); only the link to its creator goes.
    Topic.objects.filter(created_by=user).update(created_by=None)
