"""消化内镜诊疗技术 (2023 S11): one ERCP typed key by key through the app.

The real app, engine and store: a 四级 ERCP with stones removed, one decider (三(三):
本机构执业医师), haemoglobin down from 120 to 88 g/L on the second day after it
(术后三天内降低30g/L以上: severe bleeding, computed, never ticked), submitted; the
stored case counts in 六 and 三 and not in 一's failures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.indicators.compute import compute_indicator
from rtech.plugins.gi_endoscopy.indicators import HB_DROP, INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line
from tests.technologies.gi_endoscopy.cases import Case

LINES = (
    "张三",
    "男 65岁",
    "跳过",
    "跳过",
    "ZY0001",
    "2023-3-1",
    "2023-3-6",
    "1",
    "2.6万",
    "ERCP",  # 诊疗类别 by part of its label
    "2023-3-2",
    "4",  # 四级手术 by its code
    "否",
    "否",
    "是",
    "2",  # 取石
    "是",
    "K80.5",
    "无",
    "51.88",
    "1",
    "完成",
    "lm",  # 李明 by initials
    "无",
    "王芳",
    "完成",
    "是",
    "2023-3-1",
    "无",
    "是",
    "120",
    "2023-3-4",
    "88",
    "完成",
    "否",
    "门诊",
    "1个月",
    "无",
)

EXPECTED: dict[str, Any] = {
    "patient": {"name": "张三", "sex": "1", "age": 65, "record_no": "ZY0001"},
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-06",
        "discharge_disposition": "1",
        "total_cost": 26000,
    },
    "procedure": {"type": "ercp", "date": "2023-03-02"},
    "grade": {"grade": "4"},
    "ercp": {
        "altered_anatomy": False,
        "prior_papilla_surgery": False,
        "deep_cannulation": True,
        "therapy": "stone_extraction",
        "therapy_success": True,
    },
    "coding": {
        "main_diagnosis": {"code": "K80.5", "name": "胆管结石不伴有胆管炎或胆囊炎"},
        "other_diagnoses": [],
        "procedures": [{"code": "51.8800", "name": "内镜下胆管结石去除术"}],
    },
    "team": {
        "operator": {"id": "1", "name": "李明"},
        "assistants": [],
        "deciders": [{"id": "2", "name": "王芳"}],
    },
    "consent": {"signed": True, "date": "2023-03-01"},
    "complications": {
        "serious": [],
        "hb_checked": True,
        "hb_before": 120,
        "hb_after": [{"at": "2023-03-04", "hb": 88}],
        "infection_signs": False,
    },
    "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
}


async def test_an_ercp_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app(intake=("gi_endoscopy", None, True))
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
        # the ERCP section follows the category, the therapy's success its kind
        assert asked.index("procedure.type") < asked.index("ercp.deep_cannulation")
        assert "ercp.therapy_success" in asked
        assert "complications.sirs" not in asked  # no signs of infection: not asked
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
        assert (case.technology, case.edition, case.status) == ("gi_endoscopy", "2023", "submitted")
        assert case.discharge_date == date(2023, 3, 6)
        answers = case.revisions[-1].answers
    found = HB_DROP.explain(answers)
    assert found is not None
    assert found.value is True  # 120 -> 88: down 32 g/L on day 2
    by_id = {i.id: i for i in INDICATORS}
    stored = Case(1, answers, date(2023, 3, 6))
    figure = compute_indicator(by_id["serious_complications"], [stored], aggregate=1000).overall
    assert figure.numerator_case_ids == [1]
    cannulated = compute_indicator(by_id["ercp_cannulation"], [stored]).overall
    assert cannulated.numerator_case_ids == [1]
