"""Shared fixtures: an isolated data directory per test, and real databases.

Tests never write outside temporary directories: the XDG base directories
(where platformdirs puts rtech's caches, and fontconfig its own) point into the
session's temporary directory, shared by the tests of a session so that caches
still save time; each test has its own rtech data and config directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, make_url

from rtech.host import reset_host
from tests import db

_XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True, scope="session")
def isolated_user_directories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's cache, config, data and state directories, in a temporary directory."""
    base = tmp_path_factory.mktemp("xdg")
    saved = {name: os.environ.get(name) for name in _XDG}
    for name in _XDG:
        os.environ[name] = str(base / name.removeprefix("XDG_").removesuffix("_HOME").lower())
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test has its own data and config directory and the default database."""
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RTECH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RTECH_FILINGS_DIR", str(tmp_path / "filings"))
    for name in (
        "RTECH_DATABASE_URL",
        "RTECH_DISABLE_PLUGIN_AUTOLOAD",
        "RTECH_PLUGINS",
        "RTECH_TRACE_PLUGINS",
        "RTECH_TIMEZONE",
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
