"""Issue 19 item 3: no signed PDF on disk that the database does not know.

A signed case report is written to a hidden temporary file, its signature
recorded, and only then renamed onto its name; a refused recording discards it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from rtech.errors import UserError
from rtech.filing import keys
from rtech.filing.batch import SignOptions, render_batch
from rtech.filing.documents import document_to_json
from rtech.filing_sources import file_cases, load_case_documents, record_signatures
from rtech.host import get_host
from rtech.intake.demo import load_demo
from rtech.store import Store, make_engine, upgrade
from rtech.store import cases as case_store

PASSPHRASE = "示例口令 correct horse"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    engine = make_engine(f"sqlite:///{tmp_path / 'atomic.sqlite3'}")
    upgrade(engine)
    store = Store(engine)
    load_demo(store, get_host(), technology="cardio", cases_count=6, seed=5)
    keys.generate(
        institution="示例市第一人民医院（演示）", printed_name="王审核", passphrase=PASSPHRASE
    )
    yield store
    store.dispose()


def _submitted(store: Store) -> int:
    with store.read() as session:
        return next(
            c.id
            for c in case_store.list_cases(session, technology="cardio", statuses=["submitted"])
        )


def test_the_signed_pdf_takes_its_name_after_the_signature_is_committed(
    store: Store, tmp_path: Path
) -> None:
    case_id = _submitted(store)
    target = tmp_path / "out" / "case.pdf"
    target.parent.mkdir()
    seen: list[tuple[bool, list[str]]] = []

    def at_commit(_conn: Any) -> None:
        seen.append((target.exists(), sorted(p.name for p in target.parent.iterdir())))

    event.listen(Engine, "commit", at_commit)
    try:
        [result] = file_cases(
            store,
            get_host(),
            [case_id],
            output=target,
            sign=SignOptions(PASSPHRASE, "审核"),
            actor="王审核",
        )
    finally:
        event.remove(Engine, "commit", at_commit)
    # The signature's commit (the last; the audit checkpoint's comes first): the
    # PDF is only a hidden temporary file then.
    *_, (exists, names) = seen
    assert not exists
    (name,) = names
    assert name.startswith(".case.pdf.")
    assert name.endswith(".part")
    assert result.staged is None
    assert sorted(p.name for p in target.parent.iterdir()) == ["case.pdf"]
    import hashlib

    with store.read() as session:
        case = case_store.get_case(session, case_id)
        assert case.status == "signed"
        (signature,) = _signatures(session, case_id)
    assert signature.document_sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def _signatures(session: Any, case_id: int) -> list[Any]:
    from sqlalchemy import select

    from rtech.store.models import CaseSignature

    return list(session.scalars(select(CaseSignature).where(CaseSignature.case_id == case_id)))


def test_a_signature_refused_at_recording_leaves_no_pdf(store: Store, tmp_path: Path) -> None:
    """The case changed between rendering and recording: refused, and nothing on disk."""
    case_id = _submitted(store)
    host = get_host()
    built = load_case_documents(store, host, [case_id])
    with store.write() as session:
        case = case_store.get_case(session, case_id)
        case_store.save_draft(
            session,
            case_id,
            expected_version=case.version,
            answers=dict(case.draft_answers),
            cursor={"path": "patient.name"},
            actor="李医生",
        )
    target = tmp_path / "case.pdf"
    items = [(document_to_json(d), "病例", target) for d, _ in built]
    results = render_batch(items, sign=SignOptions(PASSPHRASE, "审核"), hold_signed=True)
    assert results[0].staged
    assert Path(results[0].staged).exists()
    assert not target.exists()
    with pytest.raises(UserError):
        record_signatures(store, built, results, meaning="审核", actor="王审核")
    assert list(tmp_path.glob("*.pdf")) == []
    assert list(tmp_path.glob(".*.part")) == []
    with store.read() as session:
        assert case_store.get_case(session, case_id).status == "submitted"


def test_an_unsigned_filing_is_written_whole(store: Store, tmp_path: Path) -> None:
    """No signature to record: the file is renamed into place at once, no leftovers."""
    case_id = _submitted(store)
    [result] = file_cases(
        store, get_host(), [case_id], output=tmp_path / "c.pdf", sign=None, actor="王审核"
    )
    assert result.staged is None
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")] == ["c.pdf"]
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
