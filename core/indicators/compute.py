"""Computing indicators over cases: figures with the cases behind every number.

Pure functions over case records (anything with ``id`` and ``answers``); the
store-backed service in :mod:`rtech.indicators.service` feeds them.

A case the denominator admits but whose answers cannot decide the numerator
(or the value) is *incomplete*: it is left out of both counts and listed, so a
rate is never lowered or raised by a guess. A rate over no case is reported as
"无病例", never as 0.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rtech.answers import get_path
from rtech.indicators.followup import Outcome, outcome_at
from rtech.indicators.model import (
    Band,
    Indicator,
    IndicatorKind,
    Per,
    QaPassRate,
    StaffPerCases,
    StaffQualified,
)

__all__ = [
    "AGGREGATE_MISSING",
    "NOT_OBSERVABLE",
    "NO_CASES",
    "CaseLike",
    "Figure",
    "IndicatorResult",
    "StructureData",
    "compute_indicator",
    "format_value",
    "sparkline",
    "verdict_of",
]

NO_CASES = "无病例"
NOT_OBSERVABLE = "尚不可观察"
AGGREGATE_MISSING = "缺少汇总数据"

VERDICT_LABELS = {
    "met": "达标",
    "not_met": "未达标",
    "no_threshold": "规范未设阈值",
    "no_cases": NO_CASES,
    "not_observable": NOT_OBSERVABLE,
    "aggregate_missing": AGGREGATE_MISSING,
}


class CaseLike(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class StructureData:
    """What structure indicators count, for one institution (or all) and period.

    ``staff``: one mapping per registered staff member (``id``, ``name``,
    ``role``, ``title``, ``title_since``, ``active``, ``registered_here``,
    ``technologies``, ``profile``), tested by the indicator's staff predicates;
    ``qa_checks``: the equipment checks of the period (``id``, ``item``,
    ``passed``, ``performed_on``).
    """

    staff: Sequence[Mapping[str, Any]] = ()
    qa_checks: Sequence[Mapping[str, Any]] = ()


@dataclass
class Figure:
    """One number: its parts, its value, and the records behind every part.

    ``numerator`` and ``denominator`` are counts of cases (RATE, MEAN,
    SURVIVAL, DURATION), sums (RATIO) or counts of staff and checks
    (STRUCTURE). Beside them: cases the answers cannot decide (incomplete),
    cases whose window has not elapsed (not observable), survival cases lost to
    follow-up, and for an aggregate denominator the number entered (``None``:
    missing).
    """

    numerator: float = 0
    denominator: float = 0
    numerator_case_ids: list[int] = field(default_factory=list)
    denominator_case_ids: list[int] = field(default_factory=list)
    incomplete_case_ids: list[int] = field(default_factory=list)
    not_observable_case_ids: list[int] = field(default_factory=list)
    lost_case_ids: list[int] = field(default_factory=list)
    case_values: dict[int, float] = field(default_factory=dict)
    record_kind: str | None = None  # "staff" | "qa_checks" for structure figures
    numerator_record_ids: list[int] = field(default_factory=list)
    denominator_record_ids: list[int] = field(default_factory=list)
    aggregate: float | None = None
    key: str | None = None
    label: str | None = None

    def value(self, indicator: Indicator) -> float | None:
        if indicator.aggregate is not None:
            if self.aggregate is None or self.aggregate == 0:
                return None
            return self.numerator * indicator.scale / self.aggregate
        if self.denominator == 0:
            return None
        if indicator.kind is IndicatorKind.COUNT:
            return float(self.numerator)
        if indicator.kind is IndicatorKind.MEAN:
            return self.numerator / self.denominator
        return self.numerator * indicator.scale / self.denominator

    def state(self, indicator: Indicator) -> str:
        """``ok``, ``no_cases``, ``not_observable`` or ``aggregate_missing``."""
        if indicator.aggregate is not None and self.aggregate is None:
            return "aggregate_missing"
        if self.value(indicator) is not None:
            return "ok"
        if self.not_observable_case_ids:
            return "not_observable"
        return "no_cases"

    def median(self) -> float | None:
        """The median of the case values (a DURATION's minutes)."""
        if not self.case_values:
            return None
        return float(statistics.median(self.case_values.values()))

    def to_json(self, indicator: Indicator, *, case_ids: bool = True) -> dict[str, Any]:
        """The figure as the JSON contract has it; ``case_ids=False`` leaves out the
        lists of cases (``case_ids_omitted``), for counts over very many cases."""
        value = self.value(indicator)
        state = self.state(indicator)
        data: dict[str, Any] = {}
        if self.key is not None:
            data["key"] = self.key
            data["label"] = self.label
        counts = indicator.kind in (
            IndicatorKind.RATE,
            IndicatorKind.SURVIVAL,
            IndicatorKind.DURATION,
            IndicatorKind.COUNT,
        )
        data.update(
            {
                "numerator": _number(self.numerator, whole=counts),
                # An aggregate denominator, once entered, is the number the value divides
                # by, not the count of the cases that bound the numerator.
                "denominator": (
                    _number(self.aggregate, whole=True)
                    if indicator.aggregate is not None and self.aggregate is not None
                    else _number(self.denominator, whole=indicator.kind is not IndicatorKind.RATIO)
                ),
                "value": value,
                "display": format_value(indicator, value, state),
                "state": state,
                "verdict": verdict_of(indicator, value, state),
                "numerator_case_ids": list(self.numerator_case_ids),
                "denominator_case_ids": list(self.denominator_case_ids),
                "incomplete_case_ids": list(self.incomplete_case_ids),
                "not_observable_case_ids": list(self.not_observable_case_ids),
            }
        )
        if indicator.kind in (IndicatorKind.MEAN, IndicatorKind.DURATION):
            data["case_values"] = {str(k): v for k, v in self.case_values.items()}
        if indicator.kind is IndicatorKind.DURATION:
            data["median_minutes"] = self.median()
            data["limit_minutes"] = indicator.limit
            data["within_limit"] = int(self.numerator)
        if indicator.kind is IndicatorKind.SURVIVAL:
            assert indicator.survival is not None
            data["horizon_days"] = indicator.survival.horizon_days
            data["lost_case_ids"] = list(self.lost_case_ids)
        if indicator.aggregate is not None:
            data["aggregate"] = {
                "key": indicator.aggregate.key,
                "label": indicator.aggregate.label,
                "value": self.aggregate,
                "missing": self.aggregate is None,
            }
        if self.record_kind is not None:
            data["records"] = self.record_kind
            data["numerator_record_ids"] = list(self.numerator_record_ids)
            data["denominator_record_ids"] = list(self.denominator_record_ids)
        data["detail"] = self.detail(indicator)
        if not case_ids:
            for key in [k for k in data if k.endswith("_case_ids") or k == "case_values"]:
                del data[key]
            data["case_ids_omitted"] = True
        return data

    def detail(self, indicator: Indicator) -> str:
        """What a reader needs beside the value, in Chinese: the median and the
        limit of a time, the horizon and the lost of a survival, the aggregate,
        the cases not yet observable."""
        parts: list[str] = []
        kind = indicator.kind
        if kind is IndicatorKind.DURATION:
            median = self.median()
            if median is not None:
                parts.append(
                    f"中位数 {median:g} 分钟；≤{indicator.limit:g} 分钟 "
                    f"{int(self.numerator)}/{int(self.denominator)} 例"
                )
        if kind is IndicatorKind.SURVIVAL:
            assert indicator.survival is not None
            parts.append(indicator.survival.describe())
            if self.lost_case_ids:
                parts.append(f"失访 {len(self.lost_case_ids)} 例")
        if indicator.aggregate is not None:
            shown = (
                "缺失，请录入（rtech aggregates set）"
                if self.aggregate is None
                else f"{self.aggregate:g}"
            )
            parts.append(f"分母为汇总数据“{indicator.aggregate.label}”：{shown}")
        if kind is IndicatorKind.STRUCTURE:
            what = {"staff": "人员", "qa_checks": "检测项目"}.get(self.record_kind or "", "")
            if isinstance(indicator.structure, StaffPerCases):
                parts.append(f"人员 {int(self.numerator)} 人，例次 {int(self.denominator)}")
            elif what:
                parts.append(f"{what} {int(self.numerator)}/{int(self.denominator)}")
        if kind is IndicatorKind.COUNT and indicator.bands and self.denominator:
            band = indicator.band_of(self.numerator)
            parts.append(
                f"{band.label}（{_band_text(band, indicator.unit)}）"
                if band is not None
                else f"{self.numerator:g}{indicator.unit}不在所列区间内"
            )
        if indicator.per is Per.PATIENT:
            parts.append("按患者计（同一患者多例次计一次）")
        if self.not_observable_case_ids:
            days = (
                indicator.survival.horizon_days
                if indicator.survival is not None
                else indicator.observe.days
                if indicator.observe is not None
                else 0
            )
            parts.append(f"尚不可观察 {len(self.not_observable_case_ids)} 例（术后 {days} 天未满）")
        return "；".join(parts)


def _band_text(band: Band, unit: str) -> str:
    if band.high is None:
        return f"不少于{band.low:g}{unit}"
    if band.low == band.high:
        return f"{band.low:g}{unit}"
    return f"{band.low:g}-{band.high:g}{unit}"


def _number(value: float, *, whole: bool) -> float | int:
    # Sums of decimals (areas of 17.2 and 13.3 cm²) carry binary noise (2731.9999999999995):
    # nine decimals are more than any measurement holds.
    value = round(value, 9)
    return int(value) if whole and float(value).is_integer() else value


@dataclass
class IndicatorResult:
    """An indicator computed over one set of cases: overall and per stratum."""

    indicator: Indicator
    overall: Figure
    strata: list[Figure] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        return self.overall.value(self.indicator)


def format_value(indicator: Indicator, value: float | None, state: str = "ok") -> str:
    """``33.33%``, ``1.50 个/例次``, ``12345.00 元``; the state's words when there is no value."""
    if value is None:
        return {
            "not_observable": NOT_OBSERVABLE,
            "aggregate_missing": AGGREGATE_MISSING,
        }.get(state, NO_CASES)
    if indicator.unit == "%":
        return f"{value:.2f}%"
    if indicator.kind is IndicatorKind.COUNT:
        return f"{value:g} {indicator.unit}"
    return f"{value:.2f} {indicator.unit}"


def verdict_of(indicator: Indicator, value: float | None, state: str = "ok") -> str:
    """``met`` / ``not_met`` against the seed's threshold, ``no_threshold``, or the
    state that left no value (``no_cases``, ``not_observable``, ``aggregate_missing``)."""
    if value is None:
        return state if state != "ok" else "no_cases"
    if indicator.threshold is None:
        return "no_threshold"
    return "met" if indicator.threshold.met(value) else "not_met"


# -- one case ------------------------------------------------------------------

#: What one admitted case contributes: (numerator, denominator, value) or a state.
_Part = tuple[float, float, float | None]
_INCOMPLETE, _NOT_YET, _LOST = "incomplete", "not_yet", "lost"


def _part(indicator: Indicator, answers: Mapping[str, Any], as_of: date) -> _Part | str:
    """A case's share of the figure, or why it has none."""
    kind = indicator.kind
    if indicator.observe is not None:
        matures = indicator.observe.matures_on(answers)
        if matures is None:
            return _INCOMPLETE
        if as_of < matures:
            return _NOT_YET
    if kind in (IndicatorKind.RATE, IndicatorKind.COUNT):
        assert indicator.numerator is not None
        counted = indicator.numerator(answers)
        return _INCOMPLETE if counted is None else (float(counted), 1.0, None)
    if kind is IndicatorKind.MEAN:
        assert indicator.value is not None
        number = indicator.value(answers)
        return _INCOMPLETE if number is None else (number, 1.0, number)
    if kind is IndicatorKind.RATIO:
        assert indicator.numerator_value is not None
        assert indicator.denominator_value is not None
        top, bottom = indicator.numerator_value(answers), indicator.denominator_value(answers)
        if top is None or bottom is None:
            return _INCOMPLETE
        return (top, bottom, None)
    if kind is IndicatorKind.DURATION:
        assert indicator.value is not None
        assert indicator.limit is not None
        minutes = indicator.value(answers)
        if minutes is None:
            return _INCOMPLETE
        return (float(minutes <= indicator.limit), 1.0, minutes)
    if kind is IndicatorKind.SURVIVAL:
        spec = indicator.survival
        assert spec is not None
        outcome = outcome_at(
            answers,
            anchor=spec.anchor,
            horizon_days=spec.horizon_days,
            as_of=as_of,
            disease_free=spec.disease_free,
            paths=spec.paths,
        )
        if outcome is Outcome.NOT_YET:
            return _NOT_YET
        if outcome is Outcome.UNKNOWN:
            return _INCOMPLETE
        if outcome is Outcome.LOST:
            return _LOST
        return (float(outcome is Outcome.SURVIVED), 1.0, None)
    raise AssertionError(f"{kind} is not computed case by case")


def _add(indicator: Indicator, figure: Figure, case_id: int, part: _Part | str) -> None:
    if part == _INCOMPLETE:
        figure.incomplete_case_ids.append(case_id)
        return
    if part == _NOT_YET:
        figure.not_observable_case_ids.append(case_id)
        return
    if part == _LOST:
        figure.lost_case_ids.append(case_id)
        assert indicator.survival is not None
        if indicator.survival.lost == "excluded":
            return
        part = (0.0, 1.0, None)  # 失访者按未存活患者统计
    assert not isinstance(part, str)
    top, bottom, number = part
    figure.denominator += bottom
    figure.denominator_case_ids.append(case_id)
    figure.numerator += top
    if top or indicator.kind is IndicatorKind.MEAN:  # a mean's every case holds a value
        figure.numerator_case_ids.append(case_id)
    if number is not None:
        figure.case_values[case_id] = number


def _patient_key(answers: Mapping[str, Any], case_id: int) -> str:
    """Who the patient is: the resident id, else the record number, else the case."""
    for path in ("patient.id_number", "patient.record_no"):
        found = get_path(answers, path)
        if found:
            return f"{path}:{found}"
    return f"case:{case_id}"


def _per_patient(figure: Figure, patients: Mapping[int, str]) -> Figure:
    """Collapse a rate's cases into patients: a patient counts once in the
    denominator, once in the numerator if any of their cases does (listed by
    their first case)."""
    first: dict[str, int] = {}
    for case_id in figure.denominator_case_ids:
        first.setdefault(patients[case_id], case_id)
    counted = {patients[c] for c in figure.numerator_case_ids}
    out = Figure(key=figure.key, label=figure.label, aggregate=figure.aggregate)
    out.denominator_case_ids = list(first.values())
    out.numerator_case_ids = [first[p] for p in first if p in counted]
    out.denominator, out.numerator = len(first), len(out.numerator_case_ids)
    decided = set(first)
    out.incomplete_case_ids = [c for c in figure.incomplete_case_ids if patients[c] not in decided]
    out.not_observable_case_ids = [
        c for c in figure.not_observable_case_ids if patients[c] not in decided
    ]
    return out


def compute_indicator(
    indicator: Indicator,
    cases: Iterable[CaseLike],
    *,
    as_of: date | None = None,
    aggregate: float | None = None,
    structure: StructureData | None = None,
) -> IndicatorResult:
    """The indicator over ``cases``, overall and (if it stratifies) per stratum.

    :param as_of: the day the figure is computed for (default: today): cases
        whose observation window or survival horizon ends after it are not yet
        observable.
    :param aggregate: the administrator's number for an aggregate denominator
        (``None``: not entered; the figure says so and has no value).
    :param structure: the staff and equipment checks, for structure indicators.
    """
    today = as_of or date.today()
    overall = Figure(aggregate=aggregate)
    strata: dict[str, Figure] = {}
    stratifier = indicator.stratify
    if stratifier is not None:
        for key, label in stratifier.labels.items():
            strata[key] = Figure(key=key, label=label)
    patients: dict[int, str] = {}
    structural = indicator.kind is IndicatorKind.STRUCTURE
    for case in cases:
        admitted = indicator.denominator(case.answers)
        if admitted is None:
            overall.incomplete_case_ids.append(case.id)
            continue
        if not admitted:
            continue
        if structural:
            overall.denominator_case_ids.append(case.id)
            continue
        part = _part(indicator, case.answers, today)
        if indicator.per is Per.PATIENT:
            patients[case.id] = _patient_key(case.answers, case.id)
        _add(indicator, overall, case.id, part)
        if stratifier is not None:
            raw = get_path(case.answers, stratifier.path)
            key = "" if raw is None else str(raw)
            if key not in strata:
                strata[key] = Figure(key=key, label=key or "未填写")
            _add(indicator, strata[key], case.id, part)
    if structural:
        _structure(indicator, overall, structure or StructureData())
        return IndicatorResult(indicator, overall, [])
    figures = list(strata.values())
    if indicator.per is Per.PATIENT:
        overall = _per_patient(overall, patients)
        figures = [_per_patient(f, patients) for f in figures]
    return IndicatorResult(indicator, overall, figures)


def _structure(indicator: Indicator, figure: Figure, data: StructureData) -> None:
    spec = indicator.structure
    if isinstance(spec, QaPassRate):
        figure.record_kind = "qa_checks"
        chosen = [c for c in data.qa_checks if spec.items is None or c.get("item") in spec.items]
        figure.denominator_record_ids = [int(c["id"]) for c in chosen]
        figure.numerator_record_ids = [int(c["id"]) for c in chosen if c.get("passed") is True]
        figure.denominator = len(chosen)
        figure.numerator = len(figure.numerator_record_ids)
        return
    figure.record_kind = "staff"
    assert isinstance(spec, StaffPerCases | StaffQualified)
    staff = [s for s in data.staff if spec.staff(s) is True]
    if isinstance(spec, StaffPerCases):
        figure.numerator_record_ids = [int(s["id"]) for s in staff]
        figure.numerator = len(staff)
        figure.denominator = len(figure.denominator_case_ids)
        return
    figure.denominator_record_ids = [int(s["id"]) for s in staff]
    figure.numerator_record_ids = [int(s["id"]) for s in staff if spec.qualified(s) is True]
    figure.denominator = len(staff)
    figure.numerator = len(figure.numerator_record_ids)


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
