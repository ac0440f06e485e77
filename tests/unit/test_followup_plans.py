"""Stored follow-up plans: the due visits read from them are the visits read from
the answers, on SQLite and PostgreSQL; a new revision or a changed schedule makes
a plan stale; the horizon's last day counts; plans are scoped by institution."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import URL, select, update

from rtech import followups
from rtech.auth.roles import Principal, Role
from rtech.followups import followups_due, refresh_followups, schedule_fingerprint
from rtech.host import Host, get_host
from rtech.intake.demo import load_demo
from rtech.store import Store, cases, make_engine, upgrade
from rtech.store import followups as plan_store
from rtech.store.models import Case, FollowupPlan

#: The demonstration records visits up to 2025-03-31: later first visits are overdue here.
LATER = date(2026, 6, 30)


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    load_demo(store, get_host(), technology="cardio", cases_count=30, seed=7)
    yield store
    store.dispose()


def due(store: Store, host: Host, today: date = LATER, within: int = 14) -> list[dict[str, Any]]:
    with store.read() as session:
        return [
            d.to_json(today) for d in followups_due(session, host, today=today, within_days=within)
        ]


def stale(store: Store, host: Host) -> list[int]:
    schedule = host.followup_schedule("cardio")
    assert schedule is not None
    with store.read() as session:
        return plan_store.stale_case_ids(
            session, technology="cardio", fingerprint=schedule_fingerprint(schedule)
        )


def submitted(store: Store) -> int:
    with store.read() as session:
        rows = session.scalars(
            select(Case.id).where(
                Case.technology == "cardio", Case.status.in_(("submitted", "signed"))
            )
        )
        return len(list(rows))


def test_plans_give_the_list_the_answers_give(store: Store) -> None:
    host = get_host()
    from_answers = due(store, host)
    assert from_answers, "the demonstration leaves some first visits unrecorded"
    assert len(stale(store, host)) == submitted(store) > 0

    assert refresh_followups(store, host) == submitted(store)
    assert stale(store, host) == []
    assert refresh_followups(store, host) == 0  # nothing stale is written twice
    assert due(store, host) == from_answers
    # Any day and horizon: the same list both ways.
    for today, within in ((date(2024, 1, 1), 400), (date(2025, 1, 15), 30), (LATER, 0)):
        with store.write() as session:
            session.execute(update(FollowupPlan).values(fingerprint="x" * 64))
        read_from_answers = due(store, host, today, within)
        refresh_followups(store, host)
        assert due(store, host, today, within) == read_from_answers


def test_the_list_is_read_from_fresh_plans(store: Store) -> None:
    """A fresh plan is what the list reads: a visit put into one shows (and a
    plan of an older revision or schedule is not read)."""
    host = get_host()
    refresh_followups(store, host)
    case_id = due(store, host)[0]["case_id"]
    invented = {
        "visit": "虚构随访",
        "due": "2026-06-20",
        "start": "2026-06-13",
        "end": "2026-07-20",
    }
    with store.write() as session:
        session.execute(
            update(FollowupPlan)
            .where(FollowupPlan.case_id == case_id)
            .values(pending=[invented], next_due=date(2026, 6, 20))
        )
    assert [d["visit"] for d in due(store, host) if d["case_id"] == case_id] == ["虚构随访"]
    with store.write() as session:
        session.execute(
            update(FollowupPlan).where(FollowupPlan.case_id == case_id).values(revision=99)
        )
    assert "虚构随访" not in [d["visit"] for d in due(store, host)]


def test_a_recorded_visit_leaves_the_list_before_and_after_the_refresh(store: Store) -> None:
    host = get_host()
    refresh_followups(store, host)
    first = due(store, host)[0]
    with store.write() as session:
        case = cases.get_case(session, first["case_id"])
        answers = dict(cases.current_answers(session, case))
        answers["followup"] = {
            **answers.get("followup", {}),
            "visits": [{"date": first["window_start"], "result": "良好"}],
        }
        version = cases.save_draft(
            session,
            case.id,
            answers=answers,
            cursor={},
            expected_version=case.version,
            actor="测试",
        )
        cases.submit_case(
            session, case.id, expected_version=version, actor="测试", reason="补录随访"
        )
    assert stale(store, host) == [first["case_id"]]
    assert first["case_id"] not in [d["case_id"] for d in due(store, host)]
    assert refresh_followups(store, host) == 1
    assert first["case_id"] not in [d["case_id"] for d in due(store, host)]


def test_a_changed_schedule_makes_every_plan_stale(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = get_host()
    refresh_followups(store, host)
    assert stale(store, host) == []
    monkeypatch.setattr(followups, "PLAN_FORMAT", followups.PLAN_FORMAT + 1)
    assert len(stale(store, host)) == submitted(store)


@pytest.mark.parametrize("refreshed", [False, True], ids=["answers", "plans"])
def test_the_horizons_last_day_counts(store: Store, refreshed: bool) -> None:
    host = get_host()
    if refreshed:
        refresh_followups(store, host)
    visit = due(store, host, date(2000, 1, 1), 100_000)[0]
    day = date.fromisoformat(visit["due_on"])
    on_the_last_day = due(store, host, day - timedelta(days=14), 14)
    assert (visit["case_id"], visit["visit"]) in [
        (d["case_id"], d["visit"]) for d in on_the_last_day
    ]
    a_day_short = due(store, host, day - timedelta(days=14), 13)
    assert (visit["case_id"], visit["visit"]) not in [
        (d["case_id"], d["visit"]) for d in a_day_short
    ]


@pytest.mark.parametrize("refreshed", [False, True], ids=["answers", "plans"])
def test_plans_of_another_institution_are_not_read(store: Store, refreshed: bool) -> None:
    host = get_host()
    if refreshed:
        refresh_followups(store, host)
    assert due(store, host)
    with store.read() as session:
        institution = session.scalars(select(Case.institution_id)).first()
    assert institution is not None
    elsewhere = Principal(
        login="b-qm",
        name="乙院质控",
        roles=frozenset({Role.QUALITY_MANAGER}),
        institution_ids=frozenset({institution + 1}),
    )
    assert due(store.as_principal(elsewhere), host) == []
    here = Principal(
        login="a-qm",
        name="甲院质控",
        roles=frozenset({Role.QUALITY_MANAGER}),
        institution_ids=frozenset({institution}),
    )
    assert due(store.as_principal(here), host) == due(store, host)


def test_the_home_screens_drafts_are_read_through_their_partial_index(store: Store) -> None:
    """At 100,000 cases the drafts query scanned every row (1.6 s on SQLite, three
    times per home screen): it must name the partial index in its plan."""
    from sqlalchemy.dialects import postgresql, sqlite

    from rtech.intake.views import in_progress_query

    query = in_progress_query("测试", institution_id=1)
    with store.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            sql = str(query.compile(dialect=sqlite.dialect()))
            params = query.compile(dialect=sqlite.dialect()).params
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + sql, tuple(params.values())
            ).fetchall()
        else:
            # The table is small: without this PostgreSQL would rightly scan it.
            connection.exec_driver_sql("SET enable_seqscan = off")
            compiled = query.compile(
                dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
            )
            plan = connection.exec_driver_sql(f"EXPLAIN {compiled}").fetchall()
    assert "ix_cases_in_progress" in " ".join(str(row) for row in plan), plan
