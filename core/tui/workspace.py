"""What every screen works with: the store, the host, who is working, for which institution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from core.errors import UserError

if TYPE_CHECKING:
    from core.host import Host
    from core.store import Store

__all__ = ["Workspace"]


@dataclass
class Workspace:
    """The app's shared context; screens receive it instead of opening their own.

    ``today`` fixes the date the intake reads “今天” against (tests); ``None``
    means the real date.
    """

    store: Store
    host: Host
    actor: str
    today: date | None = None
    institution_code: str | None = None

    def institution_id(self) -> int | None:
        """The institution being worked for (None while none is registered)."""
        from core.intake import resolve_institution

        try:
            return resolve_institution(self.store, self.institution_code)
        except UserError:
            return None

    def institution_name(self) -> str:
        from core.store import registry

        found = self.institution_id()
        if found is None:
            return ""
        with self.store.read() as session:
            return registry.get_institution(session, found).name
