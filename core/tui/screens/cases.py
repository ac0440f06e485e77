"""The case list: drafts and submitted cases, filtered by technology, status and period.

Enter opens a case (its answers and revision history); ``e`` continues a
draft or revises a submitted case; ``n`` starts a new one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.plain_input import PlainInput

if TYPE_CHECKING:
    from rtech.indicators.periods import Period
    from rtech.intake.views import CaseSummary
    from rtech.tui.app import RtechApp
    from rtech.tui.workspace import Workspace

__all__ = ["CaseListScreen"]

_STATUSES = [("草稿", "draft"), ("已提交", "submitted"), ("已签名", "signed")]
#: below this width the technology and author columns are left out
_NARROW = 110


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class CaseListScreen(Screen[None]):
    """病例列表."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "继续/修改"),
        Binding("n", "new_case", "新建"),
        Binding("t", "focus_filter('technology')", "技术"),
        Binding("s", "focus_filter('status')", "状态"),
        Binding("p", "focus_filter('period')", "统计期"),
        Binding("r", "reload", "刷新", show=False),
        Binding("escape", "back", "返回"),
    ]

    AUTO_FOCUS = "#cases"

    DEFAULT_CSS = """
    CaseListScreen #filters { height: 3; padding: 0 1; }
    CaseListScreen #filters Select { width: 1fr; max-width: 36; }
    CaseListScreen #filters Input { width: 1fr; max-width: 30; }
    CaseListScreen #summary { padding: 0 1; height: auto; }
    CaseListScreen #cases { height: 1fr; margin: 0 1; }
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        technology: str | None = None,
        status: str | None = None,
        period: str = "",
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.technology = technology
        self.status = status
        self.period_text = period
        self.period: Period | None = None
        self.shown: dict[int, CaseSummary] = {}
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        host = self.workspace.host
        yield AppHeader()
        with Horizontal(id="filters"):
            yield Select[str](
                [(t.name, t.slug) for t in host.technologies],
                prompt="全部技术",
                value=self.technology or Select.NULL,
                id="technology",
            )
            yield Select[str](
                _STATUSES, prompt="全部状态", value=self.status or Select.NULL, id="status"
            )
            yield PlainInput(
                self.period_text, placeholder="统计期（出院）：2023Q1、2023-02、2023", id="period"
            )
        yield Static("", id="summary")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "病例列表"
        if self.period_text:
            self._parse_period(self.period_text)
        self.reload()

    def on_screen_resume(self) -> None:
        if self._narrow is not None:  # back from a case or an intake (not the first show)
            self.reload()

    def on_resize(self) -> None:
        if self._narrow is not None and self._narrow != (self.size.width < _NARROW):
            self.reload()

    # -- data -----------------------------------------------------------------

    def reload(self) -> None:
        from rtech.intake.views import case_summaries

        ws = self.workspace
        try:
            found = case_summaries(
                ws.store,
                ws.host,
                technology=self.technology,
                statuses=[self.status] if self.status else None,
                start=self.period.start if self.period else None,
                end=self.period.end if self.period else None,
                institution_id=ws.institution_id(),
            )
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        table = self.query_one("#cases", DataTable)
        kept = self._current_id()
        narrow = self.size.width < _NARROW if self.size.width else True
        if narrow != self._narrow or not table.columns:
            table.clear(columns=True)
            columns = ["病例", "状态", "患者", "病案号", "手术日期", "出院日期", "版次"]
            if not narrow:
                columns[1:1] = ["技术"]
                columns.append("更新人")
            table.add_columns(*columns)
            self._narrow = narrow
        table.clear()
        self.shown = {}
        for case in found:
            self.shown[case.id] = case
            status = Text(case.status_label.replace("（有未提交修改）", "·修改中"))
            if case.resumable:
                status.stylize("yellow")
            cells: list[str | Text] = [
                str(case.id),
                status,
                case.patient_name,
                case.record_no,
                _day(case.procedure_date),
                _day(case.discharge_date),
                str(case.revision or ""),
            ]
            if not narrow:
                cells[1:1] = [case.technology_name]
                cells.append(case.updated_by)
            table.add_row(*cells, key=str(case.id))
        if kept is not None and kept in self.shown:
            table.move_cursor(row=table.get_row_index(str(kept)))
        self.query_one("#summary", Static).update(self._summary(found))

    def _summary(self, found: list[CaseSummary]) -> Text:
        counts: dict[str, int] = {}
        for case in found:
            counts[case.status] = counts.get(case.status, 0) + 1
        parts = [f"{label} {counts[key]}" for label, key in _STATUSES if counts.get(key)]
        text = f"共 {len(found)} 例" + (f"（{'、'.join(parts)}）" if parts else "")
        if self.period is not None:
            text += f"；出院日期在 {self.period.title}（{self.period.start} 至 {self.period.end}）"
        if not found:
            text += "。没有符合条件的病例" + ("，可按 n 新建。" if not self.period else "。")
        else:
            text += "。回车查看，e 继续录入或修改。"
        return Text(text)

    def _current_id(self) -> int | None:
        table = self.query_one("#cases", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _parse_period(self, text: str) -> bool:
        from rtech.indicators.periods import parse_period

        if not text.strip():
            self.period = None
            return True
        try:
            self.period = parse_period(text)
        except UserError as exc:
            self.notify(f"{exc.message}{exc.hint}", severity="error")
            return False
        return True

    # -- filters --------------------------------------------------------------

    @on(Select.Changed, "#technology")
    def _technology(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.technology:
            self.technology = value
            self.reload()

    @on(Select.Changed, "#status")
    def _status(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.status:
            self.status = value
            self.reload()

    @on(Input.Submitted, "#period")
    def _period(self, event: Input.Submitted) -> None:
        if self._parse_period(event.value):
            if self.period is not None:
                event.input.value = self.period.label
            self.reload()
            self.query_one("#cases", DataTable).focus()

    # -- actions --------------------------------------------------------------

    @property
    def rtech(self) -> RtechApp:
        from rtech.tui.app import RtechApp

        assert isinstance(self.app, RtechApp)
        return self.app

    @on(DataTable.RowSelected, "#cases")
    def _open(self, event: DataTable.RowSelected) -> None:
        from rtech.tui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(self.workspace, int(str(event.row_key.value))))

    def action_edit(self) -> None:
        case_id = self._current_id()
        if case_id is not None:
            self.rtech.open_case(self.shown[case_id].technology, case_id=case_id)

    def action_new_case(self) -> None:
        if self.technology is None:
            self.notify("请先按 t 选择技术，再按 n 新建该技术的病例。", severity="warning")
            return
        self.rtech.open_case(self.technology, new=True)

    def action_focus_filter(self, name: str) -> None:
        self.query_one(f"#{name}").focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        table = self.query_one("#cases", DataTable)
        if self.focused is not table:
            table.focus()
            return
        self.dismiss(None)

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "病例列表",
                "全部病例，最新的在前。t 选择技术，s 选择状态，p 输入统计期（按出院日期，"
                "如 2023Q1、2023-02、2023 或 2023-01-01..2023-06-30）后回车。\n"
                "回车查看病例的回答与修订记录；e 继续录入草稿，或修改已提交的病例"
                "（再次提交须填写原因）；n 新建病例。黄色状态表示尚未完成。",
            )
        ]
