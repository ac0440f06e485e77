"""The answer box: one line, Enter sends it; arrows reach the choices and earlier answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from rtech.tui.widgets.plain_input import PlainInput

__all__ = ["AnswerBox"]


class AnswerBox(PlainInput):
    """An Input that reports ↑/↓/Tab (and Space on a multiple choice) to its screen.

    ``space_toggles``: Space ticks the highlighted option of a multiple choice
    instead of typing a space — unless the user is typing (“1 3”): after a typed
    character Space separates, as it does in line mode; after ↑/↓ it ticks.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "navigate(-1)", "上移", show=False),
        Binding("down", "navigate(1)", "下移", show=False),
        Binding("tab", "complete", "补全", show=False),
    ]

    @dataclass
    class Navigate(Message):
        """↑ (-1) or ↓ (+1) pressed in the box."""

        box: AnswerBox
        step: int

    @dataclass
    class Complete(Message):
        """Tab pressed: take the highlighted candidate into the box."""

        box: AnswerBox

    @dataclass
    class Toggle(Message):
        """Space pressed while the options are a multiple choice."""

        box: AnswerBox

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False, compact=True)
        self.space_toggles = False
        self._typing = False
        #: called as the value changes, before the screen is next drawn (see watch_value)
        self.on_value: Callable[[str], None] | None = None

    def watch_value(self, value: str) -> None:
        if not value:
            self._typing = False
        # Synchronously, not through the Changed message: the candidates for
        # what was typed are drawn in the same frame as the keystroke itself.
        if self.on_value is not None:
            self.on_value(value)

    def action_navigate(self, step: int) -> None:
        self._typing = False
        self.post_message(self.Navigate(self, step))

    def action_complete(self) -> None:
        self.post_message(self.Complete(self))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space" and self.space_toggles and not self._typing:
            event.prevent_default()
            event.stop()
            self.post_message(self.Toggle(self))
            return
        if event.is_printable and event.key != "space":
            self._typing = True
