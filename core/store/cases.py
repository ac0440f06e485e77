"""The life of a case: draft, submission, revisions, signatures.

Every function works in the caller's write transaction (``Store.write()``); a
draft is saved in its own short transaction after each accepted answer, so a
killed process loses nothing. Every write names the ``expected_version`` the
caller read: a stale one is refused (:class:`ConcurrentEditError`), never a
silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from rtech.answers import diff, get_path
from rtech.auth.roles import MEANING_ACTIONS, Action
from rtech.errors import UserError
from rtech.store import audit
from rtech.store.models import CASE_STATUSES, Case, CaseRevision, CaseSignature
from rtech.store.registry import ConcurrentEditError, get_institution
from rtech.store.users import authorize_key, principal_of, require

__all__ = [
    "LIST_COLUMNS",
    "STATUS_LABELS",
    "CaseRecord",
    "ConcurrentEditError",
    "authorize_edit",
    "authorize_export",
    "authorize_signing",
    "authorize_unmask",
    "case_facts",
    "count_cases",
    "count_cases_by_status",
    "create_case",
    "current_answers",
    "describe_signature",
    "filed_keys",
    "get_case",
    "import_case",
    "iter_case_records",
    "iter_case_rows",
    "list_cases",
    "live_signatures",
    "record_signature",
    "save_draft",
    "submit_case",
]

STATUS_LABELS = {"draft": "草稿", "submitted": "已提交", "signed": "已签名"}


def _now() -> datetime:
    return datetime.now(UTC)


def _date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def case_facts(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The columns kept beside the answers for lists, periods and reconciliation.

    They come from the shared fragments every form uses: ``patient.record_no``,
    ``patient.name``, ``admission.discharge_date`` and ``procedure.date``. A case
    without a stay (an outpatient case, whose form asks no ``admission`` section)
    leaves on the day of its procedure: that day stands as its discharge date, so
    it falls in the period of its procedure.
    """
    record_no = get_path(answers, "patient.record_no")
    name = get_path(answers, "patient.name")
    procedure = _date(get_path(answers, "procedure.date"))
    discharge = _date(get_path(answers, "admission.discharge_date"))
    if "admission" not in answers and discharge is None:
        discharge = procedure
    return {
        "record_no": str(record_no).strip() if record_no else None,
        "patient_name": str(name)[:50] if name else None,
        "procedure_date": procedure,
        "discharge_date": discharge,
    }


def _checksum(answers: Mapping[str, Any]) -> str:
    return audit.answers_sha256(answers)


def create_case(
    session: Session,
    *,
    technology: str,
    edition: str,
    institution_id: int,
    actor: str,
    form_version: str = "1",
    answers: Mapping[str, Any] | None = None,
    cursor: Mapping[str, Any] | None = None,
) -> Case:
    """A new draft case (the actor must record cases of ``institution_id``)."""
    get_institution(session, institution_id)
    require(session, Action.CASE_RECORD, institution_id=institution_id, entity="institution")
    answers = dict(answers or {})
    case = Case(
        technology=technology,
        edition=edition,
        institution_id=institution_id,
        status="draft",
        form_version=form_version,
        draft_answers=answers,
        cursor=dict(cursor or {}),
        has_changes=False,
        current_revision=0,
        version=1,
        created_by=actor,
        updated_by=actor,
        created_at=_now(),
        updated_at=_now(),
        **case_facts(answers),
    )
    session.add(case)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="case.create",
        entity="case",
        entity_id=case.id,
        payload={"technology": technology, "edition": edition, "institution_id": institution_id},
    )
    return case


def get_case(session: Session, case_id: int, action: Action = Action.CASE_READ) -> Case:
    """The case, if the acting principal may ``action`` it (read, by default): a
    case of another institution is refused (and audited), never shown."""
    case = session.get(Case, case_id)
    if case is None:
        raise UserError(f"没有编号为 {case_id} 的病例。")
    require(session, action, institution_id=case.institution_id, entity="case", entity_id=case_id)
    return case


def _guarded_update(
    session: Session, case: Case, expected_version: int, values: Mapping[str, Any]
) -> int:
    result = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.version == expected_version)
        .values(**dict(values), version=Case.version + 1, updated_at=_now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = session.scalar(select(Case.version).where(Case.id == case.id))
        raise ConcurrentEditError(f"病例 {case.id}", current, expected_version)
    session.expire(case)
    return expected_version + 1


def save_draft(
    session: Session,
    case_id: int,
    *,
    expected_version: int,
    answers: Mapping[str, Any],
    cursor: Mapping[str, Any],
    actor: str,
    dropped: Mapping[str, Any] | None = None,
    reason: str = "",
    edition: str | None = None,
    form_version: str | None = None,
) -> int:
    """Save the working copy and the intake position; return the new version.

    ``dropped`` maps the paths of answers that no longer apply (after an earlier
    answer changed) to their old values: they leave the case and enter the audit log.
    ``edition`` (the procedure date decides it) and ``form_version`` change the
    case's when given; a change of edition is audited.
    """
    case = get_case(session, case_id)
    _may_edit(session, case)
    old_edition = case.edition
    values = {
        "draft_answers": dict(answers),
        "cursor": dict(cursor),
        "updated_by": actor,
        "has_changes": case.status != "draft"
        and _checksum(answers) != _checksum(_current_answers(session, case)),
        **case_facts(answers),
    }
    if edition is not None:
        values["edition"] = edition
    if form_version is not None:
        values["form_version"] = form_version
    version = _guarded_update(session, case, expected_version, values)
    if edition is not None and edition != old_edition:
        audit.append(
            session,
            actor=actor,
            action="case.edition",
            entity="case",
            entity_id=case_id,
            payload={"before": old_edition, "after": edition},
        )
    if dropped:
        audit.append(
            session,
            actor=actor,
            action="case.answers_dropped",
            entity="case",
            entity_id=case_id,
            payload={"dropped": dict(dropped), "reason": reason},
        )
    return version


def _current_answers(session: Session, case: Case) -> Mapping[str, Any]:
    if case.current_revision == 0:
        return {}
    revision = session.scalar(
        select(CaseRevision).where(
            CaseRevision.case_id == case.id, CaseRevision.number == case.current_revision
        )
    )
    return revision.answers if revision is not None else {}


def current_answers(session: Session, case: Case) -> Mapping[str, Any]:
    """The answers of the case's last submitted revision (``{}``: never submitted)."""
    return _current_answers(session, case)


def submit_case(
    session: Session,
    case_id: int,
    *,
    expected_version: int,
    actor: str,
    reason: str = "",
    void_signatures: Sequence[int] | None = None,
) -> CaseRevision:
    """Store the working copy as a new revision.

    The first submission needs no reason; every later one does (who, when, what
    and why go to the audit log). A clinician revises their own cases; others'
    need the quality manager's or institution administrator's role. Submitting a
    new revision of a signed case needs the role to revise signed cases and
    ``void_signatures``: the ids of the signatures it voids, as the user
    confirmed them (:func:`live_signatures`); it voids them.
    """
    case = get_case(session, case_id)
    _may_edit(session, case)
    number = case.current_revision + 1
    if number > 1 and not reason.strip():
        raise UserError(f"病例 {case_id} 已提交过，修改后再次提交须填写修改原因。")
    if case.status == "signed":
        _confirmed_void(session, case, void_signatures)
    before = _current_answers(session, case)
    answers = dict(case.draft_answers)
    if number > 1 and _checksum(before) == _checksum(answers):
        raise UserError(
            f"病例 {case_id} 与第 {case.current_revision} 版相比没有任何修改，无需再次提交。"
        )
    was_signed = case.status == "signed"
    form_version = case.form_version
    # The version check comes before the revision insert: a concurrent submitter
    # that read the same revision number is refused with the conflict message
    # (the row lock makes it wait for the winner), never a unique violation.
    _guarded_update(
        session,
        case,
        expected_version,
        {
            "status": "submitted",
            "current_revision": number,
            "has_changes": False,
            "updated_by": actor,
        },
    )
    revision = CaseRevision(
        case_id=case_id,
        number=number,
        answers=answers,
        form_version=form_version,
        author=actor,
        reason=reason.strip(),
        created_at=_now(),
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        raise UserError(
            f"病例 {case_id} 的第 {number} 版已由他人提交，"
            "您的这次提交未保存，以免覆盖他人的修改。",
            hint="请重新打开后再提交。",
        ) from None
    if was_signed:
        _void_signatures(session, case_id, actor, f"第 {number} 版修订作废原签名：{reason.strip()}")
    audit.append(
        session,
        actor=actor,
        action="case.submit" if number == 1 else "case.revise",
        entity="case",
        entity_id=case_id,
        payload={
            "revision": number,
            "reason": reason.strip(),
            "answers_sha256": _checksum(answers),
            "changes": diff(before, answers),
        },
    )
    session.flush()
    return revision


def authorize_edit(session: Session, case: Case) -> None:
    """Whether the actor may change ``case`` (before an intake opens it)."""
    _may_edit(session, case)


def _may_edit(session: Session, case: Case) -> None:
    """A draft is the recording clinicians'; a submitted case is revised by its
    author or by those who may revise others' (and signed) cases."""
    if case.current_revision == 0:
        require(
            session,
            Action.CASE_RECORD,
            institution_id=case.institution_id,
            entity="case",
            entity_id=case.id,
        )
    else:
        _may_revise(session, case)


def _may_revise(session: Session, case: Case) -> None:
    principal = principal_of(session)
    first = session.scalar(
        select(CaseRevision.author).where(CaseRevision.case_id == case.id, CaseRevision.number == 1)
    )
    own = principal.label in (case.created_by, first)
    if not (own and principal.can(Action.CASE_REVISE_OWN)):
        require(
            session,
            Action.CASE_REVISE_ANY,
            institution_id=case.institution_id,
            entity="case",
            entity_id=case.id,
        )
    if case.status == "signed":
        require(
            session,
            Action.CASE_REVISE_SIGNED,
            institution_id=case.institution_id,
            entity="case",
            entity_id=case.id,
        )


def live_signatures(session: Session, case_id: int) -> list[CaseSignature]:
    """The signatures of the case that a new revision would void."""
    return list(
        session.scalars(
            select(CaseSignature)
            .where(CaseSignature.case_id == case_id, CaseSignature.voided_at.is_(None))
            .order_by(CaseSignature.id)
        )
    )


def describe_signature(signature: CaseSignature) -> str:
    who = f"{signature.signer}，{signature.meaning}，第 {signature.revision} 版"
    return f"签名 {signature.id}（{who}）"


def _confirmed_void(session: Session, case: Case, confirmed: Sequence[int] | None) -> None:
    live = live_signatures(session, case.id)
    if sorted(confirmed or ()) != sorted(s.id for s in live):
        named = "、".join(describe_signature(s) for s in live)
        raise UserError(
            f"病例 {case.id} 已签名：{named}。提交修订将作废该签名，须确认后才能提交。",
            hint="录入界面在提交修订前列出将作废的签名，确认后即可提交。",
        )


def _void_signatures(session: Session, case_id: int, actor: str, reason: str) -> None:
    signatures = session.scalars(
        select(CaseSignature).where(
            CaseSignature.case_id == case_id, CaseSignature.voided_at.is_(None)
        )
    ).all()
    for signature in signatures:
        signature.voided_at = _now()
        signature.void_reason = reason
        audit.append(
            session,
            actor=actor,
            action="case.signature_void",
            entity="case",
            entity_id=case_id,
            payload={
                "signature_id": signature.id,
                "revision": signature.revision,
                "document_sha256": signature.document_sha256,
                "reason": reason,
            },
        )


def record_signature(
    session: Session,
    case_id: int,
    *,
    expected_version: int,
    revision: int,
    signer: str,
    meaning: str,
    document_sha256: str,
    actor: str,
) -> CaseSignature:
    """Record that the PDF filing of ``revision`` was signed; the case is locked."""
    case = get_case(session, case_id)
    _may_sign(session, case, meaning)
    if case.current_revision == 0:
        raise UserError(f"病例 {case_id} 尚未提交，不能签名。")
    if revision != case.current_revision or case.has_changes:
        raise UserError(
            f"病例 {case_id} 的当前版本为第 {case.current_revision} 版"
            + ("（且有未提交的修改）" if case.has_changes else "")
            + f"，不能为第 {revision} 版签名。"
        )
    signature = CaseSignature(
        case_id=case_id,
        revision=revision,
        signer=signer,
        meaning=meaning,
        document_sha256=document_sha256,
        signed_at=_now(),
    )
    session.add(signature)
    _guarded_update(session, case, expected_version, {"status": "signed", "updated_by": actor})
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="case.sign",
        entity="case",
        entity_id=case_id,
        payload={
            "signature_id": signature.id,
            "revision": revision,
            "signer": signer,
            "meaning": meaning,
            "document_sha256": document_sha256,
        },
    )
    return signature


def _may_sign(session: Session, case: Case, meaning: str) -> None:
    action = MEANING_ACTIONS.get(meaning)
    if action is None:
        raise UserError(f"签名含义“{meaning}”无效，应为 {'、'.join(MEANING_ACTIONS)} 之一。")
    require(session, action, institution_id=case.institution_id, entity="case", entity_id=case.id)


def authorize_signing(
    session: Session, case_ids: Sequence[int], meaning: str, fingerprint: str | None
) -> None:
    """Before a filing is signed: the actor may sign each case with ``meaning`` using
    the key (its certificate's ``fingerprint``), which is bound to them and to the
    case's institution (``rtech sign keygen``/``import`` bind it)."""
    for case_id in case_ids:
        case = get_case(session, case_id)
        authorize_key(
            session, fingerprint, meaning, case.institution_id, entity="case", entity_id=case_id
        )


def authorize_unmask(session: Session, case: Case) -> None:
    """``--unmask``: the role to see patients' identities, and an audit entry."""
    principal = require(
        session,
        Action.CASE_UNMASK,
        institution_id=case.institution_id,
        entity="case",
        entity_id=case.id,
    )
    audit.append(
        session, actor=principal.label, action="case.unmask", entity="case", entity_id=case.id
    )


def authorize_export(session: Session, case_ids: Sequence[int], destination: str) -> None:
    """``cases export``: the role, the institutions of every case, and an audit entry."""
    principal = require(session, Action.CASE_EXPORT, entity="cases", entity_id="export")
    institutions = set(
        session.scalars(select(Case.institution_id).where(Case.id.in_(list(case_ids))))
    )
    for institution_id in sorted(institutions):
        require(session, Action.CASE_EXPORT, institution_id=institution_id, entity="cases")
    audit.append(
        session,
        actor=principal.label,
        action="case.export",
        entity="cases",
        entity_id="export",
        payload={"cases": len(case_ids), "case_ids": list(case_ids)[:1000], "to": destination},
    )


def import_case(
    session: Session,
    *,
    technology: str,
    edition: str,
    institution_id: int,
    actor: str,
    revisions: Sequence[Mapping[str, Any]] = (),
    draft_answers: Mapping[str, Any] | None = None,
    cursor: Mapping[str, Any] | None = None,
    form_version: str = "1",
    signatures: Sequence[Mapping[str, Any]] = (),
    created_by: str | None = None,
    source: Mapping[str, Any] | None = None,
) -> Case:
    """A case brought from an export, with its revisions as they were.

    Each revision keeps its number, answers, form version, author, reason and
    time; signatures of the current revision that were not voided are kept. The
    audit log records the import with a checksum of every revision.
    """
    require(session, Action.CASE_IMPORT, institution_id=institution_id, entity="institution")
    numbers = [int(r["number"]) for r in revisions]
    if numbers != list(range(1, len(numbers) + 1)):
        raise UserError(f"导入的修订编号应为 1～{len(numbers)} 连续编号，实为：{numbers}")
    current = len(revisions)
    working = dict(
        draft_answers
        if draft_answers is not None
        else (revisions[-1]["answers"] if revisions else {})
    )
    last = dict(revisions[-1]["answers"]) if revisions else {}
    live = [
        s for s in signatures if not s.get("voided_at") and int(s.get("revision", 0)) == current
    ]
    has_changes = bool(current) and _checksum(working) != _checksum(last)
    status = "draft" if not current else ("signed" if live and not has_changes else "submitted")
    case = Case(
        technology=technology,
        edition=edition,
        institution_id=institution_id,
        status=status,
        form_version=form_version,
        draft_answers=working,
        cursor=dict(cursor or {}),
        has_changes=has_changes,
        current_revision=current,
        version=1,
        created_by=created_by or actor,
        updated_by=actor,
        created_at=_now(),
        updated_at=_now(),
        **case_facts(working),
    )
    session.add(case)
    session.flush()
    for item in revisions:
        session.add(
            CaseRevision(
                case_id=case.id,
                number=int(item["number"]),
                answers=dict(item["answers"]),
                form_version=str(item.get("form_version") or form_version),
                author=str(item.get("author") or actor),
                reason=str(item.get("reason") or ""),
                created_at=_parse_time(item.get("created_at")),
            )
        )
    for item in live if status == "signed" else ():
        session.add(
            CaseSignature(
                case_id=case.id,
                revision=current,
                signer=str(item["signer"]),
                meaning=str(item.get("meaning") or ""),
                document_sha256=str(item["document_sha256"]),
                signed_at=_parse_time(item.get("signed_at")),
            )
        )
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="case.import",
        entity="case",
        entity_id=case.id,
        payload={
            "technology": technology,
            "edition": edition,
            "institution_id": institution_id,
            "source": dict(source or {}),
            "revisions": [
                {
                    "number": int(r["number"]),
                    "author": r.get("author"),
                    "created_at": r.get("created_at"),
                    "answers_sha256": _checksum(r["answers"]),
                }
                for r in revisions
            ],
            "draft_sha256": _checksum(working),
            "status": status,
        },
    )
    return case


def _parse_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return _now()
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return _now()


Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def _filtered(
    query: Q,
    *,
    session: Session,
    technology: str | None,
    statuses: Sequence[str] | None,
    institution_id: int | None,
    start: date | None,
    end: date | None,
) -> Q:
    if technology:
        query = query.where(Case.technology == technology)
    if statuses:
        unknown = set(statuses) - set(CASE_STATUSES)
        if unknown:
            raise UserError(
                f"未知的病例状态：{'、'.join(sorted(unknown))}（可用：draft、submitted、signed）"
            )
        query = query.where(Case.status.in_(list(statuses)))
    if institution_id is not None:
        require(session, Action.CASE_READ, institution_id=institution_id, entity="institution")
        query = query.where(Case.institution_id == institution_id)
    scope = principal_of(session).institution_ids
    if scope is not None:
        query = query.where(Case.institution_id.in_(sorted(scope)))
    if start is not None:
        query = query.where(Case.discharge_date >= start)
    if end is not None:
        query = query.where(Case.discharge_date <= end)
    return query


def list_cases(
    session: Session,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    before: int | None = None,
) -> list[Case]:
    """Cases, newest first; the period filter applies to the discharge date.
    ``before`` lists only the cases with a smaller id (the next page after the
    case of that id: a keyset, as fast on the last page as on the first).

    The working copy (``draft_answers``) and the intake position (``cursor``) are
    left in the database: a list never shows them, and over a hundred thousand
    cases they are most of what would be read. Reading them on a listed case (in
    the same session) loads that case's alone. Only the cases the actor may read
    (their institutions).
    """
    require(session, Action.CASE_READ)
    query = _filtered(
        select(Case).options(defer(Case.draft_answers), defer(Case.cursor)),
        session=session,
        technology=technology,
        statuses=statuses,
        institution_id=institution_id,
        start=start,
        end=end,
    ).order_by(Case.id.desc())
    if before is not None:
        query = query.where(Case.id < before)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


#: The columns a case list shows: never the answers, the draft or the cursor.
LIST_COLUMNS: Final = (
    Case.id,
    Case.technology,
    Case.edition,
    Case.status,
    Case.has_changes,
    Case.record_no,
    Case.patient_name,
    Case.procedure_date,
    Case.discharge_date,
    Case.current_revision,
    Case.institution_id,
    Case.form_version,
    Case.created_by,
    Case.updated_by,
    Case.updated_at,
)


def count_cases(
    session: Session,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> int:
    """How many cases :func:`iter_case_rows` lists without a limit (the database counts)."""
    require(session, Action.CASE_READ)
    query = _filtered(
        select(func.count(Case.id)),
        session=session,
        technology=technology,
        statuses=statuses,
        institution_id=institution_id,
        start=start,
        end=end,
    )
    return int(session.scalar(query) or 0)


def count_cases_by_status(
    session: Session,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, int]:
    """How many cases :func:`list_cases` lists without a limit, by status (one
    ``GROUP BY`` in the database; a status without cases is left out). Only the
    cases the actor may read."""
    require(session, Action.CASE_READ)
    query = _filtered(
        select(Case.status, func.count(Case.id)),
        session=session,
        technology=technology,
        statuses=statuses,
        institution_id=institution_id,
        start=start,
        end=end,
    ).group_by(Case.status)
    return {str(status): int(count) for status, count in session.execute(query)}


def iter_case_rows(
    session: Session,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    batch: int = 1000,
) -> Iterator[Any]:
    """Cases newest first, as rows of :data:`LIST_COLUMNS`, streamed ``batch`` at a
    time (a server-side cursor on PostgreSQL): memory stays flat however many there
    are. ``offset`` skips that many, ``limit`` stops after that many. Only the
    cases the actor may read (their institutions)."""
    require(session, Action.CASE_READ)
    query = _filtered(
        select(*LIST_COLUMNS),
        session=session,
        technology=technology,
        statuses=statuses,
        institution_id=institution_id,
        start=start,
        end=end,
    ).order_by(Case.id.desc())
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    yield from session.execute(query).yield_per(batch)


@dataclass(frozen=True)
class CaseRecord:
    """A submitted case as the indicators and filings see it: its current revision."""

    id: int
    technology: str
    edition: str
    institution_id: int
    status: str
    revision: int
    record_no: str | None
    procedure_date: date | None
    discharge_date: date | None
    answers: Mapping[str, Any]


def iter_case_records(
    session: Session,
    *,
    technology: str | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Iterator[CaseRecord]:
    """Submitted and signed cases discharged in [start, end], with their answers."""
    query = _filtered(
        select(Case, CaseRevision).join(
            CaseRevision,
            and_(CaseRevision.case_id == Case.id, CaseRevision.number == Case.current_revision),
        ),
        session=session,
        technology=technology,
        statuses=("submitted", "signed"),
        institution_id=institution_id,
        start=start,
        end=end,
    ).order_by(Case.id)
    for case, revision in session.execute(query).yield_per(500):
        yield CaseRecord(
            id=case.id,
            technology=case.technology,
            edition=case.edition,
            institution_id=case.institution_id,
            status=case.status,
            revision=revision.number,
            record_no=case.record_no,
            procedure_date=case.procedure_date,
            discharge_date=case.discharge_date,
            answers=revision.answers,
        )


def filed_keys(session: Session, technology: str | None = None) -> set[tuple[str, str]]:
    """``(record_no, technology)`` of every submitted or signed case (reconciliation)."""
    query = select(Case.record_no, Case.technology).where(
        Case.status.in_(["submitted", "signed"]), Case.record_no.is_not(None)
    )
    if technology:
        query = query.where(Case.technology == technology)
    scope = principal_of(session).institution_ids
    if scope is not None:
        query = query.where(Case.institution_id.in_(sorted(scope)))
    return {(str(r), str(t)) for r, t in session.execute(query)}
