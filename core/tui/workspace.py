"""What every screen works with: the store, the host, who is working, for which institution."""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from rtech.host import Host
    from rtech.store import Store

__all__ = ["Workspace"]


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
        self.actor = actor
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
    def store_open(self) -> bool:
        return self._store is not None

    def institution_id(self) -> int | None:
        """The institution being worked for (None while none is registered)."""
        from rtech.intake import resolve_institution

        try:
            return resolve_institution(self.store, self.institution_code)
        except UserError:
            return None

    def institution_name(self) -> str:
        from rtech.store import registry

        found = self.institution_id()
        if found is None:
            return ""
        with self.store.read() as session:
            return registry.get_institution(session, found).name
