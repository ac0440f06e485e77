"""The filings received: every signed document rtech records, in one list.

A signed case report leaves a :class:`CaseSignature` (its revision, its voiding
when the case is revised) and, since migration 0900, a :class:`FilingSignature`
with its document number and file; a signed self-assessment or quality report
leaves a :class:`FilingSignature` alone. :func:`list_received` reads both as
:class:`ReceivedFiling` rows, newest first, scoped to the actor's institutions
(issue 18: provincial reviewers see every institution's, an institution's
quality managers and administrators their own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from sqlalchemy import DateTime, Integer, String, Text, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from rtech.auth.roles import MEANING_ACTIONS, Action
from rtech.errors import UserError
from rtech.store import audit
from rtech.store.models import Case, CaseSignature, FilingSignature, Institution
from rtech.store.users import principal_of, require

__all__ = [
    "KIND_LABELS",
    "ReceivedFiling",
    "ReceivedFilter",
    "count_received",
    "find_signed",
    "institutions_with_filings",
    "list_received",
    "record_filing",
]

#: The kinds of signed filing, as the lists name them.
KIND_LABELS: Final = {
    "case": "病例信息上报表",
    "registration": "技术备案自评表",
    "report": "质量控制指标报告",
}


@dataclass(frozen=True)
class ReceivedFiling:
    """One signed filing, as the list shows it."""

    kind: str  # case | registration | report
    #: case_signatures.id for a case report, filing_signatures.id otherwise
    signature_id: int
    institution_id: int
    institution: str
    institution_code: str
    technology: str
    case_id: int | None
    revision: int | None
    period: str
    edition: str
    document_no: str
    signer: str
    meaning: str
    signed_at: datetime
    document_sha256: str
    file: str
    voided_at: datetime | None
    void_reason: str | None

    @property
    def subject(self) -> str:
        """病例 12 / 技术备案自评表（2023 年版） / 质量控制指标报告 2023Q1."""
        if self.kind == "case":
            # A case report signed from a data file has no case in this database.
            return (
                f"病例 {self.case_id}" if self.case_id is not None else "病例信息上报表（数据文件）"
            )
        if self.kind == "report":
            return f"{KIND_LABELS['report']} {self.period}".strip()
        edition = f"（{self.edition} 年版）" if self.edition else ""
        return f"{KIND_LABELS.get(self.kind, self.kind)}{edition}"

    def to_json(self) -> dict[str, Any]:
        """Stable keys (``rtech file received --format json``)."""
        return {
            "kind": self.kind,
            "kind_label": KIND_LABELS.get(self.kind, self.kind),
            "signature_id": self.signature_id,
            "institution_id": self.institution_id,
            "institution": self.institution,
            "institution_code": self.institution_code,
            "technology": self.technology,
            "case_id": self.case_id,
            "revision": self.revision,
            "period": self.period or None,
            "edition": self.edition or None,
            "document_no": self.document_no or None,
            "signer": self.signer,
            "meaning": self.meaning,
            "signed_at": _iso(self.signed_at),
            "document_sha256": self.document_sha256,
            "file": self.file or None,
            "voided": self.voided_at is not None,
            "voided_at": _iso(self.voided_at),
            "void_reason": self.void_reason,
        }


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _now() -> datetime:
    return datetime.now(UTC)


def record_filing(
    session: Session,
    *,
    kind: str,
    institution_id: int,
    technology: str,
    document_no: str,
    signer: str,
    meaning: str,
    document_sha256: str,
    file: str,
    actor: str,
    edition: str = "",
    period: str = "",
    case_signature_id: int | None = None,
) -> FilingSignature:
    """Record a signed filing (in the transaction that commits it, before its PDF
    takes its name) and log it (``filing.sign``). A case report of a stored case
    names its :class:`CaseSignature`; one signed from a data file names none.
    The actor must be allowed to create the institution's filings (every role that
    signs is)."""
    require(
        session,
        Action.FILING_CREATE,
        institution_id=institution_id,
        entity="institution",
        entity_id=institution_id,
    )
    if kind not in KIND_LABELS:
        raise ValueError(f"unknown filing kind {kind!r}")
    if meaning not in MEANING_ACTIONS:
        raise UserError(f"签名含义“{meaning}”无效，应为 {'、'.join(MEANING_ACTIONS)} 之一。")
    if kind != "case" and case_signature_id is not None:
        raise ValueError("only a case report names a case signature")
    row = FilingSignature(
        kind=kind,
        institution_id=institution_id,
        technology=technology,
        edition=edition,
        period=period,
        case_signature_id=case_signature_id,
        document_no=document_no[:100],
        signer=signer[:200],
        meaning=meaning,
        document_sha256=document_sha256,
        file=file,
        signed_at=_now(),
        created_by=actor,
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="filing.sign",
        entity="institution",
        entity_id=institution_id,
        payload={
            "filing_id": row.id,
            "kind": kind,
            "technology": technology,
            "period": period,
            "edition": edition,
            "document_no": row.document_no,
            "case_signature_id": case_signature_id,
            "signer": row.signer,
            "meaning": meaning,
            "document_sha256": document_sha256,
            "file": file,
        },
    )
    return row


@dataclass(frozen=True)
class ReceivedFilter:
    """What :func:`list_received` keeps. ``since``/``until`` are days (inclusive)
    of the signing time in ``zone`` (the institution's, as the lists show times)."""

    institution_id: int | None = None
    technology: str | None = None
    since: date | None = None
    until: date | None = None
    meaning: str | None = None
    include_voided: bool = False
    zone: tzinfo = UTC


def _start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _union(session: Session, wanted: ReceivedFilter, top: int | None = None) -> Any:
    """Both kinds of record as one subquery with the same columns; with ``top``,
    only the newest ``top`` of each (a page then sorts at most twice that many)."""
    if wanted.meaning is not None and wanted.meaning not in MEANING_ACTIONS:
        raise UserError(f"签名含义“{wanted.meaning}”无效，应为 {'、'.join(MEANING_ACTIONS)} 之一。")
    if wanted.since and wanted.until and wanted.since > wanted.until:
        raise UserError(f"起始日期 {wanted.since} 晚于截止日期 {wanted.until}。")
    scope = principal_of(session).institution_ids
    filed = FilingSignature.__table__.alias("filed")
    cases_part = (
        select(
            literal("case", String(20)).label("kind"),
            CaseSignature.id.label("signature_id"),
            Case.institution_id.label("institution_id"),
            Case.technology.label("technology"),
            CaseSignature.case_id.label("case_id"),
            CaseSignature.revision.label("revision"),
            func.coalesce(filed.c.period, "").label("period"),
            func.coalesce(filed.c.edition, Case.edition).label("edition"),
            func.coalesce(filed.c.document_no, "").label("document_no"),
            CaseSignature.signer.label("signer"),
            CaseSignature.meaning.label("meaning"),
            CaseSignature.signed_at.label("signed_at"),
            CaseSignature.document_sha256.label("document_sha256"),
            func.coalesce(filed.c.file, "").label("file"),
            CaseSignature.voided_at.label("voided_at"),
            CaseSignature.void_reason.label("void_reason"),
        )
        .join(Case, Case.id == CaseSignature.case_id)
        .outerjoin(filed, filed.c.case_signature_id == CaseSignature.id)
    )
    documents_part = select(
        FilingSignature.kind.label("kind"),
        FilingSignature.id.label("signature_id"),
        FilingSignature.institution_id.label("institution_id"),
        FilingSignature.technology.label("technology"),
        cast(null(), Integer).label("case_id"),
        cast(null(), Integer).label("revision"),
        FilingSignature.period.label("period"),
        FilingSignature.edition.label("edition"),
        FilingSignature.document_no.label("document_no"),
        FilingSignature.signer.label("signer"),
        FilingSignature.meaning.label("meaning"),
        FilingSignature.signed_at.label("signed_at"),
        FilingSignature.document_sha256.label("document_sha256"),
        FilingSignature.file.label("file"),
        cast(null(), DateTime(timezone=True)).label("voided_at"),
        cast(null(), Text).label("void_reason"),
    ).where(FilingSignature.case_signature_id.is_(None))

    def narrowed(query: Any, institution: Any, technology: Any, signed: Any, meaning: Any) -> Any:
        if wanted.institution_id is not None:
            query = query.where(institution == wanted.institution_id)
        if scope is not None:
            query = query.where(institution.in_(sorted(scope)))
        if wanted.technology:
            query = query.where(technology == wanted.technology)
        if wanted.since is not None:
            query = query.where(signed >= _start(wanted.since, wanted.zone))
        if wanted.until is not None:
            query = query.where(signed < _start(wanted.until + timedelta(days=1), wanted.zone))
        if wanted.meaning:
            query = query.where(meaning == wanted.meaning)
        return query

    cases_part = narrowed(
        cases_part,
        Case.institution_id,
        Case.technology,
        CaseSignature.signed_at,
        CaseSignature.meaning,
    )
    if not wanted.include_voided:
        cases_part = cases_part.where(CaseSignature.voided_at.is_(None))
    documents_part = narrowed(
        documents_part,
        FilingSignature.institution_id,
        FilingSignature.technology,
        FilingSignature.signed_at,
        FilingSignature.meaning,
    )
    if top is not None:
        cases_part = select(
            *cases_part.order_by(CaseSignature.signed_at.desc(), CaseSignature.id.desc())
            .limit(top)
            .subquery("newest_cases")
            .c
        )
        documents_part = select(
            *documents_part.order_by(FilingSignature.signed_at.desc(), FilingSignature.id.desc())
            .limit(top)
            .subquery("newest_documents")
            .c
        )
    return union_all(cases_part, documents_part).subquery("received")


def _authorize(session: Session, wanted: ReceivedFilter) -> None:
    require(session, Action.FILING_READ, entity="filings", entity_id="received")
    if wanted.institution_id is not None:
        require(
            session,
            Action.FILING_READ,
            institution_id=wanted.institution_id,
            entity="institution",
            entity_id=wanted.institution_id,
        )


def list_received(
    session: Session,
    wanted: ReceivedFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReceivedFiling]:
    """The signed filings the actor may read, newest first (ties: case reports by
    signature, then the others), ``offset`` skipped and at most ``limit``."""
    wanted = wanted or ReceivedFilter()
    _authorize(session, wanted)
    received = _union(session, wanted, None if limit is None else offset + limit)
    query = (
        select(received, Institution.name, Institution.code)
        .join(Institution, Institution.id == received.c.institution_id)
        .order_by(received.c.signed_at.desc(), received.c.kind, received.c.signature_id.desc())
    )
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for row in session.execute(query):
        data = row._mapping
        rows.append(
            ReceivedFiling(
                kind=data["kind"],
                signature_id=int(data["signature_id"]),
                institution_id=int(data["institution_id"]),
                institution=data["name"],
                institution_code=data["code"],
                technology=data["technology"],
                case_id=data["case_id"],
                revision=data["revision"],
                period=data["period"] or "",
                edition=data["edition"] or "",
                document_no=data["document_no"] or "",
                signer=data["signer"],
                meaning=data["meaning"],
                signed_at=_aware(data["signed_at"]),
                document_sha256=data["document_sha256"],
                file=data["file"] or "",
                voided_at=_aware(data["voided_at"]) if data["voided_at"] else None,
                void_reason=data["void_reason"],
            )
        )
    return rows


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def count_received(session: Session, wanted: ReceivedFilter | None = None) -> int:
    """How many filings :func:`list_received` lists without a limit."""
    wanted = wanted or ReceivedFilter()
    _authorize(session, wanted)
    received = _union(session, wanted)
    return int(session.scalar(select(func.count()).select_from(received)) or 0)


def institutions_with_filings(session: Session) -> Sequence[tuple[int, str, str]]:
    """(id, name, code) of the institutions the actor may read filings of."""
    require(session, Action.FILING_READ, entity="filings", entity_id="received")
    scope = principal_of(session).institution_ids
    query = select(Institution.id, Institution.name, Institution.code).order_by(Institution.code)
    if scope is not None:
        query = query.where(Institution.id.in_(sorted(scope)))
    return [(int(i), str(n), str(c)) for i, n, c in session.execute(query)]


def find_signed(
    session: Session, document_sha256: str
) -> tuple[CaseSignature | None, FilingSignature | None]:
    """The recorded signature of the PDF whose SHA-256 is ``document_sha256`` (the
    file a countersignature is put on): its case signature, if a case report's,
    and its filing record, if any."""
    filed = session.scalar(
        select(FilingSignature)
        .where(FilingSignature.document_sha256 == document_sha256)
        .order_by(FilingSignature.id.desc())
        .limit(1)
    )
    if filed is not None and filed.case_signature_id is not None:
        return session.get(CaseSignature, filed.case_signature_id), filed
    signature = session.scalar(
        select(CaseSignature)
        .where(CaseSignature.document_sha256 == document_sha256)
        .order_by(CaseSignature.id.desc())
        .limit(1)
    )
    return signature, filed
