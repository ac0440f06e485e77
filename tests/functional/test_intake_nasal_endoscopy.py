"""鼻科内镜诊疗技术 (2023 S12): one 四级 case typed key by key through the app.

The real app, engine and store: the grade, the indication, a severe complication
and a same-site unplanned reoperation are asked and stored as the indicators read
them; the case is submitted and counts in each of the three indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.plugins.nasal_endoscopy.indicators import INDICATORS
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
        assert "grade.grade" in asked
        assert "indication.meets_guideline" in asked
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
        assert (case.status, case.technology) == ("submitted", "nasal_endoscopy")
        assert case.discharge_date == date(2023, 3, 9)
        stored = Stored(case.id, cases.current_answers(session, case), case.discharge_date)
        figures = {i.id: compute_indicator(i, [stored]).overall for i in INDICATORS}
    # One case, in every denominator and every numerator.
    assert {k: (f.numerator, f.denominator) for k, f in figures.items()} == {
        "nasal_indication_compliance": (1, 1),
        "nasal_severe_complications": (1, 1),
        "nasal_unplanned_reoperation": (1, 1),
    }
