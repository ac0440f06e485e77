"""口腔颌面复杂种植技术 (2022 S01): one outpatient case typed key by key through the app.

The real app, engine and store: no admission is asked for an outpatient, the case is
submitted, and it falls in the period of its procedure.
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
    "男 65岁",
    "跳过",
    "跳过",
    "MZ0001",
    "门诊",
    "2023-3-1",
    "1、3",
    "四个",
    "否",
    "远位",
    "髂骨",
    "1 2",
    "是",
    "否",
    "K08.1",
    "完成",
    "23.6x00x003",
    "完成",
    "lm",
    "是",
    "2023-2-20",
    "是",
    "否",
    "种植体",
    "(01)06901234567892(17)281231(10)A123",
    "跳过",
    "种植体",
    "(01)06901234567892(17)281231(10)A124",
    "跳过",
    "完成",
    "否",
    "0",
    "2023-5-20",
    "否",
    "门诊",
    "6个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "张三", "sex": "1", "age": 65, "record_no": "MZ0001"},
    "care": {"setting": "outpatient"},
    "procedure": {
        "date": "2023-03-01",
        "techniques": ["zygomatic", "bone_block"],
        "implant_count": 4,
        "orbit_entry": False,
        "bone_harvest": "distant",
        "harvest_site": "iliac",
    },
    "imaging": {"preop": ["ct", "cbct"], "cad": True, "navigation": False},
    "coding": {
        "main_diagnosis": {"code": "K08.1", "name": "由于意外事故、拔牙或局部牙周病引起的牙缺失"},
        "other_diagnoses": [],
        "procedures": [{"code": "23.6x00x003", "name": "义齿种植一期手术(种植体固定钉置入术)"}],
    },
    "team": {"operator": {"id": "1", "name": "李明"}},
    "consent": {"signed": True, "date": "2023-02-20"},
    "materials": {"high_value_consent": True, "clinical_research": False},
    "devices": {
        "items": [
            {"name": "种植体", "barcode": "(01)06901234567892(17)281231(10)A123"},
            {"name": "种植体", "barcode": "(01)06901234567892(17)281231(10)A124"},
        ]
    },
    "reoperation": {"unplanned": False},
    "early": {"loose_implants": 0},
    "restoration": {"date": "2023-05-20"},
    "peri_implant": {"occurred": False},
    "followup": {"plan": "clinic", "interval_months": 6, "visits": []},
}


async def test_an_outpatient_implant_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("s01_implant", None, True))
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
        assert not any(path.startswith("admission") for path in asked)
        assert "procedure.orbit_entry" in asked  # 穿颧种植 was chosen
        assert "procedure.harvest_site" in asked  # 远位取骨 was chosen
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
            "s01_implant",
            "submitted",
            1,
        )
        # No stay: the day of the procedure stands as the day it left.
        assert case.discharge_date == date(2023, 3, 1)
