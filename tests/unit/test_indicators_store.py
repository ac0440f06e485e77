"""Indicators over stored cases, on SQLite and PostgreSQL: periods, institutions, trends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import URL

from rtech.errors import UserError
from rtech.host import get_host
from rtech.indicators.periods import parse_period
from rtech.indicators.service import case_summaries, compute_indicators, indicator_entries
from rtech.store import Store, make_engine, registry, upgrade
from tests.support.bare_plugin import SLUG, bare_host
from tests.unit.indicators_data import CASES, coronary_case, store_cases


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


def institutions(store: Store) -> tuple[int, int]:
    with store.write() as session:
        first = registry.create_institution(session, name="甲医院", code="A000001", actor="测试")
        second = registry.create_institution(session, name="乙医院", code="B000001", actor="测试")
        return first.id, second.id


def row(rows: list[dict[str, Any]], indicator: str, edition: str = "2023") -> dict[str, Any]:
    return next(r for r in rows if r["id"] == indicator and r["edition"] == edition)


def test_stored_cases_give_the_hand_counted_figures_with_their_ids(store: Store) -> None:
    first, second = institutions(store)
    ids = store_cases(store, first, CASES)
    # Not counted: a draft, a case discharged in 2023Q2, another institution's case.
    store_cases(store, first, [coronary_case(101, "2023-01-20", dead=True)], submit=False)
    later = store_cases(store, first, [coronary_case(102, "2023-04-02", dead=True)])
    other = store_cases(store, second, [coronary_case(103, "2023-02-15", dead=True)])
    host = get_host()
    with store.read() as session:
        rows = compute_indicators(
            session, host, period=parse_period("2023Q1"), technology="cardio", institution_id=first
        )
    assert len(rows) == 14 + 26  # both editions
    mortality = row(rows, "coronary_mortality")
    # Hand count (test_indicators_cardio): coronary cases 1-7, deaths 3 and 5.
    assert (mortality["numerator"], mortality["denominator"]) == (2, 7)
    assert mortality["numerator_case_ids"] == [ids[3], ids[5]]
    assert mortality["denominator_case_ids"] == [ids[n] for n in range(1, 8)]
    assert mortality["display"] == "28.57%"
    assert mortality["verdict"] == "no_threshold"
    assert mortality["verdict_label"] == "规范未设阈值"
    assert (mortality["catalog_no"], mortality["citation"]) == (
        "S05",
        "2023 S05 质量控制指标 一(二)",
    )
    assert mortality["period"] == "2023Q1"
    assert mortality["institution_id"] == first
    assert row(rows, "coronary_mortality", "2022")["citation"] == "2022 S03 质量控制指标 一(二)"
    assert later[102] not in mortality["denominator_case_ids"]

    cost = row(rows, "chd_pfo_mean_cost", "2022")
    assert cost["denominator"] == 7
    assert cost["value"] == pytest.approx(265000 / 7)
    assert [s["label"] for s in cost["strata"]] == [
        "房间隔缺损",
        "室间隔缺损",
        "动脉导管未闭",
        "卵圆孔未闭",
    ]
    assert cost["case_values"][str(ids[11])] == 80000

    with store.read() as session:
        everyone = compute_indicators(
            session, host, period=parse_period("2023Q1"), technology="cardio", edition="2023"
        )
        per_site = compute_indicators(
            session,
            host,
            period=parse_period("2023Q1"),
            technology="cardio",
            edition="2023",
            by_institution=True,
        )
    assert {r["edition"] for r in everyone} == {"2023"}
    assert row(everyone, "coronary_mortality")["denominator"] == 8
    assert row(everyone, "coronary_mortality")["numerator_case_ids"][-1] == other[103]
    second_site = [
        r for r in per_site if r["institution_id"] == second and r["id"] == "coronary_mortality"
    ]
    assert [(r["numerator"], r["denominator"]) for r in second_site] == [(1, 1)]
    empty = [r for r in per_site if r["institution_id"] == second and r["id"] == "chd_success"]
    assert empty[0]["display"] == "无病例"


def test_trends_count_each_period_apart(store: Store) -> None:
    first, _ = institutions(store)
    stored = store_cases(
        store,
        first,
        [
            coronary_case(1, "2022-11-10"),
            coronary_case(2, "2022-12-01", dead=True),
            coronary_case(3, "2023-01-05"),
            coronary_case(4, "2023-01-31", dead=True),
            coronary_case(5, "2023-01-31"),
            coronary_case(6, "2023-02-01", dead=True),
        ],
    )
    with store.read() as session:
        rows = compute_indicators(
            session,
            get_host(),
            period=parse_period("2023-01"),
            technology="cardio",
            edition="2023",
            trend=3,
        )
    mortality = row(rows, "coronary_mortality")
    # January: cases 3, 4, 5 with one death (4).
    assert mortality["denominator_case_ids"] == [stored[3], stored[4], stored[5]]
    assert [
        (p["period"], p["numerator"], p["denominator"], p["display"]) for p in mortality["trend"]
    ] == [
        ("2022-11", 0, 1, "0.00%"),
        ("2022-12", 1, 1, "100.00%"),
        ("2023-01", 1, 3, "33.33%"),
    ]
    nste = row(rows, "nste_acs_risk_stratification")
    assert [p["display"] for p in nste["trend"]] == ["无病例", "无病例", "无病例"]
    with store.read() as session:
        summaries = case_summaries(session, mortality["numerator_case_ids"])
    assert summaries[0]["record_no"] == "ZY00004"
    assert summaries[0]["discharge_date"] == "2023-01-31"


def test_listing_and_errors(store: Store) -> None:
    host = get_host()
    entries = indicator_entries(host, technology="cardio", edition="2022")
    assert len(entries) == 26
    assert {"id", "name", "catalog_no", "edition", "type", "direction"} <= set(entries[0])
    assert {e["catalog_no"] for e in entries} == {"S03"}
    assert indicator_entries(bare_host(), technology=SLUG) == []
    with pytest.raises(UserError, match="未知的版本"):
        indicator_entries(host, edition="2021")
    with store.read() as session, pytest.raises(UserError, match="没有编号为 99"):
        compute_indicators(session, host, period=parse_period("2023"), institution_id=99)
