"""颅颌面畸形颅面外科矫治技术: one orthognathic case typed key by key through the app.

The real app, engine and store: 正颌 asks for pre-operative orthodontics, the
consultation's branch asks its specialties, the case is submitted, and its answers
count in the indicators (an intra-operative 400 ml of autologous blood).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.plugins.craniofacial.indicators import INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

LINES = (
    "王小明",
    "男 22岁",
    "跳过",
    "跳过",
    "ZY0630",
    "2023-3-1",
    "2023-3-13",
    "1",
    "5.6万",
    "2023-3-3",
    "正颌",
    "发育性",
    "是",
    "K07.1",
    "完成",
    "76.6502",
    "完成",
    "CT",
    "是",
    "否",
    "是",
    "口腔颌面外科 正畸 麻醉科",
    "是",
    "是",
    "李明",
    "无",
    "李明、王芳",
    "完成",
    "是",
    "2023-3-1",
    "否",
    "否",
    "下牙槽神经损伤",
    "200ml",
    "400ml",
    "0",
    "0",
    "否",
    "否",
    "存活",
    "钛板",
    "(01)06901234567892(17)281231(10)B630",
    "跳过",
    "完成",
    "门诊",
    "3个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "王小明", "sex": "1", "age": 22, "record_no": "ZY0630"},
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-13",
        "discharge_disposition": "1",
        "total_cost": 56000,
    },
    "procedure": {
        "date": "2023-03-03",
        "category": "orthognathic",
        "cause": "developmental",
        "preop_orthodontics": True,
    },
    "coding": {
        "main_diagnosis": {"code": "K07.1", "name": "颌颅底关系异常"},
        "other_diagnoses": [],
        "procedures": [{"code": "76.6502", "name": "上颌LefortⅠ型截骨成形术"}],
    },
    "imaging": {"preop": ["ct"], "cad": True, "navigation": False},
    "decision": {
        "mdt_consulted": True,
        "mdt_specialties": ["omfs", "orthodontics", "anesthesia"],
        "mdt_agreed": True,
        "plan_made": True,
    },
    "team": {
        "operator": {"id": "1", "name": "李明"},
        "assistants": [],
        "deciders": [{"id": "1", "name": "李明"}, {"id": "2", "name": "王芳"}],
    },
    "consent": {"signed": True, "date": "2023-03-01"},
    "course": {
        "unintended_fracture": False,
        "hemorrhagic_shock": False,
        "complications": ["inferior_alveolar_nerve"],
    },
    "transfusion_intraop": {"allogeneic_ml": 200, "autologous_ml": 400},
    "transfusion_postop": {"allogeneic_ml": 0, "autologous_ml": 0},
    "reoperation": {"unplanned": False},
    "rescue": {"rescued": False},
    "death": {"status": "alive"},
    "devices": {"items": [{"name": "钛板", "barcode": "(01)06901234567892(17)281231(10)B630"}]},
    "followup": {"plan": "clinic", "interval_months": 3, "visits": []},
}


async def test_an_orthognathic_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("craniofacial", None, True))
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
        assert "procedure.preop_orthodontics" in asked  # 正颌 was chosen
        assert "decision.mdt_specialties" in asked  # a consultation was held
        assert "decision.mdt_needed" not in asked
        assert "course.fracture_sites" not in asked  # no fracture
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
        assert (case.technology, case.status, case.current_revision) == (
            "craniofacial",
            "submitted",
            1,
        )
        assert case.discharge_date == date(2023, 3, 13)
        records = list(cases.iter_case_records(session, technology="craniofacial"))
    by_id = {i.id: i for i in INDICATORS}
    autologous = compute_indicator(by_id["intraop_autologous"], records, as_of=date(2023, 6, 1))
    assert (autologous.overall.numerator, autologous.overall.denominator) == (1, 1)
    nerve = compute_indicator(
        by_id["complication_inferior_alveolar_nerve"], records, as_of=date(2023, 6, 1)
    )
    assert (nerve.overall.numerator, nerve.overall.denominator) == (1, 1)
