"""呼吸内镜诊疗技术 (2023 S10): one 四级 case typed key by key through the app.

The real app, engine and store: the technique, the grade, the tests before, the
monitoring, the report's six elements and the biopsy result are asked and stored
as the indicators read them; the case is submitted and counts where it should.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.plugins.resp_endoscopy.indicators import INDICATORS
from rtech.store import Store
from tests.functional.conftest import AppFactory
from tests.support.typed_case import first_case_figures, type_and_submit

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
    asked, answers = await type_and_submit(app, LINES)
    assert "biopsy.result" in asked
    assert "report.elements" in asked
    assert answers == EXPECTED
    # One complete case: in every case-based numerator but the severe complications'.
    assert first_case_figures(store, "resp_endoscopy", date(2023, 5, 12), INDICATORS) == {
        "resp_report_compliance": (1, 1),
        "resp_grade4_share": (1, 1),
        "resp_preop_blood_tests": (1, 1),
        "resp_preop_chest_ct": (1, 1),
        "resp_ecg_spo2_monitoring": (1, 1),
        "resp_biopsy_malignant_yield": (1, 1),
        "resp_severe_complications": (0, 1),
    }
