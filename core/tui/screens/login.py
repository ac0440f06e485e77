"""登录: the database has users and this terminal holds no valid login for it.

The login is kept as ``rtech login`` keeps it (a token with an expiry, in the
user's data directory), so the CLI in the same terminal acts as the same user.
A wrong password is refused by core and audited (``user.login_failed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from rtech.auth.roles import Principal
from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader
from rtech.tui.widgets.plain_input import PlainInput

if TYPE_CHECKING:
    from rtech.tui.workspace import Workspace

__all__ = ["LoginScreen"]


class LoginScreen(Screen[Principal]):
    """Dismisses with the principal once the password is right (Ctrl+Q quits)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", "退出", priority=True)]

    AUTO_FOCUS = "#login"

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #box {
        width: 60; max-width: 95%; height: auto;
        padding: 1 2; border: thick $accent; background: $panel;
    }
    LoginScreen #login-title { text-style: bold; }
    LoginScreen #reason { color: $text-muted; margin-bottom: 1; }
    LoginScreen .label { margin-top: 1; }
    LoginScreen PlainInput { background: $boost; }
    LoginScreen #status { height: auto; margin-top: 1; }
    LoginScreen #status.-error { color: $text-error; }
    """

    def __init__(self, workspace: Workspace, reason: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.reason = reason

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="box"):
            yield Static("登录 rtech 限制类技术临床应用管理平台", id="login-title")
            yield Static(Text(self.reason or "请先登录。"), id="reason")
            yield Static("登录名", classes="label")
            yield PlainInput(placeholder="如 chenjing", id="login", compact=True)
            yield Static("密码", classes="label")
            yield PlainInput(password=True, id="password", compact=True)
            yield Static("回车登录；Ctrl+Q 退出。", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "登录"

    @on(PlainInput.Submitted, "#login")
    def _to_password(self) -> None:
        self.query_one("#password", PlainInput).focus()

    @on(PlainInput.Submitted, "#password")
    def _submit(self) -> None:
        login = self.query_one("#login", PlainInput).value.strip()
        password = self.query_one("#password", PlainInput).value
        if not login:
            self._status("请输入登录名。", error=True)
            self.query_one("#login", PlainInput).focus()
            return
        if not password:
            self._status("请输入密码。", error=True)
            return
        self._status("正在登录……")
        self._log_in(login, password)

    @work(thread=True, exclusive=True, group="login")
    def _log_in(self, login: str, password: str) -> Principal | None:
        """scrypt takes a moment: checked off the main thread."""
        try:
            return self.workspace.log_in(login, password)
        except UserError as exc:
            message = exc.message + (f"\n{exc.hint}" if exc.hint else "")
            self.app.call_from_thread(self._refused, message)
            return None

    @on(Worker.StateChanged)
    def _logged_in(self, event: Worker.StateChanged) -> None:
        # Dismissed once the worker has ended (dismissing cancels the screen's workers).
        worker = event.worker
        if worker.group == "login" and event.state is WorkerState.SUCCESS and worker.result:
            self.dismiss(worker.result)

    def _refused(self, message: str) -> None:
        box = self.query_one("#password", PlainInput)
        box.value = ""
        box.focus()
        self._status(message, error=True)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(text))
        status.set_class(error, "-error")
