"""鼻科内镜诊疗技术 indicators (2023 S12 质量控制指标) over sixteen hand-counted cases.

The cases are the rows of ``cases.ROWS``; every expected set below was counted
from those rows by hand, following each indicator's 定义 (the 计算公式 lost its
fraction body), overall and per grade (三级: 1, 2, 5, 6, 8, 9, 11, 12, 14, 16;
四级: 3, 4, 7, 10, 13, 15).
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from rtech import Direction, IndicatorType
from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.nasal_endoscopy.indicators import INDICATORS
from tests.technologies.nasal_endoscopy.cases import CASES, Case, answers

BY_ID = {i.id: i for i in INDICATORS}
EVERY = set(range(1, 17))
GRADE4 = {3, 4, 7, 10, 13, 15}
GRADE3 = EVERY - GRADE4

# id -> numerator case ids (the denominator is every case: 同期鼻内镜手术总例数).
NUMERATORS: dict[str, set[int]] = {
    # 指标 一: 适应证符合现有指南; not met in 3, 6 and 11: 13 of 16.
    "nasal_indication_compliance": EVERY - {3, 6, 11},
    # 指标 二: 颅内 (4), 眶内 + 大出血 (5), 心跳呼吸骤停 (7), 死亡 (8), 其他严重 (9, 等),
    # 大出血 (16): 6 of 16.
    "nasal_severe_complications": {4, 5, 7, 8, 9, 16},
    # 指标 三: 相同部位的非计划再次手术: 5, 10 (one same-site among two), 16; 6 and 13
    # were reoperated at another site only: 3 of 16.
    "nasal_unplanned_reoperation": {5, 10, 16},
}


def test_every_heading_of_the_edition_is_an_indicator() -> None:
    assert [i.name for i in INDICATORS] == [
        "鼻内镜手术适应证符合率",
        "鼻内镜手术严重并发症发生率",
        "鼻内镜手术非计划再次手术率",
    ]
    assert set(NUMERATORS) == set(BY_ID)
    # 指标类型 结果质控 for all three; 一 逐渐增高, 二 and 三 逐渐降低.
    assert {i.type for i in INDICATORS} == {IndicatorType.OUTCOME}
    assert [i.direction for i in INDICATORS] == [Direction.UP, Direction.DOWN, Direction.DOWN]


def test_the_fixture_cases_are_valid_cases() -> None:
    schema = get_host().case_form("nasal_endoscopy")
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
    assert strata == {
        "3": (len(numerator & GRADE3), 10),
        "4": (len(numerator & GRADE4), 6),
    }


def test_grade_strata_by_hand() -> None:
    # 四级: indication met in 4, 7, 10, 13, 15 (5 of 6); severe 4, 7 (2 of 6); same-site 10.
    # 三级: indication met in 8 of 10; severe 5, 8, 9, 16 (4); same-site 5, 16 (2).
    got = {
        i.id: {f.key: f.numerator for f in compute_indicator(i, CASES).strata} for i in INDICATORS
    }
    assert got == {
        "nasal_indication_compliance": {"3": 8, "4": 5},
        "nasal_severe_complications": {"3": 4, "4": 2},
        "nasal_unplanned_reoperation": {"3": 2, "4": 1},
    }


def _one(*row: object) -> Case:
    return Case(99, answers(99, *row))  # type: ignore[arg-type]


def test_bounds_of_each_definition() -> None:
    severe, reop = BY_ID["nasal_severe_complications"], BY_ID["nasal_unplanned_reoperation"]
    # No complication at all: in the denominator, not the numerator.
    figure = compute_indicator(severe, [_one("3", True, (), None)]).overall
    assert (figure.numerator, figure.denominator) == (0, 1)
    # Each listed complication alone is severe.
    for kind in ("intracranial", "orbital", "major_bleeding", "arrest", "death"):
        figure = compute_indicator(severe, [_one("3", True, (kind,), None)]).overall
        assert figure.numerator == 1, kind
    # A reoperation at another site is not counted; one at the same site is.
    assert compute_indicator(reop, [_one("4", True, (), (False, False))]).overall.numerator == 0
    assert compute_indicator(reop, [_one("4", True, (), (False, True))]).overall.numerator == 1


def test_an_unanswered_field_is_incomplete_never_counted() -> None:
    case = answers(98, "3", True, (), None)
    del case["indication"]
    result = compute_indicator(BY_ID["nasal_indication_compliance"], [Case(98, case)])
    assert result.overall.incomplete_case_ids == [98]
    assert result.overall.numerator == 0
