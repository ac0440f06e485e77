"""用户管理: administrators list, add, edit, disable, re-enable users and reset passwords.

The same services as ``rtech users add|edit|list|disable|enable|passwd``: core decides
who may manage whom (an institution administrator only the users of their
institutions, and no cross-institution role), refuses in Chinese and audits
both the changes and the refusals. This screen only asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widgets import Button, DataTable, Footer, SelectionList, Static
from textual.worker import Worker, WorkerState

from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.plain_input import PlainInput
from rtech.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from rtech.store.users import UserInfo
    from rtech.tui.app import RtechApp
    from rtech.tui.workspace import Workspace

__all__ = ["PasswordScreen", "UserFormScreen", "UsersScreen"]

#: the value of “every institution” in the form's institution list
EVERY = "*"


def roles_text(roles: tuple[str, ...]) -> str:
    from rtech.auth.roles import ROLE_LABELS, Role

    return "、".join(ROLE_LABELS[Role(r)] for r in roles) or "（无角色）"


def _message(exc: UserError) -> str:
    return exc.message + (f"\n{exc.hint}" if exc.hint else "")


class UsersScreen(Screen[None]):
    """用户管理: the users the administrator may see, and what they may do to them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "添加用户"),
        Binding("e", "edit", "修改用户"),
        Binding("s", "toggle_active", "停用/启用"),
        Binding("r", "password", "重设密码"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    DEFAULT_CSS = """
    UsersScreen #users-heading { padding: 1 2 0 2; text-style: bold; }
    UsersScreen #users { height: 1fr; margin: 0 2; }
    UsersScreen #users-status { padding: 0 2; height: auto; }
    UsersScreen #users-status.-error { color: $text-error; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.users: dict[str, UserInfo] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="users-heading")
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Static("", id="users-status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "用户管理"
        table = self.query_one("#users", DataTable)
        table.add_columns("登录名", "姓名", "角色", "机构", "科室", "状态", "系统账户")
        self.reload()
        table.focus()

    @property
    def rtech(self) -> RtechApp:
        from rtech.tui.app import RtechApp

        assert isinstance(self.app, RtechApp)
        return self.app

    def reload(self, highlight: str | None = None) -> None:
        """Read the users again (core lists only those the administrator may see)."""
        from rtech.store.users import list_users

        ws = self.workspace
        try:
            with ws.store.read() as session:
                found = list_users(session)
        except UserError as exc:
            self._status(_message(exc), error=True)
            return
        names = dict(ws.institutions())
        table = self.query_one("#users", DataTable)
        table.clear()
        self.users = {u.login: u for u in found}
        for user in found:
            where = (
                "全部机构"
                if user.institutions == (EVERY,)
                else "、".join(names.get(c, c) for c in user.institutions) or "（无）"
            )
            state = Text("启用") if user.active else Text("停用", style="bold red")
            if user.demo:
                state.append("（演示）")
            table.add_row(
                user.login,
                user.name,
                roles_text(user.roles),
                where,
                user.department or "—",
                state,
                user.os_account or "—",
                key=user.login,
            )
        if highlight in self.users:
            table.move_cursor(row=table.get_row_index(highlight))
        active = sum(1 for u in found if u.active)
        self.query_one("#users-heading", Static).update(
            f"用户 {len(found)} 名（启用 {active} 名）：a 添加　e 修改　s 停用/启用　r 重设密码"
        )

    def selected(self) -> UserInfo | None:
        table = self.query_one("#users", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.users.get(str(key.value))

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#users-status", Static)
        status.update(Text(text))
        status.set_class(error, "-error")

    # -- actions ---------------------------------------------------------------

    def action_add(self) -> None:
        def added(info: UserInfo | None) -> None:
            if info is not None:
                self.reload(highlight=info.login)
                self._status(
                    f"已添加用户 {info.login}（{info.name}）：{roles_text(info.roles)}。"
                    "请把初始密码当面告知本人。"
                )

        self.app.push_screen(UserFormScreen(self.workspace), added)

    def action_edit(self) -> None:
        user = self.selected()
        if user is None:
            return

        def edited(info: UserInfo | None) -> None:
            if info is not None:
                self.reload(highlight=info.login)
                self._status(
                    f"已修改用户 {info.login}（{info.name}）：{roles_text(info.roles)}。"
                    "角色或机构有变化时，其已有的登录随之失效，须重新登录。"
                )

        self.app.push_screen(UserFormScreen(self.workspace, user), edited)

    @work(exclusive=True, group="users-toggle")
    async def action_toggle_active(self) -> None:
        """Disable the highlighted user (asked first), or re-enable a disabled one."""
        from rtech.tui.screens.confirm import ConfirmScreen

        user = self.selected()
        if user is None:
            return
        if user.active:
            go = await self.app.push_screen_wait(
                ConfirmScreen(
                    "停用用户",
                    f"停用 {user.name}（{user.login}）？\n"
                    "其登录立即失效，正在使用的终端在下一次保存时回到登录界面；"
                    "用户与其记录保留，可随时重新启用。",
                    yes="停用",
                )
            )
            if go is None:
                return
        self._status("正在停用……" if user.active else "正在启用……")
        self._change(user.login, not user.active)

    @work(thread=True, exclusive=True, group="users-change")
    def _change(self, login: str, enable: bool) -> None:
        from rtech.store.users import disable_user, enable_user

        try:
            with self.workspace.store.write() as session:
                info = (enable_user if enable else disable_user)(session, login)
        except UserError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        done = "已启用用户" if enable else "已停用用户"
        after = "，须重新登录" if enable else "，其登录已失效"
        self.app.call_from_thread(
            self._changed, login, f"{done} {info.login}（{info.name}）{after}。"
        )

    def _changed(self, login: str, message: str) -> None:
        self.reload(highlight=login)
        self._status(message)

    def _refused(self, exc: UserError) -> None:
        self._status(_message(exc), error=True)
        self.rtech.refused(exc)

    def action_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        own = user.login == self.workspace.principal.login

        def reset(done: bool | None) -> None:
            if done:
                ended = "" if own else "，其已有的登录随之失效"
                self._status(f"已重设用户 {user.login}（{user.name}）的密码{ended}。")

        self.app.push_screen(PasswordScreen(self.workspace, user, own=own), reset)

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "用户管理",
                "列出您可管理的用户（机构管理员只看到本机构的用户）。\n"
                "a 添加用户（登录名、姓名、角色、机构、科室与初始密码）；"
                "e 修改选中用户的姓名、角色、机构或科室（角色或机构改变后其登录失效）；"
                "s 停用选中的用户（其登录立即失效）或重新启用；r 重设密码。\n"
                "每次变更都记入审计；无权的操作由系统拒绝并说明原因。"
                "命令行：rtech users add|edit|list|disable|enable|passwd。",
            )
        ]


# -- the forms ----------------------------------------------------------------------

_FORM_CSS = """
{name} {{ align: center middle; }}
{name} #form {{
    width: 76; max-width: 96%; height: auto; max-height: 100%;
    padding: 0 2; border: thick $accent; background: $panel;
}}
{name} #form-title {{ text-style: bold; margin-top: 1; }}
{name} .label {{ color: $text-muted; }}
{name} PlainInput {{ background: $boost; }}
{name} SelectionList {{ height: auto; max-height: 7; background: $boost; }}
{name} #form-status {{ margin-top: 1; }}
{name} #form-buttons {{ height: 1; margin: 1 0; align-horizontal: right; }}
{name} Button {{ margin-left: 2; min-width: 12; }}
"""


@dataclass(frozen=True)
class NewUser:
    login: str
    name: str
    roles: tuple[str, ...]
    institutions: tuple[str, ...]
    department: str
    password: str
    os_account: str | None = None


class _Form(ModalScreen[ScreenResultType]):
    """What the two forms share: a status line and Esc / 取消 to close."""

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#form-status", Prose).update(Text(text, style="red" if error else ""))

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        self.dismiss(None)


class UserFormScreen(_Form["UserInfo | None"]):
    """添加用户, or 修改用户 when given ``existing`` (no password then: 重设密码
    does that): dismisses with the user added or changed (``None``: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "取消")]
    DEFAULT_CSS = _FORM_CSS.format(name="UserFormScreen")

    def __init__(self, workspace: Workspace, existing: UserInfo | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.existing = existing

    def compose(self) -> ComposeResult:
        from rtech.auth.roles import ROLE_LABELS
        from rtech.store.users import MIN_PASSWORD, grantable_roles

        principal = self.workspace.principal
        # Only the roles core lets this administrator give (it refuses the others).
        grantable = grantable_roles(principal)
        places: list[tuple[str, str]] = [
            (f"{name}（{code}）", code) for code, name in self.workspace.institutions()
        ]
        if principal.all_institutions:
            places.append(("全部机构（省级审核、系统管理员）", EVERY))
        user = self.existing
        roles = set(user.roles) if user else set()
        where = set(user.institutions) if user else set()
        with VerticalScroll(id="form"):
            yield Static(f"修改用户 {user.login}" if user else "添加用户", id="form-title")
            yield Static("登录名（小写字母、数字与 . _ -）", classes="label")
            yield PlainInput(
                user.login if user else "",
                placeholder="如 chenjing",
                id="login",
                compact=True,
                disabled=user is not None,  # the login is who signed and acted: kept
            )
            yield Static("姓名", classes="label")
            yield PlainInput(user.name if user else "", id="name", compact=True)
            yield Static("角色（空格勾选，可多选）", classes="label")
            yield SelectionList[str](
                *(
                    (label, role.value, role.value in roles)
                    for role, label in ROLE_LABELS.items()
                    if role in grantable
                ),
                id="roles",
            )
            yield Static("所属医疗机构（空格勾选，可多选）", classes="label")
            yield SelectionList[str](
                *((label, code, code in where) for label, code in places), id="institutions"
            )
            yield Static("科室（可不填）", classes="label")
            yield PlainInput(user.department if user else "", id="department", compact=True)
            yield Static(
                "操作系统账户（可不填；本站启用系统账户登录后，以该账户登录本机者免输密码）",
                classes="label",
            )
            yield PlainInput((user.os_account or "") if user else "", id="os_account", compact=True)
            if user is None:
                yield Static(f"初始密码（至少 {MIN_PASSWORD} 个字符）", classes="label")
                yield PlainInput(password=True, id="password", compact=True)
                yield Static("再次输入初始密码", classes="label")
                yield PlainInput(password=True, id="again", compact=True)
            yield Prose(Text("Tab 到下一项；回车提交。"), id="form-status")
            with Horizontal(id="form-buttons"):
                yield Button(
                    "保存" if user else "添加", id="create", variant="primary", compact=True
                )
                yield Button("取消（Esc）", id="cancel", compact=True)

    def on_mount(self) -> None:
        places = self.query_one("#institutions", SelectionList)
        if self.existing is not None:
            self.query_one("#name", PlainInput).focus()
            return
        if places.option_count == 1:
            places.select_all()  # the administrator's only institution
        self.query_one("#login", PlainInput).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", PlainInput).value

    @on(PlainInput.Submitted)
    def _next(self, event: PlainInput.Submitted) -> None:
        if event.input.id == ("os_account" if self.existing else "again"):
            self._create()
        else:
            self.focus_next()

    def _refuse(self, text: str, field: str) -> None:
        self._status(text, error=True)
        self.query_one(f"#{field}").focus()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        """What is typed, checked only for what needs no rule (core checks the rest)."""
        roles = tuple(self.query_one("#roles", SelectionList).selected)
        if not self.value("login").strip():
            self._refuse("请填写登录名。", "login")
            return
        if not self.value("name").strip():
            self._refuse("请填写姓名。", "name")
            return
        if not roles:
            self._refuse("请至少勾选一个角色（空格勾选）。", "roles")
            return
        institutions = tuple(self.query_one("#institutions", SelectionList).selected)
        if self.existing is not None:
            self.query_one("#create", Button).disabled = True
            self._status("正在保存……")
            self._update(
                self.value("name"),
                roles,
                institutions,
                self.value("department"),
                self.value("os_account").strip() or None,
            )
            return
        if self.value("password") != self.value("again"):
            self.query_one("#again", PlainInput).value = ""
            self._refuse("两次输入的密码不一致，请再输入一次。", "again")
            return
        new = NewUser(
            login=self.value("login"),
            name=self.value("name"),
            roles=roles,
            institutions=institutions,
            department=self.value("department"),
            password=self.value("password"),
            os_account=self.value("os_account").strip() or None,
        )
        self.query_one("#create", Button).disabled = True
        self._status("正在添加……")
        self._add(new)

    @work(thread=True, exclusive=True, group="user-add")
    def _add(self, new: NewUser) -> UserInfo | None:
        """scrypt takes a moment: off the main thread."""
        from rtech.store.users import add_user

        try:
            with self.workspace.store.write() as session:
                return add_user(
                    session,
                    login=new.login,
                    name=new.name,
                    roles=new.roles,
                    institutions=new.institutions,
                    department=new.department,
                    password=new.password,
                    os_account=new.os_account,
                )
        except UserError as exc:
            self.app.call_from_thread(self._failed, _message(exc))
            return None

    @work(thread=True, exclusive=True, group="user-add")
    def _update(
        self,
        name: str,
        roles: tuple[str, ...],
        institutions: tuple[str, ...],
        department: str,
        os_account: str | None,
    ) -> UserInfo | None:
        """Roles and institutions are sent only when they changed (an institution the
        administrator cannot see is not in the list: it must not be dropped unasked)."""
        from rtech.store.users import set_os_account, update_user

        user = self.existing
        assert user is not None
        details = (name, set(roles), set(institutions), department)
        try:
            with self.workspace.store.write() as session:
                info = user
                if details != (user.name, set(user.roles), set(user.institutions), user.department):
                    info = update_user(
                        session,
                        user.login,
                        name=name,
                        roles=roles if set(roles) != set(user.roles) else None,
                        institutions=(
                            institutions if set(institutions) != set(user.institutions) else None
                        ),
                        department=department,
                    )
                if os_account != user.os_account:
                    info = set_os_account(session, user.login, os_account)
                if info is user:
                    raise UserError(f"用户 {user.login} 的信息没有变化。")
                return info
        except UserError as exc:
            self.app.call_from_thread(self._failed, _message(exc))
            return None

    @on(Worker.StateChanged)
    def _added(self, event: Worker.StateChanged) -> None:
        # Dismissed once the worker has ended (dismissing cancels the screen's workers).
        worker = event.worker
        if worker.group == "user-add" and event.state is WorkerState.SUCCESS and worker.result:
            self.dismiss(worker.result)

    def _failed(self, message: str) -> None:
        self.query_one("#create", Button).disabled = False
        if self.existing is not None:
            self._status(message, error=True)
            return
        # As the login screen does: the passwords are typed again (both of them).
        for field in ("again", "password"):
            box = self.query_one(f"#{field}", PlainInput)
            box.value = ""
            box.focus()
        self._status(message, error=True)


class PasswordScreen(_Form[bool | None]):
    """重设密码: an administrator sets another user's; one's own needs the old one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "取消")]
    DEFAULT_CSS = _FORM_CSS.format(name="PasswordScreen")

    def __init__(self, workspace: Workspace, user: UserInfo, *, own: bool) -> None:
        super().__init__()
        self.workspace = workspace
        self.user = user
        self.own = own

    def compose(self) -> ComposeResult:
        from rtech.store.users import MIN_PASSWORD

        with Vertical(id="form"):
            yield Static(f"重设密码：{self.user.name}（{self.user.login}）", id="form-title")
            if self.own:
                yield Static("原密码", classes="label")
                yield PlainInput(password=True, id="old", compact=True)
            yield Static(f"新密码（至少 {MIN_PASSWORD} 个字符）", classes="label")
            yield PlainInput(password=True, id="password", compact=True)
            yield Static("再次输入新密码", classes="label")
            yield PlainInput(password=True, id="again", compact=True)
            yield Prose(Text("回车提交；Esc 取消。"), id="form-status")
            with Horizontal(id="form-buttons"):
                yield Button("重设", id="reset", variant="primary", compact=True)
                yield Button("取消（Esc）", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#old" if self.own else "#password", PlainInput).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", PlainInput).value

    @on(PlainInput.Submitted)
    def _next(self, event: PlainInput.Submitted) -> None:
        if event.input.id == "again":
            self._reset()
        else:
            self.focus_next()

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        if self.value("password") != self.value("again"):
            box = self.query_one("#again", PlainInput)
            box.value = ""
            box.focus()
            self._status("两次输入的密码不一致，请再输入一次。", error=True)
            return
        self.query_one("#reset", Button).disabled = True
        self._status("正在重设……")
        self._change(self.value("old") if self.own else None, self.value("password"))

    @work(thread=True, exclusive=True, group="user-password")
    def _change(self, old: str | None, new: str) -> bool:
        from rtech.store.users import change_password

        try:
            with self.workspace.store.write() as session:
                change_password(session, self.user.login, old=old, new=new)
        except UserError as exc:
            self.app.call_from_thread(self._failed, _message(exc))
            return False
        return True

    @on(Worker.StateChanged)
    def _changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "user-password" and event.state is WorkerState.SUCCESS and worker.result:
            self.dismiss(True)

    def _failed(self, message: str) -> None:
        self.query_one("#reset", Button).disabled = False
        self._status(message, error=True)
