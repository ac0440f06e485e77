"""同种异体皮肤移植技术 (2023 S01): the norm's checks at their boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.plugins.skin_allograft.checks import NORM
from tests.technologies.skin_allograft.cases import CASES

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
CHECKS = {c.id: c for c in NORM.all_checks()}


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    found = [c for i, c in CHECKS.items() if i.endswith(f".{name}")]
    assert len(found) == 1, name
    return found[0].evaluate({"as_of": AS_OF.isoformat(), **subject}).outcome


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.split()[-1] for c in CHECKS.values()}
    wanted = {
        "一(一)", "一(二)", "一(三)", "一(四)1", "一(四)2", "一(四)3", "一(五)1", "一(五)2",
        "一(五)3", "一(六)1", "一(六)2", "一(七)", "二(一)1", "二(一)2", "二(一)3", "二(二)",
        "三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)", "三(七)1", "三(七)2",
        "四(一)1", "四(一)2", "四(一)3", "四(一)4", "四(二)1", "四(二)1(1)", "四(二)1(2)",
        "四(二)1(3)", "四(二)1(4)", "四(二)2(1)", "四(二)2(2)", "四(二)2(3)", "四(二)2(4)",
    }  # fmt: skip
    assert wanted <= clauses


BURNS = {
    "registered": True,
    "plastic_registered": True,
    "since": "2009-06-30",
    "beds": 30,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, PASS),  # 15 years on the day, 30 beds
        ({"since": "2009-07-01"}, FAIL),  # a day short of 15 years
        ({"beds": 29}, FAIL),
        ({"plastic_registered": False}, FAIL),  # 烧伤外科、整形外科 both
    ],
)
def test_departments_fifteen_years_and_thirty_beds(
    change: dict[str, Any], expected: Outcome
) -> None:
    profile = {"burns": BURNS | change, "bicu": {"present": True}}
    assert outcome("departments", {"profile": profile}) is expected


def test_volume_150_repairs_a_year() -> None:
    burns = {"wound_repair_per_year": 150, "severe_burn_experience": True}
    assert outcome("volume", {"profile": {"burns": burns}}) is PASS
    burns149 = burns | {"wound_repair_per_year": 149}
    assert outcome("volume", {"profile": {"burns": burns149}}) is FAIL


def test_bicu_twenty_beds_fifteen_square_metres() -> None:
    bicu = {
        "standard_compliant": True,
        "cleanliness_class": "III",
        "beds": 20,
        "area_per_bed": 15,
        "meets_needs": True,
    }
    assert outcome("bicu_setup", {"profile": {"bicu": bicu}}) is PASS
    assert outcome("bicu_setup", {"profile": {"bicu": bicu | {"beds": 19}}}) is FAIL
    assert outcome("bicu_setup", {"profile": {"bicu": bicu | {"area_per_bed": 14.9}}}) is FAIL
    assert outcome("bicu_setup", {"profile": {"bicu": bicu | {"cleanliness_class": "IV"}}}) is FAIL


def test_instruments_named_for_example_one_suffices() -> None:
    room = {"skin_instruments": True, "instruments": ["mesher"]}
    assert outcome("skin_instruments", {"profile": {"operating_room": room}}) is PASS
    room = {"skin_instruments": True, "instruments": []}
    assert outcome("skin_instruments", {"profile": {"operating_room": room}}) is FAIL


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {
        "title": title,
        "licence_no": "110510100000001",
        "general": {"practice_scopes": ["surgery"]},
        "profile": profile,
    }


def test_fifteen_years_and_attending() -> None:
    assert outcome("experience", physician("attending", specialty_since="2009-06-30")) is PASS
    assert outcome("experience", physician("attending", specialty_since="2009-07-01")) is FAIL
    assert outcome("title", physician("attending")) is PASS
    assert outcome("title", physician("resident")) is FAIL
    assert outcome("licence", physician("attending")) is PASS
    internist = physician("attending") | {"general": {"practice_scopes": ["internal_medicine"]}}
    assert outcome("licence", internist) is FAIL


@pytest.mark.parametrize(
    ("training", "expected"),
    [
        (
            {"route": "base", "base_filed": True, "months": 6, "cases": 5, "managed_cases": 5,
             "passed": True},
            PASS,
        ),
        (
            {"route": "base", "base_filed": True, "months": 5, "cases": 5, "managed_cases": 5,
             "passed": True},
            FAIL,
        ),
        (
            {"route": "base", "base_filed": True, "months": 6, "cases": 4, "managed_cases": 4,
             "passed": True},
            FAIL,
        ),
        (
            {"route": "exempt", "exemption": {"clinical_years": 15, "title": "associate_chief",
             "recent_cases": 150, "serious_adverse_event": False}},
            PASS,
        ),
        (
            {"route": "exempt", "exemption": {"clinical_years": 15, "title": "associate_chief",
             "recent_cases": 149, "serious_adverse_event": False}},
            FAIL,
        ),
        (
            {"route": "exempt", "exemption": {"clinical_years": 14, "title": "associate_chief",
             "recent_cases": 150, "serious_adverse_event": False}},
            FAIL,
        ),
    ],
)  # fmt: skip
def test_training_six_months_five_cases_or_the_exemption(
    training: dict[str, Any], expected: Outcome
) -> None:
    assert outcome("training", physician("associate_chief", training=training)) is expected


def test_aseptic_harvest_and_product_barcodes_follow_the_source() -> None:
    donor = dict(CASES[2].answers)  # case 3: skin from a living donor
    product = dict(CASES[0].answers)  # case 1: an approved product with its barcode
    assert outcome("aseptic_harvest", {"answers": donor}) is PASS
    unclean = donor | {"graft": donor["graft"] | {"aseptic_harvest": False}}
    assert outcome("aseptic_harvest", {"answers": unclean}) is FAIL
    assert outcome("aseptic_harvest", {"answers": product}) is NA
    assert outcome("device_barcodes", {"answers": product}) is PASS
    assert outcome("device_barcodes", {"answers": donor}) is NA
    unmarked = product | {"devices": {"items": [{"name": "同种异体皮肤"}]}}
    assert outcome("device_barcodes", {"answers": unmarked}) is FAIL


def test_the_base_clauses_apply_only_to_a_base() -> None:
    assert outcome("base_departments", {"profile": {"training_base": {"applies": False}}}) is NA
    base = {"applies": True, "open_beds": 50}
    subject = {"profile": {"training_base": base, "burns": {"registered": True}}}
    assert outcome("base_departments", subject) is PASS
    subject["profile"]["training_base"] = base | {"open_beds": 49}
    assert outcome("base_departments", subject) is FAIL
    tutors = {"applies": True, "resources": True, "tutors": 3, "chief_tutors": 1}
    assert outcome("base_tutors", {"profile": {"training_base": tutors}}) is PASS
    fewer = tutors | {"tutors": 2}
    assert outcome("base_tutors", {"profile": {"training_base": fewer}}) is FAIL
