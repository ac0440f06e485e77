"""Issue 18 in the TUI, the rest: 用户管理 for administrators, 切换用户 / 退出登录
without quitting, a session that ends while the app runs (账户已停用, 登录已过期),
and the institution chosen remembered per user.

Technology: cardio (the intakes). Real users, real scrypt passwords and login
tokens, SQLite; core decides who may manage whom, this front end only asks.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from textual.pilot import Pilot
from textual.widgets import DataTable, SelectionList

from rtech.host import Host
from rtech.store import Store, make_engine, upgrade, users
from rtech.store.models import AuditEntry, Case, User, UserToken
from rtech.tui.app import RtechApp, UserSessionEnded
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.login import LoginScreen
from rtech.tui.screens.users import PasswordScreen, UserFormScreen, UsersScreen
from rtech.tui.widgets.plain_input import PlainInput
from rtech.tui.widgets.prose import Prose
from tests.functional.conftest import choose_technology, settle, type_line
from tests.support.intake import PCI_LINES, TODAY, open_case, say
from tests.support.users import PASSWORD, add_people, as_user, notices

#: login, name, roles, institutions (the first user: a system administrator)
PEOPLE = (
    ("wangguan", "王管理", ("system_admin",), ()),
    ("chenjing", "陈静", ("clinician",), ("SC0001",)),
    ("wanghong", "王红", ("clinician",), ("SC0001",)),
    ("zhaoli", "赵丽", ("clinician",), ("SC0002",)),
    ("liuqiang", "刘强", ("institution_admin",), ("SC0001",)),
    ("sunyi", "孙怡", ("clinician",), ("SC0001", "SC0002")),
    ("qianer", "钱二", ("clinician",), ("SC0001", "SC0002")),
)


@pytest.fixture
def hospitals(store: Store) -> dict[str, int]:
    return add_people(store, PEOPLE)


def audit(store: Store, action: str) -> list[tuple[str, str, Any]]:
    with store.read() as session:
        return [
            (e.actor, e.entity_id, e.payload)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        ]


def rows(screen: UsersScreen) -> list[list[str]]:
    table = screen.query_one("#users", DataTable)
    return [[str(cell) for cell in table.get_row(key)] for key in table.rows]


async def finish(pilot: Pilot[Any], *groups: str) -> None:
    """Let the screens' background work of ``groups`` end, then settle."""
    for worker in list(pilot.app.workers):
        if worker.group in groups:
            await worker.wait()
    await settle(pilot)


async def log_in(pilot: Pilot[Any], login: str, password: str = PASSWORD) -> None:
    """Type a login and a password into the login screen, as a user does."""
    screen = pilot.app.screen
    assert isinstance(screen, LoginScreen)
    box = screen.query_one("#login", PlainInput)
    box.value = ""
    box.focus()
    await type_line(pilot, login)
    await type_line(pilot, password)
    await finish(pilot, "login", "prepare")


def command(app: RtechApp, title: str) -> Any:
    """The palette command ``title`` offered on the screen in front (else None)."""
    return next((c for c in app.palette_commands(app.screen) if c.title == title), None)


def open_app(host: Host, **options: Any) -> RtechApp:
    """The app as `rtech` starts it: it opens the database and asks for a login."""
    return RtechApp(host=host, today=TODAY, blink=False, first_run=False, **options)


async def test_an_administrator_adds_a_clinician_who_then_logs_in(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    app = open_app(host)
    async with app.run_test(size=(120, 44)) as pilot:
        await settle(pilot)
        await log_in(pilot, "liuqiang")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert command(app, "用户管理") is not None
        await pilot.press("u")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, UsersScreen)
        assert listing.sub_title == "用户管理"
        # Only the users of 刘强's hospital (and those who also belong to it).
        assert [r[:4] for r in rows(listing)] == [
            ["chenjing", "陈静", "临床医师", "四川省示例医院"],
            ["wanghong", "王红", "临床医师", "四川省示例医院"],
            ["liuqiang", "刘强", "机构管理员", "四川省示例医院"],
            ["sunyi", "孙怡", "临床医师", "四川省示例医院、SC0002"],
            ["qianer", "钱二", "临床医师", "四川省示例医院、SC0002"],
        ]
        assert {r[5] for r in rows(listing)} == {"启用"}

        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UserFormScreen)
        # The administrator's only institution is ticked already.
        assert form.query_one("#institutions", SelectionList).selected == ["SC0001"]
        await type_line(pilot, "xinyi")
        await type_line(pilot, "新医")
        assert form.focused is form.query_one("#roles", SelectionList)
        await pilot.press("space")  # the first role: 临床医师
        await pilot.press("tab", "tab")  # past the institutions, to the department
        await type_line(pilot, "心内科")
        await type_line(pilot, "")  # no operating-system account
        await type_line(pilot, "mima-2024-xin")
        await type_line(pilot, "mima-2024-xiN")
        status = form.query_one("#form-status")
        assert "两次输入的密码不一致" in str(status.render())
        # 7 characters: one short of the minimum (core's rule); 8 pass.
        form.query_one("#password", PlainInput).value = "abc1234"
        form.query_one("#again", PlainInput).focus()
        await type_line(pilot, "abc1234")
        await finish(pilot, "user-add")
        assert app.screen is form
        assert "密码至少需要 8 个字符" in str(status.render())
        assert form.focused is form.query_one("#password", PlainInput)  # both to type again
        await type_line(pilot, "abcd1234")
        await type_line(pilot, "abcd1234")
        await finish(pilot, "user-add")
        assert app.screen is listing
        assert rows(listing)[-1] == [
            "xinyi",
            "新医",
            "临床医师",
            "四川省示例医院",
            "心内科",
            "启用",
            "—",
        ]
        assert "已添加用户 xinyi（新医）" in str(listing.query_one("#users-status").render())

        # 切换用户: 刘强's screens close, the login screen comes back, nobody acts.
        switch = command(app, "切换用户")
        assert switch is not None
        switch.callback()
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert "已注销 刘强（liuqiang） 的登录。请下一位用户登录。" in str(
            login.query_one("#reason").render()
        )
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, LoginScreen]
        assert not app.workspace.store_open
        assert app.title == "rtech　限制类技术"

        await log_in(pilot, "xinyi", "abcd1234")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.title == "rtech　新医（xinyi） · 临床医师 · 四川省示例医院"
        # A clinician is not offered user management.
        offered = {
            b.binding.action for b in home.active_bindings.values() if b.enabled and b.node is home
        }
        assert "new_case" in offered
        assert "users" not in offered
        assert command(app, "用户管理") is None
        app.action_users()
        await pilot.pause()
        assert not isinstance(app.screen, UsersScreen)
        assert "您的角色不能管理用户。" in notices(app)
    added = audit(store, "user.add")[-1]
    assert added[:2] == ("刘强（liuqiang）", "xinyi")
    assert (added[2]["roles"], added[2]["department"]) == ("clinician", "心内科")
    assert [a[:2] for a in audit(store, "user.logout")] == [("liuqiang", "liuqiang")]
    assert audit(store, "user.login")[-1][:2] == ("新医（xinyi）", "xinyi")


async def test_an_institution_administrator_is_refused_another_institutions_user(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    app = RtechApp(
        store=as_user(store, "liuqiang"), host=host, today=TODAY, blink=False, first_run=False
    )
    refusal = (
        "用户 刘强（liuqiang） 只能管理本机构的用户，无权授予跨机构角色"
        "（省级审核、系统管理员）或其他机构的用户权限。"
    )
    async with app.run_test(size=(120, 44)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, UsersScreen)
        table = listing.query_one("#users", DataTable)
        # 孙怡 belongs to SC0002 too: 刘强 may not disable her.
        table.move_cursor(row=table.get_row_index("sunyi"))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await finish(pilot, "users-change")
        assert app.screen is listing
        assert refusal in str(listing.query_one("#users-status").render())
        assert refusal in notices(app)
        assert rows(listing)[3][5] == "启用"
        # Nor make a provincial reviewer or a system administrator: not offered.
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UserFormScreen)
        offered = form.query_one("#roles", SelectionList)
        assert [
            str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)
        ] == [
            "临床医师",
            "医务/质控管理",
            "机构管理员",
        ]
        await pilot.press("escape")
        await settle(pilot)
        # His own hospital's clinician: disabled (asked first), re-enabled, password reset.
        table.move_cursor(row=table.get_row_index("chenjing"))
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await finish(pilot, "users-change")
        assert rows(listing)[0][5] == "停用"
        assert "已停用用户 chenjing（陈静），其登录已失效。" in str(
            listing.query_one("#users-status").render()
        )
        await pilot.press("s")  # a disabled user is re-enabled without a question
        await finish(pilot, "users-change")
        assert rows(listing)[0][5] == "启用"
        await pilot.press("r")
        await settle(pilot)
        reset = app.screen
        assert isinstance(reset, PasswordScreen)
        assert not reset.query("#old")  # another user's: no old password asked
        await type_line(pilot, "xin-mima-2024")
        await type_line(pilot, "xin-mima-2024")
        await finish(pilot, "user-password")
        assert app.screen is listing
        assert "已重设用户 chenjing（陈静）的密码，其已有的登录随之失效。" in str(
            listing.query_one("#users-status").render()
        )
        # His own password: the old one is asked, and checked by core.
        table.move_cursor(row=table.get_row_index("liuqiang"))
        await pilot.press("r")
        await settle(pilot)
        own = app.screen
        assert isinstance(own, PasswordScreen)
        assert own.focused is own.query_one("#old", PlainInput)
        await type_line(pilot, "not-my-password")
        await type_line(pilot, "liu-mima-2024")
        await type_line(pilot, "liu-mima-2024")
        await finish(pilot, "user-password")
        assert app.screen is own
        assert "原密码不正确，密码未修改。" in own.query_one("#form-status", Prose).text.plain
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is listing
    with store.read() as session:
        assert users.authenticate(session, "chenjing", "xin-mima-2024").active
        assert session.scalar(select(User.active).where(User.login == "sunyi"))
    denied = [(a, e, p["action"]) for a, e, p in audit(store, "access.denied")]
    assert denied == [("刘强（liuqiang）", "sunyi", "users.all")]
    trail = [
        (action, entity)
        for action in ("user.disable", "user.enable", "user.passwd")
        for _actor, entity, _ in audit(store, action)
    ]
    assert trail == [
        ("user.disable", "chenjing"),
        ("user.enable", "chenjing"),
        ("user.passwd", "chenjing"),
    ]


async def start_case(pilot: Pilot[Any]) -> IntakeScreen:
    assert isinstance(pilot.app.screen, HomeScreen)
    await choose_technology(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    return screen


def draft(store: Store) -> dict[str, Any]:
    with store.read() as session:
        answers = session.scalars(select(Case)).one().draft_answers
        return dict(answers or {})


async def test_a_disabled_account_is_stopped_at_its_next_answer(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    app = open_app(host)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await log_in(pilot, "chenjing")
        intake = await start_case(pilot)
        await type_line(pilot, "张三")
        with as_user(store, "liuqiang").write() as session:
            users.disable_user(session, "chenjing")  # at another desk, meanwhile
        await type_line(pilot, "男 70岁")
        assert intake.intake.unsaved  # held, not thrown away
        login = app.screen
        assert isinstance(login, LoginScreen)
        reason = str(login.query_one("#reason").render())
        assert reason == (
            "账户已停用：陈静（chenjing）（管理员已停用该账户），本次操作未执行。\n"
            "请由其他用户登录。"
        )
        assert app.title == "rtech　限制类技术"
        await log_in(pilot, "chenjing")
        assert app.screen is login
        assert "用户 chenjing 已停用。" in str(login.query_one("#status").render())
        # Another user takes the terminal: 陈静's screens close, and what could not
        # be stored is named rather than dropped silently.
        await log_in(pilot, "wanghong")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert intake not in app.screen_stack
        assert app.title == "rtech　王红（wanghong） · 临床医师 · 四川省示例医院"
        assert "上一位用户未写入数据库的回答已放弃：" in notices(app)
    assert draft(store)["patient"] == {"name": "张三"}
    denied = [(a, p["action"]) for a, _e, p in audit(store, "access.denied")]
    assert ("陈静（chenjing）", "session.disabled") in denied


async def test_an_expired_login_asks_again_and_the_same_user_goes_on(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    def expire() -> None:
        with store.write() as session:
            session.execute(
                update(UserToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )

    app = open_app(host)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await log_in(pilot, "chenjing")
        first = app.workspace.principal
        intake = await start_case(pilot)
        await type_line(pilot, "张三")
        expire()
        await type_line(pilot, "男 70岁")
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert str(login.query_one("#reason").render()).startswith(
            "登录已过期：陈静（chenjing）（登录有效期已过），本次操作未执行。"
        )
        await log_in(pilot, "chenjing")
        # The same user: back where they were, the held answer stored with the next.
        assert app.screen is intake
        assert "已重新登录：陈静（chenjing），可继续刚才的操作。" in notices(app)
        # News of the first login's end arriving late (a check begun before) is old news.
        app.post_message(UserSessionEnded("登录已过期", session=(first.user_id, first.token_id)))
        await settle(pilot)
        assert app.screen is intake
        # The answer box still shows what was held (as when the database is busy).
        assert intake.box.value == "男 70岁"
        intake.box.value = ""
        await type_line(pilot, "跳过")
        assert not intake.intake.unsaved
        # A user who only reads is caught by the periodic check.
        expire()
        app._check_session()
        await finish(pilot, "session-check")
        assert isinstance(app.screen, LoginScreen)
        assert "登录已过期" in str(app.screen.query_one("#reason").render())
    patient = draft(store)["patient"]
    assert (patient["name"], patient["sex"], patient["age"]) == ("张三", "1", 70)


async def test_switching_user_keeps_unsaved_answers_from_being_lost_silently(
    tmp_path: Path, host: Host
) -> None:
    path = tmp_path / "busy.sqlite3"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    upgrade(engine)
    store = Store(engine)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        add_people(store, PEOPLE)
        chenjing = Store(engine, users.login(engine, "chenjing", PASSWORD))
        app = RtechApp(store=chenjing, host=host, today=TODAY, blink=False, first_run=False)
        async with app.run_test(size=(110, 40)) as pilot:
            await settle(pilot)
            intake = await start_case(pilot)
            await type_line(pilot, "张三")
            holder.execute("BEGIN IMMEDIATE")  # an import holds the database
            await type_line(pilot, "男 70岁")
            assert intake.intake.unsaved
            app.action_switch_user()
            await settle(pilot)
            assert app.screen is intake
            assert "10 秒内再次选择“切换用户”将放弃未保存的回答。" in notices(app)
            holder.rollback()  # the import ends
            app.action_switch_user()
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            assert intake not in app.screen_stack
        patient = draft(store)["patient"]
        assert (patient["name"], patient["age"]) == ("张三", 70)
        with store.read() as session:
            assert session.scalars(select(UserToken.revoked_at)).one() is not None
    finally:
        holder.close()
        store.dispose()


async def test_the_institution_chosen_is_remembered_per_user(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    def who() -> str:
        home = app.screen
        assert isinstance(home, HomeScreen)
        return str(home.query_one("#who").render())

    async def switch_to(login: str) -> None:
        command(app, "切换用户").callback()
        await settle(pilot)
        await log_in(pilot, login)

    # One terminal, shared: 孙怡 and 钱二 both work for both hospitals.
    app = open_app(host)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await log_in(pilot, "sunyi")
        assert who().endswith("机构：请按 i 选择医疗机构")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert who().endswith("机构：成都市第二医院（i 切换）")
        await switch_to("qianer")
        assert who().endswith("机构：请按 i 选择医疗机构")  # not 孙怡's choice
        await switch_to("sunyi")
        assert who().endswith("机构：成都市第二医院（i 切换）")  # hers, remembered
    again = RtechApp(store=as_user(store, "sunyi"), host=host, today=TODAY, blink=False)
    async with again.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        home = again.screen
        assert isinstance(home, HomeScreen)
        assert str(home.query_one("#who").render()).endswith("机构：成都市第二医院（i 切换）")
    from rtech.tui.workspace import _choice_path

    saved = json.loads(_choice_path().read_text(encoding="utf-8"))
    assert [list(by_login) for by_login in saved.values()] == [["sunyi"]]
    assert stat.S_IMODE(_choice_path().stat().st_mode) == 0o600


async def test_a_disabled_user_who_only_reads_gets_the_login_screen(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    from rtech.tui.screens.cases import CaseListScreen

    app = open_app(host)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await log_in(pilot, "chenjing")
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        # A case submitted meanwhile (at another desk): the home screen will store
        # its follow-up plan, a write.
        chenjing = as_user(store, "chenjing")
        say(open_case(chenjing, host, actor=chenjing.actor), *PCI_LINES, "提交")
        with as_user(store, "liuqiang").write() as session:
            users.disable_user(session, "chenjing")
        await pilot.press("escape")
        await finish(pilot, "followups-line")
        assert app.is_running
        assert isinstance(app.screen, LoginScreen)
        assert str(app.screen.query_one("#reason").render()).startswith("账户已停用：陈静")


async def test_the_periodic_check_catches_a_user_who_only_reads(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    from rtech.tui.screens.cases import CaseListScreen

    app = open_app(host)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await log_in(pilot, "chenjing")
        await pilot.press("l")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CaseListScreen)
        app._check_session()  # what the 30 s timer runs
        await finish(pilot, "session-check")
        assert app.screen is listing  # still active: nothing happens
        with as_user(store, "liuqiang").write() as session:
            users.disable_user(session, "chenjing")
        app._check_session()
        await finish(pilot, "session-check")
        assert isinstance(app.screen, LoginScreen)
        assert str(app.screen.query_one("#reason").render()).startswith("账户已停用：陈静")


async def test_logging_out_returns_to_the_login_screen_where_ctrl_q_quits(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    app = open_app(host)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await log_in(pilot, "chenjing")
        command(app, "退出登录").callback()
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert str(login.query_one("#reason").render()) == (
            "已退出登录：陈静（chenjing）。其他用户可在此登录；按 Ctrl+Q 退出 rtech。"
        )
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    with store.read() as session:
        assert session.scalars(select(UserToken.revoked_at)).one() is not None


async def test_without_a_login_there_is_nobody_to_switch(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    # A store acting for a user without a login token (as the demo's administrator).
    app = RtechApp(
        store=as_user(store, "liuqiang"), host=host, today=TODAY, blink=False, first_run=False
    )
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        assert command(app, "切换用户") is None
        assert command(app, "退出登录") is None
        assert command(app, "用户管理") is not None
        app.action_switch_user()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "当前未登录（演示数据库或尚无用户），无需退出登录。" in notices(app)


async def test_a_system_administrator_is_offered_every_role_and_institution(
    store: Store, host: Host, hospitals: dict[str, int]
) -> None:
    app = RtechApp(
        store=as_user(store, "wangguan"), host=host, today=TODAY, blink=False, first_run=False
    )
    async with app.run_test(size=(120, 44)) as pilot:
        await settle(pilot)
        app.action_users()
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, UsersScreen)
        assert len(rows(listing)) == len(PEOPLE)  # every user
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UserFormScreen)

        def prompts(name: str) -> list[str]:
            options = form.query_one(name, SelectionList)
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        assert prompts("#roles") == [
            "临床医师",
            "医务/质控管理",
            "机构管理员",
            "省级审核",
            "系统管理员",
        ]
        assert prompts("#institutions") == [
            "四川省示例医院（SC0001）",
            "成都市第二医院（SC0002）",
            "全部机构（省级审核、系统管理员）",
        ]
        assert form.query_one("#institutions", SelectionList).selected == []


async def test_the_installer_gives_way_once_the_first_administrator_exists(
    store: Store, host: Host
) -> None:
    app = open_app(host)  # a new database: the installer acts, with every role
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        assert app.workspace.principal.setup
        app._check_session()
        await finish(pilot, "session-check")
        assert isinstance(app.screen, HomeScreen)  # no users yet: nothing happens
        with store.write() as session:  # `rtech users add admin --admin` elsewhere
            users.add_user(
                session, login="admin", name="王管理", roles=["system_admin"], password=PASSWORD
            )
        app._check_session()
        await finish(pilot, "session-check")
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert str(login.query_one("#reason").render()) == (
            "数据库已有用户（已创建第一位管理员），初始设置结束。\n请登录。"
        )
        await log_in(pilot, "admin")
        assert isinstance(app.screen, HomeScreen)
        assert app.title.startswith("rtech　王管理（admin） · 系统管理员")
