"""收到的报送 in the TUI (issue 18, item 2), as the demo's provincial reviewer.

The demonstration database (technology cardio, 心血管疾病介入诊疗技术) with a
signed case report and quality report of its hospital and a self-assessment of a
second hospital: the reviewer finds the screen on the home screen and in the
palette, filters by institution and technology, and opens a case read-only; a
clinician is not offered the screen.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Select

from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.store import Store, cases, filings, registry
from rtech.store.models import User
from rtech.store.users import principal_for
from rtech.tui.app import RtechApp
from rtech.tui.screens.case import CaseScreen
from rtech.tui.screens.filings_received import FilingsReceivedScreen
from rtech.tui.screens.home import HomeScreen
from tests.functional.conftest import settle
from tests.support.intake import TODAY


def _world(store: Store, host: Host) -> tuple[int, int]:
    """The demo, a case report and a quality report signed, and a second hospital's
    self-assessment. Returns (the signed case, the second hospital)."""
    load_demo(store, host, technology="cardio", cases_count=6, seed=5)
    with store.write() as session:
        case = cases.list_cases(session, technology="cardio", statuses=["submitted"])[0]
        signature = cases.record_signature(
            session,
            case.id,
            expected_version=case.version,
            revision=case.current_revision,
            signer="王审核",
            meaning="审核",
            document_sha256="ab" * 32,
            actor="t",
        )
        common = {"signer": "王审核", "actor": "t", "technology": "cardio", "edition": "2023"}
        filings.record_filing(
            session,
            kind="case",
            institution_id=case.institution_id,
            case_signature_id=signature.id,
            document_no=f"BL-S05-{case.id}-R{case.current_revision}",
            meaning="审核",
            document_sha256="ab" * 32,
            file="",
            **common,
        )
        filings.record_filing(
            session,
            kind="report",
            institution_id=case.institution_id,
            period="2024Q1",
            document_no="ZK-S05-DEMO-0001-2024Q1",
            meaning="批准",
            document_sha256="cd" * 32,
            file="",
            **common,
        )
        other = registry.create_institution(session, name="乙医院", code="B001", actor="t").id
        filings.record_filing(
            session,
            kind="registration",
            institution_id=other,
            document_no="ZP-S05-B001",
            meaning="批准",
            document_sha256="ef" * 32,
            file="",
            **common,
        )
        return case.id, other


def _app(store: Store, host: Host, login: str) -> RtechApp:
    with store.read() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        principal = principal_for(user)
    return RtechApp(
        store=store.as_principal(principal), host=host, today=TODAY, blink=False, first_run=False
    )


def _rows(screen: FilingsReceivedScreen) -> list[str]:
    return [f.subject for f in screen.shown]


async def test_the_provincial_reviewer_reads_the_filings_received(store: Store, host: Host) -> None:
    case_id, other = _world(store, host)
    app = _app(store, host, "demo-reviewer")
    async with app.run_test(size=(150, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        titles = [c.title for c in app.palette_commands(app.screen)]
        assert "收到的报送" in titles
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FilingsReceivedScreen)
        table = screen.query_one("#received", DataTable)
        assert table.row_count == 3
        assert _rows(screen) == [
            "技术备案自评表（2023 年版）",
            "质量控制指标报告 2024Q1",
            f"病例 {case_id}",
        ]
        assert "已签名的报送文书 3 份" in str(screen.query_one("#summary").render())
        # Filter by institution, then by a technology without filings.
        screen.query_one("#institution", Select).value = other
        await settle(pilot)
        assert _rows(screen) == ["技术备案自评表（2023 年版）"]
        screen.query_one("#institution", Select).clear()
        screen.query_one("#technology", Select).value = "tbi"
        await settle(pilot)
        assert table.row_count == 0
        assert "没有符合条件的已签名文书" in str(screen.query_one("#summary").render())
        screen.query_one("#technology", Select).value = "cardio"
        await settle(pilot)
        assert len(screen.shown) == 3
        # Enter on a report says it is not one case; on the case report it opens the case.
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        table.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, CaseScreen)
        assert opened.case_id == case_id
        # Read-only for a reviewer: no editing, filing or follow-up offered.
        for action in ("edit", "file", "followup"):
            assert not opened.check_action(action, ())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_clinician_is_not_offered_the_filings_received(store: Store, host: Host) -> None:
    _world(store, host)
    app = _app(store, host, "demo-clinician")
    async with app.run_test(size=(150, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "收到的报送" not in [c.title for c in app.palette_commands(home)]
        assert home.check_action("filings_received", ()) is False
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is home
