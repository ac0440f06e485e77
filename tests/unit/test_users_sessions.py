"""Issue 18: a session ends when its user is disabled or its login revoked or
expired — in a store held open for hours (the TUI) at the next write, and in
the CLI at the next command; re-enabling a user; on SQLite and PostgreSQL.

Technology: cardio (the cases written by the held-open stores).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import URL, func, select, update

from rtech.auth.roles import PermissionDenied, Role
from rtech.errors import UserError
from rtech.store import Store, cases, make_engine, registry, upgrade, users
from rtech.store.models import AuditEntry, Case, User, UserToken
from tests.cli import rtech

PASSWORD = "correct horse"


@pytest.fixture
def world(database_url: URL) -> Iterator[Store]:
    """A hospital, its administrator and a clinician, on each backend."""
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    with store.write() as session:
        registry.create_institution(session, name="甲医院", code="A001", actor="t")
        registry.create_institution(session, name="乙医院", code="B001", actor="t")
        for login, name, roles, where in (
            ("root", "系统", ["system_admin"], []),
            ("admin", "王管理", ["institution_admin"], ["A001"]),
            ("chenjing", "陈静", ["clinician"], ["A001"]),
            ("bdoc", "乙医生", ["clinician"], ["B001"]),
            ("both", "孙怡", ["clinician"], ["A001", "B001"]),
        ):
            users.add_user(
                session, login=login, name=name, roles=roles, institutions=where, password=PASSWORD
            )
    try:
        yield store
    finally:
        store.dispose()


def _logged_in(store: Store, login: str) -> Store:
    """A store acting as ``login`` through a real login (a token), as the TUI holds it."""
    principal = users.login(store.engine, login, PASSWORD)
    held = Store(store.engine, principal)
    return held


def _new_case(held: Store) -> None:
    with held.read() as session:
        hospital = registry.list_institutions(session)[0].id
    with held.write() as session:
        cases.create_case(
            session,
            technology="cardio",
            edition="2023",
            institution_id=hospital,
            actor=held.actor,
        )


def _count(store: Store, model: type[Case] | type[AuditEntry], **where: str) -> int:
    with store.read() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(session.scalar(query) or 0)


def test_a_disabled_user_stops_writing_in_a_store_held_open(world: Store) -> None:
    held = _logged_in(world, "chenjing")
    heard: list[str] = []
    held.on_ended = lambda ended: heard.append(ended.message)
    _new_case(held)  # still active: written
    admin = world.as_principal(users.login(world.engine, "admin", PASSWORD))
    with admin.write() as session:
        users.disable_user(session, "chenjing")
    with pytest.raises(users.SessionEnded) as ended:
        _new_case(held)
    assert ended.value.reason == "disabled"
    assert ended.value.short == "账户已停用"
    assert ended.value.message == (
        "账户已停用：陈静（chenjing）（管理员已停用该账户），本次操作未执行。"
    )
    assert heard == [ended.value.message]  # the front end heard it, once
    assert _count(world, Case) == 1  # nothing of the refused write
    with world.read() as session:
        denial = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "access.denied")
        ).one()
    assert (denial.actor, denial.payload["action"]) == ("陈静（chenjing）", "session.disabled")
    # Re-enabled: the old login stays revoked, a new one works.
    with admin.write() as session:
        info = users.enable_user(session, "chenjing")
    assert info.active
    with pytest.raises(users.SessionEnded) as again:
        _new_case(held)
    assert again.value.reason == "revoked"
    _new_case(_logged_in(world, "chenjing"))
    assert _count(world, Case) == 2
    assert _count(world, AuditEntry, action="user.enable") == 1


def test_a_login_revoked_elsewhere_ends_the_held_session(world: Store) -> None:
    held = _logged_in(world, "chenjing")
    users.logout(world.engine)  # `rtech logout` in another terminal: the same token
    with pytest.raises(users.SessionEnded, match="登录已注销：陈静（chenjing）"):
        _new_case(held)


def test_a_password_reset_by_an_administrator_ends_the_users_logins(world: Store) -> None:
    held = _logged_in(world, "chenjing")
    own = _logged_in(world, "admin")
    with own.write() as session:  # the administrator's own password: their login holds
        users.change_password(session, "admin", old=PASSWORD, new="another horse")
    with own.write() as session:  # checked when the transaction begins
        assert users.principal_of(session).login == "admin"
    with own.write() as session:
        users.change_password(session, "chenjing", old=None, new="a new horse")
    with pytest.raises(users.SessionEnded) as ended:
        _new_case(held)
    assert ended.value.message == (
        "登录已注销：陈静（chenjing）（该登录已在其他终端退出，或密码、角色或机构已由管理员修改），"
        "本次操作未执行。"
    )
    with world.read() as session:
        resets = session.scalars(
            select(AuditEntry.payload).where(AuditEntry.action == "user.passwd")
        ).all()
    assert [p or {} for p in resets] == [{}, {"logins_ended": 1}]
    _new_case(Store(world.engine, users.login(world.engine, "chenjing", "a new horse")))
    assert _count(world, Case) == 1


def test_the_login_ends_at_its_expiry_exactly(
    world: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _logged_in(world, "chenjing")
    with world.read() as session:
        expires = session.scalars(select(UserToken.expires_at)).one()
    expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    # One microsecond before the expiry the login holds; at the expiry it has ended.
    monkeypatch.setattr(users, "_now", lambda: expires - timedelta(microseconds=1))
    _new_case(held)
    monkeypatch.setattr(users, "_now", lambda: expires)
    with pytest.raises(users.SessionEnded) as ended:
        _new_case(held)
    assert ended.value.short == "登录已过期"
    assert _count(world, Case) == 1


def test_a_store_without_a_login_checks_only_that_the_user_is_active(world: Store) -> None:
    with world.read() as session:
        user = session.scalar(select(User).where(User.login == "chenjing"))
        assert user is not None
        held = world.as_principal(users.principal_for(user))
    _new_case(held)
    with world.write() as session:
        session.execute(update(User).where(User.login == "chenjing").values(active=False))
    with pytest.raises(users.SessionEnded, match="账户已停用"):
        _new_case(held)


def test_an_institution_admin_enables_only_their_institutions_users(world: Store) -> None:
    root = world.as_principal(users.login(world.engine, "root", PASSWORD))
    with root.write() as session:
        users.disable_user(session, "bdoc")
        users.disable_user(session, "both")
    admin = world.as_principal(users.login(world.engine, "admin", PASSWORD))
    for login in ("bdoc", "both"):  # B001 only; A001 and B001
        with pytest.raises(PermissionDenied, match="只能管理本机构的用户"), admin.write() as s:
            users.enable_user(s, login)
    with root.write() as session:
        users.enable_user(session, "both")
        with pytest.raises(UserError, match="用户 both 未停用，无需启用。"):
            users.enable_user(session, "both")


def test_the_cli_refuses_a_disabled_users_next_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pw = tmp_path / "pw"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    store = Store.open()
    with store.write() as session:
        registry.create_institution(session, name="甲医院", code="A001", actor="t")
    store.dispose()
    for args in (
        ("root", "--name", "系统", "--role", "system_admin"),
        ("chenjing", "--name", "陈静", "--role", "clinician", "--institution", "A001"),
    ):
        if args[0] != "root":
            assert rtech(capsys, "login", "root", "--password-file", str(pw)).code == 0
        assert rtech(capsys, "users", "add", *args, "--password-file", str(pw)).code == 0
    assert rtech(capsys, "login", "chenjing", "--password-file", str(pw)).code == 0
    assert rtech(capsys, "cases", "list").code == 0
    # The administrator disables chenjing elsewhere (their own store, not this login).
    engine = make_engine()
    try:
        admin = Store(engine, users.login(engine, "root", PASSWORD))
        # users.login wrote root's token into the sessions file: put chenjing's back.
        assert rtech(capsys, "login", "chenjing", "--password-file", str(pw)).code == 0
        with admin.write() as session:
            users.disable_user(session, "chenjing")
    finally:
        engine.dispose()
    refused = rtech(capsys, "cases", "list")
    assert refused.code == 2
    assert "用户 chenjing 的账户已停用" in refused.err
    relogin = rtech(capsys, "login", "chenjing", "--password-file", str(pw))
    assert relogin.code == 2
    assert "用户 chenjing 已停用" in relogin.err
    # Re-enabled from the CLI by the administrator: chenjing logs in again.
    assert rtech(capsys, "login", "root", "--password-file", str(pw)).code == 0
    enabled = rtech(capsys, "users", "enable", "chenjing")
    assert enabled.code == 0, enabled.err
    assert "已启用用户 chenjing（陈静），该用户须重新登录。" in enabled.out
    assert rtech(capsys, "login", "chenjing", "--password-file", str(pw)).code == 0
    assert rtech(capsys, "cases", "list").code == 0


def test_the_roles_an_administrator_may_give(world: Store) -> None:
    with world.read() as session:
        people = {u.login: users.principal_for(u) for u in session.scalars(select(User))}
    assert users.grantable_roles(people["root"]) == frozenset(Role)
    assert users.grantable_roles(people["admin"]) == {
        Role.CLINICIAN,
        Role.QUALITY_MANAGER,
        Role.INSTITUTION_ADMIN,
    }
    assert users.grantable_roles(people["chenjing"]) == frozenset()
    # What is offered is what core accepts: the admin adds a quality manager of
    # A001, and is refused a provincial reviewer.
    admin = world.as_principal(people["admin"])
    with admin.write() as session:
        users.add_user(
            session,
            login="qc",
            name="质控",
            roles=[Role.QUALITY_MANAGER],
            institutions=["A001"],
            password=PASSWORD,
        )
    with pytest.raises(PermissionDenied, match="无权授予跨机构角色"), admin.write() as session:
        users.add_user(
            session,
            login="prov",
            name="省审",
            roles=[Role.PROVINCIAL_REVIEWER],
            institutions=["A001"],
            password=PASSWORD,
        )
