"""呼吸内镜诊疗技术 (2023 S10): one 四级 case typed key by key through the app.

The real app, engine and store: the technique, the grade, the tests before, the
monitoring, the report's six elements and the biopsy result are asked and stored
as the indicators read them; the case is submitted and counts where it should.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.plugins.resp_endoscopy.indicators import INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line


@dataclass(frozen=True)
class Stored:
    id: int
    answers: Any
    discharge_date: date | None
    institution_id: int = 1


LINES = (
    "王五",
    "男 62岁",
    "跳过",
    "跳过",
    "ZY0003",
    "2023-5-8",
    "2023-5-12",
    "1",
    "26000",
    "可弯曲",
    "2023-5-9",
    "热消融",
    "全身麻醉",
    "四级",
    "是",
    "是",
    "是",
    "是",
    "是",
    "1 2 3 4 5 6",
    "是",
    "恶性肿瘤",
    "C34",
    "完成",
    "32.0100",
    "完成",
    "张蔚",
    "无",
    "张蔚",
    "完成",
    "是",
    "2023-5-8",
    "无",
    "门诊",
    "1个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "王五", "sex": "1", "age": 62, "record_no": "ZY0003"},
    "admission": {
        "admission_date": "2023-05-08",
        "discharge_date": "2023-05-12",
        "discharge_disposition": "1",
        "total_cost": 26000,
    },
    "procedure": {
        "category": "flexible",
        "date": "2023-05-09",
        "techniques": ["thermal_ablation"],
        "anaesthesia": "general",
    },
    "grade": {"grade": "4"},
    "preop": {"blood_count": True, "coagulation": True, "chest_ct": True},
    "monitoring": {"ecg_spo2": True},
    "report": {
        "electronic": True,
        "elements": ["patient", "anaesthesia", "procedure", "diagnosis", "images", "signatures"],
    },
    "biopsy": {"sent": True, "result": "malignant"},
    "coding": {
        "main_diagnosis": {"code": "C34", "name": "支气管和肺恶性肿瘤"},
        "other_diagnoses": [],
        "procedures": [{"code": "32.0100", "name": "内镜下支气管病损切除术或破坏术"}],
    },
    "team": {
        "operator": {"id": "4", "name": "张蔚"},
        "assistants": [],
        "deciders": [{"id": "4", "name": "张蔚"}],
    },
    "consent": {"signed": True, "date": "2023-05-08"},
    "outcome": {"severe_complications": []},
    "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
}


async def test_a_grade4_resp_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("resp_endoscopy", None, True))
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
        assert "biopsy.result" in asked
        assert "report.elements" in asked
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert screen.intake.answers == EXPECTED
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    with store.read() as session:
        case = cases.get_case(session, 1)
        assert (case.status, case.technology) == ("submitted", "resp_endoscopy")
        assert case.discharge_date == date(2023, 5, 12)
        stored = Stored(case.id, cases.current_answers(session, case), case.discharge_date)
        figures = {i.id: compute_indicator(i, [stored]).overall for i in INDICATORS}
    # One complete case: in every case-based numerator but the severe complications'.
    assert {k: (f.numerator, f.denominator) for k, f in figures.items()} == {
        "resp_report_compliance": (1, 1),
        "resp_grade4_share": (1, 1),
        "resp_preop_blood_tests": (1, 1),
        "resp_preop_chest_ct": (1, 1),
        "resp_ecg_spo2_monitoring": (1, 1),
        "resp_biopsy_malignant_yield": (1, 1),
        "resp_severe_complications": (0, 1),
    }
