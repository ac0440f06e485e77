"""The cases behind one figure of the dashboard (numerator, denominator, incomplete)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rtech.auth.roles import Action, mask_name
from rtech.store import Store
from rtech.tui.widgets.app_header import AppHeader

__all__ = ["IndicatorCasesScreen"]


class IndicatorCasesScreen(Screen[None]):
    """分子、分母病例."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "返回")]

    DEFAULT_CSS = """
    IndicatorCasesScreen #cases-title { text-style: bold; padding: 0 1; }
    IndicatorCasesScreen #cases-summary { color: $text-muted; padding: 0 1 1 1; }
    IndicatorCasesScreen #cases { height: 1fr; margin: 0 1; }
    """

    def __init__(self, row: dict[str, Any], *, store: Store) -> None:
        super().__init__()
        self.row = row
        self.store = store

    def compose(self) -> ComposeResult:
        row = self.row
        stratum = f"（{row['stratum_label']}）" if row.get("stratum_label") else ""
        yield AppHeader()
        yield Static(f"{row['name']}{stratum} — {row['period_title']}", id="cases-title")
        yield Static(
            f"分子 {row['numerator']:g}，分母 {row['denominator']}，指标值 {row['display']}；"
            f"{row['citation']}",
            id="cases-summary",
        )
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from rtech.indicators.service import case_summaries

        row = self.row
        numerator = set(row["numerator_case_ids"])
        mean = row["kind"] == "mean"
        roles: dict[int, str] = {}
        for case_id in row["denominator_case_ids"]:
            roles[case_id] = "计入" if mean else ("分子、分母" if case_id in numerator else "分母")
        for case_id in row["incomplete_case_ids"]:
            roles[case_id] = "数据不全，未计入"
        table = self.query_one("#cases", DataTable)
        columns = ["病例", "病案号", "患者", "手术日期", "出院日期", "计入"]
        if mean:
            columns.append(f"取值（{row['unit']}）")
        table.add_columns(*columns)
        with self.store.read() as session:
            summaries = case_summaries(session, roles)
        values = row.get("case_values", {})
        # Roles without the right to see identities read 张*杰 (issue 18).
        masked = not self.store.principal.can(Action.CASE_UNMASK)
        for summary in summaries:
            name = summary["patient_name"] or ""
            cells = [
                str(summary["id"]),
                summary["record_no"] or "",
                (mask_name(name) or "") if masked else name,
                summary["procedure_date"] or "",
                summary["discharge_date"] or "",
                roles[summary["id"]],
            ]
            if mean:
                value = values.get(str(summary["id"]))
                cells.append("" if value is None else f"{value:g}")
            table.add_row(*cells, key=str(summary["id"]))
        if not summaries:
            self.query_one("#cases-summary", Static).update("本统计期无病例。")
