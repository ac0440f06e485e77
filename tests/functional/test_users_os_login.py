"""Issue 18, item 1 in the TUI: where the site has turned the operating-system
mapping on, the person whose account (the test process's real one) is mapped to
an active user starts without a login screen, the header naming them; a disabled
mapped user gets the login screen with the reason; 切换用户 hands the terminal to
somebody who logs in with a password. SQLite.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from rtech.host import Host
from rtech.store import Store
from rtech.store.models import AuditEntry, User
from rtech.store.users import (
    add_user,
    disable_user,
    os_account_name,
    principal_for,
    set_os_login,
)
from rtech.tui.app import RtechApp
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.login import LoginScreen
from tests.functional.conftest import settle, type_line
from tests.support.intake import TODAY, seed_registry

PASSWORD = "mima-2023-abc"
ME = os_account_name()


@pytest.fixture(autouse=True)
def fresh_process_record(monkeypatch: pytest.MonkeyPatch) -> None:
    from rtech.store import users

    monkeypatch.setattr(users, "_os_logins_recorded", set())


@pytest.fixture
def mapped(store: Store) -> Store:
    """SC0001; 王管理 (system administrator) has turned the mapping on; 陈静 is
    mapped to this process's account (no password), 王红 logs in with one."""
    assert ME
    seed_registry(store)
    with store.write() as session:
        add_user(
            session, login="wangguan", name="王管理", roles=["system_admin"], password=PASSWORD
        )
        add_user(
            session,
            login="chenjing",
            name="陈静",
            roles=["clinician"],
            institutions=["SC0001"],
            password=None,
            os_account=ME,
        )
        add_user(
            session,
            login="wanghong",
            name="王红",
            roles=["clinician"],
            institutions=["SC0001"],
            password=PASSWORD,
        )
    with store.read() as session:
        admin = session.scalars(select(User).where(User.login == "wangguan")).one()
    with store.as_principal(principal_for(admin)).write() as session:
        set_os_login(session, True)
    return store


def open_app(host: Host, **options: Any) -> RtechApp:
    """The app as `rtech` starts it: it opens the database itself."""
    return RtechApp(host=host, today=TODAY, blink=False, first_run=False, **options)


async def test_the_mapped_user_starts_without_a_login(mapped: Store, host: Host) -> None:
    app = open_app(host)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not any(isinstance(s, LoginScreen) for s in app.screen_stack)
        assert app.title == "rtech　陈静（chenjing） · 临床医师 · 四川省示例医院"
        assert app.workspace.principal.os_account == ME

        # 切换用户: the next person logs in with their password.
        assert app.may_switch_user()
        app.action_switch_user()
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert not app.workspace.store_open
        await type_line(pilot, "wanghong")
        await type_line(pilot, PASSWORD)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.title == "rtech　王红（wanghong） · 临床医师 · 四川省示例医院"
    with mapped.read() as session:
        starts = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "user.os_login")
        ).all()
    assert starts == ["陈静（chenjing）"]


async def test_a_disabled_mapped_user_is_shown_the_login_screen(mapped: Store, host: Host) -> None:
    with mapped.write() as session:
        disable_user(session, "chenjing")
    app = open_app(host)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert f"用户 chenjing 的账户已停用（操作系统账户 {ME}）。" in str(
            login.query_one("#reason").render()
        )
        assert not app.workspace.store_open
