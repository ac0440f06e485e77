"""Evaluating a technology's checks against the stored profiles and cases.

The JSON these functions return is a contract shared by ``rtech eligibility
check``, the self-assessment screen, the intake's review step and the filing
documents (技术备案自评表, 病例信息上报表)::

    {"technology", "technology_name", "edition", "catalog_no",
     "level", "level_label", "subject": {"kind", "id", "name"}, "as_of",
     "outcome", "outcome_label", "counts": {"pass", "fail", "unknown", "not_applicable"},
     "findings": [{"check_id", "level", "title", "citation", "quote",
                   "outcome", "outcome_label", "explanation"}],
     "physicians": [<assessment>, ...]}        # institution level only
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from rtech.answers import get_path
from rtech.auth.roles import Action
from rtech.catalog import EDITIONS, Technology
from rtech.eligibility.model import Check, Level, Outcome, Verdict, summarize
from rtech.eligibility.subjects import (
    institution_subject,
    physician_subject,
    physician_summary,
    technology_profile,
)
from rtech.errors import UserError
from rtech.host import Host
from rtech.store import cases as case_store
from rtech.store import registry
from rtech.store.models import Physician
from rtech.store.users import require

__all__ = [
    "Finding",
    "assess_answers",
    "assess_case",
    "assess_institution",
    "assess_physician",
    "checks_of",
    "run_checks",
]


@dataclass(frozen=True)
class Finding:
    check: Check
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        return {
            "check_id": self.check.id,
            "level": self.check.level.value,
            "title": self.check.title,
            "citation": str(self.check.citation),
            "quote": self.check.citation.quote,
            "outcome": self.verdict.outcome.value,
            "outcome_label": self.verdict.outcome.label,
            "explanation": self.verdict.explanation,
        }


def run_checks(checks: Sequence[Check], subject: Mapping[str, Any]) -> list[Finding]:
    return [Finding(check, check(subject)) for check in checks]


def _edition(technology: Technology, edition: str | None) -> str:
    if edition is None:
        latest = technology.latest_edition
        if latest is None:
            raise UserError(f"技术“{technology.name}”不属于任何版本的目录。")
        return latest
    if edition not in EDITIONS:
        raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")
    if edition not in technology.editions:
        listed = "、".join(sorted(technology.editions)) or "无"
        raise UserError(f"技术“{technology.name}”不在{edition}年版目录中（所在版本：{listed}）。")
    return edition


def checks_of(host: Host, slug: str, edition: str, level: Level) -> list[Check]:
    return [c for c in host.eligibility_checks(slug, edition) if c.level is level]


def _assessment(
    technology: Technology,
    edition: str,
    level: Level,
    subject: Mapping[str, Any],
    findings: Sequence[Finding],
    as_of: date,
) -> dict[str, Any]:
    outcome = summarize(f.verdict.outcome for f in findings) if findings else Outcome.NOT_APPLICABLE
    counts = {o.value: 0 for o in Outcome}
    for finding in findings:
        counts[finding.verdict.outcome.value] += 1
    return {
        "technology": technology.slug,
        "technology_name": technology.name,
        "edition": edition,
        "catalog_no": technology.catalog_no(edition),
        "level": level.value,
        "level_label": level.label,
        "subject": dict(subject),
        "as_of": as_of.isoformat(),
        "outcome": outcome.value,
        "outcome_label": outcome.label,
        "counts": counts,
        "findings": [f.to_json() for f in findings],
    }


class _Personnel:
    """Personnel assessments of one technology and edition, each computed once."""

    def __init__(self, host: Host, technology: Technology, edition: str, as_of: date) -> None:
        self.technology = technology
        self.edition = edition
        self.as_of = as_of
        self.checks = checks_of(host, technology.slug, edition, Level.PERSONNEL)
        self._done: dict[int, dict[str, Any]] = {}

    def assess(self, physician: Physician) -> dict[str, Any]:
        if physician.id not in self._done:
            subject = physician_subject(physician, self.technology.slug, self.as_of)
            findings = run_checks(self.checks, subject)
            self._done[physician.id] = _assessment(
                self.technology,
                self.edition,
                Level.PERSONNEL,
                {"kind": "physician", "id": physician.id, "name": physician.name},
                findings,
                self.as_of,
            )
        return self._done[physician.id]

    def summary(self, physician: Physician) -> dict[str, Any]:
        outcome = self.assess(physician)["outcome"]
        if outcome == Outcome.NOT_APPLICABLE.value:
            # No personnel requirement at all: nothing shows the physician qualified.
            outcome = Outcome.UNKNOWN.value
        return physician_summary(physician, outcome, self.technology.slug)


def assess_physician(
    session: Session,
    host: Host,
    slug: str,
    physician_id: int,
    *,
    edition: str | None = None,
    as_of: date | None = None,
    action: Action = Action.ELIGIBILITY,
) -> dict[str, Any]:
    """The personnel checks of one physician (``action``: the right it needs; the
    intake's findings need only the right to record the case)."""
    technology = host.technology(slug)
    edition = _edition(technology, edition)
    physician = registry.get_physician(session, physician_id)
    require(session, action, institution_id=physician.institution_id)
    return _Personnel(host, technology, edition, as_of or date.today()).assess(physician)


def assess_institution(
    session: Session,
    host: Host,
    slug: str,
    institution_id: int,
    *,
    edition: str | None = None,
    as_of: date | None = None,
    action: Action = Action.ELIGIBILITY,
) -> dict[str, Any]:
    """The institution checks, with the personnel assessment of each physician who
    has a profile for the technology (under ``physicians``); ``action`` as for
    :func:`assess_physician`."""
    technology = host.technology(slug)
    edition = _edition(technology, edition)
    as_of = as_of or date.today()
    institution = registry.get_institution(session, institution_id)
    require(session, action, institution_id=institution_id, entity="institution")
    personnel = _Personnel(host, technology, edition, as_of)
    staff = [
        p
        for p in registry.list_physicians(session, institution_id)
        if technology_profile(p.profile, slug) is not None
    ]
    checks = checks_of(host, slug, edition, Level.INSTITUTION)
    cases = None
    if any("cases" in check.fields for check in checks):
        cases = _institution_cases(session, slug, institution_id, as_of)
    subject = institution_subject(
        institution, slug, [personnel.summary(p) for p in staff], as_of, cases
    )
    findings = run_checks(checks, subject)
    assessment = _assessment(
        technology,
        edition,
        Level.INSTITUTION,
        {"kind": "institution", "id": institution.id, "name": institution.name},
        findings,
        as_of,
    )
    assessment["physicians"] = [personnel.assess(p) for p in staff]
    return assessment


#: How far back a check on the institution's own cases looks (a year, plus a window after it).
_CASE_YEARS = 3


def _institution_cases(
    session: Session, slug: str, institution_id: int, as_of: date
) -> list[dict[str, Any]]:
    """The institution's submitted cases of the technology done by ``as_of``, for the
    checks that count them (``cases`` of the institution subject)."""
    start = date(as_of.year - _CASE_YEARS, 1, 1)
    return [
        {"id": r.id, "procedure_date": r.procedure_date.isoformat(), "answers": r.answers}
        for r in case_store.iter_case_records(
            session, technology=slug, institution_id=institution_id, start=start
        )
        if r.procedure_date is not None and r.procedure_date <= as_of
    ]


def _referenced_ids(answers: Any) -> set[int]:
    """Every physician the answers name: a registry reference ``{id, name}`` (the
    ``physicians`` source) wherever it sits, the team's or a technology's own
    (the physician who guided a collection)."""
    ids: set[int] = set()
    if isinstance(answers, Mapping):
        if set(answers) == {"id", "name"} and str(answers["id"]).isdigit():
            ids.add(int(answers["id"]))
            return ids
        for value in answers.values():
            ids |= _referenced_ids(value)
    elif isinstance(answers, list):
        for value in answers:
            ids |= _referenced_ids(value)
    return ids


def assess_answers(
    session: Session,
    host: Host,
    slug: str,
    *,
    institution_id: int,
    answers: Mapping[str, Any],
    edition: str | None = None,
    case_id: int | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The case checks of a case's answers (a draft too: the intake's review step)."""
    technology = host.technology(slug)
    edition = _edition(technology, edition)
    as_of = as_of or date.today()
    personnel = _Personnel(host, technology, edition, as_of)
    physicians: dict[str, Any] = {}
    for physician_id in sorted(_referenced_ids(answers)):
        try:
            physician = registry.get_physician(session, physician_id)
        except UserError:
            continue  # the checks report a physician missing from the registry
        physicians[str(physician_id)] = personnel.summary(physician)
    subject = {
        "id": case_id,
        "institution_id": institution_id,
        "answers": dict(answers),
        "physicians": physicians,
        "as_of": as_of.isoformat(),
    }
    findings = run_checks(checks_of(host, slug, edition, Level.CASE), subject)
    name = get_path(answers, "patient.record_no")
    return _assessment(
        technology,
        edition,
        Level.CASE,
        {"kind": "case", "id": case_id, "name": f"病案号 {name}" if name else "病例"},
        findings,
        as_of,
    )


def assess_case(
    session: Session,
    host: Host,
    case_id: int,
    *,
    slug: str | None = None,
    edition: str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The case checks of a stored case: its last submitted revision, else its draft.

    The edition defaults to the one the case was filed under.
    """
    case = case_store.get_case(session, case_id)
    if slug is not None and slug != case.technology:
        technology = host.technology(slug)
        raise UserError(f"病例 {case_id} 属于技术“{case.technology}”，不是“{technology.name}”。")
    answers: Mapping[str, Any] = case.draft_answers
    if case.current_revision:
        revision = next(r for r in case.revisions if r.number == case.current_revision)
        answers = revision.answers
    assessment = assess_answers(
        session,
        host,
        case.technology,
        institution_id=case.institution_id,
        answers=answers,
        edition=edition or case.edition,
        case_id=case.id,
        as_of=as_of,
    )
    assessment["subject"]["revision"] = case.current_revision
    return assessment
