"""The case list pages: the newest PAGE cases first, the next page on the last
row (arrow, PageDown, Ctrl+End), on ``m`` or when scrolled to the end; the summary
line counts what is shown of what the filters match (counted in the database).

Boundaries: exactly one page of cases (nothing more to load) and one more
than a page (one case on the second page)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.intake.views import case_summaries
from rtech.store import Store
from rtech.tui.screens.cases import PAGE, CaseListScreen
from tests.functional.conftest import AppFactory, settle


async def _case_list(pilot: Pilot[Any]) -> CaseListScreen:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseListScreen)
    return screen


def _summary(screen: CaseListScreen) -> str:
    return str(screen.query_one("#summary").render())


def _ids(table: DataTable[Any]) -> list[int]:
    return [int(str(key.value)) for key in table.rows]


async def test_one_more_than_a_page_loads_the_last_case_on_the_last_row(
    make_app: AppFactory, store: Store, host: Host
) -> None:
    load_demo(store, host, technology="cardio", cases_count=PAGE + 1, seed=7)
    everything = case_summaries(store, host)
    assert len(everything) == PAGE + 1
    drafts = [c for c in everything if c.status == "draft"]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _case_list(pilot)
        table = screen.query_one("#cases", DataTable)
        assert _ids(table) == [c.id for c in everything[:PAGE]]
        assert _summary(screen).startswith(
            f"共 {PAGE + 1} 例（草稿 {len(drafts)}、已提交 {PAGE + 1 - len(drafts)}）"
            f"；已显示 {PAGE}/{PAGE + 1} 例，翻到末行或按 m 再显示 1 例。"
        )

        # Down to the row before the last: nothing read yet; one more, and the
        # next page (one case) is.
        table.move_cursor(row=PAGE - 2)
        await settle(pilot)
        assert table.row_count == PAGE
        await pilot.press("down")
        await settle(pilot)
        assert _ids(table) == [c.id for c in everything]
        assert _summary(screen).startswith(
            f"共 {PAGE + 1} 例（草稿 {len(drafts)}、已提交 {PAGE + 1 - len(drafts)}）"
            f"；已显示 {PAGE + 1}/{PAGE + 1} 例。回车查看"
        )
        await pilot.press("ctrl+end", "m")
        await settle(pilot)
        assert table.row_count == PAGE + 1

        # Back from a case: the list is read again as far as it was shown, the
        # cursor where it was.
        table.move_cursor(row=PAGE)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert table.row_count == PAGE + 1
        assert table.cursor_row == PAGE

        # A filter starts again at the first page, counted in the database.
        await pilot.press("s", "enter", "down", "enter")
        await settle(pilot)
        assert screen.query_one("#status", Select).value == "draft"
        assert _ids(table) == [c.id for c in drafts]
        assert _summary(screen).startswith(
            f"共 {len(drafts)} 例（草稿 {len(drafts)}）；已显示 {len(drafts)}/{len(drafts)} 例。"
        )
        await pilot.press("s", "enter", "up", "enter")
        await settle(pilot)
        assert screen.status is None
        assert table.row_count == PAGE
        assert f"已显示 {PAGE}/{PAGE + 1} 例" in _summary(screen)


async def test_m_pagedown_and_scrolling_to_the_end_load_the_next_page(
    make_app: AppFactory, store: Store, host: Host
) -> None:
    load_demo(store, host, technology="cardio", cases_count=PAGE + 1, seed=7)
    everything = case_summaries(store, host)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _case_list(pilot)
        table = screen.query_one("#cases", DataTable)
        await pilot.press("m")
        await settle(pilot)
        assert _ids(table) == [c.id for c in everything]
        assert table.cursor_row == 0  # m reads on, the cursor stays

        # PageDown: the view reaches its end, the next page is read.
        screen.reload(keep=False)
        await settle(pilot)
        assert table.row_count == PAGE
        for _ in range(PAGE):
            await pilot.press("pagedown")
            await settle(pilot)
            if table.row_count > PAGE:
                break
        assert _ids(table) == [c.id for c in everything]

        # The mouse wheel (or the scroll bar) to the end: the same.
        screen.reload(keep=False)
        await settle(pilot)
        table.move_cursor(row=0)
        await settle(pilot)
        assert table.row_count == PAGE
        table.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        assert _ids(table) == [c.id for c in everything]
        assert f"已显示 {PAGE + 1}/{PAGE + 1} 例" in _summary(screen)


async def test_exactly_one_page_has_nothing_more_to_load(
    make_app: AppFactory, store: Store, host: Host
) -> None:
    load_demo(store, host, technology="cardio", cases_count=PAGE, seed=7)
    everything = case_summaries(store, host)
    assert len(everything) == PAGE
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _case_list(pilot)
        table = screen.query_one("#cases", DataTable)
        assert _ids(table) == [c.id for c in everything]
        summary = _summary(screen)
        assert f"共 {PAGE} 例" in summary
        assert f"；已显示 {PAGE}/{PAGE} 例。回车查看" in summary
        assert "按 m" not in summary
        await pilot.press("ctrl+end", "m")
        await settle(pilot)
        assert table.row_count == PAGE
        assert table.cursor_row == PAGE - 1
        assert _summary(screen) == summary
