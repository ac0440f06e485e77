"""Fixtures for the app's Pilot and snapshot tests: a real store, a fixed world.

Everything that would make two runs differ is fixed: the user, today's date,
the plugins (the built-in technologies plus the test code lists), and the
blinking cursor (off).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from rtech.host import Host
from rtech.store import Store
from rtech.tui.app import RtechApp
from tests.support.intake import TODAY, host_with_codes, seed_registry

ACTOR = "李明"


@pytest.fixture
def store() -> Iterator[Store]:
    """The default embedded database of this test's own data directory."""
    store = Store.open()
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return host_with_codes()


@pytest.fixture
def registered(store: Store) -> dict[str, int]:
    """An institution and five physicians (李明, 王芳, 张伟, 张蔚, 单勇)."""
    return seed_registry(store)


AppFactory = Callable[..., RtechApp]


@pytest.fixture
def make_app(store: Store, host: Host) -> AppFactory:
    """The app on this test's store and host, as 李明 on 2023-06-01, no blinking."""

    def make(**options: Any) -> RtechApp:
        settings: dict[str, Any] = {
            "store": store,
            "host": host,
            "actor": ACTOR,
            "today": TODAY,
            "blink": False,
        }
        settings.update(options)
        return RtechApp(**settings)

    return make


#: workers that finish by themselves (others wait for the user: a dialog, a flow)
BACKGROUND = {"prepare", "codes", "codes-ready", "filing", "dashboard", "followups-line"}


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages, background work (the code index, a filing) and refreshes finish."""
    await pilot.pause()
    for worker in list(pilot.app.workers):
        if worker.group in BACKGROUND:
            await worker.wait()
    await pilot.pause()


async def type_line(pilot: Pilot[Any], text: str, *, enter: bool = True) -> None:
    """Type ``text`` key by key into the focused widget (then Enter)."""
    for char in text:
        if char.isascii() or char.isalnum():
            await pilot.press(char)
        else:
            # Pilot drops the character of keys it cannot name (、，：); a terminal
            # sends them as typed.
            event = events.Key(_character_to_key(char), char)
            event.set_sender(pilot.app)
            driver = pilot.app._driver
            assert driver is not None
            driver.send_message(event)
            await pilot.pause()
    if enter:
        await pilot.press("enter")
    await settle(pilot)


async def choose_technology(pilot: Pilot[Any], slug: str = "cardio") -> None:
    """Highlight ``slug`` in the home screen's technology list (as the arrow keys do)."""
    from textual.widgets import DataTable

    table = pilot.app.screen.query_one("#technologies", DataTable)
    table.move_cursor(row=table.get_row_index(slug))
    await pilot.pause()
