"""Shared fixtures: an isolated data directory per test, and real databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, make_url

from rtech.host import reset_host
from tests import db


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test has its own data and config directory and the default database."""
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RTECH_CONFIG_DIR", str(tmp_path / "config"))
    for name in (
        "RTECH_DATABASE_URL",
        "RTECH_DISABLE_PLUGIN_AUTOLOAD",
        "RTECH_PLUGINS",
        "RTECH_TRACE_PLUGINS",
    ):
        monkeypatch.delenv(name, raising=False)
    reset_host()
    yield
    reset_host()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[URL]:
    """An empty database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield make_url(f"sqlite:///{tmp_path / 'test.sqlite3'}")
    else:
        with db.fresh_postgres_database() as url:
            yield url
