"""Packed indicator outcomes of cases (a cache the indicator engine keeps).

Storage only moves bytes: what they mean is :mod:`rtech.indicators.outcomes`'s
business. A row is *fresh* when it belongs to the case's current revision and
to the technology's current indicator definitions (``fingerprint``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, insert, select, text
from sqlalchemy.orm import Session

from rtech.store.models import Case, CaseRevision, IndicatorOutcome

__all__ = ["analyze", "answers_of", "outcome_rows", "save_outcomes", "stale_case_ids"]

SUBMITTED = ("submitted", "signed")
#: Case ids per IN (...) query.
CHUNK = 2000


def outcome_rows(
    session: Session,
    *,
    technology: str,
    fingerprint: str,
    start: date | None = None,
    end: date | None = None,
    institution_id: int | None = None,
) -> list[tuple[Any, ...]]:
    """(case id, institution, discharge date, data, strata, patient) of the
    submitted cases discharged in [start, end], in case order; data, strata and
    patient are ``None`` where no fresh outcome is stored. The discharge date is a
    ``date`` or its ISO text, as the driver returns it."""
    query = (
        select(
            Case.id,
            Case.institution_id,
            Case.discharge_date,
            IndicatorOutcome.data,
            IndicatorOutcome.strata,
            IndicatorOutcome.patient,
        )
        .outerjoin(
            IndicatorOutcome,
            and_(
                IndicatorOutcome.case_id == Case.id,
                IndicatorOutcome.revision == Case.current_revision,
                IndicatorOutcome.fingerprint == fingerprint,
            ),
        )
        .where(Case.technology == technology, Case.status.in_(SUBMITTED))
        .order_by(Case.id)
    )
    if institution_id is not None:
        query = query.where(Case.institution_id == institution_id)
    if start is not None:
        query = query.where(Case.discharge_date >= start)
    if end is not None:
        query = query.where(Case.discharge_date <= end)
    # 100,000 rows at a time: plain DB-API rows, without per-value conversion
    # (a discharge date comes back as text on SQLite, as a date on PostgreSQL).
    # The literals are this module's own: a slug, a hex digest, dates and ids.
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def stale_case_ids(session: Session, *, technology: str, fingerprint: str) -> list[int]:
    """Submitted cases of the technology without a fresh outcome row."""
    fresh = select(IndicatorOutcome.case_id).where(
        IndicatorOutcome.case_id == Case.id,
        IndicatorOutcome.revision == Case.current_revision,
        IndicatorOutcome.fingerprint == fingerprint,
    )
    query = (
        select(Case.id)
        .where(Case.technology == technology, Case.status.in_(SUBMITTED), ~fresh.exists())
        .order_by(Case.id)
    )
    return list(session.scalars(query))


def answers_of(session: Session, case_ids: Sequence[int]) -> dict[int, tuple[int, Any]]:
    """case id -> (current revision number, its answers)."""
    found: dict[int, tuple[int, Any]] = {}
    for offset in range(0, len(case_ids), CHUNK):
        chunk = list(case_ids[offset : offset + CHUNK])
        query = (
            select(Case.id, CaseRevision.number, CaseRevision.answers)
            .join(
                CaseRevision,
                and_(
                    CaseRevision.case_id == Case.id,
                    CaseRevision.number == Case.current_revision,
                ),
            )
            .where(Case.id.in_(chunk))
        )
        for case_id, number, answers in session.execute(query):
            found[case_id] = (number, answers)
    return found


def save_outcomes(
    session: Session,
    *,
    technology: str,
    fingerprint: str,
    rows: Iterable[tuple[int, int, bytes, str, str]],
) -> int:
    """Store (case id, revision, data, strata, patient) rows, replacing older ones."""
    values = [
        {
            "case_id": case_id,
            "technology": technology,
            "revision": revision,
            "fingerprint": fingerprint,
            "data": data,
            "strata": strata,
            "patient": patient[:200],
        }
        for case_id, revision, data, strata, patient in rows
    ]
    for offset in range(0, len(values), CHUNK):
        chunk = values[offset : offset + CHUNK]
        ids = [v["case_id"] for v in chunk]
        session.execute(delete(IndicatorOutcome).where(IndicatorOutcome.case_id.in_(ids)))
        session.execute(insert(IndicatorOutcome), chunk)
    return len(values)


def analyze(session: Session) -> None:
    """Refresh PostgreSQL's planner statistics of the cases and their outcomes.

    After a bulk refresh the planner still believes the tables are as they were
    (an empty ``indicator_outcomes`` estimated at one row): it sorts 100,000 rows
    on disk and loops over an index. Fresh statistics make the indicators' scan a
    quarter faster at once, without waiting for autovacuum (which may be off).
    SQLite plans this scan from its indexes alone.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE cases, indicator_outcomes"))
