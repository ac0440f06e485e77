"""Chinese text that wraps the way Chinese is set.

Terminal wrapping breaks at spaces: a Chinese sentence with one space in it
(“以下 3 项回答不再适用……”) breaks at that space and leaves a ragged line. Here
a line may break between any two Han characters, Latin words and numbers stay
whole, and the usual rules of Chinese typesetting hold: no line starts with
closing punctuation (，。、；：？！）」…) and none ends with an opening one (（「“).
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

__all__ = ["Prose", "break_offsets", "wrap_lines", "wrap_text"]

#: may not start a line
_NO_START = set("，。、；：？！）」』”’》〉】〕…—·%,.;:?!)]}")
#: may not end a line
_NO_END = set("（「『“‘《〈【〔([{")
#: a run kept together: Latin letters, digits and what joins them
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/\-+#]*|\s+|.", re.DOTALL)


def _joined(before: str, after: str) -> bool:
    """Whether a line may not break between ``before`` and ``after``."""
    return after[0] in _NO_START or before[-1] in _NO_END


def break_offsets(text: str, width: int) -> list[int]:
    """Where lines of ``text`` (one paragraph, no newlines) start, for ``width`` cells."""
    width = max(width, 2)
    offsets: list[int] = []

    def fold(start: int, token: str) -> int:
        """Place ``token`` on a fresh line, folding it by cells; the cells used."""
        line = 0
        for index, char in enumerate(token):
            size = cell_len(char)
            if line + size > width and line:
                offsets.append(start + index)
                line = 0
            line += size
        return line

    used = 0
    line: list[tuple[int, str]] = []  # the tokens on the current line (no spaces)
    for match in _TOKEN.finditer(text):
        start, token = match.start(), match.group(0)
        size = cell_len(token)
        if token.isspace():
            # Spaces may hang past the edge; they are trimmed at the break.
            used += size
            line = []
            continue
        if used + size <= width:
            used += size
            line.append((start, token))
            continue
        if used == 0:
            used = fold(start, token)
            line = [(start, token)]
            continue
        # Break before ``token``, or before the tokens it must stay with.
        keep = [(start, token)]
        while len(line) > 1 and len(keep) < 4 and _joined(line[-1][1], keep[0][1]):
            keep.insert(0, line.pop())
        carried = sum(cell_len(t) for _, t in keep)
        if carried > width or (line and _joined(line[-1][1], keep[0][1])):
            keep = [(start, token)]  # cannot be kept together: break plainly
            carried = size
        offsets.append(keep[0][0])
        used = fold(start, token) if carried > width else carried
        line = keep
    return [o for o in offsets if 0 < o < len(text)]


def wrap_lines(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells (explicit newlines kept)."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        if not paragraph.plain:
            lines.append(paragraph)
            continue
        for line in paragraph.divide(break_offsets(paragraph.plain, width)):
            line.rstrip()
            lines.append(line)
    return lines


def wrap_text(text: Text | str, width: int) -> Text:
    """``text`` wrapped to ``width`` cells with explicit newlines (for table cells)."""
    source = Text(text) if isinstance(text, str) else text
    return Text("\n").join(wrap_lines(source, width))


class Prose(Widget):
    """A block of text (a Rich ``Text``) wrapped as Chinese is set."""

    DEFAULT_CSS = """
    Prose { height: auto; }
    """

    def __init__(
        self,
        text: Text | str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Text(text) if isinstance(text, str) else text
        self._wrapped: tuple[int, list[Text]] | None = None

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = Text(text) if isinstance(text, str) else text
        self._wrapped = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Text]:
        """The wrapped lines for ``width`` (kept until the text or the width changes)."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_lines(self._text, width))
        return self._wrapped[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        longest = max((cell_len(line) for line in self._text.plain.split("\n")), default=0)
        return min(longest, container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width))
