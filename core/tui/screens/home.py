"""The home screen: the technologies this installation supports."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from core.catalog import EDITIONS
from core.host import get_host


class HomeScreen(Screen[None]):
    """Lists the loaded technologies with their catalog numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("q", "app.quit", "退出"),
        ("d", "dashboard", "指标看板"),
        ("a", "self_assessment", "机构自评"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("限制类技术临床应用管理平台", id="title")
        yield Static("已加载的技术（病例录入将在此开放）：", id="subtitle")
        yield DataTable(id="technologies", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        host = get_host()
        table = self.query_one(DataTable)
        table.add_columns("标识", "技术名称", *(f"{e}年版" for e in EDITIONS))
        for technology in host.technologies:
            table.add_row(
                technology.slug,
                technology.name,
                *(technology.editions.get(e, "—") for e in EDITIONS),
                key=technology.slug,
            )
        for error in host.load_errors:
            self.notify(error.message, severity="error", timeout=10)

    def _highlighted_slug(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    def action_dashboard(self) -> None:
        """The indicator dashboard of the highlighted technology."""
        from core.tui.screens.dashboard import DashboardScreen

        slug = self._highlighted_slug()
        if slug is not None:
            self.app.push_screen(DashboardScreen(slug))

    def action_self_assessment(self) -> None:
        """The institution self-assessment for the highlighted technology."""
        from core.tui.screens.self_assessment import SelfAssessmentScreen

        slug = self._highlighted_slug()
        if slug is not None:
            self.app.push_screen(SelfAssessmentScreen(slug))
