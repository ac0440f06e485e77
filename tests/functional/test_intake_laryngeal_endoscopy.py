"""咽喉内镜诊疗技术 (2023 S13): one 四级 case typed key by key through the app.

The real app, engine and store: the grade, the indication, the prophylactic
antibiotic and a complication are asked and stored as the indicators read them;
the case is submitted and counts in each of the three indicators.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.plugins.laryngeal_endoscopy.indicators import INDICATORS
from rtech.store import Store
from tests.functional.conftest import AppFactory
from tests.support.typed_case import first_case_figures, type_and_submit

LINES = (
    "李四",
    "女 50岁",
    "跳过",
    "跳过",
    "ZY0002",
    "2023-4-1",
    "2023-4-4",
    "1",
    "9000",
    "支撑喉镜",
    "2023-4-2",
    "四级",
    "是",
    "是",
    "J38.1",
    "完成",
    "30.0900",
    "完成",
    "王芳",
    "无",
    "王芳",
    "完成",
    "是",
    "2023-4-1",
    "舌体麻木",
    "门诊",
    "1个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "李四", "sex": "2", "age": 50, "record_no": "ZY0002"},
    "admission": {
        "admission_date": "2023-04-01",
        "discharge_date": "2023-04-04",
        "discharge_disposition": "1",
        "total_cost": 9000,
    },
    "procedure": {"category": "suspension_laryngoscopy", "date": "2023-04-02"},
    "grade": {"grade": "4"},
    "indication": {"meets_guideline": True, "antibiotic_per_guideline": True},
    "coding": {
        "main_diagnosis": {"code": "J38.1", "name": "声带和喉息肉"},
        "other_diagnoses": [],
        "procedures": [{"code": "30.0900", "name": "喉病损的其他切除术或破坏术"}],
    },
    "team": {
        "operator": {"id": "2", "name": "王芳"},
        "assistants": [],
        "deciders": [{"id": "2", "name": "王芳"}],
    },
    "consent": {"signed": True, "date": "2023-04-01"},
    "outcome": {"complications": ["tongue_numbness"]},
    "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
}


async def test_a_grade4_laryngeal_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("laryngeal_endoscopy", None, True))
    asked, answers = await type_and_submit(app, LINES)
    assert "grade.grade" in asked
    assert "indication.antibiotic_per_guideline" in asked
    assert answers == EXPECTED
    # One case, in every denominator and every numerator.
    assert first_case_figures(store, "laryngeal_endoscopy", date(2023, 4, 4), INDICATORS) == {
        "laryngeal_indication_compliance": (1, 1),
        "laryngeal_antibiotic_prophylaxis": (1, 1),
        "laryngeal_complications": (1, 1),
    }
