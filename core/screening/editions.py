"""Which edition applies to a record: explicit, or by its discharge date.

The effective dates are those of rtech.editions (the ``edition.effective``
setting, ``rtech rules effective 2022=YYYY-MM-DD``, with documented defaults),
overridden for one run by ``rtech screen --effective 2022=YYYY-MM-DD``. A record
is screened under the newest edition in effect on its discharge date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from rtech.catalog import EDITIONS
from rtech.editions import SETTING_KEY, parse_date
from rtech.errors import UserError

__all__ = ["SETTING_KEY", "EditionChooser", "parse_date", "parse_effective"]


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
