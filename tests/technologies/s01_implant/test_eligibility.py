"""口腔颌面复杂种植技术 (2022 S01): the norm's checks at their boundaries.

二(一)2 10 years and 副主任医师; 四(一)2 3-6 months and 10 cases; 四(一)4 the exemption
(15 years, 副主任医师, 20 cases in 3 years); 一(二) by hospital kind; 三(二) both
consents; 四(二) the base's volume by hospital kind and its senior share above 50 %.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.s01_implant.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id.rsplit(".", 1)[-1]: c for c in NORM.checks("2022")}
    return checks[name].evaluate({"as_of": AS_OF, **subject}).outcome


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {
        "title": title,
        "licence_no": "110510100000001",
        "registered_here": True,
        "general": {"practice_scopes": ["dental"]},
        "profile": profile,
    }


TRAINED = {"route": "base", "base_filed": True, "months": 3, "cases": 10, "passed": True}


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.split()[-1] for c in NORM.checks("2022")}
    assert {"一(一)", "一(二)", "一(三)", "一(四)", "一(五)"} <= clauses
    assert {"二(一)1", "二(一)2", "二(一)3", "二(二)1", "二(二)2"} <= clauses
    assert {"三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)1", "三(六)2"} <= clauses
    assert {"四(一)1", "四(一)2", "四(一)3", "四(一)4"} <= clauses


def test_ten_years_of_dental_practice_and_associate_chief() -> None:
    assert outcome("experience", physician("associate_chief", specialty_since="2014-06-30")) is PASS
    assert outcome("experience", physician("associate_chief", specialty_since="2014-07-01")) is FAIL
    assert outcome("title", physician("associate_chief")) is PASS
    assert outcome("title", physician("attending")) is FAIL
    assert outcome("licence", physician("attending")) is PASS
    other = physician("attending")
    other["general"] = {"practice_scopes": ["surgery"]}
    assert outcome("licence", other) is FAIL
    elsewhere = physician("attending")
    elsewhere["registered_here"] = False
    assert outcome("licence", elsewhere) is FAIL


def test_three_months_and_ten_cases_at_a_base() -> None:
    assert outcome("training", physician("attending", training=TRAINED)) is PASS
    short = {**TRAINED, "months": 2}
    assert outcome("training", physician("attending", training=short)) is FAIL
    fewer = {**TRAINED, "cases": 9}
    assert outcome("training_base", physician("attending", training=fewer)) is FAIL
    abroad = {"route": "overseas", "months": 3, "certificate": True}
    abroad["assessed_by_filed_base"] = True
    assert outcome("training_overseas", physician("attending", training=abroad)) is PASS
    abroad_short = {**abroad, "months": 2}
    assert outcome("training_overseas", physician("attending", training=abroad_short)) is FAIL


def test_the_exemption_asks_fifteen_years_and_twenty_cases_in_three() -> None:
    exemption = {
        "clinical_years": 15,
        "title": "associate_chief",
        "recent_cases": 20,
        "serious_adverse_event": False,
    }
    exempt = {"route": "exempt", "exemption": exemption}
    assert outcome("training", physician("associate_chief", training=exempt)) is PASS
    for change in ({"clinical_years": 14}, {"recent_cases": 19}, {"title": "attending"}):
        less = {"route": "exempt", "exemption": {**exemption, **change}}
        assert outcome("training", physician("associate_chief", training=less)) is FAIL, change


def test_departments_follow_the_hospital_kind() -> None:
    general = {"general": {"kind": "general"}}
    special = {"general": {"kind": "specialized"}}
    registered = {"dental_department": True, "dental_registered": True}
    subject = {**general, "profile": {"departments": registered}}
    assert outcome("general_hospital", subject) is PASS
    assert outcome("specialty_hospital", subject) is NA
    missing = {**general, "profile": {"departments": {**registered, "dental_registered": False}}}
    assert outcome("general_hospital", missing) is FAIL
    related = {**special, "profile": {"departments": {"related_registered": True}}}
    assert outcome("specialty_hospital", related) is PASS
    assert outcome("general_hospital", related) is NA


def test_both_consents_before_the_operation() -> None:
    answers = {
        "consent": {"signed": True, "date": "2024-03-01"},
        "procedure": {"date": "2024-03-01"},
        "materials": {"high_value_consent": True},
    }
    assert outcome("consent", {"answers": answers}) is PASS
    no_materials = {**answers, "materials": {"high_value_consent": False}}
    assert outcome("consent", {"answers": no_materials}) is FAIL
    late = {**answers, "consent": {"signed": True, "date": "2024-03-02"}}
    assert outcome("consent", {"answers": late}) is FAIL


def base(kind: str, **fields: Any) -> dict[str, Any]:
    return {"general": {"kind": kind, "grade": "3A"}, "profile": {"training_base": fields}}


def test_the_training_base_volume_depends_on_the_hospital_kind() -> None:
    assert outcome("base_volume", base("general", applies=True, annual_cases=100)) is PASS
    assert outcome("base_volume", base("general", applies=True, annual_cases=99)) is FAIL
    assert outcome("base_volume", base("specialized", applies=True, annual_cases=199)) is FAIL
    assert outcome("base_volume", base("specialized", applies=True, annual_cases=200)) is PASS
    assert outcome("base_volume", base("general", applies=False)) is NA


def test_the_senior_share_must_exceed_half() -> None:
    half = base("general", applies=True, senior_physicians=5, department_physicians=10)
    assert outcome("base_seniority", half) is FAIL
    more = base("general", applies=True, senior_physicians=6, department_physicians=11)
    assert outcome("base_seniority", more) is PASS
    assert outcome("base_seniority", base("general", applies=True)) is UNKNOWN
    assert outcome("base_tutors", base("general", applies=True, tutors=4, chief_tutors=1)) is PASS
    assert outcome("base_tutors", base("general", applies=True, tutors=3, chief_tutors=1)) is FAIL
