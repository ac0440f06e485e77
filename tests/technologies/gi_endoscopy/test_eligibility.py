"""消化内镜诊疗技术 (2023 S11): the norm's checks at their boundaries, tiered by 四级手术.

一(二)1 消化内科 30 beds and 1000 cases a year; 一(二)4(2) rooms of 20 m²; 一(四) the
institution performing 四级 procedures: 5000 cases in 5 years, 1000 of them 三级;
二(一)1(2) 5 years and 200 cases; 二(一)2(2) the physician doing 四级 alone: 5 years of
endoscopy, 主治医师, 3000 cases, 300 三级; 三(三) a 四级 case decided by a 副主任医师 of
the institution; 四(一) 6 months, 50 cases and 60 managed patients, 6 months abroad,
exemption: 5 years of endoscopy, 主治医师 5 years, 100 四级 cases in all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.gi_endoscopy.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
SLUG = "gi_endoscopy"


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id: c for c in NORM.checks("2023")}
    section = next(
        k
        for k in ("institution", "personnel", "case", "training_base")
        if f"{SLUG}.{k}.{name}" in checks
    )
    return checks[f"{SLUG}.{section}.{name}"].evaluate({"as_of": AS_OF, **subject}).outcome


def test_every_clause_of_the_norm_is_checked_once_per_edition() -> None:
    clauses = {c.citation.clause.split()[-1] for c in NORM.checks("2023")}
    for clause in (
        "一(二)4(6)",
        "一(四)2",
        "一(四)5",
        "二(一)2(2)",
        "三(三)",
        "四(一)3",
        "四(二)2(4)",
    ):
        assert clause in clauses


def test_the_gastroenterology_department_needs_30_beds_and_1000_cases() -> None:
    good = {
        "own_ward": True,
        "nursing_unit": True,
        "clinic": True,
        "beds": 30,
        "annual_cases": 1000,
    }
    assert outcome("gastroenterology", {"profile": {"gastroenterology": good}}) is PASS
    for key, value in (("beds", 29), ("annual_cases", 999), ("clinic", False)):
        worse = {"gastroenterology": {**good, key: value}}
        assert outcome("gastroenterology", {"profile": worse}) is FAIL, key


def test_rooms_of_20_square_metres_and_anaesthesia_only_for_painless_endoscopy() -> None:
    assert outcome("room_area", {"profile": {"rooms": {"min_area": 20}}}) is PASS
    assert outcome("room_area", {"profile": {"rooms": {"min_area": 19.5}}}) is FAIL
    no_machine = {"rooms": {"anesthesia_machine": False}}
    assert outcome("room_anesthesia", {"profile": {"painless": False, **no_machine}}) is NA
    assert outcome("room_anesthesia", {"profile": {"painless": True, **no_machine}}) is FAIL


def test_the_tier4_institution_needs_5000_cases_of_which_1000_grade_3() -> None:
    volume = {"cases_5y": 5000, "grade3_cases_5y": 1000}
    assert (
        outcome("tier4_volume", {"profile": {"tier4": True, "tier4_institution": volume}}) is PASS
    )
    fewer = {**volume, "grade3_cases_5y": 999}
    assert outcome("tier4_volume", {"profile": {"tier4": True, "tier4_institution": fewer}}) is FAIL
    assert outcome("tier4_volume", {"profile": {"tier4": False, "tier4_institution": fewer}}) is NA
    assert outcome("tier4_volume", {"profile": {"tier4_institution": volume}}) is UNKNOWN


def test_oncology_subjects_only_where_tumours_are_treated_at_tier4() -> None:
    registered = {"oncology_registered": True, "radiotherapy_registered": False}
    both = {"tier4": True, "oncology": True, "tier4_institution": registered}
    assert outcome("oncology_subjects", {"profile": both}) is FAIL
    assert outcome("oncology_subjects", {"profile": {**both, "oncology": False}}) is NA


def physician(**profile: Any) -> dict[str, Any]:
    return {"title": "attending", "licence_no": "110", "profile": profile}


def test_a_physician_needs_5_years_and_200_cases() -> None:
    experience = {"clinical_since": "2019-06-30", "digestive_now": True, "assisted_cases": 200}
    assert outcome("experience", physician(experience=experience)) is PASS
    late = {**experience, "clinical_since": "2019-07-01"}
    assert outcome("experience", physician(experience=late)) is FAIL
    fewer = {**experience, "assisted_cases": 199}
    assert outcome("experience", physician(experience=fewer)) is FAIL


def test_the_tier4_physician_needs_3000_cases_300_grade3_and_an_attending_title() -> None:
    tier4 = {
        "independent": True,
        "endoscopy_since": "2019-06-30",
        "independent_cases": 3000,
        "grade3_cases": 300,
    }
    assert outcome("tier4_physician", physician(tier4_physician=tier4)) is PASS
    resident = {**physician(tier4_physician=tier4), "title": "resident"}
    assert outcome("tier4_physician", resident) is FAIL
    for key, value in (("independent_cases", 2999), ("grade3_cases", 299)):
        fewer = physician(tier4_physician={**tier4, key: value})
        assert outcome("tier4_physician", fewer) is FAIL, key
    alone = physician(tier4_physician={"independent": False})
    assert outcome("tier4_physician", alone) is NA


def training(route: str, **fields: Any) -> dict[str, Any]:
    return physician(training={"route": route, **fields})


def test_training_six_months_fifty_cases_sixty_managed_patients() -> None:
    base = {"base_filed": True, "months": 6, "cases": 50, "managed_cases": 60, "passed": True}
    assert outcome("training", training("base", **base)) is PASS
    assert outcome("managed_patients", training("base", **base)) is PASS
    assert outcome("training", training("base", **{**base, "months": 5})) is FAIL
    assert outcome("managed_patients", training("base", **{**base, "managed_cases": 59})) is FAIL
    assert outcome("managed_patients", training("overseas", months=6)) is NA
    abroad = {"months": 6, "certificate": True, "assessed_by_filed_base": True}
    assert outcome("training", training("overseas", **abroad)) is PASS
    assert outcome("training", training("overseas", **{**abroad, "months": 5})) is FAIL


def test_the_exemption_counts_endoscopy_years_title_years_and_100_tier4_cases() -> None:
    exemption = {
        "clinical_years": 5,
        "title": "attending",
        "title_years": 5,
        "recent_cases": 100,
        "serious_adverse_event": False,
    }
    assert outcome("training", training("exempt", exemption=exemption)) is PASS
    for key, value in (("clinical_years", 4), ("title_years", 4), ("recent_cases", 99)):
        worse = training("exempt", exemption={**exemption, key: value})
        assert outcome("training", worse) is FAIL, key


def case(grade: str, decider_title: str, institution: int = 1) -> dict[str, Any]:
    return {
        "institution_id": 1,
        "answers": {"grade": {"grade": grade}, "team": {"deciders": [{"id": "7", "name": "张"}]}},
        "physicians": {
            "7": {
                "id": "7",
                "name": "张",
                "title": decider_title,
                "qualified": "pass",
                "institution_id": institution,
                "registered_here": True,
            }
        },
    }


def test_a_grade4_case_is_decided_by_an_associate_chief_of_the_institution() -> None:
    assert outcome("deciders", case("3", "resident")) is PASS
    assert outcome("deciders_tier4", case("3", "resident")) is NA
    assert outcome("deciders_tier4", case("4", "attending")) is FAIL
    assert outcome("deciders_tier4", case("4", "associate_chief")) is PASS
    assert outcome("deciders_tier4", case("4", "chief", institution=2)) is FAIL
    assert outcome("deciders", case("3", "chief", institution=2)) is FAIL
