"""The audit log covers the data and is anchored by signed checkpoints (issue 19, item 11).

Every tampering is done the way an attacker with database access would do it (SQL,
triggers bypassed where the log refuses it), on SQLite and PostgreSQL with the
deterministic cardio demonstration data and a real institution key.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, select, text
from sqlalchemy.orm import Session

from rtech.filing import keys
from rtech.filing_sources import case_document, make_checkpoint, report_document, verify_audit
from rtech.host import get_host
from rtech.intake.demo import load_demo
from rtech.store import Store, make_engine, upgrade
from rtech.store import audit as audit_log
from rtech.store import cases as case_store
from rtech.store.models import AuditCheckpoint, AuditEntry, AuditHead, Case
from tests.cli import rtech

PASSPHRASE = "示例口令 correct horse"


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    load_demo(store, get_host(), technology="cardio", cases_count=20, seed=5)
    yield store
    store.dispose()


@pytest.fixture
def signer() -> None:
    keys.generate(
        institution="示例市第一人民医院（演示）", printed_name="王审核", passphrase=PASSPHRASE
    )


def _verify(store: Store) -> audit_log.AuditVerification:
    return verify_audit(store)


def _case_with(store: Store, status: str) -> Case:
    with store.read() as session:
        found = case_store.list_cases(session, technology="cardio", statuses=[status])
        assert found, f"the demo has a {status} case"
        return found[-1]


def _sql(store: Store, statement: str, **params: object) -> None:
    """Run ``statement`` past the audit tables' append-only triggers."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            for table in ("audit_log", "audit_checkpoints"):
                for verb in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
        else:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(statement), params)


def _revise(store: Store, case_id: int) -> None:
    with store.write() as session:
        case = case_store.get_case(session, case_id)
        answers = dict(case.draft_answers)
        answers["patient"] = {**answers["patient"], "name": "改名后"}
        version = case_store.save_draft(
            session,
            case_id,
            expected_version=case.version,
            answers=answers,
            cursor={},
            actor="测试",
        )
        case_store.submit_case(
            session, case_id, expected_version=version, actor="测试", reason="更正姓名"
        )


# -------------------------------------------------------------------------
# The data against the log
# -------------------------------------------------------------------------


def test_an_honest_history_verifies_with_every_case_checked(store: Store) -> None:
    case = _case_with(store, "submitted")
    _revise(store, case.id)
    result = _verify(store)
    assert result.ok, result.message
    assert "各病例的修订、状态与签名均与审计记录一致" in result.message
    assert "尚无签名检查点" in result.message


def test_answers_edited_in_sql_are_named_with_their_case(store: Store) -> None:
    case = _case_with(store, "submitted")
    _sql(
        store,
        "UPDATE case_revisions SET answers = :answers WHERE case_id = :id AND number = 1",
        answers='{"patient": {"name": "假冒"}}',
        id=case.id,
    )
    result = _verify(store)
    assert not result.ok
    assert result.problems == (
        f"病例 {case.id}：第 1 版的回答与审计记录的校验值不符（回答在数据库中被直接修改）",
    )
    assert f"病例 {case.id}" in result.message
    assert result.first_broken is None  # the chain itself is intact


def test_a_case_set_to_signed_in_sql_is_reported(store: Store) -> None:
    case = _case_with(store, "submitted")
    _sql(store, "UPDATE cases SET status = 'signed' WHERE id = :id", id=case.id)
    result = _verify(store)
    assert not result.ok
    assert result.problems == (
        f"病例 {case.id}：状态为“已签名”，审计记录为“已提交”（状态在数据库中被直接修改）",
    )


def test_a_deleted_revision_is_reported(store: Store) -> None:
    case = _case_with(store, "submitted")
    old, new = case.current_revision, case.current_revision + 1
    _revise(store, case.id)
    _sql(store, "DELETE FROM case_revisions WHERE case_id = :id AND number = :n", id=case.id, n=new)
    _sql(store, "UPDATE cases SET current_revision = :n WHERE id = :id", id=case.id, n=old)
    result = _verify(store)
    assert not result.ok
    assert result.problems == (
        f"病例 {case.id}：当前版本为第 {old} 版，审计记录为第 {new} 版"
        "（版本号在数据库中被直接修改）",
        f"病例 {case.id}：第 {new} 版已从数据库中删除（审计日志记录了它的提交）",
    )


def test_a_signature_inserted_in_sql_is_reported(store: Store) -> None:
    case = _case_with(store, "submitted")
    _sql(
        store,
        "INSERT INTO case_signatures (case_id, revision, signer, meaning, document_sha256, "
        "signed_at) VALUES (:id, 1, '冒名者', '审核', :sha, :at)",
        id=case.id,
        sha="0" * 64,
        at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    _sql(store, "UPDATE cases SET status = 'signed' WHERE id = :id", id=case.id)
    result = _verify(store)
    assert not result.ok
    assert any(
        p.startswith(f"病例 {case.id}：签名记录") and "没有审计记录" in p for p in result.problems
    )


def test_a_case_inserted_in_sql_is_reported(store: Store) -> None:
    case = _case_with(store, "submitted")
    _sql(
        store,
        "INSERT INTO cases (id, technology, edition, institution_id, status, form_version, "
        "draft_answers, cursor, has_changes, current_revision, version, created_by, updated_by) "
        "SELECT 9999, technology, edition, institution_id, 'draft', form_version, draft_answers, "
        "cursor, has_changes, 0, 1, created_by, updated_by FROM cases WHERE id = :id",
        id=case.id,
    )
    result = _verify(store)
    assert result.problems == (
        "病例 9999：审计日志中没有它的创建或导入记录（病例被直接写入数据库）",
    )


# -------------------------------------------------------------------------
# Checkpoints: truncation and rehashing
# -------------------------------------------------------------------------


def _head(store: Store) -> int:
    with store.read() as session:
        head = session.get(AuditHead, 1)
        assert head is not None
        return head.last_id


def _truncate(store: Store, keep: int) -> None:
    """Delete every entry after ``keep`` and rewind the head onto it: a consistent chain."""
    with store.read() as session:
        last_hash = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == keep))
    _sql(store, "DELETE FROM audit_log WHERE id > :keep", keep=keep)
    _sql(store, "UPDATE audit_head SET last_id = :keep, last_hash = :h", keep=keep, h=last_hash)


def _rehash_from(store: Store, first: int) -> None:
    """Edit entry ``first`` and recompute its hash and every later one, and the head."""
    _sql(store, "UPDATE audit_log SET actor = '篡改者' WHERE id = :id", id=first)
    with store.read() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.id >= first - 1).order_by("id"))
        )
        previous = entries[0].hash
        rewritten = []
        for entry in entries[1:]:
            new_hash = audit_log.entry_hash(entry, previous)
            rewritten.append((entry.id, previous, new_hash))
            previous = new_hash
    for entry_id, prev_hash, new_hash in rewritten:
        _sql(
            store,
            "UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :id",
            p=prev_hash,
            h=new_hash,
            id=entry_id,
        )
    _sql(store, "UPDATE audit_head SET last_hash = :h", h=previous)


def test_without_a_checkpoint_truncation_and_rehashing_go_unseen(store: Store) -> None:
    # The limit of an unkeyed chain, which the checkpoints exist for.
    # (Here the cut entries created the last two cases: the data check sees those.)
    head = _head(store)
    _truncate(store, head - 5)
    _rehash_from(store, 50)
    with store.read() as session:
        chain_only = audit_log.verify(session, check_data=False)
    assert chain_only.ok, chain_only.message
    result = _verify(store)
    assert [p.split("：")[1] for p in result.problems] == [
        "审计日志中没有它的创建或导入记录（病例被直接写入数据库）"
    ] * 2


def test_a_checkpoint_catches_the_last_entries_deleted_and_the_head_rewound(
    store: Store, signer: None
) -> None:
    facts = make_checkpoint(store, PASSPHRASE, actor="王审核")
    head = _head(store)
    assert facts.last_id == head - 1  # the checkpoint's own entry follows it
    assert _verify(store).ok
    _truncate(store, head - 5)
    result = _verify(store)
    assert not result.ok
    assert result.first_broken == head - 4
    assert f"签名时链尾为第 {facts.last_id} 条记录，现只有 {head - 5} 条" in result.message


def test_a_checkpoint_catches_the_entries_after_it_cut_exactly(store: Store, signer: None) -> None:
    facts = make_checkpoint(store, PASSPHRASE, actor="王审核")
    _truncate(store, facts.last_id)  # only the checkpoint's own entry goes
    result = _verify(store)
    assert not result.ok
    assert result.first_broken == facts.last_id + 1


def test_a_checkpoint_catches_entry_50_rewritten_and_every_later_hash_recomputed(
    store: Store, signer: None
) -> None:
    first = make_checkpoint(store, PASSPHRASE, actor="王审核")
    assert first.last_id > 50
    case = _case_with(store, "submitted")
    _revise(store, case.id)
    second = make_checkpoint(store, PASSPHRASE, actor="王审核")
    _rehash_from(store, 50)
    result = _verify(store)
    assert not result.ok
    assert result.first_broken == 1  # somewhere in 1..first.last_id
    assert f"第 {first.last_id} 条记录的哈希与检查点 {first.id}" in result.message
    assert second.last_id > first.last_id


def test_a_rewrite_after_the_last_checkpoint_is_bounded_by_it(store: Store, signer: None) -> None:
    make_checkpoint(store, PASSPHRASE, actor="王审核")
    case = _case_with(store, "submitted")
    _revise(store, case.id)
    later = make_checkpoint(store, PASSPHRASE, actor="王审核")
    with store.read() as session:
        first_cp = session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)).first()
        assert first_cp is not None
        boundary = first_cp.last_id
    _rehash_from(store, boundary + 2)  # the revision, between the two checkpoints
    result = _verify(store)
    assert result.first_broken == boundary + 1
    assert f"第 {boundary + 1}～{later.last_id} 条之间" in result.message


def test_a_deleted_checkpoint_is_reported(store: Store, signer: None) -> None:
    facts = make_checkpoint(store, PASSPHRASE, actor="王审核")
    _sql(store, "DELETE FROM audit_checkpoints")
    result = _verify(store)
    assert not result.ok
    assert f"审计日志记录了检查点 {facts.id}，数据库中却没有（检查点被删除）" in result.message


def test_a_checkpoint_forged_with_another_key_is_refused(
    store: Store, signer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_checkpoint(store, PASSPHRASE, actor="王审核")
    # An attacker's own CA and key, on another machine, checkpointing a shortened log.
    _truncate(store, 30)
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path / "attacker"))
    keys.generate(institution="冒名医院", printed_name="冒名者", passphrase=PASSPHRASE)
    sign, pem, _info = keys.message_signer(PASSPHRASE)
    at = datetime.now(UTC)
    with store.read() as session:
        last_hash = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == 30))
    assert last_hash is not None
    signature = sign(audit_log.checkpoint_message(30, last_hash, at))
    _sql(store, "DELETE FROM audit_checkpoints")
    with Session(store.engine) as session, session.begin():
        audit_log.record_checkpoint(
            session,
            last_id=30,
            last_hash=last_hash,
            at=at,
            signer="冒名者",
            certificate_pem=pem,
            signature=signature,
            actor="冒名者",
        )
    monkeypatch.undo()
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path / "data"))
    result = _verify(store)
    assert not result.ok
    assert "签名证书不是本机构的" in result.message


def test_a_checkpoint_whose_signature_was_altered_is_refused(store: Store, signer: None) -> None:
    facts = make_checkpoint(store, PASSPHRASE, actor="王审核")
    _sql(store, "UPDATE audit_checkpoints SET last_id = last_id - 1 WHERE id = :id", id=facts.id)
    result = _verify(store)
    assert not result.ok
    assert "签名无效" in result.message


def test_every_filing_carries_the_newest_checkpoint(store: Store, signer: None) -> None:
    host = get_host()
    case = _case_with(store, "submitted")
    with store.read() as session:
        before = case_document(session, host, case.id)
    assert not any("审计链检查点" in s.title for s in before.sections)
    make_checkpoint(store, PASSPHRASE, actor="王审核")
    facts = make_checkpoint(store, PASSPHRASE, actor="王审核")
    with store.read() as session:
        documents = [
            case_document(session, host, case.id),
            report_document(session, host, "cardio", "2024", institution_id=1),
        ]
    for document in documents:
        [section] = [s for s in document.sections if "审计链检查点" in s.title]
        rows = dict(section.rows)
        assert rows["检查点编号"] == str(facts.id)
        assert rows[f"第 {facts.last_id} 条记录的哈希"] == facts.last_hash
        assert rows["签名（SHA-256，Base64）"] == facts.signature


# -------------------------------------------------------------------------
# The command line
# -------------------------------------------------------------------------


def test_the_commands_checkpoint_and_verify(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("RTECH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    upgrade(engine)
    store = Store(engine)
    load_demo(store, get_host(), technology="cardio", cases_count=4, seed=5)
    assert rtech(capsys, "audit", "checkpoint").code == 2  # no key yet: a Chinese error
    keys.generate(
        institution="示例市第一人民医院（演示）", printed_name="王审核", passphrase=PASSPHRASE
    )
    # A key bound to nobody is nobody's own: refused before the passphrase is asked.
    unbound = rtech(capsys, "audit", "checkpoint")
    assert unbound.code == 2
    assert "签名密钥未绑定到任何用户" in unbound.err
    monkeypatch.setenv("RTECH_SIGN_PASSPHRASE", PASSPHRASE)
    made_key = rtech(
        capsys,
        *("sign", "keygen", "--force", "--institution", "示例市第一人民医院（演示）"),
        *("--name", "王审核"),
    )
    assert made_key.code == 0, made_key.err  # bound to the demo's administrator
    monkeypatch.setenv("RTECH_SIGN_PASSPHRASE", "wrong passphrase")
    wrong = rtech(capsys, "audit", "checkpoint")
    assert wrong.code == 2
    assert "口令错误" in wrong.err
    monkeypatch.setenv("RTECH_SIGN_PASSPHRASE", PASSPHRASE)
    made = rtech(capsys, "audit", "checkpoint", "--format", "json")
    assert made.code == 0, made.err
    assert made.json()["last_id"] == _head(store) - 1
    ok = rtech(capsys, "audit", "verify")
    assert ok.code == 0
    assert "1 个签名检查点均有效" in ok.out
    _truncate(store, 10)
    broken = rtech(capsys, "audit", "verify", "--format", "json")
    assert broken.code == 1
    assert broken.json()["first_broken"] == 11
    store.dispose()


def test_imported_cases_verify_and_an_edit_after_import_is_caught(
    store: Store, database_url: URL
) -> None:
    from rtech.intake.exchange import export_cases, import_cases
    from tests.support.intake import host_with_codes

    host = host_with_codes()
    with store.read() as session:
        document = export_cases(session, host)
    for item in document["cases"]:
        item["signatures"] = []
    # Into the same database: new cases (the record numbers are taken, so renumber them).
    for number, item in enumerate(document["cases"]):
        answers = item.get("answers") or {}
        if isinstance(answers.get("patient"), dict):
            answers["patient"]["record_no"] = f"IMP{number:04d}"
        for revision in item.get("revisions") or []:
            patient = revision.get("answers", {}).get("patient")
            if isinstance(patient, dict):
                patient["record_no"] = f"IMP{number:04d}"
    with store.write() as session:
        report = import_cases(session, host, document, actor="导入")
    assert report.imported
    result = _verify(store)
    assert result.ok, result.message
    new_id = report.imported[-1][1]
    _sql(store, "UPDATE cases SET status = 'signed' WHERE id = :id", id=new_id)
    assert _verify(store).problems[0].startswith(f"病例 {new_id}：状态为“已签名”")


def test_signing_case_reports_checkpoints_the_chain_first(
    store: Store, signer: None, tmp_path: Path
) -> None:
    from rtech.filing.batch import SignOptions
    from rtech.filing.extract import read_document_data
    from rtech.filing_sources import file_cases

    case = _case_with(store, "submitted")
    head = _head(store)
    [result] = file_cases(
        store,
        get_host(),
        [case.id],
        output=tmp_path / "case.pdf",
        sign=SignOptions(PASSPHRASE, "审核"),
        actor="王审核",
    )
    with store.read() as session:
        checkpoint = audit_log.latest_checkpoint(session)
    assert checkpoint is not None
    assert checkpoint.last_id == head  # the log as it stood before this batch
    data = read_document_data(Path(result.file).read_bytes())
    [section] = [s for s in data["sections"] if "审计链检查点" in s["title"]]
    assert ["检查点编号", str(checkpoint.id)] in section["rows"]
    assert _verify(store).ok


def test_on_a_machine_without_the_key_checkpoints_verify_but_say_trust_was_not_checked(
    store: Store, signer: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_checkpoint(store, PASSPHRASE, actor="王审核")
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path / "elsewhere"))
    result = _verify(store)
    assert result.ok, result.message
    assert result.untrusted
    assert "未核对签名证书是否可信" in result.message
    _truncate(store, 20)
    assert _verify(store).first_broken == 21  # the signature still anchors the head
