"""Eligibility findings shown at the review step of an intake.

The checks are the plugins' (``Host.eligibility_checks``); the subjects they
are evaluated against are the ones :mod:`rtech.eligibility.subjects` defines, so
the review says what ``rtech eligibility check`` says:

- every *case* check on the answers so far (a draft too), each on its own line;
- one line per physician of the team (operator, deciders, assistants): the
  outcome of the technology's *personnel* checks, naming the ones not met;
- one line for the *institution*: the outcome of its checks.

A check (or an assessment) that raises is reported as 无法判断 — never as a
pass — and the review goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from rtech.auth.roles import Action
from rtech.eligibility.model import Check, Level, Outcome, Verdict
from rtech.eligibility.service import assess_institution, assess_physician, checks_of
from rtech.eligibility.subjects import physician_summary
from rtech.errors import UserError
from rtech.intake.engine import Finding
from rtech.store import registry
from rtech.store.users import principal_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host

__all__ = ["evaluate", "team_ids"]

log = logging.getLogger("rtech.intake")


def team_ids(answers: Mapping[str, Any]) -> list[int]:
    """The registry ids of the physicians the case's team names, operator first."""
    raw = answers.get("team")
    team: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    candidates: list[Any] = [team.get("operator")]
    for key in ("deciders", "assistants"):
        value = team.get(key)
        if isinstance(value, list):
            candidates.extend(value)
    found: list[int] = []
    for item in candidates:
        ident = str(item.get("id", "")) if isinstance(item, Mapping) else ""
        if ident.isdigit() and int(ident) not in found:
            found.append(int(ident))
    return found


def _verdict(check: Check, subject: Mapping[str, Any]) -> Verdict:
    try:
        return check(subject)
    except Exception as exc:
        log.exception("eligibility check %s failed", check.id)
        return Verdict(Outcome.UNKNOWN, f"检查出错：{type(exc).__name__}")


def _summary_finding(
    level: Level, subject: str, assessment: Mapping[str, Any], hint: str
) -> Finding:
    """One line for a physician's or the institution's whole assessment."""
    outcome = Outcome(assessment["outcome"])
    findings = assessment.get("findings") or []
    failed = [f["title"] for f in findings if f["outcome"] == Outcome.FAIL.value]
    unknown = sum(1 for f in findings if f["outcome"] == Outcome.UNKNOWN.value)
    parts = []
    if failed:
        parts.append("不符合：" + "；".join(failed))
    if unknown:
        parts.append(f"{unknown} 项因档案信息不全无法判断（补充：{hint}）")
    if not parts:
        parts.append(
            "本技术对此没有要求"
            if outcome is Outcome.NOT_APPLICABLE
            else f"{len(findings)} 项要求均符合"
        )
    return Finding(
        level=level.label,
        title="开展本技术的医师条件" if level is Level.PERSONNEL else "医疗机构基本要求",
        outcome=outcome.value,
        outcome_label=outcome.label,
        explanation="；".join(parts),
        citation=" ".join(
            str(part)
            for part in (assessment.get("edition"), assessment.get("catalog_no"), "管理规范")
            if part
        ),
        subject=subject,
    )


def _failed(level: Level, subject: str, exc: Exception) -> Finding:
    log.exception("eligibility assessment of %s failed", subject)
    return Finding(
        level=level.label,
        title="开展本技术的医师条件" if level is Level.PERSONNEL else "医疗机构基本要求",
        outcome=Outcome.UNKNOWN.value,
        outcome_label=Outcome.UNKNOWN.label,
        explanation=f"核查出错：{type(exc).__name__}",
        citation="",
        subject=subject,
    )


def evaluate(
    host: Host,
    session: Session,
    slug: str,
    edition: str,
    answers: Mapping[str, Any],
    institution_id: int,
    *,
    case_id: int | None = None,
    as_of: date | None = None,
) -> list[Finding]:
    """The findings of ``slug``/``edition`` for a case's answers, team and institution.

    Shown to whoever records or revises the case: a clinician, who may not run
    the self-assessment, sees the checks of the case's team and institution too.
    """
    principal = principal_of(session)
    right = Action.ELIGIBILITY if principal.can(Action.ELIGIBILITY) else Action.CASE_RECORD
    try:
        checks = list(host.eligibility_checks(slug, edition))
    except Exception:
        log.exception("eligibility checks of %s %s failed", slug, edition)
        return []
    if not checks:
        return []
    as_of = as_of or date.today()
    people: dict[str, Any] = {}
    personnel: list[Finding] = []
    for physician_id in team_ids(answers):
        try:
            physician = registry.get_physician(session, physician_id)
        except UserError:
            continue  # the case checks report a physician missing from the registry
        try:
            assessment = assess_physician(
                session, host, slug, physician_id, edition=edition, as_of=as_of, action=right
            )
        except Exception as exc:  # noqa: BLE001 - unknown, never pass
            personnel.append(_failed(Level.PERSONNEL, physician.name, exc))
            people[str(physician_id)] = physician_summary(physician, Outcome.UNKNOWN.value, slug)
            continue
        outcome = assessment["outcome"]
        if outcome == Outcome.NOT_APPLICABLE.value:
            outcome = Outcome.UNKNOWN.value  # no requirement: nothing shows them qualified
        people[str(physician_id)] = physician_summary(physician, outcome, slug)
        if checks_of(host, slug, edition, Level.PERSONNEL):
            hint = f"rtech registry physician --id {physician_id} --technology {slug}"
            personnel.append(_summary_finding(Level.PERSONNEL, physician.name, assessment, hint))
    subject = {
        "id": case_id,
        "institution_id": institution_id,
        "answers": dict(answers),
        "physicians": people,
        "as_of": as_of.isoformat(),
    }
    findings = []
    for check in checks:
        if check.level is Level.CASE:
            verdict = _verdict(check, subject)
            findings.append(
                Finding(
                    level=Level.CASE.label,
                    title=check.title,
                    outcome=verdict.outcome.value,
                    outcome_label=verdict.outcome.label,
                    explanation=verdict.explanation,
                    citation=str(check.citation),
                )
            )
    findings.extend(personnel)
    if any(c.level is Level.INSTITUTION for c in checks):
        try:
            institution = assess_institution(
                session, host, slug, institution_id, edition=edition, as_of=as_of, action=right
            )
            name = institution["subject"]["name"]
            code = registry.get_institution(session, institution_id).code
            hint = f"rtech registry institution --code {code} --technology {slug}"
            findings.append(_summary_finding(Level.INSTITUTION, name, institution, hint))
        except Exception as exc:  # noqa: BLE001 - unknown, never pass
            findings.append(_failed(Level.INSTITUTION, "本机构", exc))
    return findings
