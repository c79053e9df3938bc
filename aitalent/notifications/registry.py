"""What apps register with notifications: types, block checkers, watchable objects, audiences."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Headings for the preference page and filters; a module not listed shows its own name.
MODULE_LABELS: dict[str, str | Promise] = {
    "announcements": _("Announcements"),
    "people": _("People"),
    "messaging": _("Messages"),
    "forum": _("Forum"),
    "knowledge": _("Resources"),
    "events": _("Events"),
    "projects": _("Projects"),
    "competitions": _("Competitions"),
    "courses": _("Courses"),
}


def module_label(module: str) -> str | Promise:
    return MODULE_LABELS.get(module, module.replace("_", " ").capitalize())


@dataclass(frozen=True)
class NotificationType:
    verb: str
    module: str
    label: str | Promise
    message: str | Promise
    default_email: str = "instant"
    email_min_interval: int = 0  # seconds between instant e-mails per recipient and group_key


@dataclass(frozen=True)
class Watchable:
    """`resolve(user, target_id)` returns the object if `user` may see it, else raises Http404."""

    target_type: str
    label: str | Promise
    resolve: Callable[[Any, int], Any]


_types: dict[str, NotificationType] = {}
_block_checkers: list[Callable[[int, int], bool]] = []
_watchables: dict[str, Watchable] = {}
_audiences: dict[str, Callable[[str, int], Iterable[int]]] = {}


def register_type(
    verb: str,
    *,
    module: str,
    label: str | Promise,
    message: str | Promise,
    default_email: str = "instant",
    email_min_interval: int = 0,
) -> NotificationType:
    if default_email not in {"instant", "daily", "weekly", "off"}:
        raise ValueError(
            f"default_email must be instant, daily, weekly or off, not {default_email!r}"
        )
    kind = NotificationType(verb, module, label, message, default_email, email_min_interval)
    _types[verb] = kind
    return kind


def get_type(verb: str) -> NotificationType:
    try:
        return _types[verb]
    except KeyError:
        raise LookupError(f"Unknown notification type {verb!r}: register_type() it first") from None


def all_types() -> list[NotificationType]:
    return sorted(_types.values(), key=lambda kind: (kind.module, kind.verb))


def register_block_checker(checker: Callable[[int, int], bool]) -> None:
    if checker not in _block_checkers:
        _block_checkers.append(checker)


def is_blocked(recipient_id: int, actor_id: int) -> bool:
    return any(checker(recipient_id, actor_id) for checker in _block_checkers)


def register_watchable(
    target_type: str, *, label: str | Promise, resolve: Callable[[Any, int], Any]
) -> None:
    _watchables[target_type] = Watchable(target_type, label, resolve)


def get_watchable(target_type: str) -> Watchable | None:
    return _watchables.get(target_type)


def register_audience(target_type: str, members: Callable[[str, int], Iterable[int]]) -> None:
    """`members(target_type, target_id)` yields the user ids an announcement about it reaches."""
    _audiences[target_type] = members


def audience_members(target_type: str, target_id: int) -> Iterable[int]:
    if target_type not in _audiences:
        raise LookupError(f"No audience registered for {target_type!r}")
    return _audiences[target_type](target_type, target_id)


def audience_types() -> list[str]:
    return sorted(_audiences)
