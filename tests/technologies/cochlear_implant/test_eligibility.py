"""人工耳蜗植入技术 (2023 S08): the norm's checks at their boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.plugins.cochlear_implant.checks import CHECKS as INDICATION_CHECKS
from rtech.plugins.cochlear_implant.checks import NORM
from tests.technologies.cochlear_implant.cases import answers

AS_OF = date(2024, 6, 30)
PASS, FAIL, NA, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.UNKNOWN
CHECKS = {c.id: c for c in NORM.all_checks()}
ALL = {**CHECKS, **{c.id: c for c in INDICATION_CHECKS}}


def outcome(name: str, subject: dict[str, Any]) -> Outcome:
    found = [c for i, c in ALL.items() if i.endswith(f".{name}")]
    assert len(found) == 1, name
    return found[0].evaluate({"as_of": AS_OF.isoformat(), **subject}).outcome


def institution(**profile: Any) -> dict[str, Any]:
    return {"general": {"grade": "3A"}, "profile": profile}


def test_every_numbered_clause_has_a_check() -> None:
    clauses = {c.citation.clause.split()[-1] for c in CHECKS.values()}
    for wanted in (
        "一(一)",
        "一(二)",
        "一(三)",
        "一(四)1",
        "一(四)2",
        "一(四)3",
        "一(五)",
        "一(六)1",
        "一(六)2",
        "一(六)3",
        "一(七)",
        "二(一)1",
        "二(一)2",
        "二(一)3",
        "二(一)4",
        "二(一)5",
        "二(二)",
        "二(三)",
        "三(一)",
        "三(二)",
        "三(三)",
        "三(四)",
        "三(五)",
        "三(六)",
        "三(七)",
        "三(八)1",
        "三(八)2",
        "四(一)1",
        "四(一)2",
        "四(一)3",
        "四(二)1",
        "四(二)1(1)",
        "四(二)1(2)",
        "四(二)1(3)",
        "四(二)1(4)",
        "四(二)2(1)",
        "四(二)2(2)",
        "四(二)2(3)",
        "四(二)2(4)",
    ):
        assert wanted in clauses, wanted


def test_grade_and_otology_beds_more_than_ten() -> None:
    ent = {"registered": True}
    assert outcome("hospital", institution(ent=ent)) is PASS
    assert outcome("hospital", {"general": {"grade": "3B"}, "profile": {"ent": ent}}) is FAIL
    otology = {"otology_unit": True, "ear_microsurgery": True}
    assert outcome("otology", institution(ent={**otology, "otology_beds": 11})) is PASS
    assert outcome("otology", institution(ent={**otology, "otology_beds": 10})) is FAIL


def _cases(successes: int, failures: int) -> list[dict[str, Any]]:
    good = [answers(1)] * successes
    bad = [answers(1, nrt=False)] * failures
    return [
        {"id": i, "procedure_date": "2024-03-01", "answers": a} for i, a in enumerate(good + bad)
    ]


@pytest.mark.parametrize(
    ("annual", "total", "middle_ear", "expected"),
    [
        (10, 0, 100, PASS),  # 每年不少于10例
        (9, 50, 100, PASS),  # 或累计50例以上
        (9, 49, 100, FAIL),
        (10, 50, 99, FAIL),  # 中耳显微手术每年不少于100例
    ],
)
def test_volume_ten_a_year_or_fifty_in_all(
    annual: int, total: int, middle_ear: int, expected: Outcome
) -> None:
    ent = {"ci_min_annual_3y": annual, "ci_total_3y": total, "middle_ear_min_annual_3y": middle_ear}
    subject = institution(ent=ent) | {"cases": _cases(49, 1)}
    assert outcome("volume", subject) is expected


def test_success_rate_from_the_cases_98_percent_is_enough() -> None:
    assert outcome("success_rate", {"cases": _cases(49, 1)}) is PASS  # 98 %
    assert outcome("success_rate", {"cases": _cases(48, 1)}) is FAIL  # 97.96 %
    assert outcome("success_rate", {"cases": []}) is UNKNOWN


def physician(title: str, **profile: Any) -> dict[str, Any]:
    return {"title": title, "licence_no": "110510100000001", "profile": profile}


def test_senior_associate_is_title_and_declaration() -> None:
    assert outcome("title", physician("associate_chief")) is PASS
    assert outcome("title", physician("attending")) is FAIL
    assert outcome("senior", physician("associate_chief", senior_associate=True)) is PASS
    assert outcome("senior", physician("associate_chief", senior_associate=False)) is FAIL
    assert outcome("senior", physician("associate_chief")) is UNKNOWN


def test_experience_ten_and_five_years_and_ten_cases() -> None:
    good = {
        "specialty_since": "2014-06-30",
        "ear_microsurgery_since": "2019-06-30",
        "ci_cases_3y": 10,
    }
    assert outcome("experience", physician("chief", **good)) is PASS
    assert outcome("experience", physician("chief", **good | {"ci_cases_3y": 9})) is FAIL
    late = good | {"specialty_since": "2014-07-01"}
    assert outcome("experience", physician("chief", **late)) is FAIL
    late = good | {"ear_microsurgery_since": "2019-07-01"}
    assert outcome("experience", physician("chief", **late)) is FAIL


def _team(*people: tuple[str, str, int]) -> dict[str, Any]:
    refs = [{"id": n, "name": f"医师{n}"} for n, _, _ in people]
    return {
        "institution_id": 1,
        "answers": {"team": {"operator": refs[0], "deciders": refs[1:]}},
        "physicians": {
            str(n): {"id": n, "name": f"医师{n}", "title": title, "institution_id": here}
            for n, title, here in people
        },
    }


def test_team_needs_two_senior_physicians_of_this_hospital() -> None:
    assert outcome("team", _team(("1", "chief", 1), ("2", "associate_chief", 1))) is PASS
    assert outcome("team", _team(("1", "chief", 1), ("2", "attending", 1))) is FAIL
    assert outcome("team", _team(("1", "chief", 1), ("2", "associate_chief", 2))) is FAIL


def test_material_choice_needs_explanation_and_signature_only_when_offered() -> None:
    plan = {"treatment_plan": True, "drug_plan": True, "material_choice": False}
    assert outcome("implant_choice", {"answers": {"plan": plan}}) is NA
    offered = plan | {"material_choice": True, "material_explained": True}
    assert (
        outcome("implant_choice", {"answers": {"plan": offered | {"material_signed": True}}})
        is PASS
    )
    assert (
        outcome("implant_choice", {"answers": {"plan": offered | {"material_signed": False}}})
        is FAIL
    )


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("indication_hearing_loss", {"hearing_loss_db": 90}, PASS),  # 90分贝以上
        ("indication_hearing_loss", {"hearing_loss_db": 89.9}, FAIL),
        ("indication_stable", {"stable_months": 3}, PASS),  # 三个月以上
        ("indication_stable", {"stable_months": 2}, FAIL),
        ("indication_stable", {"inner_ear_malformation": True}, UNKNOWN),
        (
            "indication_stable",
            {"inner_ear_malformation": True, "malformation_risk_told": True},
            PASS,
        ),
        ("indication_hearing_aid", {"hearing_aid_months": 6}, PASS),  # 6个月以上
        ("indication_hearing_aid", {"hearing_aid_months": 5}, FAIL),
        ("indication_expectations", {"expectations_ok": False}, FAIL),
        ("indication_no_contraindication", {"contraindications_present": True}, FAIL),
        ("indication_no_contraindication", {}, PASS),
    ],
)
def test_indications_at_their_bounds(name: str, change: dict[str, Any], expected: Outcome) -> None:
    case = answers(1)
    case["indication"] = case["indication"] | change
    assert outcome(name, {"answers": case}) is expected
