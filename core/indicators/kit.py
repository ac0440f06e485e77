"""Declaring one technology's indicators: citations made as they are declared.

``kit = IndicatorKit(TECHNOLOGY)`` and then, for each heading of the seed::

    kit.indicator(
        id="coronary_mortality",
        name="住院死亡率",
        clause={"2023": "一(二)", "2022": "一(二)"},
        quote="住院期间死亡病例数占接受冠脉介入治疗病例数的百分比。",
        type="结果",
        direction="降低",
        ...
    )

is the :class:`Indicator` with ``citations=TECHNOLOGY.cite_indicator(clause, quote)``.
The shapes several norms share (平均住院费用, 平均住院日, 住院死亡率) have their own
methods, which fill in what the shape fixes; anything passed overrides it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rtech.catalog import Technology
from rtech.indicators.events import Window
from rtech.indicators.model import Direction, Indicator, IndicatorKind, IndicatorType, Per
from rtech.indicators.shared import DIED_IN_HOSPITAL, LENGTH_OF_STAY, TOTAL_COST

__all__ = ["IndicatorKit"]

#: The anchor of an ``observe`` given in days: the operation (the procedure fragment).
OPERATED = "procedure.date"

_MEAN_OUTCOME: dict[str, Any] = {
    "type": IndicatorType.OUTCOME,
    "direction": Direction.MONITOR,
    "kind": IndicatorKind.MEAN,
}
_MORTALITY: dict[str, Any] = {
    "type": IndicatorType.OUTCOME,
    "direction": Direction.DOWN,
    "numerator": DIED_IN_HOSPITAL,
}


@dataclass(frozen=True)
class IndicatorKit:
    """The indicators of ``technology``, each citing its clause as it is declared."""

    technology: Technology

    def indicator(
        self,
        *,
        id: str,
        name: str,
        clause: str | Mapping[str, str],
        quote: str | Mapping[str, str],
        **parts: Any,
    ) -> Indicator:
        """An :class:`Indicator`; ``clause`` and ``quote`` as for
        :meth:`Technology.cite_indicator`, ``parts`` the indicator's other fields, its
        ``type``, ``direction`` and ``per`` in the seed's words (``"结果"``, ``"降低"``,
        ``"患者"``) or as :class:`IndicatorType`, :class:`Direction` and :class:`Per`;
        ``observe`` as days after the operation (``procedure.date`` of the shared
        procedure fragment) or a :class:`Window`.

        :raises ValueError: a type, direction or unit of counting the seeds do not use."""
        citations = self.technology.cite_indicator(clause, quote)
        for key, kind in (("type", IndicatorType), ("direction", Direction), ("per", Per)):
            if key in parts:
                parts[key] = kind(parts[key])
        if isinstance(parts.get("observe"), int):
            parts["observe"] = Window(OPERATED, parts["observe"])
        return Indicator(id=id, name=name, citations=citations, **parts)

    def mean_cost(self, **declared: Any) -> Indicator:
        """平均住院费用: the mean 住院总费用 (元) of the admitted cases, a 结果 indicator
        monitored (监测比较); ``declared`` as for :meth:`indicator`, overriding any of it."""
        return self.indicator(**_MEAN_OUTCOME | {"unit": "元", "value": TOTAL_COST} | declared)

    def mean_stay(self, **declared: Any) -> Indicator:
        """平均住院日: the mean length of stay (天, a same-day discharge counting 1) of the
        admitted cases, a 结果 indicator monitored (监测比较); overridable likewise."""
        return self.indicator(**_MEAN_OUTCOME | {"unit": "天", "value": LENGTH_OF_STAY} | declared)

    def mortality(self, **declared: Any) -> Indicator:
        """住院死亡率: the share of the admitted cases that died in hospital (离院方式 死亡),
        a 结果 indicator to lower; overridable likewise."""
        return self.indicator(**_MORTALITY | declared)
