"""A TBI case (2023 S07) recorded as a clinician types it, through the real app, the
real engine and a real store: the physical parameters of 附件2 in their units
(厘米, cGy/min, Gy, mm), the team at the first fraction, and the review's 计算所得
(体中心剂量控制合格 from 附件2 2-2、2-3、2-4)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "赵六",
    "女 28岁",
    "跳过",
    "跳过",
    "ZY0301",
    "2023-3-1",
    "2023年4月2日",
    "1",
    "18.5万",
    "2023/3/4",
    "急髓",
    "异基因",
    "是",
    "6MV",
    "12Gy",
    "6",
    "165厘米",
    "8.2cGy/min",
    "4%",
    "6.5Gy",
    "是",
    "0.5mm",
    "是",
    "是",
    "1.6cm",
    "是",
    "是",
    "是",
    "恶心、发热",
    "C92.0",
    "完成",
    "92.24",
    "1",
    "完成",
    "lm",
    "无",
    "王芳",
    "完成",
    "是",
    "2023-3-3",
    "门诊",
    "3个月",
    "无",
)


async def test_a_complete_tbi_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("tbi", None, True))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        for line in LINES:
            if screen.intake.prompt.path == "tbi.dose_rate":
                # A dose where a dose rate is asked: refused, the units named.
                await type_line(pilot, "8Gy")
                problem = screen.query_one("#problem")
                assert problem.display
                assert "不能换算" in str(problem.render())
                await pilot.press(*["backspace"] * 3)
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()), screen.box.value)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers: dict[str, Any] = screen.intake.answers
        tbi = answers["tbi"]
        assert (tbi["field_size_cm"], tbi["dose_rate"], tbi["lung_dose_gy"]) == (165, 8.2, 6.5)
        assert tbi["lung_block_thickness_deviation_mm"] == 0.5
        assert tbi["complications"] == ["nausea_vomiting", "fever"]
        title, shown = review.review.derived[0]
        assert title == "体中心剂量控制合格"
        assert shown.startswith(
            "合格（依据：体中心剂量率(cGy/min) 8.2；剂量偏差(%) 4；全肺剂量(Gy) 6.5"
        )

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        with store.read() as session:
            case = cases.get_case(session, 1)
            stored = dict(cases.current_answers(session, case))
        assert (case.technology, case.status) == ("tbi", "submitted")
        assert stored["tbi"] == tbi
        assert app.screen.query_one("#drafts", DataTable).row_count == 0
