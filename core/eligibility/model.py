"""Eligibility checks: data plus small pure functions, each citing its clause.

A check is evaluated against a *subject*: plain JSON-like data that
:mod:`rtech.eligibility.subjects` assembles from the store (see there for the keys
each level provides). Its result is a :class:`Verdict`: an :class:`Outcome` and a
Chinese explanation naming the values it used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rtech.catalog import Citation

__all__ = ["Check", "Condition", "Level", "Outcome", "Verdict"]

_ID = re.compile(r"^[a-z][a-z0-9_.]{1,79}$")


class Level(StrEnum):
    """Who or what a check is about (the norm's sections)."""

    INSTITUTION = "institution"  # 医疗机构基本要求
    PERSONNEL = "personnel"  # 人员基本要求, 培训管理要求
    CASE = "case"  # 技术管理基本要求, indications

    @property
    def label(self) -> str:
        return {"institution": "医疗机构", "personnel": "人员", "case": "病例"}[self.value]


class Outcome(StrEnum):
    """A check's result. ``UNKNOWN`` (data missing) is never counted as a pass;
    ``NOT_APPLICABLE`` marks a requirement that does not concern the subject (a
    hybrid operating room for an institution that performs no TAVI)."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            "pass": "符合",
            "fail": "不符合",
            "unknown": "无法判断",
            "not_applicable": "不适用",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A check's result and a Chinese explanation naming the values it used."""

    outcome: Outcome
    explanation: str


class Condition:
    """A callable ``subject -> Verdict`` that knows the subject paths it reads.

    Built by the functions of :mod:`rtech.eligibility.conditions`; a plugin may
    also wrap a small function of its own: ``Condition(fn, fields=[...])``.
    """

    __slots__ = ("_evaluate", "fields")

    def __init__(
        self, evaluate: Callable[[Mapping[str, Any]], Verdict], fields: Iterable[str] = ()
    ) -> None:
        self._evaluate = evaluate
        self.fields: frozenset[str] = frozenset(fields)

    def __call__(self, subject: Mapping[str, Any]) -> Verdict:
        return self._evaluate(subject)


def summarize(outcomes: Iterable[Outcome]) -> Outcome:
    """Several outcomes as one: any fail fails; else any unknown is unknown; else
    pass (not-applicable ones are ignored; nothing but not-applicable: not applicable)."""
    seen = set(outcomes)
    if Outcome.FAIL in seen:
        return Outcome.FAIL
    if Outcome.UNKNOWN in seen:
        return Outcome.UNKNOWN
    if Outcome.PASS in seen:
        return Outcome.PASS
    return Outcome.NOT_APPLICABLE


@dataclass(frozen=True)
class Check:
    """One requirement of a management norm.

    ``evaluate`` receives the subject of its level (institution, physician or
    case, as plain JSON-like data) and returns a :class:`Verdict`. ``fields`` are
    the subject paths it reads (``profile.cardiology.beds``,
    ``answers.consent.signed``); a :class:`Condition` supplies them itself.
    ``citation.quote`` holds the seed's own words.
    """

    id: str
    level: Level
    title: str
    citation: Citation
    evaluate: Callable[[Mapping[str, Any]], Verdict]
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"bad check id {self.id!r}: lowercase letters, digits, '_', '.'")
        if not self.title.strip():
            raise ValueError(f"check {self.id!r} has no title")
        if not self.fields and isinstance(self.evaluate, Condition):
            object.__setattr__(self, "fields", tuple(sorted(self.evaluate.fields)))

    def __call__(self, subject: Mapping[str, Any]) -> Verdict:
        verdict = self.evaluate(subject)
        if not isinstance(verdict, Verdict):
            raise TypeError(f"check {self.id!r} returned {type(verdict).__name__}, not Verdict")
        return verdict
