"""A skin allograft 例次 (2023 S01) recorded as a clinician types it, through the
real app, the real engine and a real store: a 40 % deep burn on 1.8 m², a mixed
graft of 3600 cm² from the patient's mother with 3200 cm² surviving at one week,
the living donor's healing, complications and stay."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from rtech.plugins.skin_allograft.indicators import INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "李大勇",
    "男 35岁",
    "跳过",
    "跳过",
    "ZY0301",
    "2023-3-1",
    "2023年4月2日",
    "1",
    "18.6万",
    "2023/3/6",
    "烧伤",
    "1.8",
    "40",
    "捐献人",
    "是",
    "自异体",
    "3600",
    "3200",
    "是",
    "是",
    "母亲",
    "女",
    "58",
    "14",
    "无",
    "5",
    "T29.3",
    "T31.4",
    "完成",
    "86.66",
    "86.91",
    "完成",
    "lm",
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-3-5",
    "无",
)

EXPECTED = {
    "wound": {"cause": "burn", "body_surface_m2": 1.8, "deep_wound_pct": 40},
    "graft": {
        "source": "donor",
        "aseptic_harvest": True,
        "technique": "mixed",
        "allograft_cm2": 3600,
        "survived_cm2": 3200,
        "mixed_survived": True,
    },
    "donor": {
        "living": True,
        "relation": "母亲",
        "sex": "2",
        "age": 58,
        "healing_days": 14,
        "site_complications": [],
        "stay_days": 5,
    },
}


async def test_a_complete_skin_allograft_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("skin_allograft", None, True))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        for line in LINES:
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()), screen.box.value)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers: dict[str, Any] = screen.intake.answers
        for section, expected in EXPECTED.items():
            assert answers[section] == expected, section
        assert "全部必答题已完成，可以提交" in str(review.query_one("#review-status").render())

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        with store.read() as session:
            case = cases.get_case(session, 1)
            stored = dict(cases.current_answers(session, case))
        assert (case.technology, case.status) == ("skin_allograft", "submitted")
        assert stored["graft"] == EXPECTED["graft"]
        assert app.screen.query_one("#drafts", DataTable).row_count == 0
        by_id = {i.id: i for i in INDICATORS}
        # 0.72 of 1.8 m² deep; 0.36 m² allograft; 3200 of 3600 cm² surviving; a living donor.
        assert by_id["deep_wound_ratio"].numerator_value(stored) == pytest.approx(0.72)  # type: ignore[misc]
        assert by_id["allograft_area_ratio"].numerator_value(stored) == pytest.approx(0.36)  # type: ignore[misc]
        assert by_id["mixed_graft_survival"].numerator(stored) is True  # type: ignore[misc]
        assert by_id["donor_site_complications"].numerator(stored) is False  # type: ignore[misc]
