"""Neurovascular indicators over the 23 hand-made cases of ``cases.py``, as of 2025-06-30.

Every expected set was worked out by hand from the seed's 定义 and 说明
(2023 S09 质量控制指标 一 to 九); the comments show the counting. The same
figures are asserted through ``rtech indicators compute`` on a real store.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.plugins.neurovascular.indicators import INDICATORS, MRS_90, MTICI, NIHSS_UP
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.neurovascular.cases import AS_OF, CASES

BY_ID = {i.id: i for i in INDICATORS}

# Stroke cases treated within 24 h: 1-12 less 8 (onset to puncture 1441 min) and
# 9 (仅行颅脑DSA检查); 7 is exactly 1440 min (1380 + 60) and counts.
EVT = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12}

# id -> (numerator, denominator, not yet observable), counted by hand.
EXPECTED: dict[str, tuple[set[int], set[int], set[int]]] = {
    # 一: numerator every EVT case; the denominator is the aggregate (40, below).
    "evt_rate_24h": (EVT, EVT, set()),
    # 二 DPT <= 90 min: 3 is 91 (out); 2 is exactly 90 (in); the rest 60 or 75.
    "dpt_90": (EVT - {3}, EVT, set()),
    # 三 mTICI 2b/2c/3 and PRT <= 60: 3 is 61 min (out), 4 is mTICI 2a (out, still in the
    # denominator); 2 (2b, exactly 60) in.
    "prt_60": (EVT - {3, 4}, EVT, set()),
    # 四 ICH with NIHSS +4 (4: 10 -> 14) or death (6: 12 -> 12, died); 5 is +3 and alive.
    "sich": ({4, 6}, EVT, set()),
    # 五 mRS recorded on day 83-120: 1 (2), 2 (3), 3 (0), 5 (6), 7 (1), 11 (2, day 120);
    # not 4, 6 (no visit), 10 (day 82), 12 (day 121). Good (0-2): 1, 3, 7, 11.
    "mrs90_good": ({1, 3, 7, 11}, {1, 2, 3, 5, 7, 11}, set()),
    # 六 symptomatic stenosis 13, 14, 15, 17 (16 is not symptomatic): disabling on day 30
    # (13) and fatal on day 5 (17) count; day 31 (14) and a recovered one (15) do not.
    "stenosis_complications": ({13, 17}, {13, 14, 15, 17}, set()),
    # 七 unruptured 18, 19, 20; HR-VWI done in 18 and 20.
    "unruptured_preop_assessment": ({18, 20}, {18, 19, 20}, set()),
    # 八 disabling on the procedure day: 19.
    "unruptured_complications": ({19}, {18, 19, 20}, set()),
    # 九 ruptured 21 (fatal, day 10), 22; 23 (2025-06-15) has not reached day 30.
    "ruptured_complications": ({21}, {21, 22}, {23}),
}


def test_the_cases_are_valid_neurovascular_cases() -> None:
    schema = get_host().case_form("neurovascular")
    assert schema is not None
    found, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=found)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


def test_every_heading_is_an_indicator() -> None:
    assert [i.citations[0].clause for i in INDICATORS] == [
        f"质量控制指标 {n}" for n in "一二三四五六七八九"
    ]


@pytest.mark.parametrize("indicator_id", sorted(EXPECTED))
def test_hand_counted(indicator_id: str) -> None:
    numerator, denominator, immature = EXPECTED[indicator_id]
    aggregate = 40.0 if BY_ID[indicator_id].aggregate is not None else None
    result = compute_indicator(BY_ID[indicator_id], CASES, as_of=AS_OF, aggregate=aggregate)
    overall = result.overall
    assert overall.incomplete_case_ids == []
    assert set(overall.numerator_case_ids) == numerator
    assert set(overall.denominator_case_ids) == denominator
    assert set(overall.not_observable_case_ids) == immature
    expected = len(numerator) / (40 if aggregate else len(denominator)) * 100
    assert result.value == pytest.approx(expected)


def test_the_aggregate_missing_gives_no_value() -> None:
    result = compute_indicator(BY_ID["evt_rate_24h"], CASES, as_of=AS_OF)
    assert result.value is None


def test_the_door_to_puncture_median_beside_the_share() -> None:
    result = compute_indicator(BY_ID["dpt_90"], CASES, as_of=AS_OF)
    entry = result.overall.to_json(BY_ID["dpt_90"])
    # 60 (7), 75 x7, 90 (2), 91 (3): the median of ten is 75.
    assert entry["median_minutes"] == 75
    assert entry["limit_minutes"] == 90


def test_derived_scores_explain_their_inputs() -> None:
    by_id = {c.id: c.answers for c in CASES}
    assert MTICI.explain(by_id[2]).value is True  # type: ignore[union-attr]
    assert MTICI.explain(by_id[4]).value is False  # type: ignore[union-attr]
    assert NIHSS_UP.explain(by_id[4]).value is True  # type: ignore[union-attr]
    assert NIHSS_UP.explain(by_id[5]).value is False  # type: ignore[union-attr]
    assert NIHSS_UP.explain(by_id[1]) is None  # no haemorrhage: no post-operative score
    assert MRS_90(by_id[11]) == 2.0
    assert MRS_90(by_id[12]) is None
    assert get_host().derived_scores("neurovascular") == [MTICI, NIHSS_UP]


def _store_cases() -> None:
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例医院", code="H-0001", actor="管理员"
            ).id
            for case in CASES[:-1]:  # 23 is discharged in 2025
                created = store_cases.create_case(
                    session,
                    technology="neurovascular",
                    edition="2023",
                    institution_id=hospital,
                    actor="测试",
                    form_version="1",
                )
                version = store_cases.save_draft(
                    session,
                    created.id,
                    expected_version=created.version,
                    answers=case.answers,
                    cursor={"path": "@review"},
                    actor="测试",
                )
                store_cases.submit_case(session, created.id, expected_version=version, actor="测试")
    finally:
        store.dispose()


def test_the_same_figures_through_indicators_compute(capsys: pytest.CaptureFixture[str]) -> None:
    _store_cases()
    set_ = rtech(
        capsys,
        "aggregates", "set", "--technology", "neurovascular", "--key", "stroke_admissions_24h",
        "--period", "2024", "--value", "40", "--institution", "1",
    )  # fmt: skip
    assert set_.code == 0, set_.err
    result = rtech(
        capsys,
        "indicators", "compute", "--period", "2024", "--technology", "neurovascular",
        "--format", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    rows: dict[str, Any] = {r["id"]: r for r in result.json()}
    assert set(rows) == set(EXPECTED)
    for indicator_id, (numerator, denominator, _immature) in EXPECTED.items():
        row = rows[indicator_id]
        # Stored case ids follow the fixture's order (1-22).
        assert set(row["numerator_case_ids"]) == numerator, indicator_id
        assert set(row["denominator_case_ids"]) == denominator - {23}, indicator_id
    assert rows["evt_rate_24h"]["value"] == pytest.approx(25.0)  # 10 / 40
    # The entered aggregate is the denominator shown, not the 10 cases behind the numerator.
    assert (rows["evt_rate_24h"]["numerator"], rows["evt_rate_24h"]["denominator"]) == (10, 40)
