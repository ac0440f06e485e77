"""聚焦超声消融恶性肿瘤治疗技术 (2022 S02): one treatment typed key by key through the app.

The real app, engine and store: the appendix's indication and contraindications,
parameters in their units (300瓦, 20分钟 -> 1200 秒), one lesion with its areas, a mild
complication dated, a first mRECIST assessment; submitted.
"""

from __future__ import annotations

from typing import Any

from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "李四",
    "男 62岁",
    "跳过",
    "跳过",
    "ZY0002",
    "2023-3-1",
    "2023-3-6",
    "1",
    "2.8万",
    "2023-3-2",
    "1",
    "姑息",
    "镇静",
    "超声",
    "1",
    "无",
    "是",
    "C22.0",
    "完成",
    "50.2400x001",
    "完成",
    "300瓦",
    "20分钟",
    "120分钟",
    "是",
    "肝右叶",
    "45",
    "是",
    "12",
    "10",
    "完成",
    "lm",
    "是",
    "2023-3-1",
    "是",
    "皮肤灼伤",
    "2023-3-3",
    "否",
    "轻度",
    "换药",
    "1",
    "完成",
    "存活",
    "40",
    "2023-4-1",
    "10",
    "否",
    "完成",
    "门诊",
    "6个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "李四", "sex": "1", "age": 62, "record_no": "ZY0002"},
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-06",
        "discharge_disposition": "1",
        "total_cost": 28000,
    },
    "procedure": {
        "date": "2023-03-02",
        "session": 1,
        "intent": "palliative",
        "anesthesia": "sedation",
        "guidance": "ultrasound",
    },
    "indication": {"site": "liver", "contraindications": [], "mdt_discussed": True},
    "coding": {
        "main_diagnosis": {"code": "C22.0", "name": "肝细胞癌"},
        "other_diagnoses": [],
        "procedures": [{"code": "50.2400x001", "name": "肝病损聚焦超声消融术"}],
    },
    "parameters": {"power_w": 300, "sonication_s": 1200, "treatment_min": 120, "correct": True},
    "lesions": {
        "items": [
            {"site": "肝右叶", "size_mm": 45, "ablated": True, "area_cm2": 12, "necrosis_cm2": 10}
        ]
    },
    "team": {"operator": {"id": "1", "name": "李明"}},
    "consent": {"signed": True, "date": "2023-03-01"},
    "complications": {
        "occurred": True,
        "events": [
            {
                "kind": "skin_burn",
                "onset_date": "2023-03-03",
                "serious": False,
                "severity": "mild",
                "treatment": "换药",
                "outcome": "recovered",
            }
        ],
    },
    "death": {"status": "alive"},
    "response": {
        "baseline_sum_mm": 40,
        "assessments": [{"date": "2023-04-01", "sum_mm": 10, "new_lesions": False}],
    },
    "followup": {"plan": "clinic", "interval_months": 6, "visits": []},
}


async def test_a_hifu_treatment_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("s02_hifu", None, True))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        for line in LINES:
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()))
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
        assert (case.technology, case.status, case.current_revision) == ("s02_hifu", "submitted", 1)
