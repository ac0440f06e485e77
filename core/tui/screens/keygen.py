"""Set up the institution's signing key without leaving the app.

The same as ``rtech sign keygen``: a key and certificate issued by the
institution's own root certificate, the private key encrypted with a passphrase
that is asked twice here and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from rtech.errors import UserError
from rtech.tui.widgets.plain_input import PlainInput
from rtech.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from rtech.filing.keys import SignerInfo
    from rtech.store import Store

__all__ = ["KeyBinding", "KeygenScreen"]


@dataclass(frozen=True)
class KeyBinding:
    """Binds a new key to the user and their institution, as ``rtech sign keygen``
    does: only its owner signs with it, only documents of that institution."""

    store: Store
    institution_code: str | None

    def check(self) -> int | None:
        """The institution the key is for, if the user may hold its key (else refused)."""
        from rtech.auth.roles import Action
        from rtech.store.users import require, signing_institution

        with self.store.read() as session:
            institution_id = signing_institution(session, self.institution_code)
            require(session, Action.SIGNING_KEY, institution_id=institution_id)
        return institution_id

    def bind(self, fingerprint: str, institution_id: int | None) -> None:
        from rtech.store.users import bind_signing_key

        if institution_id is not None:
            with self.store.write() as session:
                bind_signing_key(session, fingerprint, institution_id)


#: (field id, label, placeholder, secret)
_FIELDS = (
    ("institution", "医疗机构名称（写入证书）", "", False),
    ("code", "机构代码（统一社会信用代码，可不填）", "", False),
    ("name", "签署人姓名（显示在签章上）", "", False),
    ("title", "签署人职务（可不填）", "如 医务部主任", False),
    ("passphrase", "设置口令", "", True),
    ("again", "再次输入口令", "", True),
)


class KeygenScreen(ModalScreen["SignerInfo | None"]):
    """配置签名密钥."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "取消")]

    DEFAULT_CSS = """
    KeygenScreen { align: center middle; }
    KeygenScreen #keygen {
        width: 72;
        max-width: 96%;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: thick $accent;
        background: $panel;
    }
    KeygenScreen #keygen-title { text-style: bold; margin-top: 1; }
    KeygenScreen .label { color: $text-muted; }
    KeygenScreen PlainInput { background: $boost; }
    KeygenScreen #keygen-status { margin-top: 1; }
    KeygenScreen #keygen-buttons { height: 1; margin: 1 0; align-horizontal: right; }
    KeygenScreen Button { margin-left: 2; min-width: 12; }
    """

    def __init__(
        self,
        *,
        institution: str = "",
        code: str = "",
        name: str = "",
        binding: KeyBinding | None = None,
    ) -> None:
        super().__init__()
        self.defaults = {"institution": institution, "code": code, "name": name}
        self.binding = binding

    def compose(self) -> ComposeResult:
        from rtech.filing.keys import MIN_PASSPHRASE

        with Vertical(id="keygen"):
            yield Static("配置签名密钥", id="keygen-title")
            for field, label, placeholder, secret in _FIELDS:
                yield Static(label, classes="label")
                yield PlainInput(
                    self.defaults.get(field, ""),
                    placeholder=placeholder,
                    password=secret,
                    id=field,
                    compact=True,
                )
            yield Prose(
                Text(
                    f"口令至少 {MIN_PASSPHRASE} 个字符，不保存；每次签名时输入。"
                    "密钥由本机构自签根证书签发，接收方用 rtech sign export 导出的根证书验证。"
                ),
                id="keygen-status",
            )
            with Horizontal(id="keygen-buttons"):
                yield Button("生成密钥", id="create", variant="primary", compact=True)
                yield Button("取消（Esc）", id="cancel", compact=True)

    def on_mount(self) -> None:
        empty = [f for f, *_ in _FIELDS if not self.query_one(f"#{f}", PlainInput).value]
        self.query_one(f"#{empty[0] if empty else 'passphrase'}", PlainInput).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", PlainInput).value

    @on(PlainInput.Submitted)
    def _next(self, event: PlainInput.Submitted) -> None:
        if event.input.id == "again":
            self._create()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        from rtech.filing.keys import MIN_PASSPHRASE

        for field, label, _placeholder, _secret in _FIELDS[:3:2]:  # institution, name
            if not self.value(field).strip():
                self._status(f"请填写{label.split('（')[0]}。", error=True)
                self.query_one(f"#{field}", PlainInput).focus()
                return
        passphrase = self.value("passphrase")
        if len(passphrase) < MIN_PASSPHRASE:
            self._status(f"口令至少需要 {MIN_PASSPHRASE} 个字符。", error=True)
            self.query_one("#passphrase", PlainInput).focus()
            return
        if passphrase != self.value("again"):
            self._status("两次输入的口令不一致，请再输入一次。", error=True)
            self.query_one("#again", PlainInput).value = ""
            self.query_one("#again", PlainInput).focus()
            return
        self.query_one("#create", Button).disabled = True
        self._status("正在生成密钥与证书……")
        self._generate(passphrase)

    @work(thread=True, exclusive=True, group="keygen")
    def _generate(self, passphrase: str) -> SignerInfo | None:
        from rtech.filing import keys

        try:
            binding = self.binding
            institution_id = binding.check() if binding is not None else None
            info: SignerInfo = keys.generate(
                institution=self.value("institution"),
                printed_name=self.value("name"),
                passphrase=passphrase,
                code=self.value("code").strip(),
                title=self.value("title").strip(),
            )
            if binding is not None:
                binding.bind(info.fingerprint, institution_id)
        except UserError as exc:
            message = exc.message + (f"\n{exc.hint}" if exc.hint else "")
            self.app.call_from_thread(self._failed, message)
            return None
        return info

    @on(Worker.StateChanged)
    def _generated(self, event: Worker.StateChanged) -> None:
        # Dismissed once the worker has ended (dismissing cancels the screen's workers).
        worker = event.worker
        if worker.group == "keygen" and event.state is WorkerState.SUCCESS and worker.result:
            self.dismiss(worker.result)

    def _failed(self, message: str) -> None:
        self.query_one("#create", Button).disabled = False
        self._status(message, error=True)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#keygen-status", Prose).update(Text(text, style="red" if error else ""))

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        self.dismiss(None)
