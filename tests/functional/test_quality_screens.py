"""The indicator dashboard and the institution self-assessment, driven with Pilot.

The database is the default embedded one (an isolated data directory per
test), filled with the sample profiles and the 27 hand-counted cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Sparkline, Static, TabbedContent

from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.host import get_host
from rtech.store import Store
from rtech.tui.app import RtechApp
from rtech.tui.screens.dashboard import TREND_PERIODS, DashboardScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.indicator_cases import IndicatorCasesScreen
from rtech.tui.screens.self_assessment import SelfAssessmentScreen
from tests.seeds import ROOT
from tests.support.bare_plugin import NAME, SLUG, bare_host
from tests.unit.indicators_data import CASES, coronary_case, store_cases

SAMPLE = ROOT / "docs" / "examples" / "cardio_profiles.toml"


@pytest.fixture
def site() -> dict[int, int]:
    store = Store.open()
    try:
        with store.write() as session:
            report = apply_profiles(session, read_profiles(SAMPLE, get_host()), actor="测试")
        institution = report["institution"]["id"]
        ids = store_cases(store, institution, CASES)
        # One death in 2022Q4, for the trend.
        ids.update(store_cases(store, institution, [coronary_case(100, "2022-11-15", dead=True)]))
    finally:
        store.dispose()
    return ids


async def settle(app: RtechApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def cells(table: DataTable[Any], key: str) -> list[str]:
    return [str(c) for c in table.get_row(key)]


async def open_from_home(app: RtechApp, pilot: Pilot[None], key: str) -> None:
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    table = app.screen.query_one("#technologies", DataTable)
    table.move_cursor(row=table.get_row_index("cardio"))
    await pilot.press(key)
    await settle(app, pilot)


async def test_dashboard_shows_verdicts_trends_and_the_cases_behind_a_number(
    site: dict[int, int],
) -> None:
    app = RtechApp()
    async with app.run_test(size=(150, 45)) as pilot:
        await open_from_home(app, pilot, "d")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        # It opens on the quarter of the last discharge, newest edition.
        assert screen.query_one("#period", Input).value == "2023Q1"
        table = screen.query_one("#indicators", DataTable)
        assert cells(table, "coronary_mortality")[:5] == [
            "住院死亡率",
            "2",
            "7",
            "28.57%",
            "规范未设阈值",
        ]
        trend = cells(table, "coronary_mortality")[5]
        assert len(trend) == TREND_PERIODS
        assert trend[-2:] == "█▁"  # 2022Q4: 1/1 died; 2023Q1: 2/7
        assert cells(table, "nste_acs_risk_stratification")[1:4] == ["1", "2", "50.00%"]
        assert "group:冠心病介入技术" in [k.value for k in table.rows]

        table.move_cursor(row=table.get_row_index("coronary_mortality"))
        await pilot.pause()
        detail = str(screen.query_one("#detail", Static).render())
        assert "2023 S05 质量控制指标 一(二)" in detail
        assert "住院期间死亡病例数占接受冠脉介入治疗病例数的百分比" in detail
        assert screen.query_one("#trend", Sparkline).data == [100.0, pytest.approx(200 / 7)]

        await pilot.press("enter")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, IndicatorCasesScreen)
        cases = drill.query_one("#cases", DataTable)
        rows = {str(k.value): cells(cases, str(k.value)) for k in cases.rows}
        assert len(rows) == 7
        assert rows[str(site[3])][1:] == [
            "ZY00003",
            "患者3",
            "2023-02-01",
            "2023-02-06",
            "分子、分母",
        ]
        assert rows[str(site[1])][-1] == "分母"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # The 2022 edition has the STEMI and elective-PCI indicators; strata per lesion.
        await pilot.press("e")
        await settle(app, pilot)
        assert screen.edition == "2022"
        assert cells(table, "stemi_emergency_revascularization")[1:4] == ["1", "2", "50.00%"]
        assert cells(table, "chd_pfo_success#pda")[0].endswith("动脉导管未闭")

        # The previous quarter: only the November death.
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.query_one("#period", Input).value == "2022Q4"
        assert cells(table, "coronary_mortality")[1:4] == ["1", "1", "100.00%"]
        assert cells(table, "chd_pfo_success")[3:5] == ["无病例", "无病例"]

        # A period typed by hand, and a wrong one.
        period = screen.query_one("#period", Input)
        period.value = "2023-02"
        await pilot.click("#period")
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.period.label == "2023-02"
        assert cells(table, "coronary_mortality")[1:3] == ["2", "7"]
        period.value = "2023Q9"
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.period.label == "2023-02"


async def test_self_assessment_lists_clauses_and_physicians(site: dict[int, int]) -> None:
    app = RtechApp()
    async with app.run_test(size=(150, 45)) as pilot:
        await open_from_home(app, pilot, "a")
        screen = app.screen
        assert isinstance(screen, SelfAssessmentScreen)
        summary = str(screen.query_one("#summary", Static).render())
        assert "四川省示例人民医院：不符合" in summary
        assert "符合 28、不符合 2" in summary
        findings = screen.query_one("#institution-findings", DataTable)
        bypass = cells(findings, "institution:cardio.institution.cardiopulmonary_bypass")
        assert bypass[0] == "一(二)2"
        assert bypass[2] == "不符合"
        assert "每年开展体外循环手术 42例（要求不少于50例）" in bypass[3]

        findings.move_cursor(
            row=findings.get_row_index("institution:cardio.institution.hybrid_room")
        )
        await pilot.pause()
        detail = str(screen.query_one("#finding", Static).render())
        assert "开展经皮主动脉瓣植入术，需具备杂交手术室。" in detail
        assert "具备杂交手术室：否" in detail

        await pilot.press("p")
        await pilot.pause()
        assert findings.row_count == 2

        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#tabs", TabbedContent).active == "physician-tab"
        physicians = screen.query_one("#physicians", DataTable)
        outcomes = {
            cells(physicians, str(k.value))[1]: cells(physicians, str(k.value))[2]
            for k in physicians.rows
        }
        assert outcomes == {
            "王建国": "符合",
            "李华": "符合",
            "张敏": "符合",
            "赵强": "不符合",
            "陈晨": "不符合",
        }

        # Under the 2022 norm 赵强's exemption counts (2022 S03 四(一)4).
        await pilot.press("e")
        await pilot.pause()
        assert screen.edition == "2022"
        assert screen.query_one("#edition", Select).value == "2022"
        zhao = next(
            str(k.value) for k in physicians.rows if cells(physicians, str(k.value))[1] == "赵强"
        )
        assert cells(physicians, zhao)[2] == "符合"
        physicians.move_cursor(row=physicians.get_row_index(zhao))
        await pilot.pause()
        own = screen.query_one("#physician-findings", DataTable)
        keys = [str(k.value) for k in own.rows]
        assert f"physician{zhao}:cardio.personnel.training_exemption" not in keys  # problems only
        await pilot.press("p")
        await pilot.pause()
        keys = [str(k.value) for k in own.rows]
        exemption = cells(own, f"physician{zhao}:cardio.personnel.training_exemption")
        assert exemption[2] == "符合"
        assert "近5年独立开展本技术 150例（要求不少于100例）" in exemption[3]


async def test_self_assessment_without_any_institution() -> None:
    app = RtechApp(first_run=False)  # the dashboard is open before any registration
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_home(app, pilot, "a")
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "尚未登记医疗机构" in summary
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_technology_without_indicators_or_checks_says_so(
    site: dict[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    built = bare_host()
    for screen in ("dashboard", "self_assessment", "technology_screen"):
        monkeypatch.setattr(f"rtech.tui.screens.{screen}.get_host", lambda: built)
    app = RtechApp(host=built)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(DashboardScreen(SLUG))
        await settle(app, pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert status == f"{NAME}尚未提供2023年版的质量控制指标。"
        await pilot.press("escape")
        await app.push_screen(SelfAssessmentScreen(SLUG))
        await pilot.pause()
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "尚未提供2023年版管理规范的资质核查条款" in summary


async def test_the_dashboard_fits_80_by_24(site: dict[int, int]) -> None:
    # Issue 16 item 12: at 80x24 the figures were off-screen, 3 rows showed and the
    # institution box was cut. Names wrap, the sparkline gives way, the boxes fit.
    app = RtechApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_home(app, pilot, "d")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = screen.query_one("#indicators", DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths[:5]) <= table.size.width  # names, figures and verdict on screen
        assert table.size.height >= 10
        assert not screen.query_one("#trend", Sparkline).display
        assert screen.query_one("#institution").region.right <= 80
        assert str(cells(table, "coronary_mortality")[3]) == "28.57%"
    tall = RtechApp()
    async with tall.run_test(size=(150, 45)) as pilot:  # a tall one keeps the sparkline
        await open_from_home(tall, pilot, "d")
        assert tall.screen.query_one("#trend", Sparkline).display


async def test_what_cannot_be_judged_is_completed_from_the_self_assessment(
    site: dict[int, int],
) -> None:
    # Issue 16 item 11: the institution's and physicians' profiles could only be
    # completed through `rtech registry`; m and o open the same questions here.
    from rtech.tui.screens.intake import IntakeScreen

    app = RtechApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_home(app, pilot, "a")
        screen = app.screen
        assert isinstance(screen, SelfAssessmentScreen)
        await pilot.press("m")
        await settle(app, pilot)
        (intake,) = [s for s in app.screen_stack if isinstance(s, IntakeScreen)]
        assert "cardio" in intake.intake.answers["technologies"]  # as recorded
        while app.screen is not screen:
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        (physician,) = [s for s in app.screen_stack if isinstance(s, IntakeScreen)]
        assert "cardio" in physician.intake.answers["technologies"]
