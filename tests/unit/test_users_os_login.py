"""Issue 18, item 1: "or mapping to the OS login where a site chooses it".

A system administrator turns the mapping on (off by default); then the person
running rtech under an operating-system account mapped to an active user acts
as that user without a password. The account is the effective uid's: the real
one of the test process, except where another account is simulated (pwd);
$USER and $LOGNAME, which anyone can set, change nothing. On SQLite and
PostgreSQL.

Technology: cardio (the cases written by the mapped user).
"""

from __future__ import annotations

import pwd
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import URL, func, select, update
from sqlalchemy.exc import IntegrityError

from rtech.auth.roles import PermissionDenied
from rtech.errors import UserError
from rtech.store import Store, cases, make_engine, registry, upgrade, users
from rtech.store.models import AuditEntry, Case, User, UserToken
from rtech.store.settings import get_setting
from tests.cli import rtech

PASSWORD = "correct horse"
#: The test process's own operating-system account (its effective uid's name).
ME = users.os_account_name()


@pytest.fixture(autouse=True)
def fresh_process_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no operating-system login recorded."""
    monkeypatch.setattr(users, "_os_logins_recorded", set())


@pytest.fixture
def world(database_url: URL) -> Iterator[Store]:
    """A hospital; a system administrator, its administrator, 陈静 (mapped to this
    process's operating-system account, no password) and 乙医生 (password only)."""
    assert ME, "the test process's uid has a name"
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    with store.write() as session:
        registry.create_institution(session, name="甲医院", code="A001", actor="t")
        for login, name, roles, password, account in (
            ("root", "系统", ["system_admin"], PASSWORD, None),
            ("admin", "王管理", ["institution_admin"], PASSWORD, None),
            ("chenjing", "陈静", ["clinician"], None, ME),
            ("bdoc", "乙医生", ["clinician"], PASSWORD, None),
        ):
            users.add_user(
                session,
                login=login,
                name=name,
                roles=roles,
                institutions=[] if login == "root" else ["A001"],
                password=password,
                os_account=account,
            )
    try:
        yield store
    finally:
        store.dispose()


def _as(store: Store, login: str) -> Store:
    """The store acting as ``login`` (without a token in the sessions file)."""
    with store.read() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        return store.as_principal(users.principal_for(user))


def _switch(store: Store, enabled: bool, by: str = "root") -> bool:
    with _as(store, by).write() as session:
        return users.set_os_login(session, enabled)


def _audit(store: Store, action: str) -> list[AuditEntry]:
    with store.read() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def _new_case(held: Store) -> None:
    with held.read() as session:
        hospital = registry.list_institutions(session)[0].id
    with held.write() as session:
        cases.create_case(
            session, technology="cardio", edition="2023", institution_id=hospital, actor=held.actor
        )


def _cases(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def _another_account(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Simulate running under another operating-system account (the only use of pwd's
    stand-in: the test process cannot change its uid)."""
    real = pwd.getpwuid

    def getpwuid(uid: int) -> pwd.struct_passwd:
        entry = real(uid)
        return pwd.struct_passwd((name, *tuple(entry)[1:]))

    monkeypatch.setattr(pwd, "getpwuid", getpwuid)


def test_off_by_default_on_the_mapped_user_acts_without_a_password(world: Store) -> None:
    with world.read() as session:
        assert users.os_login_enabled(session) is False
    with pytest.raises(UserError, match="请先登录"):
        users.resolve_principal(world.engine)

    assert _switch(world, True) is True
    assert _switch(world, True) is False  # already on: nothing written
    principal = users.resolve_principal(world.engine)
    assert (principal.login, principal.os_account, principal.token_id) == ("chenjing", ME, None)
    assert principal.label == "陈静（chenjing）"
    held = Store(world.engine, principal)
    _new_case(held)
    with world.read() as session:
        assert session.scalars(select(Case.created_by)).one() == "陈静（chenjing）"

    # Each start is recorded, once per process (a second resolve writes nothing).
    assert users.resolve_principal(world.engine).login == "chenjing"
    starts = _audit(world, "user.os_login")
    assert [(e.actor, e.entity_id, e.payload["os_account"]) for e in starts] == [
        ("陈静（chenjing）", "chenjing", ME)
    ]
    assert [e.actor for e in _audit(world, "os_login.enable")] == ["系统（root）"]

    # Turned off: the next start asks for a login, the held store stops writing.
    assert _switch(world, False) is True
    assert [e.actor for e in _audit(world, "os_login.disable")] == ["系统（root）"]
    with pytest.raises(UserError, match="请先登录"):
        users.resolve_principal(world.engine)
    with pytest.raises(users.SessionEnded) as ended:
        _new_case(held)
    assert ended.value.reason == "unmapped"
    assert ended.value.message == (
        "操作系统账户登录已取消：陈静（chenjing）（管理员已关闭操作系统账户登录，"
        "或更改了该用户对应的操作系统账户），本次操作未执行。"
    )
    assert _cases(world) == 1


def test_user_and_logname_do_not_change_who_acts(
    world: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _switch(world, True)
    with _as(world, "root").write() as session:
        users.set_os_account(session, "bdoc", "bdoc-os")
    # Claiming bdoc's operating-system account through the environment: still 陈静.
    monkeypatch.setenv("USER", "bdoc-os")
    monkeypatch.setenv("LOGNAME", "bdoc-os")
    assert users.os_account_name() == ME
    assert users.resolve_principal(world.engine).login == "chenjing"
    # Nor does it make an unmapped account somebody.
    with _as(world, "root").write() as session:
        users.set_os_account(session, "chenjing", None)
    with pytest.raises(UserError, match="请先登录"):
        users.resolve_principal(world.engine)


def test_another_account_acts_as_its_own_user_or_is_asked_to_log_in(
    world: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _switch(world, True)
    with _as(world, "root").write() as session:
        users.set_os_account(session, "bdoc", "bdoc-os")
    _another_account(monkeypatch, "bdoc-os")
    assert users.resolve_principal(world.engine).login == "bdoc"
    _another_account(monkeypatch, "stranger")
    with pytest.raises(UserError, match="请先登录"):
        users.resolve_principal(world.engine)


def test_a_disabled_mapped_user_is_refused(world: Store) -> None:
    _switch(world, True)
    with _as(world, "admin").write() as session:
        users.disable_user(session, "chenjing")
    with pytest.raises(UserError) as refused:
        users.resolve_principal(world.engine)
    assert refused.value.message == f"用户 chenjing 的账户已停用（操作系统账户 {ME}）。"
    assert _audit(world, "user.os_login") == []


def test_a_login_wins_over_the_mapping(world: Store) -> None:
    _switch(world, True)
    users.login(world.engine, "bdoc", PASSWORD)  # `rtech login bdoc` in this terminal
    principal = users.resolve_principal(world.engine)
    assert (principal.login, principal.os_account) == ("bdoc", None)
    assert principal.token_id is not None
    assert users.logout(world.engine) == "bdoc"
    assert users.resolve_principal(world.engine).login == "chenjing"


def test_an_expired_login_still_wins_and_says_how_to_return(
    world: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _switch(world, True)
    users.login(world.engine, "bdoc", PASSWORD, hours=1)
    with world.read() as session:
        expires = session.scalars(select(UserToken.expires_at)).one()
    expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    monkeypatch.setattr(users, "_now", lambda: expires - timedelta(microseconds=1))
    assert users.resolve_principal(world.engine).login == "bdoc"
    monkeypatch.setattr(users, "_now", lambda: expires)
    with pytest.raises(UserError) as expired:
        users.resolve_principal(world.engine)
    assert expired.value.message == "用户 bdoc 的登录已过期。"
    assert expired.value.hint == (
        "请重新登录：rtech login bdoc；"
        "或退出登录（rtech logout），以操作系统账户对应的用户 chenjing 操作"
    )
    with _as(world, "admin").write() as session:  # nothing to return to: not offered
        users.disable_user(session, "chenjing")
    with pytest.raises(UserError) as expired:
        users.resolve_principal(world.engine)
    assert (expired.value.message, expired.value.hint) == (
        "用户 bdoc 的登录已过期。",
        "请重新登录：rtech login bdoc",
    )
    with _as(world, "admin").write() as session:
        users.enable_user(session, "chenjing")
    users.logout(world.engine)
    assert users.resolve_principal(world.engine).login == "chenjing"


def test_only_a_system_administrator_turns_it_on_or_off(world: Store) -> None:
    for login in ("admin", "chenjing"):
        with pytest.raises(PermissionDenied, match="无权管理全部用户"):
            _switch(world, True, by=login)
    with world.read() as session:
        assert get_setting(session, users.OS_LOGIN_SETTING) is None
    denied = _audit(world, "access.denied")
    assert [(e.actor, e.payload["action"]) for e in denied] == [
        ("王管理（admin）", "users.all"),
        ("陈静（chenjing）", "users.all"),
    ]
    assert _switch(world, True, by="root") is True


def test_nobody_is_locked_out_of_administration(database_url: URL) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    try:
        first = {"login": "root", "name": "系统", "roles": ["system_admin"], "os_account": ME}
        # The first administrator without a password: nobody could log in to turn it on.
        with pytest.raises(UserError, match="第一位管理员须设密码"), store.write() as session:
            users.add_user(session, **first, password=None)  # type: ignore[arg-type]
        with store.write() as session:
            users.add_user(session, **first, password=PASSWORD)  # type: ignore[arg-type]
            users.add_user(
                session, login="ops", name="运维", roles=["system_admin"], password=None,
                os_account="ops-os",
            )  # fmt: skip
        root = _as(store, "root")
        with root.write() as session:
            users.set_os_login(session, True)
        # Turning it off needs an active system administrator with a password.
        with root.write() as session:
            session.execute(update(User).where(User.login == "root").values(active=False))
        with (
            pytest.raises(UserError, match="没有能用密码登录的系统管理员"),
            _as(store, "ops").write() as session,
        ):
            users.set_os_login(session, False)
        with store.write() as session:
            session.execute(update(User).where(User.login == "root").values(active=True))
        with _as(store, "ops").write() as session:
            assert users.set_os_login(session, False) is True
    finally:
        store.dispose()


def test_the_mapping_is_one_account_one_user(world: Store) -> None:
    root = _as(world, "root")
    with pytest.raises(UserError) as taken, root.write() as session:
        users.set_os_account(session, "bdoc", ME)
    assert taken.value.message == (
        f"操作系统账户 {ME} 已对应用户 chenjing，一个操作系统账户只能对应一个用户。"
    )
    # The database holds to it as well.
    with pytest.raises(IntegrityError), world.write() as session:
        session.execute(update(User).where(User.login == "bdoc").values(os_account=ME))
    # Names: up to 64 characters, no blanks or colons.
    with root.write() as session:
        assert users.set_os_account(session, "bdoc", "b" * 64).os_account == "b" * 64
    for bad in ("b" * 65, "", " ", "two words", "a:b"):
        with pytest.raises(UserError, match=r"操作系统账户名“.*”无效"), root.write() as session:
            users.set_os_account(session, "bdoc", bad)
    with root.write() as session:
        users.set_os_account(session, "bdoc", None)
    changes = _audit(world, "user.os_account")
    assert [(e.entity_id, e.payload) for e in changes] == [
        ("bdoc", {"before": None, "after": "b" * 64}),
        ("bdoc", {"before": "b" * 64, "after": None}),
    ]


def test_changing_the_mapping_ends_the_session_it_made(world: Store) -> None:
    _switch(world, True)
    held = Store(world.engine, users.resolve_principal(world.engine))
    _new_case(held)
    with _as(world, "admin").write() as session:  # the administrator of 陈静's hospital
        users.set_os_account(session, "chenjing", "chenjing-os")
    with pytest.raises(users.SessionEnded, match="操作系统账户登录已取消"):
        _new_case(held)
    assert _cases(world) == 1
    # An institution administrator maps only their institution's users.
    admin = _as(world, "admin")
    with pytest.raises(PermissionDenied, match="只能管理本机构的用户"), admin.write() as session:
        users.set_os_account(session, "root", "root-os")


def test_the_cli(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database_url: URL,
) -> None:
    pw = tmp_path / "pw"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    engine = make_engine(database_url)
    upgrade(engine)
    with Store(engine).write() as session:
        registry.create_institution(session, name="甲医院", code="A001", actor="t")
    engine.dispose()
    monkeypatch.setenv("RTECH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    first = ("root", "--name", "系统", "--admin", "--password-file", str(pw))
    assert rtech(capsys, "users", "add", *first).code == 0
    assert rtech(capsys, "login", "root", "--password-file", str(pw)).code == 0
    # Mapped without a password: nothing is asked (stdin is not a terminal here).
    added = rtech(
        capsys, "users", "add", "chenjing", "--name", "陈静", "--role", "clinician",
        "--institution", "A001", "--os-account", str(ME),
    )  # fmt: skip
    assert added.code == 0, added.err
    assert f"对应操作系统账户 {ME}。" in added.out
    added = rtech(
        capsys, "users", "add", "bdoc", "--name", "乙医生", "--role", "clinician",
        "--institution", "A001", "--password-file", str(pw),
    )  # fmt: skip
    assert added.code == 0, added.err
    status = rtech(capsys, "users", "os-login")
    assert status.out.strip() == (
        f"操作系统账户登录：已关闭；对应操作系统账户的用户 1 名；"
        f"本进程的操作系统账户 {ME} 对应用户 chenjing。"
    )
    assert rtech(capsys, "users", "os-account", "bdoc").code == 2  # neither name nor --clear

    # A clinician may not turn it on.
    assert rtech(capsys, "login", "bdoc", "--password-file", str(pw)).code == 0
    refused = rtech(capsys, "users", "os-login", "--enable")
    assert refused.code == 2
    assert "无权管理全部用户（含系统管理员）" in refused.err
    assert rtech(capsys, "login", "root", "--password-file", str(pw)).code == 0
    enabled = rtech(capsys, "users", "os-login", "--enable")
    assert enabled.out.strip() == "已开启操作系统账户登录。"
    again = rtech(capsys, "users", "os-login", "--enable")
    assert again.out.strip() == "操作系统账户登录已是开启状态。"
    assert rtech(capsys, "logout").code == 0

    # Nobody logged in: 陈静 acts through the operating-system account, whatever $USER says.
    monkeypatch.setenv("USER", "root-os")
    who = rtech(capsys, "users", "whoami", "--format", "json")
    assert who.code == 0, who.err
    assert (who.json()["login"], who.json()["os_account"]) == ("chenjing", ME)
    shown = rtech(capsys, "users", "whoami")
    assert shown.out.strip() == (
        f"陈静（chenjing）：临床医师；机构：A001；"
        f"操作系统账户 {ME}（站点已开启操作系统账户登录，无需密码）。"
    )
    assert rtech(capsys, "cases", "list").code == 0
    # An explicit login wins; logging out returns to the mapping.
    assert rtech(capsys, "login", "bdoc", "--password-file", str(pw)).code == 0
    assert rtech(capsys, "users", "whoami", "--format", "json").json()["login"] == "bdoc"
    assert rtech(capsys, "logout").code == 0
    assert rtech(capsys, "users", "whoami", "--format", "json").json()["login"] == "chenjing"
    # 陈静 unmapped (by the administrator, logged in): the next start asks for a login.
    assert rtech(capsys, "login", "root", "--password-file", str(pw)).code == 0
    cleared = rtech(capsys, "users", "os-account", "chenjing", "--clear")
    assert cleared.out.strip() == "已取消用户 chenjing（陈静）对应的操作系统账户。"
    assert rtech(capsys, "logout").code == 0
    asked = rtech(capsys, "users", "whoami")
    assert asked.code == 2
    assert "请先登录" in asked.err
    assert f"操作系统账户 {ME} 未对应任何用户" in asked.err

    engine = make_engine(database_url)
    try:
        audit = Store(engine)
        assert len(_audit(audit, "user.os_login")) == 1  # one process: one entry
        assert [e.actor for e in _audit(audit, "os_login.enable")] == ["系统（root）"]
    finally:
        engine.dispose()
