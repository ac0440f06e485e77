"""呼吸内镜诊疗技术 (2023 S10): the norm's checks, tiered by 四级, at their boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech import Outcome
from rtech.plugins.resp_endoscopy.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
CHECKS = {c.id: c for c in NORM.checks("2023")}


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    section = next(
        k
        for k in ("institution", "personnel", "case", "training_base")
        if f"resp_endoscopy.{k}.{name}" in CHECKS
    )
    check = CHECKS[f"resp_endoscopy.{section}.{name}"]
    return check.evaluate({"as_of": AS_OF.isoformat(), **subject}).outcome


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.removeprefix("管理规范 ") for c in CHECKS.values()}
    numbers = ["一(一)", "一(二)", "一(二)1", "一(二)2", "一(二)4", "一(二)5", "一(三)5"]
    numbers += [f"一(二)3({i})" for i in range(1, 6)]
    numbers += ["二(一)1(1)", "二(一)2(2)", "二(二)"] + [f"三({i})" for i in "一二三四五六七"]
    numbers += ["三(八)1", "三(八)2"] + [f"四(一){i}" for i in range(1, 6)]
    assert set(numbers) <= clauses


def test_rooms_at_their_areas() -> None:
    prep = {"independent": True, "area": 10, "oxygen": True, "staffed": True}
    assert outcome("prep_room", {"profile": {"prep_room": prep}}) is PASS
    assert outcome("prep_room", {"profile": {"prep_room": {**prep, "area": 9.9}}}) is FAIL
    assert outcome("room_area", {"profile": {"rooms": {"smallest_area": 20}}}) is PASS
    assert outcome("room_area", {"profile": {"rooms": {"smallest_area": 19.5}}}) is FAIL
    # 一(二)3(4): an aseptic room only where 内科胸腔镜 is performed.
    assert outcome("room_aseptic", {"profile": {"thoracoscopy": False}}) is NA
    aseptic = {"thoracoscopy": True, "rooms": {"aseptic_thoracoscopy": False}}
    assert outcome("room_aseptic", {"profile": aseptic}) is FAIL


def test_grade4_institution_volume() -> None:
    volume = {"cases_5y": 1000, "grade3_cases_5y": 200}
    assert outcome("grade4_volume", {"profile": {"grade4": True, "grade4_conditions": volume}}) is (
        PASS
    )
    short = {"grade4": True, "grade4_conditions": {**volume, "grade3_cases_5y": 199}}
    assert outcome("grade4_volume", {"profile": short}) is FAIL
    assert outcome("grade4_volume", {"profile": {"grade4": False}}) is NA


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


def test_grade4_physician_is_an_attending_with_five_years_and_300_cases() -> None:
    assert outcome("grade4_title", physician("attending", grade4_independent=True)) is PASS
    assert outcome("grade4_title", physician("resident", grade4_independent=True)) is FAIL
    assert outcome("grade4_title", physician("resident", grade4_independent=False)) is NA
    ok = physician("attending", grade4_independent=True, specialty_since="2019-06-30")
    assert outcome("grade4_experience", ok) is PASS
    late = physician("attending", grade4_independent=True, specialty_since="2019-07-01")
    assert outcome("grade4_experience", late) is FAIL
    cases = {"grade4_independent": True, "cases_independent": 300, "grade3_done": 100}
    assert outcome("grade4_cases", physician("attending", **cases)) is PASS
    assert outcome("grade4_cases", physician("attending", **cases | {"grade3_done": 99})) is FAIL


def test_exemption_and_base_training() -> None:
    exempt = {
        "route": "exempt",
        "exemption": {"recent_cases": 1000, "serious_adverse_event": False},
    }
    doctor = physician(
        "attending", grade4_independent=True, training=exempt, exempt_grade4_cases=100
    )
    assert outcome("training", doctor) is PASS
    assert outcome("exempt_grade4", doctor) is PASS
    fewer = {**doctor, "profile": {**doctor["profile"], "exempt_grade4_cases": 99}}
    assert outcome("exempt_grade4", fewer) is FAIL
    base = {"route": "base", "base_filed": True, "months": 6, "cases": 50, "managed_cases": 100}
    trained = physician("attending", grade4_independent=True, training=base | {"passed": True})
    assert outcome("training_base", trained) is PASS
    assert outcome("managed", trained) is PASS
    fewer_managed = base | {"managed_cases": 99, "passed": True}
    assert outcome(
        "managed", physician("attending", grade4_independent=True, training=fewer_managed)
    ) is (FAIL)


def test_grade4_case_decided_by_an_attending() -> None:
    def case(grade: str, title: str) -> dict[str, Any]:
        person = {"id": 1, "name": "王建国", "institution_id": 1, "title": title}
        return {
            "institution_id": 1,
            "answers": {"grade": {"grade": grade}, "team": {"deciders": [{"id": "1"}]}},
            "physicians": {"1": person | {"qualified": "pass"}},
        }

    assert outcome("grade4_deciders", case("4", "attending")) is PASS
    assert outcome("grade4_deciders", case("4", "resident")) is FAIL
    assert outcome("grade4_deciders", case("3", "resident")) is NA
    assert outcome("deciders", case("3", "resident")) is PASS
