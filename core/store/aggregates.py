"""Aggregate denominators and equipment QA checks: numbers that are not cases.

An *aggregate* is a count an administrator enters for one institution,
technology and period (every stroke patient admitted within 24 h of onset;
every bronchoscopy of the quarter), because the case database holds only the
restricted-technology cases. A value that was never entered is *missing*: the
indicator says so and never reads it as zero. Setting a value again replaces it
with a new version; every change goes to the audit log with the old value.

A *QA check* is one dated equipment check (TBI dose rate at the body centre,
dose deviation, lung dose…) with what was measured and whether it passed; the
structure indicators count them per period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.store import audit
from rtech.store.models import AggregateValue, QaCheck
from rtech.store.registry import get_institution
from rtech.store.users import require, scope_institutions

__all__ = [
    "PeriodSpan",
    "aggregate_total",
    "list_aggregates",
    "list_qa_checks",
    "record_qa_check",
    "set_aggregate",
]

#: Largest count accepted (a province's yearly endoscopies stay well below it).
MAX_AGGREGATE = 10_000_000


@dataclass(frozen=True, slots=True)
class PeriodSpan:
    """A period as storage sees it: its label and its first and last day."""

    label: str
    start: date
    end: date


def _now() -> datetime:
    return datetime.now(UTC)


def set_aggregate(
    session: Session,
    *,
    institution_id: int,
    technology: str,
    key: str,
    period: PeriodSpan,
    value: float,
    actor: str,
    source: str = "",
) -> AggregateValue:
    """Enter (or replace) one aggregate; audited with the previous value."""
    get_institution(session, institution_id)
    require(session, Action.AGGREGATES_WRITE, institution_id=institution_id, entity="institution")
    if value != value or value < 0 or value > MAX_AGGREGATE:  # NaN, negative, absurd
        raise UserError(f"汇总数“{value}”无效：应为 0 至 {MAX_AGGREGATE} 之间的数。")
    if not float(value).is_integer():
        raise UserError(f"汇总数“{value}”应为整数（例数或例次数）。")
    row = session.scalar(
        select(AggregateValue).where(
            AggregateValue.institution_id == institution_id,
            AggregateValue.technology == technology,
            AggregateValue.key == key,
            AggregateValue.period == period.label,
        )
    )
    before = None if row is None else row.value
    if row is None:
        row = AggregateValue(
            institution_id=institution_id,
            technology=technology,
            key=key,
            period=period.label,
            start=period.start,
            end=period.end,
            value=float(value),
            source=source,
            version=1,
            updated_by=actor,
            updated_at=_now(),
        )
        session.add(row)
    else:
        row.value = float(value)
        row.source = source
        row.version += 1
        row.updated_by = actor
        row.updated_at = _now()
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="aggregate.set",
        entity="aggregate",
        entity_id=row.id,
        payload={
            "institution_id": institution_id,
            "technology": technology,
            "key": key,
            "period": period.label,
            "before": before,
            "after": float(value),
            "source": source,
        },
    )
    return row


def list_aggregates(
    session: Session,
    *,
    institution_id: int | None = None,
    technology: str | None = None,
    key: str | None = None,
) -> list[AggregateValue]:
    require(session, Action.AGGREGATES_READ, institution_id=institution_id, entity="institution")
    query = select(AggregateValue)
    scope = scope_institutions(session)
    if scope is not None:
        query = query.where(AggregateValue.institution_id.in_(sorted(scope)))
    if institution_id is not None:
        query = query.where(AggregateValue.institution_id == institution_id)
    if technology is not None:
        query = query.where(AggregateValue.technology == technology)
    if key is not None:
        query = query.where(AggregateValue.key == key)
    query = query.order_by(
        AggregateValue.technology,
        AggregateValue.key,
        AggregateValue.institution_id,
        AggregateValue.start,
        AggregateValue.end.desc(),
    )
    return list(session.scalars(query))


def _tiles(rows: Sequence[AggregateValue], span: PeriodSpan) -> float | None:
    """The sum of rows that cover ``span`` day by day without gap or overlap."""
    ordered = sorted(rows, key=lambda r: r.start)
    if not ordered or ordered[0].start != span.start:
        return None
    total = 0.0
    cursor = span.start
    for row in ordered:
        if row.start != cursor:
            return None
        total += row.value
        cursor = date.fromordinal(row.end.toordinal() + 1)
    return total if cursor == date.fromordinal(span.end.toordinal() + 1) else None


def aggregate_total(
    session: Session,
    *,
    technology: str,
    key: str,
    period: PeriodSpan,
    institution_ids: Iterable[int],
) -> float | None:
    """The aggregate for ``period`` summed over the institutions; ``None`` when any
    institution lacks it.

    A period's value is the one entered for that period, else the sum of values
    entered for periods that tile it exactly (four quarters for a year, three
    months for a quarter); otherwise it is missing.
    """
    wanted = sorted(set(institution_ids))
    if not wanted:
        return None
    rows = session.scalars(
        select(AggregateValue).where(
            AggregateValue.technology == technology,
            AggregateValue.key == key,
            AggregateValue.institution_id.in_(wanted),
            AggregateValue.start >= period.start,
            AggregateValue.end <= period.end,
        )
    ).all()
    total = 0.0
    for institution_id in wanted:
        mine = [r for r in rows if r.institution_id == institution_id]
        exact = [r for r in mine if r.start == period.start and r.end == period.end]
        if exact:
            total += exact[0].value
            continue
        found = None
        for width in (6, 7):  # quarters (2024Q1), then months (2024-03)
            found = _tiles([r for r in mine if len(r.period) == width], period)
            if found is not None:
                break
        if found is None:
            return None
        total += found
    return total


def record_qa_check(
    session: Session,
    *,
    institution_id: int,
    technology: str,
    device: str,
    item: str,
    performed_on: date,
    passed: bool,
    actor: str,
    measured: float | None = None,
    unit: str = "",
    note: str = "",
) -> QaCheck:
    """Record one equipment check (audited)."""
    get_institution(session, institution_id)
    require(session, Action.QA_WRITE, institution_id=institution_id, entity="institution")
    if not device.strip():
        raise UserError("请填写设备名称。")
    check = QaCheck(
        institution_id=institution_id,
        technology=technology,
        device=device.strip()[:100],
        item=item,
        performed_on=performed_on,
        measured=measured,
        unit=unit,
        passed=passed,
        note=note,
        recorded_by=actor,
        recorded_at=_now(),
    )
    session.add(check)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="qa.record",
        entity="qa_check",
        entity_id=check.id,
        payload={
            "institution_id": institution_id,
            "technology": technology,
            "device": check.device,
            "item": item,
            "performed_on": performed_on.isoformat(),
            "measured": measured,
            "unit": unit,
            "passed": passed,
        },
    )
    return check


def list_qa_checks(
    session: Session,
    *,
    technology: str | None = None,
    institution_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[QaCheck]:
    query = select(QaCheck)
    scope = scope_institutions(session)
    if scope is not None:
        query = query.where(QaCheck.institution_id.in_(sorted(scope)))
    if technology is not None:
        query = query.where(QaCheck.technology == technology)
    if institution_id is not None:
        query = query.where(QaCheck.institution_id == institution_id)
    if start is not None:
        query = query.where(QaCheck.performed_on >= start)
    if end is not None:
        query = query.where(QaCheck.performed_on <= end)
    return list(session.scalars(query.order_by(QaCheck.performed_on, QaCheck.id)))
