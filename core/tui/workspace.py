"""What every screen works with: the store, the host, who is working, for which institution."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from rtech.host import Host
    from rtech.store import Store

__all__ = ["Workspace", "remember_institution", "remembered_institution"]

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
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The database (opened now if it is not yet)."""
        with self._lock:
            if self._store is None:
                from rtech.store import Store

                self._store = Store.open()
            return self._store

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
        """The institution being worked for: ``--institution``, else the only one,
        else the one chosen last time (None while none is registered or chosen)."""
        from rtech.intake import resolve_institution

        try:
            return resolve_institution(self.store, self.institution_code)
        except UserError:
            if self.institution_code is None:
                remembered = remembered_institution()
                if remembered:
                    try:
                        return resolve_institution(self.store, remembered)
                    except UserError:
                        return None
            return None

    def institutions(self) -> list[tuple[str, str]]:
        """(code, name) of every registered institution."""
        from rtech.store import registry

        with self.store.read() as session:
            return [(i.code, i.name) for i in registry.list_institutions(session)]

    def choose_institution(self, code: str) -> None:
        """Work for ``code`` from now on, and next time the app opens."""
        self.institution_code = code
        remember_institution(code)

    def institution_name(self) -> str:
        from rtech.store import registry

        found = self.institution_id()
        if found is None:
            return ""
        with self.store.read() as session:
            return registry.get_institution(session, found).name
