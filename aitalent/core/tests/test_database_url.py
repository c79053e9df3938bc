"""Runs in CI with DATABASE_URL pointing at a separately started server (see .ci/run)."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_engine_matches_the_environment() -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "aitalent.config.embedded_backend"


def test_required_extensions_exist() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SHOW server_version_num")
        version = int(cursor.fetchone()[0])
    assert {"vector", "pg_trgm"} <= names
    assert version >= 150000
