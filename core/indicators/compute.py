"""Computing indicators over cases: figures with the cases behind every number.

Pure functions over case records (anything with ``id`` and ``answers``); the
store-backed service in :mod:`rtech.indicators.service` feeds them.

A case the denominator admits but whose answers cannot decide the numerator
(or the value) is *incomplete*: it is left out of both counts and listed, so a
rate is never lowered or raised by a guess. A rate over no case is reported as
"无病例", never as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from rtech.answers import get_path
from rtech.indicators.model import Indicator, IndicatorKind

__all__ = [
    "NO_CASES",
    "CaseLike",
    "Figure",
    "IndicatorResult",
    "compute_indicator",
    "format_value",
    "sparkline",
    "verdict_of",
]

NO_CASES = "无病例"

VERDICT_LABELS = {
    "met": "达标",
    "not_met": "未达标",
    "no_threshold": "规范未设阈值",
    "no_cases": NO_CASES,
}


class CaseLike(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...


@dataclass
class Figure:
    """One number: numerator, denominator, value, and the case ids behind them."""

    numerator: float = 0
    denominator: int = 0
    numerator_case_ids: list[int] = field(default_factory=list)
    denominator_case_ids: list[int] = field(default_factory=list)
    incomplete_case_ids: list[int] = field(default_factory=list)
    case_values: dict[int, float] = field(default_factory=dict)
    key: str | None = None
    label: str | None = None

    def value(self, indicator: Indicator) -> float | None:
        if self.denominator == 0:
            return None
        if indicator.kind is IndicatorKind.MEAN:
            return self.numerator / self.denominator
        return self.numerator * indicator.scale / self.denominator

    def to_json(self, indicator: Indicator) -> dict[str, Any]:
        value = self.value(indicator)
        data: dict[str, Any] = {}
        if self.key is not None:
            data["key"] = self.key
            data["label"] = self.label
        numerator: float = self.numerator
        if indicator.kind is IndicatorKind.RATE:
            numerator = int(self.numerator)
        data.update(
            {
                "numerator": numerator,
                "denominator": self.denominator,
                "value": value,
                "display": format_value(indicator, value),
                "verdict": verdict_of(indicator, value),
                "numerator_case_ids": list(self.numerator_case_ids),
                "denominator_case_ids": list(self.denominator_case_ids),
                "incomplete_case_ids": list(self.incomplete_case_ids),
            }
        )
        if indicator.kind is IndicatorKind.MEAN:
            data["case_values"] = {str(k): v for k, v in self.case_values.items()}
        return data


@dataclass
class IndicatorResult:
    """An indicator computed over one set of cases: overall and per stratum."""

    indicator: Indicator
    overall: Figure
    strata: list[Figure] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        return self.overall.value(self.indicator)


def format_value(indicator: Indicator, value: float | None) -> str:
    """``33.33%``, ``1.50 个/例次``, ``12345.00 元``; ``无病例`` when there is no case."""
    if value is None:
        return NO_CASES
    if indicator.unit == "%":
        return f"{value:.2f}%"
    return f"{value:.2f} {indicator.unit}"


def verdict_of(indicator: Indicator, value: float | None) -> str:
    """``met`` / ``not_met`` against the seed's threshold, ``no_threshold``, ``no_cases``."""
    if value is None:
        return "no_cases"
    if indicator.threshold is None:
        return "no_threshold"
    return "met" if indicator.threshold.met(value) else "not_met"


def _add(indicator: Indicator, figure: Figure, case: CaseLike) -> None:
    """Count one case the denominator admitted into ``figure``."""
    if indicator.kind is IndicatorKind.MEAN:
        assert indicator.value is not None
        number = indicator.value(case.answers)
        if number is None:
            figure.incomplete_case_ids.append(case.id)
            return
        figure.denominator += 1
        figure.denominator_case_ids.append(case.id)
        figure.numerator_case_ids.append(case.id)
        figure.numerator += number
        figure.case_values[case.id] = number
        return
    assert indicator.numerator is not None
    counted = indicator.numerator(case.answers)
    if counted is None:
        figure.incomplete_case_ids.append(case.id)
        return
    figure.denominator += 1
    figure.denominator_case_ids.append(case.id)
    if counted:
        figure.numerator += 1
        figure.numerator_case_ids.append(case.id)


def compute_indicator(indicator: Indicator, cases: Iterable[CaseLike]) -> IndicatorResult:
    """The indicator over ``cases``, overall and (if it stratifies) per stratum."""
    overall = Figure()
    strata: dict[str, Figure] = {}
    stratifier = indicator.stratify
    if stratifier is not None:
        for key, label in stratifier.labels.items():
            strata[key] = Figure(key=key, label=label)
    for case in cases:
        admitted = indicator.denominator(case.answers)
        if admitted is None:
            overall.incomplete_case_ids.append(case.id)
            continue
        if not admitted:
            continue
        _add(indicator, overall, case)
        if stratifier is not None:
            raw = get_path(case.answers, stratifier.path)
            key = "" if raw is None else str(raw)
            if key not in strata:
                strata[key] = Figure(key=key, label=key or "未填写")
            _add(indicator, strata[key], case)
    return IndicatorResult(indicator, overall, list(strata.values()))


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """``▁▃█`` for a trend; a period without cases is a space."""
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    low, high = min(present), max(present)
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif span == 0:
            out.append(_BARS[3])
        else:
            out.append(_BARS[round((value - low) / span * (len(_BARS) - 1))])
    return "".join(out)
