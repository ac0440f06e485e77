"""A question that needs a yes (and, for a revision, a reason) before anything happens."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from rtech.tui.widgets.plain_input import PlainInput
from rtech.tui.widgets.prose import Prose

__all__ = ["ConfirmScreen"]


class ConfirmScreen(ModalScreen[str | None]):
    """Dismisses with ``None`` (cancelled) or the reason typed (``""`` when none is asked).

    ``reason``: the label of a required reason (a revision); without it the
    screen is a plain yes/no.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("y", "confirm", "确认", show=False),
        Binding("n", "cancel", "取消", show=False),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: thick $accent;
        background: $panel;
    }
    ConfirmScreen #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen #confirm-body { height: auto; max-height: 14; }
    ConfirmScreen #reason { margin-top: 1; }

    ConfirmScreen #reason-error { color: $text-error; height: auto; }
    ConfirmScreen #reason { background: $boost; }
    ConfirmScreen #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; min-width: 12; }
    """

    def __init__(
        self,
        title: str,
        message: str,
        *,
        yes: str = "确认",
        no: str = "取消",
        reason: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes
        self.no = no
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Prose(Text(self.title_text), id="confirm-title")
            with VerticalScroll(id="confirm-body"):
                yield Prose(Text(self.message), id="confirm-message")
            if self.reason:
                yield PlainInput(placeholder=self.reason, id="reason", compact=True)
                yield Static("", id="reason-error")
            with Horizontal(id="buttons"):
                label = self.yes if self.reason else f"{self.yes}（Y）"
                yield Button(label, id="yes", variant="primary", compact=True)
                yield Button(f"{self.no}（Esc）", id="no", compact=True)

    def on_mount(self) -> None:
        if self.reason:
            self.query_one("#reason", Input).focus()
        else:
            self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    @on(Input.Submitted, "#reason")
    def action_confirm(self) -> None:
        if not self.reason:
            self.dismiss("")
            return
        text = self.query_one("#reason", Input).value.strip()
        if not text:
            self.query_one("#reason-error", Static).update(
                "请填写修改原因（将记入修订记录与审计日志）。"
            )
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(None)
