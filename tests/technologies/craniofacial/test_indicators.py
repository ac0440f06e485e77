"""Craniofacial indicators over the sixteen hand-counted cases of ``cases.py``.

Every expected figure was counted by hand from the case list following the
seed's 定义 (2022 S05 and 2023 S03 质量控制指标); the comments show the counting.
Fifteen patients: case 8 is case 4's patient again, so "患者数" rates count 15
(or 6 正颌 patients) and "例数/例次" count 16.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import StructureData, compute_indicator
from rtech.plugins.craniofacial.indicators import INDICATORS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.craniofacial.cases import AS_OF, CASES, STAFF

BY_ID = {i.id: i for i in INDICATORS}

# id -> (numerator, denominator), counted by hand.
COUNTED: dict[str, tuple[float, float]] = {
    # 颅眶 1, 2, 3, 15 = 4 patients of 15.
    "share_cranio_orbital": (4, 15),
    # 正颌 4, 5, 6, 7, 8, 9, 16: 4 and 8 one patient: 6 of 15.
    "share_orthognathic": (6, 15),
    # 面部骨轮廓 10-14: 5 of 15.
    "share_contouring": (5, 15),
    # 正颌 patients: 4/8 (4 had orthodontics), 6, 7, 9, 16 yes; 5 no: 5/6.
    "preop_orthodontics": (5, 6),
    # 颅眶: CT in 1, 3, 15; 2 had MRI only: 3/4.
    "cranio_orbital_preop_ct": (3, 4),
    # 2022 正颌 only: CAD in 4/8, 6, 9, 16; not 5, 7: 4/6.
    "cad_use": (4, 6),
    # 2023 正颌 or 轮廓: 4 of 6 正颌 patients, 10 and 13 of 5 轮廓: 6/11.
    "cad_use_2023": (6, 11),
    "cad_use_orthognathic": (4, 6),
    "cad_use_contouring": (2, 5),
    # Fractures: 2 (skull), 7 (mandible): 2/15.
    "unintended_fracture": (2, 15),
    # In- plus post-op total >= 400 ml: 1 (300+100), 2 (450), 7 (100+300), 9 (800),
    # 13 (400); not 3 (200+199) or 14 (399): 5/15.
    "transfusion": (5, 15),
    # Intra-op total >= 400: 1, 2, 9, 13 (7 had 100 in theatre, 14 had 399);
    # of them autologous >= 400: 2 (450), 13 (400): 2/4.
    "intraop_autologous": (2, 4),
    "hemorrhagic_shock": (1, 15),  # 9
    # 例数: 1, 2, 4, 5, 6, 11 had one of the seven: 6/16.
    "complications": (6, 16),
    "complication_facial_nerve": (1, 16),  # 6
    "complication_optic_nerve": (1, 16),  # 1
    "complication_inferior_alveolar_nerve": (1, 16),  # 4
    "complication_wound_infection": (2, 16),  # 6, 11
    "complication_splint_failure": (1, 16),  # 5
    "complication_csf_leak": (2, 16),  # 1, 2
    "complication_intracranial_infection": (1, 16),  # 2
    # Unplanned reoperations: 2, 5: 2/15.
    "unplanned_second_operation": (2, 15),
    "unplanned_reoperation": (2, 15),
    # 例次: 2 one; 3 two rescues 23 h 59 min apart = one; 9 two days apart = two;
    # 15 exactly 24 h apart = two. 6 例次 over 16 cases.
    "rescue": (6, 16),
    # Successes by each 例次's last rescue: 2 yes; 3 no (died); 9 both; 15 both: 5/6.
    "rescue_success": (5, 6),
    # Died 3, left with irreversible disease 12: 2/15.
    "death": (2, 15),
}


def figure(indicator_id: str) -> Any:
    return compute_indicator(BY_ID[indicator_id], CASES, as_of=AS_OF).overall


def test_the_cases_are_valid_craniofacial_cases() -> None:
    schema = get_host().case_form("craniofacial")
    assert schema is not None
    found, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=found)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(case.answers)] == [], case.id


def test_every_heading_of_each_edition_is_an_indicator() -> None:
    names = {
        e: [i.name for i in get_host().indicators("craniofacial", e)] for e in ("2022", "2023")
    }
    # 2022: 12 headings; 二 in three kinds, 九 with its seven complications, 十一 in two.
    assert len(names["2022"]) == 1 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 8 + 1 + 2 + 1
    # 2023: 13 headings; 五 with its two formulas, 八 new.
    assert len(names["2023"]) == 1 + 3 + 1 + 1 + 3 + 1 + 1 + 1 + 1 + 8 + 1 + 2 + 1
    assert "术中自体血输注率" not in names["2022"]
    assert ("非计划二次手术率" in names["2022"], "非计划再次手术率" in names["2023"]) == (
        True,
        True,
    )
    assert set(COUNTED) | {"staff_ratio"} == set(BY_ID)


@pytest.mark.parametrize("indicator_id", sorted(COUNTED))
def test_hand_counted_figures(indicator_id: str) -> None:
    overall = figure(indicator_id)
    assert (overall.numerator, overall.denominator) == COUNTED[indicator_id]


def test_a_patient_operated_twice_counts_once() -> None:
    overall = figure("preop_orthodontics")
    assert 8 not in overall.denominator_case_ids  # listed by the patient's first case, 4
    assert {4, 6, 7, 9, 16} == set(overall.numerator_case_ids)


def test_transfusion_at_399_and_400_ml() -> None:
    assert {1, 2, 7, 9, 13} == set(figure("transfusion").numerator_case_ids)
    autologous = figure("intraop_autologous")
    assert set(autologous.denominator_case_ids) == {1, 2, 9, 13}
    assert set(autologous.numerator_case_ids) == {2, 13}


def test_staff_ratio_per_ten_thousand_cases() -> None:
    # On duty here with a craniofacial profile: 1 and 2 (3 is registered elsewhere, 4 is
    # inactive, 5 has no craniofacial profile, 6 is a nurse); 16 cases: 2/16 x 10000 = 1250.
    indicator = BY_ID["staff_ratio"]
    result = compute_indicator(indicator, CASES, as_of=AS_OF, structure=StructureData(staff=STAFF))
    assert result.overall.numerator_record_ids == [1, 2]
    assert (result.overall.numerator, result.overall.denominator) == (2, 16)
    assert result.overall.value(indicator) == pytest.approx(1250.0)


def test_indicators_compute_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The same figures through ``rtech indicators compute`` over stored cases."""
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例口腔医院", code="H-0630", actor="管理员"
            ).id
            for name in ("张颅", "李面"):
                registry.create_physician(
                    session,
                    institution_id=hospital,
                    name=name,
                    title="associate_chief",
                    actor="管理员",
                    profile={"technologies": {"craniofacial": {}}},
                )
            for case in CASES:
                stored = store_cases.create_case(
                    session,
                    technology="craniofacial",
                    edition="2023",
                    institution_id=hospital,
                    actor="t",
                    answers=case.answers,
                )
                store_cases.submit_case(
                    session, stored.id, expected_version=stored.version, actor="t"
                )
    finally:
        store.dispose()
    for edition in ("2022", "2023"):
        shown = rtech(
            capsys,
            "indicators",
            "compute",
            "--period",
            "2024",
            "--technology",
            "craniofacial",
            "--edition",
            edition,
            "--trend",
            "2",
            "--format",
            "json",
        )
        assert shown.code == 0, shown.err
        rows = {row["id"]: row for row in shown.json()}
        assert set(rows) == {i.id for i in get_host().indicators("craniofacial", edition)}
        for indicator_id, counted in COUNTED.items():
            if indicator_id in rows:
                row = rows[indicator_id]
                assert (row["numerator"], row["denominator"]) == counted, indicator_id
                # The trend's last point is the period itself, per patient too.
                point = row["trend"][-1]
                assert point["period"] == "2024"
                assert (point["numerator"], point["denominator"]) == counted, indicator_id
        assert (rows["staff_ratio"]["numerator"], rows["staff_ratio"]["denominator"]) == (2, 16)
        assert rows["staff_ratio"]["value"] == pytest.approx(1250.0)
