"""Sessions: short read transactions and serialised write transactions.

A store acts for one principal (:class:`rtech.auth.roles.Principal`): every
session it opens carries it in ``session.info["principal"]``, where core
services find it (:func:`rtech.store.users.require`). ``Store.open()`` — the
front ends' way in — resolves the logged-in user; a store made directly on an
engine acts as the trusted internal caller (migrations, tests).

A :class:`~rtech.auth.roles.PermissionDenied` leaving a session is written to
the audit log (``access.denied``) after the refused transaction has rolled
back, so the refusal stays on record while nothing of the refused work does.
On PostgreSQL every transaction sets ``rtech.institutions`` to the principal's
institutions, which the row-level security policies check (migration 0500).

Every write transaction first checks that its user is still active and their
login neither revoked nor expired (:func:`rtech.store.users.check_principal`):
a long-running front end stops writing for a disabled account at once.
``on_ended`` lets the front end hear of it (the TUI shows its login screen).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rtech.auth.roles import SYSTEM, PermissionDenied, Principal
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

    def __init__(self, engine: Engine, principal: Principal | None = None) -> None:
        self.engine = engine
        self._writer = engine.execution_options(rtech_write=True)
        self.principal = principal or SYSTEM
        self._local = threading.local()
        #: called (in the writing thread) when a write finds the user's session ended
        self.on_ended: Callable[[PermissionDenied], None] | None = None

    @classmethod
    def open(cls, url: URL | str | None = None, principal: Principal | None = None) -> Store:
        """The store at ``url`` (default: the configured database), schema current,
        acting as ``principal`` (default: the logged-in user, see
        :func:`rtech.store.users.resolve_principal`)."""
        from rtech.store import open_database
        from rtech.store.users import resolve_principal

        engine = open_database(url)
        if principal is None:
            try:
                principal = resolve_principal(engine)
            except BaseException:
                engine.dispose()
                raise
        return cls(engine, principal)

    @property
    def actor(self) -> str:
        """Who acts, as revisions, signatures and the audit log name them."""
        return self.principal.label

    def as_principal(self, principal: Principal) -> Store:
        """The same database, acting as ``principal``."""
        return Store(self.engine, principal)

    def _session(self, bind: Engine) -> Session:
        session = Session(bind, expire_on_commit=False, info={"principal": self.principal})
        if bind.dialect.name == "postgresql":
            scope = self.principal.institution_ids
            value = "*" if scope is None else ",".join(str(i) for i in sorted(scope))

            @event.listens_for(session, "after_begin")
            def _scope(_session: Session, _transaction: Any, connection: Any) -> None:
                connection.execute(
                    text("SELECT set_config('rtech.institutions', :value, true)"), {"value": value}
                )

        return session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        self._local.depth = depth + 1
        try:
            yield
        except PermissionDenied as denied:
            self._local.depth = depth
            if depth == 0:
                self._record_denial(denied)
            raise
        finally:
            self._local.depth = depth

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._guard(), self._session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction; :class:`DatabaseBusyError` when SQLite stays locked."""
        from rtech.store.users import SessionEnded, check_principal

        try:
            with self._guard(), self._session(self._writer) as session, session.begin():
                check_principal(session, self.principal)
                yield session
        except OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusyError() from None
            raise
        except SessionEnded as ended:
            if self.on_ended is not None and getattr(self._local, "depth", 0) == 0:
                self.on_ended(ended)
            raise

    def _record_denial(self, denied: PermissionDenied) -> None:
        if denied.audited:
            return
        from rtech.store import audit

        with self._session(self._writer) as session, session.begin():
            audit.append(
                session,
                actor=denied.actor,
                action="access.denied",
                entity=denied.entity or "permission",
                entity_id=denied.entity_id or denied.action,
                payload={"action": denied.action, "message": denied.message},
            )
        denied.audited = True

    def dispose(self) -> None:
        self.engine.dispose()
