"""Engine factory: SQLite embedded by default, any SQLAlchemy URL by configuration."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from rtech.errors import UserError
from rtech.paths import DATABASE_URL_ENV, embedded_database

__all__ = ["database_url", "is_sqlite", "make_engine"]

_ENV = DATABASE_URL_ENV


def database_url() -> URL:
    """``RTECH_DATABASE_URL`` if set, else a SQLite file in the data directory."""
    raw = os.environ.get(_ENV, "").strip()
    if raw:
        try:
            return make_url(raw)
        except Exception as exc:
            raise UserError(f"环境变量 {_ENV} 不是有效的数据库地址：{raw!r}（{exc}）") from exc
    return make_url(f"sqlite:///{embedded_database()}")


def is_sqlite(url: URL | Engine) -> bool:
    backend = url.url.get_backend_name() if isinstance(url, Engine) else url.get_backend_name()
    return backend == "sqlite"


#: How long a SQLite writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_MS = 10_000


def make_engine(
    url: URL | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """Create an engine for ``url`` (default: :func:`database_url`).

    SQLite gets write-ahead logging, foreign keys on, ``synchronous=FULL`` (a
    committed answer survives a power cut) and a busy timeout; transactions
    begin explicitly so that SAVEPOINT and isolation behave as on PostgreSQL.
    ``busy_timeout_ms`` is how long a SQLite writer waits for the write lock.
    A ``postgresql://`` URL uses the psycopg 3 driver. Errors hide the bound
    parameters (patients' answers never reach a traceback or a log).
    """
    url = database_url() if url is None else make_url(url)
    # A database error never prints the bound values: they are patients' answers.
    kwargs.setdefault("hide_parameters", True)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if is_sqlite(url):
        _private_file(url)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _private_file(url: URL) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite opens
    it; its -wal and -shm files take the same mode. An existing file is left as
    its owner set it."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists() or not path.parent.is_dir():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module (SQLAlchemy recipe
        # "Serializable isolation / Savepoints / Transactional DDL").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers begin IMMEDIATE (take the write lock up front, waiting up to the
        # busy timeout) so a read-then-write transaction never fails half-way.
        immediate = conn.get_execution_options().get("rtech_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
