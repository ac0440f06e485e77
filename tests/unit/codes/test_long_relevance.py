"""Which codes a long layout keeps: every letter a range spans."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from rtech.codes.model import CodeKind, CodeRange, ValueSet
from rtech.screening.sources import _relevant_keys


def _evaluator(*value_sets: ValueSet) -> Any:
    tech = SimpleNamespace(rules=SimpleNamespace(value_sets=value_sets))
    return cast(Any, SimpleNamespace(book=SimpleNamespace(by_edition={"2023": [tech]})))


def test_a_range_across_letters_keeps_every_letter_it_spans() -> None:
    keys = _relevant_keys(
        _evaluator(ValueSet("t.dx", CodeKind.DIAGNOSIS, "诊断", ranges=(CodeRange("C00", "D48"),)))
    )
    assert {"C", "D"} <= set(keys)
    assert "E" not in keys
    assert "B" not in keys


def test_a_range_within_one_letter_keeps_that_letter_only() -> None:
    keys = _relevant_keys(
        _evaluator(ValueSet("t.dx", CodeKind.DIAGNOSIS, "诊断", ranges=(CodeRange("C00", "C97"),)))
    )
    assert keys == ("C",)
