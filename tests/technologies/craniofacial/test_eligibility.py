"""颅颌面畸形颅面外科矫治技术: the norm's checks of both editions, at their boundaries.

2022 S05 二(一) asks the licence and one of two routes; 2023 S03 二(一) asks all of
licence, 10 years, 副主任医师 and training. Editions differ also in 一(四)1 (Ⅲ级洁净),
一(五)1 (MRI or CT / CT), 三(二) (consultation before every case / where needed) and
四(二) (1000 or 200 a year / 700 or 150; mortality below 0.1% in 2022 only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.plugins.craniofacial.checks import NORM

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = (
    Outcome.PASS,
    Outcome.FAIL,
    Outcome.NOT_APPLICABLE,
    Outcome.UNKNOWN,
)


def outcome(edition: str, name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id: c for c in NORM.checks(edition)}
    section = next(
        k
        for k in ("institution", "personnel", "case", "training_base")
        if f"craniofacial.{k}.{name}" in checks
    )
    return checks[f"craniofacial.{section}.{name}"].evaluate({"as_of": AS_OF, **subject}).outcome


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


TRAINED = {
    "route": "base",
    "base_filed": True,
    "months": 6,
    "cases": 60,
    "managed_cases": 20,
    "passed": True,
}


def test_2022_route_one_is_for_associate_chiefs_with_six_years() -> None:
    on_day = physician("associate_chief", specialty_since="2018-06-30")
    day_short = physician("associate_chief", specialty_since="2018-07-01")
    assert outcome("2022", "senior_route", on_day) is PASS
    assert outcome("2022", "senior_route", day_short) is FAIL
    # an associate chief is judged by route 1 only; route 2 does not apply
    assert outcome("2022", "attending_route", on_day) is NA
    # an attending is judged by route 2 only
    assert outcome("2022", "senior_route", physician("attending")) is NA


def test_2022_route_two_needs_six_years_as_attending_and_training() -> None:
    good = physician(
        "attending", title_since="2018-06-30", specialty_since="2018-06-30", training=TRAINED
    )
    assert outcome("2022", "attending_route", good) is PASS
    short_title = physician(
        "attending", title_since="2018-07-01", specialty_since="2018-06-30", training=TRAINED
    )
    assert outcome("2022", "attending_route", short_title) is FAIL
    # 2022 四(一)2: 60 cases under a tutor; 59 falls short, and 2023's 50 is not enough
    fewer = physician(
        "attending",
        title_since="2018-06-30",
        specialty_since="2018-06-30",
        training={**TRAINED, "cases": 59},
        base_work={"applies": False},
    )
    assert outcome("2022", "attending_route", fewer) is FAIL
    # 2022 四(一)4: three years' work at a designated base stands for the training
    worked = {"applies": True, "years": 3, "passed": True}
    at_base = physician(
        "attending",
        title_since="2018-06-30",
        specialty_since="2018-06-30",
        training={"route": "none"},
        base_work=worked,
    )
    assert outcome("2022", "attending_route", at_base) is PASS
    assert outcome("2022", "base_work", at_base) is PASS
    two_years = physician(
        "attending",
        title_since="2018-06-30",
        specialty_since="2018-06-30",
        training={"route": "none"},
        base_work={**worked, "years": 2},
    )
    assert outcome("2022", "attending_route", two_years) is FAIL
    assert outcome("2022", "base_work", two_years) is FAIL
    assert outcome("2022", "base_work", good) is UNKNOWN  # not asked yet
    assert outcome("2022", "attending_route", physician("resident")) is FAIL


def test_2023_asks_ten_years_and_associate_chief_of_everyone() -> None:
    ids = {c.id for c in NORM.checks("2023")}
    assert "craniofacial.personnel.senior_route" not in ids
    assert "craniofacial.personnel.base_work" not in ids
    ten = physician("associate_chief", specialty_since="2014-06-30")
    assert outcome("2023", "experience", ten) is PASS
    assert outcome("2023", "experience", physician("chief", specialty_since="2014-07-01")) is FAIL
    assert outcome("2023", "title", ten) is PASS
    assert outcome("2023", "title", physician("attending")) is FAIL
    trained = physician("associate_chief", training={**TRAINED, "cases": 50})
    assert outcome("2023", "training", trained) is PASS
    fewer = physician("associate_chief", training={**TRAINED, "cases": 49})
    assert outcome("2023", "training", fewer) is FAIL


def test_licence_and_exemption_are_numbered_as_each_edition_prints_them() -> None:
    def clause(edition: str, check_id: str) -> str:
        found = {c.id: c for c in NORM.checks(edition)}[check_id]
        return found.citation.clause.split()[-1]

    assert clause("2022", "craniofacial.personnel.licence") == "二(一)"
    assert clause("2023", "craniofacial.personnel.licence") == "二(一)1"
    assert clause("2022", "craniofacial.personnel.training_exemption") == "四(一)5"
    assert clause("2023", "craniofacial.personnel.training_exemption") == "四(一)4"
    scopes = {"general": {"practice_scopes": ["dental"]}, "licence_no": "X1234567"}
    assert outcome("2023", "licence", scopes) is PASS
    scopes["general"] = {"practice_scopes": ["internal_medicine"]}
    assert outcome("2023", "licence", scopes) is FAIL


ICU = {
    "standard_compliant": True,
    "cleanliness_class": "IV",
    "beds": 4,
    "area_per_bed": 15,
    "meets_specialty_needs": True,
}


def test_icu_cleanliness_is_a_2022_requirement_and_beds_start_at_four() -> None:
    assert outcome("2022", "icu_setup", {"profile": {"icu": ICU}}) is FAIL
    assert outcome("2023", "icu_setup", {"profile": {"icu": ICU}}) is PASS
    clean = {**ICU, "cleanliness_class": "III"}
    assert outcome("2022", "icu_setup", {"profile": {"icu": clean}}) is PASS
    assert outcome("2023", "icu_setup", {"profile": {"icu": {**ICU, "beds": 3}}}) is FAIL
    small = {**ICU, "area_per_bed": 14.9}
    assert outcome("2023", "icu_setup", {"profile": {"icu": small}}) is FAIL


def test_imaging_mri_or_ct_in_2022_ct_in_2023() -> None:
    support = {
        "departments": ["laboratory", "imaging", "transfusion"],
        "imaging": ["mri"],
        "pacs": True,
        "transfusion": True,
    }
    assert outcome("2022", "support", {"profile": {"support": support}}) is PASS
    assert outcome("2023", "support", {"profile": {"support": support}}) is FAIL
    with_ct = {**support, "imaging": ["ct"]}
    assert outcome("2023", "support", {"profile": {"support": with_ct}}) is PASS
    # 2023: a dental hospital needs an orthodontics department
    hospital = {"dental_hospital": True, "support": {"orthodontics_department": False}}
    assert outcome("2023", "orthodontics", {"profile": hospital}) is FAIL
    assert outcome("2023", "orthodontics", {"profile": {"dental_hospital": False}}) is NA


def test_theatres_follow_what_the_institution_performs() -> None:
    profile = {"scope": ["orthognathic"], "theatre": {"orthognathic_class": "II"}}
    assert outcome("2023", "theatre_orthognathic", {"profile": profile}) is PASS
    assert outcome("2023", "theatre_cranio_orbital", {"profile": profile}) is NA
    cranio = {"scope": ["cranio_orbital"], "theatre": {"cranio_orbital_class": "II"}}
    assert outcome("2022", "theatre_cranio_orbital", {"profile": cranio}) is FAIL
    third = {"scope": ["contouring"], "theatre": {"orthognathic_class": "III"}}
    assert outcome("2022", "theatre_orthognathic", {"profile": third}) is FAIL


@pytest.mark.parametrize(
    ("edition", "cases_5y", "per_year", "expected"),
    [
        ("2022", 999, 199, FAIL),
        ("2022", 1000, 0, PASS),
        ("2022", 0, 200, PASS),
        ("2023", 699, 149, FAIL),
        ("2023", 700, 0, PASS),
        ("2023", 999, 199, PASS),
        ("2023", 0, 150, PASS),
    ],
)
def test_training_base_volume(
    edition: str, cases_5y: int, per_year: int, expected: Outcome
) -> None:
    base = {"applies": True, "cases_5y": cases_5y, "cases_per_year": per_year}
    assert outcome(edition, "base_volume", {"profile": {"training_base": base}}) is expected


def test_training_base_safety_and_tutors() -> None:
    base = {"applies": True, "no_serious_accident": True, "perioperative_mortality_pct": 0.1}
    assert outcome("2022", "base_safety", {"profile": {"training_base": base}}) is FAIL
    assert outcome("2023", "base_safety", {"profile": {"training_base": base}}) is PASS
    base["perioperative_mortality_pct"] = 0.09
    assert outcome("2022", "base_safety", {"profile": {"training_base": base}}) is PASS
    tutors = {
        "applies": True,
        "tutors": 5,
        "omfs_tutors": 3,
        "omfs_chief_tutors": 2,
        "ortho_tutors": 2,
        "ortho_senior_tutors": 1,
    }
    assert outcome("2023", "base_tutors", {"profile": {"training_base": tutors}}) is PASS
    tutors["omfs_chief_tutors"] = 1
    assert outcome("2023", "base_tutors", {"profile": {"training_base": tutors}}) is FAIL
    not_a_base = {"profile": {"training_base": {"applies": False}}}
    assert outcome("2022", "base_tutors", not_a_base) is NA


def test_consultation_before_every_case_in_2022_where_needed_in_2023() -> None:
    skipped = {"answers": {"decision": {"mdt_consulted": False, "mdt_needed": False}}}
    assert outcome("2022", "consultation", skipped) is FAIL
    assert outcome("2023", "consultation", skipped) is PASS
    needed = {"answers": {"decision": {"mdt_consulted": False, "mdt_needed": True}}}
    assert outcome("2023", "consultation", needed) is FAIL
    held = {"answers": {"decision": {"mdt_consulted": True, "mdt_agreed": True, "plan_made": True}}}
    assert outcome("2022", "consultation", held) is PASS
    assert outcome("2023", "consultation", held) is PASS
    ids = {c.id for c in NORM.checks("2022")}
    assert "craniofacial.case.deciders" not in ids
    assert "craniofacial.case.deciders" in {c.id for c in NORM.checks("2023")}


def test_the_training_help_states_the_numbers_of_both_editions() -> None:
    # 2022 S05 has no 二(一)3 of its own (training is part of route 2), yet its
    # physicians read its 四(一) numbers: 60 cases in 2022, 50 in 2023.
    form = NORM.profile_form("physician")
    assert form is not None
    help_text = form["properties"]["training"]["x-help"]
    assert "2022 S05 管理规范 四(一)：至少6个月系统培训，参与60例以上" in help_text
    assert "2023 S03 管理规范 四(一)：至少6个月系统培训，参与50例以上" in help_text


def test_specialty_years_and_beds_at_their_bounds() -> None:
    def specialty(since: str, beds: int) -> dict[str, Any]:
        return {"profile": {"specialty": {"since": since, "beds": beds}}}

    for edition in ("2022", "2023"):
        assert outcome(edition, "specialty", specialty("2019-06-30", 30)) is PASS
        assert outcome(edition, "specialty", specialty("2019-07-01", 30)) is FAIL
        assert outcome(edition, "specialty", specialty("2019-06-30", 29)) is FAIL


@pytest.mark.parametrize("edition", ["2022", "2023"])
def test_training_routes_at_their_bounds(edition: str) -> None:
    cases = {"2022": 60, "2023": 50}[edition]
    base = {**TRAINED, "cases": cases}

    def route(name: str, training: dict[str, Any]) -> Outcome:
        return outcome(edition, name, physician("attending", training=training))

    assert route("training_base", base) is PASS
    assert route("training_base", {**base, "months": 5}) is FAIL
    assert route("training_base", {**base, "managed_cases": 19}) is FAIL
    abroad = {"route": "overseas", "months": 6, "certificate": True, "assessed_by_filed_base": True}
    assert route("training_overseas", abroad) is PASS
    assert route("training_overseas", {**abroad, "months": 5}) is FAIL
    assert route("training_base", abroad) is NA
    exempt = {
        "clinical_years": 15,
        "title": "associate_chief",
        "recent_cases": 100,
        "serious_adverse_event": False,
    }
    assert route("training_exemption", {"route": "exempt", "exemption": exempt}) is PASS
    for changed in (
        {"clinical_years": 14},
        {"recent_cases": 99},
        {"title": "attending"},
        {"serious_adverse_event": True},
    ):
        held = {"route": "exempt", "exemption": {**exempt, **changed}}
        assert route("training_exemption", held) is FAIL, changed
