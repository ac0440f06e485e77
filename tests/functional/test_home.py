"""The app opens on the home screen and lists the technologies."""

from __future__ import annotations

from textual.widgets import DataTable

from rtech.tui.app import RtechApp
from rtech.tui.screens.home import HomeScreen
from tests.functional.conftest import AppFactory, settle


async def test_home_screen_lists_the_fifteen_technologies() -> None:
    app = RtechApp(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#technologies", DataTable)
        assert table.row_count == 15
        assert table.get_row("cardio") == ["心血管疾病介入诊疗技术", "S03", "S05", "可录入"]
        await pilot.press("q")
    assert app.return_code == 0


async def test_without_drafts_the_arrow_keys_move_through_the_technologies(
    make_app: AppFactory, registered: dict[str, int]
) -> None:
    # The drafts list is hidden when empty; it must not keep the keyboard.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#technologies", DataTable)
        assert app.focused is table
        start = table.cursor_row
        await pilot.press("down")
        assert table.cursor_row == start + 1
