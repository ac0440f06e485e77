"""鼻科内镜诊疗技术 (2023 S12): one 四级 case typed key by key through the app.

The real app, engine and store: the grade, the indication, a severe complication
and a same-site unplanned reoperation are asked and stored as the indicators read
them; the case is submitted and counts in each of the three indicators.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.plugins.nasal_endoscopy.indicators import INDICATORS
from rtech.store import Store
from tests.functional.conftest import AppFactory
from tests.support.typed_case import first_case_figures, type_and_submit

LINES = (
    "张三",
    "男 45岁",
    "跳过",
    "跳过",
    "ZY0001",
    "2023-3-1",
    "2023-3-9",
    "1",
    "18000",
    "鼻腔鼻窦",
    "2023-3-2",
    "双侧",
    "四级",
    "是",
    "J32",
    "完成",
    "22.6300",
    "完成",
    "李明",
    "无",
    "王芳",
    "完成",
    "是",
    "2023-3-1",
    "大出血",
    "是",
    "2023-3-3",
    "术后出血",
    "是",
    "完成",
    "门诊",
    "1个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "张三", "sex": "1", "age": 45, "record_no": "ZY0001"},
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-09",
        "discharge_disposition": "1",
        "total_cost": 18000,
    },
    "procedure": {"category": "sinonasal", "date": "2023-03-02", "side": "bilateral"},
    "grade": {"grade": "4"},
    "indication": {"meets_guideline": True},
    "coding": {
        "main_diagnosis": {"code": "J32", "name": "慢性鼻窦炎"},
        "other_diagnoses": [],
        "procedures": [{"code": "22.6300", "name": "筛窦切除术"}],
    },
    "team": {
        "operator": {"id": "1", "name": "李明"},
        "assistants": [],
        "deciders": [{"id": "2", "name": "王芳"}],
    },
    "consent": {"signed": True, "date": "2023-03-01"},
    "outcome": {"severe_complications": ["major_bleeding"]},
    "reoperation": {
        "unplanned": True,
        "events": [{"date": "2023-03-03", "reason": "术后出血", "same_site": True}],
    },
    "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
}


async def test_a_grade4_nasal_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("nasal_endoscopy", None, True))
    asked, answers = await type_and_submit(app, LINES)
    assert "grade.grade" in asked
    assert "indication.meets_guideline" in asked
    assert answers == EXPECTED
    # One case, in every denominator and every numerator.
    assert first_case_figures(store, "nasal_endoscopy", date(2023, 3, 9), INDICATORS) == {
        "nasal_indication_compliance": (1, 1),
        "nasal_severe_complications": (1, 1),
        "nasal_unplanned_reoperation": (1, 1),
    }
