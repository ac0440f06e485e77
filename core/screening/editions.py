"""Which edition applies to a record: explicit, or by its discharge date.

The seeds say each norm applies "从公布之日起1月后开始执行" but print no date
(2022 附件2 S01-S05), so the effective dates are configuration: the
``edition.effective`` setting (``rtech rules effective 2022=YYYY-MM-DD``) or
``rtech screen --effective 2022=YYYY-MM-DD``. A record is screened under the
newest edition in effect on its discharge date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from core.catalog import EDITIONS
from core.errors import UserError

__all__ = ["SETTING_KEY", "EditionChooser", "parse_date", "parse_effective"]

SETTING_KEY: Final = "edition.effective"

_DATE = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})")


def parse_date(value: object) -> date | None:
    """A discharge date from a cell: 2023-01-05, 2023/1/5, 20230105, 2023年1月5日 …"""
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


def parse_effective(items: Iterable[str]) -> dict[str, date]:
    """``["2022=2022-09-01", …]`` -> {edition: date}, with Chinese errors."""
    result: dict[str, date] = {}
    for item in items:
        edition, sep, value = item.partition("=")
        edition = edition.strip()
        if not sep or edition not in EDITIONS:
            raise UserError(
                f"生效日期“{item}”的格式应为 版本=日期，如 2022=2022-09-01；"
                f"可用的版本：{'、'.join(EDITIONS)}"
            )
        parsed = parse_date(value)
        if parsed is None:
            raise UserError(f"生效日期“{item}”中的日期“{value}”无法识别，应如 2022-09-01")
        result[edition] = parsed
    return result


@dataclass(frozen=True)
class EditionChooser:
    """Edition for a record: ``fixed``, else the newest in effect on the date."""

    fixed: str | None
    effective: tuple[tuple[date, str], ...] = ()  # sorted by date

    @classmethod
    def create(cls, fixed: str | None, effective: Mapping[str, date]) -> EditionChooser:
        if fixed is not None and fixed not in EDITIONS:
            raise UserError(f"未知的版本“{fixed}”。可用的版本：{'、'.join(EDITIONS)}")
        if fixed is None and not effective:
            raise UserError(
                "未指定版本，也未设置各版本的生效日期，无法按出院日期选择版本。",
                hint=(
                    "请用 --edition 2022 指定版本，或设置生效日期："
                    "rtech rules effective 2022=YYYY-MM-DD 2023=YYYY-MM-DD"
                    "（也可用 --effective 临时指定）。"
                ),
            )
        return cls(fixed, tuple(sorted((d, e) for e, d in effective.items())))

    @property
    def editions(self) -> tuple[str, ...]:
        if self.fixed is not None:
            return (self.fixed,)
        return tuple(e for _, e in self.effective)

    def choose(self, discharge: date | None) -> str | None:
        if self.fixed is not None:
            return self.fixed
        if discharge is None:
            return None
        chosen = None
        for start, edition in self.effective:
            if start <= discharge:
                chosen = edition
        return chosen
