"""Indicators over the stored cases: per period, institution and technology.

The JSON these functions return is a contract shared by ``rtech indicators``,
the dashboard and the quality report (filing): keys are English, labels Chinese.

An edition chooses the *indicator set*; the cases are every submitted case of
the technology discharged in the period, whatever edition it was filed under
(the case form is the same for both editions).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rtech.auth.roles import Action
from rtech.catalog import EDITIONS, Technology
from rtech.errors import UserError
from rtech.host import Host
from rtech.indicators.compute import VERDICT_LABELS, IndicatorResult, StructureData
from rtech.indicators.model import Indicator, IndicatorKind, QaPassRate
from rtech.indicators.outcomes import Layout, Packed
from rtech.indicators.periods import Period
from rtech.store import Store, registry
from rtech.store import aggregates as aggregate_store
from rtech.store import cases as case_store
from rtech.store import outcomes as outcome_store
from rtech.store.users import require

log = logging.getLogger("rtech.indicators")

__all__ = [
    "case_summaries",
    "compute_indicators",
    "indicator_entries",
    "indicator_entry",
    "latest_period",
    "layout_for",
    "packed_cases",
    "refresh_outcomes",
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
        institutions: Iterable[int],
    ) -> dict[str, Any]:
        """The keyword arguments of :func:`compute_indicator` for this figure."""
        extra: dict[str, Any] = {"as_of": self.as_of}
        span = aggregate_store.PeriodSpan(period.label, period.start, period.end)
        if indicator.aggregate is not None:
            chosen = {int(i) for i in institutions} if group is None else {group}
            if group is None:
                chosen |= {
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
                institution_ids=chosen,
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
    result: IndicatorResult,
    context: _Context,
    case_ids: bool,
) -> dict[str, Any]:
    entry = indicator_entry(technology, edition, indicator)
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
    entry.update(result.overall.to_json(indicator, case_ids=case_ids))
    entry["verdict_label"] = VERDICT_LABELS[entry["verdict"]]
    entry["strata"] = [figure.to_json(indicator, case_ids=case_ids) for figure in result.strata]
    return entry


def layout_for(host: Host, technology: Technology) -> Layout | None:
    """The packing of the technology's indicators (every edition), or None without any."""
    indicators = [
        i for ed in sorted(technology.editions) for i in host.indicators(technology.slug, ed)
    ]
    if not indicators:
        return None
    version = host.plugin_for(technology.slug).version
    return Layout(technology.slug, indicators, version)


def packed_cases(
    session: Session,
    layout: Layout,
    *,
    start: date | None = None,
    end: date | None = None,
    institution_id: int | None = None,
) -> Packed:
    """Every submitted case of the layout's technology discharged in [start, end],
    packed: stored outcomes where fresh, the others evaluated from their answers."""
    rows = outcome_store.outcome_rows(
        session,
        technology=layout.technology,
        fingerprint=layout.fingerprint,
        start=start,
        end=end,
        institution_id=institution_id,
    )
    stale = [row[0] for row in rows if row[3] is None]
    if stale:
        answers = outcome_store.answers_of(session, stale)
        fresh = {case_id: layout.evaluate(answers[case_id][1], case_id) for case_id in stale}
        rows = [row if row[3] is not None else (*row[:3], *fresh[row[0]]) for row in rows]
    return layout.pack(rows)


#: Outcomes written by one refresh after which the planner's statistics are renewed.
ANALYZE_AFTER = 1000


def refresh_outcomes(store: Store, host: Host, technology: str | None = None) -> int:
    """Store the packed outcomes of every case whose stored ones are stale (a new
    revision, or changed indicators); returns how many were written. A cache: a
    concurrent refresh that wins a race is simply kept."""
    written = 0
    for tech in _technologies(host, technology):
        layout = layout_for(host, tech)
        if layout is None:
            continue
        with store.read() as session:
            stale = outcome_store.stale_case_ids(
                session, technology=tech.slug, fingerprint=layout.fingerprint
            )
        for offset in range(0, len(stale), outcome_store.CHUNK):
            chunk = stale[offset : offset + outcome_store.CHUNK]
            try:
                with store.write() as session:
                    answers = outcome_store.answers_of(session, chunk)
                    written += outcome_store.save_outcomes(
                        session,
                        technology=tech.slug,
                        fingerprint=layout.fingerprint,
                        rows=(
                            (case_id, revision, *layout.evaluate(data, case_id))
                            for case_id, (revision, data) in answers.items()
                        ),
                    )
            except IntegrityError:
                log.info("indicator outcomes of %s refreshed concurrently", tech.slug)
    if written >= ANALYZE_AFTER:
        with store.write() as session:
            outcome_store.analyze(session)
    return written


def _trend(
    layout: Layout,
    indicator: Indicator,
    periods: Sequence[Period],
    packed: Packed,
    group_mask: np.ndarray,
    group: int | None,
    context: _Context,
) -> list[dict[str, Any]]:
    points = []
    for period in periods:
        mask = group_mask & _within(packed, period)
        figure = layout.figure(
            indicator,
            packed,
            mask,
            case_ids=False,
            **context.extra(indicator, period, group, packed.institutions[mask]),
        ).overall
        data = figure.to_json(indicator, case_ids=False)
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


def _within(packed: Packed, period: Period) -> np.ndarray:
    days = packed.discharged
    return (days >= period.start.toordinal()) & (days <= period.end.toordinal())


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
    case_ids: bool = True,
) -> list[dict[str, Any]]:
    """Every indicator of the chosen technologies and editions, computed for ``period``.

    :param institution_id: only that institution's cases (default: all institutions).
    :param by_institution: one row per institution of the registry and indicator.
    :param trend: add ``trend``, the figures of the last ``trend`` periods ending
        with ``period`` (oldest first), for a sparkline.
    :param as_of: the day the figures are judged on (default: today): cases whose
        observation window or survival horizon ends later are not yet observable.
    :param case_ids: list the cases behind every figure (``False``: counts only,
        ``case_ids_omitted`` says so; a drill-down asks again for one indicator).
    """
    check_edition(edition)
    if institution_id is not None:
        registry.get_institution(session, institution_id)
    principal = require(
        session, Action.INDICATORS, institution_id=institution_id, entity="institution"
    )
    scope = principal.institution_ids
    if institution_id is None and scope is not None and not by_institution:
        if len(scope) != 1:
            raise UserError("您属于多个医疗机构，请用 --institution 指定机构。")
        institution_id = next(iter(scope))
    periods = period.last(max(trend, 1))
    groups: list[int | None]
    if by_institution:
        groups = [i.id for i in registry.list_institutions(session) if principal.sees(i.id)]
        if institution_id is not None:
            groups = [institution_id]
    else:
        groups = [institution_id]
    rows: list[dict[str, Any]] = []
    for tech in _technologies(host, technology):
        chosen = [(ed, host.indicators(tech.slug, ed)) for ed in _editions(tech, edition)]
        if not any(indicators for _, indicators in chosen):
            continue
        layout = layout_for(host, tech)
        assert layout is not None
        packed = packed_cases(
            session,
            layout,
            start=periods[0].start,
            end=periods[-1].end,
            institution_id=institution_id,
        )
        context = _Context(session, tech.slug, as_of or date.today())
        current = _within(packed, period)
        for group in groups:
            group_mask = (
                np.ones(len(packed.ids), dtype=bool)
                if group is None
                else packed.institutions == group
            )
            mask = group_mask & current
            institutions = packed.institutions[mask]
            for ed, indicators in chosen:
                for indicator in indicators:
                    result = layout.figure(
                        indicator,
                        packed,
                        mask,
                        case_ids=case_ids,
                        **context.extra(indicator, period, group, institutions),
                    )
                    row = _result_entry(
                        tech, ed, indicator, period, group, result, context, case_ids
                    )
                    if trend:
                        row["trend"] = _trend(
                            layout, indicator, periods, packed, group_mask, group, context
                        )
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
