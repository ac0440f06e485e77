"""Eligibility findings shown at the review step of an intake.

The checks come from the plugins (``Host.eligibility_checks``); a technology
without checks yields none. Each check gets the data of its level:

- ``case``: the case answers;
- ``institution``: ``{"id", "name", "code", "general", "technologies"}`` (the
  institution's columns and profile parts);
- ``personnel``: the same shape for each physician of the case's team
  (``team.operator``, ``team.deciders``, ``team.assistants``), with the
  physician's columns (``title``, ``clinical_since``, ``registered_here``...).

A check that raises is reported as 无法判断, never as a pass.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from core.answers import get_path
from core.eligibility.model import Check, Level, Outcome
from core.intake.engine import Finding

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.host import Host
    from core.store.models import Institution, Physician

__all__ = ["evaluate", "institution_data", "physician_data", "team_ids"]

log = logging.getLogger("rtech.intake")


def institution_data(institution: Institution) -> dict[str, Any]:
    profile = dict(institution.profile or {})
    return {
        "id": institution.id,
        "name": institution.name,
        "code": institution.code,
        "general": profile.get("general", {}),
        "technologies": profile.get("technologies", {}),
    }


def physician_data(physician: Physician) -> dict[str, Any]:
    profile = dict(physician.profile or {})
    return {
        "id": physician.id,
        "name": physician.name,
        "title": physician.title,
        "clinical_since": physician.clinical_since,
        "registered_here": physician.registered_here,
        "licence_no": physician.licence_no,
        "active": physician.active,
        "general": profile.get("general", {}),
        "technologies": profile.get("technologies", {}),
    }


def team_ids(answers: Mapping[str, Any]) -> list[str]:
    """The physician ids named in the case's team, operator first."""
    found: list[str] = []
    operator = get_path(answers, "team.operator")
    candidates: list[Any] = [operator]
    for key in ("deciders", "assistants"):
        candidates.extend(get_path(answers, f"team.{key}") or [])
    for item in candidates:
        if isinstance(item, Mapping) and item.get("id") is not None:
            ident = str(item["id"])
            if ident not in found:
                found.append(ident)
    return found


def _checks(host: Host, slug: str, edition: str) -> list[Check]:
    try:
        return list(host.eligibility_checks(slug, edition))
    except Exception:
        log.exception("eligibility checks of %s %s failed", slug, edition)
        return []


def _run(check: Check, data: Mapping[str, Any], subject: str) -> Finding:
    try:
        verdict = check.evaluate(data)
        outcome, explanation = verdict.outcome, verdict.explanation
    except Exception as exc:
        log.exception("eligibility check %s failed", check.id)
        outcome, explanation = Outcome.UNKNOWN, f"检查出错：{type(exc).__name__}"
    return Finding(
        level=check.level.label,
        title=check.title,
        outcome=outcome.value,
        outcome_label=outcome.label,
        explanation=explanation,
        citation=str(check.citation),
        subject=subject,
    )


def evaluate(
    host: Host,
    session: Session,
    slug: str,
    edition: str,
    answers: Mapping[str, Any],
    institution_id: int,
) -> list[Finding]:
    """Every check of ``slug``/``edition`` on the case, its institution and its team."""
    from core.store.models import Institution, Physician

    checks = _checks(host, slug, edition)
    if not checks:
        return []
    institution = session.get(Institution, institution_id)
    physicians: list[Physician] = []
    for ident in team_ids(answers):
        if ident.isdigit():
            found = session.get(Physician, int(ident))
            if found is not None:
                physicians.append(found)
    findings: list[Finding] = []
    for check in checks:
        if check.level is Level.CASE:
            findings.append(_run(check, answers, ""))
        elif check.level is Level.INSTITUTION and institution is not None:
            findings.append(_run(check, institution_data(institution), institution.name))
        elif check.level is Level.PERSONNEL:
            findings.extend(_run(check, physician_data(p), p.name) for p in physicians)
    return findings


def summarise(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"pass": 0, "fail": 0, "unknown": 0}
    for finding in findings:
        counts[finding.outcome] = counts.get(finding.outcome, 0) + 1
    return counts
