"""Follow-up reminders and a visit recorded from them; aggregates entered per period;
the institution chosen and remembered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widgets import DataTable, Static

from rtech.followups import followups_due
from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.store import Store, cases, registry
from rtech.store.models import AggregateValue, AuditEntry
from rtech.tui.screens.aggregates import AggregatesScreen
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.followups import FollowUpsScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.institutions import InstitutionScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line
from tests.support.aggregate_plugin import aggregate_host

#: The demonstration records visits up to 2025-03-31: later first visits are overdue here.
LATER = date(2026, 6, 30)


@pytest.fixture
def demo(store: Store, host: Host) -> None:
    load_demo(store, host, technology="cardio", cases_count=40, seed=7)


def due_now(store: Store, host: Host) -> list[int]:
    with store.read() as session:
        return [d.case_id for d in followups_due(session, host, today=LATER, within_days=14)]


async def test_home_counts_overdue_visits_and_one_is_recorded_from_the_list(
    make_app: AppFactory, store: Store, host: Host, demo: None
) -> None:
    due = due_now(store, host)
    assert due, "the demonstration leaves some first visits unrecorded"
    app = make_app(today=LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#followups-line", Static).render())
        assert f"已逾期 {len(due)} 例" in line or "应随访" in line
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpsScreen)
        table = screen.query_one("#due", DataTable)
        assert table.row_count == len(due)
        first = screen.shown[0]
        await pilot.press("enter")
        await settle(pilot)
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        assert "随访" in intake.intake.backend.title
        await type_line(pilot, "2025-06-28")  # 随访日期
        await type_line(pilot, "良好")  # 随访结果
        await pilot.press("f4")  # the rest may be skipped: to the review
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)
        assert table.row_count == len(due) - 1
        assert first.case_id not in [d.case_id for d in screen.shown]
    with store.read() as session:
        case = cases.get_case(session, first.case_id)
        answers = cases.current_answers(session, case)
        reasons = [r.reason for r in case.revisions]
    assert answers["followup"]["visits"][-1] == {"date": "2025-06-28", "status": "well"}
    assert reasons[-1] == "随访：2025-06-28"


async def test_aggregates_are_entered_per_period_and_audited(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    host = aggregate_host()
    app = make_app(host=host, today=date(2025, 3, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AggregatesScreen)
        assert screen.period.label == "2024"
        table = screen.query_one("#aggregates", DataTable)
        # The test technology's row among the built-ins' (neurovascular, gi_endoscopy…).
        [at] = [i for i, r in enumerate(screen.rows) if r["technology"] == "agg_test"]
        assert table.row_count == len(screen.rows)
        assert table.get_row_at(at)[2].plain == "缺失"
        table.move_cursor(row=at)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        await type_line(pilot, "abc")
        await settle(pilot)
        assert isinstance(app.screen, AggregatesScreen)  # refused, nothing stored
        assert table.get_row_at(at)[2].plain == "缺失"
        table.move_cursor(row=at)
        await pilot.press("enter")
        await pilot.pause()
        await type_line(pilot, "412")
        await settle(pilot)
        assert table.get_row_at(at)[2].plain == "412"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.period.label == "2023"
        assert table.get_row_at(at)[2].plain == "缺失"
    with store.read() as session:
        rows = session.scalars(select(AggregateValue)).all()
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "aggregate.set")
        ).all()
    assert [(r.period, r.value, r.updated_by) for r in rows] == [("2024", 412.0, "李明")]
    assert [a.payload["after"] for a in audited] == [412.0]


async def test_with_several_institutions_the_choice_is_asked_and_remembered(
    make_app: AppFactory, store: Store, registered: dict[str, int], tmp_path: Path
) -> None:
    with store.write() as session:
        registry.create_institution(session, name="第二医院", code="SC0002", actor="管理员")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "请按 i 选择医疗机构" in str(app.screen.query_one("#who", Static).render())
        await pilot.press("i")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, InstitutionScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "第二医院" in str(app.screen.query_one("#who", Static).render())
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "第二医院" in str(again.screen.query_one("#who", Static).render())
