"""F1: the keys of the screen below, and what it says about itself."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rtech.tui.widgets.prose import Prose

__all__ = ["HelpScreen"]


class HelpScreen(ModalScreen[None]):
    """Help for one screen: its sections are (heading, text) pairs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "关闭"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help {
        width: 90;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $panel;
        padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; padding: 1 1 0 1; }
    HelpScreen #help-body { height: auto; max-height: 100%; padding: 0 1 1 1; }
    HelpScreen .help-heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, title: str, sections: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text(f"帮助：{self.title_text}（Esc 关闭）"), id="help-title")
            with VerticalScroll(id="help-body"):
                for heading, text in self.sections:
                    yield Prose(Text(heading), classes="help-heading")
                    yield Prose(Text(text))

    def action_close(self) -> None:
        self.dismiss(None)
