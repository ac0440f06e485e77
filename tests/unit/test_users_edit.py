"""Editing a user (``rtech users edit``): who may change what, the logins a change
of rights ends, the last system administrator, and the audit entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rtech.store import Store, make_engine
from rtech.store.models import User, UserToken
from tests.cli import rtech
from tests.unit.test_users_cli import _as, _audit, _password, _setup_two_hospitals


def _user(login: str) -> tuple[User, list[UserToken]]:
    engine = make_engine()
    try:
        with Store(engine).read() as session:
            user = session.scalars(select(User).where(User.login == login)).one()
            tokens = list(session.scalars(select(UserToken).where(UserToken.user_id == user.id)))
            return user, tokens
    finally:
        engine.dispose()


@pytest.fixture
def hospitals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _setup_two_hospitals(capsys, tmp_path)
    pw = _password(tmp_path)
    _as(capsys, tmp_path, "root")
    added = rtech(
        capsys,
        "users",
        "add",
        "aadmin",
        "--name",
        "甲管理员",
        "--role",
        "institution_admin",
        "--institution",
        "A001",
        "--password-file",
        pw,
    )
    assert added.code == 0, added.err


def test_new_rights_end_the_users_logins_and_are_audited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    _as(capsys, tmp_path, "chenjing")  # a login of chenjing's, to be ended
    _as(capsys, tmp_path, "root")
    edited = rtech(
        capsys, "users", "edit", "chenjing", "--role", "quality_manager", "--format", "json"
    )
    assert edited.code == 0, edited.err
    assert edited.json()["roles"] == ["quality_manager"]
    user, tokens = _user("chenjing")
    assert user.roles == "quality_manager"
    assert tokens
    assert all(t.revoked_at is not None for t in tokens)
    entry = _audit("user.update")[-1]
    assert entry.actor == "系统（root）"
    assert entry.payload == {
        "before": {"roles": "clinician"},
        "after": {"roles": "quality_manager"},
        "logins_ended": len(tokens),
    }
    # Logging in again gives the new rights.
    _as(capsys, tmp_path, "chenjing")
    whoami = rtech(capsys, "users", "whoami", "--format", "json")
    assert "quality_manager" in whoami.out


def test_a_department_or_name_leaves_the_logins(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    _as(capsys, tmp_path, "lihua")
    _as(capsys, tmp_path, "aadmin")
    edited = rtech(
        capsys, "users", "edit", "lihua", "--department", "心血管内科", "--name", "李华明"
    )
    assert edited.code == 0, edited.err
    assert "科室：心血管内科" in edited.out
    user, tokens = _user("lihua")
    assert (user.name, user.department) == ("李华明", "心血管内科")
    assert tokens
    assert all(t.revoked_at is None for t in tokens)
    assert _audit("user.update")[-1].payload["logins_ended"] == 0


def test_an_institution_administrator_stays_in_their_institution(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    _as(capsys, tmp_path, "aadmin")
    other = rtech(capsys, "users", "edit", "bdoc", "--department", "外科")
    assert other.code == 2
    assert "只能管理本机构的用户" in other.err
    cross = rtech(capsys, "users", "edit", "chenjing", "--role", "provincial_reviewer")
    assert cross.code == 2
    assert "无权授予跨机构角色" in cross.err
    moved = rtech(capsys, "users", "edit", "chenjing", "--institution", "B001")
    assert moved.code == 2
    assert _user("chenjing")[0].roles == "clinician"
    assert [e.payload["action"] for e in _audit("access.denied")][-3:] == [
        "users.all",
        "users.all",
        "users.all",
    ]


def test_the_last_system_administrator_keeps_the_role(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    _as(capsys, tmp_path, "root")
    refused = rtech(
        capsys, "users", "edit", "root", "--role", "quality_manager", "--institution", "A001"
    )
    assert refused.code == 2
    assert "唯一在用的系统管理员" in refused.err
    pw = _password(tmp_path)
    added = rtech(
        capsys, "users", "add", "root2", "--name", "系统二", "--admin", "--password-file", pw
    )
    assert added.code == 0, added.err
    allowed = rtech(
        capsys, "users", "edit", "root", "--role", "provincial_reviewer", "--institution", "*"
    )
    assert allowed.code == 0, allowed.err


def test_what_cannot_be_changed_is_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    _as(capsys, tmp_path, "root")
    nothing = rtech(capsys, "users", "edit", "lihua")
    assert nothing.code == 2
    assert "请指定要修改的内容" in nothing.err
    same = rtech(capsys, "users", "edit", "lihua", "--name", "李华")
    assert same.code == 2
    assert "没有变化" in same.err
    assert rtech(capsys, "users", "edit", "lihua", "--name", "华" * 50).code == 0
    too_long = rtech(capsys, "users", "edit", "lihua", "--name", "华" * 51)
    assert too_long.code == 2
    assert "最长 50 个字符" in too_long.err
    unknown = rtech(capsys, "users", "edit", "nobody", "--name", "无名")
    assert unknown.code == 2
    assert "没有登录名为“nobody”的用户" in unknown.err


def test_every_institution_is_for_cross_institution_roles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hospitals: None
) -> None:
    """`*` is refused for a clinician (added or edited), kept for a reviewer and
    for a user who holds a cross-institution role among others."""
    _as(capsys, tmp_path, "root")
    pw = _password(tmp_path)
    everywhere = rtech(
        capsys, "users", "add", "cx", "--name", "某医", "--role", "clinician",
        "--institution", "*", "--password-file", pw,
    )  # fmt: skip
    assert everywhere.code == 2
    assert "全部机构（*）仅限省级审核与系统管理员" in everywhere.err
    moved = rtech(capsys, "users", "edit", "chenjing", "--institution", "*")
    assert moved.code == 2
    assert "全部机构（*）仅限省级审核与系统管理员" in moved.err
    reviewer = rtech(capsys, "users", "edit", "chenjing", "--role", "clinician",
                     "--role", "provincial_reviewer", "--institution", "*")  # fmt: skip
    assert reviewer.code == 0, reviewer.err
    back = rtech(capsys, "users", "edit", "chenjing", "--role", "clinician")
    assert back.code == 2  # a clinician alone may not keep every institution
    assert "全部机构（*）" in back.err
