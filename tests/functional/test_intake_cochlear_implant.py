"""A cochlear implant case (2023 S08) recorded as a clinician types it, through the
real app, the real engine and a real store: the indications (105 dB, 6 months
stable, a year of hearing aids), the diagnoses before and after, impedance, NRT
and the electrode's turns on CT, a temporary facial palsy as a dated event."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from rtech.plugins.cochlear_implant.indicators import INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "王小明",
    "男 4岁",
    "跳过",
    "跳过",
    "ZY0201",
    "2023-3-1",
    "2023年3月9日",
    "1",
    "21.5万",
    "2023/3/2",
    "右耳",
    "H90.3",
    "H90.3",
    "105",
    "6个月",
    "是",
    "否",
    "12个月",
    "是",
    "是",
    "否",
    "是",
    "是",
    "否",
    "是",
    "是",
    "CT",
    "1.5",
    "1",
    "2023-3-4",
    "轻度",
    "激素治疗",
    "治愈",
    "完成",
    "H90.3",
    "完成",
    "20.98",
    "完成",
    "lm",
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-3-1",
    "人工耳蜗植入体",
    "(01)06901234567892(17)251231(10)N001",
    "跳过",
    "完成",
    "门诊",
    "1个月",
    "无",
)

EXPECTED_IMPLANT = {
    "impedance_ok": True,
    "nrt_ok": True,
    "postop_imaging": "ct",
    "electrode_turns": 1.5,
    "complications": [
        {
            "kind": "facial_palsy_temporary",
            "onset_date": "2023-03-04",
            "severity": "mild",
            "treatment": "激素治疗",
            "outcome": "recovered",
        }
    ],
}


async def test_a_complete_cochlear_implant_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("cochlear_implant", None, True))
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
        assert answers["diagnosis"]["preop"]["code"] == answers["diagnosis"]["postop"]["code"]
        assert answers["indication"]["hearing_loss_db"] == 105
        assert answers["indication"]["stable_months"] == 6
        assert answers["indication"]["hearing_aid_months"] == 12
        assert answers["implant"] == EXPECTED_IMPLANT
        assert "全部必答题已完成，可以提交" in str(review.query_one("#review-status").render())

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        with store.read() as session:
            case = cases.get_case(session, 1)
            stored = dict(cases.current_answers(session, case))
        assert (case.technology, case.status) == ("cochlear_implant", "submitted")
        assert stored["implant"] == EXPECTED_IMPLANT
        assert app.screen.query_one("#drafts", DataTable).row_count == 0
        # The stored case counts as a success with a complication and agreeing diagnoses.
        figures = {i.id: (i.numerator(stored)) for i in INDICATORS}  # type: ignore[misc]
        assert figures == {
            "diagnosis_agreement": True,
            "surgical_success": True,
            "complication_rate": True,
        }
