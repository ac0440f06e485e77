"""Site settings: JSON values by key in the ``settings`` table, changes audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from rtech.store import audit
from rtech.store.models import Setting

__all__ = ["delete_setting", "get_setting", "set_setting"]


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(
    session: Session, key: str, value: Any, *, actor: str, audited: bool = True
) -> None:
    """Store ``value`` under ``key``; ``audited`` settings leave an audit entry."""
    row = session.get(Setting, key)
    before = None if row is None else row.value
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()
    if audited:
        audit.append(
            session,
            actor=actor,
            action="setting.set",
            entity="setting",
            entity_id=key,
            payload={"before": before, "after": value},
        )


def delete_setting(session: Session, key: str) -> None:
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)
        session.flush()
