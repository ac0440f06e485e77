"""肿瘤深部热疗和全身热疗技术 (2023 S02): one deep session typed key by key through the app.

The real app, engine and store: the session's temperature and time, a complication
within 30 days, the tumour measured at four and eight weeks and the quality of life
followed; the review shows the response and the quality-of-life verdict computed
(never typed), and the case is submitted.
"""

from __future__ import annotations

from typing import Any

from rtech.plugins.hyperthermia.indicators import QOL, RESPONSE
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "李四",
    "女 60岁",
    "跳过",
    "跳过",
    "RL0001",
    "2023-3-1",
    "2023-3-8",
    "1",
    "2.5万",
    "2023-3-2",
    "1",  # 深部热疗
    "1",  # 射频
    "1",  # 放疗
    "是",
    "42",
    "60分钟",
    "2",  # 胸部
    "无",
    "C34",
    "无",
    "99.8500",
    "完成",
    "lm",
    "是",
    "2023-3-1",
    "是",
    "1",  # 皮肤烫伤
    "2023-3-20",
    "1",
    "1",
    "完成",
    "1",  # 存活
    "是",
    "100",
    "2023-4-1",
    "60",
    "否",
    "2023-5-1",
    "62",
    "否",
    "完成",
    "否",
    "否",
    "6",
    "60",
    "50",
    "2023-4-1",
    "3",
    "80",
    "50",
    "2023-5-1",
    "2",
    "80",
    "51",
    "完成",
    "门诊",
    "1",
    "无",
)

EXPECTED_PROCEDURE: dict[str, Any] = {
    "date": "2023-03-02",
    "modality": "deep",
    "heating": "radiofrequency",
    "combined": ["radiotherapy"],
    "realtime_monitoring": True,
    "temperature_c": 42,
    "duration_min": 60,
}


async def test_a_deep_session_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("hyperthermia", None, True))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        asked = []
        for line in LINES:
            asked.append(screen.intake.prompt.path)
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()))
        # A deep session asks neither the measuring site nor anaesthesia.
        assert "procedure.temperature_site" not in asked
        assert "procedure.anaesthesia" not in asked
        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers = screen.intake.answers
        assert answers["procedure"] == EXPECTED_PROCEDURE
        assert answers["indication"] == {"category": "chest", "contraindications": []}
        assert answers["complications"]["events"][0]["kind"] == "burn"
        assert answers["response"]["assessments"][1] == {
            "date": "2023-05-01",
            "sum_mm": 62,
            "new_lesions": False,
        }
        assert answers["qol"]["baseline"] == {"pain": 6, "kps": 60, "weight_kg": 50}
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.read() as session:
        case = cases.get_case(session, 1)
        assert (case.technology, case.status) == ("hyperthermia", "submitted")
        stored = cases.current_answers(session, case)
    assert "recist" not in stored.get("response", {})  # the response is computed, not stored
    # 100 -> 60 mm (-40 %) at four weeks, 62 mm four weeks on: a confirmed PR; pain 6 -> 3, 2
    # and KPS 60 -> 80, 80 both 有效: quality of life improved.
    response, qol = RESPONSE.explain(stored), QOL.explain(stored)
    assert response is not None
    assert response.value == "PR"
    assert qol is not None
    assert qol.value is True
