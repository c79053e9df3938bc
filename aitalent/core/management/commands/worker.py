from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Run a background worker: executes queued jobs and periodic jobs, with a heartbeat."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queues", default="", help="comma-separated queues (default: all)")
        parser.add_argument("--concurrency", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        from procrastinate.contrib.django import app

        # Connect once through Django first: this starts the embedded database if needed.
        connection.ensure_connection()
        kwargs: dict[str, Any] = {"install_signal_handlers": True}
        if options["queues"]:
            kwargs["queues"] = [q.strip() for q in options["queues"].split(",") if q.strip()]
        if options["concurrency"]:
            kwargs["concurrency"] = options["concurrency"]
        self.stdout.write("Worker started (Ctrl-C to stop)")
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(**kwargs)
