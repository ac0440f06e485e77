"""Screenshots of the intake, the review and the case list at 80x24 and 120x40.

The data are fixed (seeded registry, the PCI script, the demo cases of seed
7), the date is fixed (2023-06-01), there is no clock and no blinking cursor:
a changed picture is a changed screen. Update with ``--snapshot-update`` after
looking at the report.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.store import Store
from rtech.tui.screens.cases import CaseListScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, choose_technology, settle, type_line

#: the screens under test are typed key by key elsewhere; here the answers are
#: entered a line at a time to reach them quickly
from tests.support.intake import PCI_LINES

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _answer(pilot: Pilot[Any], screen: IntakeScreen, line: str) -> None:
    screen.box.value = line
    await pilot.press("enter")
    await settle(pilot)


async def _new_case(pilot: Pilot[Any]) -> IntakeScreen:
    await settle(pilot)
    await choose_technology(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


@pytest.mark.parametrize(
    ("size", "theme"),
    [
        pytest.param((80, 24), "textual-dark", id="80x24"),
        pytest.param((120, 40), "textual-dark", id="120x40"),
        pytest.param((80, 24), "textual-light", id="80x24-light"),
    ],
)
def test_intake_with_code_candidates(
    snap_compare: Any,
    make_app: AppFactory,
    registered: dict[str, int],
    size: tuple[int, int],
    theme: str,
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _new_case(pilot)
        for line in PCI_LINES[:20]:
            await _answer(pilot, screen, line)
        assert screen.intake.prompt.path == "coding.main_diagnosis"
        await type_line(pilot, "gx", enter=False)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(theme=theme), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review(
    snap_compare: Any, make_app: AppFactory, registered: dict[str, int], size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _new_case(pilot)
        for line in PCI_LINES:
            await _answer(pilot, screen, line)
        assert isinstance(pilot.app.screen, ReviewScreen)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_case_list(
    snap_compare: Any, make_app: AppFactory, store: Store, host: Host, size: tuple[int, int]
) -> None:
    load_demo(store, host, technology="cardio", cases_count=40, seed=7)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CaseListScreen)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
