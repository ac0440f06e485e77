"""Cross-field date rules every technology gets (rtech.forms.dates).

The procedure lies within the stay (admission to discharge; a day case has
both on one day), consent is signed on or before the procedure, follow-up
visits come after it and a death never before it. Each refusal names both
dates in Chinese.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from rtech.forms.model import compile_form
from rtech.forms.validation import FormValidator
from rtech.host import get_host
from rtech.intake import Intake, open_case_intake
from rtech.store import Store, make_engine, upgrade
from tests.support.intake import PCI_EXPECTED, PCI_LINES, host_with_codes, say, seed_registry


@pytest.fixture(scope="module")
def validator() -> FormValidator:
    schema = get_host().case_form("cardio")
    assert schema is not None
    return FormValidator(compile_form(schema))


def case(**dates: Any) -> dict[str, Any]:
    """The PCI case (admitted 03-01, procedure 03-02, discharged 03-06) with changes."""
    answers = copy.deepcopy(PCI_EXPECTED)
    for dotted, value in dates.items():
        section, key = dotted.split("__")
        answers[section][key] = value
    return answers


def errors(validator: FormValidator, answers: dict[str, Any]) -> dict[str, str]:
    return {p.dotted: p.message for p in validator.errors(answers)}


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        (
            {"procedure__date": "2023-03-07"},
            "procedure.date",
            "手术日期 2023-03-07 晚于出院日期 2023-03-06："
            "手术应在住院期间（入院至出院之间），请核对",
        ),
        (
            {"consent__date": "2023-03-03"},
            "consent.date",
            "知情同意书签署日期 2023-03-03 晚于手术日期 2023-03-02：应在手术前签署，请核对",
        ),
        (
            {"followup__visits": [{"date": "2023-03-02", "status": "well"}]},
            "followup.visits.0.date",
            "随访日期 2023-03-02 不晚于手术日期 2023-03-02：随访应在手术之后，请核对",
        ),
        (
            {"followup__visits": [{"date": "2023-03-01", "status": "dead"}]},
            "followup.visits.0.date",
            "死亡日期 2023-03-01 早于手术日期 2023-03-02，请核对",
        ),
    ],
)
def test_each_rule_names_both_dates(
    validator: FormValidator, changes: dict[str, Any], path: str, message: str
) -> None:
    assert errors(validator, case(**changes)) == {path: message}


@pytest.mark.parametrize(
    "changes",
    [
        {"procedure__date": "2023-03-06"},  # on the day of discharge
        {"procedure__date": "2023-03-01"},  # on the day of admission
        {"consent__date": "2023-03-02"},  # on the day of the procedure
        {"followup__visits": [{"date": "2023-03-03", "status": "well"}]},  # the day after
        {"followup__visits": [{"date": "2023-03-02", "status": "dead"}]},  # died that day
    ],
)
def test_the_boundaries_are_accepted(validator: FormValidator, changes: dict[str, Any]) -> None:
    assert errors(validator, case(**changes)) == {}


def test_a_stay_not_yet_ended_bounds_the_procedure_by_admission_only(
    validator: FormValidator,
) -> None:
    answers = case(procedure__date="2023-05-01", consent__date="2023-05-01")
    answers["admission"] = {"admission_date": "2023-03-01"}
    assert errors(validator, answers) == {}


def test_a_day_case_has_its_procedure_on_the_day_of_its_stay(validator: FormValidator) -> None:
    answers = case(admission__admission_date="2023-03-02", admission__discharge_date="2023-03-02")
    answers["consent"]["date"] = "2023-03-02"
    assert errors(validator, answers) == {}
    answers["procedure"]["date"] = "2023-03-03"
    assert errors(validator, answers) == {
        "procedure.date": (
            "手术日期 2023-03-03 晚于出院日期 2023-03-02："
            "手术应在住院期间（入院至出院之间），请核对"
        )
    }


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[Intake]:
    engine = make_engine(make_url(f"sqlite:///{tmp_path / 'dates.sqlite3'}"))
    upgrade(engine)
    store = Store(engine)
    seed_registry(store)
    yield open_case_intake(
        store, host_with_codes(), "cardio", actor="李明", today=date(2026, 12, 6)
    )
    store.dispose()


def test_the_intake_refuses_a_procedure_after_discharge_and_a_late_consent(
    intake: Intake,
) -> None:
    """The issue: “今天” (2026-12-06) was taken with discharge on 2023-03-12."""
    lines = list(PCI_LINES)
    lines[6] = "2023-3-12"  # discharge
    say(intake, *lines[:10])
    assert intake.prompt.path == "procedure.date"
    assert intake.handle("今天").errors == [
        "手术日期 2026-12-06 晚于出院日期 2023-03-12：手术应在住院期间（入院至出院之间），"
        "请核对。本次回答未保存。"
    ]
    assert intake.prompt.path == "procedure.date"
    say(intake, "2023-3-10")
    for line in lines[11:]:
        if intake.prompt.path == "consent.date":
            break
        say(intake, line)
    assert intake.prompt.path == "consent.date"
    assert intake.handle("2023-3-11").errors == [
        "知情同意书签署日期 2023-03-11 晚于手术日期 2023-03-10：应在手术前签署，请核对。"
        "本次回答未保存。"
    ]
    say(intake, "2023-3-10")


def test_the_intake_refuses_a_follow_up_before_the_procedure(intake: Intake) -> None:
    say(intake, *PCI_LINES[:-1])
    assert intake.prompt.path == "followup.visits"
    errors = intake.handle("2023-3-1").errors
    assert errors == ["随访日期 2023-03-01 早于手术日期 2023-03-02：随访应在手术之后，请核对"]
    say(intake, "2023-4-2", "良好", "跳过", "跳过", "跳过", "完成")  # disease, complications, note
    assert intake.answers["followup"]["visits"] == [{"date": "2023-04-02", "status": "well"}]
