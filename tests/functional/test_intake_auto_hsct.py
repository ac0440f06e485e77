"""自体造血干细胞移植技术 (2023 S06): one transplant typed key by key through the app.

The real app, engine and store: the collection's supervising physician, the
reinfusion day (the day the 100-day and 1-year windows count from), one decider,
submitted, and the case falls in the period of its discharge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "张三",
    "男 50岁",
    "跳过",
    "跳过",
    "ZY0001",
    "2023-3-1",
    "2023-3-22",
    "1",
    "16.8万",
    "1",
    "3",
    "是",
    "是",
    "lm",
    "2023-3-3",
    "1",
    "3.2",
    "2023-3-8",
    "1",
    "是",
    "是",
    "C90.0",
    "无",
    "41.0400",
    "完成",
    "lm",
    "lm",
    "完成",
    "是",
    "2023-2-28",
    "门诊",
    "3",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "张三", "sex": "1", "age": 50, "record_no": "ZY0001"},
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-22",
        "discharge_disposition": "1",
        "total_cost": 168000,
    },
    "indication": {
        "disease": "multiple_myeloma",
        "disease_status": "vgpr_pr",
        "appropriate": True,
        "contraindications_excluded": True,
    },
    "collection": {
        "supervisor": {"id": "1", "name": "李明"},
        "date": "2023-03-03",
        "source": "peripheral_apheresis",
        "cd34_dose": 3.2,
    },
    "procedure": {"date": "2023-03-08", "conditioning": "mel"},
    "plan": {"preop_measures": True, "postop_plan": True},
    "coding": {
        "main_diagnosis": {"code": "C90.0", "name": "多发性骨髓瘤"},
        "other_diagnoses": [],
        "procedures": [{"code": "41.0400", "name": "自体造血干细胞移植不伴净化"}],
    },
    "team": {"operator": {"id": "1", "name": "李明"}, "deciders": [{"id": "1", "name": "李明"}]},
    "consent": {"signed": True, "date": "2023-02-28"},
    "followup": {"plan": "clinic", "interval_months": 3, "visits": []},
}


async def test_a_transplant_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("auto_hsct", None, True))
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
        assert "collection.supervisor" in asked
        assert asked.index("collection.supervisor") < asked.index("procedure.date")
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
        assert (case.technology, case.edition, case.status) == ("auto_hsct", "2023", "submitted")
        assert case.discharge_date == date(2023, 3, 22)
