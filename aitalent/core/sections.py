"""Extension points for pages that core owns but other apps fill (home page, topic pages).

Core imports no other app: apps register a provider in `AppConfig.ready()`. A provider returns
`(template_name, context)` or None; the page includes each template with its context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = tuple[str, dict[str, Any]]
_home: list[tuple[int, Callable[[Any], Section | None]]] = []
_topic: list[tuple[int, Callable[[Any, Any], Section | None]]] = []
_profile: list[tuple[int, Callable[[Any, Any], Section | None]]] = []
_home_aside: list[tuple[int, Callable[[Any], Section | None]]] = []


def register_home(provider: Callable[[Any], Section | None], order: int = 100) -> None:
    """`provider(request)`: a block for the home page."""
    if provider not in [p for _, p in _home]:
        _home.append((order, provider))
        _home.sort(key=lambda item: item[0])


def register_topic(provider: Callable[[Any, Any], Section | None], order: int = 100) -> None:
    """`provider(request, topic)`: a block for a topic's page (threads, resources, people ...)."""
    if provider not in [p for _, p in _topic]:
        _topic.append((order, provider))
        _topic.sort(key=lambda item: item[0])


def home_sections(request: Any) -> list[Section]:
    return [s for _, provider in _home if (s := provider(request)) is not None]


def topic_sections(request: Any, topic: Any) -> list[Section]:
    return [s for _, provider in _topic if (s := provider(request, topic)) is not None]


def register_profile(provider: Callable[[Any, Any], Section | None], order: int = 100) -> None:
    """`provider(request, member)`: a block on a member's profile (reputation, answers ...)."""
    if provider not in [p for _, p in _profile]:
        _profile.append((order, provider))
        _profile.sort(key=lambda item: item[0])


def profile_sections(request: Any, member: Any) -> list[Section]:
    return [s for _, provider in _profile if (s := provider(request, member)) is not None]


def register_home_aside(provider: Callable[[Any], Section | None], order: int = 100) -> None:
    """`provider(request)`: a per-viewer block beside the home page's topics (never cached)."""
    if provider not in [p for _, p in _home_aside]:
        _home_aside.append((order, provider))
        _home_aside.sort(key=lambda item: item[0])


def home_aside(request: Any) -> list[Section]:
    return [s for _, provider in _home_aside if (s := provider(request)) is not None]
