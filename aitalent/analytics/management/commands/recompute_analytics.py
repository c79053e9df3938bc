from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aitalent.analytics import aggregation


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2026-01-31.") from exc


class Command(BaseCommand):
    help = (
        "Recompute the analytics summary tables for a date range (whole weeks and months that "
        "touch it), then cohorts, skill balance, knowledge flow and the network snapshot."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--from", dest="date_from", type=_date, help="YYYY-MM-DD (default: 35 days ago)"
        )
        parser.add_argument("--to", dest="date_to", type=_date, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--no-network", action="store_true", help="skip the network snapshot")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.now().date()
        date_to = options["date_to"] or today
        date_from = options["date_from"] or date_to - timedelta(days=35)
        if date_from > date_to:
            raise CommandError("--from must be on or before --to.")
        run = aggregation.recompute(
            date_from=date_from, date_to=date_to, network=not options["no_network"]
        )
        steps = ", ".join(f"{k} {v:.2f}s" for k, v in run.timings.items())
        self.stdout.write(f"Recomputed {date_from}..{date_to} in {run.seconds:.2f}s ({steps}).\n")
