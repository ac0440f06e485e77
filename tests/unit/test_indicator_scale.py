"""Indicator declarations: the scale a kind takes when none is given; grouped headings."""

from __future__ import annotations

from typing import Any

import pytest

from rtech import Citation, Direction, F, Indicator, IndicatorKind, IndicatorType

CITED = (Citation("2023", "S05", "质量控制指标 一(一)", "定义。"),)
ADMITTED = F("procedure.category").eq("coronary")


def make(kind: IndicatorKind, **options: Any) -> Indicator:
    parts: dict[str, Any] = {
        IndicatorKind.RATE: {"numerator": F("x").is_true()},
        IndicatorKind.COUNT: {"numerator": F("x").is_true()},
        IndicatorKind.MEAN: {"value": F("admission.total_cost").number()},
        IndicatorKind.RATIO: {
            "numerator_value": F("a").number(),
            "denominator_value": F("b").number(),
        },
    }[kind]
    return Indicator(
        id="sample_indicator",
        name="指标",
        citations=CITED,
        type=IndicatorType.OUTCOME,
        direction=Direction.UP,
        denominator=ADMITTED,
        kind=kind,
        **parts,
        **options,
    )


@pytest.mark.parametrize(
    ("kind", "scale"),
    [
        (IndicatorKind.RATE, 100),
        (IndicatorKind.RATIO, 100),
        (IndicatorKind.MEAN, 1),
        (IndicatorKind.COUNT, 1),
    ],
)
def test_the_scale_a_kind_takes_when_none_is_given(kind: IndicatorKind, scale: float) -> None:
    assert make(kind).scale == scale


def test_a_given_scale_stays_and_must_be_positive() -> None:
    assert make(IndicatorKind.RATE, scale=10000).scale == 10000
    assert make(IndicatorKind.MEAN, scale=100).scale == 100
    with pytest.raises(ValueError, match="scale must be positive"):
        make(IndicatorKind.MEAN, scale=0)
    with pytest.raises(ValueError, match="scale must be positive"):
        make(IndicatorKind.RATE, scale=-1)


def test_grouped_sets_the_heading_and_keeps_the_order() -> None:
    from rtech import grouped

    first, second = make(IndicatorKind.RATE), make(IndicatorKind.MEAN, unit="元")
    under = grouped("冠心病介入技术", first, second)
    assert [i.group for i in under] == ["冠心病介入技术", "冠心病介入技术"]
    assert [i.kind for i in under] == [IndicatorKind.RATE, IndicatorKind.MEAN]
    assert under[1].scale == 1
    assert first.group == ""  # the declarations themselves are left as they were
    assert grouped("空") == ()
