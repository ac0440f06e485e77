"""The institution self-assessment for one technology (技术备案自评).

The same assessment as ``rtech eligibility check --institution``: every clause
of the norm's institution requirements, then each physician's personnel
requirements, each with its verdict and the values it used.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import (
    DataTable,
    Footer,
    Static,
    TabbedContent,
    TabPane,
)

from rtech.errors import UserError
from rtech.host import get_host
from rtech.store import Store
from rtech.tui.screens.technology_screen import TechnologyScreen
from rtech.tui.widgets.app_header import AppHeader

__all__ = ["SelfAssessmentScreen"]

_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow", "not_applicable": "dim"}


def _outcome(finding: dict[str, Any]) -> Text:
    return Text(finding["outcome_label"], style=_STYLE[finding["outcome"]])


class SelfAssessmentScreen(TechnologyScreen):
    """医疗机构自评."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("1", "show_tab('institution-tab')", "医疗机构条件"),
        ("2", "show_tab('physician-tab')", "医师资质"),
        ("p", "problems", "只看问题/全部"),
        ("f", "file", "生成自评表"),
        ("m", "complete_institution", "补充机构信息"),
        ("o", "complete_physician", "补充医师信息"),
    ]

    AUTO_FOCUS = "#institution-findings"

    DEFAULT_CSS = """
    SelfAssessmentScreen #assessment-title { text-style: bold; padding: 0 1; }
    SelfAssessmentScreen #controls { height: 3; padding: 0 1; }
    SelfAssessmentScreen #controls Select { width: 40; }
    SelfAssessmentScreen #summary { padding: 0 1; }
    SelfAssessmentScreen #tabs { height: 1fr; }
    SelfAssessmentScreen #tabs ContentSwitcher { height: 1fr; }
    SelfAssessmentScreen TabPane { height: 1fr; padding: 0; }
    SelfAssessmentScreen DataTable { height: 1fr; }
    SelfAssessmentScreen #physicians { height: 8; }
    SelfAssessmentScreen #finding { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        slug: str,
        *,
        institution_id: int | None = None,
        edition: str | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__(slug, edition=edition, institution_id=institution_id, store=store)
        self.problems_only = False
        self.physician_id: int | None = None
        self.assessment: dict[str, Any] | None = None
        self.findings: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        options = self.institution_options()
        if self.institution_id is None and options:
            self.institution_id = options[0][1]
        yield AppHeader()
        yield Static(f"医疗机构自评 — {self.technology.name}", id="assessment-title")
        with Horizontal(id="controls"):
            yield self.institution_select("选择医疗机构", options)
            yield self.edition_select()
        yield Static("", id="summary")
        with TabbedContent(id="tabs"):
            with TabPane("医疗机构条件", id="institution-tab"):
                yield DataTable(id="institution-findings", cursor_type="row", zebra_stripes=True)
            with TabPane("医师资质", id="physician-tab"):
                yield DataTable(id="physicians", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="physician-findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="finding")
        yield Footer()

    def on_mount(self) -> None:
        for table_id in ("#institution-findings", "#physician-findings"):
            table = self.query_one(table_id, DataTable)
            table.add_column("条款", width=11)
            table.add_column("要求", width=44)
            table.add_column("结果", width=8)
            table.add_column("说明")
        self.query_one("#physicians", DataTable).add_columns(
            "编号", "医师", "结果", "不符合", "无法判断"
        )
        if self.institution_id is None:
            self.query_one("#summary", Static).update(
                "尚未登记医疗机构。请先导入档案：rtech profile import 档案文件.toml"
            )
            return
        self.load()

    # -- data ---------------------------------------------------------------

    def load(self) -> None:
        from rtech.eligibility.service import assess_institution
        from rtech.errors import UserError

        if self.institution_id is None:
            return
        try:
            with self.store.read() as session:
                self.assessment = assess_institution(
                    session,
                    get_host(),
                    self.technology.slug,
                    self.institution_id,
                    edition=self.edition,
                )
        except UserError as exc:
            self.notify(exc.message, severity="error")
            return
        self._show()

    def _show(self) -> None:
        assessment = self.assessment
        if assessment is None:
            return
        counts = assessment["counts"]
        if not assessment["findings"]:
            self.query_one("#summary", Static).update(
                f"{self.technology.name}尚未提供{self.edition}年版管理规范的资质核查条款。"
            )
            return
        self.query_one("#summary", Static).update(
            Text.assemble(
                f"{assessment['subject']['name']}：",
                _outcome(assessment),
                f"（{assessment['edition']} {assessment['catalog_no']}；符合 {counts['pass']}、"
                f"不符合 {counts['fail']}、无法判断 {counts['unknown']}、"
                f"不适用 {counts['not_applicable']}；核查日期 {assessment['as_of']}）"
                + ("；只列问题" if self.problems_only else ""),
            )
        )
        self.findings = {}
        self._fill("#institution-findings", "institution", assessment["findings"])
        physicians = self.query_one("#physicians", DataTable)
        physicians.clear()
        for physician in assessment["physicians"]:
            counts = physician["counts"]
            physicians.add_row(
                str(physician["subject"]["id"]),
                physician["subject"]["name"],
                _outcome(physician),
                str(counts["fail"]),
                str(counts["unknown"]),
                key=str(physician["subject"]["id"]),
            )
        staff = {p["subject"]["id"]: p for p in assessment["physicians"]}
        if self.physician_id not in staff:
            self.physician_id = next(iter(staff), None)
        if self.physician_id is not None:
            physicians.move_cursor(row=physicians.get_row_index(str(self.physician_id)))
        self._show_physician(staff.get(self.physician_id) if self.physician_id else None)

    def _fill(self, table_id: str, prefix: str, findings: list[dict[str, Any]]) -> None:
        table = self.query_one(table_id, DataTable)
        table.clear()
        for finding in findings:
            if self.problems_only and finding["outcome"] in ("pass", "not_applicable"):
                continue
            key = f"{prefix}:{finding['check_id']}"
            self.findings[key] = finding
            table.add_row(
                finding["citation"].rsplit(" ", 1)[-1],
                finding["title"],
                _outcome(finding),
                finding["explanation"],
                key=key,
            )

    def _show_physician(self, physician: dict[str, Any] | None) -> None:
        if physician is None:
            self.query_one("#physician-findings", DataTable).clear()
            return
        self._fill(
            "#physician-findings", f"physician{physician['subject']['id']}", physician["findings"]
        )

    # -- events -------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#physicians")
    def _physician_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.assessment is None or event.row_key.value is None:
            return
        wanted = int(event.row_key.value)
        found = next(
            (p for p in self.assessment["physicians"] if p["subject"]["id"] == wanted), None
        )
        if found is not None:
            self.physician_id = wanted
        self._show_physician(found)

    @on(DataTable.RowHighlighted, "#institution-findings, #physician-findings")
    def _finding_highlighted(self, event: DataTable.RowHighlighted) -> None:
        finding = self.findings.get(str(event.row_key.value))
        if finding is not None:
            self.query_one("#finding", Static).update(
                f"[b]{finding['citation']}[/b]　{finding['quote']}\n"
                f"{finding['outcome_label']}：{finding['explanation']}"
            )

    # -- actions ------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        target = "#institution-findings" if tab == "institution-tab" else "#physicians"
        self.query_one(target, DataTable).focus()

    def action_problems(self) -> None:
        self.problems_only = not self.problems_only
        self._show()

    def on_screen_resume(self) -> None:
        # Back from completing a profile: what could not be judged may be judged now.
        if self.assessment is not None:
            self.load()

    def action_complete_institution(self) -> None:
        """Answer this technology's institution questions (what reads 无法判断)."""
        self._complete("institution", self.institution_id)

    def action_complete_physician(self) -> None:
        """Answer this technology's questions of the physician chosen in 医师资质."""
        if self.physician_id is None:
            self.action_show_tab("physician-tab")
            self.notify("请先在“医师资质”中选择一位医师。", severity="warning")
            return
        self._complete("physician", self.physician_id)

    def _complete(self, kind: str, existing_id: int | None) -> None:
        from rtech.intake import open_registration
        from rtech.tui.app import RtechApp

        app = self.app
        if not isinstance(app, RtechApp) or self.institution_id is None or existing_id is None:
            self.notify("尚未登记医疗机构。", severity="warning")
            return
        try:
            intake = open_registration(
                self.store,
                get_host(),
                kind,
                actor=app.workspace.actor,
                technologies=[self.technology.slug],
                institution_id=self.institution_id,
                existing_id=existing_id,
            )
        except UserError as exc:
            self.notify(exc.message, severity="warning")
            return
        app._push_intake(intake)

    def action_file(self) -> None:
        """The self-assessment (技术备案自评表) as PDF (signed if asked)."""
        from rtech.tui.app import RtechApp
        from rtech.tui.filings import registration_job

        app = self.app
        if not isinstance(app, RtechApp) or self.institution_id is None:
            self.notify("尚未登记医疗机构。", severity="warning")
            return
        app.file(
            registration_job(app.workspace, self.technology.slug, self.institution_id, self.edition)
        )
