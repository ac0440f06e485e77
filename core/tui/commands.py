"""The command palette (ctrl+p): the app's actions in Chinese, found by name or pinyin."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider, SearchIcon

if TYPE_CHECKING:
    from rtech.tui.app import RtechApp

__all__ = ["AppCommand", "AppCommands", "Palette"]


@dataclass(frozen=True)
class AppCommand:
    title: str
    help: str
    callback: Callable[[], object]


@functools.lru_cache(maxsize=512)
def _keys(title: str) -> tuple[str, str]:
    from rtech.intake.pinyin import pinyin_keys

    return pinyin_keys(title)


class AppCommands(Provider):
    """The commands of :meth:`RtechApp.palette_commands` for the screen in front."""

    def _commands(self) -> list[AppCommand]:
        app: RtechApp = self.app  # type: ignore[assignment]
        return app.palette_commands(self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        word = query.strip().lower()
        for command in self._commands():
            score = matcher.match(command.title)
            if score <= 0 and word.isascii() and word:
                initials, full = _keys(command.title)
                if word in initials or word in full:
                    score = 0.5 if initials.startswith(word) or full.startswith(word) else 0.3
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )


class Palette(CommandPalette):
    """Textual's command palette with a plain prompt sign instead of an emoji."""

    def on_mount(self) -> None:
        self.query_one(SearchIcon).icon = "›"
