"""Cross-field date rules every case form gets, on the shared sections' paths.

The shared fragments sit at conventional names in every case form (the same
paths ``rtech.store.cases.case_facts`` reads): ``admission`` (入院、出院日期,
离院方式), ``procedure.date``, ``consent`` and ``followup``. Whatever the
technology, its dates must tell one story:

- the procedure lies within the stay, from admission to discharge (a day case
  is admitted and discharged on the day of its procedure; a stay not yet ended
  bounds it by the admission only);
- consent is signed on or before the day of the procedure;
- a follow-up visit comes after the procedure;
- a death (a follow-up visit whose result is 死亡) is not before it; a death in
  hospital is the discharge (离院方式 死亡), already bound by the first rule.
  While a visit is being entered and its result is not yet known, only a date
  before the procedure is refused (wrong whatever the result).

A rule fires only when both dates are answered; its message names both. A
``x-not-before`` on one field (a form's own rule) gives the same message for
the same pair, so the two never repeat each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rtech.answers import get_path

__all__ = ["DATE_RULES", "DateProblem", "DateRule", "date_problems"]


#: How the date at ``later`` must stand to the one at ``earlier``: the test that
#: breaks the rule, and the word the message uses for it.
_BROKEN: dict[str, tuple[Callable[[date, date], bool], str]] = {
    "not_before": (lambda day, bound: day < bound, "早于"),
    "after": (lambda day, bound: day <= bound, "不晚于"),
    "not_after": (lambda day, bound: day > bound, "晚于"),
}


@dataclass(frozen=True, slots=True)
class DateRule:
    """The date at ``later`` must be ``order`` (not_before, after, not_after) ``earlier``.

    ``later`` may run through a list (``followup.visits.*.date``); ``when``, if
    given, decides from the list element whether the rule applies to it.
    """

    later: str
    earlier: str
    later_name: str
    earlier_name: str
    order: str = "not_before"
    reason: str = ""
    when: Callable[[Mapping[str, Any]], bool] | None = None

    def broken(self, day: date, bound: date) -> bool:
        return _BROKEN[self.order][0](day, bound)

    def message(self, later: str, earlier: str) -> str:
        relation = _BROKEN[self.order][1]
        why = f"：{self.reason}" if self.reason else ""
        return f"{self.later_name} {later} {relation}{self.earlier_name} {earlier}{why}，请核对"


def _died(visit: Mapping[str, Any]) -> bool:
    return visit.get("status") == "dead"


def _alive(visit: Mapping[str, Any]) -> bool:
    return visit.get("status") not in (None, "dead")


def _undecided(visit: Mapping[str, Any]) -> bool:
    """A visit being entered, its result not yet given: only what no result allows."""
    return visit.get("status") is None


#: The rules, in the order their messages are listed.
DATE_RULES: tuple[DateRule, ...] = (
    DateRule("procedure.date", "admission.admission_date", "手术日期", "入院日期"),
    DateRule(
        "procedure.date",
        "admission.discharge_date",
        "手术日期",
        "出院日期",
        "not_after",
        "手术应在住院期间（入院至出院之间）",
    ),
    DateRule(
        "consent.date",
        "procedure.date",
        "知情同意书签署日期",
        "手术日期",
        "not_after",
        "应在手术前签署",
    ),
    DateRule(
        "followup.visits.*.date",
        "procedure.date",
        "随访日期",
        "手术日期",
        "after",
        "随访应在手术之后",
        when=_alive,
    ),
    DateRule("followup.visits.*.date", "procedure.date", "死亡日期", "手术日期", when=_died),
    DateRule("followup.visits.*.death_date", "procedure.date", "死亡日期", "手术日期", when=_died),
    DateRule(
        "followup.visits.*.date",
        "procedure.date",
        "随访日期",
        "手术日期",
        reason="随访应在手术之后",
        when=_undecided,
    ),
)


@dataclass(frozen=True, slots=True)
class DateProblem:
    path: tuple[str, ...]
    message: str


def _dated(answers: Mapping[str, Any], dotted: str) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
    """``(path, value, scope)`` of every answer at ``dotted`` (``*`` runs through a list)."""
    head, star, tail = dotted.partition(".*.")
    if not star:
        yield tuple(dotted.split(".")), get_path(answers, dotted), answers
        return
    items = get_path(answers, head)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            path = (*head.split("."), str(index), *tail.split("."))
            yield path, get_path(item, tail), item


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_problems(answers: Mapping[str, Any]) -> list[DateProblem]:
    """Every rule broken by ``answers``: the later date's path and the message."""
    found = []
    for rule in DATE_RULES:
        other = get_path(answers, rule.earlier)
        bound = _day(other)
        if bound is None:
            continue
        for path, value, scope in _dated(answers, rule.later):
            day = _day(value)
            if day is None:
                continue
            if rule.when is not None and not rule.when(scope):
                continue
            if rule.broken(day, bound):
                found.append(DateProblem(path, rule.message(str(value), str(other))))
    return found
