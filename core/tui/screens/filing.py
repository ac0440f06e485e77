"""Generate a filing as PDF — and sign it with the institution's key — in the background.

The case report (病例信息上报表), the self-assessment (技术备案自评表) and the
quality report (质量控制指标报告) come from :mod:`rtech.filing_sources`; this
screen asks where to save, whether to sign (the passphrase is asked here and
never stored), runs the work in a thread with a progress indicator, and says
what was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, ProgressBar, Select, Static

from rtech.errors import UserError
from rtech.tui.widgets.plain_input import PlainInput
from rtech.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from rtech.filing.batch import BatchResult, SignOptions
    from rtech.tui.screens.keygen import KeyBinding

__all__ = ["FilingJob", "FilingScreen"]

#: run(directory, sign) -> what was written; called in a worker thread
Run = Callable[[Path, "SignOptions | None"], "BatchResult"]


@dataclass(frozen=True)
class FilingJob:
    """One filing to generate: what it is, of what, and how to make it."""

    kind: str  # 病例信息上报表 / 技术备案自评表 / 质量控制指标报告
    subject: str  # 病例 12（张三）, 2023Q1 ...
    run: Run
    note: str = ""  # what signing means here (a signed case is locked)


class FilingScreen(ModalScreen["BatchResult | None"]):
    """生成并签名文书."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "关闭")]

    DEFAULT_CSS = """
    FilingScreen { align: center middle; }
    FilingScreen #filing {
        width: 76;
        max-width: 96%;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: thick $accent;
        background: $panel;
    }
    FilingScreen #filing-title { text-style: bold; }
    FilingScreen #filing-title { margin-top: 1; }
    FilingScreen .label { margin-top: 1; color: $text-muted; }
    FilingScreen #directory, FilingScreen #passphrase { background: $boost; }
    FilingScreen #sign-row { height: 1; margin-top: 1; }
    FilingScreen #sign { width: 1fr; }
    FilingScreen #meaning { width: 16; }
    FilingScreen #passphrase { margin-top: 1; }
    FilingScreen #working { height: 1; margin-top: 1; }
    FilingScreen #status { height: auto; margin-top: 1; }
    FilingScreen #status.-error { color: $text-error; }
    FilingScreen #buttons { height: 1; margin: 1 0; align-horizontal: right; }
    FilingScreen Button { margin-left: 2; min-width: 12; }
    """

    def __init__(
        self,
        job: FilingJob,
        *,
        directory: Path | None = None,
        signer_defaults: dict[str, str] | None = None,
        meanings: list[str] | None = None,
        binding: KeyBinding | None = None,
        may_make_key: bool = True,
    ) -> None:
        super().__init__()
        self.job = job
        #: the meanings the user's roles may sign with (None: all three)
        self.meanings = ["填报", "审核", "批准"] if meanings is None else list(meanings)
        #: binds a key made here to the user and institution
        self.binding = binding
        self.may_make_key = may_make_key
        #: what the key set-up dialog starts with: institution, code, name
        self.signer_defaults = dict(signer_defaults or {})
        if directory is None:
            from rtech.paths import filings_dir

            directory = filings_dir()
        self.directory = directory
        self.result: BatchResult | None = None
        self.signer = ""

    def compose(self) -> ComposeResult:
        from rtech.filing import keys

        info = keys.signer_info()
        self.signer = f"{info.printed_name}（{info.institution}）" if info is not None else ""
        may_sign = bool(self.meanings)
        with Vertical(id="filing"):
            yield Prose(Text(f"生成{self.job.kind}：{self.job.subject}"), id="filing-title")
            yield Static("保存到目录（文件名为文书编号）：", classes="label")
            yield PlainInput(str(self.directory), id="directory", compact=True)
            with Horizontal(id="sign-row"):
                yield Checkbox(
                    (f"签名：{self.signer}" if self.signer else "签名（尚未配置签名密钥）")
                    if may_sign
                    else "签名（您的角色无签名权限）",
                    value=False,
                    disabled=not (self.signer and may_sign),
                    id="sign",
                    compact=True,
                )
                yield Select[str](
                    [(m, m) for m in self.meanings] or [("—", "—")],
                    value="审核" if "审核" in self.meanings else (self.meanings or ["—"])[0],
                    allow_blank=False,
                    id="meaning",
                    disabled=True,
                    compact=True,
                )
            yield PlainInput(
                placeholder="签名口令（不保存）",
                password=True,
                id="passphrase",
                disabled=True,
                compact=True,
            )
            hint = self.job.note
            if not self.signer and may_sign:
                hint = "签名前请先配置签名密钥（按“配置密钥”，或在命令行运行 rtech sign keygen）。"
            yield Prose(Text(hint), id="status")
            with Horizontal(id="buttons"):
                if not self.signer and may_sign and self.may_make_key:
                    yield Button("配置密钥", id="keygen", compact=True)
                yield Button("生成", id="go", variant="primary", compact=True)
                yield Button("关闭（Esc）", id="close", compact=True)

    def on_mount(self) -> None:
        # The directory first: what is typed goes there; Enter or Tab moves on.
        box = self.query_one("#directory", PlainInput)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Button.Pressed, "#keygen")
    def _keygen(self) -> None:
        from rtech.tui.screens.keygen import KeygenScreen

        self.app.push_screen(
            KeygenScreen(**self.signer_defaults, binding=self.binding), self._key_made
        )

    def _key_made(self, info: object) -> None:
        if info is None:
            return
        from rtech.filing.keys import SignerInfo

        assert isinstance(info, SignerInfo)
        self.signer = f"{info.printed_name}（{info.institution}）"
        sign = self.query_one("#sign", Checkbox)
        sign.label = f"签名：{self.signer}"
        sign.disabled = False
        self.query("#keygen").remove()
        self._status(f"已配置签名密钥：{self.signer}。勾选“签名”并输入口令即可签名。")
        sign.focus()

    @on(Checkbox.Changed, "#sign")
    def _sign_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#passphrase", PlainInput).disabled = not event.value
        self.query_one("#meaning", Select).disabled = not event.value
        if event.value:
            self.query_one("#passphrase", PlainInput).focus()

    @on(PlainInput.Submitted, "#directory")
    @on(PlainInput.Submitted, "#passphrase")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        from rtech.filing.batch import SignOptions

        if self.result is not None:
            self.dismiss(self.result)
            return
        sign = None
        if self.query_one("#sign", Checkbox).value:
            passphrase = self.query_one("#passphrase", PlainInput).value
            if not passphrase:
                self._status("请输入签名口令。", error=True)
                self.query_one("#passphrase", PlainInput).focus()
                return
            meaning = self.query_one("#meaning", Select).value
            sign = SignOptions(passphrase, str(meaning))
        directory = Path(self.query_one("#directory", PlainInput).value.strip() or ".")
        self._busy(True, "正在生成并签名……" if sign else "正在生成……")
        self._generate(directory.expanduser(), sign)

    @work(thread=True, exclusive=True, group="filing")
    def _generate(self, directory: Path, sign: SignOptions | None) -> None:
        try:
            if sign is not None:
                from rtech.filing import keys

                keys.load_signer(sign.passphrase)  # a wrong passphrase fails before rendering
            result = self.job.run(directory, sign)
        except UserError as exc:
            message = exc.message + (f"\n{exc.hint}" if exc.hint else "")
            self.app.call_from_thread(self._failed, message)
            return
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"无法写入文件：{exc}")
            return
        self.app.call_from_thread(self._done, result)

    def _done(self, result: BatchResult) -> None:
        self.result = result
        state = f"已签名：{result.meaning}，{result.signer}" if result.signed else "未签名"
        self._busy(False, f"已生成：{result.file}（{result.pages} 页，{state}）")
        self.query_one("#go", Button).label = "完成"
        self.query_one("#passphrase", PlainInput).value = ""
        self.query_one("#go", Button).focus()

    def _failed(self, message: str) -> None:
        self._busy(False, message, error=True)

    @property
    def working(self) -> bool:
        return bool(self.query("#working"))

    def _busy(self, busy: bool, text: str, *, error: bool = False) -> None:
        # The indicator is mounted only while working: it animates.
        if busy and not self.working:
            bar = ProgressBar(total=None, show_eta=False, show_percentage=False, id="working")
            self.query_one("#filing").mount(bar, before=self.query_one("#buttons"))
        elif not busy:
            self.query("#working").remove()
        self.query_one("#go", Button).disabled = busy
        self._status(text, error=error)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Prose)
        status.update(Text(text))
        status.set_class(error, "-error")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if self.working:
            self.notify("正在生成，请稍候。", timeout=3)
            return
        self.dismiss(self.result)
