"""One complete 口腔颌面部肿瘤颅颌联合根治技术 case typed key by key through the real app,
the real intake engine and a real store: a free flap in vascular crisis explored once,
the multidisciplinary consultation of 2022 S04 三(二), submitted from the review."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from rtech.indicators.compute import compute_indicator
from rtech.plugins.maxillofacial_tumor.indicators import INDICATORS
from rtech.store import Store, cases
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import AppFactory, settle, type_line

SLUG = "maxillofacial_tumor"

LINES = (
    "王建国",
    "男 58岁",
    "跳过",  # birth date
    "跳过",  # resident id
    "ZY2023001",
    "2023-5-2",
    "2023-5-20",
    "1",  # 医嘱离院
    "18.6万",
    "2023-5-8",  # operation
    "1",  # 原发于口腔颌面部
    "2 3",  # 颞下窝、腮腺
    "是",  # skull base destroyed
    "C41.011",  # 术前诊断 上颌骨恶性肿瘤
    "C41.011",  # 术后诊断
    "上颌骨骨肉瘤",
    "C41.011",
    "无",
    "01.5918",  # 颅底病损切除术
    "完成",
    "是",  # multidisciplinary consultation
    "耳鼻咽喉科、神经外科、口腔颌面外科",
    "是",
    "是",
    "lm",  # 李明 by initials
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-5-6",
    "钛板",
    "(01)06901234567892(17)281231(10)B456",
    "跳过",
    "完成",
    "是",  # flap
    "游离",
    "是",  # vascular crisis
    "是",  # survived
    "是",  # explored
    "2023-5-9",
    "血管危象",
    "完成",
    "否",  # SSI
    "否",  # CSF leak
    "否",  # intracranial infection
    "无",  # systemic
    "否",  # rescue
    "存活",
    "门诊",
    "3个月",
    "无",
)


async def test_a_complete_case_typed_key_by_key(
    make_app: AppFactory, store: Store, registered: dict[str, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#technologies", DataTable)
        table.focus()
        while table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value != SLUG:
            await pilot.press("down")
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.codes_ready
        for line in LINES:
            await type_line(pilot, line)
            problem = screen.query_one("#problem")
            assert not problem.display, (line, str(problem.render()), screen.box.value)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        answers = screen.intake.answers
        assert answers["procedure"] == {
            "date": "2023-05-08",
            "origin": "oral_maxillofacial",
            "regions": ["infratemporal", "parotid"],
            "skull_base_destroyed": True,
        }
        assert answers["mdt"] == {
            "held": True,
            "specialties": ["ent", "neurosurgery", "omfs"],
            "agreed": True,
            "plan": True,
        }
        assert answers["flap"] == {
            "used": True,
            "kind": "free",
            "vascular_crisis": True,
            "survived": True,
        }
        assert answers["explorations"] == {
            "performed": True,
            "events": [{"date": "2023-05-09", "reason": "vascular_crisis"}],
        }
        assert answers["diagnosis"]["preop_diagnosis"]["code"] == "C41.011"
        assert "全部必答题已完成，可以提交" in str(review.query_one("#review-status").render())

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    with store.read() as session:
        case: Any = cases.get_case(session, 1)
        assert (case.status, case.current_revision, case.technology) == ("submitted", 1, SLUG)
        stored = dict(cases.current_answers(session, case))
    # The recorded case counts where the seed's definitions say: one vascular-crisis
    # exploration over one operation, the flap survived, the diagnoses agree.
    by_id = {i.id: i for i in INDICATORS}
    record = type("Record", (), {"id": 1, "answers": stored})()
    assert compute_indicator(by_id["vascular_crisis_exploration"], [record]).value == 100
    assert compute_indicator(by_id["flap_survival_after_exploration"], [record]).value == 100
    assert compute_indicator(by_id["diagnosis_agreement"], [record]).value == 100
    assert compute_indicator(by_id["hematoma_exploration"], [record]).value == 0
