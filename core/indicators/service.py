"""Indicators over the stored cases: per period, institution and technology.

The JSON these functions return is a contract shared by ``rtech indicators``,
the dashboard and the quality report (filing): keys are English, labels Chinese.

An edition chooses the *indicator set*; the cases are every submitted case of
the technology discharged in the period, whatever edition it was filed under
(the case form is the same for both editions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from rtech.catalog import EDITIONS, Technology
from rtech.errors import UserError
from rtech.host import Host
from rtech.indicators.compute import (
    VERDICT_LABELS,
    StructureData,
    compute_indicator,
)
from rtech.indicators.model import Indicator, IndicatorKind, QaPassRate
from rtech.indicators.periods import Period
from rtech.store import aggregates as aggregate_store
from rtech.store import cases as case_store
from rtech.store import registry

__all__ = [
    "case_summaries",
    "compute_indicators",
    "indicator_entries",
    "indicator_entry",
    "latest_period",
]


def indicator_entry(technology: Technology, edition: str, indicator: Indicator) -> dict[str, Any]:
    """What ``rtech indicators list`` shows of one indicator in one edition."""
    citation = indicator.citation_for(edition)
    threshold = indicator.threshold
    return {
        "technology": technology.slug,
        "id": indicator.id,
        "name": indicator.name,
        "group": indicator.group,
        "edition": edition,
        "catalog_no": citation.catalog_no,
        "type": indicator.type.value,
        "direction": indicator.direction.value,
        "kind": indicator.kind.value,
        "unit": indicator.unit,
        "scale": indicator.scale,
        "citation": str(citation),
        "quote": citation.quote,
        "threshold": None
        if threshold is None
        else {
            "op": threshold.op,
            "value": threshold.value,
            "display": threshold.describe(indicator.unit),
            "citation": str(threshold.citation) if threshold.citation else None,
        },
        "stratified_by": None
        if indicator.stratify is None
        else {"path": indicator.stratify.path, "title": indicator.stratify.title},
        "fields": list(indicator.fields),
        "note": indicator.note,
        "per": indicator.per.value,
        "observe_days": None if indicator.observe is None else indicator.observe.days,
        "aggregate": None
        if indicator.aggregate is None
        else {
            "key": indicator.aggregate.key,
            "label": indicator.aggregate.label,
            "citation": str(indicator.aggregate.citation),
        },
        "horizon_days": None if indicator.survival is None else indicator.survival.horizon_days,
        "survival": None if indicator.survival is None else indicator.survival.describe(),
        "limit_minutes": indicator.limit,
    }


def check_edition(edition: str | None) -> None:
    if edition is not None and edition not in EDITIONS:
        raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")


def _editions(technology: Technology, edition: str | None) -> list[str]:
    if edition is not None:
        return [edition] if edition in technology.editions else []
    return sorted(technology.editions, reverse=True)


def _technologies(host: Host, slug: str | None) -> list[Technology]:
    return [host.technology(slug)] if slug else list(host.technologies)


def indicator_entries(
    host: Host, *, technology: str | None = None, edition: str | None = None
) -> list[dict[str, Any]]:
    """Every indicator of the chosen technologies and editions (newest edition first)."""
    check_edition(edition)
    entries: list[dict[str, Any]] = []
    for tech in _technologies(host, technology):
        for ed in _editions(tech, edition):
            entries.extend(indicator_entry(tech, ed, i) for i in host.indicators(tech.slug, ed))
    return entries


class _Context:
    """What the figures of one technology, group and period read besides the cases:
    aggregate denominators and structure data, fetched once and on demand."""

    def __init__(self, session: Session, technology: str, as_of: date) -> None:
        self.session = session
        self.technology = technology
        self.as_of = as_of
        self._staff: dict[int | None, list[dict[str, Any]]] = {}

    def staff(self, group: int | None) -> list[dict[str, Any]]:
        if group not in self._staff:
            self._staff[group] = [
                staff_record(p) for p in registry.list_physicians(self.session, group)
            ]
        return self._staff[group]

    def extra(
        self,
        indicator: Indicator,
        period: Period,
        group: int | None,
        records: Sequence[case_store.CaseRecord],
    ) -> dict[str, Any]:
        """The keyword arguments of :func:`compute_indicator` for this figure."""
        extra: dict[str, Any] = {"as_of": self.as_of}
        span = aggregate_store.PeriodSpan(period.label, period.start, period.end)
        if indicator.aggregate is not None:
            institutions = {r.institution_id for r in records} if group is None else {group}
            if group is None:
                institutions |= {
                    row.institution_id
                    for row in aggregate_store.list_aggregates(
                        self.session, technology=self.technology, key=indicator.aggregate.key
                    )
                    if period.start <= row.start and row.end <= period.end
                }
            extra["aggregate"] = aggregate_store.aggregate_total(
                self.session,
                technology=self.technology,
                key=indicator.aggregate.key,
                period=span,
                institution_ids=institutions,
            )
        if indicator.kind is IndicatorKind.STRUCTURE:
            checks: list[dict[str, Any]] = []
            if isinstance(indicator.structure, QaPassRate):
                checks = [
                    {"id": c.id, "item": c.item, "passed": c.passed, "performed_on": c.performed_on}
                    for c in aggregate_store.list_qa_checks(
                        self.session,
                        technology=self.technology,
                        institution_id=group,
                        start=period.start,
                        end=period.end,
                    )
                ]
            extra["structure"] = StructureData(staff=self.staff(group), qa_checks=checks)
        return extra


def staff_record(physician: Any) -> dict[str, Any]:
    """A registry entry as the structure indicators' staff predicates read it."""
    profile = physician.profile or {}
    general = profile.get("general") or {}
    return {
        "id": physician.id,
        "name": physician.name,
        "role": general.get("role", "physician"),
        "title": physician.title,
        "title_since": general.get("title_since"),
        "clinical_since": physician.clinical_since,
        "active": physician.active,
        "registered_here": physician.registered_here,
        "technologies": sorted((profile.get("technologies") or {}).keys()),
        "profile": profile,
    }


def _result_entry(
    technology: Technology,
    edition: str,
    indicator: Indicator,
    period: Period,
    institution_id: int | None,
    records: Sequence[case_store.CaseRecord],
    context: _Context,
) -> dict[str, Any]:
    entry = indicator_entry(technology, edition, indicator)
    result = compute_indicator(
        indicator, records, **context.extra(indicator, period, institution_id, records)
    )
    entry.update(
        {
            "period": period.label,
            "period_title": period.title,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "institution_id": institution_id,
            "as_of": context.as_of.isoformat(),
        }
    )
    entry.update(result.overall.to_json(indicator))
    entry["verdict_label"] = VERDICT_LABELS[entry["verdict"]]
    entry["strata"] = [figure.to_json(indicator) for figure in result.strata]
    return entry


def _trend(
    indicator: Indicator,
    periods: Sequence[Period],
    records: Sequence[case_store.CaseRecord],
    group: int | None,
    context: _Context,
) -> list[dict[str, Any]]:
    points = []
    for period in periods:
        inside = [r for r in records if r.discharge_date in period]
        figure = compute_indicator(
            indicator, inside, **context.extra(indicator, period, group, inside)
        ).overall
        data = figure.to_json(indicator)
        points.append(
            {
                "period": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "numerator": data["numerator"],
                "denominator": data["denominator"],
                "value": data["value"],
                "display": data["display"],
                "state": data["state"],
            }
        )
    return points


def compute_indicators(
    session: Session,
    host: Host,
    *,
    period: Period,
    technology: str | None = None,
    edition: str | None = None,
    institution_id: int | None = None,
    by_institution: bool = False,
    trend: int = 0,
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """Every indicator of the chosen technologies and editions, computed for ``period``.

    :param institution_id: only that institution's cases (default: all institutions).
    :param by_institution: one row per institution of the registry and indicator.
    :param trend: add ``trend``, the figures of the last ``trend`` periods ending
        with ``period`` (oldest first), for a sparkline.
    :param as_of: the day the figures are judged on (default: today): cases whose
        observation window or survival horizon ends later are not yet observable.
    """
    check_edition(edition)
    if institution_id is not None:
        registry.get_institution(session, institution_id)
    periods = period.last(max(trend, 1))
    groups: list[int | None]
    if by_institution:
        groups = [i.id for i in registry.list_institutions(session)]
        if institution_id is not None:
            groups = [institution_id]
    else:
        groups = [institution_id]
    rows: list[dict[str, Any]] = []
    for tech in _technologies(host, technology):
        chosen = [(ed, host.indicators(tech.slug, ed)) for ed in _editions(tech, edition)]
        if not any(indicators for _, indicators in chosen):
            continue
        span = list(
            case_store.iter_case_records(
                session,
                technology=tech.slug,
                institution_id=institution_id,
                start=periods[0].start,
                end=periods[-1].end,
            )
        )
        context = _Context(session, tech.slug, as_of or date.today())
        for group in groups:
            mine = span if group is None else [r for r in span if r.institution_id == group]
            current = [r for r in mine if r.discharge_date in period]
            for ed, indicators in chosen:
                for indicator in indicators:
                    row = _result_entry(tech, ed, indicator, period, group, current, context)
                    if trend:
                        row["trend"] = _trend(indicator, periods, mine, group, context)
                    rows.append(row)
    return rows


def latest_period(session: Session, technology: str) -> Period | None:
    """The quarter of the last discharge among the technology's submitted cases."""
    from sqlalchemy import func, select

    from rtech.indicators.periods import quarter_period
    from rtech.store.models import Case

    last = session.scalar(
        select(func.max(Case.discharge_date)).where(
            Case.technology == technology, Case.status.in_(("submitted", "signed"))
        )
    )
    if last is None:
        return None
    return quarter_period(last.year, (last.month - 1) // 3 + 1)


def case_summaries(session: Session, case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """What a drill-down shows of each case behind a number."""
    summaries = []
    for case_id in case_ids:
        case = case_store.get_case(session, case_id)
        summaries.append(
            {
                "id": case.id,
                "record_no": case.record_no,
                "patient_name": case.patient_name,
                "institution_id": case.institution_id,
                "procedure_date": case.procedure_date.isoformat() if case.procedure_date else None,
                "discharge_date": case.discharge_date.isoformat() if case.discharge_date else None,
                "status": case.status,
                "status_label": case_store.STATUS_LABELS.get(case.status, case.status),
            }
        )
    return summaries
