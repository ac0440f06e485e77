"""Follow-ups due: the scheduled visits of submitted cases not yet recorded.

Each technology declares its schedule (``rtech_followup_schedule``,
:class:`rtech.schedule.FollowUpSchedule`); a submitted case's visit is *done*
when a recorded visit falls inside its window, *overdue* once the window has
closed without one, *due* while the window is open, *upcoming* before. A patient
known to have died has no visit due. ``rtech followups due`` and the TUI home
screen show the list; ``rtech intake --case ID --followup`` records a visit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy.exc import IntegrityError

from rtech.answers import get_path
from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.indicators.followup import death_day
from rtech.store import DatabaseBusyError
from rtech.store import followups as plan_store
from rtech.store.outcomes import answers_of
from rtech.store.users import require

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host
    from rtech.schedule import FollowUpSchedule
    from rtech.store import Store

__all__ = [
    "STATUS_LABELS",
    "DueVisit",
    "followups_due",
    "parse_within",
    "pending_visits",
    "refresh_followups",
    "schedule_fingerprint",
]

log = logging.getLogger(__name__)

STATUS_LABELS = {"overdue": "已逾期", "due": "应随访", "upcoming": "即将到期"}
_WITHIN = re.compile(r"^\s*(\d{1,4})\s*(d|天|日|w|周|m|月|个月)?\s*$", re.IGNORECASE)


def parse_within(text: str) -> int:
    """``14d`` / ``14天`` / ``2w`` / ``1m`` / ``14`` -> days."""
    found = _WITHIN.match(text)
    if not found:
        raise UserError(
            f"无法识别的时间范围“{text}”。", hint="例如 14d（14 天）、2w（2 周）、1m（1 个月）。"
        )
    number, unit = int(found.group(1)), (found.group(2) or "d").lower()
    return number * {"d": 1, "天": 1, "日": 1, "w": 7, "周": 7}.get(unit, 30)


@dataclass(frozen=True)
class DueVisit:
    case_id: int
    technology: str
    institution_id: int
    record_no: str | None
    patient_name: str | None
    visit: str
    due_on: date
    window_start: date
    window_end: date
    status: str

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "technology": self.technology,
            "institution_id": self.institution_id,
            "record_no": self.record_no,
            "patient_name": self.patient_name,
            "visit": self.visit,
            "due_on": self.due_on.isoformat(),
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "days_from_today": (self.due_on - today).days,
        }


def _visits(answers: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    followup = answers.get("followup")
    visits = followup.get("visits") if isinstance(followup, Mapping) else None
    return [v for v in visits if isinstance(v, Mapping)] if isinstance(visits, list) else []


#: Bumped when what makes a visit pending changes here (death, windows, the row's
#: shape): every stored plan is then stale.
PLAN_FORMAT: Final = 1


#: Plans written by one refresh after which the planner's statistics are renewed.
ANALYZE_AFTER: Final = 1000


def schedule_fingerprint(schedule: FollowUpSchedule) -> str:
    """What a stored plan was computed from: this module's rules and the schedule
    (its visits, windows, anchors and whom it concerns)."""
    return hashlib.sha256(f"{PLAN_FORMAT}|{schedule!r}".encode()).hexdigest()


def pending_visits(schedule: FollowUpSchedule, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The scheduled visits these answers do not record, whatever the day: what
    stays true of a revision until a new one. Each ``{"visit", "due", "start",
    "end"}``, ISO dates; none for a case the schedule does not concern or a
    patient known to have died."""
    if schedule.applies is not None and schedule.applies(answers) is not True:
        return []
    if death_day(answers) is not None:
        return []
    recorded = _visits(answers)
    dues = [(visit, visit.due_on(answers)) for visit in schedule.visits]
    pending = []
    for index, (visit, due) in enumerate(dues):
        later = [d - timedelta(days=v.early) for v, d in dues[index + 1 :] if d is not None]
        until = min(later) if later else None
        if due is None or visit.done_by(recorded, due, until) is not None:
            continue
        start, end = due - timedelta(days=visit.early), due + timedelta(days=visit.late)
        pending.append(
            {
                "visit": visit.label,
                "due": due.isoformat(),
                "start": start.isoformat(),
                "end": end.isoformat(),
            }
        )
    return pending


def _plan(
    schedule: FollowUpSchedule, revision: int, answers: Mapping[str, Any]
) -> tuple[int, date | None, list[dict[str, Any]], str]:
    pending = pending_visits(schedule, answers)
    next_due = min((date.fromisoformat(p["due"]) for p in pending), default=None)
    return revision, next_due, pending, str(get_path(answers, "patient.name") or "")


def refresh_followups(store: Store, host: Host, technology: str | None = None) -> int:
    """Store the pending visits of every case whose stored plan is stale (a new
    revision, or a changed schedule); returns how many were written. A cache: a
    concurrent refresh that wins a race is simply kept, and a busy database only
    postpones the rest."""
    written = 0
    for slug, schedule in _schedules(host, technology):
        fingerprint = schedule_fingerprint(schedule)
        with store.read() as session:
            stale = plan_store.stale_case_ids(session, technology=slug, fingerprint=fingerprint)
        for offset in range(0, len(stale), plan_store.CHUNK):
            chunk = stale[offset : offset + plan_store.CHUNK]
            try:
                with store.write() as session:
                    answers = answers_of(session, chunk)
                    written += plan_store.save_plans(
                        session,
                        technology=slug,
                        fingerprint=fingerprint,
                        rows=[
                            (case_id, *_plan(schedule, revision, data))
                            for case_id, (revision, data) in answers.items()
                        ],
                    )
            except IntegrityError:
                log.info("follow-up plans of %s refreshed concurrently", slug)
            except DatabaseBusyError:
                # Only a cache: the cases left stale are read from their answers.
                log.info("follow-up plans of %s not refreshed: database busy", slug)
                return written
    if written >= ANALYZE_AFTER:
        with store.write() as session:
            plan_store.analyze(session)
    return written


def followups_due(
    session: Session,
    host: Host,
    *,
    today: date,
    within_days: int = 14,
    technology: str | None = None,
    institution_id: int | None = None,
) -> list[DueVisit]:
    """Visits not recorded whose day is at most ``within_days`` after ``today``
    (overdue ones included), most urgent first; only the actor's institutions.

    Read from the stored plans where they are fresh (:func:`refresh_followups`),
    from the answers of the other cases: the same list either way."""
    require(session, Action.FOLLOWUPS, institution_id=institution_id, entity="institution")
    horizon = today + timedelta(days=within_days)
    found: list[DueVisit] = []
    for slug, schedule in _schedules(host, technology):
        fingerprint = schedule_fingerprint(schedule)
        rows: list[tuple[int, int, str | None, str, list[dict[str, Any]]]] = list(
            plan_store.due_plans(
                session,
                technology=slug,
                fingerprint=fingerprint,
                horizon=horizon,
                institution_id=institution_id,
            )
        )
        for case_id, institution, record_no, _, answers in plan_store.stale_cases(
            session, technology=slug, fingerprint=fingerprint, institution_id=institution_id
        ):
            _, _, pending, patient = _plan(schedule, 0, answers)
            rows.append((case_id, institution, record_no, patient, pending))
        for case_id, institution, record_no, patient, pending in rows:
            for visit in pending:
                due = date.fromisoformat(visit["due"])
                if due > horizon:
                    continue
                start, end = date.fromisoformat(visit["start"]), date.fromisoformat(visit["end"])
                status = "overdue" if today > end else ("due" if today >= start else "upcoming")
                found.append(
                    DueVisit(
                        case_id,
                        slug,
                        institution,
                        record_no,
                        patient or None,
                        visit["visit"],
                        due,
                        start,
                        end,
                        status,
                    )
                )
    found.sort(key=lambda d: (d.due_on, d.case_id, d.visit))
    return found


def _schedules(host: Host, technology: str | None) -> Iterator[tuple[str, FollowUpSchedule]]:
    slugs = [technology] if technology else [t.slug for t in host.technologies]
    for slug in slugs:
        schedule = host.followup_schedule(slug)
        if schedule is not None:
            yield slug, schedule
