"""The export and deletion registry: every app that stores member data registers here.

An app calls `register()` from its `AppConfig.ready()` with an exporter (user -> JSON-able data),
an eraser (user -> None, deletes or anonymises what cascading deletes would not), optionally a
file lister (user -> storage names of uploaded files, copied into the export ZIP) and the models
it covers. The account app's services use `export_all()` / `files_all()` for "download my data"
and `erase_all()` before deleting a user. A test checks that every model with a member foreign
key is listed by some registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]
FileLister = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Registration:
    name: str
    export: Exporter
    erase: Eraser | None
    models: tuple[str, ...] = ()  # "app_label.ModelName" of every model holding this data
    files: FileLister | None = None


_registry: dict[str, Registration] = {}


def register(
    name: str,
    *,
    export: Exporter,
    erase: Eraser | None = None,
    models: list[str] | None = None,
    files: FileLister | None = None,
) -> None:
    _registry[name] = Registration(
        name=name, export=export, erase=erase, models=tuple(models or ()), files=files
    )


def covered_models() -> set[str]:
    return {model for registration in _registry.values() for model in registration.models}


def registered() -> list[str]:
    return sorted(_registry)


def export_all(user: Any) -> dict[str, Any]:
    return {name: _registry[name].export(user) for name in sorted(_registry)}


def erase_all(user: Any) -> None:
    for name in sorted(_registry):
        eraser = _registry[name].erase
        if eraser is not None:
            eraser(user)


def files_all(user: Any) -> dict[str, list[str]]:
    """Storage names of every file a member uploaded, per registration."""
    found = {}
    for name in sorted(_registry):
        lister = _registry[name].files
        if lister is not None:
            found[name] = list(lister(user))
    return found
