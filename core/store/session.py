"""Sessions: short read transactions and serialised write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import URL, Engine
from sqlalchemy.orm import Session

__all__ = ["Store"]


class Store:
    """The database of one rtech installation.

    ``read()`` yields a session for queries; ``write()`` yields a session whose
    transaction commits when the block ends (or rolls back on an exception). On
    SQLite, write transactions begin IMMEDIATE.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(rtech_write=True)

    @classmethod
    def open(cls, url: URL | str | None = None) -> Store:
        """The store at ``url`` (default: the configured database), schema current."""
        from rtech.store import open_database

        return cls(open_database(url))

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
