"""咽喉内镜诊疗技术 (2023 S13): the norm's checks, tiered by 四级, at their boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.laryngeal_endoscopy.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
CHECKS = {c.id: c for c in NORM.checks("2023")}


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    section = next(
        k
        for k in ("institution", "personnel", "case", "training_base")
        if f"laryngeal_endoscopy.{k}.{name}" in CHECKS
    )
    check = CHECKS[f"laryngeal_endoscopy.{section}.{name}"]
    return check.evaluate({"as_of": AS_OF.isoformat(), **subject}).outcome


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.removeprefix("管理规范 ") for c in CHECKS.values()}
    for number in ("一(一)", "一(三)", "一(四)", "一(五)1", "一(五)5", "二(一)1(1)", "二(一)2(2)"):
        assert number in clauses
    for number in ("二(二)", "三(一)", "三(六)2", "四(一)3", "四(一)4", "四(一)5", "四(二)1(6)"):
        assert number in clauses


def test_laryngology_volume_per_year() -> None:
    base = {"ward_or_team": True, "patients_per_year": 300, "treated_per_year": 200}
    assert outcome("laryngology", {"profile": {"laryngology": base}}) is PASS
    fewer = {**base, "treated_per_year": 199}
    assert outcome("laryngology", {"profile": {"laryngology": fewer}}) is FAIL


def test_grade4_institution_volume() -> None:
    volume = {"cases_5y": 500, "grade3_cases_5y": 250, "leading": True}
    profile = {"grade4": True, "grade4_conditions": volume}
    assert outcome("grade4_volume", {"profile": profile}) is PASS
    short = {**profile, "grade4_conditions": {**volume, "cases_5y": 499}}
    assert outcome("grade4_volume", {"profile": short}) is FAIL
    assert outcome("grade4_volume", {"profile": {"grade4": False}}) is NA


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


def test_physicians_three_years_and_grade4_associate_chief() -> None:
    assert outcome("experience", physician("resident", specialty_since="2021-06-30")) is PASS
    assert outcome("experience", physician("resident", specialty_since="2021-07-01")) is FAIL
    # 二(一)2(1): 副主任医师, without a number of years (S12 asks three).
    assert outcome("grade4_title", physician("associate_chief", grade4_independent=True)) is PASS
    assert outcome("grade4_title", physician("attending", grade4_independent=True)) is FAIL
    assert outcome("grade4_title", physician("attending", grade4_independent=False)) is NA
    cases = {"grade4_independent": True, "cases_done": 500, "grade3_independent": 200}
    assert outcome("grade4_cases", physician("chief", **cases)) is PASS
    fewer = {**cases, "grade3_independent": 199}
    assert outcome("grade4_cases", physician("chief", **fewer)) is FAIL


def test_exemption_counts_two_numbers() -> None:
    exempt = {
        "route": "exempt",
        "exemption": {
            "clinical_years": 10,
            "title": "associate_chief",
            "recent_cases": 200,
            "serious_adverse_event": False,
        },
    }
    doctor = physician(
        "associate_chief", grade4_independent=True, training=exempt, exempt_grade4_cases=20
    )
    assert outcome("training", doctor) is PASS
    assert outcome("exempt_grade4", doctor) is PASS
    short = {**doctor, "profile": {**doctor["profile"], "exempt_grade4_cases": 19}}
    assert outcome("exempt_grade4", short) is FAIL
    trained = physician(
        "associate_chief",
        grade4_independent=True,
        training={
            "route": "base",
            "base_filed": True,
            "months": 3,
            "cases": 10,
            "managed_cases": 20,
            "passed": True,
        },
    )
    assert outcome("exempt_grade4", trained) is NA
    assert outcome("training_base", trained) is PASS
    assert outcome("managed", trained) is PASS


def test_grade4_case_decided_by_an_associate_chief() -> None:
    def case(grade: str, title: str) -> dict[str, Any]:
        person = {"id": 1, "name": "王建国", "institution_id": 1, "title": title}
        return {
            "institution_id": 1,
            "answers": {"grade": {"grade": grade}, "team": {"deciders": [{"id": "1"}]}},
            "physicians": {"1": person | {"qualified": "pass"}},
        }

    assert outcome("grade4_deciders", case("4", "associate_chief")) is PASS
    assert outcome("grade4_deciders", case("4", "attending")) is FAIL
    assert outcome("grade4_deciders", case("3", "attending")) is NA
    assert outcome("deciders", case("3", "attending")) is PASS


def test_training_abroad_has_no_length() -> None:
    # 四(一)4: a certificate and an assessment at a filed base, no number of months.
    abroad = {"route": "overseas", "certificate": True, "assessed_by_filed_base": True}
    doctor = physician("associate_chief", grade4_independent=True, training=abroad)
    assert outcome("training_overseas", doctor) is PASS
    unassessed = {**abroad, "assessed_by_filed_base": False}
    doctor = physician("associate_chief", grade4_independent=True, training=unassessed)
    assert outcome("training_overseas", doctor) is FAIL
    assert "0个月" not in NORM.training_rule("2023").describe()
