"""咽喉内镜诊疗技术 (2023 S13): one 四级 case typed key by key through the app.

The real app, engine and store: the grade, the indication, the prophylactic
antibiotic and a complication are asked and stored as the indicators read them;
the case is submitted and counts in each of the three indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.plugins.laryngeal_endoscopy.indicators import INDICATORS
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
        assert "indication.antibiotic_per_guideline" in asked
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
        assert (case.status, case.technology) == ("submitted", "laryngeal_endoscopy")
        assert case.discharge_date == date(2023, 4, 4)
        stored = Stored(case.id, cases.current_answers(session, case), case.discharge_date)
        figures = {i.id: compute_indicator(i, [stored]).overall for i in INDICATORS}
    # One case, in every denominator and every numerator.
    assert {k: (f.numerator, f.denominator) for k, f in figures.items()} == {
        "laryngeal_indication_compliance": (1, 1),
        "laryngeal_antibiotic_prophylaxis": (1, 1),
        "laryngeal_complications": (1, 1),
    }
