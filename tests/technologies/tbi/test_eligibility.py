"""全身高能X线（及钴60γ线）照射技术 (2023 S07): the norm's checks at their boundaries.

The staff are three professions: each registry entry's post (``role``) decides
which of 二(一) (physicians), 二(二) (physicists) and 二(三) (technicians)
applies; 四(一) trains physicians and physicists only. 三(四) holds every case to
附件2's floors and ceilings (照射野不得小于140 cm, 剂量率不得小于3cGy/min, 全肺剂量
不得高于8Gy).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.host import get_host
from rtech.plugins.tbi.checks import NORM
from rtech.testing.seeds import seed_text, squash

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id.rsplit(".", 1)[-1]: c for c in NORM.checks("2023")}
    return checks[name].evaluate({"as_of": AS_OF, **subject}).outcome


def person(role: str, title: str, **profile: Any) -> dict[str, Any]:
    return {
        "title": title,
        "licence_no": "110510100000001",
        "general": {"practice_scopes": ["imaging_radiotherapy"]},
        "profile": {"role": role, **profile},
    }


def test_each_profession_is_judged_by_its_own_clauses() -> None:
    physicist = person(
        "physicist",
        "associate_chief",
        certificates={"physicist": True, "la_physicist": True},
        physics_since="2019-06-30",
    )
    assert outcome("physicist", physicist) is PASS
    assert outcome("la_physician", physicist) is NA
    assert outcome("technician", physicist) is NA
    assert outcome("licence", physicist) is NA
    # 从事放射物理专业工作5年以上: a day short fails
    short = person(
        "physicist",
        "associate_chief",
        certificates={"physicist": True, "la_physicist": True},
        physics_since="2019-07-01",
    )
    assert outcome("physicist", short) is FAIL
    # 副高级 required of a physicist, 中级 of a technician
    assert outcome("physicist", {**physicist, "title": "attending"}) is FAIL
    technician = person(
        "technician",
        "attending",
        certificates={"technician": True, "la_technician": True},
        technique_since="2019-06-30",
    )
    assert outcome("technician", technician) is PASS
    assert outcome("technician", {**technician, "title": "resident"}) is FAIL
    assert outcome("trainee", technician) is NA  # 四(一) trains physicians and physicists


def test_physician_needs_the_scope_the_la_certificate_and_five_years() -> None:
    doctor = person(
        "physician",
        "associate_chief",
        certificates={"la_physician": True},
        radiotherapy_since="2019-06-30",
    )
    assert outcome("licence", doctor) is PASS
    assert outcome("la_physician", doctor) is PASS
    assert outcome("physician_experience", doctor) is PASS
    assert outcome("physician_title", doctor) is PASS
    assert outcome("physician_experience", {**doctor, "profile": {
        **doctor["profile"], "radiotherapy_since": "2019-07-01"}}) is FAIL  # fmt: skip
    assert outcome("physician_title", {**doctor, "title": "attending"}) is FAIL
    other_scope = {**doctor, "general": {"practice_scopes": ["internal_medicine"]}}
    assert outcome("licence", other_scope) is FAIL


def test_three_cases_under_a_tutor_or_six_months_abroad() -> None:
    def trained(**training: Any) -> dict[str, Any]:
        return person("physician", "attending", training=training)

    base = {"route": "base", "base_filed": True, "months": 1, "cases": 3, "passed": True}
    assert outcome("training_cases", trained(**base)) is PASS
    assert outcome("training_cases", trained(**{**base, "cases": 2})) is FAIL
    abroad = {"route": "overseas", "months": 6, "certificate": True, "assessed_by_filed_base": True}
    assert outcome("training_overseas", trained(**abroad)) is PASS
    assert outcome("training_overseas", trained(**{**abroad, "months": 5})) is FAIL
    assert outcome("training_overseas", trained(**base)) is NA


def institution(grade: str, **profile: Any) -> dict[str, Any]:
    return {"general": {"grade": grade}, "profile": profile}


def test_institution_bounds() -> None:
    department = {"since": "2014-06-30", "beds": 20, "cases_3y": 15, "no_accident_3y": True}
    assert outcome("experience", institution("3A", department=department)) is PASS
    for key, short in (("since", "2014-07-01"), ("beds", 19), ("cases_3y", 14)):
        lacking = {**department, key: short}
        assert outcome("experience", institution("3A", department=lacking)) is FAIL, key
    assert outcome("level", institution("3B", department={"registered": True})) is PASS
    assert outcome("level", institution("2A", department={"registered": True})) is FAIL
    staff = {"physicists_senior": 1, "technicians_intermediate": 3}
    assert outcome("staff", institution("3A", staff=staff)) is PASS
    lacking = {**staff, "technicians_intermediate": 2}
    assert outcome("staff", institution("3A", staff=lacking)) is FAIL


@pytest.mark.parametrize(
    ("field", "size", "rate", "lung", "expected"),
    [
        ("ok", 140, 3, 8, PASS),
        ("field", 139, 3, 8, FAIL),
        ("rate", 140, 2.9, 8, FAIL),
        ("lung", 140, 3, 8.1, FAIL),
    ],
)
def test_every_case_within_annex_2(
    field: str, size: float, rate: float, lung: float, expected: Outcome
) -> None:
    case = {"answers": {"tbi": {"field_size_cm": size, "dose_rate": rate, "lung_dose_gy": lung}}}
    assert outcome("special", case) is expected, field


def test_the_team_is_present_at_the_first_fraction() -> None:
    present = {"answers": {"tbi": {"team_formed": True, "team_present": True}}}
    absent = {"answers": {"tbi": {"team_formed": True, "team_present": False}}}
    assert outcome("team_present", present) is PASS
    assert outcome("team_present", absent) is FAIL


def test_base_clauses_only_for_a_base() -> None:
    assert outcome("base_grade", institution("3A", base_applies=False)) is NA
    base = {"beds": 40, "years": 20, "annual_radiotherapy": 1000}
    assert outcome("base_grade", institution("3A", base_applies=True, base=base)) is PASS
    fewer = {**base, "beds": 39}
    assert outcome("base_grade", institution("3A", base_applies=True, base=fewer)) is FAIL
    assert outcome("base_grade", institution("3B", base_applies=True, base=base)) is FAIL


def test_quotes_stand_in_the_seed() -> None:
    text = squash(seed_text("2023"))
    for check in get_host().eligibility_checks("tbi", "2023"):
        assert squash(check.citation.quote) in text, check.id


def test_only_physicians_count_as_the_two_physicians() -> None:
    def member(number: int, role: str, qualified: str = "pass") -> dict[str, Any]:
        return {
            "id": number,
            "name": f"员工{number}",
            "role": role,
            "registered_here": True,
            "active": True,
            "qualified": qualified,
        }

    two = [member(1, "physician"), member(2, "physician"), member(3, "physicist")]
    assert outcome("physicians", {"physicians": two}) is PASS
    # A qualified physicist and technician do not make up for a missing physician.
    one = [member(1, "physician"), member(3, "physicist"), member(4, "technician")]
    assert outcome("physicians", {"physicians": one}) is FAIL
    unsure = [member(1, "physician"), member(2, "physician", "unknown")]
    assert outcome("physicians", {"physicians": unsure}) is UNKNOWN
