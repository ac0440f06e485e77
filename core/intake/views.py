"""Cases as a front end lists and shows them: summaries, drafts to resume, one case.

The terminal UI's case list, its drafts and its case screen read these; the
rules they follow (which answers are current, where a draft stands) live here
so that every front end shows the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, or_, select

from rtech.errors import UserError
from rtech.forms.display import summary_rows
from rtech.forms.model import Form
from rtech.intake.cases import case_form
from rtech.intake.engine import REVIEW
from rtech.store import Store, cases
from rtech.store.models import Case, CaseRevision, CaseSignature

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = [
    "CaseSummary",
    "CaseView",
    "RevisionInfo",
    "SignatureInfo",
    "case_counts",
    "case_summaries",
    "case_view",
    "resumable_cases",
]

Row = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class CaseSummary:
    """One line of a case list."""

    id: int
    technology: str
    technology_name: str
    edition: str
    status: str
    status_label: str  # 草稿 / 已提交 / 已签名, “（有未提交修改）” when revised in progress
    has_changes: bool
    record_no: str
    patient_name: str
    procedure_date: date | None
    discharge_date: date | None
    revision: int
    updated_by: str
    updated_at: datetime | None
    progress: str  # where the working copy stands: “第 12/32 题”, “复核”, or ""

    @property
    def resumable(self) -> bool:
        """A draft, or a submitted case whose revision is in progress."""
        return self.status == "draft" or self.has_changes


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    author: str
    created_at: datetime | None
    reason: str


@dataclass(frozen=True)
class SignatureInfo:
    revision: int
    signer: str
    meaning: str
    signed_at: datetime | None
    voided: bool
    void_reason: str


@dataclass(frozen=True)
class CaseView:
    """One case: its current answers, its working copy when it differs, its history."""

    summary: CaseSummary
    title: str  # “S05 心血管疾病介入诊疗技术（2023年版）”
    rows: list[Row]  # the last submitted revision (the draft when never submitted)
    draft_rows: list[Row] | None  # the working copy, when it differs from ``rows``
    revisions: list[RevisionInfo]
    signatures: list[SignatureInfo]


class _Forms:
    """Compiled case forms, one per technology (None: the technology has none)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._forms: dict[str, Form | None] = {}

    def get(self, slug: str) -> Form | None:
        if slug not in self._forms:
            try:
                self._forms[slug] = case_form(self.host, slug)
            except UserError:
                self._forms[slug] = None
        return self._forms[slug]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _progress(form: Form | None, case: Case) -> str:
    """Where the working copy of a case stands (resumable cases only)."""
    if form is None or not (case.status == "draft" or case.has_changes):
        return ""
    cursor = dict(case.cursor or {})
    path = cursor.get("path")
    if path == REVIEW:
        return "复核"
    questions = form.questions(dict(case.draft_answers or {}))
    for number, node in enumerate(questions, start=1):
        if node.dotted == path:
            return f"第 {number}/{len(questions)} 题"
    return f"共 {len(questions)} 题" if questions else ""


def _summary(host: Host, forms: _Forms, case: Case) -> CaseSummary:
    try:
        name = host.technology(case.technology).name
    except UserError:
        name = case.technology
    label = cases.STATUS_LABELS.get(case.status, case.status)
    if case.has_changes:
        label += "（有未提交修改）"
    return CaseSummary(
        id=case.id,
        technology=case.technology,
        technology_name=name,
        edition=case.edition,
        status=case.status,
        status_label=label,
        has_changes=bool(case.has_changes),
        record_no=case.record_no or "",
        patient_name=case.patient_name or "",
        procedure_date=case.procedure_date,
        discharge_date=case.discharge_date,
        revision=case.current_revision,
        updated_by=case.updated_by,
        updated_at=_aware(case.updated_at),
        progress=_progress(forms.get(case.technology), case),
    )


def case_summaries(
    store: Store,
    host: Host,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    institution_id: int | None = None,
    limit: int | None = None,
    before: int | None = None,
) -> list[CaseSummary]:
    """Cases, newest first; ``start``/``end`` bound the discharge date (a period).
    ``limit`` and ``before`` page them: at most ``limit`` cases, of smaller ids than
    ``before`` (the last id of the page before)."""
    forms = _Forms(host)
    with store.read() as session:
        found = cases.list_cases(
            session,
            technology=technology,
            statuses=statuses,
            institution_id=institution_id,
            start=start,
            end=end,
            limit=limit,
            before=before,
        )
        return [_summary(host, forms, case) for case in found]


def case_counts(
    store: Store,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    institution_id: int | None = None,
) -> dict[str, int]:
    """How many cases :func:`case_summaries` lists without a limit, by status
    (counted in the database)."""
    with store.read() as session:
        return cases.count_cases_by_status(
            session,
            technology=technology,
            statuses=statuses,
            institution_id=institution_id,
            start=start,
            end=end,
        )


def resumable_cases(
    store: Store,
    host: Host,
    *,
    actor: str,
    institution_id: int | None = None,
    limit: int = 50,
) -> list[CaseSummary]:
    """The actor's drafts and revisions in progress, the most recently saved first."""
    forms = _Forms(host)
    query = in_progress_query(actor, institution_id=institution_id, limit=limit)
    with store.read() as session:
        return [_summary(host, forms, case) for case in session.scalars(query)]


def in_progress_query(
    actor: str, *, institution_id: int | None = None, limit: int = 50
) -> Select[Case]:
    """The actor's cases in progress, newest first: read through the partial index
    ``ix_cases_in_progress`` (its condition is this query's, word for word)."""
    query = select(Case).where(
        Case.updated_by == actor, or_(Case.status == "draft", Case.has_changes.is_(True))
    )
    if institution_id is not None:
        query = query.where(Case.institution_id == institution_id)
    return query.order_by(Case.updated_at.desc(), Case.id.desc()).limit(limit)


def _rows(form: Form | None, answers: Mapping[str, Any]) -> list[Row]:
    if form is None:
        return []
    return summary_rows(form, answers)


def case_view(store: Store, host: Host, case_id: int) -> CaseView:
    """One case as the case screen shows it (identity numbers masked)."""
    forms = _Forms(host)
    with store.read() as session:
        case = cases.get_case(session, case_id)
        summary = _summary(host, forms, case)
        revisions = list(
            session.scalars(
                select(CaseRevision)
                .where(CaseRevision.case_id == case_id)
                .order_by(CaseRevision.number)
            )
        )
        signatures = list(
            session.scalars(
                select(CaseSignature)
                .where(CaseSignature.case_id == case_id)
                .order_by(CaseSignature.id)
            )
        )
        draft = dict(case.draft_answers or {})
    form = forms.get(summary.technology)
    current = dict(revisions[-1].answers) if revisions else draft
    rows = _rows(form, current)
    draft_rows = _rows(form, draft) if revisions and summary.has_changes else None
    try:
        label = host.technology(summary.technology).label(summary.edition)
    except UserError:
        label = summary.technology
    return CaseView(
        summary=summary,
        title=f"{label}（{summary.edition}年版）",
        rows=rows,
        draft_rows=draft_rows,
        revisions=[
            RevisionInfo(r.number, r.author, _aware(r.created_at), r.reason) for r in revisions
        ],
        signatures=[
            SignatureInfo(
                s.revision,
                s.signer,
                s.meaning,
                _aware(s.signed_at),
                s.voided_at is not None,
                s.void_reason or "",
            )
            for s in signatures
        ],
    )
