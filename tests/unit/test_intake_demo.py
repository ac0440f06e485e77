"""The demonstration data: valid, varied, deterministic, and never mixed with real data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rtech.errors import UserError
from rtech.forms.validation import FormValidator
from rtech.host import get_host
from rtech.intake.cases import case_form
from rtech.intake.demo import holds_real_data, load_demo
from rtech.store import Store, cases, registry
from rtech.store.models import AuditEntry, CaseRevision


def answers_of(store: Store) -> list[dict[str, object]]:
    with store.read() as session:
        return [dict(c.answers) for c in cases.iter_case_records(session, technology="cardio")]


def test_the_demo_is_valid_varied_and_deterministic(tmp_path: Path) -> None:
    host = get_host()
    first = Store.open(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    second = Store.open(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    try:
        report = load_demo(first, host, technology="cardio", cases_count=240, seed=7)
        assert report.cases == 240
        assert report.submitted + report.drafts == 240
        assert report.drafts > 0
        assert report.revised > 0
        assert report.followups > 0
        load_demo(second, host, technology="cardio", cases_count=240, seed=7)
        submitted = answers_of(first)
        assert submitted == answers_of(second)
        validator = FormValidator(case_form(host, "cardio"))
        assert all(validator.errors(a) == [] for a in submitted)
        categories = Counter(a["procedure"]["category"] for a in submitted)  # type: ignore[index]
        assert set(categories) == {"coronary", "structural", "arrhythmia"}
        with first.read() as session:
            records = list(cases.iter_case_records(session, technology="cardio"))
        quarters = {
            (r.procedure_date.year, (r.procedure_date.month - 1) // 3)
            for r in records
            if r.procedure_date
        }
        # Every quarter of 2023 and 2024, nothing outside them.
        assert quarters == {(y, q) for y in (2023, 2024) for q in range(4)}
        with pytest.raises(UserError, match="演示数据已载入"):
            load_demo(first, host, cases_count=1)
    finally:
        first.dispose()
        second.dispose()


def test_follow_up_visits_are_revisions_of_their_own(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        report = load_demo(store, get_host(), cases_count=60, seed=3)
        with store.read() as session:
            visits = sum(
                len(dict(r.answers).get("followup", {}).get("visits", []))  # type: ignore[union-attr]
                for r in cases.iter_case_records(session)
            )
            reasons = session.scalars(
                select(CaseRevision.reason).where(CaseRevision.reason.like("随访：%"))
            ).all()
            audited = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "case.revise")
            )
        assert visits == report.followups == len(reasons) > 0
        assert audited == report.followups + report.revised
    finally:
        store.dispose()


def test_the_demo_refuses_a_database_with_real_data(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    try:
        with store.write() as session:
            assert holds_real_data(session) is False
            registry.create_institution(session, name="真实医院", code="H-0001", actor="管理员")
            assert holds_real_data(session) is True
        with pytest.raises(UserError, match="真实的医疗机构或病例"):
            load_demo(store, get_host(), cases_count=5)
    finally:
        store.dispose()
