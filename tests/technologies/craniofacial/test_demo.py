"""The craniofacial demonstration: valid cases of the three kinds, every indicator counted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rtech.forms.validation import FormValidator
from rtech.host import get_host
from rtech.indicators.periods import parse_period
from rtech.indicators.service import compute_indicators
from rtech.intake.cases import case_form
from rtech.intake.demo import load_demo
from rtech.store import Store, cases


def test_the_demo_gives_every_indicator_a_denominator(tmp_path: Path) -> None:
    host = get_host()
    store = Store.open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        report = load_demo(store, host, technology="craniofacial", cases_count=150, seed=11)
        assert report.cases == 150
        with store.read() as session:
            stored = [
                dict(c.answers) for c in cases.iter_case_records(session, technology="craniofacial")
            ]
            validator = FormValidator(case_form(host, "craniofacial"))
            assert all(validator.errors(a) == [] for a in stored)
            kinds = Counter(a["procedure"]["category"] for a in stored)  # type: ignore[index]
            assert set(kinds) == {"cranio_orbital", "orthognathic", "contouring"}
            for edition in ("2022", "2023"):
                rows = compute_indicators(
                    session,
                    host,
                    period=parse_period("2023-01-01..2024-12-31"),
                    technology="craniofacial",
                    edition=edition,
                )
                empty = [r["id"] for r in rows if not r["denominator"]]
                assert empty == [], edition
                counted = [r["id"] for r in rows if r["numerator"]]
                assert len(counted) >= 0.8 * len(rows), edition
    finally:
        store.dispose()
