"""Pending follow-up visits of cases (a cache :mod:`rtech.followups` keeps).

Storage only moves rows: which visits are pending is :mod:`rtech.followups`'s
business. A plan is *fresh* when it belongs to the case's current revision and
to the technology's current schedule (``fingerprint``); the due visits are read
from fresh plans whose earliest pending day is within the horizon (one indexed
range), the stale cases from their answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, delete, insert, select, text
from sqlalchemy.orm import Session

from rtech.store.models import Case, CaseRevision, FollowupPlan
from rtech.store.users import principal_of

__all__ = ["CHUNK", "analyze", "due_plans", "save_plans", "stale_case_ids", "stale_cases"]

SUBMITTED = ("submitted", "signed")
#: Case ids per IN (...) query.
CHUNK = 2000


def _scoped(query: Select[Any], session: Session, institution_id: int | None) -> Select[Any]:
    if institution_id is not None:
        query = query.where(Case.institution_id == institution_id)
    scope = principal_of(session).institution_ids
    if scope is not None:
        query = query.where(Case.institution_id.in_(sorted(scope)))
    return query


def _no_fresh_plan(fingerprint: str) -> Any:
    """The case has no plan of its current revision and this schedule."""
    return ~(
        select(FollowupPlan.case_id)
        .where(
            FollowupPlan.case_id == Case.id,
            FollowupPlan.revision == Case.current_revision,
            FollowupPlan.fingerprint == fingerprint,
        )
        .exists()
    )


def stale_cases(
    session: Session,
    *,
    technology: str,
    fingerprint: str,
    institution_id: int | None = None,
) -> Iterator[tuple[int, int, str | None, int, Any]]:
    """(case id, institution, record number, revision, answers) of the submitted
    cases of the technology, in the actor's institutions, without a fresh plan,
    in case order."""
    query = (
        select(
            Case.id, Case.institution_id, Case.record_no, CaseRevision.number, CaseRevision.answers
        )
        .join(
            CaseRevision,
            and_(CaseRevision.case_id == Case.id, CaseRevision.number == Case.current_revision),
        )
        .where(
            Case.technology == technology, Case.status.in_(SUBMITTED), _no_fresh_plan(fingerprint)
        )
    )
    query = _scoped(query, session, institution_id).order_by(Case.id)
    for row in session.execute(query).yield_per(500):
        yield row[0], row[1], row[2], row[3], row[4]


def stale_case_ids(
    session: Session, *, technology: str, fingerprint: str, institution_id: int | None = None
) -> list[int]:
    """The ids of :func:`stale_cases` (no answers read)."""
    query = select(Case.id).where(
        Case.technology == technology, Case.status.in_(SUBMITTED), _no_fresh_plan(fingerprint)
    )
    return list(session.scalars(_scoped(query, session, institution_id).order_by(Case.id)))


def due_plans(
    session: Session,
    *,
    technology: str,
    fingerprint: str,
    horizon: date,
    institution_id: int | None = None,
) -> list[tuple[int, int, str | None, str, list[dict[str, Any]]]]:
    """(case id, institution, record number, patient, pending visits) of the fresh
    plans whose earliest pending visit is due on or before ``horizon``."""
    query = (
        select(
            Case.id,
            Case.institution_id,
            Case.record_no,
            FollowupPlan.patient,
            FollowupPlan.pending,
        )
        .join(
            FollowupPlan,
            and_(
                FollowupPlan.case_id == Case.id,
                FollowupPlan.revision == Case.current_revision,
                FollowupPlan.fingerprint == fingerprint,
            ),
        )
        .where(
            Case.technology == technology,
            Case.status.in_(SUBMITTED),
            FollowupPlan.next_due <= horizon,
        )
        .order_by(Case.id)
    )
    return [
        (row[0], row[1], row[2], row[3], row[4])
        for row in session.execute(_scoped(query, session, institution_id))
    ]


def save_plans(
    session: Session,
    *,
    technology: str,
    fingerprint: str,
    rows: Iterable[tuple[int, int, date | None, list[dict[str, Any]], str]],
) -> int:
    """Store (case id, revision, next due day, pending visits, patient) rows,
    replacing older ones."""
    values: list[dict[str, Any]] = [
        {
            "case_id": case_id,
            "technology": technology,
            "revision": revision,
            "fingerprint": fingerprint,
            "next_due": next_due,
            "pending": pending,
            "patient": patient[:200],
        }
        for case_id, revision, next_due, pending, patient in rows
    ]
    for offset in range(0, len(values), CHUNK):
        chunk = values[offset : offset + CHUNK]
        ids = [int(v["case_id"]) for v in chunk]
        session.execute(delete(FollowupPlan).where(FollowupPlan.case_id.in_(ids)))
        session.execute(insert(FollowupPlan), chunk)
    return len(values)


def analyze(session: Session) -> None:
    """Refresh the planner's statistics of the cases and their plans after a bulk
    refresh. Without them, at 100,000 cases SQLite reads the due plans of one
    institution through the institution's index, every case row's pages (3.6 s),
    instead of the covering index of technology and status (0.3 s); PostgreSQL
    misjudges the new table as empty (:func:`rtech.store.outcomes.analyze`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE cases, followup_plans"))
    else:
        session.execute(text("ANALYZE cases"))
        session.execute(text("ANALYZE followup_plans"))
