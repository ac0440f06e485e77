"""Issue 16 item 4 in the terminal UI: F1's key list and the command palette of
every screen, with each of its widgets focused, are Chinese (Textual's own
English key descriptions never show)."""

from __future__ import annotations

import re
from typing import Any

from textual.pilot import Pilot

from rtech.tui.app import RtechApp
from rtech.tui.keys import key_description
from tests.functional.test_quality_screens import site  # noqa: F401 - a fixture

#: Key names as Textual displays them.
KEYS = {
    "tab",
    "shift",
    "ctrl",
    "enter",
    "escape",
    "esc",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "delete",
    "backspace",
    "insert",
    "space",
    "alt",
    "pgup",
    "pgdn",
    "del",
    "rtech",
}


def english(text: str) -> set[str]:
    words = set(re.findall(r"[A-Za-z][A-Za-z]+", text))
    return {w for w in words if w.lower() not in KEYS}


async def _walk(app: RtechApp, pilot: Pilot[Any], found: dict[str, set[str]]) -> None:
    """F1 keys and palette entries of the screen in front, each widget focused."""
    screen = app.screen
    focusable = list(screen.focus_chain) or [None]
    for widget in focusable:
        if widget is not None:
            widget.focus()
            await pilot.pause()
        shown = app._keys_of(screen)
        for command in app.palette_commands(screen):
            shown += f"\n{command.title} {command.help}"
        if words := english(shown):
            name = type(screen).__name__ + (f"/{type(widget).__name__}" if widget else "")
            found[name] = words


async def test_every_screens_keys_and_palette_are_chinese(site: dict[int, int]) -> None:  # noqa: F811
    app = RtechApp(first_run=False, blink=False)
    found: dict[str, set[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await _walk(app, pilot, found)
        for action in ("cases", "followups", "aggregates"):
            await app.run_action(action)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await _walk(app, pilot, found)
            await app.run_action("home")
            await pilot.pause()
        for action in ("dashboard('cardio')", "self_assessment('cardio')"):
            await app.run_action(action)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await _walk(app, pilot, found)
            await app.run_action("home")
            await pilot.pause()
        await app.run_action("help")
        await pilot.pause()
        await _walk(app, pilot, found)
    assert found == {}


def test_textual_descriptions_are_translated_or_left_out() -> None:
    assert key_description("Cursor up") == "上移"
    assert key_description("Focus Previous") == "上一个输入区"
    assert key_description("新建病例") == "新建病例"
    assert key_description("Some future Textual key") is None
    assert key_description("") is None
