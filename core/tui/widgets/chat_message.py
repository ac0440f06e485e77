"""One message of the intake conversation: a question, an answer, or a note."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from rtech.tui.widgets.prose import Prose

__all__ = ["AnswerMessage", "ChatMessage", "QuestionMessage"]

#: message kind -> the prefix shown before a note
_PREFIX = {"info": "", "warning": "注意：", "error": "错误：", "system": ""}


class ChatMessage(Prose):
    """A note of the conversation: ``info``, ``warning``, ``error`` or ``system``."""

    DEFAULT_CSS = """
    ChatMessage {
        width: 1fr;
        height: auto;
        margin: 0 8 0 0;
        padding: 0 1;
        border-left: outer $primary 40%;
        color: $text-muted;
    }
    ChatMessage.-warning { border-left: outer $warning; color: $text; }
    ChatMessage.-error { border-left: outer $error; color: $text-error; }
    ChatMessage.-system {
        border-left: none;
        margin: 0;
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self, text: str, *, kind: str = "info") -> None:
        super().__init__(Text(_PREFIX.get(kind, "") + text), classes=f"-{kind}")
        self.kind = kind


class QuestionMessage(Prose):
    """The bot asks: where we are (第 12/48 题 · section), the question, what it holds."""

    DEFAULT_CSS = """
    QuestionMessage {
        width: 1fr;
        height: auto;
        margin: 1 8 0 0;
        padding: 0 1;
        border-left: outer $accent;
        background: $boost;
    }
    """

    def __init__(self, heading: str, text: str, details: list[str]) -> None:
        content = Text()
        if heading:
            content.append(heading + "\n", style="dim")
        content.append(text, style="bold")
        for line in details:
            content.append("\n" + line, style="dim")
        super().__init__(content)


class AnswerMessage(Prose):
    """What the user typed for one question; ↑ from the answer box selects it to edit.

    ``path`` is the question it answered. An answer that was changed later, or
    whose question no longer applies, is *stale*: shown struck through with why.
    """

    DEFAULT_CSS = """
    AnswerMessage {
        width: 1fr;
        height: auto;
        margin: 0 0 0 8;
        padding: 0 1;
        text-align: right;
        border-right: outer $success;
    }
    AnswerMessage.-selected { background: $accent 30%; border-right: thick $accent; }
    AnswerMessage.-stale { color: $text-disabled; border-right: outer $panel; }
    AnswerMessage.-recap {
        margin: 0 8 0 2;
        text-align: left;
        border-right: none;
        border-left: outer $success 50%;
    }
    AnswerMessage.-recap.-selected { border-left: thick $accent; }
    """

    selected: reactive[bool] = reactive(False)

    def __init__(
        self, typed: str, *, path: str, title: str, shown: str = "", recap: str = ""
    ) -> None:
        super().__init__(classes="-recap" if recap else None)
        self.recap = recap
        self.typed = typed
        self.path = path
        self.title = title
        self.shown = shown
        self.stale_reason = ""
        self._paint()

    @property
    def stale(self) -> bool:
        return bool(self.stale_reason)

    def mark_stale(self, reason: str) -> None:
        """Strike the answer through, saying why (已修改, 已不适用)."""
        if reason != self.stale_reason:
            self.stale_reason = reason
            self.set_class(bool(reason), "-stale")
            self._paint()

    def _paint(self) -> None:
        content = Text()
        if self.recap:
            content.append(f"{self.recap}：", style="dim")
        content.append(self.typed or "（直接回车）", style="strike" if self.stale else "")
        if self.shown and self.shown != self.typed and not self.stale:
            content.append(f"\n→ {self.shown}", style="dim")
        if self.stale:
            joint = "" if self.recap else "\n"
            content.append(f"{joint}（{self.stale_reason}）", style="italic")
        self.update(content)

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")
