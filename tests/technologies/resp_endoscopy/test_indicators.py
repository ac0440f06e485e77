"""呼吸内镜诊疗技术 indicators (2023 S10 质量控制指标 一至七) over sixteen hand-counted cases.

Counted by hand from ``cases.ROWS`` following each 定义 and 说明 (三级: 1, 2, 5, 6, 8,
10, 11, 13, 14, 16; 四级: 3, 4, 7, 9, 12, 15).
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from rtech import Direction, IndicatorType
from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.resp_endoscopy.indicators import INDICATORS
from tests.technologies.resp_endoscopy.cases import ALL6, CASES, Case, answers

BY_ID = {i.id: i for i in INDICATORS}
EVERY = set(range(1, 17))
GRADE4 = {3, 4, 7, 9, 12, 15}

# id -> (numerator, denominator), case ids.
RATES: dict[str, tuple[set[int], set[int]]] = {
    # 一: electronic and all six elements: not 2 (no images), 4 (not electronic),
    # 8 (no signatures), 12 (nothing): 12 of 16.
    "resp_report_compliance": (EVERY - {2, 4, 8, 12}, EVERY),
    # 三: blood count and clotting both: not 3 (no clotting), 5 (neither): 14 of 16.
    "resp_preop_blood_tests": (EVERY - {3, 5}, EVERY),
    # 四: chest CT: not 4, 8.
    "resp_preop_chest_ct": (EVERY - {4, 8}, EVERY),
    # 五: ECG and SpO2 monitoring: not 6, 15.
    "resp_ecg_spo2_monitoring": (EVERY - {6, 15}, EVERY),
    # 六: biopsies sent with a result: 2, 4, 5, 7, 10, 14 (9 pending, out); malignant
    # 2, 4, 10, 14: 4 of 6.
    "resp_biopsy_malignant_yield": ({2, 4, 10, 14}, {2, 4, 5, 7, 10, 14}),
    # 七: 重度出血 3, 心跳骤停 6, 大量气胸 9, 转科干预 12, 恶性心律失常 16: 5 of 16.
    "resp_severe_complications": ({3, 6, 9, 12, 16}, EVERY),
}


def test_every_heading_type_and_direction_as_printed() -> None:
    assert [i.name for i in INDICATORS] == [
        "呼吸内镜中心电子化图文报告规范率",
        "呼吸内镜四级手术占比率",
        "呼吸内镜操作前血常规和凝血功能化验率",
        "呼吸内镜操作前胸部CT检查率",
        "呼吸内镜操作过程中心电及脉搏氧饱和度监测率",
        "经呼吸内镜活检获得阳性病理学结果的阳性率",
        "呼吸内镜操作相关严重并发症发生率",
    ]
    assert set(RATES) | {"resp_grade4_share"} == set(BY_ID)
    process, outcome = IndicatorType.PROCESS, IndicatorType.OUTCOME
    assert [i.type for i in INDICATORS] == [process, outcome, *[process] * 3, outcome, outcome]
    assert [i.direction for i in INDICATORS] == [Direction.UP] * 6 + [Direction.DOWN]


def test_the_fixture_cases_are_valid_cases() -> None:
    schema = get_host().case_form("resp_endoscopy")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


@pytest.mark.parametrize("indicator_id", sorted(RATES))
def test_rate_matches_the_hand_count(indicator_id: str) -> None:
    numerator, denominator = RATES[indicator_id]
    result = compute_indicator(BY_ID[indicator_id], CASES)
    figure = result.overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == denominator
    assert figure.incomplete_case_ids == []
    assert result.value == pytest.approx(100 * len(numerator) / len(denominator))
    strata = {f.key: (f.numerator, f.denominator) for f in result.strata}
    assert strata == {
        "3": (len(numerator - GRADE4), len(denominator - GRADE4)),
        "4": (len(numerator & GRADE4), len(denominator & GRADE4)),
    }


def test_grade4_share_is_over_the_entered_total() -> None:
    # 二: the six filed 四级 cases over the 40 bronchoscopies the administrator entered: 15 %.
    indicator = BY_ID["resp_grade4_share"]
    assert indicator.aggregate is not None
    result = compute_indicator(indicator, CASES, aggregate=40)
    assert set(result.overall.numerator_case_ids) == GRADE4
    assert result.value == pytest.approx(15.0)
    # Not entered: no value, never the count of filed cases.
    assert compute_indicator(indicator, CASES).value is None


def test_report_needs_every_element() -> None:
    indicator = BY_ID["resp_report_compliance"]
    row = ("3", True, ALL6, True, True, True, True, None, ())
    assert compute_indicator(indicator, [Case(90, answers(90, *row))]).overall.numerator == 1
    for missing in ALL6:
        five = tuple(e for e in ALL6 if e != missing)
        case = Case(91, answers(91, "3", True, five, True, True, True, True, None, ()))
        assert compute_indicator(indicator, [case]).overall.numerator == 0, missing
