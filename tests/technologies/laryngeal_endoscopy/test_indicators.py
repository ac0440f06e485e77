"""咽喉内镜诊疗技术 indicators (2023 S13 质量控制指标) over sixteen hand-counted cases.

Counted by hand from ``cases.ROWS`` following each 定义 (三级: 1, 2, 5, 6, 7, 9, 10,
12, 13, 15, 16; 四级: 3, 4, 8, 11, 14).
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from rtech import Direction, IndicatorType
from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.laryngeal_endoscopy.indicators import INDICATORS
from tests.technologies.laryngeal_endoscopy.cases import CASES, Case, answers

BY_ID = {i.id: i for i in INDICATORS}
EVERY = set(range(1, 17))
GRADE4 = {3, 4, 8, 11, 14}
GRADE3 = EVERY - GRADE4

NUMERATORS: dict[str, set[int]] = {
    # 一: indication outside the guideline in 3, 6, 13: 13 of 16 (三级 9 of 11, 四级 4 of 5).
    "laryngeal_indication_compliance": EVERY - {3, 6, 13},
    # 二: antibiotic not per the guideline in 2, 6, 10, 14: 12 of 16 (三级 8 of 11, 四级 4 of 5).
    "laryngeal_antibiotic_prophylaxis": EVERY - {2, 6, 10, 14},
    # 三: 出血 3, 舌体麻木 5, 撕裂 + 牙齿松动 7, 感染 8, 骤停 + 死亡 10, 其他 12: 6 of 16.
    "laryngeal_complications": {3, 5, 7, 8, 10, 12},
}


def test_every_heading_and_the_reading_of_the_garbled_type_and_direction() -> None:
    assert [i.name for i in INDICATORS] == [
        "咽喉内镜手术适应证符合率",
        "咽喉内镜手术预防抗生素规范使用率",
        "咽喉内镜手术并发症发生率",
    ]
    assert set(NUMERATORS) == set(BY_ID)
    assert [i.type for i in INDICATORS] == [
        IndicatorType.PROCESS,
        IndicatorType.PROCESS,
        IndicatorType.OUTCOME,
    ]
    # 二 prints “逐渐降低，最低为0” against its own name: the name wins, and the note says so.
    assert [i.direction for i in INDICATORS] == [Direction.UP, Direction.UP, Direction.DOWN]
    assert "最低为0" in BY_ID["laryngeal_antibiotic_prophylaxis"].note
    assert "以名称为准" in BY_ID["laryngeal_antibiotic_prophylaxis"].note


def test_the_fixture_cases_are_valid_cases() -> None:
    schema = get_host().case_form("laryngeal_endoscopy")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


@pytest.mark.parametrize("indicator_id", sorted(NUMERATORS))
def test_rate_matches_the_hand_count(indicator_id: str) -> None:
    numerator = NUMERATORS[indicator_id]
    result = compute_indicator(BY_ID[indicator_id], CASES)
    figure = result.overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == EVERY
    assert figure.incomplete_case_ids == []
    assert result.value == pytest.approx(100 * len(numerator) / 16)
    strata = {f.key: (f.numerator, f.denominator) for f in result.strata}
    assert strata == {"3": (len(numerator & GRADE3), 11), "4": (len(numerator & GRADE4), 5)}


def test_grade_strata_by_hand() -> None:
    got = {
        i.id: {f.key: f.numerator for f in compute_indicator(i, CASES).strata} for i in INDICATORS
    }
    assert got == {
        # 三级 without 6, 13: 9; 四级 without 3: 4.
        "laryngeal_indication_compliance": {"3": 9, "4": 4},
        # 三级 without 2, 6, 10: 8; 四级 without 14: 4.
        "laryngeal_antibiotic_prophylaxis": {"3": 8, "4": 4},
        # 三级 5, 7, 10, 12: 4; 四级 3, 8: 2.
        "laryngeal_complications": {"3": 4, "4": 2},
    }


def test_each_listed_complication_counts_and_none_does_not() -> None:
    indicator = BY_ID["laryngeal_complications"]
    kinds = ("bleeding", "tongue_numbness", "pharyngeal_tear", "loose_teeth", "infection")
    for kind in (*kinds, "arrest", "death", "other"):
        case = Case(99, answers(99, "3", True, True, (kind,)))
        assert compute_indicator(indicator, [case]).overall.numerator == 1, kind
    none = compute_indicator(indicator, [Case(98, answers(98, "3", True, True, ()))]).overall
    assert (none.numerator, none.denominator) == (0, 1)
