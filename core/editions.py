"""Effective dates of the catalog's editions: one setting, one set of defaults.

Each edition takes effect on a date; a record or a case follows the newest
edition in force on its date. The seeds print no dates (2022 附件2 S01-S05 and
2023 S05 say only “本规范从公布之日起1月后开始执行”), so the defaults are the
first day of each edition's year, and a site sets the real dates in the
``settings`` table under ``edition.effective`` (``{"2022": "YYYY-MM-DD", ...}``)
with ``rtech rules effective 2023=2023-07-01`` or, the same,
``rtech cases editions --set 2023=2023-07-01``. The intake (edition of a new
case) and screening (edition of a discharge record) read this one setting; an
edition not configured keeps its default, and screening says so in its summary.

Pure data and parsing: no database import here (screening starts without one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Final

from rtech.catalog import EDITIONS
from rtech.errors import UserError

__all__ = [
    "DEFAULT_EFFECTIVE_DATES",
    "SETTING_KEY",
    "check_order",
    "parse_date",
    "with_defaults",
]

SETTING_KEY: Final = "edition.effective"

#: edition -> the day it takes effect when not configured (the seeds carry no dates).
DEFAULT_EFFECTIVE_DATES: Mapping[str, str] = {"2022": "2022-01-01", "2023": "2023-01-01"}

_DATE = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})")


def parse_date(value: object) -> date | None:
    """A date from a cell or an option: 2023-01-05, 2023/1/5, 20230105, 2023年1月5日 …"""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    found = _DATE.match(value.strip())
    if not found:
        return None
    try:
        return date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def with_defaults(configured: Mapping[str, object]) -> tuple[dict[str, date], list[str]]:
    """Every edition's date (configured, else default) and the editions defaulted.

    Values that are not dates and unknown editions in ``configured`` are ignored.
    """
    dates: dict[str, date] = {}
    defaulted: list[str] = []
    for edition in EDITIONS:
        parsed = parse_date(configured.get(edition))
        if parsed is None:
            parsed = date.fromisoformat(DEFAULT_EFFECTIVE_DATES[edition])
            defaulted.append(edition)
        dates[edition] = parsed
    return dates, defaulted


def check_order(dates: Mapping[str, date]) -> None:
    """Later editions must take effect later (a Chinese error otherwise)."""
    ordered = [dates[e] for e in EDITIONS if e in dates]
    if ordered != sorted(ordered):
        shown = "、".join(f"{e}={dates[e].isoformat()}" for e in EDITIONS if e in dates)
        raise UserError(f"各版本的生效日期应按版本先后递增：{shown}")
