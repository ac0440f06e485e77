"""Issue 18 in the TUI: the login screen, who works in the header, screens that
offer only what the role may do, names masked for roles without the right, the
choice among a user's institutions, and the walk-through — revising a signed case
as someone else, signing and reading another hospital's case — refused by core
with a Chinese message and an audit entry.

Real users (scrypt passwords), real login tokens, real signing keys, SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import DataTable

from rtech.host import Host
from rtech.store import Store, cases
from rtech.store.models import AuditEntry, Case, CaseSignature
from rtech.store.users import sessions_file
from rtech.tui.app import RtechApp
from rtech.tui.screens.case import CaseScreen
from rtech.tui.screens.cases import CaseListScreen
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.institutions import InstitutionScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.login import LoginScreen
from rtech.tui.screens.review import ReviewScreen
from tests.functional.conftest import choose_technology, settle, type_line
from tests.support.intake import PCI_LINES, TODAY, open_case, say
from tests.support.users import PASSWORD, add_people, as_user, notices

#: login, name, roles, institutions
PEOPLE = (
    ("wangguan", "王管理", ("system_admin",), ()),  # the first user: a system administrator
    ("chenjing", "陈静", ("clinician",), ("SC0001",)),
    ("wanghong", "王红", ("clinician",), ("SC0001",)),
    ("zhaoli", "赵丽", ("clinician",), ("SC0002",)),
    ("liuqiang", "刘强", ("institution_admin",), ("SC0001",)),
    ("zhoushen", "周审", ("provincial_reviewer",), ()),
    ("sunyi", "孙怡", ("clinician",), ("SC0001", "SC0002")),
)


@pytest.fixture
def hospitals(store: Store) -> dict[str, int]:
    return add_people(store, PEOPLE)


def signed_case(store: Store, host: Host) -> int:
    """A case of SC0001 recorded and submitted by 陈静, then signed (审核)."""
    chenjing = as_user(store, "chenjing")
    intake = open_case(chenjing, host, actor=chenjing.actor)
    say(intake, *PCI_LINES, "提交")
    with store.write() as session:
        case = session.scalars(select(Case)).one()
        cases.record_signature(
            session,
            case.id,
            expected_version=case.version,
            revision=1,
            signer="刘强",
            meaning="审核",
            document_sha256="0" * 64,
            actor="刘强（liuqiang）",
        )
        return case.id


def denials(store: Store) -> list[tuple[str, str, str]]:
    with store.read() as session:
        return [
            (e.actor, e.entity_id, e.payload.get("action", ""))
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "access.denied"))
        ]


def user_app(store: Store, host: Host, login: str, **options: Any) -> RtechApp:
    return RtechApp(
        store=as_user(store, login),
        host=host,
        today=TODAY,
        blink=False,
        first_run=False,
        **options,
    )


async def test_a_database_with_users_asks_for_a_login_and_shows_who_works(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    # store=None: the app opens the database itself, as `rtech` does.
    app = RtechApp(host=host, today=TODAY, blink=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert "请先登录" in str(login.query_one("#reason").render())
        assert not app.workspace.store_open

        await type_line(pilot, "chenjing")
        await type_line(pilot, "wrong-password")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is login
        assert "登录名或密码不正确。" in str(login.query_one("#status").render())

        await type_line(pilot, PASSWORD)
        await app.workers.wait_for_complete()
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        # The header and the home screen say who works, as what, for which hospital.
        assert app.title == "rtech　陈静（chenjing） · 临床医师 · 四川省示例医院"
        who = str(home.query_one("#who").render())
        assert who == "用户：陈静（chenjing）　角色：临床医师　机构：四川省示例医院"
        assert "操作人" not in who
    # The login is kept as `rtech login` keeps it: the CLI acts as the same user.
    assert [e["login"] for e in json.loads(sessions_file().read_text()).values()] == ["chenjing"]
    assert oct(sessions_file().stat().st_mode & 0o777) == "0o600"
    with store.read() as session:
        trail = [
            (e.action, e.actor)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "user"))
            if e.action.startswith("user.login")
        ]
    assert trail == [("user.login_failed", "chenjing"), ("user.login", "陈静（chenjing）")]


async def test_a_provincial_reviewer_is_offered_reading_only_with_names_masked(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    case_id = signed_case(store, host)
    app = user_app(store, host, "zhoushen")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.title.startswith("rtech　周审（zhoushen） · 省级审核")
        offered = {
            b.binding.action for b in home.active_bindings.values() if b.enabled and b.node is home
        }
        assert {"cases", "dashboard", "self_assessment", "aggregates"} <= offered
        assert not offered & {"new_case", "followups", "register_physician"}
        assert str(home.query_one("#subtitle").render()) == "技术（d 指标看板　a 机构自评）："
        await choose_technology(pilot)
        await pilot.press("n")  # not offered: nothing happens
        await settle(pilot)
        assert app.screen is home
        palette = {c.title for c in app.palette_commands(home)}
        assert "病例列表" in palette
        assert not any(t.startswith("新建病例") for t in palette)

        await pilot.press("l")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        table = listing.query_one("#cases", DataTable)
        assert table.get_row(str(case_id))[3] == "张*"  # 张三
        assert not listing.check_action("edit", ())
        await pilot.press("enter")
        await settle(pilot)
        shown = app.screen
        assert isinstance(shown, CaseScreen)
        assert "张*　病案号 ZY0001" in str(shown.query_one("#case-title").render())
        assert [shown.check_action(a, ()) for a in ("edit", "file", "followup")] == [False] * 3
    assert denials(store) == []  # nothing offered that core would refuse


async def test_a_clinician_of_two_hospitals_chooses_one_before_a_new_case(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    # Issue 18: "with several institutions registered the TUI cannot start a case".
    app = user_app(store, host, "sunyi")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert str(home.query_one("#who").render()).endswith("机构：请按 i 选择医疗机构")
        await choose_technology(pilot)
        await pilot.press("n")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, InstitutionScreen)
        table = chooser.query_one("#institutions", DataTable)
        assert [str(k.value) for k in table.rows] == ["SC0001", "SC0002"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert app.title == "rtech　孙怡（sunyi） · 临床医师 · 成都市第二医院"
        assert str(home.query_one("#who").render()).endswith("机构：成都市第二医院（i 切换）")
    with store.read() as session:
        case = session.scalars(select(Case)).one()
    assert (case.institution_id, case.created_by) == (hospitals["other"], "孙怡（sunyi）")


async def test_revising_a_signed_case_as_someone_else_is_refused_and_audited(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    case_id = signed_case(store, host)
    app = user_app(store, host, "wanghong")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        assert listing.check_action("edit", ())  # a clinician revises their own cases
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is listing  # no intake
        assert "用户 王红（wanghong）（角色：临床医师）无权修改本机构他人提交的病例" in notices(app)
    assert denials(store) == [("王红（wanghong）", str(case_id), "case.revise_any")]
    with store.read() as session:
        assert session.get(Case, case_id).status == "signed"


async def test_reading_another_hospitals_case_is_refused_and_audited(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    case_id = signed_case(store, host)
    app = user_app(store, host, "zhaoli")
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        assert listing.query_one("#cases", DataTable).row_count == 0  # SC0001's are not listed
        # Reached anyway (a case number typed, `rtech intake --case`): core refuses.
        await app.push_screen(CaseScreen(app.workspace, case_id))
        await settle(pilot)
        app.open_case("cardio", case_id=case_id)
        await settle(pilot)
        assert not isinstance(app.screen, IntakeScreen)
        assert "不属于医疗机构 四川省示例医院（SC0001），无权查看病例" in notices(app)
    assert [d[:2] for d in denials(store)] == [("赵丽（zhaoli）", str(case_id))] * 2


@pytest.mark.slow
async def test_signing_another_hospitals_case_is_refused_and_audited(
    store: Store, host: Host, hospitals: dict[str, int], tmp_path: Path
) -> None:
    from rtech.filing import keys
    from rtech.store.users import bind_signing_key
    from rtech.tui.filings import case_job
    from rtech.tui.screens.filing import FilingScreen

    # A case of SC0002, and SC0001's administrator with a key bound to SC0001.
    zhaoli = as_user(store, "zhaoli")
    intake = open_case(zhaoli, host, actor=zhaoli.actor)
    say(intake, *PCI_LINES[:5])
    with store.read() as session:
        other_case = session.scalars(select(Case)).one().id
    info = keys.generate(
        institution="四川省示例医院", printed_name="刘强", passphrase="kouling-1234"
    )
    admin = as_user(store, "liuqiang")
    with admin.write() as session:
        bind_signing_key(session, info.fingerprint, hospitals["institution"])
    app = user_app(store, host, "liuqiang")
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        app.file(case_job(app.workspace, other_case, f"病例 {other_case}"))
        await pilot.pause()
        filing = app.screen
        assert isinstance(filing, FilingScreen)
        filing.query_one("#directory").value = str(tmp_path)  # type: ignore[attr-defined]
        await pilot.click("#sign")
        await type_line(pilot, "kouling-1234")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(filing.query_one("#status").render())
        assert "用户 刘强（liuqiang） 不属于医疗机构 成都市第二医院（SC0002）" in status
    assert not list(tmp_path.glob("*.pdf"))
    assert [d[:2] for d in denials(store)] == [("刘强（liuqiang）", str(other_case))]
    with store.read() as session:
        assert not session.scalars(select(CaseSignature)).all()


async def test_revising_a_signed_case_warns_and_names_the_signature_it_voids(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    case_id = signed_case(store, host)
    app = user_app(store, host, "liuqiang")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_case("cardio", case_id=case_id)
        await settle(pilot)
        warning = app.screen
        assert isinstance(warning, ConfirmScreen)
        assert "本病例已签名：签名 1（刘强，审核，第 1 版）。提交修订将作废该签名。" in (
            warning.message
        )
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await type_line(pilot, "修改 6")
        await type_line(pilot, "ZY0009")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "签名 1（刘强，审核，第 1 版）" in confirm.message
        assert "确认即作废上述签名" in confirm.message
        await type_line(pilot, "病案号录入错误")
        await settle(pilot)
    with store.read() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.current_revision) == ("submitted", 2)
        signature = session.scalars(select(CaseSignature)).one()
        assert signature.voided_at is not None


def test_a_clinicians_intake_shows_the_teams_and_institutions_checks(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    # A clinician may not run the self-assessment, but the findings of the case
    # they record are theirs to see (they read “核查出错：PermissionDenied”).
    chenjing = as_user(store, "chenjing")
    intake = open_case(chenjing, host, actor=chenjing.actor)
    say(intake, *PCI_LINES)
    explained = [f.explanation for f in intake.review().findings]
    assert any(f.title == "医疗机构基本要求" for f in intake.review().findings)
    assert not [e for e in explained if "核查出错" in e]
    assert denials(store) == []
