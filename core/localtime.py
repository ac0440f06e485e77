"""Times as the institution reads them: in its time zone, not the machine's.

Servers often run in UTC; a Chinese hospital reads 北京时间. The zone is
``RTECH_TIMEZONE`` (an IANA name such as ``Asia/Urumqi``), by default
``Asia/Shanghai``. Stored times stay in UTC; only what is shown (screens, the
command line, PDFs and signature stamps) is converted.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from rtech.errors import UserError

__all__ = ["DEFAULT_ZONE", "TIMEZONE_ENV", "institution_zone", "local", "local_text", "now"]

TIMEZONE_ENV = "RTECH_TIMEZONE"
DEFAULT_ZONE = "Asia/Shanghai"


def institution_zone() -> tzinfo:
    """The institution's time zone: ``RTECH_TIMEZONE``, else Asia/Shanghai."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get(TIMEZONE_ENV, "").strip() or DEFAULT_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if name == DEFAULT_ZONE:  # no time zone database on this machine
            return timezone(timedelta(hours=8), DEFAULT_ZONE)
        raise UserError(
            f"{TIMEZONE_ENV}=“{name}”不是有效的时区名称。", hint="例如 Asia/Shanghai。"
        ) from exc


def local(value: datetime) -> datetime:
    """``value`` in the institution's zone (a naive value is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(institution_zone())


def local_text(value: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """``value`` in the institution's zone, formatted; empty for none."""
    return local(value).strftime(pattern) if value is not None else ""


def now() -> datetime:
    """Now, in the institution's zone."""
    return datetime.now(institution_zone())
