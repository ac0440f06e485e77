"""Predicates and values over one case's answers, as data.

An indicator's numerator and denominator are *predicates* built from form
fields (``F("coronary.presentation").eq("stemi")``); a mean indicator averages a
*value* (``F("admission.total_cost").number()``). Because they are data rather
than opaque lambdas, each knows the form fields it reads (``.fields``), which the
conformance suite resolves against the plugin's case form.

Logic is three-valued (Kleene): a predicate returns ``True``, ``False`` or
``None`` when the answers lack what it needs. ``None`` is never counted as
``True``: ``False & None`` is ``False`` (a balloon-only PCI is not a stent case,
whatever its stent count), ``True & None`` is ``None`` (the case is reported as
incomplete, not silently dropped into either count).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from typing import Any

from rtech.answers import MISSING, get_path

__all__ = [
    "F",
    "Predicate",
    "Value",
    "all_of",
    "any_of",
    "constant",
    "days_between",
    "value_if",
]

Answers = Mapping[str, Any]


class Predicate:
    """A three-valued test of one case's answers; combine with ``&``, ``|``, ``~``."""

    __slots__ = ("_test", "fields", "text")

    def __init__(
        self, test: Callable[[Answers], bool | None], fields: Iterable[str], text: str
    ) -> None:
        self._test = test
        self.fields: frozenset[str] = frozenset(fields)
        self.text = text

    def __call__(self, answers: Answers) -> bool | None:
        return self._test(answers)

    def __and__(self, other: Predicate) -> Predicate:
        return all_of(self, other)

    def __or__(self, other: Predicate) -> Predicate:
        return any_of(self, other)

    def __invert__(self) -> Predicate:
        inner = self

        def test(answers: Answers) -> bool | None:
            result = inner(answers)
            return None if result is None else not result

        return Predicate(test, inner.fields, f"not ({inner.text})")

    def __repr__(self) -> str:
        return f"Predicate({self.text})"


def all_of(*predicates: Predicate) -> Predicate:
    """True when every predicate is; False as soon as one is False; else None."""

    def test(answers: Answers) -> bool | None:
        unknown = False
        for predicate in predicates:
            result = predicate(answers)
            if result is False:
                return False
            if result is None:
                unknown = True
        return None if unknown else True

    return Predicate(
        test,
        frozenset().union(*(p.fields for p in predicates)),
        " and ".join(f"({p.text})" for p in predicates),
    )


def any_of(*predicates: Predicate) -> Predicate:
    """True as soon as one predicate is; False when every one is False; else None."""

    def test(answers: Answers) -> bool | None:
        unknown = False
        for predicate in predicates:
            result = predicate(answers)
            if result is True:
                return True
            if result is None:
                unknown = True
        return None if unknown else False

    return Predicate(
        test,
        frozenset().union(*(p.fields for p in predicates)),
        " or ".join(f"({p.text})" for p in predicates),
    )


class Value:
    """A number computed from one case's answers (``None`` when it cannot be)."""

    __slots__ = ("_compute", "fields", "text")

    def __init__(
        self, compute: Callable[[Answers], float | None], fields: Iterable[str], text: str
    ) -> None:
        self._compute = compute
        self.fields: frozenset[str] = frozenset(fields)
        self.text = text

    def __call__(self, answers: Answers) -> float | None:
        return self._compute(answers)

    def __repr__(self) -> str:
        return f"Value({self.text})"


def constant(number: float) -> Value:
    return Value(lambda _answers: float(number), (), repr(number))


def value_if(condition: Predicate, then: Value, otherwise: Value) -> Value:
    """``then`` where ``condition`` holds, ``otherwise`` where it does not."""

    def compute(answers: Answers) -> float | None:
        holds = condition(answers)
        if holds is None:
            return None
        return then(answers) if holds else otherwise(answers)

    return Value(
        compute,
        condition.fields | then.fields | otherwise.fields,
        f"{then.text} if {condition.text} else {otherwise.text}",
    )


def days_between(start: str, end: str, *, minimum: int = 0) -> Value:
    """Whole days from the date at ``start`` to the date at ``end`` (at least ``minimum``)."""

    def compute(answers: Answers) -> float | None:
        first, last = _as_date(get_path(answers, start)), _as_date(get_path(answers, end))
        if first is None or last is None or last < first:
            return None
        return float(max((last - first).days, minimum))

    return Value(compute, (start, end), f"days({start} -> {end})")


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _same(value: Any, expected: Any) -> bool:
    """Equality that keeps booleans apart from 0 and 1."""
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    return bool(value == expected)


class F:
    """A field of the case form, by its dotted path (``coronary.stent_count``)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        if not path or path.startswith(".") or path.endswith("."):
            raise ValueError(f"bad field path {path!r}")
        self.path = path

    def _get(self, answers: Answers) -> Any:
        return get_path(answers, self.path, MISSING)

    def _test(self, check: Callable[[Any], bool | None], text: str) -> Predicate:
        def test(answers: Answers) -> bool | None:
            value = self._get(answers)
            return None if value is MISSING or value is None else check(value)

        return Predicate(test, (self.path,), f"{self.path} {text}")

    # -- predicates --------------------------------------------------------

    def eq(self, expected: Any) -> Predicate:
        return self._test(lambda v: _same(v, expected), f"== {expected!r}")

    def ne(self, expected: Any) -> Predicate:
        return self._test(lambda v: not _same(v, expected), f"!= {expected!r}")

    def isin(self, allowed: Collection[Any]) -> Predicate:
        choices = tuple(allowed)
        return self._test(
            lambda v: any(_same(v, c) for c in choices), f"in {sorted(map(str, choices))}"
        )

    def is_true(self) -> Predicate:
        return self.eq(True)

    def _compare(self, op: Callable[[float, float], bool], symbol: str, bound: float) -> Predicate:
        def check(value: Any) -> bool | None:
            number = _number(value)
            return None if number is None else op(number, bound)

        return self._test(check, f"{symbol} {bound}")

    def lt(self, bound: float) -> Predicate:
        return self._compare(operator.lt, "<", bound)

    def le(self, bound: float) -> Predicate:
        return self._compare(operator.le, "<=", bound)

    def gt(self, bound: float) -> Predicate:
        return self._compare(operator.gt, ">", bound)

    def ge(self, bound: float) -> Predicate:
        return self._compare(operator.ge, ">=", bound)

    def contains_any(self, wanted: Collection[Any]) -> Predicate:
        """The field is a list holding at least one of ``wanted`` (an empty list: False)."""
        choices = tuple(wanted)

        def check(value: Any) -> bool | None:
            if not isinstance(value, list):
                return None
            return any(_same(item, c) for item in value for c in choices)

        return self._test(check, f"contains any of {sorted(map(str, choices))}")

    def present(self) -> Predicate:
        """The field is answered (never ``None``: absence is the answer)."""
        return Predicate(
            lambda answers: self._get(answers) not in (MISSING, None),
            (self.path,),
            f"{self.path} is answered",
        )

    # -- values ------------------------------------------------------------

    def number(self) -> Value:
        return Value(lambda answers: _number(self._get(answers)), (self.path,), self.path)

    def __repr__(self) -> str:
        return f"F({self.path!r})"
