"""鼻科内镜诊疗技术 (2023 S12): the norm's checks, tiered by 四级, at their boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.nasal_endoscopy.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
CHECKS = {c.id: c for c in NORM.checks("2023")}


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    section = next(
        k
        for k in ("institution", "personnel", "case", "training_base")
        if f"nasal_endoscopy.{k}.{name}" in CHECKS
    )
    check = CHECKS[f"nasal_endoscopy.{section}.{name}"]
    return check.evaluate({"as_of": AS_OF.isoformat(), **subject}).outcome


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.removeprefix("管理规范 ") for c in CHECKS.values()}
    for number in ("一(一)", "一(七)", "一(八)5", "二(一)1(3)", "二(一)2(2)", "二(二)"):
        assert number in clauses
    for number in ("三(一)", "三(二)", "三(六)2", "四(一)1", "四(一)5", "四(二)2(4)"):
        assert number in clauses


def test_grade4_institution_clauses_apply_only_to_grade4() -> None:
    volume = {"rhinology_beds": 30, "cases_5y": 1000, "grade3_cases_5y": 500}
    assert outcome("grade4_volume", {"profile": {"grade4": False}}) is NA
    on_bound = {"grade4": True, "grade4_conditions": volume}
    assert outcome("grade4_volume", {"profile": on_bound}) is PASS
    short = {"grade4": True, "grade4_conditions": {**volume, "grade3_cases_5y": 499}}
    assert outcome("grade4_volume", {"profile": short}) is FAIL
    # 一(八)5 needs 四级 and a tumour practice.
    tumour = {"grade4": True, "tumour": True, "grade4_conditions": {}}
    assert outcome("tumour_subjects", {"profile": {**tumour, "tumour": False}}) is NA
    assert outcome("tumour_subjects", {"profile": tumour}) is UNKNOWN


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


def test_grade4_physician_holds_associate_chief_three_years() -> None:
    on_day = physician("associate_chief", grade4_independent=True, title_since="2021-06-30")
    day_short = physician("associate_chief", grade4_independent=True, title_since="2021-07-01")
    assert outcome("grade4_title", on_day) is PASS
    assert outcome("grade4_title", day_short) is FAIL
    assert outcome("grade4_title", physician("chief", grade4_independent=True)) is PASS
    assert outcome("grade4_title", physician("attending", grade4_independent=False)) is NA
    # 二(一)1(2): 主治医师 and 100 cases for everyone.
    assert outcome("title", physician("attending")) is PASS
    assert outcome("title", physician("resident")) is FAIL
    assert outcome("cases", physician("attending", rhinology_now=True, cases_assisted=100)) is PASS
    assert outcome("cases", physician("attending", rhinology_now=True, cases_assisted=99)) is FAIL


def test_grade4_training_routes_and_exemption() -> None:
    exempt = {
        "route": "exempt",
        "exemption": {
            "clinical_years": 10,
            "title": "associate_chief",
            "title_years": 3,
            "recent_cases": 100,
            "serious_adverse_event": False,
        },
    }
    grade4 = physician("associate_chief", grade4_independent=True, training=exempt)
    assert outcome("training", grade4) is PASS
    fewer = {**exempt, "exemption": {**exempt["exemption"], "recent_cases": 99}}
    assert outcome("training", {**grade4, "profile": {**grade4["profile"], "training": fewer}}) is (
        FAIL
    )
    base = {"route": "base", "base_filed": True, "months": 6, "cases": 15, "managed_cases": 30}
    trained = physician(
        "associate_chief", grade4_independent=True, training=base | {"passed": True}
    )
    assert outcome("training_base", trained) is PASS
    five_months = base | {"months": 5, "passed": True}
    short = physician("associate_chief", grade4_independent=True, training=five_months)
    assert outcome("training_base", short) is FAIL
    assert outcome("training", physician("attending", grade4_independent=False)) is NA


def case(grade: str, decider: dict[str, Any]) -> dict[str, Any]:
    return {
        "institution_id": 1,
        "answers": {
            "grade": {"grade": grade},
            "team": {"deciders": [{"id": "1", "name": "王建国"}]},
        },
        "physicians": {"1": {"id": 1, "name": "王建国", "institution_id": 1} | decider},
    }


def test_grade4_case_decided_by_associate_chief_of_three_years() -> None:
    on_day = {"title": "associate_chief", "title_since": "2021-06-30", "qualified": "pass"}
    day_short = {**on_day, "title_since": "2021-07-01"}
    assert outcome("grade4_deciders", case("4", on_day)) is PASS
    assert outcome("grade4_deciders", case("4", day_short)) is FAIL
    assert outcome("grade4_deciders", case("3", day_short)) is NA
    # Every case: decided by a qualified physician of this institution.
    attending = {"title": "attending", "qualified": "pass"}
    assert outcome("deciders", case("3", attending)) is PASS
    assert outcome("deciders", case("3", attending | {"institution_id": 2})) is FAIL


def test_training_base_clauses_apply_to_a_base_only() -> None:
    # 四(二)1(2): 开展鼻科诊疗工作不少于10年 … 鼻科开放床位不少于20张.
    base = {"applies": True, "years": 10, "grade4_capable": True, "beds": 20}
    assert outcome("base_experience", {"profile": {"training_base": base}}) is PASS
    fewer = {**base, "beds": 19}
    assert outcome("base_experience", {"profile": {"training_base": fewer}}) is FAIL
    assert outcome("base_experience", {"profile": {"training_base": {"applies": False}}}) is NA
