"""The case list (filters by technology, status, period), a case's answers and
revisions, the command palette, and a signed case report generated in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.intake.views import case_summaries
from rtech.store import Store, cases
from rtech.tui.screens.case import CaseScreen
from rtech.tui.screens.cases import CaseListScreen
from rtech.tui.screens.filing import FilingScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line
from tests.support.intake import PCI_LINES, open_case, say


@pytest.fixture
def demo(store: Store, host: Host) -> None:
    load_demo(store, host, technology="cardio", cases_count=40, seed=7)


async def test_the_case_list_filters_and_opens_a_case(
    make_app: AppFactory, store: Store, host: Host, demo: None
) -> None:
    everything = case_summaries(store, host)
    drafts = [c for c in everything if c.status == "draft"]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseListScreen)
        table = screen.query_one("#cases", DataTable)
        assert table.row_count == len(everything) == 40
        assert str(screen.query_one("#summary").render()).startswith(
            f"共 40 例（草稿 {len(drafts)}、已提交 {40 - len(drafts)}）"
        )

        # s: the status filter, by keyboard.
        await pilot.press("s", "enter", "down", "enter")
        await settle(pilot)
        assert screen.query_one("#status", Select).value == "draft"
        assert {str(k.value) for k in table.rows} == {str(c.id) for c in drafts}

        # p: a period (discharge dates), typed.
        await pilot.press("p")
        await type_line(pilot, "2023Q1")
        period = screen.period
        assert period is not None
        assert period.label == "2023Q1"
        march = case_summaries(store, host, statuses=["draft"], start=period.start, end=period.end)
        assert {str(k.value) for k in table.rows} == {str(c.id) for c in march}
        assert table.has_focus

        # Back to every status and a submitted case: its answers and history.
        await pilot.press("s", "enter", "up", "enter")
        await settle(pilot)
        assert screen.status is None
        submitted = next(
            c
            for c in case_summaries(store, host, start=screen.period.start, end=screen.period.end)
            if c.status == "submitted"
        )
        table.focus()
        table.move_cursor(row=table.get_row_index(str(submitted.id)))
        await pilot.press("enter")
        await settle(pilot)
        case_screen = app.screen
        assert isinstance(case_screen, CaseScreen)
        assert f"病例 {submitted.id}" in str(case_screen.query_one("#case-title").render())
        answers = case_screen.query_one("#answers", DataTable)
        assert answers.row_count > 20
        await pilot.press("3")
        history = case_screen.query_one("#history", DataTable)
        assert history.get_row_at(0)[:2] == ["1", "演示数据"]

        # e: revise it — the intake opens on the case at its review.
        await pilot.press("e")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.intake.backend.needs_reason
        await pilot.press("escape")
        await settle(pilot)
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        assert intake.intake.greeting.startswith(f"打开已提交的病例 {submitted.id}")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is case_screen
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def palette_found(pilot: Pilot[Any]) -> None:
    """Wait until the command palette's search has finished and highlighted a hit."""
    from textual.command import CommandList, CommandPalette

    for _ in range(2000):
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        searching = any(
            w.group == CommandPalette._GATHER_COMMANDS_GROUP and not w.is_finished
            for w in pilot.app.workers
        )
        if not searching and palette.query_one(CommandList).highlighted is not None:
            return
    raise AssertionError("the command palette found nothing")


async def test_the_command_palette_finds_actions_by_pinyin(
    make_app: AppFactory, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_line(pilot, "bllb", enter=False)
        await palette_found(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_line(pilot, "新建病例", enter=False)
        await palette_found(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)


@pytest.mark.slow
async def test_a_signed_case_report_is_generated_in_the_background(
    make_app: AppFactory, store: Store, host: Host, registered: dict[str, int], tmp_path: Path
) -> None:
    from rtech.filing import keys

    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    keys.generate(institution="四川省示例医院", printed_name="陈静", passphrase="口令 1234 abcd")
    out = tmp_path / "filings"
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await app.push_screen(CaseScreen(app.workspace, 1))
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        filing = app.screen
        assert isinstance(filing, FilingScreen)
        directory = filing.query_one("#directory")
        # Issue 16 item 11: never the current directory, and typing goes to the path.
        assert directory.value == str(tmp_path / "filings")  # type: ignore[attr-defined]
        assert directory.has_focus
        directory.value = ""  # type: ignore[attr-defined]
        directory.focus()
        await type_line(pilot, str(out), enter=False)
        await pilot.click("#sign")
        await pilot.pause()
        assert filing.query_one("#passphrase").has_focus
        await type_line(pilot, "wrong passphrase")
        assert "口令" in filing.query_one("#status").text.plain  # type: ignore[attr-defined]
        filing.query_one("#passphrase").value = ""  # type: ignore[attr-defined]
        await type_line(pilot, "口令 1234 abcd")
        status = filing.query_one("#status").text.plain  # type: ignore[attr-defined]
        assert status.startswith(f"已生成：{out}")
        assert status.endswith("已签名：审核，陈静）")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    (pdf,) = out.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    with store.read() as session:
        assert cases.get_case(session, 1).status == "signed"


async def test_the_signing_key_is_set_up_from_the_filing_dialog(
    make_app: AppFactory, store: Store, host: Host, registered: dict[str, int]
) -> None:
    # Issue 16 item 11: signing needed `rtech sign keygen` in a shell.
    from rtech.filing import keys
    from rtech.tui.screens.keygen import KeygenScreen

    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(CaseScreen(app.workspace, 1))
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        filing = app.screen
        assert isinstance(filing, FilingScreen)
        assert filing.query_one("#sign").disabled
        await pilot.click("#keygen")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, KeygenScreen)
        assert setup.value("institution") == "四川省示例医院"
        assert setup.value("name") == "李明"
        assert setup.query_one("#title").has_focus  # the first field left empty
        setup.query_one("#passphrase").focus()
        await type_line(pilot, "1234567")  # seven characters: one too few
        await type_line(pilot, "1234567")
        status = setup.query_one("#keygen-status").text.plain  # type: ignore[attr-defined]
        assert status == "口令至少需要 8 个字符。"
        setup.query_one("#passphrase").value = "12345678"  # type: ignore[attr-defined]
        setup.query_one("#again").value = ""  # type: ignore[attr-defined]
        setup.query_one("#again").focus()
        await type_line(pilot, "12345678")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is filing
        assert not filing.query_one("#sign").disabled
        assert not filing.query("#keygen")
    info = keys.signer_info()
    assert info is not None
    assert (info.printed_name, info.institution) == ("李明", "四川省示例医院")
