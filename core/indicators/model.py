"""Quality-control indicators (质量控制指标) as declared by plugins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.catalog import Citation

__all__ = ["Direction", "Indicator", "IndicatorType", "Predicate", "Threshold"]

#: A predicate over one case's answers (JSON-like data).
Predicate = Callable[[Mapping[str, Any]], bool]


class IndicatorType(StrEnum):
    """指标类型 as the seed states it."""

    STRUCTURE = "结构"
    PROCESS = "过程"
    OUTCOME = "结果"


class Direction(StrEnum):
    """表达方式: which way the indicator should move."""

    UP = "提高"
    DOWN = "降低"
    KEEP = "维持"
    MONITOR = "监测比较"


@dataclass(frozen=True, slots=True)
class Threshold:
    """A limit the seed states, e.g. ``≤10%`` -> Threshold("<=", 10.0)."""

    op: str  # one of "<", "<=", ">", ">="
    value: float
    citation: Citation | None = None


@dataclass(frozen=True)
class Indicator:
    """One indicator: who counts (numerator) among whom (denominator).

    ``kind`` is "rate" (numerator/denominator x scale), "mean" (``value_of`` averaged
    over the denominator cases) or "count".
    """

    id: str
    name: str
    editions: tuple[str, ...]
    citation: Citation
    type: IndicatorType
    direction: Direction
    denominator: Predicate
    numerator: Predicate | None = None
    kind: str = "rate"
    unit: str = "%"
    scale: float = 100.0
    value_of: Callable[[Mapping[str, Any]], float | None] | None = None
    threshold: Threshold | None = None
    fields: tuple[str, ...] = ()
