"""IndicatorKit: indicators declared with their clause and quote, and the shared shapes."""

from __future__ import annotations

import pytest

from rtech import (
    DIED_IN_HOSPITAL,
    LENGTH_OF_STAY,
    TOTAL_COST,
    Direction,
    F,
    Indicator,
    IndicatorKind,
    IndicatorKit,
    IndicatorType,
    Technology,
)

TECHNOLOGY = Technology(
    slug="kit_demo",
    name="示例技术",
    editions={"2022": "S03", "2023": "S05"},
    definitions={"2023": "定义"},
)
kit = IndicatorKit(TECHNOLOGY)
ALL = F("procedure.date").present()


def test_an_indicator_cites_its_clause_in_each_edition() -> None:
    made = kit.indicator(
        id="success",
        name="成功率",
        clause={"2023": "一(一)", "2022": "一(二)"},
        quote="成功的例数占同期例数的比例。",
        type=IndicatorType.OUTCOME,
        direction=Direction.UP,
        denominator=ALL,
        numerator=F("success").is_true(),
    )
    expected = Indicator(
        id="success",
        name="成功率",
        citations=TECHNOLOGY.cite_indicator(
            {"2023": "一(一)", "2022": "一(二)"}, "成功的例数占同期例数的比例。"
        ),
        type=IndicatorType.OUTCOME,
        direction=Direction.UP,
        denominator=ALL,
        numerator=made.numerator,
    )
    assert made == expected
    assert [str(c) for c in made.citations] == [
        str(TECHNOLOGY.cite("2023", "质量控制指标 一(一)", "成功的例数占同期例数的比例。")),
        str(TECHNOLOGY.cite("2022", "质量控制指标 一(二)", "成功的例数占同期例数的比例。")),
    ]


def test_a_clause_in_an_edition_the_technology_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="2024"):
        kit.indicator(
            id="success",
            name="成功率",
            clause={"2024": "一"},
            quote="……",
            type=IndicatorType.OUTCOME,
            direction=Direction.UP,
            denominator=ALL,
            numerator=ALL,
        )


def test_mean_cost_and_mean_stay_are_monitored_outcome_means() -> None:
    cost = kit.mean_cost(id="cost", name="平均住院费用", clause="二", quote="…", denominator=ALL)
    stay = kit.mean_stay(id="stay", name="平均住院日", clause="三", quote="…", denominator=ALL)
    for made, unit, value in ((cost, "元", TOTAL_COST), (stay, "天", LENGTH_OF_STAY)):
        assert (made.type, made.direction, made.kind) == (
            IndicatorType.OUTCOME,
            Direction.MONITOR,
            IndicatorKind.MEAN,
        )
        assert (made.unit, made.scale, made.value) == (unit, 1, value)
        assert made.editions == ("2022", "2023")


def test_a_shape_is_overridden_by_what_is_declared() -> None:
    stay = kit.mean_stay(
        id="stay",
        name="平均住院日",
        clause="三",
        quote="…",
        denominator=ALL,
        direction=Direction.DOWN,
    )
    assert stay.direction is Direction.DOWN
    assert stay.value is LENGTH_OF_STAY


def test_mortality_counts_deaths_in_hospital_to_lower() -> None:
    made = kit.mortality(id="mortality", name="住院死亡率", clause="四", quote="…", denominator=ALL)
    assert made.numerator is DIED_IN_HOSPITAL
    assert (made.type, made.direction, made.kind) == (
        IndicatorType.OUTCOME,
        Direction.DOWN,
        IndicatorKind.RATE,
    )


def test_a_shape_still_needs_the_parts_of_its_kind() -> None:
    with pytest.raises(ValueError, match="mean indicator 'cost'"):
        kit.mean_cost(
            id="cost", name="平均住院费用", clause="二", quote="…", denominator=ALL, numerator=ALL
        )


def test_type_and_direction_in_the_seeds_words() -> None:
    made = kit.indicator(
        id="stay",
        name="平均住院日",
        clause="三",
        quote="…",
        type="结果",
        direction="监测比较",
        kind=IndicatorKind.MEAN,
        denominator=ALL,
        value=F("days").number(),
    )
    assert (made.type, made.direction) == (IndicatorType.OUTCOME, Direction.MONITOR)
    with pytest.raises(ValueError, match="降底"):
        kit.indicator(
            id="mortality",
            name="住院死亡率",
            clause="四",
            quote="…",
            type="结果",
            direction="降底",
            denominator=ALL,
            numerator=ALL,
        )


def test_days_to_observe_after_the_operation_and_patients_counted_once() -> None:
    from rtech import COMPLICATION_EVENTS, Per, Window

    made = kit.indicator(
        id="complications_30d",
        name="术后30天内并发症发生率",
        clause="五",
        quote="…",
        type="结果",
        direction="降低",
        denominator=ALL,
        numerator=COMPLICATION_EVENTS.within(30, after="procedure.date").any(),
        observe=30,
        per="患者",
    )
    assert made.observe == Window("procedure.date", 30)
    assert made.per is Per.PATIENT
    assert "complications.events" in made.fields
    with pytest.raises(ValueError, match="人次"):
        kit.indicator(
            id="bad_per",
            name="并发症发生率",
            clause="五",
            quote="…",
            type="结果",
            direction="降低",
            denominator=ALL,
            numerator=ALL,
            per="人次",
        )
