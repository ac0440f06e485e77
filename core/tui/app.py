"""The rtech Textual application: the home screen, the intake, cases, quality.

``RtechApp(...)`` is also the factory the tests use: every source of
nondeterminism (the store, the plugins, the user, today's date, the blinking
cursor) can be passed in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen

from rtech.errors import UserError
from rtech.tui.commands import AppCommand, AppCommands, Palette
from rtech.tui.keys import key_description
from rtech.tui.screens.home import HomeScreen
from rtech.tui.workspace import LoginNeeded, Workspace

if TYPE_CHECKING:
    from rtech.auth.roles import Action, Principal
    from rtech.host import Host
    from rtech.intake import Intake
    from rtech.store import Store
    from rtech.tui.screens.filing import FilingJob
    from rtech.tui.screens.intake import IntakeOutcome

__all__ = ["RtechApp", "run"]

DARK, LIGHT = "textual-dark", "textual-light"


#: A second Ctrl+Q within this many seconds leaves although answers are unsaved.
UNSAVED_QUIT_SECONDS = 10.0

#: How often a user who only reads is checked (active, login valid); every write
#: checks anyway (one query on primary keys: about +0.25 ms a write on SQLite,
#: +0.4 to 0.5 ms on PostgreSQL, measured in the README).
SESSION_CHECK_SECONDS = 30.0


class UserSessionEnded(Message):
    """The user's account was disabled or their login revoked or expired (posted
    from whichever thread found it)."""

    def __init__(
        self,
        reason: str,
        *,
        then: str = "请重新登录，或由其他用户登录。",
        session: tuple[Any, Any] = (None, None),
    ) -> None:
        super().__init__()
        self.reason = reason
        #: what the login screen asks next
        self.then = then
        #: (user id, login token id) of the session that ended
        self.session = session


class RtechApp(App[None]):
    """限制类技术临床应用管理平台."""

    TITLE = "rtech 限制类技术"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = {AppCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "帮助"),
        Binding("ctrl+p", "command_palette", "命令", priority=True, show=False),
        Binding("ctrl+q", "quit", "退出", priority=True, show=False),
        Binding("ctrl+t", "toggle_theme", "深色/浅色", show=False),
    ]

    def __init__(
        self,
        *,
        store: Store | None = None,
        host: Host | None = None,
        actor: str | None = None,
        today: date | None = None,
        institution_code: str | None = None,
        first_run: bool = True,
        blink: bool = True,
        theme: str = DARK,
        intake: tuple[str, int | None, bool] | None = None,
        followup: bool = False,
    ) -> None:
        super().__init__()
        from rtech.host import get_host

        self._own_store = store is None
        self.workspace = Workspace(
            store=store,
            host=host or get_host(),
            actor=actor or "",
            today=today,
            institution_code=institution_code,
        )
        if store is None:
            # Importing the storage layer and the forms and checking the schema take
            # about a second: done while Textual starts and draws the first screen.
            threading.Thread(target=self._warm_up, name="rtech-warm-up", daemon=True).start()
        self.first_run_enabled = first_run
        #: (technology, case id, new): the intake to open once the database is open
        self.start_intake = intake
        #: the intake to open is a follow-up visit of that case
        self.start_followup = followup
        self.blink = blink
        self.theme = theme
        #: when Ctrl+Q was last refused because answers were not yet stored
        self._unsaved_quit_at = float("-inf")
        #: the store of the user whose session ended (resumed if they log in again)
        self._ended_store: Store | None = None
        self.workspace.on_ended = self._session_ended

    # -- life ---------------------------------------------------------------

    def _warm_up(self) -> None:
        """Open the database and import what the home screen reads (a thread)."""
        import rtech.intake.views  # noqa: F401 - imported for its import time

        # Without a login the app asks for one once the first screen is up.
        with suppress(LoginNeeded):
            self.workspace.store  # noqa: B018 - opens the database

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.workspace))
        self._prepare()
        self.set_interval(SESSION_CHECK_SECONDS, self._check_session)

    @work(thread=True, group="prepare")
    def _prepare(self) -> None:
        """Open the database and read what the first screen lists, off the main thread.

        Not exclusive: after a login it runs again while the first run, which
        asked for the login, may not have ended yet (it must not be cancelled)."""
        from rtech.intake.views import resumable_cases

        ws = self.workspace
        try:
            ws.store  # noqa: B018 - opens the database as the logged-in user
        except LoginNeeded as exc:
            self.call_from_thread(self._ask_login, exc.message)
            return
        needed = self._registration_needed()
        resumable_cases(ws.store, ws.host, actor=ws.actor, limit=1)  # compiles the forms
        self.call_from_thread(self._prepared, bool(needed))

    def _ask_login(self, reason: str) -> None:
        from rtech.tui.screens.login import LoginScreen

        if self._login_shown():
            return  # already asked (the user's session ended meanwhile)
        self.push_screen(LoginScreen(self.workspace, reason), self._logged_in)

    def _logged_in(self, _principal: Principal | None) -> None:
        self._prepare()

    def _prepared(self, registration: bool) -> None:
        self.show_identity()
        self._refresh_home()
        if self.first_run_enabled and registration and self._may_register():
            self.first_run()
        elif self.start_intake is not None:
            self._start()

    def show_identity(self) -> None:
        """The header of every screen: who works (their roles) for which institution."""
        self.title = f"rtech　{self.identity()}"

    def identity(self) -> str:
        """“陈静（chenjing）· 临床医师 · 演示医院”, as the header shows it."""
        ws = self.workspace
        if not ws.store_open:
            return "限制类技术"
        principal = ws.principal
        if principal.system:
            who = ws.actor
        elif principal.setup:
            who = "初始设置（尚无用户）"
        else:
            who = f"{principal.label} · {roles_text(principal)}"
        institution = ws.institution_name()
        return f"{who} · {institution}" if institution else who

    def can(self, action: Action) -> bool:
        """Whether the user may ``action``: screens offer only what they may do."""
        return self.workspace.can(action)

    def _may_register(self) -> bool:
        """The first-run registration is for those who may register (the others are told)."""
        from rtech.auth.roles import Action

        needed = self._registration_needed()
        wanted = Action.INSTITUTION_CREATE if "institution" in needed else Action.REGISTRY_WRITE
        if self.can(wanted):
            return True
        if "institution" in needed:
            self.notify(
                "尚未登记您所属的医疗机构，请联系系统管理员登记。", severity="warning", timeout=10
            )
        else:
            self.notify(
                "本机构尚未登记医师，请联系本机构管理员登记后再录入病例。",
                severity="warning",
                timeout=10,
            )
        return False

    def _start(self) -> None:
        assert self.start_intake is not None
        slug, case_id, new = self.start_intake
        if self.start_followup and case_id is not None:
            self.open_followup(case_id)
        else:
            self.open_case(slug, case_id=case_id, new=new)

    def on_unmount(self) -> None:
        if self._own_store:
            self.workspace.dispose()

    def _registration_needed(self) -> list[str]:
        from rtech.intake import registration_needed

        ws = self.workspace
        mine = ws.institutions()
        if ws.store.principal.all_institutions or not mine:
            return registration_needed(ws.store)
        # A user of several institutions: the one chosen (nothing before choosing).
        chosen = ws.institution_id()
        return registration_needed(ws.store, chosen) if chosen is not None else []

    # -- the first run ----------------------------------------------------------

    @work(exclusive=True, group="first-run")
    async def first_run(self) -> None:
        """Register the institution and its physicians, through the bot itself."""
        from rtech.intake import open_registration
        from rtech.tui.screens.confirm import ConfirmScreen
        from rtech.tui.screens.intake import IntakeScreen

        ws = self.workspace
        needed = self._registration_needed()
        if "institution" in needed:
            intake = open_registration(
                ws.store, ws.host, "institution", actor=ws.actor, today=ws.today
            )
            outcome = await self.push_screen_wait(
                IntakeScreen(
                    intake,
                    intro="欢迎使用。首次使用请先登记本医疗机构，再登记开展限制类技术的医师；"
                    "每答一题即保存，可随时按 Esc 离开，下次打开时继续。",
                )
            )
            self._tell(outcome)
            if not outcome.finished:
                return
        institution_id = ws.institution_id()
        intro = "请登记医师：病例中的术者、助手与决策医师须在医师名册中。"
        while True:
            intake = open_registration(
                ws.store,
                ws.host,
                "physician",
                actor=ws.actor,
                institution_id=institution_id,
                today=ws.today,
            )
            outcome = await self.push_screen_wait(IntakeScreen(intake, intro=intro))
            self._tell(outcome)
            if not outcome.finished:
                return
            more = await self.push_screen_wait(
                ConfirmScreen("继续登记", "继续登记下一位医师？", yes="继续登记", no="暂不登记")
            )
            if more is None:
                break
            intro = "请登记下一位医师。"
        self.notify(
            "登记完成，可以录入病例了：按 n 新建病例。本技术的机构条件与医师培训等资质信息"
            "可稍后用 rtech registry 补充。",
            timeout=10,
        )
        self._refresh_home()
        if self.start_intake is not None:
            self._start()

    # -- opening intakes ------------------------------------------------------------

    def open_case(self, slug: str, *, case_id: int | None = None, new: bool = False) -> None:
        """Open the intake of a case: a new one, or ``case_id`` (a draft or a revision).

        A new case is of the institution worked for; a user of several is asked
        which first. A signed case warns that a revision voids its signature.
        """
        from rtech.intake import open_case_intake

        ws = self.workspace
        institution_id = ws.institution_id()
        if case_id is None and institution_id is None and len(ws.institutions()) > 1:
            self.action_choose_institution(then=partial(self.open_case, slug, new=new))
            return
        if self._registration_needed():
            if self._may_register():
                self.notify("请先登记医疗机构与医师。", severity="warning")
                self.first_run()
            return
        code = ws.institution_code_of(institution_id) if institution_id is not None else None
        try:
            intake = open_case_intake(
                ws.store,
                ws.host,
                slug,
                actor=ws.actor,
                case_id=case_id,
                new=new,
                institution_code=code,
                today=ws.today,
            )
        except UserError as exc:
            self.refused(exc)
            return
        self._warn_signed(intake)

    @work(exclusive=True, group="signed-warning")
    async def _warn_signed(self, intake: Intake) -> None:
        """A signed case: say which signature a revision would void before the intake opens."""
        from rtech.intake import CaseBackend
        from rtech.tui.screens.confirm import ConfirmScreen

        backend = intake.backend
        notice = backend.void_notice() if isinstance(backend, CaseBackend) else ""
        if notice:
            go = await self.push_screen_wait(
                ConfirmScreen(
                    "修改已签名的病例",
                    f"{notice}\n\n修改后提交须填写修改原因，并确认作废上述签名；"
                    "不提交则签名保持有效（修改作为草稿保存）。",
                    yes="继续修改",
                )
            )
            if go is None:
                return
        self._push_intake(intake)

    def refused(self, exc: UserError) -> None:
        """Show a refusal (a permission denied by core, already audited) in Chinese."""
        self.notify(
            exc.message + (f"\n{exc.hint}" if exc.hint else ""),
            title="无权操作" if type(exc).__name__ == "PermissionDenied" else "",
            severity="error",
            timeout=10,
        )

    def open_followup(self, case_id: int) -> None:
        """Record a follow-up visit of a submitted case."""
        from rtech.intake.followup import open_followup_intake

        ws = self.workspace
        try:
            intake = open_followup_intake(
                ws.store, ws.host, case_id, actor=ws.actor, today=ws.today
            )
        except UserError as exc:
            self.refused(exc)
            return
        self._push_intake(intake)

    def register_physician(self) -> None:
        from rtech.auth.roles import Action
        from rtech.intake import open_registration

        ws = self.workspace
        if not self.can(Action.REGISTRY_WRITE):
            self.notify("登记医师须由本机构管理员操作。", severity="warning")
            return
        institution_id = ws.institution_id()
        if institution_id is None:
            if len(ws.institutions()) > 1:
                self.action_choose_institution(then=self.register_physician)
            elif self._may_register():
                self.first_run()
            return
        try:
            intake = open_registration(
                ws.store,
                ws.host,
                "physician",
                actor=ws.actor,
                institution_id=institution_id,
                today=ws.today,
            )
        except UserError as exc:
            self.refused(exc)
            return
        self._push_intake(intake)

    def _push_intake(self, intake: Intake) -> None:
        from rtech.intake import CaseBackend
        from rtech.intake.followup import FollowUpBackend
        from rtech.tui.screens.intake import IntakeScreen

        backend = intake.backend
        case_id = backend.case_id if isinstance(backend, CaseBackend | FollowUpBackend) else None
        self.push_screen(IntakeScreen(intake, case_id=case_id), self._tell)

    def file(self, job: FilingJob) -> None:
        """Generate (and sign) a filing in the background, asking where and how."""
        from rtech.auth.roles import MEANING_ACTIONS, Action
        from rtech.tui.screens.filing import FilingScreen
        from rtech.tui.screens.keygen import KeyBinding

        ws = self.workspace
        code = ""
        name = ws.institution_name() if ws.store_open else ""
        if name:
            code = next((c for c, n in ws.institutions() if n == name), "")
        principal = ws.principal
        signer = ws.actor if principal.system or principal.setup else principal.name
        defaults = {"institution": name, "code": code, "name": signer}
        # Only the meanings the user's roles may sign with (core refuses the others).
        meanings = [m for m, action in MEANING_ACTIONS.items() if principal.can(action)]
        binding = KeyBinding(ws.store, code or None)
        self.push_screen(
            FilingScreen(
                job,
                signer_defaults=defaults,
                meanings=meanings,
                binding=binding,
                may_make_key=principal.can(Action.SIGNING_KEY),
            ),
            lambda _result: self._refresh_home(),
        )

    def _tell(self, outcome: IntakeOutcome | None) -> None:
        if outcome is not None and outcome.message:
            self.notify(outcome.message, timeout=6)
        self._refresh_home()

    def _refresh_home(self) -> None:
        if self.workspace.store_open:
            self.show_identity()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    # -- navigation ---------------------------------------------------------------

    def action_home(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_cases(self) -> None:
        from rtech.tui.screens.cases import CaseListScreen

        self.push_screen(CaseListScreen(self.workspace))

    def action_resume_latest(self) -> None:
        from rtech.intake.views import resumable_cases

        ws = self.workspace
        found = resumable_cases(ws.store, ws.host, actor=ws.actor, limit=1)
        if not found:
            self.notify("没有未完成的草稿。")
            return
        self.open_case(found[0].technology, case_id=found[0].id)

    def action_dashboard(self, slug: str) -> None:
        from rtech.tui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen(slug, store=self.workspace.store))

    def action_self_assessment(self, slug: str) -> None:
        from rtech.tui.screens.self_assessment import SelfAssessmentScreen

        institution_id = self.workspace.institution_id()
        self.push_screen(
            SelfAssessmentScreen(slug, institution_id=institution_id, store=self.workspace.store)
        )

    def action_followups(self) -> None:
        from rtech.tui.screens.followups import FollowUpsScreen

        self.push_screen(FollowUpsScreen(self.workspace))

    def action_aggregates(self) -> None:
        from rtech.tui.screens.aggregates import AggregatesScreen

        self.push_screen(AggregatesScreen(self.workspace))

    def action_filings_received(self) -> None:
        from rtech.tui.screens.filings_received import FilingsReceivedScreen

        self.push_screen(FilingsReceivedScreen(self.workspace))

    def action_choose_institution(self, then: Callable[[], object] | None = None) -> None:
        """Choose which of the user's institutions to work for (``then``: what to do next)."""
        from rtech.tui.screens.institutions import InstitutionScreen

        mine = self.workspace.institutions()
        if len(mine) < 2:
            only = f"：{mine[0][1]}" if mine else ""
            self.notify(f"您只属于一个医疗机构{only}，无需选择。")
            return

        def chosen(code: str | None) -> None:
            if code:
                self.workspace.choose_institution(code)
                self._refresh_home()
                if then is not None:
                    then()

        self.push_screen(InstitutionScreen(self.workspace), chosen)

    # -- who works: switching user, a session that ended ---------------------------

    def _session_ended(self, ended: UserError) -> None:
        """Told by the store (in the writing thread): post it to the app's queue."""
        disabled = getattr(ended, "reason", "") == "disabled"
        session = getattr(ended, "session", (None, None))
        then = "请由其他用户登录。" if disabled else "请重新登录，或由其他用户登录。"
        self.post_message(UserSessionEnded(ended.message, then=then, session=session))

    def _login_shown(self) -> bool:
        from rtech.tui.screens.login import LoginScreen

        return any(isinstance(screen, LoginScreen) for screen in self.screen_stack)

    def _check_session(self) -> None:
        """Every few seconds: has the user been disabled, their login revoked or
        expired? Has the installer of a new database created its first user?"""
        ws = self.workspace
        if not ws.store_open or self._login_shown():
            return
        principal = ws.store.principal
        if principal.user_id is not None or principal.setup:
            self._recheck()

    @work(thread=True, exclusive=True, group="session-check")
    def _recheck(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from rtech.store.users import SessionEnded, check_principal, has_users

        try:
            store = self.workspace.store
            with store.read() as session:
                if store.principal.setup:
                    # The installer acts only while the database has no users.
                    if has_users(session):
                        self.post_message(
                            UserSessionEnded(
                                "数据库已有用户（已创建第一位管理员），初始设置结束。",
                                then="请登录。",
                            )
                        )
                    return
                check_principal(session, store.principal)
        except SessionEnded as ended:
            self._session_ended(ended)
        except (UserError, SQLAlchemyError):
            pass  # the database is busy or gone: the next write says so

    def on_user_session_ended(self, event: UserSessionEnded) -> None:
        """Ask for a login, with the reason; the same user logging in again goes on
        where they were, another user starts afresh."""
        from rtech.tui.screens.login import LoginScreen

        if self._login_shown():
            return
        ws = self.workspace
        if ws.store_open and (ws.principal.user_id, ws.principal.token_id) != event.session:
            return  # news of a session already replaced (another user, a new login)
        self._ended_store = self.workspace.suspend()
        self.show_identity()
        self.push_screen(
            LoginScreen(self.workspace, f"{event.reason}\n{event.then}"),
            self._relogged,
        )

    def _relogged(self, principal: Principal | None) -> None:
        ws = self.workspace
        ended, self._ended_store = self._ended_store, None
        if principal is None:
            return
        if ws.store_open and ws.store is ended:
            self._refresh_home()
            self.notify(f"已重新登录：{principal.label}，可继续刚才的操作。", timeout=6)
            return
        self._start_over()
        self._prepare()

    def _start_over(self) -> None:
        """Close every screen of the previous user; a fresh home screen (drawn for
        whoever logs in next). Answers the previous user could not store are named."""
        from rtech.tui.screens.intake import IntakeScreen

        lost = [
            screen.intake.backend.title
            for screen in self.screen_stack
            if isinstance(screen, IntakeScreen) and screen.intake.unsaved
        ]
        for group in ("first-run", "signed-warning"):
            self.workers.cancel_group(self, group)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(HomeScreen(self.workspace))
        self.show_identity()
        if lost:
            self.notify(
                "上一位用户未写入数据库的回答已放弃：" + "；".join(lost),
                title="未保存的回答",
                severity="warning",
                timeout=15,
            )

    def _unsaved_refused(self, again: str) -> bool:
        """Whether to stay: an intake holds answers the database has not stored (it
        was busy). What is typed in every answer box is kept with its draft first;
        the same request again within a few seconds goes ahead (``again`` says how)."""
        from rtech.tui.screens.intake import UNSAVED_STAY, IntakeScreen

        unsaved = [
            screen
            for screen in self.screen_stack
            if isinstance(screen, IntakeScreen) and not screen.keep_typed()
        ]
        now = time.monotonic()
        if unsaved and now - self._unsaved_quit_at > UNSAVED_QUIT_SECONDS:
            self._unsaved_quit_at = now
            why = (
                UNSAVED_STAY
                if self.workspace.store_open
                else "登录已结束，本次录入的回答尚未写入数据库；原用户重新登录后继续作答即保存。"
            )
            self.notify(f"{why}\n{again}", title="草稿尚未保存", severity="error")
            return True
        return False

    def may_switch_user(self) -> bool:
        """Whether somebody is logged in who can make way for another user (not the
        installer of a database without users, nor the demo's administrator); a
        user acting through their operating-system account can (until a restart)."""
        ws = self.workspace
        if not ws.store_open:
            return False
        principal = ws.principal
        if principal.system or principal.setup:
            return False
        return principal.token_id is not None or principal.os_account is not None

    def action_switch_user(self) -> None:
        """切换用户: this user's login is revoked, their screens closed, the login screen shown."""
        self._leave_user("已注销 {who} 的登录。请下一位用户登录。", "切换用户")

    def action_log_out(self) -> None:
        """退出登录: as 切换用户; the login screen's Ctrl+Q then quits rtech."""
        self._leave_user(
            "已退出登录：{who}。其他用户可在此登录；按 Ctrl+Q 退出 rtech。", "退出登录"
        )

    def _leave_user(self, said: str, what: str) -> None:
        from rtech.tui.screens.login import LoginScreen

        ws = self.workspace
        if not self.may_switch_user():
            self.notify("当前未登录（演示数据库或尚无用户），无需退出登录。")
            return
        if self._unsaved_refused(f"10 秒内再次选择“{what}”将放弃未保存的回答。"):
            return
        who = ws.principal.label
        try:
            ws.log_out()
        except UserError as exc:
            self.refused(exc)
            return
        self._start_over()
        self.push_screen(LoginScreen(ws, said.format(who=who)), self._logged_in)

    def action_users(self) -> None:
        from rtech.auth.roles import Action
        from rtech.tui.screens.users import UsersScreen

        if not self.can(Action.USERS_INSTITUTION):
            self.notify("您的角色不能管理用户。", severity="warning")
            return
        self.push_screen(UsersScreen(self.workspace))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_help(self) -> None:
        from rtech.tui.screens.help import HelpScreen

        screen = self.screen
        sections: list[tuple[str, str]] = []
        own = getattr(screen, "help_sections", None)
        if callable(own):
            sections.extend(own())
        keys = self._keys_of(screen)
        if keys:
            sections.append(("本页按键", keys))
        sections.append(
            (
                "全局",
                "F1 帮助　Ctrl+P 命令面板（可输入中文或拼音首字母查找）　"
                "Ctrl+T 深色/浅色主题　Ctrl+Q 退出（草稿均已保存）",
            )
        )
        title = screen.sub_title or screen.title or self.title
        self.push_screen(HelpScreen(str(title), sections))

    def _keys_of(self, screen: Screen[Any]) -> str:
        lines = []
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            description = key_description(binding.description)
            if not description or description in seen or not active.enabled:
                continue
            seen.add(description)
            lines.append(f"{self.get_key_display(binding)}　{description}")
        return "\n".join(lines)

    async def action_quit(self) -> None:
        """Quit; what is typed in any answer box is kept with its draft first."""
        # The database was busy: the answers are held only in memory. A second
        # Ctrl+Q within a few seconds leaves anyway (the user was told what is lost).
        if self._unsaved_refused("10 秒内再按一次 Ctrl+Q 将放弃未保存的回答并退出。"):
            return
        self.exit()

    def action_help_quit(self) -> None:
        self.notify("按 Ctrl+Q 退出（每答一题即已保存草稿）。", title="退出")

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                Palette(placeholder="查找命令：输入名称或拼音首字母……", id="--command-palette")
            )

    # -- the command palette -------------------------------------------------------

    def palette_commands(self, screen: Screen[Any]) -> list[AppCommand]:
        """What ctrl+p offers: the screen's own keys, then the app's actions."""
        commands: list[AppCommand] = []
        seen = set()
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            description = key_description(binding.description)
            if (
                active.node is not screen
                or not description
                or not active.enabled
                or description in seen
            ):
                continue
            seen.add(description)
            commands.append(
                AppCommand(
                    description,
                    f"本页操作（{self.get_key_display(binding)}）",
                    partial(self._run_on, screen, binding.action),
                )
            )
        commands.extend(self._app_commands())
        return commands

    def _run_on(self, screen: Screen[Any], action: str) -> None:
        self.call_later(self.run_action, action, screen)

    def _app_commands(self) -> Iterable[AppCommand]:
        """The app's actions the user's roles allow (the others are not offered)."""
        from rtech.auth.roles import Action

        ws = self.workspace
        may = self.can
        if ws.store_open:
            yield AppCommand("首页", "回到首页：草稿与技术列表", self.action_home)
        if may(Action.CASE_RECORD):
            for technology in ws.host.technologies:
                if ws.host.case_form(technology.slug) is not None:
                    yield AppCommand(
                        f"新建病例：{technology.name}",
                        "与录入助手逐题对话，每答一题即保存",
                        partial(self.open_case, technology.slug, new=True),
                    )
            yield AppCommand("继续最近的草稿", "打开最近保存的草稿", self.action_resume_latest)
        if may(Action.CASE_READ):
            yield AppCommand(
                "病例列表", "草稿与已提交病例，按技术、状态、统计期筛选", self.action_cases
            )
        if may(Action.REGISTRY_WRITE):
            yield AppCommand("登记医师", "把医师加入本机构的医师名册", self.register_physician)
        if may(Action.FOLLOWUPS):
            yield AppCommand(
                "随访提醒", "按各技术的随访计划：应随访、已逾期与即将到期", self.action_followups
            )
        if may(Action.AGGREGATES_READ):
            yield AppCommand(
                "汇总数据", "录入不以病例计的指标分母（按机构与统计期）", self.action_aggregates
            )
        if may(Action.FILING_READ):
            yield AppCommand(
                "收到的报送",
                "已签名的上报表、自评表与质控报告，按机构、技术筛选",
                self.action_filings_received,
            )
        if ws.store_open and len(ws.institutions()) > 1:
            yield AppCommand(
                "选择医疗机构", "属于多个机构时选择本次工作的机构", self.action_choose_institution
            )
        for technology in ws.host.technologies:
            if may(Action.INDICATORS):
                yield AppCommand(
                    f"指标看板：{technology.name}",
                    "质量控制指标：分子、分母、指标值与趋势",
                    partial(self.action_dashboard, technology.slug),
                )
            if may(Action.ELIGIBILITY):
                yield AppCommand(
                    f"机构自评：{technology.name}",
                    "医疗机构与医师对照管理规范逐条自评",
                    partial(self.action_self_assessment, technology.slug),
                )
        if may(Action.USERS_INSTITUTION):
            yield AppCommand(
                "用户管理", "添加、停用与启用用户，重设密码（按角色与机构）", self.action_users
            )
        if self.may_switch_user():
            yield AppCommand(
                "切换用户", "注销当前用户并回到登录界面，由另一位用户登录", self.action_switch_user
            )
            yield AppCommand(
                "退出登录",
                "注销本终端的登录，回到登录界面（在那里按 Ctrl+Q 退出）",
                self.action_log_out,
            )
        yield AppCommand("切换深色/浅色主题", "Ctrl+T", self.action_toggle_theme)
        yield AppCommand("帮助", "本页的按键与说明（F1）", self.action_help)
        yield AppCommand("退出", "退出 rtech（草稿均已保存）", self.action_quit)


def roles_text(principal: Principal) -> str:
    """The user's roles in Chinese; “全部角色” for one who holds all five (demo-admin)."""
    from rtech.auth.roles import Role

    return "全部角色" if principal.roles >= frozenset(Role) else principal.roles_text()


def run(
    *,
    actor: str | None = None,
    institution_code: str | None = None,
    intake: tuple[str, int | None, bool] | None = None,
    followup: bool = False,
) -> None:
    """``rtech`` / ``rtech tui``; ``rtech intake -t SLUG`` opens ``intake`` at once
    (``--followup``: a follow-up visit of the case)."""
    RtechApp(actor=actor, institution_code=institution_code, intake=intake, followup=followup).run()
