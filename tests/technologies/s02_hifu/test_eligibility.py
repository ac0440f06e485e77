"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02): the norm's checks at their boundaries.

30 tumour beds; 5 years of oncology and 主治医师; 6 months, 40 cases and 20 学时 at a
base; the exemption (10 years, 副主任医师, 80 cases); each case's MDT, indication and
contraindications; the base's serious complications below 5 % and deaths below 0.2 %
computed from its own cases of the year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.s02_hifu.checks import NORM
from tests.technologies.s02_hifu.cases import answers

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN


def outcome(name: str, subject: dict[str, Any], as_of: date = AS_OF) -> Outcome:
    checks = {c.id.rsplit(".", 1)[-1]: c for c in NORM.checks("2022")}
    return checks[name].evaluate({"as_of": as_of, **subject}).outcome


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {
        "title": title,
        "licence_no": "110510100000001",
        "registered_here": True,
        "general": {"practice_scopes": ["internal_medicine"]},
        "profile": profile,
    }


TRAINED = {"route": "base", "base_filed": True, "months": 6, "cases": 40, "passed": True}


def test_beds_and_the_technical_lead() -> None:
    assert outcome("beds", {"profile": {"departments": {"oncology_beds": 30}}}) is PASS
    assert outcome("beds", {"profile": {"departments": {"oncology_beds": 29}}}) is FAIL
    lead = {"profile": {"lead": {"title": "associate_chief"}}}
    assert outcome("lead", lead) is PASS
    assert outcome("lead", {"profile": {"lead": {"title": "attending"}}}) is FAIL
    one = {"profile": {"imaging": {"modalities": ["ultrasound"], "pacs": True}}}
    assert outcome("imaging", one) is PASS
    none = {"profile": {"imaging": {"modalities": [], "pacs": True}}}
    assert outcome("imaging", none) is FAIL


def test_five_years_of_oncology_and_an_attending() -> None:
    five = physician("attending", specialty_since="2019-06-30")
    assert outcome("experience", five) is PASS
    assert outcome("experience", physician("attending", specialty_since="2019-07-01")) is FAIL
    assert outcome("title", five) is PASS
    assert outcome("title", physician("resident")) is FAIL
    # 四(一)1 asks three years, no title
    assert (
        outcome("trainee_experience", physician("resident", specialty_since="2021-06-30")) is PASS
    )
    assert (
        outcome("trainee_experience", physician("resident", specialty_since="2021-07-01")) is FAIL
    )
    assert outcome("trainee_requirements", physician("resident")) is PASS


def test_six_months_forty_cases_and_twenty_hours() -> None:
    assert outcome("training", physician("attending", training=TRAINED)) is PASS
    for change in ({"months": 5}, {"cases": 39}):
        short = physician("attending", training={**TRAINED, **change})
        assert outcome("training", short) is FAIL, change
    hours = physician("attending", training=TRAINED, training_theory_hours=20)
    assert outcome("theory_hours", hours) is PASS
    fewer = physician("attending", training=TRAINED, training_theory_hours=19)
    assert outcome("theory_hours", fewer) is FAIL
    exempt = {
        "route": "exempt",
        "exemption": {
            "clinical_years": 10,
            "title": "associate_chief",
            "recent_cases": 80,
            "serious_adverse_event": False,
        },
    }
    assert outcome("theory_hours", physician("associate_chief", training=exempt)) is NA
    assert outcome("training", physician("associate_chief", training=exempt)) is PASS
    less = {**exempt, "exemption": {**exempt["exemption"], "recent_cases": 79}}
    assert outcome("training", physician("associate_chief", training=less)) is FAIL
    # no route abroad in this norm
    assert "s02_hifu.personnel.training_overseas" not in {c.id for c in NORM.checks("2022")}


def test_each_case_is_discussed_indicated_and_free_of_contraindications() -> None:
    assert outcome("case_indication", {"answers": answers(1)}) is PASS
    for change in (
        {"indication.mdt_discussed": False},
        {"indication.site": "other"},
        {"indication.contraindications": ["organ_failure"]},
    ):
        assert outcome("case_indication", {"answers": answers(1, **change)}) is FAIL, change


def base_cases(total: int, serious: int, dead: int) -> dict[str, Any]:
    """``total`` treatments of 2023-06 (in the year before AS_OF less 30 days)."""
    found = []
    for n in range(total):
        changes: dict[str, Any] = {"procedure.date": "2023-06-01", "consent.date": "2023-05-31"}
        if n < serious:
            changes["complications"] = {
                "occurred": True,
                "events": [
                    {
                        "kind": "bowel_injury",
                        "onset_date": "2023-06-03",
                        "serious": True,
                        "severity": "severe",
                        "outcome": "recovered",
                    }
                ],
            }
        if n < dead:
            changes["death"] = {"status": "died", "date": "2023-06-10"}
        found.append({"answers": answers(n, **changes), "procedure_date": "2023-06-01"})
    return {
        "general": {"grade": "3A"},
        "profile": {"training_base": {"applies": True}},
        "cases": found,
    }


def test_the_base_rates_come_from_its_own_cases() -> None:
    # 1 serious of 20 = 5 % is not below 5 %; 1 of 21 = 4.76 % is.
    assert outcome("base_complications", base_cases(20, 1, 0)) is FAIL
    assert outcome("base_complications", base_cases(21, 1, 0)) is PASS
    # 1 death of 500 = 0.2 % is not below 0.2 %; 1 of 501 is.
    assert outcome("base_mortality", base_cases(500, 0, 1)) is FAIL
    assert outcome("base_mortality", base_cases(501, 0, 1)) is PASS
    not_base = {"profile": {"training_base": {"applies": False}}}
    assert outcome("base_mortality", not_base) is NA
