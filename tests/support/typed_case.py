"""One case typed key by key through the real app, submitted, and its indicator figures.

The intake tests of several technologies do the same: open the app on a new case,
type each line (every one accepted), reach the review, submit and confirm, then
compute the technology's indicators over the stored case.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.indicators.model import Indicator
from rtech.store import Store, cases
from rtech.tui.app import RtechApp
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import settle, type_line


@dataclass(frozen=True)
class Stored:
    """A stored case as the indicators read it."""

    id: int
    answers: Any
    discharge_date: date | None
    institution_id: int = 1


async def type_and_submit(app: RtechApp, lines: Sequence[str]) -> tuple[list[str], Any]:
    """Type ``lines`` into ``app``'s intake key by key, each accepted; on the review,
    submit and confirm. Returns the paths asked, in order, and the answers reviewed."""
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        asked = []
        for line in lines:
            asked.append(screen.intake.prompt.path)
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()))
        assert isinstance(app.screen, ReviewScreen)
        reviewed = copy.deepcopy(screen.intake.answers)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    return asked, reviewed


def first_case_figures(
    store: Store, technology: str, discharged: date, indicators: Iterable[Indicator]
) -> dict[str, tuple[int, int]]:
    """The submitted first case of ``technology`` (discharged that day), and each
    indicator's (numerator, denominator) over it alone."""
    with store.read() as session:
        case = cases.get_case(session, 1)
        assert (case.status, case.technology) == ("submitted", technology)
        assert case.discharge_date == discharged
        stored = Stored(case.id, cases.current_answers(session, case), case.discharge_date)
        figures = {i.id: compute_indicator(i, [stored]).overall for i in indicators}
    return {key: (figure.numerator, figure.denominator) for key, figure in figures.items()}
