"""Quality-control indicators (质量控制指标) as plugins declare them.

An indicator is data: who counts (the numerator predicate) among whom (the
denominator predicate), or which value is averaged over whom (a mean such as
例次支架数, 平均住院日, 平均住院费用). Predicates and values are built from form
fields with :class:`core.F`, so every indicator knows the fields it reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from rtech.catalog import Citation
from rtech.indicators.expr import Predicate, Value

__all__ = [
    "Direction",
    "Indicator",
    "IndicatorKind",
    "IndicatorType",
    "Stratifier",
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
    RATE = "rate"  # numerator / denominator x scale
    MEAN = "mean"  # value averaged over the denominator cases


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


@dataclass(frozen=True)
class Indicator:
    """One quality-control indicator.

    ``citations`` holds one :class:`Citation` per edition the indicator belongs to
    (the seed's words in ``quote``: its definition sentence); ``editions`` follow
    from them. For a rate, ``numerator`` is tested on the cases the
    ``denominator`` admits; for a mean, ``value`` is averaged over them. ``unit``
    and ``scale``: a percentage is ``"%"`` and ``100``, a rate per ten thousand
    cases ``"/万例次"`` and ``10000``, a mean of days ``"天"`` and ``1``.
    ``note`` tells the reader what the seed leaves unsaid or garbled and how it
    was read (shown with the figure); ``group`` is the seed's heading the
    indicator sits under (冠心病介入技术 …), for display.
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
    scale: float = 100.0
    threshold: Threshold | None = None
    stratify: Stratifier | None = None
    note: str = ""
    group: str = ""

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
        if self.kind is IndicatorKind.RATE and (self.numerator is None or self.value is not None):
            raise ValueError(f"rate indicator {self.id!r} needs a numerator and no value")
        if self.kind is IndicatorKind.MEAN and (self.value is None or self.numerator is not None):
            raise ValueError(f"mean indicator {self.id!r} needs a value and no numerator")
        if self.scale <= 0:
            raise ValueError(f"indicator {self.id!r}: scale must be positive")

    @property
    def editions(self) -> tuple[str, ...]:
        return tuple(sorted(c.edition for c in self.citations))

    def citation_for(self, edition: str) -> Citation:
        for citation in self.citations:
            if citation.edition == edition:
                return citation
        raise KeyError(f"indicator {self.id!r} is not in edition {edition!r}")

    @property
    def fields(self) -> tuple[str, ...]:
        """Every form field the indicator reads (numerator, denominator, value, strata)."""
        used = set(self.denominator.fields)
        if self.numerator is not None:
            used |= self.numerator.fields
        if self.value is not None:
            used |= self.value.fields
        if self.stratify is not None:
            used.add(self.stratify.path)
        return tuple(sorted(used))
