"""Follow-ups due: the scheduled visits of submitted cases not yet recorded.

Each technology declares its schedule (``rtech_followup_schedule``,
:class:`rtech.schedule.FollowUpSchedule`); a submitted case's visit is *done*
when a recorded visit falls inside its window, *overdue* once the window has
closed without one, *due* while the window is open, *upcoming* before. A patient
known to have died has no visit due. ``rtech followups due`` and the TUI home
screen show the list; ``rtech intake --case ID --followup`` records a visit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rtech.answers import get_path
from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.indicators.followup import death_day
from rtech.store import cases as case_store
from rtech.store.users import require

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host

__all__ = ["STATUS_LABELS", "DueVisit", "followups_due", "parse_within"]

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
    (overdue ones included), most urgent first; only the actor's institutions."""
    require(session, Action.FOLLOWUPS, institution_id=institution_id, entity="institution")
    slugs = [technology] if technology else [t.slug for t in host.technologies]
    found: list[DueVisit] = []
    for slug in slugs:
        schedule = host.followup_schedule(slug)
        if schedule is None:
            continue
        for record in case_store.iter_case_records(
            session, technology=slug, institution_id=institution_id
        ):
            found.extend(_due(record, schedule, slug, today, within_days))
    found.sort(key=lambda d: (d.due_on, d.case_id, d.visit))
    return found


def _due(
    record: case_store.CaseRecord, schedule: Any, slug: str, today: date, within_days: int
) -> Iterator[DueVisit]:
    answers = record.answers
    if schedule.applies is not None and schedule.applies(answers) is not True:
        return
    if death_day(answers) is not None:
        return
    recorded = _visits(answers)
    horizon = today + timedelta(days=within_days)
    dues = [(visit, visit.due_on(answers)) for visit in schedule.visits]
    for index, (visit, due) in enumerate(dues):
        later = [d - timedelta(days=v.early) for v, d in dues[index + 1 :] if d is not None]
        until = min(later) if later else None
        if due is None or due > horizon or visit.done_by(recorded, due, until) is not None:
            continue
        start, end = due - timedelta(days=visit.early), due + timedelta(days=visit.late)
        status = "overdue" if today > end else ("due" if today >= start else "upcoming")
        yield DueVisit(
            record.id,
            slug,
            record.institution_id,
            record.record_no,
            str(get_path(answers, "patient.name") or "") or None,
            visit.label,
            due,
            start,
            end,
            status,
        )
