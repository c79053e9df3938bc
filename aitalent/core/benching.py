"""What an app's ``benches`` module offers to ``aitalent bench`` (see the bench command)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.core.management.base import CommandParser


class Bench(NamedTuple):
    name: str
    help: str
    add_arguments: Callable[[CommandParser], None]
    run: Callable[[dict[str, Any], Any], None]  # (options, out) -> prints its numbers to out
