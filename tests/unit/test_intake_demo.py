"""The demonstration data: valid, varied, deterministic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rtech.errors import UserError
from rtech.forms.validation import FormValidator
from rtech.host import get_host
from rtech.intake.cases import case_form
from rtech.intake.demo import load_demo
from rtech.store import Store, cases


def answers_of(store: Store) -> list[dict[str, object]]:
    with store.read() as session:
        return [dict(c.answers) for c in cases.iter_case_records(session, technology="cardio")]


def test_the_demo_is_valid_varied_and_deterministic(tmp_path: Path) -> None:
    host = get_host()
    first = Store.open(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    second = Store.open(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    try:
        report = load_demo(first, host, cases_count=240, seed=7)
        assert report.cases == 240
        assert report.submitted + report.drafts == 240
        assert report.drafts > 0
        assert report.revised > 0
        load_demo(second, host, cases_count=240, seed=7)
        submitted = answers_of(first)
        assert submitted == answers_of(second)
        validator = FormValidator(case_form(host, "cardio"))
        assert all(validator.errors(a) == [] for a in submitted)
        categories = Counter(a["procedure"]["category"] for a in submitted)  # type: ignore[index]
        assert set(categories) == {"coronary", "structural", "arrhythmia"}
        with first.read() as session:
            records = list(cases.iter_case_records(session, technology="cardio"))
        assert {r.edition for r in records} == {"2022", "2023"}
        quarters = {
            (r.procedure_date.year, (r.procedure_date.month - 1) // 3)
            for r in records
            if r.procedure_date
        }
        assert len(quarters) >= 8
        with pytest.raises(UserError, match="演示数据已载入"):
            load_demo(first, host, cases_count=1)
    finally:
        first.dispose()
        second.dispose()
