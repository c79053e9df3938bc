"""The zero-config database: stale locks, unwritable folders, reuse, and the serve lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aitalent.config import embedded_db

REPO = Path(__file__).resolve().parents[3]


def test_django_settings_point_at_a_socket_inside_the_data_dir(tmp_path: Path) -> None:
    config = embedded_db.django_settings(tmp_path)
    assert config["ENGINE"] == "aitalent.config.embedded_backend"
    assert config["HOST"] == str(tmp_path / "pgdata")


def test_long_paths_get_a_short_socket_dir(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 90)
    assert len(str(embedded_db.socket_dir_for(deep))) < 60


def test_an_unwritable_data_dir_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(embedded_db.EmbeddedDatabaseError) as excinfo:
        embedded_db.start(blocker / "data")
    assert str(blocker / "data") in str(excinfo.value)
    assert "AITALENT_DATA_DIR" in str(excinfo.value)


def test_stale_lock_files_are_removed(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    # A pid that is certainly not PostgreSQL: this test process.
    (pgdata / "postmaster.pid").write_text(f"{os.getpid()}\n{pgdata}\n")
    (pgdata / ".s.PGSQL.5432.lock").write_text("999999\n")
    removed = embedded_db._remove_stale_locks(pgdata, pgdata)
    assert len(removed) == 2
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.slow
def test_start_reuse_crash_recovery_and_stop(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server, started = embedded_db.start(data_dir, own=False)
    try:
        assert started
        again, started_again = embedded_db.start(data_dir, own=False)
        assert not started_again and again.socket_dir == server.socket_dir
        # Simulate a crash: kill -9 the postmaster, leaving postmaster.pid behind.
        pid = embedded_db._postmaster_pid(server.pgdata)
        assert pid is not None
        os.kill(pid, 9)
        for _ in range(50):
            if not embedded_db._pid_is_postgres(pid):
                break
            import time

            time.sleep(0.1)
        assert (server.pgdata / "postmaster.pid").exists()
        _, restarted = embedded_db.start(data_dir, own=False)
        assert restarted
        out = subprocess.run(
            [
                embedded_db._bin("psql"),
                "-h",
                str(server.socket_dir),
                "-U",
                "postgres",
                "-d",
                "aitalent",
                "-tAc",
                "SELECT 1",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.stdout.strip() == "1"
    finally:
        assert embedded_db.stop(data_dir)
    assert not embedded_db.is_running(server.pgdata)


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AITALENT_")}
    env.update(
        AITALENT_DEBUG="false",
        AITALENT_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="aitalent.config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "aitalent", "check"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "AITALENT_SECRET_KEY is not set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_deploy_checks_pass_with_a_production_environment(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AITALENT_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        AITALENT_DEBUG="false",
        AITALENT_DATA_DIR=str(tmp_path),
        AITALENT_SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        AITALENT_ALLOWED_HOSTS="talent.example.org",
        DJANGO_SETTINGS_MODULE="aitalent.config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "aitalent", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_development_generates_a_secret_key_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AITALENT_")}
    env.update(
        AITALENT_DEBUG="true",
        AITALENT_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="aitalent.config.settings",
    )
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    runs = [
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].strip()) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_second_serve_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    import fcntl

    (tmp_path / "serve.json").write_text('{"pid": 4242, "url": "http://127.0.0.1:8000"}')
    with open(tmp_path / "serve.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AITALENT_")}
        env.update(AITALENT_DEBUG="true", AITALENT_DATA_DIR=str(tmp_path))
        result = subprocess.run(
            [sys.executable, "-m", "aitalent", "serve"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode != 0
    assert "already running" in result.stderr and "4242" in result.stderr
