"""One case: its answers by section, its working copy when it differs, its revisions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from rtech.auth.roles import Action, mask_name
from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.prose import wrap_text

if TYPE_CHECKING:
    from rtech.intake.views import CaseView
    from rtech.tui.workspace import Workspace

__all__ = ["CaseScreen"]

Row = tuple[int, str, str, str, str]
#: the width of the question titles
_TITLE = 20


def _when(value: datetime | None) -> str:
    from rtech.localtime import local_text

    return local_text(value)


class CaseScreen(Screen[None]):
    """病例详情."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "继续/修改"),
        Binding("f", "file", "生成上报表"),
        Binding("v", "followup", "录入随访"),
        Binding("1", "show_tab('answers-tab')", "回答"),
        Binding("2", "show_tab('draft-tab')", "未提交修改"),
        Binding("3", "show_tab('history-tab')", "修订记录"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    AUTO_FOCUS = "#answers"

    DEFAULT_CSS = """
    CaseScreen #case-title { text-style: bold; padding: 0 1; }
    CaseScreen #case-facts { color: $text-muted; padding: 0 1; }
    CaseScreen #case-tabs { height: 1fr; }
    CaseScreen #case-tabs ContentSwitcher { height: 1fr; }
    CaseScreen TabPane { height: 1fr; padding: 0; }
    CaseScreen DataTable { height: 1fr; }
    """

    def __init__(self, workspace: Workspace, case_id: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.case_id = case_id
        self.view: CaseView | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="case-title")
        yield Static("", id="case-facts")
        with TabbedContent(id="case-tabs"):
            with TabPane("回答", id="answers-tab"):
                yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
            with TabPane("未提交的修改", id="draft-tab"):
                yield DataTable(id="draft", cursor_type="row", zebra_stripes=True)
            with TabPane("修订记录", id="history-tab"):
                yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"病例 {self.case_id}"
        self.load()

    def on_screen_resume(self) -> None:
        if self.view is not None:  # back from an intake or a filing (not the first show)
            self.load()

    def on_resize(self) -> None:
        if self.view is not None:
            self._show(self.view)

    def load(self) -> None:
        from rtech.intake.views import case_view

        try:
            self.view = case_view(self.workspace.store, self.workspace.host, self.case_id)
        except UserError as exc:
            from rtech.tui.app import RtechApp

            if isinstance(self.app, RtechApp):
                self.app.refused(exc)
            else:
                self.notify(exc.message, severity="error")
            return
        self._show(self.view)
        self.refresh_bindings()

    def _show(self, view: CaseView) -> None:
        summary = view.summary
        revision = f" 第 {summary.revision} 版" if summary.revision else ""
        patient = summary.patient_name
        if not self.workspace.can(Action.CASE_UNMASK):
            patient = mask_name(patient) or ""  # 张*杰 for roles without the right
        who = "　".join(
            p for p in (patient, summary.record_no and f"病案号 {summary.record_no}") if p
        )
        self.query_one("#case-title", Static).update(
            Text(f"病例 {summary.id}　{who}　{summary.status_label}{revision}")
        )
        facts = [view.title]
        if summary.procedure_date:
            facts.append(f"手术 {summary.procedure_date}")
        if summary.discharge_date:
            facts.append(f"出院 {summary.discharge_date}")
        if summary.progress:
            facts.append(f"录入进度：{summary.progress}")
        self.query_one("#case-facts", Static).update(Text("　".join(facts)))
        width = max(20, max(self.size.width, 60) - 4 - _TITLE - 8)
        self._fill("#answers", view.rows, width)
        tabs = self.query_one("#case-tabs", TabbedContent)
        has_draft = view.draft_rows is not None
        tabs.get_tab("draft-tab").display = has_draft
        if view.draft_rows is not None:
            self._fill("#draft", view.draft_rows, width)
        history = self.query_one("#history", DataTable)
        history.clear(columns=True)
        history.add_column("版次", width=4)
        history.add_column("提交人", width=10)
        history.add_column("时间", width=16)
        reason_width = max(20, self.size.width - 44)
        history.add_column("原因 / 签名", width=reason_width)
        for revision_info in view.revisions:
            history.add_row(
                str(revision_info.number),
                revision_info.author,
                _when(revision_info.created_at),
                wrap_text(
                    revision_info.reason or ("首次提交" if revision_info.number == 1 else ""),
                    reason_width,
                ),
                height=None,
            )
        for signature in view.signatures:
            state = f"（已作废：{signature.void_reason}）" if signature.voided else ""
            history.add_row(
                str(signature.revision),
                signature.signer,
                _when(signature.signed_at),
                Text(f"签名：{signature.meaning}{state}", style="dim" if signature.voided else ""),
                height=None,
            )
        if not view.revisions:
            history.add_row("", "", "", Text("尚未提交（草稿）", style="dim"))

    def _fill(self, selector: str, rows: list[Row], width: int) -> None:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        table.add_column("题号", width=4)
        table.add_column("题目", width=_TITLE)
        table.add_column("回答", width=width)
        section = None
        masked = not self.workspace.can(Action.CASE_UNMASK)
        for number, path, section_title, title, display in rows:
            if masked and path == "patient.name":
                display = mask_name(display) or display
            if section_title != section:
                section = section_title
                heading = wrap_text(Text(f"【{section}】", style="bold"), _TITLE)
                table.add_row("", heading, "", height=None)
            table.add_row(
                str(number), wrap_text(title, _TITLE), wrap_text(display, width), height=None
            )

    # -- actions --------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        if tab == "draft-tab" and (self.view is None or self.view.draft_rows is None):
            return
        self.query_one("#case-tabs", TabbedContent).active = tab
        target = {"answers-tab": "#answers", "draft-tab": "#draft"}.get(tab, "#history")
        self.query_one(target, DataTable).focus()

    def action_edit(self) -> None:
        from rtech.tui.app import RtechApp

        if self.view is None:
            return
        app = self.app
        assert isinstance(app, RtechApp)
        app.open_case(self.view.summary.technology, case_id=self.case_id)

    def action_file(self) -> None:
        """The case report (病例信息上报表) of the submitted revision, as PDF."""
        from rtech.tui.app import RtechApp
        from rtech.tui.filings import case_job

        app = self.app
        if self.view is None or not isinstance(app, RtechApp):
            return
        summary = self.view.summary
        name = summary.patient_name
        if not self.workspace.can(Action.CASE_UNMASK):
            name = mask_name(name) or ""
        patient = f"（{name}）" if name else ""
        subject = f"病例 {summary.id}{patient} 第 {summary.revision} 版"
        app.file(case_job(self.workspace, self.case_id, subject))

    def action_followup(self) -> None:
        """Record a follow-up visit of this (submitted) case."""
        from rtech.tui.app import RtechApp

        app = self.app
        if self.view is None or not isinstance(app, RtechApp):
            return
        app.open_followup(self.case_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_tab" and parameters == ("draft-tab",):
            return self.view is not None and self.view.draft_rows is not None
        ws = self.workspace
        # Only what the user's roles allow is offered (core refuses the rest anyway).
        changes = ws.can(Action.CASE_RECORD) or ws.can(Action.CASE_REVISE_ANY)
        if action == "edit":
            if self.view is not None and self.view.summary.revision == 0:
                return ws.can(Action.CASE_RECORD)  # a draft is the recording clinicians'
            return changes
        if action == "file" and not ws.can(Action.FILING_CREATE):
            return False
        if action == "followup" and not changes:
            return False
        if action in ("file", "followup"):
            # Only a submitted revision can be filed or followed up.
            return self.view is not None and self.view.summary.revision > 0
        return True

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "病例",
                "“回答”为最近一次提交的版本（未提交过则为草稿）；有未提交的修改时，"
                "“未提交的修改”列出当前的工作稿；“修订记录”列出每一版的提交人、时间与原因，"
                "以及签名。e 继续录入或修改（已提交的病例再次提交须填写原因）；"
                "v 录入一次随访（每次随访提交为新的一版，记入审计日志）。",
            )
        ]
