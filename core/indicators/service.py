"""Indicators over the stored cases: per period, institution and technology.

The JSON these functions return is a contract shared by ``rtech indicators``,
the dashboard and the quality report (filing): keys are English, labels Chinese.

An edition chooses the *indicator set*; the cases are every submitted case of
the technology discharged in the period, whatever edition it was filed under
(the case form is the same for both editions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from rtech.catalog import EDITIONS, Technology
from rtech.errors import UserError
from rtech.host import Host
from rtech.indicators.compute import (
    VERDICT_LABELS,
    compute_indicator,
)
from rtech.indicators.model import Indicator
from rtech.indicators.periods import Period
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


def _result_entry(
    technology: Technology,
    edition: str,
    indicator: Indicator,
    period: Period,
    institution_id: int | None,
    records: Sequence[case_store.CaseRecord],
) -> dict[str, Any]:
    entry = indicator_entry(technology, edition, indicator)
    result = compute_indicator(indicator, records)
    entry.update(
        {
            "period": period.label,
            "period_title": period.title,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "institution_id": institution_id,
        }
    )
    entry.update(result.overall.to_json(indicator))
    entry["verdict_label"] = VERDICT_LABELS[entry["verdict"]]
    entry["strata"] = [figure.to_json(indicator) for figure in result.strata]
    return entry


def _trend(
    indicator: Indicator, periods: Sequence[Period], records: Sequence[case_store.CaseRecord]
) -> list[dict[str, Any]]:
    points = []
    for period in periods:
        inside = [r for r in records if r.discharge_date in period]
        figure = compute_indicator(indicator, inside).overall
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
) -> list[dict[str, Any]]:
    """Every indicator of the chosen technologies and editions, computed for ``period``.

    :param institution_id: only that institution's cases (default: all institutions).
    :param by_institution: one row per institution of the registry and indicator.
    :param trend: add ``trend``, the figures of the last ``trend`` periods ending
        with ``period`` (oldest first), for a sparkline.
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
        for group in groups:
            mine = span if group is None else [r for r in span if r.institution_id == group]
            current = [r for r in mine if r.discharge_date in period]
            for ed, indicators in chosen:
                for indicator in indicators:
                    row = _result_entry(tech, ed, indicator, period, group, current)
                    if trend:
                        row["trend"] = _trend(indicator, periods, mine)
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
