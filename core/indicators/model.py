"""Quality-control indicators (质量控制指标) as plugins declare them.

An indicator is data: who counts (the numerator predicate) among whom (the
denominator predicate), or which value is averaged over whom (a mean such as
例次支架数, 平均住院日, 平均住院费用). Predicates and values are built from form
fields with :class:`core.F`, so every indicator knows the fields it reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from rtech.catalog import Citation
from rtech.indicators.events import Window
from rtech.indicators.expr import Predicate, Value
from rtech.indicators.followup import DEFAULT_PATHS, FollowUpPaths

__all__ = [
    "Aggregate",
    "Band",
    "Direction",
    "Indicator",
    "IndicatorKind",
    "IndicatorType",
    "Per",
    "QaPassRate",
    "StaffPerCases",
    "StaffQualified",
    "Stratifier",
    "Survival",
    "Threshold",
]

_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class IndicatorType(StrEnum):
    """指标类型 as the seed states it (结构质控 / 过程质控 / 结果质控)."""

    STRUCTURE = "结构"
    PROCESS = "过程"
    OUTCOME = "结果"


class Direction(StrEnum):
    """表达方式: which way the indicator should move."""

    UP = "提高"
    DOWN = "降低"
    KEEP = "维持"
    MONITOR = "监测比较"


class IndicatorKind(StrEnum):
    """How an indicator turns the cases it admits into one figure (docs/quality.md)."""

    RATE = "rate"  # cases meeting the numerator / cases admitted (or an aggregate) x scale
    MEAN = "mean"  # value averaged over the admitted cases
    RATIO = "ratio"  # sum of numerator_value / sum of denominator_value x scale
    SURVIVAL = "survival"  # share alive (or disease-free) at a horizon after an anchor date
    DURATION = "duration"  # share of intervals within a limit; the median beside it
    STRUCTURE = "structure"  # staff and equipment of the institution, from registry and logs
    COUNT = "count"  # admitted cases meeting the numerator, counted (no division)


class Per(StrEnum):
    """What one unit of a rate counts: 例次 (a case) or 患者 (a patient, however many cases)."""

    CASE = "例次"
    PATIENT = "患者"


@dataclass(frozen=True)
class Aggregate:
    """A denominator that is not a set of cases: a number an administrator enters per
    institution and period (``rtech aggregates set``), e.g. every stroke patient
    admitted within 24 h of onset. ``key`` names it; ``label`` and ``help`` say in
    Chinese what to count; ``citation`` is the seed's sentence that defines it."""

    key: str
    label: str
    citation: Citation
    help: str = ""

    def __post_init__(self) -> None:
        if not _ID.match(self.key):
            raise ValueError(f"bad aggregate key {self.key!r}: lowercase letters, digits, '_'")


@dataclass(frozen=True)
class StaffPerCases:
    """医患比: staff members that ``staff`` admits per ``per`` cases the indicator's
    denominator admits in the period (``per=10000``: per 万例次)."""

    staff: Predicate
    per: float = 10000.0


@dataclass(frozen=True)
class StaffQualified:
    """Share of the staff that ``staff`` admits for whom ``qualified`` holds."""

    staff: Predicate
    qualified: Predicate


@dataclass(frozen=True)
class QaPassRate:
    """Share of the equipment checks recorded in the period (``rtech qa``) that passed;
    ``items`` limits it to those check items (``None``: every item)."""

    items: tuple[str, ...] | None = None


StructureSpec = StaffPerCases | StaffQualified | QaPassRate


@dataclass(frozen=True)
class Survival:
    """Alive (or alive and disease-free) ``horizon_days`` after the date at ``anchor``.

    A case is judged once the horizon has elapsed (before: *not yet observable*).
    Dead: a death on or before the horizon day (in hospital, or recorded at a
    follow-up). Survived: a follow-up on or after the horizon day finds the patient
    alive (and, for ``disease_free``, with no relapse or progression up to the
    horizon). Otherwise the patient is lost to follow-up and ``lost`` applies:
    ``"dead"`` (the seed's "失访者按未存活患者统计") or ``"excluded"``.
    """

    horizon_days: int
    anchor: str = "procedure.date"
    disease_free: bool = False
    lost: str = "dead"
    paths: FollowUpPaths = DEFAULT_PATHS

    @property
    def fields(self) -> frozenset[str]:
        return self.paths.fields | {self.anchor}

    def __post_init__(self) -> None:
        if self.horizon_days <= 0:
            raise ValueError("survival horizon must be positive")
        if self.lost not in ("dead", "excluded"):
            raise ValueError(f"lost to follow-up is 'dead' or 'excluded', not {self.lost!r}")

    def describe(self) -> str:
        what = "无病生存" if self.disease_free else "生存"
        rule = "失访按未存活统计" if self.lost == "dead" else "失访不计入"
        return f"术后 {self.horizon_days} 天{what}（{rule}）"


@dataclass(frozen=True, slots=True)
class Band:
    """A range of a count the seed names (2022 S01 二(二): "年度病例超过12例可视作常规开展"):
    ``low`` to ``high`` inclusive (``high=None``: no upper end), and its ``label``."""

    low: float
    high: float | None
    label: str

    def __post_init__(self) -> None:
        if self.high is not None and self.high < self.low:
            raise ValueError(f"band {self.label!r}: {self.high} < {self.low}")

    def holds(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


_OPS = {"<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于"}


@dataclass(frozen=True, slots=True)
class Threshold:
    """A limit the seed states, e.g. ``≥95%`` -> ``Threshold(">=", 95.0, citation)``."""

    op: str  # one of "<", "<=", ">", ">="
    value: float
    citation: Citation | None = None

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ValueError(f"bad threshold operator {self.op!r}")

    def met(self, value: float) -> bool:
        return {
            "<": value < self.value,
            "<=": value <= self.value,
            ">": value > self.value,
            ">=": value >= self.value,
        }[self.op]

    def describe(self, unit: str = "") -> str:
        """``不低于95%`` for display."""
        shown = f"{self.value:g}"
        return f"{_OPS[self.op]}{shown}{unit}"


@dataclass(frozen=True)
class Stratifier:
    """Split a figure by the value of one field (e.g. 每种先心病 by ``structural.structural_type``).

    ``labels`` maps each value to its Chinese label and fixes the order of strata;
    a value not listed forms a stratum of its own, labelled by the value.
    """

    path: str
    title: str
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))


_PARTS: Mapping[IndicatorKind, frozenset[str]] = {
    IndicatorKind.RATE: frozenset({"numerator"}),
    IndicatorKind.MEAN: frozenset({"value"}),
    IndicatorKind.RATIO: frozenset({"numerator_value", "denominator_value"}),
    IndicatorKind.SURVIVAL: frozenset({"survival"}),
    IndicatorKind.DURATION: frozenset({"value", "limit"}),
    IndicatorKind.STRUCTURE: frozenset({"structure"}),
    IndicatorKind.COUNT: frozenset({"numerator"}),
}

_ALL_PARTS = frozenset().union(*_PARTS.values())


@dataclass(frozen=True)
class Indicator:
    """One quality-control indicator.

    ``citations`` holds one :class:`Citation` per edition the indicator belongs to
    (the seed's words in ``quote``: its definition sentence); ``editions`` follow
    from them. ``denominator`` admits the cases the indicator is about; what is
    computed over them depends on ``kind`` (docs/quality.md has an example of each):

    * ``RATE``: ``numerator`` is tested on the admitted cases; with ``aggregate``
      the denominator is the number an administrator entered instead of the count
      of admitted cases (which then only bound the numerator);
    * ``MEAN``: ``value`` is averaged over them;
    * ``RATIO``: the sum of ``numerator_value`` over the sum of ``denominator_value``
      (surviving over grafted area; events per 例次 with ``denominator_value=constant(1)``);
    * ``SURVIVAL``: ``survival`` says the horizon and the rule for lost patients;
    * ``DURATION``: ``value`` is an interval in minutes, the figure is the share
      within ``limit`` (inclusive), the median is shown beside it;
    * ``STRUCTURE``: ``structure`` counts staff or equipment checks of the period;
    * ``COUNT``: the admitted cases meeting ``numerator``, counted (``unit="例"``);
      ``bands`` name the ranges of the count the seed names.

    ``observe`` (a :class:`Window`) keeps out the cases whose window after the
    procedure has not yet elapsed: they are *not yet observable*, listed apart,
    never counted as a success and never in a numerator. ``per`` counts 例次 or
    patients. ``unit`` and ``scale``: a percentage is ``"%"`` and ``100``, a rate
    per ten thousand cases ``"/万例次"`` and ``10000``, a mean of days ``"天"`` and
    ``1``; without ``scale``, a mean or a count is as computed (1), anything else a
    percentage (100). ``threshold`` is the seed's target (目标值) with its citation. ``note``
    tells the reader what the seed leaves unsaid or garbled and how it was read
    (shown with the figure); ``group`` is the seed's heading the indicator sits
    under (冠心病介入技术 …), for display.
    """

    id: str
    name: str
    citations: tuple[Citation, ...]
    type: IndicatorType
    direction: Direction
    denominator: Predicate
    numerator: Predicate | None = None
    value: Value | None = None
    kind: IndicatorKind = IndicatorKind.RATE
    unit: str = "%"
    scale: float = math.nan  # not given: 1 for a mean or a count, 100 otherwise
    threshold: Threshold | None = None
    stratify: Stratifier | None = None
    note: str = ""
    group: str = ""
    numerator_value: Value | None = None
    denominator_value: Value | None = None
    observe: Window | None = None
    per: Per = Per.CASE
    aggregate: Aggregate | None = None
    survival: Survival | None = None
    limit: float | None = None
    structure: StructureSpec | None = None
    bands: tuple[Band, ...] = ()

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"bad indicator id {self.id!r}: lowercase letters, digits, '_'")
        if not self.name.strip():
            raise ValueError(f"indicator {self.id!r} has no name")
        if not self.citations:
            raise ValueError(f"indicator {self.id!r} cites no clause")
        editions = [c.edition for c in self.citations]
        if len(set(editions)) != len(editions):
            raise ValueError(f"indicator {self.id!r} cites one edition twice")
        if math.isnan(self.scale):
            as_is = self.kind in (IndicatorKind.MEAN, IndicatorKind.COUNT)
            object.__setattr__(self, "scale", 1 if as_is else 100.0)
        if self.scale <= 0:
            raise ValueError(f"indicator {self.id!r}: scale must be positive")
        wanted = _PARTS[self.kind]
        given = {name for name in _ALL_PARTS if getattr(self, name) is not None}
        if given != wanted:
            needs = " and a ".join(sorted(wanted))
            raise ValueError(
                f"{self.kind.value} indicator {self.id!r} needs a {needs} (only), "
                f"got {sorted(given)}"
            )
        if self.bands and self.kind is not IndicatorKind.COUNT:
            raise ValueError(f"indicator {self.id!r}: bands belong to a count")
        if self.aggregate is not None and self.kind is not IndicatorKind.RATE:
            raise ValueError(f"indicator {self.id!r}: an aggregate denominator needs a rate")
        if self.per is Per.PATIENT and self.kind is not IndicatorKind.RATE:
            raise ValueError(f"indicator {self.id!r}: per-patient counting needs a rate")
        if self.observe is not None and self.kind in (
            IndicatorKind.SURVIVAL,
            IndicatorKind.STRUCTURE,
        ):
            raise ValueError(f"indicator {self.id!r}: {self.kind.value} takes no observe window")

    @property
    def editions(self) -> tuple[str, ...]:
        return tuple(sorted(c.edition for c in self.citations))

    def band_of(self, value: float) -> Band | None:
        """The first band holding ``value`` (``None``: none does)."""
        return next((band for band in self.bands if band.holds(value)), None)

    def citation_for(self, edition: str) -> Citation:
        for citation in self.citations:
            if citation.edition == edition:
                return citation
        raise KeyError(f"indicator {self.id!r} is not in edition {edition!r}")

    @property
    def fields(self) -> tuple[str, ...]:
        """Every form field the indicator reads (numerator, denominator, value, strata)."""
        used = set(self.denominator.fields)
        for part in (self.numerator, self.value, self.numerator_value, self.denominator_value):
            if part is not None:
                used |= part.fields
        if self.stratify is not None:
            used.add(self.stratify.path)
        if self.observe is not None:
            used.add(self.observe.anchor)
        if self.survival is not None:
            used |= self.survival.fields
        return tuple(sorted(used))


def grouped(title: str, *indicators: Indicator) -> tuple[Indicator, ...]:
    """``indicators`` under one heading of the seed (``title``, their ``group``)."""
    return tuple(replace(indicator, group=title) for indicator in indicators)
