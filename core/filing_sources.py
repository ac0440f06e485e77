"""Filing documents built from the case store, the eligibility and the indicator engines.

``rtech.filing`` renders plain document data and never reaches into storage;
this module is the bridge: it reads a stored case (its current revision), an
institution's self-assessment or a period's indicators, and builds the
dataclasses of :mod:`rtech.filing.documents`. :func:`file_cases` renders (and
signs) stored cases and records each signature in the store, which locks the
case: a later edit creates a new revision and voids the signature (audited).
It also signs checkpoints of the audit chain with the institution's key
(:func:`make_checkpoint`), and every filing it builds carries the newest one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtech.answers import get_path
from rtech.auth.roles import Action
from rtech.codes.model import CodeKind
from rtech.eligibility.model import Level, Outcome
from rtech.errors import UserError
from rtech.filing import documents as doc
from rtech.forms.display import display_value
from rtech.forms.loader import FRAGMENT_BASE, fragment_registry
from rtech.forms.model import Form, compile_form
from rtech.indicators.scores import derived_rows
from rtech.store import Store, filings, registry
from rtech.store import cases as case_store
from rtech.store.models import Department
from rtech.store.users import require

if TYPE_CHECKING:
    from cryptography import x509
    from sqlalchemy.orm import Session

    from rtech.filing.batch import BatchResult, SignOptions
    from rtech.host import Host
    from rtech.indicators.periods import Period
    from rtech.store.audit import AuditVerification, CheckpointFacts

__all__ = [
    "FilingCheck",
    "audit_checkpoint_sections",
    "authorize_document_signing",
    "case_document",
    "check_received",
    "file_cases",
    "file_document",
    "load_case_documents",
    "make_checkpoint",
    "record_countersignature",
    "record_document_signatures",
    "record_from_data",
    "record_signatures",
    "registration_document",
    "report_document",
    "verify_audit",
]


# -------------------------------------------------------------------------
# Shared parts
# -------------------------------------------------------------------------


def _institution(session: Session, institution_id: int) -> doc.Institution:
    institution = registry.get_institution(session, institution_id)
    return doc.Institution(name=institution.name, code=institution.code)


def _physician_form() -> Form:
    resource = fragment_registry().get_or_retrieve(FRAGMENT_BASE + "physician.schema.json")
    return compile_form(resource.value.contents)


def _label(form: Form, path: Sequence[str], value: Any, answers: Mapping[str, Any]) -> str:
    node = form.node(path, answers)
    if node is None or value is None:
        return "" if value is None else str(value)
    return display_value(node, value)


def _physician(session: Session, physician_id: int | None, name: str = "") -> doc.Physician:
    """A registry physician as the filings print them (the name alone if unknown)."""
    if physician_id is None:
        return doc.Physician(name=name or "（未登记）")
    try:
        physician = registry.get_physician(session, physician_id)
    except UserError:
        return doc.Physician(name=name or f"（医师 {physician_id} 不在名册中）")
    general = (physician.profile or {}).get("general") or {}
    scopes = general.get("practice_scopes")
    department = physician.department_id and session.get(Department, physician.department_id)
    return doc.Physician(
        name=physician.name,
        title=registry.TITLES.get(physician.title, physician.title),
        department=department.name if department else str(general.get("department") or ""),
        license_no=physician.licence_no or "",
        practice_scope=_label(_physician_form(), ("practice_scopes",), scopes, general)
        if scopes
        else "",
    )


def _reference(session: Session, ref: Any) -> doc.Physician:
    if not isinstance(ref, Mapping):
        return doc.Physician(name=str(ref or "（未填写）"))
    raw = str(ref.get("id", ""))
    return _physician(session, int(raw) if raw.isdigit() else None, str(ref.get("name", "")))


def _findings(assessment: Mapping[str, Any]) -> tuple[doc.Finding, ...]:
    return tuple(
        doc.Finding(
            level=Level(f["level"]),
            title=f["title"],
            citation=f["citation"],
            outcome=Outcome(f["outcome"]),
            explanation=f.get("explanation", ""),
        )
        for f in assessment.get("findings", [])
    )


def _local_time(value: Any) -> str:
    from rtech.localtime import local_text

    return local_text(value)


# -------------------------------------------------------------------------
# 病例信息上报表
# -------------------------------------------------------------------------


def _coding(answers: Mapping[str, Any]) -> tuple[doc.CodingEntry, ...]:
    entries: list[doc.CodingEntry] = []

    def add(kind: CodeKind, item: Any, primary: bool) -> None:
        if isinstance(item, Mapping) and item.get("code"):
            entries.append(
                doc.CodingEntry(kind, str(item["code"]), str(item.get("name", "")), primary)
            )

    add(CodeKind.DIAGNOSIS, get_path(answers, "coding.main_diagnosis"), True)
    for item in get_path(answers, "coding.other_diagnoses") or []:
        add(CodeKind.DIAGNOSIS, item, False)
    for index, item in enumerate(get_path(answers, "coding.procedures") or []):
        add(CodeKind.PROCEDURE, item, index == 0)
    return tuple(entries)


def _devices(answers: Mapping[str, Any]) -> tuple[doc.Device, ...]:
    return tuple(
        doc.Device(
            name=str(item.get("name", "")),
            barcode=str(item.get("barcode", "")),
            manufacturer=str(item.get("manufacturer", "") or ""),
        )
        for item in get_path(answers, "devices.items") or []
        if isinstance(item, Mapping) and item.get("barcode")
    )


def case_document(session: Session, host: Host, case_id: int) -> doc.CaseDocument:
    """病例信息上报表 of a stored case's current (submitted) revision."""
    from rtech.eligibility.service import assess_case

    case = case_store.get_case(session, case_id)
    if case.current_revision == 0:
        raise UserError(
            f"病例 {case_id} 尚未提交，不能生成病例信息上报表。",
            hint="请先在录入中复核并提交。",
        )
    revision = next(r for r in case.revisions if r.number == case.current_revision)
    answers = revision.answers
    technology = host.technology(case.technology)
    schema = host.case_form(case.technology)
    form = compile_form(schema) if schema is not None else None
    patient = get_path(answers, "patient") or {}
    admission = get_path(answers, "admission") or {}
    sex = patient.get("sex")
    team = get_path(answers, "team") or {}
    assessment = assess_case(session, host, case_id)
    return doc.CaseDocument(
        institution=_institution(session, case.institution_id),
        technology=technology,
        edition=case.edition,
        case_id=str(case.id),
        revision=revision.number,
        status=case.status,
        submitted_at=_local_time(revision.created_at),
        patient=doc.PatientIdentity(
            name=str(patient.get("name", "")),
            id_number=str(patient.get("id_number", "") or ""),
            sex=_label(form, ("patient", "sex"), sex, answers) if form and sex else "",
            birth_date=str(patient.get("birth_date", "") or ""),
            age=patient.get("age") if isinstance(patient.get("age"), int) else None,
            admission_no=str(patient.get("record_no", "") or ""),
            admission_date=str(admission.get("admission_date", "") or ""),
            discharge_date=str(admission.get("discharge_date", "") or ""),
        ),
        answers=answers,
        form=schema,
        coding=_coding(answers),
        operator=_reference(session, team["operator"]) if team.get("operator") else None,
        deciders=tuple(_reference(session, ref) for ref in team.get("deciders") or []),
        assistants=tuple(_reference(session, ref) for ref in team.get("assistants") or []),
        devices=_devices(answers),
        findings=_findings(assessment),
        sections=_derived(host, case.technology, answers) + audit_checkpoint_sections(session),
    )


def make_checkpoint(
    store: Store,
    passphrase: str,
    *,
    actor: str,
    now: datetime | None = None,
    standalone: bool = True,
) -> CheckpointFacts:
    """Sign the audit chain's current head with the actor's own key and store it
    (``rtech audit checkpoint``; ``standalone`` False when it comes with signing
    case reports, whose authorization covers it: see
    :func:`rtech.store.audit.authorize_checkpoint`).

    The log's hashes are unkeyed: someone with write access to the database can cut
    entries from the end and rewind ``audit_head``, or rewrite an entry and recompute
    every later hash. A checkpoint signs the head (last entry's number and hash, and
    the time); it is stored, logged, and printed and attached in every later filing
    (:func:`audit_checkpoint_sections`); ``rtech audit verify`` checks it.
    """
    from rtech.filing import keys
    from rtech.store import audit as audit_log

    present = keys.signer_info()  # none: message_signer says how to make one
    if present is not None:
        with store.read() as session:  # who may, before the slow KDF
            audit_log.authorize_checkpoint(session, present.fingerprint, standalone=standalone)
    sign, certificate_pem, info = keys.message_signer(passphrase)
    with store.write() as session:
        last_id, last_hash = audit_log.lock_head(session)
        at = now or datetime.now(UTC)
        signature = sign(audit_log.checkpoint_message(last_id, last_hash, at))
        return audit_log.record_checkpoint(
            session,
            last_id=last_id,
            last_hash=last_hash,
            at=at,
            signer=f"{info.printed_name}（{info.institution}）",
            certificate_pem=certificate_pem,
            signature=signature,
            actor=actor,
        )


def verify_audit(store: Store, *, trust: Sequence[x509.Certificate] = ()) -> AuditVerification:
    """The audit log, its checkpoints and the data it covers, checked with this
    machine's institution certificates (and ``trust``) as the checkpoints' anchors."""
    from rtech.filing import keys
    from rtech.store import audit as audit_log

    anchors = [*keys.trust_anchors(), *trust]
    with store.read() as session:
        return audit_log.verify(session, anchors=anchors)


def audit_checkpoint_sections(session: Session) -> tuple[doc.Section, ...]:
    """审计链检查点: the newest signed checkpoint of the audit chain, printed and
    attached in every filing built from the database (``rtech audit checkpoint``),
    so a copy outside the database vouches for the log up to that entry."""
    from rtech.store.audit import latest_checkpoint

    checkpoint = latest_checkpoint(session)
    if checkpoint is None:
        return ()
    return (
        doc.Section(
            "审计链检查点（rtech audit verify 据此发现审计日志被截短或整链重算）",
            (
                ("检查点编号", str(checkpoint.id)),
                ("覆盖审计记录", f"第 1～{checkpoint.last_id} 条"),
                (f"第 {checkpoint.last_id} 条记录的哈希", checkpoint.last_hash),
                ("签署时间（UTC）", checkpoint.as_json()["at"]),
                ("签署人", checkpoint.signer),
                ("签名证书 SHA-256", checkpoint.certificate_sha256),
                ("签名（SHA-256，Base64）", checkpoint.signature),
            ),
        ),
    )


def _derived(host: Host, slug: str, answers: Mapping[str, Any]) -> tuple[doc.Section, ...]:
    """计算所得: the technology's derived scores with their inputs, as the review shows them."""
    scores = host.derived_scores(slug)
    if not scores:
        return ()
    return (
        doc.Section("计算所得（由病例测量计算，无需填写）", tuple(derived_rows(scores, answers))),
    )


# -------------------------------------------------------------------------
# 技术备案自评表
# -------------------------------------------------------------------------


def registration_document(
    session: Session,
    host: Host,
    slug: str,
    institution_id: int,
    *,
    edition: str | None = None,
    as_of: date | None = None,
) -> doc.RegistrationDocument:
    """技术备案自评表: every institution and personnel requirement, and the physicians."""
    from rtech.eligibility.service import assess_institution

    require(session, Action.FILING_CREATE, institution_id=institution_id, entity="institution")

    technology = host.technology(slug)
    assessment = assess_institution(
        session, host, slug, institution_id, edition=edition, as_of=as_of
    )
    if not assessment.get("findings") and not any(
        e.get("findings") for e in assessment.get("physicians", [])
    ):
        # A self-assessment of nothing, followed by the pledge, is worse than none.
        raise UserError(
            f"技术“{technology.name}”在 {assessment['edition']} 年版中尚无管理规范核查项，"
            "无法生成技术备案自评表。"
        )
    physicians = []
    personnel: list[doc.Finding] = []
    for entry in assessment.get("physicians", []):
        subject = entry.get("subject", {})
        raw_id = subject.get("id")
        findings = _findings(entry)
        physicians.append(
            doc.PhysicianAssessment(
                physician=_physician(
                    session, raw_id if isinstance(raw_id, int) else None, subject.get("name", "")
                ),
                findings=findings,
            )
        )
        personnel.extend(findings)
    # The personnel requirements of the norm, once each: the worst outcome among
    # the physicians put forward (a requirement no physician meets is not met).
    merged: dict[str, doc.Finding] = {}
    for finding in personnel:
        key = f"{finding.citation}|{finding.title}"
        known = merged.get(key)
        if known is None or _rank(finding.outcome) < _rank(known.outcome):
            merged[key] = finding
    return doc.RegistrationDocument(
        institution=_institution(session, institution_id),
        technology=technology,
        edition=assessment["edition"],
        findings=_findings(assessment) + tuple(merged.values()),
        physicians=tuple(physicians),
        assessed_on=str(assessment.get("as_of", "")),
        sections=audit_checkpoint_sections(session),
    )


def _rank(outcome: Outcome) -> int:
    return {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.PASS: 2, Outcome.NOT_APPLICABLE: 3}[
        outcome
    ]


# -------------------------------------------------------------------------
# 质量控制指标报告
# -------------------------------------------------------------------------


def _denominator(row: Mapping[str, Any]) -> float | None:
    """The figure's denominator as printed: an aggregate's entered number (同期…总例次数)
    where the indicator divides by one, else the count of admitted cases."""
    aggregate = row.get("aggregate")
    if isinstance(aggregate, Mapping):
        value = aggregate.get("value")
        return value if isinstance(value, int | float) and not aggregate.get("missing") else None
    found = row.get("denominator")
    return found if isinstance(found, int | float) else None


def _threshold(entry: Mapping[str, Any]) -> doc.Threshold | None:
    threshold = entry.get("threshold")
    if not isinstance(threshold, Mapping):
        return None
    return doc.Threshold(
        op=str(threshold["op"]),
        value=float(threshold["value"]),
        citation=str(threshold.get("citation", "") or ""),
    )


_VERDICTS = {
    "met": doc.ThresholdVerdict.MET,
    "not_met": doc.ThresholdVerdict.NOT_MET,
    "no_threshold": doc.ThresholdVerdict.NO_THRESHOLD,
    "no_cases": doc.ThresholdVerdict.NO_CASES,
    "not_observable": doc.ThresholdVerdict.NOT_OBSERVABLE,
    "aggregate_missing": doc.ThresholdVerdict.AGGREGATE_MISSING,
}


def _case_counts(
    session: Session, host: Host, slug: str, period: Period, institution_id: int | None
) -> tuple[doc.CaseCount, ...]:
    records = list(
        case_store.iter_case_records(
            session,
            technology=slug,
            institution_id=institution_id,
            start=period.start,
            end=period.end,
        )
    )
    counts = [doc.CaseCount(label="病例总数", count=len(records))]
    schema = host.case_form(slug)
    node = compile_form(schema).node(("procedure", "category")) if schema else None
    if node is not None and node.choices:
        for choice in node.choices:
            found = sum(
                1 for r in records if get_path(r.answers, "procedure.category") == choice.value
            )
            counts.append(doc.CaseCount(label=choice.label, count=found))
    return tuple(counts)


def report_document(
    session: Session,
    host: Host,
    slug: str,
    period: Period | str,
    *,
    institution_id: int,
    edition: str | None = None,
    trend: int = 8,
) -> doc.ReportDocument:
    """质量控制指标报告 of one institution, technology and period."""
    require(session, Action.FILING_CREATE, institution_id=institution_id, entity="institution")
    from rtech.indicators.periods import parse_period
    from rtech.indicators.service import compute_indicators

    technology = host.technology(slug)
    period = parse_period(period) if isinstance(period, str) else period
    edition = edition or technology.latest_edition
    if edition is None or edition not in technology.editions:
        raise UserError(f"技术“{technology.name}”不属于 {edition} 年版目录。")
    rows = compute_indicators(
        session,
        host,
        period=period,
        technology=slug,
        edition=edition,
        institution_id=institution_id,
        trend=trend,
    )
    if not rows:
        raise UserError(f"技术“{technology.name}”在 {edition} 年版中尚无质量控制指标。")
    indicators = tuple(
        doc.IndicatorResult(
            id=row["id"],
            name=row["name"],
            citation=row["citation"],
            numerator=row.get("numerator"),
            denominator=_denominator(row),
            value=row.get("value"),
            unit=row.get("unit") or "",
            direction=row.get("direction", ""),
            threshold=_threshold(row),
            verdict=_VERDICTS.get(row.get("verdict", "")),
            trend=tuple(
                doc.TrendPoint(point["period"], point.get("value"))
                for point in row.get("trend", [])
            ),
            definition=row.get("quote", "") or "",
            detail=row.get("detail", "") or "",
        )
        for row in rows
    )
    return doc.ReportDocument(
        institution=_institution(session, institution_id),
        technology=technology,
        edition=edition,
        period=period.label,
        period_label=period.title,
        case_counts=_case_counts(session, host, slug, period, institution_id),
        indicators=indicators,
        sections=audit_checkpoint_sections(session),
    )


# -------------------------------------------------------------------------
# Filing stored cases (render, sign, record the signature)
# -------------------------------------------------------------------------


def load_case_documents(
    store: Store, host: Host, case_ids: Iterable[int]
) -> list[tuple[doc.CaseDocument, int]]:
    """The case report of each case, with the case version it was built from."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise UserError("请指定要生成上报表的病例编号。")
    with store.read() as session:
        return [
            (
                case_document(session, host, i),
                case_store.get_case(session, i, Action.FILING_CREATE).version,
            )
            for i in ids
        ]


def authorize_signing(store: Store, case_ids: Iterable[int], meaning: str) -> None:
    """Before any case report is signed: the actor may sign each case with
    ``meaning`` using the configured key, which must be bound to them and to the
    case's institution. Refusals are audited; nothing is rendered or signed."""
    from rtech.filing import keys

    info = keys.signer_info()
    with store.read() as session:
        case_store.authorize_signing(
            session, list(case_ids), meaning, info.fingerprint if info else None
        )


def record_signatures(
    store: Store,
    built: Sequence[tuple[doc.CaseDocument, int]],
    results: Sequence[BatchResult],
    *,
    meaning: str,
    actor: str,
) -> None:
    """Record each signed case report in the store, then put its PDF in place.

    The signature is recorded against the revision that was rendered; if the
    case changed in between, recording refuses with a clear message. A filing
    rendered with ``hold_signed`` waits in its temporary file until its
    signature is committed, and only then takes its name: a process killed in
    between leaves no signed PDF the database does not know. The filings not
    recorded (a refusal) are discarded.
    """
    from rtech.atomicfile import discard, publish

    pending = [
        (document, version, result)
        for (document, version), result in zip(built, results, strict=True)
        if result.signed
    ]
    try:
        while pending:
            document, version, result = pending[0]
            written = Path(result.staged or result.file)
            digest = hashlib.sha256(written.read_bytes()).hexdigest()
            with store.write() as session:
                signature = case_store.record_signature(
                    session,
                    int(document.case_id),
                    expected_version=version,
                    revision=document.revision,
                    signer=result.signer or actor,
                    meaning=result.meaning or meaning,
                    document_sha256=digest,
                    actor=actor,
                )
                case = case_store.get_case(session, int(document.case_id))
                filings.record_filing(
                    session,
                    kind="case",
                    institution_id=case.institution_id,
                    technology=case.technology,
                    edition=document.edition,
                    case_signature_id=signature.id,
                    document_no=document.document_no,
                    signer=signature.signer,
                    meaning=signature.meaning,
                    document_sha256=digest,
                    file=str(Path(result.file).absolute()),
                    actor=actor,
                )
            if result.staged:
                publish(written, Path(result.file))
            pending.pop(0)
    finally:
        for _document, _version, result in pending:
            if result.staged:
                discard(Path(result.staged))


def file_cases(
    store: Store,
    host: Host,
    case_ids: Iterable[int],
    *,
    output: Path | None,
    sign: SignOptions | None,
    actor: str,
    pdfa: bool = False,
    jobs: int = 1,
    done: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Render the case report of each case; with ``sign``, sign it and lock the case.

    Signing first signs a checkpoint of the audit chain with the same key (the
    passphrase is at hand): every signed batch anchors the log up to that moment,
    and its filings carry that checkpoint.
    """
    from rtech.filing.batch import output_paths, render_batch

    case_ids = list(case_ids)
    if sign is not None:
        authorize_signing(store, case_ids, sign.meaning)
        make_checkpoint(store, sign.passphrase, actor=actor, standalone=False)
    built = load_case_documents(store, host, case_ids)
    targets = output_paths([d.document_no for d, _ in built], output)
    items = [
        (doc.document_to_json(document), f"病例 {document.case_id}", target)
        for (document, _), target in zip(built, targets, strict=True)
    ]
    results = render_batch(
        items, sign=sign, pdfa=pdfa, jobs=jobs, done=done, hold_signed=sign is not None
    )
    if sign is not None:
        record_signatures(store, built, results, meaning=sign.meaning, actor=actor)
    return [replace(r, staged=None) for r in results]


# -------------------------------------------------------------------------
# Filing a self-assessment or a quality report (render, sign, record)
# -------------------------------------------------------------------------


def _kind(document: doc.RegistrationDocument | doc.ReportDocument) -> str:
    return "report" if isinstance(document, doc.ReportDocument) else "registration"


def authorize_document_signing(store: Store, institution_id: int, meaning: str) -> None:
    """Before a self-assessment or quality report is signed: the actor's meaning,
    their own key, bound to the document's institution (audited refusals)."""
    from rtech.filing import keys
    from rtech.store.users import authorize_key

    info = keys.signer_info()
    with store.read() as session:
        authorize_key(
            session,
            info.fingerprint if info else None,
            meaning,
            institution_id,
            entity="institution",
            entity_id=institution_id,
        )


def record_document_signatures(
    store: Store,
    documents: Sequence[doc.RegistrationDocument | doc.ReportDocument],
    results: Sequence[BatchResult],
    *,
    institution_id: int,
    meaning: str,
    actor: str,
) -> None:
    """Record each signed self-assessment or quality report (it has no other record:
    the filings received list it), then put its PDF in place. Like
    :func:`record_signatures`, a filing rendered with ``hold_signed`` takes its
    name only once recorded; one not recorded is discarded."""
    from rtech.atomicfile import discard, publish

    pending = [
        (document, result)
        for document, result in zip(documents, results, strict=True)
        if result.signed
    ]
    try:
        while pending:
            document, result = pending[0]
            written = Path(result.staged or result.file)
            digest = hashlib.sha256(written.read_bytes()).hexdigest()
            with store.write() as session:
                filings.record_filing(
                    session,
                    kind=_kind(document),
                    institution_id=institution_id,
                    technology=document.technology.slug,
                    edition=document.edition,
                    period=document.period if isinstance(document, doc.ReportDocument) else "",
                    document_no=document.document_no,
                    signer=result.signer or actor,
                    meaning=result.meaning or meaning,
                    document_sha256=digest,
                    file=str(Path(result.file).absolute()),
                    actor=actor,
                )
            if result.staged:
                publish(written, Path(result.file))
            pending.pop(0)
    finally:
        for _document, result in pending:
            if result.staged:
                discard(Path(result.staged))


def file_document(
    store: Store,
    document: doc.RegistrationDocument | doc.ReportDocument,
    *,
    institution_id: int,
    target: Path,
    sign: SignOptions | None,
    actor: str,
    where: str = "",
) -> BatchResult:
    """Render a self-assessment or quality report to ``target``; with ``sign``, sign
    it with the actor's own key (bound to ``institution_id``) and record it."""
    from rtech.filing.batch import render_batch

    if sign is not None:
        authorize_document_signing(store, institution_id, sign.meaning)
    [result] = render_batch(
        [(doc.document_to_json(document), where or document.document_no, target)],
        sign=sign,
        hold_signed=sign is not None,
    )
    if sign is not None:
        record_document_signatures(
            store,
            [document],
            [result],
            institution_id=institution_id,
            meaning=sign.meaning,
            actor=actor,
        )
    return replace(result, staged=None)


# -------------------------------------------------------------------------
# The filings received: is the PDF still the one that was signed?
# -------------------------------------------------------------------------


@dataclass(frozen=True)
class FilingCheck:
    """What ``--verify`` found for one received filing."""

    file_present: bool
    hash_matches: bool | None  # None: no file to hash
    signature_ok: bool | None  # None: not checked (no file, or the hash differs)
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return bool(self.file_present and self.hash_matches and self.signature_ok)

    @property
    def text(self) -> str:
        if self.ok:
            return "文件一致，签名有效"
        return "；".join(self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "file_present": self.file_present,
            "hash_matches": self.hash_matches,
            "signature_ok": self.signature_ok,
            "problems": list(self.problems),
        }


def check_received(filing: filings.ReceivedFiling) -> FilingCheck:
    """The recorded PDF of ``filing``, if its file is known and present: its SHA-256
    against the one recorded at signing, then its signatures
    (:func:`rtech.filing.verify.verify_pdf`, this machine's institution CA trusted)."""
    from rtech.filing.verify import verify_pdf

    if not filing.file:
        return FilingCheck(False, None, None, ("签名时未记录文件位置（迁移 0900 之前的签名）",))
    path = Path(filing.file)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return FilingCheck(False, None, None, (f"文件不存在：{path}",))
    except OSError as exc:
        return FilingCheck(False, None, None, (f"无法读取文件 {path}：{exc.strerror}",))
    digest = hashlib.sha256(content).hexdigest()
    if digest != filing.document_sha256:
        return FilingCheck(
            True,
            False,
            None,
            (f"文件 {path} 的 SHA-256 为 {digest[:16]}…，与签名时记录的不符（文件被替换或改动）",),
        )
    report = verify_pdf(content, name=str(path))
    problems = list(report.problems)
    for signature in report.signatures:
        problems.extend(signature.problems)
    if not report.ok and not problems:
        problems.append("签名未通过验证（详见 rtech verify）")
    return FilingCheck(True, True, report.ok, tuple(problems))


# -------------------------------------------------------------------------
# Countersigned PDFs and filings signed from data files
# -------------------------------------------------------------------------


def _institution_by_code(session: Session, code: object) -> int | None:
    if not isinstance(code, str) or not code:
        return None
    found = [i for i in registry.list_institutions(session) if i.code == code]
    return found[0].id if found else None


def record_from_data(
    session: Session,
    data: Mapping[str, Any],
    *,
    document_sha256: str,
    file: Path,
    signer: str,
    meaning: str,
    actor: str,
) -> bool:
    """Record a filing signed from its data (a data file, or a PDF not recorded
    here) when it names a registered institution; False when it names none."""
    institution = data.get("institution")
    institution_id = _institution_by_code(
        session, institution.get("code") if isinstance(institution, Mapping) else None
    )
    kind = str(data.get("document") or "")
    if institution_id is None or kind not in filings.KIND_LABELS:
        return False
    filings.record_filing(
        session,
        kind=kind,
        institution_id=institution_id,
        technology=str(data.get("technology") or "")[:40],
        edition=str(data.get("edition") or "")[:4],
        period=str(data.get("period") or "")[:30] if kind == "report" else "",
        document_no=str(data.get("document_no") or ""),
        signer=signer,
        meaning=meaning,
        document_sha256=document_sha256,
        file=str(file.absolute()),
        actor=actor,
    )
    return True


def record_countersignature(
    store: Store,
    original: bytes,
    signed: bytes,
    *,
    embedded: Mapping[str, Any],
    target: Path,
    signer: str,
    meaning: str,
    actor: str,
    write: Callable[[], None],
) -> str:
    """Record a filing signed again (``rtech sign pdf``: 批准 over 审核), then
    ``write`` it, in one transaction: a failed write leaves no record.

    The PDF signed over is found by its SHA-256 among the recorded filings. A case
    report's countersignature is a signature of that case revision (refused when
    the case has been revised since: its signatures are void); a self-assessment's
    or report's is a new record of the same document. A PDF not recorded here is
    recorded from the data it carries, when it names a registered institution.
    Returns what was recorded, in Chinese ("" for nothing).
    """
    before = hashlib.sha256(original).hexdigest()
    after = hashlib.sha256(signed).hexdigest()
    with store.write() as session:
        case_signature, filed = filings.find_signed(session, before)
        if case_signature is not None:
            case = case_store.get_case(session, case_signature.case_id)
            if case_signature.voided_at is not None:
                raise UserError(
                    f"该文书是病例 {case.id} 第 {case_signature.revision} 版的上报表，"
                    f"其签名已作废（{case_signature.void_reason or '病例已修订'}），不能再签署。",
                    hint=f"请为当前版本重新生成上报表：rtech file case {case.id} --sign",
                )
            signature = case_store.record_signature(
                session,
                case.id,
                expected_version=case.version,
                revision=case_signature.revision,
                signer=signer,
                meaning=meaning,
                document_sha256=after,
                actor=actor,
            )
            filings.record_filing(
                session,
                kind="case",
                institution_id=case.institution_id,
                technology=case.technology,
                edition=filed.edition if filed else case.edition,
                case_signature_id=signature.id,
                document_no=filed.document_no if filed else str(embedded.get("document_no", "")),
                signer=signer,
                meaning=meaning,
                document_sha256=after,
                file=str(target.absolute()),
                actor=actor,
            )
            recorded = f"已记入病例 {case.id} 第 {case_signature.revision} 版的签名"
        elif filed is not None:
            filings.record_filing(
                session,
                kind=filed.kind,
                institution_id=filed.institution_id,
                technology=filed.technology,
                edition=filed.edition,
                period=filed.period,
                document_no=filed.document_no,
                signer=signer,
                meaning=meaning,
                document_sha256=after,
                file=str(target.absolute()),
                actor=actor,
            )
            recorded = f"已记入收到的报送（{filings.KIND_LABELS[filed.kind]}）"
        elif record_from_data(
            session,
            embedded,
            document_sha256=after,
            file=target,
            signer=signer,
            meaning=meaning,
            actor=actor,
        ):
            recorded = "已记入收到的报送"
        else:
            recorded = ""
        write()
    return recorded
