"""Reporting periods: a month, a quarter, a year or a custom range of dates.

Written as ``2023-03``, ``2023Q1``, ``2023`` or ``2023-01-01..2023-06-30``. A case
belongs to the period of its discharge date (出院日期), as in the 病案首页
statistics the indicators come from.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from rtech.errors import UserError

__all__ = ["Period", "parse_period"]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of dates ``[start, end]`` with the label it was written as."""

    kind: str  # "month" | "quarter" | "year" | "range"
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def title(self) -> str:
        """The period in Chinese, for screens and reports."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one (a range: same length)."""
        if self.kind == "month":
            year, month = (
                (self.start.year, self.start.month - 1)
                if self.start.month > 1
                else (
                    self.start.year - 1,
                    12,
                )
            )
            return month_period(year, month)
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            year, quarter = (
                (self.start.year, quarter - 1) if quarter > 1 else (self.start.year - 1, 4)
            )
            return quarter_period(year, quarter)
        if self.kind == "year":
            return year_period(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period("range", end - length, end)

    def next(self) -> Period:
        """The period of the same kind just after this one (a range: same length)."""
        start = self.end + timedelta(days=1)
        if self.kind == "month":
            return month_period(start.year, start.month)
        if self.kind == "quarter":
            return quarter_period(start.year, (start.month - 1) // 3 + 1)
        if self.kind == "year":
            return year_period(start.year)
        return Period("range", start, start + (self.end - self.start))

    def last(self, count: int) -> list[Period]:
        """The ``count`` periods ending with this one, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return list(reversed(periods))


def month_period(year: int, month: int) -> Period:
    return Period(
        "month", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    )


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    last = first + 2
    return Period(
        "quarter", date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    )


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def parse_period(text: str) -> Period:
    """``2023-03``, ``2023Q1``, ``2023`` or ``2023-01-01..2023-06-30``."""
    raw = text.strip()
    try:
        if found := _MONTH.match(raw):
            year, month = int(found.group(1)), int(found.group(2))
            if not 1 <= month <= 12:
                raise ValueError(month)
            return month_period(year, month)
        if found := _QUARTER.match(raw):
            return quarter_period(int(found.group(1)), int(found.group(2)))
        if found := _YEAR.match(raw):
            return year_period(int(found.group(1)))
        if found := _RANGE.match(raw):
            start, end = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
            if end < start:
                raise UserError(f"统计期“{raw}”的结束日期早于开始日期。")
            return Period("range", start, end)
    except ValueError:
        pass
    raise UserError(
        f"无法识别的统计期“{raw}”。",
        hint="可写为月份 2023-03、季度 2023Q1、年度 2023，或日期范围 2023-01-01..2023-06-30。",
    )
