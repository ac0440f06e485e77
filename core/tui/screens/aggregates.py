"""汇总数据: the denominators that are not cases, per period, missing ones marked."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from rtech.indicators.periods import Period
    from rtech.tui.workspace import Workspace

__all__ = ["AggregatesScreen"]


class AggregatesScreen(Screen[None]):
    """汇总数据."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit", "录入/更正", show=True),
        Binding("left_square_bracket", "step(-1)", "上一期"),
        Binding("right_square_bracket", "step(1)", "下一期"),
        Binding("k", "kind", "年度/季度"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    AUTO_FOCUS = "#aggregates"

    DEFAULT_CSS = """
    AggregatesScreen #aggregates-title { text-style: bold; padding: 0 1; }
    AggregatesScreen #aggregates { height: 1fr; }
    """

    def __init__(self, workspace: Workspace) -> None:
        from rtech.indicators.periods import year_period

        super().__init__()
        self.workspace = workspace
        today = workspace.today or date.today()
        self.period: Period = year_period(today.year - 1)
        self.rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="aggregates-title")
        yield DataTable(id="aggregates", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "汇总数据"
        table = self.query_one("#aggregates", DataTable)
        table.add_columns("技术", "汇总项", "数值", "用于指标", "出处")
        self.reload()

    def reload(self) -> None:
        from rtech.aggregates import aggregate_rows

        ws = self.workspace
        institution_id = ws.institution_id()
        title = self.query_one("#aggregates-title", Static)
        table = self.query_one("#aggregates", DataTable)
        table.clear()
        if institution_id is None:
            title.update("请先登记（或在首页按 i 选择）医疗机构。")
            self.rows = []
            return
        with ws.store.read() as session:
            self.rows = aggregate_rows(
                session, ws.host, institution_id=institution_id, period=self.period
            )
        for index, row in enumerate(self.rows):
            value = Text("缺失", style="bold yellow") if row["missing"] else Text(str(row["value"]))
            table.add_row(
                ws.host.technology(row["technology"]).name,
                row["label"],
                value,
                "、".join(row["indicators"]),
                row["citation"],
                key=str(index),
            )
        missing = sum(1 for r in self.rows if r["missing"])
        state = f"缺失 {missing} 项" if missing else "均已录入"
        title.update(
            Text(
                f"{self.period.title}：{len(self.rows)} 项，{state}"
                "　（回车录入或更正，[ ] 切换统计期，k 年度/季度）"
                if self.rows
                else "已安装技术的指标均以病例计算，无需录入汇总数据。"
            )
        )

    def _current(self) -> dict[str, Any] | None:
        table = self.query_one("#aggregates", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.rows[int(str(key.value))]

    @on(DataTable.RowSelected, "#aggregates")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    @work(exclusive=True, group="aggregate-edit")
    async def action_edit(self) -> None:
        from rtech.aggregates import parse_value, set_value
        from rtech.tui.screens.confirm import ConfirmScreen

        row = self._current()
        if row is None:
            return
        ws = self.workspace
        now = "未录入" if row["missing"] else f"当前为 {row['value']}"
        typed = await self.app.push_screen_wait(
            ConfirmScreen(
                f"{row['label']}（{self.period.title}）",
                f"{row['citation']}。{now}；更正时原值保留在审计日志中。",
                yes="保存",
                reason="数值（例数或例次数）",
            )
        )
        if typed is None:
            return
        try:
            value = parse_value(typed)
            institution_id = ws.institution_id()
            assert institution_id is not None
            with ws.store.write() as session:
                set_value(
                    session,
                    ws.host,
                    institution_id=institution_id,
                    technology=row["technology"],
                    key=row["key"],
                    period=self.period.label,
                    value=value,
                    actor=ws.actor,
                    source="终端界面录入",
                )
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        self.notify(f"已保存：{row['label']} {self.period.title} = {value}")
        self.reload()

    def action_step(self, step: int) -> None:
        self.period = self.period.next() if step > 0 else self.period.previous()
        self.reload()

    def action_kind(self) -> None:
        from rtech.indicators.periods import quarter_period, year_period

        start = self.period.start
        self.period = (
            quarter_period(start.year, 1) if self.period.kind == "year" else year_period(start.year)
        )
        self.reload()

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "汇总数据",
                "部分指标的分母不是本平台登记的病例（如同期收治的全部发病24小时内脑梗死患者、"
                "同期全部支气管镜例次），由管理员按机构与统计期录入。未录入的显示为“缺失”，"
                "对应指标显示“缺少汇总数据”，不按 0 计算。回车录入或更正（记入审计日志）；"
                "[ 与 ] 切换统计期，k 在年度与季度之间切换。"
                "年度数据未录入时，四个季度齐全则按其合计。",
            )
        ]
