from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aitalent.search import services


class Command(BaseCommand):
    help = "Search index maintenance: `aitalent search reindex [--type forum.thread]`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["reindex"])
        parser.add_argument(
            "--type",
            action="append",
            dest="types",
            default=None,
            choices=services.registered_types() or None,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.rebuild(doc_types=options["types"])
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items()) or "nothing"
        self.stdout.write(f"Reindexed {summary}")
