"""A neurovascular case (2023 S09) recorded as a clinician types it, through the real
app, the real engine and a real store: an acute stroke thrombectomy with its
onset, door, puncture and reperfusion times, the mTICI grade, and the review's
计算所得 (成功再灌注 from mTICI 2b, 2023 S09 三 说明)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "王五",
    "男 68岁",
    "跳过",
    "跳过",
    "ZY0102",
    "2023-3-1",
    "2023年3月9日",
    "1",
    "9.8万",
    "取栓",  # the stroke sub-technology, by part of its label
    "2023/3/1",
    "是",  # alternatives told in writing (三(三))
    "2023-03-01 06:40",  # onset
    "2023-03-01 08:10",  # door
    "支架取栓、血栓抽吸",
    "2023-03-01 09:25",  # puncture: 75 min after the door
    "16",
    "2b",
    "2023-03-01 10:05",  # reperfusion: 40 min after the puncture
    "否",
    "I63.5",
    "完成",
    "39.74",
    "1",
    "完成",
    "lm",
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-3-1",
    "取栓支架",
    "(01)06901234567892(17)251231(10)N001",
    "跳过",
    "完成",
    "门诊",
    "3个月",
    "无",
)

EXPECTED_STROKE = {
    "onset_at": "2023-03-01 06:40",
    "door_at": "2023-03-01 08:10",
    "methods": ["stent_retriever", "aspiration"],
    "puncture_at": "2023-03-01 09:25",
    "nihss_before": 16,
    "mtici": "2b",
    "reperfusion_at": "2023-03-01 10:05",
    "ich": False,
}


async def test_a_complete_stroke_thrombectomy_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("neurovascular", None, True))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        for line in LINES:
            if screen.intake.prompt.path == "stroke.door_at":
                # A time without the date is refused with the field's own message.
                await type_line(pilot, "08:10")
                problem = screen.query_one("#problem")
                assert problem.display
                assert "年-月-日 时:分" in str(problem.render())
                await pilot.press(*["backspace"] * 5)
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()), screen.box.value)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers: dict[str, Any] = screen.intake.answers
        assert answers["procedure"] == {
            "subtype": "stroke_evt",
            "date": "2023-03-01",
            "alternatives_informed": True,
        }
        assert answers["stroke"] == EXPECTED_STROKE
        assert answers["coding"]["procedures"] == [
            {"code": "39.7400", "name": "头和颈部血管阻塞的血管内去除术"}
        ]
        assert review.review.derived[0] == ("成功再灌注", "是（依据：mTICI 2b；2023 S09 三 说明）")
        assert "全部必答题已完成，可以提交" in str(review.query_one("#review-status").render())

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        with store.read() as session:
            case = cases.get_case(session, 1)
            stored = dict(cases.current_answers(session, case))
        assert (case.technology, case.status) == ("neurovascular", "submitted")
        assert stored["stroke"] == EXPECTED_STROKE
        assert app.screen.query_one("#drafts", DataTable).row_count == 0
