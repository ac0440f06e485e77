"""Which edition of the catalog governs a case: chosen by the procedure date.

A case follows the newest edition in force on its procedure date among the
editions that list its technology. The dates, their defaults and the setting
they live in are those of rtech.editions (shared with screening).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from rtech.auth.roles import Action
from rtech.catalog import EDITIONS, Technology
from rtech.editions import DEFAULT_EFFECTIVE_DATES, SETTING_KEY, check_order, with_defaults
from rtech.errors import UserError
from rtech.store.settings import get_setting, set_setting
from rtech.store.users import require

__all__ = [
    "DEFAULT_EFFECTIVE_DATES",
    "SETTING_KEY",
    "edition_for",
    "effective_dates",
    "set_effective_dates",
]


def effective_dates(session: Session) -> dict[str, date]:
    """The configured effective dates (defaults for editions not configured)."""
    return with_defaults(get_setting(session, SETTING_KEY, {}) or {})[0]


def set_effective_dates(
    session: Session, changes: Mapping[str, str], *, actor: str
) -> dict[str, date]:
    """Change some editions' effective dates; returns the resulting table.

    Only the editions given are stored; the others keep their stored value or
    their default.
    """
    require(session, Action.EDITIONS, entity="settings", entity_id="editions")
    stored = dict(get_setting(session, SETTING_KEY, {}) or {})
    for edition, value in changes.items():
        if edition not in EDITIONS:
            raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")
        try:
            stored[edition] = date.fromisoformat(value).isoformat()
        except ValueError:
            raise UserError(f"生效日期“{value}”不是 YYYY-MM-DD 格式的日期") from None
    check_order(with_defaults(stored)[0])
    set_setting(session, SETTING_KEY, stored, actor=actor)
    return effective_dates(session)


def edition_for(technology: Technology, on: date | None, dates: Mapping[str, date]) -> str:
    """The edition governing a case of ``technology`` performed ``on`` (today if None)."""
    listed = [e for e in EDITIONS if e in technology.editions] or list(EDITIONS)
    on = on or date.today()
    in_force = [e for e in listed if dates.get(e, date.max) <= on]
    return in_force[-1] if in_force else listed[0]
