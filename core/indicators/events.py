"""Dated events, windows after the procedure and intervals in minutes.

The seeds count what happens *after* the procedure: "术后1周内" re-operations,
complications "术后30天内", rescues "同一患者24小时内行多次抢救，记为‘一例次’",
deaths within 100 days, door-to-puncture "90分钟内". These builders turn a list
of dated events in the answers (complications, rescues, re-operations, follow-up
visits: arrays of objects, each with a date or a datetime) into the
:class:`~rtech.indicators.expr.Predicate` and :class:`~rtech.indicators.expr.Value`
objects every indicator is made of. They are parameterised by field paths, so
they fit whatever shape a form gives its events::

    COMPLICATIONS = Events("complications", date="onset_date")
    SEVERE_30D = COMPLICATIONS.where(severity="severe").within(30, after="procedure.date")
    Indicator(..., numerator=SEVERE_30D.any(), observe=Window("procedure.date", 30))

Windows are closed: "within 7 days" counts day 0 (the procedure day) through
day 7; day 8 is outside. An event without a readable date, which would
otherwise count, makes the answer unknown (the case is listed as incomplete)
rather than silently in or out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rtech.answers import get_path
from rtech.indicators.expr import Predicate, Value, _as_date, _same

__all__ = [
    "Events",
    "Window",
    "as_datetime",
    "date_within",
    "minutes_between",
]

Answers = Mapping[str, Any]


def as_datetime(value: Any) -> datetime | None:
    """An ISO datetime (``2024-03-01T08:15``, ``2024-03-01 08:15``) or ``None``."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace(" ", "T", 1)).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def _as_day(value: Any) -> date | None:
    """The calendar day of a date or a datetime."""
    moment = as_datetime(value) if isinstance(value, str) and len(value) > 10 else None
    if moment is not None:
        return moment.date()
    return _as_date(value)


@dataclass(frozen=True, slots=True)
class Window:
    """A period after an anchor date that must have elapsed before a case can be judged.

    ``Window("procedure.date", 30)``: a case whose procedure was on 2024-03-01 is
    observable from 2024-03-31 on (day 30 has elapsed). Before that it is *not
    yet observable*: outside the denominator and never in the numerator.
    """

    anchor: str
    days: int

    def __post_init__(self) -> None:
        if self.days < 0:
            raise ValueError(f"window of {self.days} days")

    def matures_on(self, answers: Answers) -> date | None:
        """The first day the window has fully elapsed (``None``: no anchor date)."""
        start = _as_day(get_path(answers, self.anchor))
        return None if start is None else start + timedelta(days=self.days)

    def describe(self) -> str:
        return f"{self.anchor} 后 {self.days} 天"


class Events:
    """The dated events in a list of the answers, filtered step by step.

    :param path: the list (``complications``, ``rescue.events``, ``followup.visits``).
    :param date: the field of each item holding its date or datetime.
    :param time: the field holding its time of day (``HH:MM``) where the form asks
        date and time apart (the rescue fragment); episodes are then grouped by
        the moment both give.
    """

    __slots__ = ("_after", "_days", "_filters", "_text", "date", "path", "time")

    def __init__(
        self,
        path: str,
        *,
        date: str = "date",
        time: str | None = None,
        _filters: tuple[tuple[str, tuple[Any, ...]], ...] = (),
        _after: str | None = None,
        _days: int | None = None,
    ) -> None:
        self.path = path
        self.date = date
        self.time = time
        self._filters = _filters
        self._after = _after
        self._days = _days
        text = path
        if _filters:
            text += "[" + ", ".join(f"{k} in {list(v)}" for k, v in _filters) + "]"
        if _after is not None:
            text += f" within {_days} d of {_after}"
        self._text = text

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({self.path} | ({self._after} if self._after else set()))

    def where(self, **wanted: Any) -> Events:
        """Only the items whose field equals the value (or one of a tuple/list/set of values)."""
        filters = list(self._filters)
        for key, value in wanted.items():
            choices = (
                tuple(value) if isinstance(value, tuple | list | set | frozenset) else (value,)
            )
            filters.append((key, choices))
        return Events(
            self.path,
            date=self.date,
            time=self.time,
            _filters=tuple(filters),
            _after=self._after,
            _days=self._days,
        )

    def within(self, days: int, *, after: str) -> Events:
        """Only the items dated from the day at ``after`` to ``days`` days later (both included)."""
        if days < 0:
            raise ValueError(f"window of {days} days")
        return Events(
            self.path,
            date=self.date,
            time=self.time,
            _filters=self._filters,
            _after=after,
            _days=days,
        )

    # -- reading -----------------------------------------------------------

    def _matching(self, answers: Answers) -> tuple[list[Mapping[str, Any]], bool] | None:
        """(matching items, whether some undated item might also match); ``None``: no list."""
        items = get_path(answers, self.path)
        if items is None:
            return None
        if not isinstance(items, list):
            return None
        anchor: date | None = None
        if self._after is not None:
            anchor = _as_day(get_path(answers, self._after))
        unsure = False
        found = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            if not all(any(_same(item.get(k), c) for c in v) for k, v in self._filters):
                continue
            if self._after is not None:
                assert self._days is not None
                day = _as_day(item.get(self.date))
                if day is None or anchor is None:
                    unsure = True
                    continue
                if not 0 <= (day - anchor).days <= self._days:
                    continue
            found.append(item)
        return found, unsure

    def any(self) -> Predicate:
        """At least one matching event (an empty list: False; no list: unknown)."""

        def test(answers: Answers) -> bool | None:
            result = self._matching(answers)
            if result is None:
                return None
            found, unsure = result
            if found:
                return True
            return None if unsure else False

        return Predicate(test, self.fields, f"any {self._text}")

    def count(self, *, dedupe_hours: float | None = None) -> Value:
        """How many matching events; with ``dedupe_hours``, events less than that many
        hours after the first of an episode are one (the seed's "24小时内…记为一例次")."""

        def compute(answers: Answers) -> float | None:
            episodes = self.episodes(answers, dedupe_hours)
            return None if episodes is None else float(len(episodes))

        suffix = f", one per {dedupe_hours:g} h" if dedupe_hours else ""
        return Value(compute, self.fields, f"count {self._text}{suffix}")

    def count_episodes(
        self, *, hours: float, outcome: Callable[[Mapping[str, Any]], bool | None]
    ) -> Value:
        """Episodes (events within ``hours`` of an episode's first are one) whose
        last event satisfies ``outcome`` — e.g. a rescue episode that the patient
        survived by 24 hours (抢救成功)."""

        def compute(answers: Answers) -> float | None:
            episodes = self.episodes(answers, hours)
            if episodes is None:
                return None
            total = 0
            for episode in episodes:
                result = outcome(episode[-1])
                if result is None:
                    return None
                total += bool(result)
            return float(total)

        return Value(compute, self.fields, f"episodes of {self._text} by {hours:g} h")

    def episodes(
        self, answers: Answers, hours: float | None
    ) -> list[list[Mapping[str, Any]]] | None:
        """Matching events grouped into episodes, oldest first (``None``: undecidable)."""
        result = self._matching(answers)
        if result is None:
            return None
        found, unsure = result
        if unsure:
            return None
        if not hours:
            return [[item] for item in found]
        stamped = []
        for item in found:
            moment = self._moment(item)
            if moment is None:
                return None  # cannot tell which episode it belongs to
            stamped.append((moment, item))
        stamped.sort(key=lambda pair: pair[0])
        episodes: list[list[Mapping[str, Any]]] = []
        opened: datetime | None = None
        limit = timedelta(hours=hours)
        for moment, item in stamped:
            if opened is not None and moment - opened < limit:
                episodes[-1].append(item)
            else:
                episodes.append([item])
                opened = moment
        return episodes

    def _moment(self, item: Mapping[str, Any]) -> datetime | None:
        """The item's datetime: its date field, with its time field where there is one."""
        if self.time is None:
            return as_datetime(item.get(self.date))
        day, clock = _as_day(item.get(self.date)), item.get(self.time)
        if day is None or not isinstance(clock, str):
            return None
        return as_datetime(f"{day.isoformat()}T{clock.strip()}")

    def __repr__(self) -> str:
        return f"Events({self._text})"


def date_within(path: str, days: int, *, after: str) -> Predicate:
    """The date at ``path`` falls from the day at ``after`` to ``days`` days later.

    An unanswered date is False (no such event); a date that cannot be read, or
    an anchor that is missing, is unknown.
    """

    def test(answers: Answers) -> bool | None:
        raw = get_path(answers, path)
        if raw is None:
            return False
        day, anchor = _as_day(raw), _as_day(get_path(answers, after))
        if day is None or anchor is None:
            return None
        return 0 <= (day - anchor).days <= days

    return Predicate(test, (path, after), f"{path} within {days} d of {after}")


def minutes_between(start: str, end: str) -> Value:
    """Whole minutes from the datetime at ``start`` to the one at ``end``.

    ``None`` when either is missing or unreadable, or when ``end`` is before
    ``start`` (a data error, listed as incomplete, never a negative interval).
    """

    def compute(answers: Answers) -> float | None:
        first, last = as_datetime(get_path(answers, start)), as_datetime(get_path(answers, end))
        if first is None or last is None or last < first:
            return None
        return (last - first).total_seconds() // 60

    return Value(compute, (start, end), f"minutes({start} -> {end})")
