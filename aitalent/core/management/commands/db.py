from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aitalent.config import embedded_db


class Command(BaseCommand):
    help = "Start, stop or inspect the embedded PostgreSQL server under the data directory."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["start", "stop", "status", "url"])
        parser.add_argument("--data-dir", default=str(settings.DATA_DIR))
        parser.add_argument("--port", type=int, default=None, help="also listen on 127.0.0.1:PORT")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [options["action"], str(Path(options["data_dir"]))]
        if options["port"]:
            argv += ["--port", str(options["port"])]
        code = embedded_db.main(argv)
        if code not in (0, 3):
            raise CommandError("embedded database command failed")
