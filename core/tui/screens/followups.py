"""随访提醒: the follow-up visits due, overdue and coming up, one key from a visit's intake."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rtech.auth.roles import Action, mask_name
from rtech.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from rtech.followups import DueVisit
    from rtech.tui.workspace import Workspace

__all__ = ["FollowUpsScreen"]

#: What ``w`` steps through: days ahead to list besides what is overdue.
WINDOWS = (14, 30, 90)
_STYLE = {"overdue": "bold red", "due": "bold yellow", "upcoming": ""}


class FollowUpsScreen(Screen[None]):
    """随访提醒."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "record", "录入随访", show=True),
        Binding("o", "open_case", "查看病例"),
        Binding("w", "widen", "时间范围"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    AUTO_FOCUS = "#due"

    DEFAULT_CSS = """
    FollowUpsScreen #due-title { text-style: bold; padding: 0 1; }
    FollowUpsScreen #due { height: 1fr; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.window = WINDOWS[0]
        self.shown: list[DueVisit] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="due-title")
        yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "随访提醒"
        table = self.query_one("#due", DataTable)
        table.add_columns("状态", "到期日", "随访节点", "病例", "技术", "患者", "病案号")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        from rtech.followups import STATUS_LABELS, followups_due, refresh_followups

        ws = self.workspace
        today = ws.today or date.today()
        refresh_followups(ws.store, ws.host)
        with ws.store.read() as session:
            self.shown = followups_due(
                session,
                ws.host,
                today=today,
                within_days=self.window,
                institution_id=ws.institution_id(),
            )
        table = self.query_one("#due", DataTable)
        table.clear()
        masked = not ws.can(Action.CASE_UNMASK)  # 张*杰 for roles without the right
        for index, due in enumerate(self.shown):
            table.add_row(
                Text(STATUS_LABELS[due.status], style=_STYLE[due.status]),
                due.due_on.isoformat(),
                due.visit,
                str(due.case_id),
                ws.host.technology(due.technology).name,
                (mask_name(due.patient_name) if masked else due.patient_name) or "—",
                due.record_no or "—",
                key=str(index),
            )
        counts = {s: sum(1 for d in self.shown if d.status == s) for s in STATUS_LABELS}
        summary = "，".join(f"{STATUS_LABELS[s]} {n} 例" for s, n in counts.items() if n)
        self.query_one("#due-title", Static).update(
            Text(
                f"今后 {self.window} 天内到期及已逾期的随访："
                + (summary or "没有需要随访的病例")
                + "　（回车录入随访，o 查看病例，w 切换时间范围）"
            )
        )

    def _current(self) -> DueVisit | None:
        table = self.query_one("#due", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.shown[int(str(key.value))]

    @on(DataTable.RowSelected, "#due")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_record()

    def action_record(self) -> None:
        from rtech.tui.app import RtechApp

        due = self._current()
        if due is not None and isinstance(self.app, RtechApp):
            self.app.open_followup(due.case_id)

    def action_open_case(self) -> None:
        from rtech.tui.screens.case import CaseScreen

        due = self._current()
        if due is not None:
            self.app.push_screen(CaseScreen(self.workspace, due.case_id))

    def action_widen(self) -> None:
        self.window = WINDOWS[(WINDOWS.index(self.window) + 1) % len(WINDOWS)]
        self.reload()

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "随访提醒",
                "按各技术的随访计划列出尚未记录的随访：已逾期（随访时间窗已过）、应随访"
                "（时间窗内）与即将到期。回车录入该病例的一次随访（每答一题即保存，"
                "提交后成为病例的新一版并记入审计日志）；o 查看病例；w 在 14、30、90 天之间"
                "切换列出的时间范围。",
            )
        ]
