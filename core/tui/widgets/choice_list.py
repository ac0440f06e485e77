"""The options of a choice question, or the candidates for what is being typed.

It never takes the focus: the answer box keeps it, ↑/↓ move the highlight
here, Enter picks. A click picks too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["Choice", "ChoiceList"]


@dataclass(frozen=True)
class Choice:
    """One line of the list: ``label`` shown, ``text`` sent when picked.

    ``toggle``: part of a multiple choice — picking adds (or removes) ``text``
    in the answer box instead of sending it.
    """

    label: str
    text: str
    key: str = ""
    toggle: bool = False


class ChoiceList(OptionList, can_focus=False):
    """Numbered options or live candidates; hidden while empty."""

    DEFAULT_CSS = """
    ChoiceList {
        height: 1;
        margin: 0 1;
        border: none;
        padding: 0;
        background: $surface;
    }
    ChoiceList.-empty { display: none; }
    ChoiceList.-note { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self.choices: list[Choice] = []
        #: how many lines the list may take (a screenful, set by the screen)
        self.room = 10

    def _fit(self, lines: int) -> None:
        # A fixed height, changed only when the number of lines does: typing
        # that keeps a full list re-draws the list alone, not the whole screen.
        height = max(1, min(lines, self.room))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def show(
        self,
        choices: list[Choice],
        *,
        marked: Collection[str] = (),
        keep: bool = False,
        lines: int | None = None,
    ) -> None:
        """Replace the list; ``marked`` are the texts of toggled options already chosen.

        ``keep``: keep the highlight where it is (the same options, re-marked).
        ``lines``: the height to keep whatever the number of choices (live
        candidates: the list does not jump as they come and go).
        """
        highlighted = self.highlighted if keep and len(choices) == len(self.choices) else None
        self.choices = list(choices)
        self.remove_class("-note")
        self._fit(lines or len(self.choices))
        self.set_options(self._line(c, c.text in marked) for c in self.choices)
        self.highlighted = highlighted
        self.set_class(not self.choices, "-empty")

    def note(self, text: str, *, lines: int = 1) -> None:
        """A line that is not a choice (编码表载入中……, 没有相符的编码)."""
        self.choices = []
        self._fit(lines)
        self.set_options([Option(Text(text), disabled=True)])
        self.highlighted = None
        self.add_class("-note")
        self.remove_class("-empty")

    @staticmethod
    def _line(choice: Choice, marked: bool) -> Option:
        text = Text()
        if choice.toggle:
            text.append("[x] " if marked else "[ ] ", style="bold" if marked else "dim")
        if choice.key:
            text.append(f"{choice.key}. ", style="bold")
        text.append(choice.label)
        return Option(text)

    def move(self, step: int) -> bool:
        """Move the highlight; False when it leaves the list upwards (or it is empty)."""
        if not self.choices:
            return False
        current = self.highlighted
        if current is None:
            if step < 0:
                return False
            self.highlighted = 0
            return True
        target = current + step
        if target < 0:
            self.highlighted = None
            return False
        self.highlighted = min(target, len(self.choices) - 1)
        return True

    @property
    def current(self) -> Choice | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.choices):
            return None
        return self.choices[index]
