"""The case list: drafts and submitted cases, filtered by technology, status and period.

Enter opens a case (its answers and revision history); ``e`` continues a
draft or revises a submitted case; ``n`` starts a new one.

The list pages: the database counts the cases (by status) and the screen reads
the newest :data:`PAGE` of them; the next page is read when the cursor reaches
the last row (down, PageDown, End), when the table is scrolled to its end, or
on ``m``. Filters run in the database, so a hundred thousand cases cost the
first screen what fifty do.
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

from rtech.auth.roles import Action, mask_name
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
#: cases read at a time
PAGE = 50
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
        Binding("m", "more", "更多", show=False),
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
        #: the cases the filters match, by status (the database's count)
        self.counts: dict[str, int] = {}
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
        table = self.query_one("#cases", DataTable)
        self.watch(table, "scroll_y", self._scrolled, init=False)

    def on_screen_resume(self) -> None:
        if self._narrow is not None:  # back from a case or an intake (not the first show)
            self.reload()

    def on_resize(self) -> None:
        if self._narrow is not None and self._narrow != (self.size.width < _NARROW):
            self.reload()

    # -- data -----------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many cases the filters match."""
        return sum(self.counts.values())

    @property
    def more(self) -> bool:
        """Whether cases are left to load."""
        return len(self.shown) < self.total

    def _count(self) -> dict[str, int]:
        from rtech.intake.views import case_counts

        return case_counts(
            self.workspace.store,
            technology=self.technology,
            statuses=[self.status] if self.status else None,
            start=self.period.start if self.period else None,
            end=self.period.end if self.period else None,
            institution_id=self.workspace.institution_id(),
        )

    def _page(self, limit: int, before: int | None = None) -> list[CaseSummary]:
        from rtech.intake.views import case_summaries

        return case_summaries(
            self.workspace.store,
            self.workspace.host,
            technology=self.technology,
            statuses=[self.status] if self.status else None,
            start=self.period.start if self.period else None,
            end=self.period.end if self.period else None,
            institution_id=self.workspace.institution_id(),
            limit=limit,
            before=before,
        )

    def reload(self, *, keep: bool = True) -> None:
        """Count the cases and read the first page again (as many pages as were
        shown when ``keep``: back from a case, the cursor stays where it was)."""
        try:
            counts = self._count()
            found = self._page(max(PAGE, len(self.shown)) if keep else PAGE)
        except UserError as exc:
            self.rtech.refused(exc)
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
        self.counts = counts
        self._add(found)
        if kept is not None and kept in self.shown:
            table.move_cursor(row=table.get_row_index(str(kept)))
        self._show_summary()

    def load_more(self) -> None:
        """Read the next page (the cases older than the last one shown)."""
        if not self.more:
            return
        try:
            found = self._page(PAGE, before=min(self.shown))
        except UserError as exc:
            self.rtech.refused(exc)
            return
        if not found:  # cases moved out of the filters meanwhile: count them again
            self.reload()
            return
        self._add(found)
        self._show_summary()

    def _add(self, found: list[CaseSummary]) -> None:
        table = self.query_one("#cases", DataTable)
        narrow = bool(self._narrow)
        # Roles without the right to see identities read 张*杰 (issue 18).
        masked = not self.workspace.can(Action.CASE_UNMASK)
        for case in found:
            self.shown[case.id] = case
            status = Text(case.status_label.replace("（有未提交修改）", "·修改中"))
            if case.resumable:
                status.stylize("yellow")
            cells: list[str | Text] = [
                str(case.id),
                status,
                (mask_name(case.patient_name) or "") if masked else case.patient_name,
                case.record_no,
                _day(case.procedure_date),
                _day(case.discharge_date),
                str(case.revision or ""),
            ]
            if not narrow:
                cells[1:1] = [case.technology_name]
                cells.append(case.updated_by)
            table.add_row(*cells, key=str(case.id))

    def _show_summary(self) -> None:
        self.query_one("#summary", Static).update(self._summary())

    def _summary(self) -> Text:
        counts = self.counts
        total = self.total
        parts = [f"{label} {counts[key]}" for label, key in _STATUSES if counts.get(key)]
        text = f"共 {total} 例" + (f"（{'、'.join(parts)}）" if parts else "")
        if self.period is not None:
            text += f"；出院日期在 {self.period.title}（{self.period.start} 至 {self.period.end}）"
        if not total:
            may_record = self.workspace.can(Action.CASE_RECORD)
            text += "。没有符合条件的病例" + (
                "，可按 n 新建。" if not self.period and may_record else "。"
            )
            return Text(text)
        text += f"；已显示 {len(self.shown)}/{total} 例"
        if self.more:
            text += f"，翻到末行或按 m 再显示 {min(PAGE, total - len(self.shown))} 例"
        editable = self.check_action("edit", ())
        text += "。回车查看" + ("，e 继续录入或修改。" if editable else "。")
        return Text(text)

    def _scrolled(self, value: float) -> None:
        table = self.query_one("#cases", DataTable)
        if self.more and table.max_scroll_y and value >= table.max_scroll_y:
            self.load_more()

    @on(DataTable.RowHighlighted, "#cases")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.more and event.cursor_row >= event.data_table.row_count - 1:
            self.load_more()

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
            self.reload(keep=False)

    @on(Select.Changed, "#status")
    def _status(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.status:
            self.status = value
            self.reload(keep=False)

    @on(Input.Submitted, "#period")
    def _period(self, event: Input.Submitted) -> None:
        if self._parse_period(event.value):
            if self.period is not None:
                event.input.value = self.period.label
            self.reload(keep=False)
            self.query_one("#cases", DataTable).focus()

    # -- actions --------------------------------------------------------------

    @property
    def rtech(self) -> RtechApp:
        from rtech.tui.app import RtechApp

        assert isinstance(self.app, RtechApp)
        return self.app

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only what the user's roles allow is offered (core refuses the rest anyway)."""
        if action == "new_case":
            return self.workspace.can(Action.CASE_RECORD)
        if action == "edit":
            return self.workspace.can(Action.CASE_RECORD) or self.workspace.can(
                Action.CASE_REVISE_ANY
            )
        return True

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

    def action_more(self) -> None:
        self.load_more()

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
                f"全部病例，最新的在前，每次显示 {PAGE} 例：光标移到末行、翻页到底或按 m "
                "再显示下一批。t 选择技术，s 选择状态，p 输入统计期（按出院日期，"
                "如 2023Q1、2023-02、2023 或 2023-01-01..2023-06-30）后回车。\n"
                "回车查看病例的回答与修订记录；e 继续录入草稿，或修改已提交的病例"
                "（再次提交须填写原因）；n 新建病例。黄色状态表示尚未完成。",
            )
        ]
