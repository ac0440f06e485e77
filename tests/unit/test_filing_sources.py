"""Filings built from the store: case report, self-assessment, quality report, signing.

Runs on SQLite and PostgreSQL with the deterministic demonstration data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL

from rtech.eligibility.model import Level, Outcome
from rtech.errors import UserError
from rtech.filing import keys
from rtech.filing.batch import SignOptions
from rtech.filing.documents import document_from_json, document_to_json
from rtech.filing.verify import read_file, verify_pdf
from rtech.filing_sources import (
    case_document,
    file_cases,
    registration_document,
    report_document,
)
from rtech.host import get_host
from rtech.intake.demo import load_demo
from rtech.store import Store, make_engine, upgrade
from rtech.store import audit as audit_log
from rtech.store import cases as case_store
from rtech.store.models import AuditEntry, Case

PASSPHRASE = "示例口令 correct horse"


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    load_demo(store, get_host(), technology="cardio", cases_count=40, seed=11)
    yield store
    store.dispose()


def _submitted(store: Store) -> Case:
    with store.read() as session:
        return next(
            c
            for c in case_store.list_cases(session, technology="cardio", statuses=["submitted"])
            if c.record_no
        )


def test_the_case_report_carries_the_stored_revision(store: Store) -> None:
    case = _submitted(store)
    host = get_host()
    with store.read() as session:
        document = case_document(session, host, case.id)
        revision = case_store.get_case(session, case.id).revisions[-1]
    answers = revision.answers
    assert document.case_id == str(case.id)
    assert document.revision == case.current_revision
    assert document.patient.name == answers["patient"]["name"]
    assert document.patient.admission_no == case.record_no
    assert document.patient.sex in {"男", "女"}
    assert [d.name for d in document.deciders] == [d["name"] for d in answers["team"]["deciders"]]
    assert document.deciders[0].title  # from the registry: 主任医师 …
    assert document.coding[0].code == answers["coding"]["main_diagnosis"]["code"]
    assert len(document.devices) == len(answers["devices"]["items"])
    assert document.findings
    assert {f.level for f in document.findings} == {Level.CASE}
    # The JSON the PDF carries reads back into the same document.
    assert document_from_json(document_to_json(document)) == document


def test_a_draft_has_no_case_report(store: Store) -> None:
    with store.write() as session:
        draft = case_store.create_case(
            session, technology="cardio", edition="2023", institution_id=1, actor="测试"
        )
    with store.read() as session, pytest.raises(UserError, match="尚未提交"):
        case_document(session, get_host(), draft.id)


def test_the_self_assessment_lists_institution_and_personnel_requirements(
    store: Store,
) -> None:
    with store.read() as session:
        document = registration_document(session, get_host(), "cardio", 1, edition="2023")
    levels = {f.level for f in document.findings}
    assert levels == {Level.INSTITUTION, Level.PERSONNEL}
    assert document.physicians
    assert all(p.findings for p in document.physicians)
    cited = {f.citation for f in document.findings}
    assert any(c.startswith("2023 S05 管理规范 一") for c in cited)
    assert any(c.startswith("2023 S05 管理规范 二") for c in cited)
    # A personnel requirement appears once, with the worst outcome among the physicians.
    personnel = [f for f in document.findings if f.level is Level.PERSONNEL]
    assert len({(f.citation, f.title) for f in personnel}) == len(personnel)
    for finding in personnel:
        outcomes = [
            g.outcome
            for p in document.physicians
            for g in p.findings
            if (g.citation, g.title) == (finding.citation, finding.title)
        ]
        if Outcome.FAIL in outcomes:
            assert finding.outcome is Outcome.FAIL


def test_no_self_assessment_of_a_technology_without_checks(store: Store) -> None:
    # A 自评表 of nothing followed by the pledge "承诺以上内容真实" is refused.
    from tests.support.aggregate_plugin import aggregate_host

    with store.read() as session, pytest.raises(UserError, match="尚无管理规范核查项"):
        registration_document(session, aggregate_host(), "agg_test", 1)


def test_the_quality_report_counts_the_period(store: Store) -> None:
    host = get_host()
    with store.read() as session:
        records = list(case_store.iter_case_records(session, technology="cardio"))
        quarter = max(r.discharge_date for r in records if r.discharge_date)
        period = f"{quarter.year}Q{(quarter.month - 1) // 3 + 1}"
        document = report_document(session, host, "cardio", period, institution_id=1)
    in_period = [
        r
        for r in records
        if r.discharge_date
        and f"{r.discharge_date.year}Q{(r.discharge_date.month - 1) // 3 + 1}" == period
    ]
    counts = {c.label: c.count for c in document.case_counts}
    assert counts["病例总数"] == len(in_period)
    assert sum(v for k, v in counts.items() if k != "病例总数") == len(in_period)
    assert len(document.indicators) == len(host.indicators("cardio", "2023"))
    assert all(len(i.trend) == 8 for i in document.indicators)
    with pytest.raises(UserError, match="无法识别的统计期"), store.read() as session:
        report_document(session, host, "cardio", "2024Q9", institution_id=1)


def test_signing_a_case_report_locks_the_case_and_a_revision_voids_it(
    store: Store, tmp_path: Path
) -> None:
    keys.generate(
        institution="示例市第一人民医院（演示）", printed_name="王审核", passphrase=PASSPHRASE
    )
    case = _submitted(store)
    host = get_host()
    [result] = file_cases(
        store,
        host,
        [case.id],
        output=tmp_path / "case.pdf",
        sign=SignOptions(PASSPHRASE, "审核"),
        actor="王审核",
    )
    assert result.signed
    report = verify_pdf(read_file(Path(result.file)))
    assert report.ok
    with store.read() as session:
        signed = case_store.get_case(session, case.id)
        assert signed.status == "signed"
        sign_entry = session.query(AuditEntry).filter_by(action="case.sign").one()
        assert sign_entry.payload["revision"] == case.current_revision
    # Editing the signed case: a new revision, the signature voided, both audited.
    answers = dict(signed.draft_answers)
    answers["followup"] = {**answers["followup"], "interval_months": 6}
    with store.write() as session:
        version = case_store.save_draft(
            session,
            case.id,
            expected_version=signed.version,
            answers=answers,
            cursor={},
            actor="李医生",
        )
        voided = [s.id for s in case_store.live_signatures(session, case.id)]
        case_store.submit_case(
            session,
            case.id,
            expected_version=version,
            actor="李医生",
            reason="随访间隔调整",
            void_signatures=voided,
        )
    with store.read() as session:
        assert case_store.get_case(session, case.id).status == "submitted"
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.id)][-4:]
        # filing.sign: the filing received (its document number and file) is logged too
        assert actions == ["case.sign", "filing.sign", "case.signature_void", "case.revise"]
        assert audit_log.verify(session).ok
    # Signing again needs the passphrase again.
    with pytest.raises(UserError, match="口令"):
        file_cases(
            store,
            host,
            [case.id],
            output=tmp_path / "again.pdf",
            sign=SignOptions("wrong passphrase", "审核"),
            actor="王审核",
        )


def test_a_report_prints_an_aggregate_as_the_denominator() -> None:
    # 2023 S11 六: 严重并发症例次 / 同期消化内镜诊疗总例次数 (entered), not / the cases filed.
    from rtech.filing_sources import _denominator

    entered = {"key": "gi_endoscopy_total", "value": 22300.0, "missing": False}
    assert _denominator({"denominator": 30, "aggregate": entered}) == 22300.0
    missing = {"key": "gi_endoscopy_total", "value": None, "missing": True}
    assert _denominator({"denominator": 30, "aggregate": missing}) is None
    assert _denominator({"denominator": 30, "aggregate": None}) == 30
