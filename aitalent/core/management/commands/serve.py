from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from aitalent.config import embedded_db


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Run the whole platform: database (embedded unless DATABASE_URL), migrations, demo data "
        "on first run, gunicorn web server and a background worker. Ctrl-C stops all of it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--no-seed", action="store_true", help="do not load demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        # Explicit handlers: a shell starting us in the background may have ignored SIGINT.
        signal.signal(signal.SIGINT, _raise_interrupt)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        started_at = time.monotonic()
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        lock_file = open(data_dir / "serve.lock", "a+")  # noqa: SIM115 - held for the process lifetime
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = {}
            with contextlib.suppress(OSError, ValueError):
                info = json.loads((data_dir / "serve.json").read_text())
            raise CommandError(
                f"aitalent is already running from {data_dir} (pid {info.get('pid', '?')}, "
                f"{info.get('url', 'unknown address')}). Stop it with Ctrl-C in its terminal "
                f"or `kill {info.get('pid', '<pid>')}`, then run again."
            ) from None
        host, port = options["host"], options["port"]
        if _port_in_use(host, port):
            raise CommandError(
                f"Port {port} on {host} is already used by another program. "
                f"Stop it, or choose another port: PORT={port + 1} make run"
            )

        started_db = False
        if settings.DATABASES["default"]["ENGINE"] == "aitalent.config.embedded_backend":
            try:
                server, started_db = embedded_db.start(data_dir, own=False)
            except embedded_db.EmbeddedDatabaseError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Database: embedded PostgreSQL in {server.pgdata}")
        else:
            self.stdout.write("Database: DATABASE_URL")
        children: list[subprocess.Popen[bytes]] = []
        try:
            call_command("migrate", interactive=False, verbosity=0)
            if not settings.DEBUG:
                call_command("collectstatic", interactive=False, verbosity=0)
            if not options["no_seed"] and not get_user_model().objects.exists():
                self.stdout.write("First run: loading demo data ...")
                call_command("seed", demo=True)
            url = f"http://{host}:{port}"
            (data_dir / "serve.json").write_text(json.dumps({"pid": os.getpid(), "url": url}))
            web = subprocess.Popen(
                [  # noqa: S603
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "aitalent.config.wsgi:application",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(options["workers"]),
                    "--access-logfile",
                    "-",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "60",
                ]
            )
            children.append(web)
            worker_cmd = [sys.executable, "-m", "aitalent", "worker"]
            worker = subprocess.Popen(worker_cmd)  # noqa: S603
            children.append(worker)
            self._wait_until_serving(host, port, web)
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nAI Talent Exchange is running at {url}  "
                    f"(ready in {time.monotonic() - started_at:.1f} s)"
                )
            )
            self.stdout.write(
                "Demo logins (password aitalent-demo): demo@example.com (member), "
                "admin@example.com (staff)"
            )
            self.stdout.write("Press Ctrl-C to stop the web server, the worker and the database.\n")
            self._supervise(web, worker_cmd, children)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(children)
            (data_dir / "serve.json").unlink(missing_ok=True)
            if started_db:
                embedded_db.stop(data_dir)
                self.stdout.write("Stopped the embedded database.")

    def _wait_until_serving(self, host: str, port: int, web: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if web.poll() is not None:
                raise CommandError("The web server exited during start-up; see the log above.")
            if _port_in_use(host, port):
                return
            time.sleep(0.2)
        raise CommandError("The web server did not start listening within 60 s.")

    def _supervise(
        self,
        web: subprocess.Popen[bytes],
        worker_cmd: list[str],
        children: list[subprocess.Popen[bytes]],
    ) -> None:
        restarts = 0
        while True:
            time.sleep(1)
            if web.poll() is not None:
                raise CommandError(f"The web server stopped (exit code {web.returncode}).")
            worker = children[1]
            if worker.poll() is not None:
                restarts += 1
                if restarts > 5:
                    raise CommandError("The worker keeps crashing; see the log above.")
                self.stderr.write(f"Worker exited ({worker.returncode}); restarting it.")
                time.sleep(min(30, 2**restarts))
                children[1] = subprocess.Popen(worker_cmd)  # noqa: S603

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
