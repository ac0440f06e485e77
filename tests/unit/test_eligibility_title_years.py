"""A title held N years (副主任医师专业技术职务任职资格3年以上, 2023 S12 二(一)2(1), 三(二))."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rtech import Outcome
from rtech.eligibility import conditions as c

AS_OF = "2024-06-30"


@pytest.mark.parametrize(
    ("title", "since", "expected"),
    [
        ("associate_chief", "2021-06-30", Outcome.PASS),  # three years complete that day
        ("associate_chief", "2021-07-01", Outcome.FAIL),  # one day short
        ("associate_chief", None, Outcome.UNKNOWN),
        ("associate_chief", "not a date", Outcome.UNKNOWN),
        ("associate_chief", 2020, Outcome.PASS),  # a bare year counts from its last day
        ("associate_chief", 2021, Outcome.FAIL),
        ("chief", None, Outcome.PASS),  # a higher title passes without a date
        ("attending", "2000-01-01", Outcome.FAIL),
    ],
)
def test_title_held_years_day_to_day(title: str, since: Any, expected: Outcome) -> None:
    outcome, text = c.title_held_years(title, since, "associate_chief", 3, date(2024, 6, 30))
    assert outcome is expected, text


def test_title_at_least_with_years_reads_the_date() -> None:
    rule = c.title_at_least("associate_chief", years=3)
    assert "profile.title_since" in rule.fields
    ok = rule(
        {"as_of": AS_OF, "title": "associate_chief", "profile": {"title_since": "2021-06-30"}}
    )
    assert ok.outcome is Outcome.PASS
    late = rule(
        {"as_of": AS_OF, "title": "associate_chief", "profile": {"title_since": "2021-07-01"}}
    )
    assert late.outcome is Outcome.FAIL
    assert "2024-07-01满" in late.explanation
    # Without years the date is not read.
    assert "profile.title_since" not in c.title_at_least("associate_chief").fields


def _person(pid: int, title: str, since: str | None, qualified: str = "pass") -> dict[str, Any]:
    return {
        "id": pid,
        "name": f"医师{pid}",
        "title": title,
        "title_since": since,
        "registered_here": True,
        "institution_id": 1,
        "qualified": qualified,
    }


def _case(**people: dict[str, Any]) -> dict[str, Any]:
    return {
        "as_of": AS_OF,
        "institution_id": 1,
        "answers": {"team": {"deciders": [{"id": "1", "name": "医师1"}]}},
        "physicians": people,
    }


def test_decider_of_three_years_title() -> None:
    rule = c.decided_by(1, min_title="associate_chief", same_institution=True, title_years=3)
    assert rule(_case(**{"1": _person(1, "associate_chief", "2021-06-30")})).outcome is (
        Outcome.PASS
    )
    short = rule(_case(**{"1": _person(1, "associate_chief", "2021-07-01")}))
    assert short.outcome is Outcome.FAIL
    assert "未满3年" in short.explanation
    undated = rule(_case(**{"1": _person(1, "associate_chief", None)}))
    assert undated.outcome is Outcome.UNKNOWN
    assert rule(_case(**{"1": _person(1, "chief", None)})).outcome is Outcome.PASS
    assert rule(_case(**{"1": _person(1, "chief", None, "fail")})).outcome is Outcome.FAIL


def test_decider_years_are_counted_to_the_procedure_date() -> None:
    rule = c.decided_by(1, min_title="associate_chief", same_institution=True, title_years=3)
    subject = _case(**{"1": _person(1, "associate_chief", "2021-06-30")})
    # Assessed on 2024-06-30, but the case was decided for a procedure a day before three years.
    subject["answers"]["procedure"] = {"date": "2024-06-29"}
    assert rule(subject).outcome is Outcome.FAIL
    subject["answers"]["procedure"] = {"date": "2024-06-30"}
    assert rule(subject).outcome is Outcome.PASS
