"""PostgreSQL backend that starts the embedded server before its first connection.

Starting lazily keeps commands that never touch the database (`aitalent --help`, `check`) fast, and
makes whichever process connects first (web, worker, tests) bring the server up.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from aitalent.config import embedded_db

_started_for: set[str] = set()
_lock = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        pgdata = str(self.settings_dict["EMBEDDED_PGDATA"])
        if pgdata not in _started_for:
            with _lock:
                if pgdata not in _started_for:
                    embedded_db.start(Path(pgdata).parent)
                    _started_for.add(pgdata)
        return super().get_new_connection(conn_params)
