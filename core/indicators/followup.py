"""What the follow-up visits of a case say: deaths, relapses, last contact.

A submitted case receives follow-up visits (``rtech intake --case ID --followup``)
stored in its answers under ``followup.visits`` (forms/followup.schema.json):
each visit has a ``date``, a ``status`` (``well`` / ``event``: alive; ``dead``,
with a ``death_date``; ``lost``: no contact), a ``disease_status`` (``free`` /
``stable`` / ``relapse`` / ``progression``), the complications found later and
the technology's scores.
A death in hospital is the discharge disposition 死亡 (病案首页 离院方式 "5") on
the discharge date.

:class:`FollowUpPaths` names those fields (a technology whose form stores them
elsewhere passes its own paths); :func:`outcome_at` judges one case at a
horizon, for :class:`~rtech.indicators.model.Survival` indicators and the
:func:`died_within` predicate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from rtech.answers import get_path
from rtech.indicators.events import _as_day
from rtech.indicators.expr import Predicate

__all__ = ["FollowUpPaths", "Outcome", "died_within", "outcome_at"]

Answers = Mapping[str, Any]

RELAPSE = ("relapse", "progression")


@dataclass(frozen=True, slots=True)
class FollowUpPaths:
    visits: str = "followup.visits"
    date: str = "date"
    vital_status: str = "status"
    alive: tuple[str, ...] = ("well", "event")
    dead: str = "dead"
    death_date: str = "death_date"
    disease_status: str = "disease_status"
    discharge_disposition: str = "admission.discharge_disposition"
    discharge_date: str = "admission.discharge_date"
    died_in_hospital: str = "5"  # 病案首页 离院方式 5 = 死亡

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({self.visits, self.discharge_disposition, self.discharge_date})


DEFAULT_PATHS = FollowUpPaths()


class Outcome(StrEnum):
    SURVIVED = "survived"
    DIED = "died"  # or, for disease-free survival, relapsed
    LOST = "lost"
    NOT_YET = "not_yet"  # the horizon has not elapsed
    UNKNOWN = "unknown"  # no anchor date, or a death without a readable date


def _visits(answers: Answers, paths: FollowUpPaths) -> list[Mapping[str, Any]]:
    visits = get_path(answers, paths.visits)
    return [v for v in visits if isinstance(v, Mapping)] if isinstance(visits, list) else []


def death_day(answers: Answers, paths: FollowUpPaths = DEFAULT_PATHS) -> date | bool | None:
    """The earliest known day of death; ``None`` if none is known; ``False`` if a
    death is recorded without a readable day."""
    days: list[date] = []
    if str(get_path(answers, paths.discharge_disposition)) == paths.died_in_hospital:
        day = _as_day(get_path(answers, paths.discharge_date))
        if day is None:
            return False
        days.append(day)
    for visit in _visits(answers, paths):
        if visit.get(paths.vital_status) == paths.dead:
            day = _as_day(visit.get(paths.death_date)) or _as_day(visit.get(paths.date))
            if day is None:
                return False
            days.append(day)
    return min(days) if days else None


def outcome_at(
    answers: Answers,
    *,
    anchor: str,
    horizon_days: int,
    as_of: date,
    disease_free: bool = False,
    paths: FollowUpPaths = DEFAULT_PATHS,
) -> Outcome:
    """The case ``horizon_days`` after the day at ``anchor``, judged on ``as_of``.

    Boundaries: a death on the horizon day is a death within the horizon; a
    visit on the horizon day finding the patient alive is survival.
    """
    start = _as_day(get_path(answers, anchor))
    if start is None:
        return Outcome.UNKNOWN
    horizon = start + timedelta(days=horizon_days)
    if as_of < horizon:
        return Outcome.NOT_YET
    died = death_day(answers, paths)
    if died is False:
        return Outcome.UNKNOWN
    if isinstance(died, date) and died <= horizon:
        return Outcome.DIED
    visits = _visits(answers, paths)
    if disease_free:
        for visit in visits:
            day = _as_day(visit.get(paths.date))
            if visit.get(paths.disease_status) in RELAPSE:
                if day is None:
                    return Outcome.UNKNOWN
                if day <= horizon:
                    return Outcome.DIED
    for visit in visits:
        day = _as_day(visit.get(paths.date))
        if day is None or day < horizon:
            continue
        if visit.get(paths.vital_status) in paths.alive or (
            isinstance(died, date) and died > horizon
        ):
            if disease_free and visit.get(paths.disease_status) in (None, ""):
                continue  # alive, but the visit does not say whether free of disease
            return Outcome.SURVIVED
    if isinstance(died, date):  # died after the horizon: alive on the horizon day
        return Outcome.LOST if disease_free else Outcome.SURVIVED
    return Outcome.LOST


def died_within(
    days: int, *, after: str = "procedure.date", paths: FollowUpPaths = DEFAULT_PATHS
) -> Predicate:
    """Died on or before ``days`` days after the day at ``after`` (in hospital or at
    follow-up). Pair it with ``observe=Window(after, days)`` so that cases whose
    window is still open are not yet observable."""

    def test(answers: Answers) -> bool | None:
        start = _as_day(get_path(answers, after))
        died = death_day(answers, paths)
        if died is False or start is None:
            return None
        if died is None:
            return False
        assert isinstance(died, date)
        return 0 <= (died - start).days <= days

    return Predicate(test, paths.fields | {after}, f"died within {days} d of {after}")
