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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rtech.auth.roles import Action, Principal
    from rtech.host import Host
    from rtech.store import Store

__all__ = ["LoginNeeded", "Workspace", "remember_institution", "remembered_institution"]


class LoginNeeded(UserError):  # noqa: N818 - the name says what the app does next
    """The database has users and this terminal holds no valid login for it."""


_CHOICE_FILE = "tui.json"


def _choice_path() -> Path:
    from rtech.paths import config_dir, embedded_database

    # One choice per embedded database (the demo's is not the working one's).
    return config_dir() / f"{embedded_database().stem}-{_CHOICE_FILE}"


def remembered_institution() -> str | None:
    """The institution code chosen last time in the TUI (``None``: never chosen)."""
    try:
        data = json.loads(_choice_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    code = data.get("institution_code") if isinstance(data, dict) else None
    return code if isinstance(code, str) and code else None


def remember_institution(code: str) -> None:
    path = _choice_path()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"institution_code": code}), encoding="utf-8")
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
        self._store = store
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The database (opened now if it is not yet), acting as the logged-in user;
        :class:`LoginNeeded` when somebody must log in first."""
        with self._lock:
            if self._store is None:
                from rtech.store import Store
                from rtech.store.users import resolve_principal

                engine = self._open_engine()
                try:
                    principal = resolve_principal(engine)
                except UserError as exc:
                    raise LoginNeeded(exc.message, hint=exc.hint) from None
                self._store = Store(engine, principal)
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
            self._store = Store(engine, principal)
        return principal

    def log_out(self) -> None:
        """Revoke this terminal's login of the database; the store is closed."""
        from rtech.store.users import logout

        with self._lock:
            if self._store is None:
                return
            logout(self._store.engine)
            self._engine = self._store.engine
            self._store = None

    def dispose(self) -> None:
        with self._lock:
            engine = self._store.engine if self._store is not None else self._engine
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
        remembered = remembered_institution()
        return _matching(mine, remembered) if remembered else None

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
        self.institution_code = code
        remember_institution(code)

    def institution_name(self) -> str:
        found = self.institution_id()
        return next((name for i, _code, name in self._mine() if i == found), "")


def _matching(mine: list[tuple[int, str, str]], code: str) -> int | None:
    return next((i for i, found, _name in mine if code in (found, str(i))), None)
