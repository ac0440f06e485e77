"""Real databases for tests: a SQLite file, and a fresh PostgreSQL database.

PostgreSQL comes from ``RTECH_TEST_PG_URL`` (default: the machine's server,
``postgres@127.0.0.1:5432/test`` with trust auth). Each test gets its own
database, created from a migrated template, and dropped afterwards. When no
server answers, the PostgreSQL variants skip with a loud message; with
``RTECH_REQUIRE_POSTGRES=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest
from sqlalchemy import URL, create_engine, make_url, text

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_MISSING = (
    "!!! PostgreSQL is not reachable at {url} ({error}); PostgreSQL variants of the "
    "storage tests are SKIPPED. Start it with: pg_ctlcluster --skip-systemctl-redirect "
    "$(ls /etc/postgresql) main start"
)


def admin_url() -> URL:
    return make_url(os.environ.get("RTECH_TEST_PG_URL", DEFAULT_PG_URL))


@cache
def postgres_problem() -> str | None:
    """None when the server answers; else why not (after one attempt to start it)."""
    url = admin_url()
    for attempt in range(2):
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            return None
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if attempt == 0:
                _try_start_postgres()
    return POSTGRES_MISSING.format(url=url.render_as_string(hide_password=True), error=error)


def _try_start_postgres() -> None:
    try:
        versions = sorted(os.listdir("/etc/postgresql"))
    except OSError:
        return
    if versions:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
            capture_output=True,
            check=False,
            timeout=60,
        )


def require_postgres() -> URL:
    problem = postgres_problem()
    if problem:
        if os.environ.get("RTECH_REQUIRE_POSTGRES") == "1":
            pytest.fail(problem + " (RTECH_REQUIRE_POSTGRES=1)")
        pytest.skip(problem)
    return admin_url()


@contextmanager
def fresh_postgres_database(template: str | None = None) -> Iterator[URL]:
    """A new, empty (or template-copied) database; dropped on exit."""
    admin = require_postgres()
    name = f"rtech_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        clause = f' TEMPLATE "{template}"' if template else ""
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    try:
        yield admin.set(database=name)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
