"""What every screen works with: the store, the host, who is working, for which institution.

Who is working is the store's principal (issue 18): the logged-in user, the
demo administrator of a demo database, or the installer of a database without
users. When the database has users and no valid login, opening the store
raises :class:`LoginNeeded` and the app shows its login screen; :meth:`Workspace.log_in`
then opens the store as that user. The institution worked for is one of the
user's own: the only one they may see, else the one chosen (``i``).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rtech.auth.roles import Action, PermissionDenied, Principal
    from rtech.host import Host
    from rtech.store import Store

__all__ = ["LoginNeeded", "Workspace", "remember_institution", "remembered_institution"]


class LoginNeeded(UserError):  # noqa: N818 - the name says what the app does next
    """The database has users and this terminal holds no valid login for it."""


_CHOICE_FILE = "tui-institutions.json"


def _choice_path() -> Path:
    from rtech.paths import config_dir

    return config_dir() / _CHOICE_FILE


def _choices() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_choice_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def remembered_institution(database: str, login: str) -> str | None:
    """The institution code ``login`` chose last time in the TUI on ``database``
    (a key of the database's URL; ``None``: never chosen). Each user has their
    own: on a shared workstation one user's choice is not the next one's."""
    code = _choices().get(database, {}).get(login)
    return code if isinstance(code, str) and code else None


def remember_institution(database: str, login: str, code: str) -> None:
    data = _choices()
    data.setdefault(database, {})[login] = code
    path = _choice_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    os.replace(temporary, path)


class Workspace:
    """The app's shared context; screens receive it instead of opening their own.

    The database opens on first use (``store``): the app opens it in the
    background while the first screen is drawn (the migration check takes a
    good part of a second). ``today`` fixes the date the intake reads “今天”
    against (tests); ``None`` means the real date.
    """

    def __init__(
        self,
        *,
        host: Host,
        actor: str,
        store: Store | None = None,
        today: date | None = None,
        institution_code: str | None = None,
    ) -> None:
        self.host = host
        self._given_actor = actor
        self.today = today
        self.institution_code = institution_code
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        #: told (in the writing thread) when a write finds the user's session ended
        self.on_ended: Callable[[PermissionDenied], None] | None = None
        #: the store of a user whose session ended, until somebody logs in
        self._suspended: Store | None = None
        #: whose ``institution_code`` it is (None: nobody's yet; ``--institution``
        #: is the first user's): the next user of the terminal does not inherit it
        self._code_owner: str | None = None
        self._store = self._adopt(store) if store is not None else None

    def _adopt(self, store: Store) -> Store:
        store.on_ended = self._ended
        if self._engine is None:
            self._engine = store.engine
        login = store.principal.login
        if self._code_owner is None:
            self._code_owner = login
        elif self._code_owner != login:
            self.institution_code, self._code_owner = None, login
        return store

    def _ended(self, ended: PermissionDenied) -> None:
        if self.on_ended is not None:
            self.on_ended(ended)

    @property
    def store(self) -> Store:
        """The database (opened now if it is not yet), acting as the logged-in user;
        :class:`LoginNeeded` when somebody must log in first."""
        with self._lock:
            if self._store is None and self._suspended is not None:
                raise LoginNeeded("请重新登录。")
            if self._store is None:
                from rtech.store import Store
                from rtech.store.users import resolve_principal

                engine = self._open_engine()
                try:
                    principal = resolve_principal(engine)
                except UserError as exc:
                    raise LoginNeeded(exc.message, hint=exc.hint) from None
                self._store = self._adopt(Store(engine, principal))
            return self._store

    def _open_engine(self) -> Engine:
        if self._engine is None:
            from rtech.store import open_database

            self._engine = open_database()
        return self._engine

    def log_in(self, login: str, password: str) -> Principal:
        """Log in (a token kept as ``rtech login`` keeps it) and act as that user;
        a wrong password is a :class:`UserError` (audited by core)."""
        from rtech.store import Store
        from rtech.store.users import login as log_in

        with self._lock:
            engine = self._open_engine()
        principal = log_in(engine, login, password)
        with self._lock:
            resumed = self._suspended
            if resumed is not None and resumed.principal.user_id == principal.user_id:
                # The same user again: every screen's store acts with the new login.
                resumed.principal = principal
                self._store = resumed
            else:
                self._store = self._adopt(Store(engine, principal))
            self._suspended = None
        return principal

    def suspend(self) -> Store | None:
        """The user's session ended: act for nobody until a login (the store is
        kept for the same user to resume). The store suspended, if any."""
        with self._lock:
            if self._store is not None:
                self._suspended = self._store
                self._store = None
            return self._suspended

    def log_out(self) -> None:
        """Revoke this terminal's login of the database; nobody acts until a login."""
        from rtech.store.users import logout

        with self._lock:
            store = self._store or self._suspended
            if store is None:
                return
            self._engine = store.engine
            self._store = self._suspended = None
        logout(self._engine)

    def dispose(self) -> None:
        with self._lock:
            store = self._store or self._suspended
            engine = store.engine if store is not None else self._engine
            if engine is not None:
                engine.dispose()

    @property
    def principal(self) -> Principal:
        return self.store.principal

    def can(self, action: Action) -> bool:
        """Whether the user's roles allow ``action`` (screens hide what they do not;
        core refuses anyway)."""
        return self.store_open and self.store.principal.can(action)

    @property
    def actor(self) -> str:
        """Who acts: the store's logged-in user. Only the trusted internal caller
        or the installer of a database without users (tests, ``RtechApp(actor=…)``
        in code; no user can pass a name) takes the name given."""
        store = self.store
        if (store.principal.system or store.principal.setup) and self._given_actor:
            return self._given_actor
        return store.actor

    @property
    def store_open(self) -> bool:
        return self._store is not None

    def institution_id(self) -> int | None:
        """The institution being worked for, one of the user's: ``--institution`` or
        the one chosen, else the only one the user may see, else the one chosen
        last time (None while none is registered or chosen)."""
        mine = self._mine()
        if self.institution_code:
            return _matching(mine, self.institution_code)
        if len(mine) == 1:
            return mine[0][0]
        remembered = remembered_institution(self._database(), self.store.principal.login)
        return _matching(mine, remembered) if remembered else None

    def _database(self) -> str:
        from rtech.store.users import database_key

        return database_key(self.store.engine)

    def _mine(self) -> list[tuple[int, str, str]]:
        """(id, code, name) of the registered institutions the user may work for."""
        from rtech.store import registry

        store = self.store
        with store.read() as session:
            return [
                (i.id, i.code, i.name)
                for i in registry.list_institutions(session)
                if store.principal.sees(i.id)
            ]

    def institutions(self) -> list[tuple[str, str]]:
        """(code, name) of every registered institution the user may work for."""
        return [(code, name) for _id, code, name in self._mine()]

    def institution_code_of(self, institution_id: int) -> str:
        return next(code for found, code, _name in self._mine() if found == institution_id)

    def choose_institution(self, code: str) -> None:
        """Work for ``code`` from now on, and next time the app opens."""
        self.institution_code, self._code_owner = code, self.store.principal.login
        remember_institution(self._database(), self.store.principal.login, code)

    def institution_name(self) -> str:
        found = self.institution_id()
        return next((name for i, _code, name in self._mine() if i == found), "")


def _matching(mine: list[tuple[int, str, str]], code: str) -> int | None:
    return next((i for i, found, _name in mine if code in (found, str(i))), None)
