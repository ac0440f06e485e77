"""神经血管介入技术 (2023 S09): the norm's checks at their boundaries.

一(一) is tiered by what the institution performs (stenosis and unruptured
aneurysms in 三级; ruptured aneurysms and stroke in 二级及以上); 二1(1) asks three
years as 副主任医师; 二2 applies only to those who treat intracranial stenosis and
aneurysms; 四(二)1(6) asks more than 100 thrombectomies and 300 angiographies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.host import get_host
from rtech.plugins.neurovascular.checks import NORM
from rtech.testing.seeds import seed_text, squash

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    checks = {c.id.rsplit(".", 1)[-1]: c for c in NORM.checks("2023")}
    return checks[name].evaluate({"as_of": AS_OF, **subject}).outcome


def institution(grade: str, scope: list[str], **profile: Any) -> dict[str, Any]:
    return {"general": {"grade": grade}, "profile": {"scope": scope, **profile}}


@pytest.mark.parametrize(
    ("grade", "scope", "tertiary", "secondary"),
    [
        ("3B", ["stenosis"], PASS, NA),
        ("2A", ["stenosis"], FAIL, NA),
        ("2A", ["unruptured", "stroke"], FAIL, PASS),
        ("2", ["ruptured"], NA, PASS),
        ("1", ["stroke"], NA, FAIL),
        ("3A", ["stroke", "ruptured", "stenosis", "unruptured"], PASS, PASS),
    ],
)
def test_hospital_level_is_tiered_by_sub_technology(
    grade: str, scope: list[str], tertiary: Outcome, secondary: Outcome
) -> None:
    subject = institution(grade, scope)
    assert outcome("tertiary", subject) is tertiary
    assert outcome("secondary", subject) is secondary


def test_unit_beds_and_physicians_at_the_bound() -> None:
    enough = institution("3A", ["stroke"], unit={"beds": 40, "physicians": 6})
    assert outcome("unit", enough) is PASS
    assert outcome("unit", institution("3A", [], unit={"beds": 39, "physicians": 6})) is FAIL
    assert outcome("unit", institution("3A", [], unit={"beds": 40, "physicians": 5})) is FAIL


def test_neuro_icu_at_the_bound() -> None:
    icu = {
        "beds": 8,
        "ventilators": 2,
        "monitors": 6,
        "critical_care": True,
        "transport": True,
    }
    assert outcome("icu", institution("3A", [], icu=icu)) is PASS
    for key in ("beds", "ventilators", "monitors"):
        short = {**icu, key: icu[key] - 1}
        assert outcome("icu", institution("3A", [], icu=short)) is FAIL, key


def test_sub_technology_support_applies_only_to_what_is_performed() -> None:
    stroke_only = institution("3A", ["stroke"], support={"emergency_imaging": False})
    assert outcome("stroke_imaging", stroke_only) is FAIL
    assert outcome("stenosis_support", stroke_only) is NA
    assert outcome("aneurysm_support", stroke_only) is NA
    coiling = institution("3A", ["ruptured"], support={"hr_vwi": True, "dsa_3d": True})
    assert outcome("aneurysm_support", coiling) is PASS


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


def test_three_years_as_associate_chief_counted_day_by_day() -> None:
    on_day = physician("associate_chief", associate_chief_since="2021-06-30")
    day_short = physician("associate_chief", associate_chief_since="2021-07-01")
    assert outcome("seniority", on_day) is PASS
    assert outcome("seniority", day_short) is FAIL
    assert outcome("title", physician("attending")) is FAIL
    assert outcome("title", physician("associate_chief")) is PASS


def test_intracranial_case_numbers_only_for_those_who_treat_them() -> None:
    def who(performs: bool, cases: int, supervised: int) -> dict[str, Any]:
        return physician(
            "associate_chief",
            intracranial={
                "performs": performs,
                "independent_cases": cases,
                "supervised_per_year": supervised,
            },
        )

    assert outcome("intracranial", who(True, 100, 10)) is PASS
    assert outcome("intracranial", who(True, 99, 10)) is FAIL
    assert outcome("intracranial", who(True, 100, 9)) is FAIL
    assert outcome("intracranial", who(False, 0, 0)) is NA


def test_training_base_clauses_only_for_a_base() -> None:
    not_base = institution("3A", [], base_applies=False)
    assert outcome("base_beds", not_base) is NA
    base = institution(
        "3A",
        [],
        base_applies=True,
        base={"beds": 200, "thrombectomy_route": True, "annual_thrombectomy": 101},
    )
    assert outcome("base_beds", base) is PASS
    short = institution("3A", [], base_applies=True, base={"beds": 199})
    assert outcome("base_beds", short) is FAIL
    # 四(二)1(6) 年取栓量大于100例，脑血管造影大于300例
    route = {"thrombectomy_route": True, "annual_thrombectomy": 101, "annual_angiography": 301}
    assert (
        outcome("base_thrombectomy", institution("3A", [], base_applies=True, base=route)) is PASS
    )
    hundred = {**route, "annual_thrombectomy": 100}
    assert (
        outcome("base_thrombectomy", institution("3A", [], base_applies=True, base=hundred)) is FAIL
    )
    three_hundred = {**route, "annual_angiography": 300}
    assert (
        outcome("base_thrombectomy", institution("3A", [], base_applies=True, base=three_hundred))
        is FAIL
    )
    # a 三级乙等 hospital is not a base (四(二)1(1) 三级甲等医院)
    grade = institution("3B", [], base_applies=True, base={"meets_norm": True})
    assert outcome("base_grade", grade) is FAIL


def test_case_checks_read_the_case() -> None:
    told = {"answers": {"procedure": {"alternatives_informed": True}}}
    untold = {"answers": {"procedure": {"alternatives_informed": False}}}
    assert outcome("alternatives", told) is PASS
    assert outcome("alternatives", untold) is FAIL


def test_every_numbered_clause_has_a_check() -> None:
    cited = {c.citation.clause.split()[-1] for c in NORM.checks("2023")}
    expected = {
        "一(一)", "一(二)", "一(三)1", "一(三)2(1)", "一(三)2(2)", "一(三)2(3)", "一(三)2(4)",
        "二1(1)", "二1(2)", "二2",
        "三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)", "三(七)",
        "四(一)1", "四(一)2", "四(一)3", "四(二)", "四(二)1(1)", "四(二)1(2)", "四(二)1(3)",
        "四(二)1(4)", "四(二)1(5)", "四(二)1(6)", "四(二)2(1)", "四(二)2(2)", "四(二)2(3)",
        "四(二)2(4)",
    }  # fmt: skip
    assert cited == expected


def test_quotes_stand_in_the_seed() -> None:
    text = squash(seed_text("2023"))
    for check in get_host().eligibility_checks("neurovascular", "2023"):
        assert squash(check.citation.quote) in text, check.id


def test_trainee_requirements_apply_to_those_trained_at_a_base() -> None:
    base = {"route": "base", "base_filed": True, "months": 12, "cases": 30, "passed": True}
    trainee = {"rotations": True, "attending_3y": True, "angiographies": 200}
    assert outcome("angiographies", physician("attending", training=base, trainee=trainee)) is PASS
    fewer = {**trainee, "angiographies": 199}
    assert outcome("angiographies", physician("attending", training=base, trainee=fewer)) is FAIL
    assert outcome("rotations", physician("attending", training=base, trainee=trainee)) is PASS
    no_rotation = {**trainee, "rotations": False}
    assert outcome("rotations", physician("attending", training=base, trainee=no_rotation)) is FAIL
    exempt = physician("chief", training={"route": "exempt"})
    assert outcome("angiographies", exempt) is NA
    assert outcome("rotations", exempt) is NA
