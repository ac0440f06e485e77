"""Sessions: short read transactions and serialised write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import URL, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rtech.errors import UserError

__all__ = ["DatabaseBusyError", "Store"]


class DatabaseBusyError(UserError):
    """SQLite stayed locked by another writer for the whole busy timeout.

    Nothing of the refused transaction was written; the caller keeps what the
    user typed and lets them try again.
    """

    def __init__(self) -> None:
        super().__init__(
            "数据库正忙（另一个程序正在写入，如导入病例），本次未能写入。",
            hint="请稍后重试；您输入的内容没有丢失。",
        )


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig) if exc.orig is not None else ""
    return "database is locked" in text or "database is busy" in text


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
        """A write transaction; :class:`DatabaseBusyError` when SQLite stays locked."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusyError() from None
            raise

    def dispose(self) -> None:
        self.engine.dispose()
