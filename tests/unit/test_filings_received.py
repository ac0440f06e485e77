"""The filings received (issue 18, item 2) and the audit checkpoints' rules.

Every signed filing — a case report, a self-assessment, a quality report — is
listed for those who may read it: the province's reviewers across institutions,
an institution's quality managers and administrators their own; with filters,
paging and (in the CLI) a check of the PDF. A checkpoint of the audit chain is
signed with the signer's own key, standalone only by the roles that answer for
the institution's records; signing case reports from the CLI checkpoints the
chain as the TUI does. Technology: cardio (心血管疾病介入诊疗技术), on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import URL, select, text, update
from sqlalchemy.exc import DBAPIError

from rtech.auth.roles import PermissionDenied, Principal, Role
from rtech.store import Store, audit, cases, filings, make_engine, upgrade, users
from rtech.store.filings import ReceivedFilter
from rtech.store.models import AuditCheckpoint, AuditEntry, CaseSignature, SigningKeyBinding, User
from tests.cli import rtech
from tests.support.users import two_hospitals_with_a_case

ANSWERS: dict[str, Any] = {
    "patient": {"name": "张三杰", "sex": "1", "age": 65, "record_no": "ZY0001"},
    "admission": {"admission_date": "2023-03-01", "discharge_date": "2023-03-06"},
    "procedure": {"category": "coronary", "date": "2023-03-02"},
}
SHANGHAI = ZoneInfo("Asia/Shanghai")

#: The keys of ``rtech file received --format json``, in order (machines read them).
JSON_KEYS = [
    "kind",
    "kind_label",
    "signature_id",
    "institution_id",
    "institution",
    "institution_code",
    "technology",
    "case_id",
    "revision",
    "period",
    "edition",
    "document_no",
    "signer",
    "meaning",
    "signed_at",
    "document_sha256",
    "file",
    "voided",
    "voided_at",
    "void_reason",
]


@dataclass
class World:
    store: Store
    a: int
    b: int
    case_a: int  # signed (审核) case of A
    case_b: int  # signed (填报) case of B
    people: dict[str, Principal]


def _sign_case(store: Store, case_id: int, meaning: str, digest: str) -> int:
    with store.write() as session:
        case = cases.get_case(session, case_id)
        signature = cases.record_signature(
            session,
            case_id,
            expected_version=case.version,
            revision=case.current_revision,
            signer="陈静",
            meaning=meaning,
            document_sha256=digest,
            actor="t",
        )
        filings.record_filing(
            session,
            kind="case",
            institution_id=case.institution_id,
            technology=case.technology,
            edition=case.edition,
            case_signature_id=signature.id,
            document_no=f"BL-S05-{case_id}-R1",
            signer="陈静",
            meaning=meaning,
            document_sha256=digest,
            file="",
            actor="t",
        )
        return signature.id


@pytest.fixture
def world(database_url: URL) -> Iterator[World]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    with store.write() as session:
        made = two_hospitals_with_a_case(session, ANSWERS)
        a, b = made.pop("institution_a"), made.pop("institution_b")
        for login, role, where in (
            ("admin", Role.SYSTEM_ADMIN, "*"),
            ("reviewer", Role.PROVINCIAL_REVIEWER, "*"),
            ("quality-a", Role.QUALITY_MANAGER, "A001"),
            ("admin-b", Role.INSTITUTION_ADMIN, "B001"),
            ("clinician-a", Role.CLINICIAN, "A001"),
        ):
            users.add_user(
                session,
                login=login,
                name=login,
                roles=[role],
                institutions=[where],
                password="correct horse",
            )
        people = {u.login: users.principal_for(u) for u in session.scalars(select(User)).all()}
        for login in ("quality-a", "clinician-a"):
            session.add(
                SigningKeyBinding(
                    fingerprint=f"fp-{login}",
                    user_id=people[login].user_id,
                    user_login=login,
                    institution_id=a,
                    created_at=datetime.now(UTC),
                )
            )
    _sign_case(store, made["a"], "审核", "aa" * 32)
    _sign_case(store, made["b"], "填报", "bb" * 32)
    with store.write() as session:
        filings.record_filing(
            session,
            kind="report",
            institution_id=a,
            technology="cardio",
            edition="2023",
            period="2023Q1",
            document_no="ZK-S05-A001-2023Q1",
            signer="王审核",
            meaning="批准",
            document_sha256="cc" * 32,
            file="/nowhere/ZK-S05-A001-2023Q1.pdf",
            actor="t",
        )
    yield World(store, a, b, made["a"], made["b"], people)
    store.dispose()


def _listed(world: World, who: str, wanted: ReceivedFilter | None = None, **page: Any) -> list:
    with world.store.as_principal(world.people[who]).read() as session:
        return filings.list_received(session, wanted, **page)


def _last_audit(world: World) -> AuditEntry:
    with world.store.read() as session:
        entry = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert entry is not None
    return entry


def test_every_signed_filing_is_listed_newest_first_with_stable_keys(world: World) -> None:
    rows = _listed(world, "reviewer")
    assert [(r.kind, r.institution_code) for r in rows] == [
        ("report", "A001"),
        ("case", "B001"),
        ("case", "A001"),
    ]
    report, case_b, case_a = rows
    assert list(report.to_json()) == JSON_KEYS
    assert report.subject == "质量控制指标报告 2023Q1"
    assert (report.case_id, report.revision, report.file) == (
        None,
        None,
        "/nowhere/ZK-S05-A001-2023Q1.pdf",
    )
    assert (case_a.case_id, case_a.revision, case_a.meaning) == (world.case_a, 1, "审核")
    assert case_a.document_no == f"BL-S05-{world.case_a}-R1"
    assert case_b.to_json()["voided"] is False
    with world.store.as_principal(world.people["reviewer"]).read() as session:
        assert filings.count_received(session) == 3


def test_an_institution_sees_its_own_and_a_clinician_none(world: World) -> None:
    assert {r.institution_code for r in _listed(world, "quality-a")} == {"A001"}
    assert [r.case_id for r in _listed(world, "admin-b")] == [world.case_b]
    # Asking for another institution's is refused, not answered with nothing.
    with pytest.raises(PermissionDenied, match="不属于医疗机构 乙医院（B001）"):
        _listed(world, "quality-a", ReceivedFilter(institution_id=world.b))
    assert _last_audit(world).payload["action"] == "filing.read"
    for who in ("clinician-a", "admin"):
        with pytest.raises(PermissionDenied, match="无权查看收到的报送文书"):
            _listed(world, who)
        entry = _last_audit(world)
        assert (entry.action, entry.actor) == ("access.denied", who)


def test_the_filters(world: World) -> None:
    def kinds(**wanted: Any) -> list[tuple[str, str]]:
        return [(r.kind, r.meaning) for r in _listed(world, "reviewer", ReceivedFilter(**wanted))]

    assert kinds(institution_id=world.b) == [("case", "填报")]
    assert kinds(meaning="批准") == [("report", "批准")]
    assert kinds(technology="cardio", institution_id=world.a) == [
        ("report", "批准"),
        ("case", "审核"),
    ]
    assert kinds(technology="tbi") == []
    with pytest.raises(Exception, match="签名含义“签收”无效"):
        kinds(meaning="签收")
    with pytest.raises(Exception, match="晚于截止日期"):
        kinds(since=date(2024, 2, 1), until=date(2024, 1, 31))


def test_a_voided_signature_is_listed_only_when_asked_with_when_and_why(world: World) -> None:
    with world.store.write() as session:
        case = cases.get_case(session, world.case_a)
        version = cases.save_draft(
            session,
            case.id,
            expected_version=case.version,
            answers={**ANSWERS, "procedure": {**ANSWERS["procedure"], "date": "2023-03-03"}},
            cursor={},
            actor="t",
        )
        cases.submit_case(
            session,
            case.id,
            expected_version=version,
            actor="t",
            reason="手术日期更正",
            void_signatures=[s.id for s in cases.live_signatures(session, case.id)],
        )
    assert world.case_a not in [r.case_id for r in _listed(world, "reviewer")]
    [voided] = [
        r
        for r in _listed(world, "reviewer", ReceivedFilter(include_voided=True))
        if r.case_id == world.case_a
    ]
    assert voided.voided_at is not None
    assert voided.void_reason == "第 2 版修订作废原签名：手术日期更正"
    assert voided.to_json()["voided"] is True


def test_since_and_until_are_whole_days_of_the_institutions_zone(world: World) -> None:
    # Case A signed at 2024-04-01 00:00:00 in Shanghai, case B one second earlier.
    moments = {
        world.case_a: datetime(2024, 3, 31, 16, 0, 0, tzinfo=UTC),
        world.case_b: datetime(2024, 3, 31, 15, 59, 59, tzinfo=UTC),
    }
    with world.store.write() as session:
        for case_id, moment in moments.items():
            session.execute(
                update(CaseSignature)
                .where(CaseSignature.case_id == case_id)
                .values(signed_at=moment)
            )

    def cases_of(**wanted: Any) -> set[int]:
        rows = _listed(world, "reviewer", ReceivedFilter(zone=SHANGHAI, **wanted))
        return {r.case_id for r in rows if r.kind == "case"}

    assert cases_of(until=date(2024, 3, 31)) == {world.case_b}
    assert cases_of(since=date(2024, 4, 1)) == {world.case_a}
    assert cases_of(since=date(2024, 3, 31), until=date(2024, 3, 31)) == {world.case_b}
    assert cases_of(since=date(2024, 4, 1), until=date(2024, 4, 1)) == {world.case_a}
    assert cases_of(until=date(2024, 3, 30)) == set()


def test_paging(world: World) -> None:
    every = [(r.kind, r.signature_id) for r in _listed(world, "reviewer")]
    first = [(r.kind, r.signature_id) for r in _listed(world, "reviewer", limit=2)]
    rest = [(r.kind, r.signature_id) for r in _listed(world, "reviewer", limit=2, offset=2)]
    assert first + rest == every
    assert len(first) == 2
    # One at a time: each page takes the newest offset + limit of each kind.
    walked = [
        (r.kind, r.signature_id)
        for offset in range(len(every))
        for r in _listed(world, "reviewer", limit=1, offset=offset)
    ]
    assert walked == every
    assert _listed(world, "reviewer", offset=3) == []


def test_the_record_is_append_only(world: World) -> None:
    for statement in ("UPDATE filing_signatures SET signer = 'x'", "DELETE FROM filing_signatures"):
        with pytest.raises(DBAPIError, match="append-only"), world.store.write() as session:
            session.execute(text(statement))
    entries = _listed(world, "reviewer")
    assert len(entries) == 3
    with world.store.read() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "filing.sign"))
        assert {e.payload["kind"] for e in logged} == {"case", "report"}


# --- checkpoints --------------------------------------------------------------------


def test_a_standalone_checkpoint_needs_the_role_and_the_signers_own_key(world: World) -> None:
    def attempt(who: str, fingerprint: str | None, *, standalone: bool = True) -> str:
        with world.store.as_principal(world.people[who]).read() as session:
            return audit.authorize_checkpoint(session, fingerprint, standalone=standalone)

    assert attempt("quality-a", "fp-quality-a") == "quality-a"
    with pytest.raises(PermissionDenied, match="无权签署审计链检查点"):
        attempt("clinician-a", "fp-clinician-a")
    entry = _last_audit(world)
    assert (entry.action, entry.actor, entry.payload["action"]) == (
        "access.denied",
        "clinician-a",
        "audit.checkpoint",
    )
    # ... but the checkpoint that comes with signing a case report rides on that right.
    assert attempt("clinician-a", "fp-clinician-a", standalone=False) == "clinician-a"
    with pytest.raises(PermissionDenied, match="签名密钥属于用户 clinician-a"):
        attempt("quality-a", "fp-clinician-a")
    assert _last_audit(world).payload["action"] == "sign.key"
    with pytest.raises(PermissionDenied, match="未绑定到任何用户"):
        attempt("quality-a", "fp-unknown")
    # A key bound to an institution its holder no longer belongs to.
    moved = Principal(
        login="quality-a",
        name="quality-a",
        roles=frozenset({Role.QUALITY_MANAGER}),
        institution_ids=frozenset({world.b}),
        user_id=world.people["quality-a"].user_id,
    )
    with (
        pytest.raises(PermissionDenied, match="绑定于 甲医院（A001）"),
        world.store.as_principal(moved).read() as session,
    ):
        audit.authorize_checkpoint(session, "fp-quality-a", standalone=True)
    with world.store.read() as session:
        assert session.scalar(select(AuditCheckpoint.id)) is None


# --- the command line ---------------------------------------------------------------

PASSPHRASE = "示例口令 correct horse"


def _demo_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Store:
    loaded = rtech(capsys, "demo", "--technology", "cardio", "--cases", "6", "--seed", "5")
    assert loaded.code == 0, loaded.err
    made = rtech(
        capsys,
        *("sign", "keygen", "--institution", "示例市第一人民医院（演示）", "--name", "王审核"),
    )
    assert made.code == 0, made.err  # bound to the demo's administrator
    return Store(make_engine())


def test_signing_from_the_cli_checkpoints_the_chain_and_every_filing_is_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rtech.filing.extract import read_document_data

    monkeypatch.setenv("RTECH_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("RTECH_SIGN_PASSPHRASE", PASSPHRASE)
    store = _demo_database(capsys, tmp_path)
    with store.read() as session:
        case = cases.list_cases(session, technology="cardio", statuses=["submitted"])[0]
    out = str(tmp_path / "out") + "/"
    signed = rtech(capsys, "file", "case", str(case.id), "--sign", "-o", out)
    assert signed.code == 0, signed.err
    with store.read() as session:
        [checkpoint] = session.scalars(select(AuditCheckpoint)).all()
        sign_entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "case.sign"))
        assert sign_entry is not None
        assert checkpoint.last_id < sign_entry.id  # made before this batch was signed
        assert checkpoint.created_by == "演示管理员（demo-admin）"
    [pdf] = (tmp_path / "out").glob("BL-*.pdf")
    data = read_document_data(pdf.read_bytes())
    [section] = [s for s in data["sections"] if "审计链检查点" in s["title"]]
    assert ["检查点编号", str(checkpoint.id)] in section["rows"]

    report = rtech(
        capsys,
        *("file", "report", "--technology", "cardio", "--period", "2024"),
        *("--sign", "--meaning", "批准", "-o", out),
    )
    assert report.code == 0, report.err
    listed = rtech(capsys, "file", "received", "--format", "json").json()
    assert [(r["kind"], r["meaning"]) for r in listed] == [("report", "批准"), ("case", "审核")]
    assert all(list(r) == JSON_KEYS for r in listed)
    assert listed[0]["file"] == str((tmp_path / "out" / "ZK-S05-DEMO-0001-2024.pdf").absolute())
    assert listed[1]["case_id"] == case.id
    checked = rtech(capsys, "file", "received", "--verify", "--format", "json")
    assert checked.code == 0, checked.err
    assert [r["verification"]["ok"] for r in checked.json()] == [True, True]
    # Filters and paging, in a table.
    only = rtech(capsys, "file", "received", "--meaning", "审核", "--format", "json").json()
    assert [r["kind"] for r in only] == ["case"]
    monkeypatch.setenv("COLUMNS", "250")  # one row per filing
    page = rtech(capsys, "file", "received", "--limit", "1")
    assert "质量控制指标报告" in page.out
    assert "还有 1 份未列出。下一页：rtech file received --offset 1" in page.out
    assert rtech(capsys, "file", "received", "--limit", "1", "--all").code == 2
    unknown = rtech(capsys, "file", "received", "--institution", "NOPE")
    assert unknown.code == 2
    bad_day = rtech(capsys, "file", "received", "--since", "2024-13-01")
    assert bad_day.code == 2
    assert "“2024-13-01”不是日期（应为 YYYY-MM-DD" in bad_day.err
    assert (
        rtech(capsys, "file", "received", "--until", "2000-01-01", "--format", "json").json() == []
    )
    # A filing changed after it was signed is named; the command fails.
    Path(listed[0]["file"]).write_bytes(Path(listed[0]["file"]).read_bytes() + b"%tampered\n")
    tampered = rtech(capsys, "file", "received", "--verify")
    assert tampered.code == 1
    assert "与签名时记录的不符" in tampered.out
    # The province's reviewer reads them; a clinician is refused (audited).
    demo_pw = tmp_path / "demo-pw"
    demo_pw.write_text("rtech-demo\n", encoding="utf-8")
    for login, code in (("demo-reviewer", 0), ("demo-clinician", 2)):
        assert rtech(capsys, "login", login, "--password-file", str(demo_pw)).code == 0
        seen = rtech(capsys, "file", "received", "--format", "json")
        assert seen.code == code, seen.err
    assert "无权查看收到的报送文书" in seen.err
    # A clinician may not checkpoint the chain on their own.
    refused = rtech(capsys, "audit", "checkpoint")
    assert refused.code == 2
    assert "无权签署审计链检查点" in refused.err
    store.dispose()


def test_countersigned_and_data_file_filings_are_recorded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``rtech sign pdf`` (批准 over 审核) and ``rtech file … --data --sign`` used to
    leave no record: now each is a filing received, and a case report's
    countersignature is a signature of its revision (void once the case changes)."""
    import json

    monkeypatch.setenv("RTECH_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("RTECH_SIGN_PASSPHRASE", PASSPHRASE)
    store = _demo_database(capsys, tmp_path)
    with store.read() as session:
        case = cases.list_cases(session, technology="cardio", statuses=["submitted"])[0]
    out = tmp_path / "out"
    assert rtech(capsys, "file", "case", str(case.id), "--sign", "-o", f"{out}/").code == 0
    [pdf] = out.glob("BL-*.pdf")
    approved = rtech(capsys, "sign", "pdf", str(pdf), "--meaning", "批准")
    assert approved.code == 0, approved.err
    assert f"已记入病例 {case.id} 第 {case.current_revision} 版的签名" in approved.out
    listed = rtech(capsys, "file", "received", "--format", "json").json()
    assert [(r["case_id"], r["meaning"], r["revision"]) for r in listed] == [
        (case.id, "批准", case.current_revision),
        (case.id, "审核", case.current_revision),
    ]
    assert listed[0]["file"] == str(pdf.with_name(f"{pdf.stem}-signed.pdf").absolute())
    assert listed[0]["document_no"] == listed[1]["document_no"]
    # A report signed from a data file names its institution: it is listed too.
    extracted = tmp_path / "case.json"
    assert rtech(capsys, "file", "extract", str(pdf), "-o", str(extracted)).code == 0
    data = json.loads(extracted.read_text(encoding="utf-8"))
    data["document_no"] = "EXT-0001"
    extracted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from_data = rtech(capsys, "file", "case", "--data", str(extracted), "--sign", "-o", f"{out}/")
    assert from_data.code == 0, from_data.err
    [newest] = rtech(capsys, "file", "received", "--limit", "1", "--format", "json").json()
    assert (newest["kind"], newest["case_id"], newest["document_no"]) == ("case", None, "EXT-0001")
    # Once the case is revised, its report cannot be approved any more.
    with store.write() as session:
        current = cases.get_case(session, case.id)
        version = cases.save_draft(
            session,
            case.id,
            expected_version=current.version,
            answers={**current.draft_answers, "note": "更正"},
            cursor={},
            actor="t",
        )
        cases.submit_case(
            session,
            case.id,
            expected_version=version,
            actor="t",
            reason="更正",
            void_signatures=[s.id for s in cases.live_signatures(session, case.id)],
        )
    again = rtech(
        capsys, "sign", "pdf", str(pdf), "--meaning", "批准", "-o", str(tmp_path / "x.pdf")
    )
    assert again.code == 2
    assert "其签名已作废" in again.err
    assert not (tmp_path / "x.pdf").exists()
    assert rtech(capsys, "audit", "verify").code == 0
    store.dispose()


def test_row_level_security_scopes_the_filings_on_postgresql(world: World) -> None:
    """The second line: a role that does not own the tables sees only its
    institutions' filings even with a query that forgets the filter."""
    engine = world.store.engine
    if engine.dialect.name == "sqlite":
        pytest.skip("row-level security is PostgreSQL's; SQLite relies on the services")
    with engine.begin() as connection:
        connection.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rtech_rls_app')"
                " THEN CREATE ROLE rtech_rls_app NOLOGIN; END IF; END $$"
            )
        )
        connection.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO rtech_rls_app"))
    for who, expected in (("admin-b", {world.b}), ("reviewer", {world.a, world.b})):
        with world.store.as_principal(world.people[who]).read() as session:
            session.execute(text("SET LOCAL ROLE rtech_rls_app"))
            seen = set(session.scalars(text("SELECT institution_id FROM filing_signatures")))
        assert seen == expected, who


def test_audit_verify_covers_the_filings_received(world: World) -> None:
    with world.store.read() as session:
        assert audit.verify(session).ok
    with world.store.write() as session:  # a filing slipped in with SQL, never logged
        session.execute(
            text(
                "INSERT INTO filing_signatures (kind, institution_id, technology, edition, period,"
                " document_no, signer, meaning, document_sha256, file, signed_at, created_by)"
                " VALUES ('report', :a, 'cardio', '2023', '2023Q2', 'ZK-FAKE', '冒名', '批准',"
                " :sha, '', :at, 'x')"
            ),
            {"a": world.a, "sha": "dd" * 32, "at": datetime(2024, 1, 1, tzinfo=UTC)},
        )
    with world.store.read() as session:
        result = audit.verify(session)
    assert not result.ok
    [problem] = result.problems
    assert problem.startswith("报送文书记录 ")
    assert "没有审计记录" in problem


def test_a_report_signed_in_the_tui_is_recorded_and_needs_the_users_own_key(
    database_url: URL, tmp_path: Path
) -> None:
    """The TUI's filing jobs sign self-assessments and reports through
    :func:`rtech.filing_sources.file_document`: the key must be the user's, and
    the signed report is recorded before its PDF takes its name."""
    from rtech.filing import keys
    from rtech.filing.batch import SignOptions
    from rtech.filing_sources import file_document, report_document
    from rtech.host import get_host
    from rtech.intake.demo import load_demo

    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    host = get_host()
    load_demo(store, host, technology="cardio", cases_count=6, seed=5)
    keys.generate(
        institution="示例市第一人民医院（演示）", printed_name="王审核", passphrase=PASSPHRASE
    )
    with store.read() as session:
        quality = users.principal_for(
            session.scalars(select(User).where(User.login == "demo-quality")).one()
        )
        institution_id = next(iter(quality.institution_ids or ()))
    as_quality = store.as_principal(quality)
    with as_quality.read() as session:
        document = report_document(session, host, "cardio", "2024", institution_id=institution_id)
    target = tmp_path / "report.pdf"
    sign = SignOptions(PASSPHRASE, "审核")
    with pytest.raises(PermissionDenied, match="未绑定到任何用户"):
        file_document(
            as_quality,
            document,
            institution_id=institution_id,
            target=target,
            sign=sign,
            actor=quality.label,
        )
    assert not target.exists()
    with as_quality.write() as session:
        users.bind_signing_key(session, keys.signer_info().fingerprint, institution_id)
    result = file_document(
        as_quality,
        document,
        institution_id=institution_id,
        target=target,
        sign=sign,
        actor=quality.label,
    )
    assert result.signed
    assert target.exists()
    with as_quality.read() as session:
        [row] = filings.list_received(session)
    assert (row.kind, row.period, row.meaning, row.file) == ("report", "2024", "审核", str(target))
    store.dispose()
