"""Which edition of the catalog governs a case: chosen by the procedure date.

Each edition takes effect on a date; a case follows the newest edition in
force on its procedure date among the editions that list its technology. The
seeds print no effective dates (2022 S03 says only “本规范从公布之日起1月后开始执
行”), so the defaults are the first day of each edition's year. A site sets the
real dates in the ``settings`` table under ``edition.effective``
(``{"2022": "YYYY-MM-DD", ...}``; ``rtech cases editions --set 2023=2023-07-01``),
the setting the screening of discharge records reads too, so one configuration
decides the edition everywhere. An edition not configured keeps its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from core.catalog import EDITIONS, Technology
from core.errors import UserError
from core.store.settings import get_setting, set_setting

__all__ = [
    "DEFAULT_EFFECTIVE_DATES",
    "SETTING_KEY",
    "edition_for",
    "effective_dates",
    "set_effective_dates",
]

SETTING_KEY = "edition.effective"

#: edition -> the day it takes effect (documented default; the seeds carry no dates).
DEFAULT_EFFECTIVE_DATES: Mapping[str, str] = {"2022": "2022-01-01", "2023": "2023-01-01"}


def effective_dates(session: Session) -> dict[str, date]:
    """The configured effective dates (defaults for editions not configured)."""
    stored = get_setting(session, SETTING_KEY, {}) or {}
    merged = {**DEFAULT_EFFECTIVE_DATES, **stored}
    out = {}
    for edition in EDITIONS:
        try:
            out[edition] = date.fromisoformat(str(merged[edition]))
        except (KeyError, ValueError):
            out[edition] = date.fromisoformat(DEFAULT_EFFECTIVE_DATES[edition])
    return out


def set_effective_dates(
    session: Session, changes: Mapping[str, str], *, actor: str
) -> dict[str, date]:
    """Change some editions' effective dates; returns the resulting table.

    Only the editions given are stored; the others keep their stored value or
    their default.
    """
    stored = dict(get_setting(session, SETTING_KEY, {}) or {})
    for edition, value in changes.items():
        if edition not in EDITIONS:
            raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")
        try:
            stored[edition] = date.fromisoformat(value).isoformat()
        except ValueError:
            raise UserError(f"生效日期“{value}”不是 YYYY-MM-DD 格式的日期") from None
    merged = {**DEFAULT_EFFECTIVE_DATES, **stored}
    ordered = [merged[e] for e in EDITIONS]
    if ordered != sorted(ordered):
        shown = "、".join(f"{e}={merged[e]}" for e in EDITIONS)
        raise UserError(f"各版本的生效日期应按版本先后递增：{shown}")
    set_setting(session, SETTING_KEY, stored, actor=actor)
    return effective_dates(session)


def edition_for(technology: Technology, on: date | None, dates: Mapping[str, date]) -> str:
    """The edition governing a case of ``technology`` performed ``on`` (today if None)."""
    listed = [e for e in EDITIONS if e in technology.editions] or list(EDITIONS)
    on = on or date.today()
    in_force = [e for e in listed if dates.get(e, date.max) <= on]
    return in_force[-1] if in_force else listed[0]
