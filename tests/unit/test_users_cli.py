"""Issue 18 in the CLI (in-process): users, logging in, the first administrator,
the demo's users, masking, and the walk-through — each refusal a Chinese message
(exit 2) and an audit entry."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from rtech.paths import data_dir
from rtech.store import Store, cases, registry
from rtech.store.models import AuditEntry, UserToken
from rtech.store.users import hash_password, sessions_file, verify_password
from tests.cli import rtech

ANSWERS: dict[str, Any] = {
    "patient": {"name": "张三杰", "sex": "1", "age": 65, "record_no": "ZY0001"},
    "admission": {"admission_date": "2023-03-01", "discharge_date": "2023-03-06"},
    "procedure": {"category": "coronary", "date": "2023-03-02"},
}


def _password(tmp_path: Path, text: str = "correct horse") -> str:
    path = tmp_path / f"pw-{abs(hash(text))}"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def _audit(action: str) -> list[AuditEntry]:
    """The audit entries of ``action``, read as the trusted internal caller."""
    from rtech.store import make_engine

    engine = make_engine()
    try:
        with Store(engine).read() as session:
            return list(
                session.scalars(
                    select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
                )
            )
    finally:
        engine.dispose()


def test_passwords_are_salted_scrypt() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("scrypt$32768$8$1$")
    assert first != second  # a fresh salt each time
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsf", first)
    assert not verify_password("correct horse", "md5$abc")


def test_a_claimed_name_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = rtech(capsys, "cases", "editions", "--user", "冒名的院长")
    assert shown.code == 2
    assert "--user 选项已停用：操作人为登录的用户" in shown.err
    monkeypatch.setenv("RTECH_USER", "冒名的院长")
    shown = rtech(capsys, "cases", "list")
    assert shown.code == 2
    assert "环境变量 RTECH_USER 已停用" in shown.err


def test_first_administrator_then_everyone_logs_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A new database: the installer acts, with every role.
    who = rtech(capsys, "users", "whoami", "--format", "json")
    assert who.code == 0, who.err
    assert who.json()["setup"] is True
    pw = _password(tmp_path)
    clinician_first = rtech(
        capsys,
        "users",
        "add",
        "doc",
        "--name",
        "医生",
        "--role",
        "clinician",
        "--password-file",
        pw,
    )
    assert clinician_first.code == 2
    assert "第一个用户须为系统管理员" in clinician_first.err
    added = rtech(
        capsys, "users", "add", "admin", "--name", "王管理", "--admin", "--password-file", pw
    )
    assert added.code == 0, added.err
    assert "已添加用户 admin（王管理）" in added.out
    # From now on: log in first.
    refused = rtech(capsys, "cases", "list")
    assert refused.code == 2
    assert "请先登录" in refused.err
    wrong = rtech(capsys, "login", "admin", "--password-file", _password(tmp_path, "wrong one"))
    assert wrong.code == 2
    assert "登录名或密码不正确" in wrong.err
    assert [e.entity_id for e in _audit("user.login_failed")] == ["admin"]
    ok = rtech(capsys, "login", "admin", "--password-file", pw, "--hours", "1")
    assert ok.code == 0, ok.err
    assert stat.S_IMODE(sessions_file().stat().st_mode) == 0o600
    assert "correct horse" not in sessions_file().read_text(encoding="utf-8")
    me = rtech(capsys, "users", "whoami", "--format", "json").json()
    assert (me["login"], me["institutions"], me["setup"]) == ("admin", ["*"], False)
    # The embedded database is its owner's alone.
    assert stat.S_IMODE((data_dir() / "rtech.sqlite3").stat().st_mode) == 0o600
    # An expired login is refused with a Chinese message.
    engine_store = Store.open()
    with engine_store.write() as session:
        session.execute(
            update(UserToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    engine_store.dispose()
    expired = rtech(capsys, "cases", "list")
    assert expired.code == 2
    assert "登录已过期" in expired.err
    rtech(capsys, "login", "admin", "--password-file", pw)
    out = rtech(capsys, "logout")
    assert "已退出登录：admin" in out.out
    assert rtech(capsys, "cases", "list").code == 2


def _setup_two_hospitals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, int]:
    """The installer registers two hospitals and a case of each (one signed),
    then creates the first administrator and the hospitals' users."""
    store = Store.open()
    with store.write() as session:
        a = registry.create_institution(session, name="甲医院", code="A001", actor="t").id
        b = registry.create_institution(session, name="乙医院", code="B001", actor="t").id
        ids = {}
        for name, hospital in (("a", a), ("b", b)):
            case = cases.create_case(
                session,
                technology="cardio",
                edition="2023",
                institution_id=hospital,
                actor="陈静（chenjing）",
                answers=ANSWERS,
            )
            cases.submit_case(session, case.id, expected_version=1, actor="陈静（chenjing）")
            ids[name] = case.id
        case = cases.get_case(session, ids["a"])
        cases.record_signature(
            session,
            ids["a"],
            expected_version=case.version,
            revision=1,
            signer="陈静",
            meaning="审核",
            document_sha256="ab" * 32,
            actor="陈静（chenjing）",
        )
    store.dispose()
    pw = _password(tmp_path)
    for args in (
        ("root", "--name", "系统", "--role", "system_admin"),
        ("chenjing", "--name", "陈静", "--role", "clinician", "--institution", "A001"),
        ("lihua", "--name", "李华", "--role", "clinician", "--institution", "A001"),
        ("zhaoyi", "--name", "赵一", "--role", "quality_manager", "--institution", "A001"),
        ("bdoc", "--name", "乙医生", "--role", "clinician", "--institution", "B001"),
    ):
        if args[0] != "root":
            assert rtech(capsys, "login", "root", "--password-file", pw).code == 0
        added = rtech(capsys, "users", "add", *args, "--password-file", pw)
        assert added.code == 0, added.err
    return ids


def _as(capsys: pytest.CaptureFixture[str], tmp_path: Path, login: str) -> None:
    shown = rtech(capsys, "login", login, "--password-file", _password(tmp_path))
    assert shown.code == 0, shown.err


def test_the_walk_through_fails_with_a_message_and_an_audit_entry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ids = _setup_two_hospitals(capsys, tmp_path)
    # Read another hospital's case.
    _as(capsys, tmp_path, "bdoc")
    shown = rtech(capsys, "cases", "show", str(ids["a"]))
    assert shown.code == 2
    assert "用户 乙医生（bdoc） 不属于医疗机构 甲医院（A001）" in shown.err
    assert "张三杰" not in shown.out
    listed = rtech(capsys, "cases", "list", "--format", "json").json()
    assert [c["id"] for c in listed] == [ids["b"]]
    exported = rtech(capsys, "cases", "export", "--case", str(ids["a"]))
    assert exported.code == 2
    assert "无权导出病例" in exported.err
    # Sign another hospital's case: refused before anything is rendered.
    signed = rtech(
        capsys,
        "file",
        "case",
        str(ids["a"]),
        "--sign",
        "--passphrase-file",
        _password(tmp_path),
        "-o",
        str(tmp_path / "out") + "/",
    )
    assert signed.code == 2
    assert "不属于医疗机构 甲医院（A001）" in signed.err
    assert not list((tmp_path / "out").glob("*"))
    # Revise a signed case as someone else (a clinician of the same hospital).
    _as(capsys, tmp_path, "lihua")
    revised = rtech(capsys, "intake", "--plain", "--case", str(ids["a"]))
    assert revised.code == 2
    assert "无权修改本机构他人提交的病例" in revised.err
    denied = _audit("access.denied")
    assert [(e.actor, e.payload["action"]) for e in denied] == [
        ("乙医生（bdoc）", "case.read"),
        ("乙医生（bdoc）", "case.export"),
        ("乙医生（bdoc）", "case.read"),
        ("李华（lihua）", "case.revise_any"),
    ]
    # Every denial left the chain intact.
    _as(capsys, tmp_path, "zhaoyi")
    assert rtech(capsys, "audit", "verify").code == 0


def test_names_are_masked_by_role_and_unmasking_is_audited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ids = _setup_two_hospitals(capsys, tmp_path)
    _as(capsys, tmp_path, "zhaoyi")  # quality manager: reads, but masked
    listed = rtech(capsys, "cases", "list", "--format", "json").json()
    assert {c["patient_name"] for c in listed} == {"张*杰"}
    refused = rtech(capsys, "cases", "show", str(ids["a"]), "--unmask")
    assert refused.code == 2
    assert "无权查看未遮蔽的患者姓名与证件号" in refused.err
    _as(capsys, tmp_path, "chenjing")  # the clinician records them: sees them
    listed = rtech(capsys, "cases", "list", "--format", "json").json()
    assert {c["patient_name"] for c in listed} == {"张三杰"}
    shown = rtech(capsys, "cases", "show", str(ids["a"]), "--unmask")
    assert shown.code == 0, shown.err
    assert [e.actor for e in _audit("case.unmask")] == ["陈静（chenjing）"]


def test_exports_are_audited_and_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _setup_two_hospitals(capsys, tmp_path)
    rtech(capsys, "login", "root", "--password-file", _password(tmp_path))
    rtech(
        capsys,
        "users",
        "add",
        "aadmin",
        "--name",
        "甲管理",
        "--role",
        "institution_admin",
        "--institution",
        "A001",
        "--password-file",
        _password(tmp_path),
    )
    _as(capsys, tmp_path, "aadmin")
    target = tmp_path / "export.json"
    done = rtech(capsys, "cases", "export", "-o", str(target))
    assert done.code == 0, done.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert {c["institution"]["code"] for c in exported["cases"]} == {"A001"}
    (entry,) = _audit("case.export")
    assert entry.actor == "甲管理（aadmin）"
    assert entry.payload["to"] == str(target)


def test_the_demo_runs_as_its_administrator_and_has_every_role(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``rtech --demo`` sets RTECH_DEMO in this process: undone after the test.
    monkeypatch.setenv("RTECH_DEMO", "")
    loaded = rtech(capsys, "demo", "--technology", "cardio", "--cases", "4")
    assert loaded.code == 0, loaded.err
    me = rtech(capsys, "--demo", "users", "whoami", "--format", "json").json()
    assert (me["login"], me["demo"]) == ("demo-admin", True)
    logins = {
        u["login"]: u["roles"]
        for u in rtech(capsys, "--demo", "users", "list", "--format", "json").json()
    }
    assert {r for roles in logins.values() for r in roles} == {
        "clinician",
        "quality_manager",
        "institution_admin",
        "provincial_reviewer",
        "system_admin",
    }
    # A demo user logs in with the documented password; the demo still opens without.
    demo_pw = _password(tmp_path, "rtech-demo")
    assert rtech(capsys, "--demo", "login", "demo-reviewer", "--password-file", demo_pw).code == 0
    refused = rtech(capsys, "--demo", "cases", "export")
    assert refused.code == 2
    assert "省级审核" in refused.err


def test_the_permission_matrix_in_the_docs_is_the_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "security.md"
    shown = rtech(capsys, "users", "matrix", "-o", str(docs), "--check")
    assert shown.code == 0, shown.err
    stale = tmp_path / "security.md"
    stale.write_text(
        docs.read_text(encoding="utf-8").replace("| `case.export` |  |", "| `case.export` | ✓ |"),
        encoding="utf-8",
    )
    assert rtech(capsys, "users", "matrix", "-o", str(stale), "--check").code == 1


def test_filings_are_written_owner_only(tmp_path: Path) -> None:
    """Every filing and export goes through the atomic writer: 0600 from the start."""
    from rtech.atomicfile import publish, stage, write_atomic

    write_atomic(tmp_path / "case.pdf", b"%PDF-1.7")
    staged = stage(tmp_path / "signed.pdf", b"%PDF-1.7")
    assert stat.S_IMODE(staged.stat().st_mode) == 0o600
    publish(staged, tmp_path / "signed.pdf")
    for name in ("case.pdf", "signed.pdf"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_a_new_installation_makes_its_key_before_any_institution(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The installer may set up signing first; the key stays unbound (nothing to bind to)."""
    made = rtech(
        capsys,
        *("sign", "keygen", "--institution", "某医院", "--name", "陈静"),
        *("--passphrase-file", _password(tmp_path, "12345678")),
    )
    assert made.code == 0, made.err
    assert _audit("signing.bind") == []


def test_a_clinician_makes_their_own_key_and_signs_what_they_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A key stays under its signer's sole control (电子签名法 art. 13): a clinician
    makes their own, bound to them and their hospital, and signs with 填报 only."""
    ids = _setup_two_hospitals(capsys, tmp_path)
    _as(capsys, tmp_path, "bdoc")
    made = rtech(
        capsys,
        *("sign", "keygen", "--institution", "乙医院", "--name", "乙医生"),
        *("--passphrase-file", _password(tmp_path, "12345678")),
    )
    assert made.code == 0, made.err
    [bound] = _audit("signing.bind")
    assert (bound.actor, bound.payload["user"]) == ("乙医生（bdoc）", "bdoc")
    sign = ("file", "case", str(ids["b"]), "--sign", "--passphrase-file")
    out = str(tmp_path / "out") + "/"
    reviewed = rtech(capsys, *sign, _password(tmp_path, "12345678"), "--meaning", "审核", "-o", out)
    assert reviewed.code == 2
    assert "审核" in reviewed.err
    filed = rtech(capsys, *sign, _password(tmp_path, "12345678"), "--meaning", "填报", "-o", out)
    assert filed.code == 0, filed.err
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
