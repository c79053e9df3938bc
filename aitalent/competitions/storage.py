"""Private file store for competitions: DATA_DIR/private/competitions, never under MEDIA_ROOT.

Nothing here is served by a URL: data files go out through a view that checks access, and
the ground truth never leaves the server.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def root() -> Path:
    return Path(settings.DATA_DIR) / "private" / "competitions"


def store() -> FileSystemStorage:
    # base_url=None: this storage has no URL; .url() raises instead of exposing a path.
    return FileSystemStorage(location=str(root()), base_url=None)


def save(folder: str, name: str, content: bytes) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:80] or "file"
    return store().save(f"{folder}/{secrets.token_hex(8)}-{safe}", ContentFile(content))


def path(storage_name: str) -> Path:
    return Path(store().path(storage_name))


def read(storage_name: str) -> bytes:
    return path(storage_name).read_bytes()


def delete(storage_name: str) -> None:
    if storage_name:
        store().delete(storage_name)
