"""The demonstration helpers every technology's demo uses (rtech.demo)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from rtech.demo import DEMO_PERIODS, DEMO_TODAY, DemoContext, DemoStaff

STAFF = [(1, "甲", "chief"), (2, "乙", "associate_chief"), (3, "丙", "attending")]


def context(seed: int = 3, count: int = 16) -> DemoContext:
    return DemoContext(rnd=random.Random(seed), staff=STAFF, count=count)


def test_physicians_of_one_department() -> None:
    staff = DemoStaff.physicians(
        [("甲", "chief", 1990), ("乙", "resident", 2020)],
        department="心血管内科",
        scopes=["internal_medicine"],
        profile=lambda title, since: {"title_seen": title, "since": since},
    )
    assert staff == [
        DemoStaff(
            "甲",
            "chief",
            1990,
            "心血管内科",
            {"practice_category": "clinical", "practice_scopes": ["internal_medicine"]},
            {"title_seen": "chief", "since": 1990},
        ),
        DemoStaff(
            "乙",
            "resident",
            2020,
            "心血管内科",
            {"practice_category": "clinical", "practice_scopes": ["internal_medicine"]},
            {"title_seen": "resident", "since": 2020},
        ),
    ]


def test_numbered_cases_run_from_one_over_the_quarters() -> None:
    seen = list(context(count=16).numbered(lambda number, quarter: {"n": number, "q": quarter}))
    assert [c["n"] for c in seen] == list(range(1, 17))
    assert [c["q"] for c in seen] == [q for q in DEMO_PERIODS for _ in range(2)]


def test_coding_section() -> None:
    assert DemoContext.coding(("I21.0", "甲"), [("I10", "乙")], [("36.0700", "丙")]) == {
        "main_diagnosis": {"code": "I21.0", "name": "甲"},
        "other_diagnoses": [{"code": "I10", "name": "乙"}],
        "procedures": [{"code": "36.0700", "name": "丙"}],
    }
    assert DemoContext.coding(("I10", "乙")) == {
        "main_diagnosis": {"code": "I10", "name": "乙"},
        "other_diagnoses": [],
        "procedures": [],
    }


def test_consent_signed_before_the_operation_or_not() -> None:
    operated = date(2024, 3, 10)
    always = context().consent(operated, unsigned=0.0, days_before=(2,))
    assert always == {"signed": True, "date": "2024-03-08"}
    assert context().consent(operated, unsigned=1.0) == {"signed": False}
    days = {context(seed).consent(operated, unsigned=0.0)["date"] for seed in range(40)}
    assert days == {"2024-03-10", "2024-03-09"}


def test_device_with_a_barcode_expiring_on_its_day() -> None:
    ctx = context()
    first = ctx.device("支架", "乐普医疗", date(2026, 2, 1))
    second = ctx.device("支架", "乐普医疗", date(2026, 2, 1))
    assert first["name"] == "支架"
    assert first["manufacturer"] == "乐普医疗"
    assert "(17)260201(10)L000001" in first["barcode"]
    assert second["barcode"].endswith("L000002")


def test_followup_visit_recorded_up_to_today() -> None:
    clinic = {"clinic": 1.0}
    on_today = DEMO_TODAY - timedelta(days=30)
    visit = context().followup(on_today, clinic, (1,), missed=0.0)
    assert visit == {
        "plan": "clinic",
        "interval_months": 1,
        "visits": [{"date": DEMO_TODAY.isoformat(), "status": "well"}],
    }
    # A day later the visit is not due yet.
    assert context().followup(on_today + timedelta(days=1), clinic, (1,), missed=0.0) == {
        "plan": "clinic",
        "interval_months": 1,
    }
    # Dead, or one who has not come back: no visit.
    assert "visits" not in context().followup(on_today, clinic, (1,), alive=False, missed=0.0)
    assert "visits" not in context().followup(on_today, clinic, (1,), missed=1.0)
    # No plan, no interval.
    assert context().followup(on_today, {"none": 1.0}, (1, 3)) == {"plan": "none"}
    # The visit's status from the weights given.
    event = context().followup(on_today, clinic, (1,), statuses={"event": 1.0}, missed=0.0)
    assert event["visits"][0]["status"] == "event"


def test_followup_draws_an_interval_only_among_several() -> None:
    one, many = context(), context()
    one.followup(date(2023, 1, 1), {"clinic": 1.0}, (3,), missed=0.0)
    many.followup(date(2023, 1, 1), {"clinic": 1.0}, (3, 3), missed=0.0)
    # The same draws but one: the single interval took none from the random source.
    assert one.rnd.random() != many.rnd.random()
    months = {
        context(seed).followup(date(2023, 1, 1), {"clinic": 1.0}, (1, 6))["interval_months"]
        for seed in range(30)
    }
    assert months == {1, 6}


def test_planned_follow_up_falls_due_the_planned_months_after_discharge() -> None:
    from rtech.catalog import Citation
    from rtech.schedule import FollowUpSchedule

    cited = Citation("2023", "S05", "管理规范 三(四)", "建立健全随访制度")
    schedule = FollowUpSchedule.planned(cited)
    assert schedule.citation == cited
    (visit,) = schedule.visits
    assert visit.label == "首次随访"
    assert (visit.early, visit.late) == (7, 30)
    case = {
        "admission": {"discharge_date": "2024-01-31"},
        "followup": {"plan": "clinic", "interval_months": 1},
    }
    assert visit.due_on(case) == date(2024, 2, 29)
    assert schedule.applies is not None
    assert schedule.applies(case) is True
    assert schedule.applies({"followup": {"plan": "none"}}) is False
    assert FollowUpSchedule.planned(cited, label="首次随访（开机调试）").visits[0].label == (
        "首次随访（开机调试）"
    )


def test_event_dated_after_the_day_with_its_severity_and_outcome() -> None:
    ctx = context()
    fixed = ctx.event("tamponade", date(2024, 3, 1), (2,), severity="severe", outcome="recovered")
    assert fixed == {
        "kind": "tamponade",
        "onset_date": "2024-03-03",
        "severity": "severe",
        "outcome": "recovered",
    }
    picked = ctx.event(
        "fever",
        date(2024, 3, 1),
        (0,),
        severity={"mild": 1.0},
        outcome={"ongoing": 1.0},
        treatment="对症处理",
    )
    assert list(picked) == ["kind", "onset_date", "severity", "treatment", "outcome"]
    assert (picked["severity"], picked["treatment"], picked["outcome"]) == (
        "mild",
        "对症处理",
        "ongoing",
    )
    days = {
        context(seed).event("x", date(2024, 3, 1), (0, 9), severity="mild", outcome="recovered")[
            "onset_date"
        ]
        for seed in range(30)
    }
    assert days == {"2024-03-01", "2024-03-10"}


def test_demo_cases_each_numbers_a_subclass_s_cases() -> None:
    from rtech import DemoCases

    class Cases(DemoCases):
        def case(self, number: int, quarter: date) -> dict[str, Any]:
            return {"n": number, "q": quarter, "same": self.rnd is ctx.rnd}

    ctx = context(count=8)
    made = list(Cases.each(ctx))
    assert [c["n"] for c in made] == list(range(1, 9))
    assert [c["q"] for c in made] == list(DEMO_PERIODS)
    assert all(c["same"] for c in made)
    with pytest.raises(NotImplementedError):
        list(DemoCases.each(context(count=1)))


def test_physicians_pass_a_row_s_further_items_to_the_profile() -> None:
    staff = DemoStaff.physicians(
        [("甲", "chief", 1990, "lead")],
        department="口腔颌面外科",
        scopes=["dental"],
        category="dental",
        profile=lambda title, since, role: {"role": role, "title": title, "since": since},
    )
    assert staff[0].general == {"practice_category": "dental", "practice_scopes": ["dental"]}
    assert staff[0].profile == {"role": "lead", "title": "chief", "since": 1990}


def test_a_stay_draws_admission_then_the_two_intervals() -> None:
    for seed in range(20):
        admitted, operated, discharged = context(seed).stay(date(2023, 4, 1), (0, 2), (3, 9))
        again = random.Random(seed)
        expected = date(2023, 4, 1) + timedelta(days=again.randrange(0, 88))
        assert admitted == expected
        assert operated == expected + timedelta(days=again.choice((0, 2)))
        assert discharged == operated + timedelta(days=again.choice((3, 9)))


def test_training_parts_of_a_demo_physician() -> None:
    assert DemoStaff.base_training("某培训基地", months=6, cases=15) == {
        "route": "base",
        "base_name": "某培训基地",
        "base_filed": True,
        "months": 6,
        "cases": 15,
        "managed_cases": 0,
        "passed": True,
    }
    assert (
        DemoStaff.base_training("某培训基地", months=3, cases=12, managed=22)["managed_cases"] == 22
    )
    assert DemoStaff.exempt_training(clinical_years=25, title="chief", recent_cases=60) == {
        "route": "exempt",
        "exemption": {
            "clinical_years": 25,
            "title": "chief",
            "recent_cases": 60,
            "serious_adverse_event": False,
        },
    }
