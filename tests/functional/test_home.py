"""The app opens on the home screen and lists the technologies."""

from __future__ import annotations

from textual.widgets import DataTable

from rtech.tui.app import RtechApp
from rtech.tui.screens.home import HomeScreen


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
