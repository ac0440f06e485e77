"""The indicator dashboard: a technology's indicators for a period, with trends.

The same figures as ``rtech indicators compute`` (rtech.indicators.service):
numerator, denominator, value, the verdict against the seed's threshold, a
sparkline of the last periods; Enter opens the cases behind the highlighted
figure.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Input, Sparkline, Static

from rtech.errors import UserError
from rtech.host import get_host
from rtech.indicators.compute import sparkline
from rtech.indicators.periods import Period, parse_period
from rtech.store import Store
from rtech.tui.screens.technology_screen import TechnologyScreen
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.prose import wrap_text

#: The columns beside the indicator's name: 分子, 分母, 指标值, 判定, 趋势, borders.
_FIGURES = 54
#: Below this height the dashboard drops the sparkline and shortens the detail.
_TALL = 32

__all__ = ["TREND_PERIODS", "DashboardScreen"]

#: How many periods the trend column and the sparkline show.
TREND_PERIODS = 8

_VERDICT_STYLE = {
    "met": "green",
    "not_met": "red",
    "no_cases": "dim",
    "no_threshold": "",
    "not_observable": "yellow",
    "aggregate_missing": "bold yellow",
}


def _default_period(store: Store, slug: str) -> Period:
    from datetime import date

    from rtech.indicators.periods import quarter_period
    from rtech.indicators.service import latest_period

    with store.read() as session:
        found = latest_period(session, slug)
    if found is not None:
        return found
    today = date.today()
    return quarter_period(today.year, (today.month - 1) // 3 + 1)


class DashboardScreen(TechnologyScreen):
    """质量控制指标看板."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("left_square_bracket", "shift(-1)", "上一期"),
        ("right_square_bracket", "shift(1)", "下一期"),
        ("f", "file", "生成报告"),
    ]

    AUTO_FOCUS = "#indicators"

    DEFAULT_CSS = """
    DashboardScreen #dashboard-title { text-style: bold; padding: 0 1; }
    DashboardScreen #controls { height: 3; padding: 0 1; }
    DashboardScreen #controls Input { width: 16; }
    DashboardScreen #controls Select { width: 1fr; max-width: 36; }
    DashboardScreen #indicators { height: 1fr; margin: 0 1; }
    DashboardScreen #trend { height: 4; margin: 0 1; }
    DashboardScreen #detail { height: auto; max-height: 8; padding: 0 1; color: $text-muted; }
    DashboardScreen.short #trend { display: none; }
    DashboardScreen.short #detail { max-height: 3; }
    DashboardScreen #status { height: auto; max-height: 2; padding: 0 1; }
    """

    def __init__(
        self,
        slug: str,
        *,
        period: str | None = None,
        edition: str | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__(slug, edition=edition, store=store)
        self.period = parse_period(period) if period else _default_period(self.store, slug)
        self.rows: dict[str, dict[str, Any]] = {}

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(f"质量控制指标看板 — {self.technology.name}", id="dashboard-title")
        with Horizontal(id="controls"):
            yield Input(self.period.label, placeholder="统计期，如 2023Q1", id="period")
            yield self.edition_select()
            yield self.institution_select("全部医疗机构", self.institution_options())
        yield Static("", id="status")
        yield DataTable(id="indicators", cursor_type="row", zebra_stripes=True)
        yield Sparkline([], id="trend")
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#indicators", DataTable)
        table.add_column("指标", width=self._name_width(), key="name")
        table.add_columns("分子", "分母", "指标值", "判定", f"趋势（{TREND_PERIODS}期）")
        self.load()

    def on_resize(self) -> None:
        # A short terminal (80x24) keeps its rows for the indicators: the trend's
        # sparkline goes (the detail states the trend in figures) and the detail shrinks.
        self.set_class(self.size.height < _TALL, "short")

    def _name_width(self) -> int:
        """The indicator names wrap so that the figures stay on screen."""
        return max(12, min(40, self.app.size.width - _FIGURES))

    # -- data ---------------------------------------------------------------

    def load(self) -> None:
        self.query_one("#status", Static).update(f"正在计算 {self.period.title} 的指标……")
        self._compute(self.period, self.edition, self.institution_id)

    @work(thread=True, exclusive=True, group="dashboard")
    def _compute(self, period: Period, edition: str, institution_id: int | None) -> None:
        from rtech.indicators.service import compute_indicators, refresh_outcomes

        try:
            refresh_outcomes(self.store, get_host(), self.technology.slug)
            with self.store.read() as session:
                rows = compute_indicators(
                    session,
                    get_host(),
                    period=period,
                    technology=self.technology.slug,
                    edition=edition,
                    institution_id=institution_id,
                    trend=TREND_PERIODS,
                )
        except UserError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self._show, period, rows)

    def _show(self, period: Period, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#indicators", DataTable)
        table.clear()
        self.rows = {}
        cases = set()
        group = None
        for row in rows:
            cases.update(row["denominator_case_ids"])
            if row["group"] and row["group"] != group:
                group = row["group"]
                table.add_row(
                    wrap_text(Text(group, style="bold"), self._name_width()),
                    *([""] * 5),
                    key=f"group:{group}",
                    height=None,
                )
            key = row["id"]
            self.rows[key] = row
            verdict = row["verdict_label"]
            style = _VERDICT_STYLE[row["verdict"]]
            table.add_row(
                wrap_text(row["name"], self._name_width()),
                _number(row["numerator"]),
                str(row["denominator"]),
                row["display"],
                Text(verdict, style=style),
                sparkline([p["value"] for p in row["trend"]]),
                key=key,
                height=None,
            )
            for stratum in row["strata"]:
                stratum_key = f"{key}#{stratum['key']}"
                self.rows[stratum_key] = {**row, **stratum, "stratum_label": stratum["label"]}
                table.add_row(
                    f"  └ {stratum['label']}",
                    _number(stratum["numerator"]),
                    str(stratum["denominator"]),
                    stratum["display"],
                    "",
                    "",
                    key=stratum_key,
                )
        incomplete = {i for r in rows for i in r["incomplete_case_ids"]}
        status = (
            f"{period.title}（{period.start} 至 {period.end}，按出院日期）："
            f"{len(rows)} 项指标，计入指标的病例 {len(cases)} 例"
        )
        if incomplete:
            status += f"；{len(incomplete)} 例数据不全未计入"
        if not rows:
            status = f"{self.technology.name}尚未提供{self.edition}年版的质量控制指标。"
        self.query_one("#status", Static).update(status)
        if rows:
            table.move_cursor(row=table.get_row_index(rows[0]["id"]))
            self._describe(rows[0]["id"])

    # -- events -------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#indicators")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._describe(str(event.row_key.value))

    def _describe(self, key: str) -> None:
        row = self.rows.get(key)
        if row is None:
            return
        # Periods without cases are left out of the sparkline rather than drawn as 0.
        values = [p["value"] for p in row.get("trend", []) if p["value"] is not None]
        self.query_one("#trend", Sparkline).data = values
        trend = "　".join(f"{p['period']} {p['display']}" for p in row.get("trend", []))
        lines = [
            f"[b]{row['name']}[/b]（{row['citation']}；{row['type']}质控，{row['direction']}）",
            f"定义：{row['quote']}",
        ]
        if row.get("threshold"):
            lines.append(f"阈值：{row['threshold']['display']}（{row['threshold']['citation']}）")
        if row.get("detail"):
            lines.append(f"本期：{row['detail']}")
        if row.get("note"):
            lines.append(f"说明：{row['note']}")
        lines.append(f"趋势：{trend}")
        lines.append("按 Enter 查看分子、分母病例。")
        self.query_one("#detail", Static).update("\n".join(lines))

    @on(DataTable.RowSelected, "#indicators")
    def _selected(self, event: DataTable.RowSelected) -> None:
        from rtech.tui.screens.indicator_cases import IndicatorCasesScreen

        row = self.rows.get(str(event.row_key.value))
        if row is not None:
            self.app.push_screen(IndicatorCasesScreen(row, store=self.store))

    @on(Input.Submitted, "#period")
    def _period_entered(self, event: Input.Submitted) -> None:
        try:
            self.period = parse_period(event.value)
        except UserError as exc:
            self.notify(f"{exc.message}{exc.hint}", severity="error")
            return
        event.input.value = self.period.label
        self.load()

    # -- actions ------------------------------------------------------------

    def action_shift(self, step: int) -> None:
        self.period = self.period.previous() if step < 0 else self.period.next()
        self.query_one("#period", Input).value = self.period.label
        self.load()

    def action_file(self) -> None:
        """The quality report of this period as PDF (signed if asked)."""
        from rtech.tui.app import RtechApp
        from rtech.tui.filings import report_job

        app = self.app
        if not isinstance(app, RtechApp):
            return
        institution_id = self.institution_id or app.workspace.institution_id()
        if institution_id is None:
            self.notify("请先选择医疗机构（登记了多个机构时）。", severity="warning")
            return
        app.file(
            report_job(
                app.workspace, self.technology.slug, self.period.label, institution_id, self.edition
            )
        )


def _number(value: float) -> str:
    return f"{value:g}"
