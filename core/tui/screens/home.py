"""The home screen: the user's drafts to resume, and the technologies.

A clinician opens rtech to record a case: ``n`` starts one for the highlighted
technology, Enter on a draft resumes it; the case list, the indicator
dashboard and the self-assessment are one key away.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from rtech.catalog import EDITIONS
from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from rtech.tui.app import RtechApp
    from rtech.tui.workspace import Workspace

__all__ = ["HomeScreen"]


def _when(value: datetime | None) -> str:
    from rtech.localtime import local_text

    return local_text(value, "%m-%d %H:%M")


class HomeScreen(Screen[None]):
    """首页."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_case", "新建病例"),
        Binding("l", "cases", "病例列表"),
        Binding("d", "dashboard", "指标看板"),
        Binding("a", "self_assessment", "机构自评"),
        Binding("v", "followups", "随访提醒"),
        Binding("g", "aggregates", "汇总数据"),
        Binding("r", "filings_received", "收到的报送"),
        Binding("i", "choose_institution", "选择机构", show=False),
        Binding("p", "register_physician", "登记医师", show=False),
        Binding("u", "users", "用户管理"),
        Binding("tab", "app.focus_next", "切换列表", show=False),
        Binding("q", "app.quit", "退出"),
    ]

    DEFAULT_CSS = """
    HomeScreen #title { text-style: bold; padding: 1 2 0 2; }
    HomeScreen #who { color: $text-muted; padding: 0 2; }
    HomeScreen #followups-line { padding: 0 2; }
    HomeScreen .heading { padding: 1 2 0 2; text-style: bold; }
    HomeScreen #drafts { height: auto; max-height: 9; margin: 0 2; }
    HomeScreen #technologies { height: 1fr; margin: 0 2; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._technologies: dict[int, str] = {}  # draft id -> technology
        # One reminder reading at a time (a thread cannot be cancelled): a reload
        # asked for meanwhile makes the running one read again when it ends.
        self._line_lock = threading.Lock()
        self._line_running = False
        self._line_again = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("限制类技术临床应用管理平台", id="title")
        yield Static("", id="who")
        yield Static("", id="followups-line")
        yield Static("", id="drafts-heading", classes="heading")
        yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
        yield Static(
            "技术（n 新建病例　d 指标看板　a 机构自评）：", id="subtitle", classes="heading"
        )
        yield DataTable(id="technologies", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        host = self.workspace.host
        table = self.query_one("#technologies", DataTable)
        table.add_columns("技术名称", *(f"{e}年版" for e in EDITIONS), "病例录入")
        for technology in host.technologies:
            table.add_row(
                technology.name,
                *(technology.editions.get(e, "—") for e in EDITIONS),
                "可录入" if host.case_form(technology.slug) is not None else "—",
                key=technology.slug,
            )
        # The cursor starts on the first technology whose cases can be recorded.
        recordable = [t.slug for t in host.technologies if host.case_form(t.slug) is not None]
        if recordable:
            table.move_cursor(row=table.get_row_index(recordable[0]))
        drafts = self.query_one("#drafts", DataTable)
        drafts.add_columns("病例", "技术", "患者", "病案号", "进度", "状态", "上次保存")
        drafts.display = False
        for error in host.load_errors:
            self.notify(error.message, severity="error", timeout=10)
        if self.workspace.store_open:
            self.reload()
        else:
            # The app opens the database in the background and reloads this screen.
            self.query_one("#drafts-heading", Static).update("正在打开数据库……")

    def on_screen_resume(self) -> None:
        if self.workspace.store_open and self.query_one("#drafts", DataTable).columns:
            self.reload()

    def reload(self) -> None:
        """Re-read who is working and the drafts (after an intake, a registration)."""
        from rtech.intake.views import resumable_cases

        if not self.query_one("#drafts", DataTable).columns:
            return  # not mounted yet: on_mount reads them
        ws = self.workspace
        institution = ws.institution_name()
        several = len(ws.institutions()) > 1
        placeholder = "请按 i 选择医疗机构" if several else "尚未登记医疗机构"
        self.query_one("#who", Static).update(
            self._who(institution or placeholder, several and bool(institution))
        )
        self._load_followups_line()
        self.sub_title = "首页"  # the header names the institution
        self.refresh_bindings()
        self.query_one("#subtitle", Static).update(self._technologies_heading())
        drafts = self.query_one("#drafts", DataTable)
        found = resumable_cases(
            ws.store, ws.host, actor=ws.actor, institution_id=ws.institution_id()
        )
        drafts.clear()
        for case in found:
            drafts.add_row(
                str(case.id),
                case.technology_name,
                case.patient_name or "—",
                case.record_no or "—",
                case.progress,
                case.status_label,
                _when(case.updated_at),
                key=str(case.id),
            )
        drafts.display = bool(found)
        if not found and (self.focused is None or self.focused is drafts):
            # Nothing to resume: the arrow keys and n act on the technologies.
            self.query_one("#technologies", DataTable).focus()
        heading = f"我的草稿（{len(found)}）：回车继续录入" if found else self._no_drafts()
        self.query_one("#drafts-heading", Static).update(heading)
        self._technologies = {c.id: c.technology for c in found}

    def _no_drafts(self) -> str:
        from rtech.auth.roles import Action

        hints = []
        if self.workspace.can(Action.CASE_RECORD):
            hints.append("按 n 新建病例")
        if self.workspace.can(Action.CASE_READ):
            hints.append("l 查看全部病例")
        return "没有未完成的草稿。" + ("，".join(hints) + "。" if hints else "")

    def _technologies_heading(self) -> str:
        """What the keys do on a technology, only those the user's roles allow."""
        from rtech.auth.roles import Action

        keys = [
            (Action.CASE_RECORD, "n 新建病例"),
            (Action.INDICATORS, "d 指标看板"),
            (Action.ELIGIBILITY, "a 机构自评"),
        ]
        shown = "　".join(text for action, text in keys if self.workspace.can(action))
        return f"技术（{shown}）：" if shown else "技术："

    def _who(self, institution: str, several: bool) -> Text:
        """“用户：陈静（chenjing）　角色：临床医师　机构：某医院（i 切换）”."""
        from rtech.tui.app import roles_text

        principal = self.workspace.principal
        if principal.system:
            return Text.assemble(("用户：", "bold"), self.workspace.actor, "　", institution)
        if principal.setup:
            who = "初始设置（尚未创建用户，拥有全部权限；rtech users add 创建第一位管理员）"
            return Text.assemble(("用户：", "bold"), who, "　", ("机构：", "bold"), institution)
        switch = "（i 切换）" if several else ""
        return Text.assemble(
            ("用户：", "bold"),
            principal.label,
            "　",
            ("角色：", "bold"),
            roles_text(principal),
            "　",
            ("机构：", "bold"),
            institution + switch,
        )

    def _load_followups_line(self) -> None:
        """Fill the reminder line in the background: at 100,000 cases the first
        reading of the plans takes a while, and the screen must not wait for it."""
        from rtech.auth.roles import Action

        if not self.workspace.can(Action.FOLLOWUPS):
            self.query_one("#followups-line", Static).update("")
            return
        with self._line_lock:
            if self._line_running:
                self._line_again = True
                return
            self._line_running = True
        self.run_worker(self._followups_line_worker, thread=True, group="followups-line")

    def _followups_line_worker(self) -> None:
        try:
            while True:
                try:
                    line = self._followups_line()
                except UserError:
                    # The database busy, the user's session ended (the store has
                    # told the app, which asks for a login): the line waits.
                    with self._line_lock:
                        self._line_running = self._line_again = False
                    return
                self.app.call_from_thread(self._show_followups_line, line)
                with self._line_lock:
                    if not self._line_again:
                        self._line_running = False
                        return
                    self._line_again = False
        except BaseException:
            with self._line_lock:
                self._line_running = self._line_again = False
            raise

    def _show_followups_line(self, line: Text) -> None:
        if self.is_attached:  # a screen closed meanwhile (another user) shows nothing
            self.query_one("#followups-line", Static).update(line)

    def _followups_line(self) -> Text:
        """“随访提醒：已逾期 3 例，应随访 2 例（v 查看）”, or nothing when none is due.

        Stores the plans of cases new or revised since the last look first (one
        write per 2,000 cases)."""
        from rtech.followups import STATUS_LABELS, followups_due, refresh_followups

        ws = self.workspace
        refresh_followups(ws.store, ws.host)
        with ws.store.read() as session:
            due = followups_due(
                session,
                ws.host,
                today=ws.today or date.today(),
                within_days=14,
                institution_id=ws.institution_id(),
            )
        counts = {s: sum(1 for d in due if d.status == s) for s in STATUS_LABELS}
        if not due:
            return Text("")
        parts = "，".join(f"{STATUS_LABELS[s]} {n} 例" for s, n in counts.items() if n)
        style = "bold red" if counts["overdue"] else "bold yellow"
        return Text.assemble(("随访提醒：", "bold"), (parts, style), "（按 v 查看，回车录入随访）")

    # -- helpers ------------------------------------------------------------

    @property
    def rtech(self) -> RtechApp:
        from rtech.tui.app import RtechApp

        assert isinstance(self.app, RtechApp)
        return self.app

    def _highlighted_slug(self) -> str | None:
        table = self.query_one("#technologies", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # -- events and actions -------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only what the user's roles allow is offered (core refuses the rest anyway)."""
        from rtech.auth.roles import Action

        needs = {
            "new_case": Action.CASE_RECORD,
            "cases": Action.CASE_READ,
            "dashboard": Action.INDICATORS,
            "self_assessment": Action.ELIGIBILITY,
            "followups": Action.FOLLOWUPS,
            "aggregates": Action.AGGREGATES_READ,
            "filings_received": Action.FILING_READ,
            "register_physician": Action.REGISTRY_WRITE,
            "users": Action.USERS_INSTITUTION,
        }
        wanted = needs.get(action)
        if wanted is None:
            return True
        if not self.workspace.store_open:
            return None  # shown, but not yet usable while the database opens
        return self.workspace.can(wanted)

    @on(DataTable.RowSelected, "#drafts")
    def _resume(self, event: DataTable.RowSelected) -> None:
        case_id = int(str(event.row_key.value))
        self.rtech.open_case(self._technologies[case_id], case_id=case_id)

    @on(DataTable.RowSelected, "#technologies")
    def _technology_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_new_case()

    def action_new_case(self) -> None:
        """A new case of the highlighted technology."""
        slug = self._highlighted_slug()
        if slug is None:
            return
        from rtech.auth.roles import Action

        if not self.workspace.can(Action.CASE_RECORD):
            self.notify("您的角色不能录入病例。", severity="warning")
            return
        if self.workspace.host.case_form(slug) is None:
            name = self.workspace.host.technology(slug).name
            self.notify(f"“{name}”尚无病例表单，暂不能录入病例。", severity="warning")
            return
        self.rtech.open_case(slug, new=True)

    def action_cases(self) -> None:
        self.rtech.action_cases()

    def action_dashboard(self) -> None:
        """The indicator dashboard of the highlighted technology."""
        slug = self._highlighted_slug()
        if slug is not None:
            self.rtech.action_dashboard(slug)

    def action_self_assessment(self) -> None:
        """The institution self-assessment for the highlighted technology."""
        slug = self._highlighted_slug()
        if slug is not None:
            self.rtech.action_self_assessment(slug)

    def action_register_physician(self) -> None:
        self.rtech.register_physician()

    def action_followups(self) -> None:
        self.rtech.action_followups()

    def action_aggregates(self) -> None:
        self.rtech.action_aggregates()

    def action_filings_received(self) -> None:
        self.rtech.action_filings_received()

    def action_choose_institution(self) -> None:
        self.rtech.action_choose_institution()

    def action_users(self) -> None:
        self.rtech.action_users()

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "首页",
                "上方是您未完成的草稿（含已提交病例的未提交修改），回车继续录入；"
                "下方是已加载的技术，选中后按 n 新建病例（或回车）。\n"
                "Tab 在两个列表之间切换；l 打开病例列表（可按技术、状态、统计期筛选）。\n"
                "v 随访提醒（应随访与已逾期的病例）；g 汇总数据（不以病例计的指标分母）；"
                "r 收到的报送（已签名的上报表、自评表与质控报告）；"
                "i 选择医疗机构（登记了多个机构时）；u 用户管理（机构管理员、系统管理员）。\n"
                "换人使用本终端：Ctrl+P 输入“切换用户”（或“退出登录”），回到登录界面。",
            )
        ]
