"""A follow-up visit of a submitted case, through the intake engine: each answer
saved at once, resumed after a kill, refused when its dates contradict the case,
submitted as an audited revision; the schedule's scores are asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from rtech import FollowUpSchedule, ScheduledVisit, VisitScore, hookimpl
from rtech.errors import UserError
from rtech.host import Host, make_plugin_manager
from rtech.intake.followup import followup_form, open_followup_intake
from rtech.store import Store, cases
from rtech.store.models import AuditEntry
from tests.support import codelists
from tests.support.intake import PCI_LINES, host_with_codes, open_case, say, seed_registry


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    seed_registry(store)
    return store


def submitted(store: Store, host: Host) -> int:
    intake = open_case(store, host)
    say(intake, *PCI_LINES)
    say(intake, "提交")
    return int(intake.backend.case_id)  # type: ignore[attr-defined]


def test_a_visit_is_saved_answer_by_answer_and_submitted_as_a_revision(store: Store) -> None:
    host = host_with_codes()
    case_id = submitted(store, host)
    intake = open_followup_intake(store, host, case_id, actor="王芳", today=date(2023, 9, 1))
    assert intake.greeting == "录入病例 1 的第 1 次随访（心血管疾病介入诊疗技术）。"
    say(intake, "2023-6-1")
    # A killed process: the visit is in the case's working copy, resumed where it was.
    again = open_followup_intake(store, host, case_id, actor="王芳", today=date(2023, 9, 1))
    assert again.greeting.startswith("继续录入病例 1 的第 1 次随访")
    assert again.answers == {"date": "2023-06-01"}
    say(again, "良好", "跳过", "无", "跳过")
    say(again, "提交")
    assert again.finished
    with store.read() as session:
        case = cases.get_case(session, case_id)
        answers = cases.current_answers(session, case)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.revise")).all()
    assert case.current_revision == 2
    visit = {"date": "2023-06-01", "status": "well", "complications": []}
    assert answers["followup"]["visits"] == [visit]
    assert [e.payload["reason"] for e in audit] == ["随访：2023-06-01"]
    changed = {c["path"] for c in audit[0].payload["changes"]}
    assert {"followup.visits.0.date", "followup.visits.0.status"} <= changed
    # The next visit is the second.
    third = open_followup_intake(store, host, case_id, actor="王芳")
    assert "第 2 次随访" in third.greeting


def test_dates_that_contradict_the_case_are_refused_naming_both(store: Store) -> None:
    host = host_with_codes()
    case_id = submitted(store, host)  # procedure on 2023-03-02
    intake = open_followup_intake(store, host, case_id, actor="王芳")
    say(intake, "2023-3-2", "良好", "跳过", "无", "跳过")
    reply = intake.handle("提交")
    assert reply.errors == [
        "随访日期 2023-03-02 不晚于手术日期 2023-03-02：随访应在手术之后，请核对。"
    ]
    assert not intake.finished
    say(intake, "修改 1")
    say(intake, "2023-3-3")
    say(intake, "提交")
    assert intake.finished
    died = open_followup_intake(store, host, case_id, actor="王芳")
    say(died, "2023-4-1", "死亡", "2023-3-1", "跳过", "无", "跳过")
    reply = died.handle("提交")
    assert reply.errors == ["死亡日期 2023-03-01 早于手术日期 2023-03-02，请核对。"]


def test_a_draft_case_has_no_follow_up(store: Store) -> None:
    host = host_with_codes()
    intake = open_case(store, host)
    say(intake, "张三")
    with pytest.raises(UserError, match="尚未提交，不能录入随访"):
        open_followup_intake(store, host, 1, actor="王芳")


class _Scored:
    @hookimpl
    def rtech_followup_schedule(self) -> FollowUpSchedule:
        return FollowUpSchedule(
            visits=(
                ScheduledVisit("术后90天", days=90, scores=(VisitScore("mrs", "mRS 评分", 0, 6),)),
            )
        )


def test_the_schedule_s_scores_are_asked_at_the_visit(store: Store) -> None:
    # An extension's schedule (an extension answers for every technology; the
    # first non-None answer wins): its 90-day visit asks the mRS.
    host = Host.from_plugin_manager(
        make_plugin_manager(plugins=[("testcodes", codelists), ("scored", _Scored())])
    )
    assert "mRS 评分" in [n.title for n in followup_form(host, "cardio").questions({})]
    assert "mRS 评分" not in [
        n.title for n in followup_form(host_with_codes(), "cardio").questions({})
    ]
    case_id = submitted(store, host)
    intake = open_followup_intake(store, host, case_id, actor="王芳")
    say(intake, "2023-6-1", "良好", "跳过", "无")
    assert intake.handle("7").errors  # the mRS runs from 0 to 6
    say(intake, "2")
    say(intake, "跳过", "提交")
    with store.read() as session:
        answers = cases.current_answers(session, cases.get_case(session, case_id))
    assert answers["followup"]["visits"][0]["scores"] == {"mrs": 2}


def test_visits_fall_due_by_days_months_and_the_answers() -> None:
    visit = ScheduledVisit("术后6月", months=6, anchor="procedure.date")
    assert visit.due_on({"procedure": {"date": "2024-08-31"}}) == date(2025, 2, 28)
    by_answer = ScheduledVisit("首次随访", months_at="followup.interval_months")
    assert by_answer.due_on(
        {"procedure": {"date": "2024-01-15"}, "followup": {"interval_months": 3}}
    ) == date(2024, 4, 15)
    assert by_answer.due_on({"procedure": {"date": "2024-01-15"}}) is None
    days = ScheduledVisit("术后30天", days=30, early=7, late=14)
    due = date(2024, 3, 31)
    assert days.due_on({"procedure": {"date": "2024-03-01"}}) == due
    # Done from the window's first day (due - 7) on: day -8 is not, day -7 is.
    assert days.done_by([{"date": "2024-03-23"}], due) is None
    assert days.done_by([{"date": "2024-03-24"}], due) == {"date": "2024-03-24"}
    # A visit after the next one's window belongs to that one.
    assert days.done_by([{"date": "2024-06-01"}], due, until=date(2024, 5, 1)) is None
    with pytest.raises(ValueError, match="exactly one of"):
        ScheduledVisit("x", days=3, months=1)
