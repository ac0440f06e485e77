"""A test technology whose one rate divides by an aggregate denominator."""

from __future__ import annotations

from rtech import Aggregate, Citation, Direction, F, Indicator, IndicatorType, Technology, hookimpl
from rtech.host import Host, make_plugin_manager

CITE = Citation("2023", "S99", "质量控制指标 一", "同期收治发病24小时内脑梗死患者总数")
STROKE = Aggregate("stroke_admissions_24h", "收治发病24小时内脑梗死患者总数", CITE)


class AggregatePlugin:
    @hookimpl
    def rtech_technology(self) -> Technology:
        return Technology(
            slug="agg_test",
            name="汇总分母测试技术",
            editions={"2023": "S99"},
            definitions={"2023": "测试用技术。"},
        )

    @hookimpl
    def rtech_indicators(self, edition: str) -> list[Indicator]:
        return [
            Indicator(
                id="evt_rate",
                name="血管内治疗率",
                citations=(CITE,),
                type=IndicatorType.OUTCOME,
                direction=Direction.UP,
                denominator=F("procedure.date").present(),
                numerator=F("procedure.date").present(),
                aggregate=STROKE,
            )
        ]


def aggregate_host() -> Host:
    """The built-in technologies plus ``agg_test``."""
    return Host.from_plugin_manager(make_plugin_manager(plugins=[("agg_test", AggregatePlugin())]))
