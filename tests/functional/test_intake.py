"""The intake as a clinician drives it: typed key by key through the real app,
the real engine and a real store."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable

from rtech.host import Host
from rtech.store import Store, cases, make_engine, upgrade
from rtech.store.models import AuditEntry, CaseRevision
from rtech.tui.app import RtechApp
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.help import HelpScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from rtech.tui.widgets.chat_message import AnswerMessage, ChatMessage, QuestionMessage
from rtech.tui.widgets.prose import Prose
from tests.functional.conftest import AppFactory, choose_technology, settle, type_line
from tests.support.intake import (
    PCI_EXPECTED,
    PCI_LINES,
    TODAY,
    open_case,
    say,
    seed_registry,
)


def stored(store: Store, case_id: int) -> Any:
    with store.read() as session:
        return cases.get_case(session, case_id)


async def start_case(pilot: Pilot[Any]) -> IntakeScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await choose_technology(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


def texts(screen: IntakeScreen, kind: type[Prose]) -> list[str]:
    return [w.text.plain for w in screen.transcript.query(kind)]


async def test_a_complete_pci_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        assert screen.codes_ready
        assert str(screen.query_one("#progress").render()).startswith("第 1/23 题 · 患者信息")
        assert texts(screen, QuestionMessage)[-1].endswith("患者姓名？")

        for line in PCI_LINES:
            if screen.intake.prompt.path == "coding.main_diagnosis":
                # The dropdown offers 冠心病 for “gx”; ↓ and Enter pick it.
                await type_line(pilot, "gx", enter=False)
                labels = [c.label for c in screen.choices.choices]
                assert labels[0] == "I25.1 动脉粥样硬化性心脏病"
                await pilot.press("down", "enter")
                await settle(pilot)
                assert line == "gxb"
                continue
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()), screen.box.value)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert screen.intake.answers == PCI_EXPECTED
        assert stored(store, 1).draft_answers == PCI_EXPECTED
        answers = review.query_one("#answers", DataTable)
        assert answers.get_row("1")[2].plain == "张三"
        assert "全部必答题已完成，可以提交" in str(review.query_one("#review-status").render())
        findings = review.query_one("#findings", DataTable)
        assert findings.row_count == len(review.review.findings) > 0

        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.message.startswith(
            "提交病例 1（张三，病案号 ZY0001；S05 心血管疾病介入诊疗技术，2023年版）？"
        )
        assert "项核查结果为“不符合”" in confirm.message  # the institution lacks physicians
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        case = stored(store, 1)
        assert (case.status, case.current_revision) == ("submitted", 1)
        assert app.screen.query_one("#drafts", DataTable).row_count == 0


async def test_typed_answers_show_what_was_understood_and_errors_stay_editable(
    make_app: AppFactory, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        await type_line(pilot, "张三")
        await type_line(pilot, "男 65岁")
        await type_line(pilot, "跳过")
        await type_line(pilot, "跳过")
        await type_line(pilot, "ZY0001")
        # A wrong date: the error under the box, the answer still there to fix.
        await type_line(pilot, "2023-13-01")
        problem = screen.query_one("#problem")
        assert problem.display
        assert "2023-13-01" in screen.box.value
        assert screen.intake.prompt.path == "admission.admission_date"
        assert not any(a.typed == "2023-13-01" for a in screen.transcript.query(AnswerMessage))
        await pilot.press(*["backspace"] * 5, *"03-01", "enter")
        await settle(pilot)
        assert not problem.display
        last = list(screen.transcript.query(AnswerMessage))[-1]
        assert (last.text.plain, last.path) == ("2023-03-01", "admission.admission_date")
        assert screen.intake.answers["admission"]["admission_date"] == "2023-03-01"
        # Options by number: typing 1 highlights 医嘱离院, Enter sends it.
        await type_line(pilot, "2023年3月6日")
        assert [c.text for c in screen.choices.choices][:2] == ["1", "2"]
        await type_line(pilot, "1", enter=False)
        assert screen.choices.current is not None
        assert screen.choices.current.label == "医嘱离院"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.intake.answers["admission"]["discharge_disposition"] == "1"
        shown = [a.text.plain for a in screen.transcript.query(AnswerMessage)]
        assert "1\n→ 医嘱离院" in shown
        assert "2023年3月6日\n→ 2023-03-06" in shown
        await type_line(pilot, "3.2万")
        assert any("3.2万 = 32000元" in t for t in texts(screen, ChatMessage))
        # F1: the question's own help.
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.sections[0][1].startswith("【技术类别】")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_going_back_and_editing_drops_the_answers_that_no_longer_apply(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        for line in PCI_LINES[:20]:
            await type_line(pilot, line)
        assert screen.intake.answers["coronary"]["stent_count"] == 2

        # ↑ from the answer box walks back through the answers.
        await pilot.press("up")
        transcript = screen.transcript
        assert transcript.has_focus
        assert transcript.selected is not None
        for _ in range(30):
            if transcript.selected.path == "procedure.category":
                break
            await pilot.press("up")
        assert transcript.selected.path == "procedure.category"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.box.has_focus
        assert screen.intake.prompt.path == "procedure.category"
        assert screen.box.placeholder == "当前：冠状动脉介入诊治（直接回车保留）"

        # The edit would drop the coronary answers: the app lists them first.
        await type_line(pilot, "心律失常")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "置入支架数：2个" in confirm.message
        assert "改为“心律失常介入”后" in confirm.message  # the option, not what was typed
        assert "临床类型：STEMI（ST段抬高型心肌梗死）" in confirm.message
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.box.value == "心律失常"  # nothing lost, nothing changed
        assert stored(store, 1).draft_answers["coronary"]["stent_count"] == 2

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "coronary" not in screen.intake.answers
        assert "coronary" not in stored(store, 1).draft_answers
        assert screen.intake.prompt.path == "arrhythmia.kind"
        stale = {a.path: a.stale_reason for a in transcript.query(AnswerMessage) if a.stale}
        assert stale["coronary.stent_count"] == "已不适用，已移除"
        assert stale["procedure.category"] == "已修改"
        assert "procedure.category" in {a.path for a in transcript.answers()}
        with store.read() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "case.answers_dropped")
            ).one()
        assert entry.payload["dropped"]["coronary.stent_count"] == 2


async def test_a_draft_is_resumed_with_what_was_typed_but_not_sent(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        for line in PCI_LINES[:5]:
            await type_line(pilot, line)
        await type_line(pilot, "2023-3", enter=False)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        drafts = home.query_one("#drafts", DataTable)
        assert drafts.get_row("1")[:5] == [
            "1",
            "心血管疾病介入诊疗技术",
            "张三",
            "ZY0001",
            "第 7/23 题",
        ]
        await pilot.press("ctrl+q")
    assert stored(store, 1).cursor["typed"] == "2023-3"

    again = make_app()
    async with again.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        home = again.screen
        assert isinstance(home, HomeScreen)
        # The drafts come first: Enter resumes the newest.
        assert home.query_one("#drafts", DataTable).has_focus
        await pilot.press("enter")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.intake.prompt.path == "admission.admission_date"
        assert screen.box.value == "2023-3"
        recap = [a.recap for a in screen.transcript.query(AnswerMessage)]
        assert recap[:2] == ["1. 姓名", "2. 性别"]
        await type_line(pilot, "-1")
        assert screen.intake.answers["admission"]["admission_date"] == "2023-03-01"
        # An earlier answer of the recap is edited like any other.
        await pilot.press("up")
        for _ in range(10):
            selected = screen.transcript.selected
            if selected is not None and selected.path == "patient.record_no":
                break
            await pilot.press("up")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.intake.prompt.path == "patient.record_no"
        await type_line(pilot, "ZY0009")
        assert stored(store, 1).draft_answers["patient"]["record_no"] == "ZY0009"


async def test_revising_a_submitted_case_shows_the_changes_and_asks_why(
    make_app: AppFactory, store: Store, host: Host, registered: dict[str, int]
) -> None:
    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_case("cardio", case_id=1)
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        await type_line(pilot, "修改 6")
        await type_line(pilot, "ZY0009")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "本次修改（1 项）：\n  · 病案号：ZY0001 → ZY0009" in confirm.message
        # No reason, no revision.
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is confirm
        assert "请填写修改原因" in confirm.query_one("#reason-error").render().plain  # type: ignore[attr-defined]
        await type_line(pilot, "病案号录入错误")
        await settle(pilot)
        case = stored(store, 1)
        assert (case.status, case.current_revision, case.record_no) == ("submitted", 2, "ZY0009")
        with store.read() as session:
            revisions = session.scalars(
                select(CaseRevision).where(CaseRevision.case_id == 1).order_by(CaseRevision.number)
            )
            assert [r.reason for r in revisions] == ["", "病案号录入错误"]


async def test_the_mouse_picks_options_and_earlier_answers(
    make_app: AppFactory, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        for line in PCI_LINES[:7]:
            await type_line(pilot, line)
        assert screen.intake.prompt.path == "admission.discharge_disposition"
        # The second option, 医嘱转院, clicked.
        await pilot.click(screen.choices, offset=(3, 1))
        await settle(pilot)
        assert screen.intake.answers["admission"]["discharge_disposition"] == "2"
        assert screen.box.has_focus
        # A click on an earlier answer edits it.
        name = next(a for a in screen.transcript.query(AnswerMessage) if a.path == "patient.name")
        screen.transcript.scroll_to_widget(name, animate=False)  # as the wheel would
        await pilot.pause()
        await pilot.click(name)
        await settle(pilot)
        assert screen.intake.prompt.path == "patient.name"
        assert screen.box.placeholder == "当前：张三（直接回车保留）"
        await pilot.press("enter")  # keep it
        await settle(pilot)
        assert screen.intake.prompt.path == "admission.total_cost"


@pytest.mark.slow
async def test_a_code_typed_while_the_code_lists_load_is_sent_when_they_are_ready(
    store: Store, registered: dict[str, int]
) -> None:
    from rtech.host import make_plugin_manager
    from rtech.tui.app import RtechApp
    from tests.bench.tui_bench import big_code_list
    from tests.support import codelists
    from tests.support.intake import TODAY

    # 40 000 more codes: the index takes about a second to build, in a worker.
    big = Host.from_plugin_manager(
        make_plugin_manager(plugins=[("testcodes", codelists), ("bigcodes", big_code_list(40000))])
    )
    draft = open_case(store, big)
    say(draft, *PCI_LINES[:20])
    app = RtechApp(store=store, host=big, actor="李明", today=TODAY, blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_case("cardio", case_id=1)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert not screen.codes_ready
        assert screen.query_one("#loading").display
        # Typed faster than Pilot types key by key: the whole code at once.
        screen.box.value = "I25.9"
        assert screen.choices.has_class("-note")  # 编码表载入中……
        await screen.submit(screen.box.value)  # what Enter does, without waiting for idle
        assert "编码表正在载入" in str(screen.query_one("#problem").render())
        assert screen.intake.prompt.path == "coding.main_diagnosis"
        await settle(pilot)
        assert screen.codes_ready
        assert not screen.query_one("#loading").display
        assert screen.intake.answers["coding"]["main_diagnosis"] == {
            "code": "I25.9",
            "name": "冠心病",
        }
        assert screen.intake.prompt.path == "coding.other_diagnoses"


async def test_rtech_intake_opens_the_app_on_the_case(
    make_app: AppFactory, store: Store, host: Host, registered: dict[str, int]
) -> None:
    draft = open_case(store, host)
    say(draft, "张三")
    # ``rtech intake -t cardio`` (no --plain): the actor's draft, resumed in the app.
    app = make_app(intake=("cardio", None, False))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.intake.greeting.startswith("继续录入病例 1")
        assert screen.intake.prompt.path == "patient.sex"


async def test_space_separates_typed_numbers_and_ticks_after_arrows(
    make_app: AppFactory, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start_case(pilot)
        for line in PCI_LINES[:14]:
            await type_line(pilot, line)
        assert screen.intake.prompt.path == "coronary.lesion_types"
        await type_line(pilot, "1 3")  # typed: the space separates two numbers
        await settle(pilot)
        assert screen.intake.answers["coronary"]["lesion_types"] == ["cto", "left_main"]
        await pilot.press("f2")  # back to the lesion types
        await settle(pilot)
        assert screen.intake.prompt.path == "coronary.lesion_types"
        await pilot.press("ctrl+u")  # clear the box (keeps nothing typed)
        await pilot.press("down", "space", "down", "space")  # arrows then Space: ticks
        await settle(pilot)
        ticked = screen.box.value
        await pilot.press("enter")
        await settle(pilot)
        assert len(screen.intake.answers["coronary"]["lesion_types"]) == 2, ticked


async def test_typing_submit_mid_form_opens_the_review_on_what_blocks(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    # Issue 16 item 10: 提交 typed in the chat goes to the confirmation, or to the
    # problems that block it, not only to the review's first tab.
    from textual.widgets import TabbedContent

    from rtech.tui.screens.review import ReviewScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await start_case(pilot)
        for line in PCI_LINES[:5]:
            await type_line(pilot, line)
        await type_line(pilot, "提交")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.query_one("#review-tabs", TabbedContent).active == "problems-tab"


async def test_the_empty_candidate_area_takes_one_line(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    # Issue 16 item 12: before anything is typed the candidates' area was 8 blank lines.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(pilot)
        for line in PCI_LINES[:20]:
            await type_line(pilot, line)
        await settle(pilot)
        assert screen.intake.prompt.path == "coding.main_diagnosis"
        assert screen.choices.size.height == 1
        await type_line(pilot, "gxb", enter=False)
        await settle(pilot)
        assert screen.choices.size.height > 1  # the candidates, once typed


async def test_a_busy_database_keeps_the_answer_and_the_screen(tmp_path: Path, host: Host) -> None:
    """Issue 19 item 2 in the app: while another writer holds SQLite (an import), an
    answer is kept in memory; Esc and Ctrl+Q do not leave (nothing would be stored);
    once the database is free, leaving stores it."""
    path = tmp_path / "busy.sqlite3"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    upgrade(engine)
    store = Store(engine)
    try:
        seed_registry(store)
        app = RtechApp(store=store, host=host, actor="李明", today=TODAY, blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await start_case(pilot)
            await type_line(pilot, "张三")
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                await type_line(pilot, "男 70岁")
                assert screen.intake.unsaved
                assert screen.intake.answers["patient"]["age"] == 70
                await pilot.press("escape")
                await settle(pilot)
                assert app.screen is screen
                await pilot.press("ctrl+q")
                await settle(pilot)
                assert app.is_running
                assert app.screen is screen
                shown = [n.message for n in app._notifications]
                assert any("暂不离开" in m for m in shown), shown
                assert any("再按一次 Ctrl+Q" in m for m in shown), shown
            finally:
                holder.rollback()
                holder.close()
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        stored_case = stored(store, 1)
        assert stored_case.draft_answers["patient"]["age"] == 70
        assert stored_case.draft_answers["patient"]["sex"] == "1"
    finally:
        store.dispose()


async def test_a_second_ctrl_q_leaves_although_the_database_is_busy(
    tmp_path: Path, host: Host
) -> None:
    """The user who was told what is lost may still leave: Ctrl+Q twice."""
    path = tmp_path / "busy.sqlite3"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    upgrade(engine)
    store = Store(engine)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        seed_registry(store)
        app = RtechApp(store=store, host=host, actor="李明", today=TODAY, blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await start_case(pilot)
            holder.execute("BEGIN IMMEDIATE")
            await type_line(pilot, "张三")
            assert screen.intake.unsaved
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert app.is_running
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert not app.is_running
    finally:
        holder.rollback()
        holder.close()
        store.dispose()
