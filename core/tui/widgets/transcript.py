"""The intake conversation: one widget per message, scrolled to the newest.

↑ from the answer box moves the focus here, onto the newest answer; ↑/↓ walk
the earlier answers, Enter asks to edit one, Esc (or ↓ past the last) goes
back to the answer box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget

from rtech.tui.widgets.chat_message import AnswerMessage

__all__ = ["Transcript"]


class Transcript(VerticalScroll, can_focus=True):
    """The messages of one intake, oldest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "上一条回答", show=False),
        Binding("down", "move(1)", "下一条回答", show=False),
        Binding("enter", "edit", "修改该题"),
        Binding("escape", "leave", "回到答题框"),
    ]

    DEFAULT_CSS = """
    Transcript { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    Transcript:focus { border-left: outer $accent; }
    """

    @dataclass
    class EditRequested(Message):
        """The user chose an earlier answer to edit."""

        transcript: Transcript
        path: str

    @dataclass
    class Left(Message):
        """The user went back to the answer box."""

        transcript: Transcript

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._selected: AnswerMessage | None = None

    def on_mount(self) -> None:
        # Stay on the newest message as messages come and the room below changes.
        self.anchor()

    # -- adding ------------------------------------------------------------

    async def add(self, *widgets: Widget) -> None:
        """Append messages and scroll to the newest."""
        if not widgets:
            return
        await self.mount_all(widgets)
        self.scroll_end(animate=False, immediate=False)

    def answers(self) -> list[AnswerMessage]:
        """The answers that can still be edited, oldest first."""
        return [a for a in self.query(AnswerMessage) if not a.stale]

    # -- walking the answers ----------------------------------------------

    @property
    def selected(self) -> AnswerMessage | None:
        return self._selected

    def select(self, answer: AnswerMessage | None) -> None:
        if self._selected is not None:
            self._selected.selected = False
        self._selected = answer
        if answer is not None:
            answer.selected = True
            self.scroll_to_widget(answer, animate=False)

    def select_last(self) -> bool:
        """Focus the newest answer; False when there is none."""
        answers = self.answers()
        if not answers:
            return False
        self.focus()
        self.select(answers[-1])
        return True

    def action_move(self, step: int) -> None:
        answers = self.answers()
        if not answers:
            self.action_leave()
            return
        index = answers.index(self._selected) if self._selected in answers else len(answers)
        index += step
        if index >= len(answers):
            self.action_leave()
            return
        self.select(answers[max(index, 0)])

    def action_edit(self) -> None:
        if self._selected is not None and not self._selected.stale:
            self.post_message(self.EditRequested(self, self._selected.path))

    def action_leave(self) -> None:
        self.select(None)
        self.scroll_end(animate=False)
        self.post_message(self.Left(self))

    def on_blur(self, event: events.Blur) -> None:
        self.select(None)

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        while widget is not None and not isinstance(widget, AnswerMessage):
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        if isinstance(widget, AnswerMessage) and not widget.stale:
            self.select(widget)
            self.post_message(self.EditRequested(self, widget.path))
