"""TBI indicators over the hand-made cases, staff and QA checks of ``cases.py``.

Every expected set was worked out by hand from the seed's 定义 (2023 S07 质量控制
指标 一 to 六) and, for 四, from 附件2 (6-10 cGy/min inclusive, deviation < 10 %,
lung < 7 Gy); the comments show the counting. The case figures are asserted
again through ``rtech indicators compute`` on a real store, with the QA checks
recorded by ``rtech qa record`` and the staff in the registry.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import StructureData, compute_indicator
from rtech.plugins.tbi.indicators import DOSE_CONTROL, INDICATORS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.tbi.cases import AS_OF, CASES, QA_CHECKS, STAFF

BY_ID = {i.id: i for i in INDICATORS}
ALL = set(range(1, 16))

# id -> numerator case ids (the denominator is every irradiated case, 1-15).
RATES: dict[str, set[int]] = {
    # Not appropriate: 10 and 14. 13/15.
    "indication_compliance": ALL - {10, 14},
    # Dose rate 5.9 (4) and 10.1 (5) out, 6.0 (2) and 10.0 (3) in; deviation 10.0 (7) out,
    # 9.9 (6) in; lung 7.0 (9) out, 6.99 (8) in. 11/15.
    "dose_control": ALL - {4, 5, 7, 9},
    # Block misplaced: 11 and 13. 13/15.
    "lung_block_accuracy": ALL - {11, 13},
    # Nausea (12), pneumonitis (13), fever (14). 3/15.
    "complications": {12, 13, 14},
}


def test_the_cases_are_valid_tbi_cases() -> None:
    schema = get_host().case_form("tbi")
    assert schema is not None
    found, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=found)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


def test_every_heading_is_an_indicator() -> None:
    assert [i.citations[0].clause for i in INDICATORS] == [
        f"质量控制指标 {n}" for n in "一二三四五六"
    ]


@pytest.mark.parametrize("indicator_id", sorted(RATES))
def test_hand_counted_rates(indicator_id: str) -> None:
    result = compute_indicator(BY_ID[indicator_id], CASES, as_of=AS_OF)
    overall = result.overall
    assert overall.incomplete_case_ids == []
    assert set(overall.denominator_case_ids) == ALL
    assert set(overall.numerator_case_ids) == RATES[indicator_id]
    assert result.value == pytest.approx(100 * len(RATES[indicator_id]) / 15)


def test_staff_qualification_by_profession() -> None:
    # On the team and active: 1-6 (7 has no TBI part, 8 has left).
    # Qualified: 1 (副主任医师, LA), 3 (副高 physicist, both certificates), 5 (中级 technician,
    # both); not 2 (主治 physician), 4 (no LA physicist certificate), 6 (住院 technician). 3/6.
    result = compute_indicator(
        BY_ID["staff_qualified"], CASES, as_of=AS_OF, structure=StructureData(staff=list(STAFF))
    )
    overall = result.overall
    assert set(overall.denominator_record_ids) == {1, 2, 3, 4, 5, 6}
    assert set(overall.numerator_record_ids) == {1, 3, 5}
    assert result.value == pytest.approx(50.0)


def test_equipment_checks_passed() -> None:
    # Five checks recorded, the flatness check (3) out of tolerance: 4/5.
    result = compute_indicator(
        BY_ID["equipment_qa_pass"],
        CASES,
        as_of=AS_OF,
        structure=StructureData(qa_checks=list(QA_CHECKS)),
    )
    assert set(result.overall.numerator_record_ids) == {1, 2, 4, 5}
    assert result.value == pytest.approx(80.0)


def test_dose_control_explains_its_inputs() -> None:
    by_id = {c.id: c.answers for c in CASES}
    first = DOSE_CONTROL.explain(by_id[1])
    assert first is not None
    assert first.value is True
    assert first.display == "合格"
    assert first.inputs == {"体中心剂量率(cGy/min)": 8.0, "剂量偏差(%)": 4.0, "全肺剂量(Gy)": 6.5}
    fourth = DOSE_CONTROL.explain(by_id[4])
    assert fourth is not None
    assert fourth.value is False
    assert DOSE_CONTROL.explain({"tbi": {"dose_rate": 8}}) is None
    assert get_host().derived_scores("tbi") == [DOSE_CONTROL]


def _store() -> None:
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例医院", code="H-0001", actor="管理员"
            ).id
            for record in STAFF[:6]:
                registry.create_physician(
                    session,
                    institution_id=hospital,
                    name=record["name"],
                    title=record["title"],
                    actor="管理员",
                    profile=record["profile"],
                )
            for case in CASES:
                created = store_cases.create_case(
                    session,
                    technology="tbi",
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
    _store()
    for check in QA_CHECKS:
        recorded = rtech(
            capsys,
            "qa", "record", "-t", "tbi", "--device", "直线加速器1号", "--item", check["item"],
            "--date", check["performed_on"].isoformat(),
            "--passed", "合格" if check["passed"] else "不合格",
        )  # fmt: skip
        assert recorded.code == 0, recorded.err
    result = rtech(
        capsys,
        "indicators", "compute", "--period", "2024", "--technology", "tbi", "--format", "json",
    )  # fmt: skip
    assert result.code == 0, result.err
    rows: dict[str, Any] = {r["id"]: r for r in result.json()}
    for indicator_id, numerator in RATES.items():
        assert set(rows[indicator_id]["numerator_case_ids"]) == numerator, indicator_id
        assert set(rows[indicator_id]["denominator_case_ids"]) == ALL, indicator_id
    assert (rows["staff_qualified"]["numerator"], rows["staff_qualified"]["denominator"]) == (3, 6)
    assert rows["equipment_qa_pass"]["value"] == pytest.approx(80.0)
