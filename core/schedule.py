"""Follow-up schedules as technologies declare them (``rtech_followup_schedule``).

A schedule is data: the visits a technology's norm or indicators ask for
("术后6月、1年、2年、3年、5年" for HIFU, "术后90天 mRS" for neurovascular,
"移植后100天、1年" for auto-HSCT), each a number of days or months after an
anchor date of the case, with a tolerance around it, and the scores the visit
records. ``rtech followups due`` and the home screen list the visits that are
due or overdue; ``rtech intake --case ID --followup`` records one.

A visit's time may also come from the case's answers (cardio's "首次随访间隔",
``months_at="followup.interval_months"``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rtech.answers import get_path
from rtech.catalog import Citation
from rtech.indicators.expr import F, Predicate

__all__ = ["FollowUpSchedule", "ScheduledVisit", "VisitScore", "add_months"]

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class VisitScore:
    """A number the follow-up visit records in ``scores`` (mRS, KPS, pain VAS…)."""

    key: str
    title: str
    minimum: float
    maximum: float
    integer: bool = True
    help: str = ""

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"bad score key {self.key!r}: lowercase letters, digits, '_'")
        if self.minimum > self.maximum:
            raise ValueError(f"score {self.key!r}: minimum above maximum")

    def schema(self, order: int) -> dict[str, Any]:
        """The question of the follow-up form that asks for it."""
        return {
            "type": "integer" if self.integer else "number",
            "title": self.title,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "x-order": order,
            "x-prompt": f"{self.title}？（{self.minimum:g}～{self.maximum:g}）",
            **({"x-help": self.help} if self.help else {}),
        }


@dataclass(frozen=True)
class ScheduledVisit:
    """One visit: ``days`` or ``months`` after the date at ``anchor`` (or the number
    of months the answers hold at ``months_at``), expected from ``early`` days
    before to ``late`` days after that day (overdue afterwards)."""

    label: str
    days: int | None = None
    months: int | None = None
    months_at: str | None = None
    anchor: str = "procedure.date"
    early: int = 7
    late: int = 30
    scores: tuple[VisitScore, ...] = ()

    def __post_init__(self) -> None:
        given = [x for x in (self.days, self.months, self.months_at) if x is not None]
        if len(given) != 1:
            raise ValueError(f"visit {self.label!r}: give exactly one of days, months, months_at")
        if self.early < 0 or self.late < 0:
            raise ValueError(f"visit {self.label!r}: negative tolerance")

    def due_on(self, answers: Mapping[str, Any]) -> date | None:
        """The day the visit is due for these answers (``None``: cannot tell)."""
        raw = get_path(answers, self.anchor)
        try:
            start = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            start = None
        if start is None:
            return None
        if self.days is not None:
            return start + timedelta(days=self.days)
        months = self.months
        if self.months_at is not None:
            found = get_path(answers, self.months_at)
            months = found if isinstance(found, int) and not isinstance(found, bool) else None
        return None if months is None else add_months(start, months)

    def done_by(
        self, visits: list[Mapping[str, Any]], due: date, until: date | None = None
    ) -> Mapping[str, Any] | None:
        """The recorded visit that fulfils this one: dated from the window's first day
        (``early`` days before the due day) up to ``until`` (the next scheduled
        visit's first day; a late visit still fulfils an overdue one)."""
        first = due - timedelta(days=self.early)
        for visit in visits:
            raw = visit.get("date")
            try:
                day = date.fromisoformat(raw) if isinstance(raw, str) else None
            except ValueError:
                continue
            if day is not None and first <= day and (until is None or day < until):
                return visit
        return None


@dataclass(frozen=True)
class FollowUpSchedule:
    """A technology's follow-up visits, the clause that asks for them, and whom they
    concern (``applies``: a test of the answers; ``None``: every case)."""

    visits: tuple[ScheduledVisit, ...]
    citation: Citation | None = None
    applies: Predicate | None = None
    note: str = ""

    def __post_init__(self) -> None:
        labels = [v.label for v in self.visits]
        if len(set(labels)) != len(labels):
            raise ValueError("two scheduled visits share a label")

    @classmethod
    def planned(cls, citation: Citation, *, label: str = "首次随访") -> FollowUpSchedule:
        """The first visit the case form plans, for a norm that fixes no times.

        The shared follow-up fragment (forms/followup.schema.json) records the
        interval the physician planned, ``followup.interval_months`` after
        discharge: that visit falls due (7 days early to 30 late) for every case
        whose plan is not ``"none"``. ``citation`` is the norm's 随访制度 clause.
        """
        visit = ScheduledVisit(
            label,
            months_at="followup.interval_months",
            anchor="admission.discharge_date",
            early=7,
            late=30,
        )
        return cls((visit,), citation, F("followup.plan").ne("none"))
