"""``rtech aggregates``, ``rtech qa`` and ``rtech followups due``: the commands as a
user runs them (in-process), their refusals in Chinese with exit 2, their audit,
and the aggregate arithmetic of periods on both backends."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from sqlalchemy import URL, select

from rtech.host import Host
from rtech.intake.demo import load_demo
from rtech.store import Store, registry
from rtech.store import aggregates as store_aggregates
from rtech.store.models import AuditEntry
from tests.cli import rtech
from tests.support.aggregate_plugin import STROKE, aggregate_host


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> Host:
    built = aggregate_host()
    # Cached like the real one (the fixtures' reset_host() clears it).
    monkeypatch.setattr("rtech.host.get_host", functools.cache(lambda: built))
    return built


@pytest.fixture
def hospital() -> int:
    store = Store.open()
    try:
        with store.write() as session:
            return registry.create_institution(
                session, name="示例医院", code="H-0001", actor="管理员"
            ).id
    finally:
        store.dispose()


def test_aggregates_set_list_correct_and_audit(
    capsys: pytest.CaptureFixture[str], host: Host, hospital: int
) -> None:
    listed = rtech(
        capsys, "aggregates", "list", "-t", "agg_test", "--period", "2024", "--format", "json"
    )
    assert listed.code == 0
    assert [(r["key"], r["missing"], r["value"]) for r in listed.json()] == [
        ("stroke_admissions_24h", True, None)
    ]
    first = rtech(
        capsys,
        "aggregates",
        "set",
        "-t",
        "agg_test",
        "--key",
        "stroke_admissions_24h",
        "--period",
        "2024",
        "--value",
        "1,200",
        "--source",
        "病案统计室",
        "--format",
        "json",
    )
    assert first.code == 0, first.err
    assert (first.json()["value"], first.json()["version"]) == (1200, 1)
    again = rtech(
        capsys,
        "aggregates",
        "set",
        "-t",
        "agg_test",
        "--key",
        "stroke_admissions_24h",
        "--period",
        "2024",
        "--value",
        "1180",
    )
    assert again.code == 0
    assert "已更正，第 2 版" in again.out
    listed = rtech(
        capsys, "aggregates", "list", "-t", "agg_test", "--period", "2024", "--format", "json"
    )
    assert [(r["missing"], r["value"]) for r in listed.json()] == [(False, 1180)]
    store = Store.open()
    try:
        with store.read() as session:
            entries = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "aggregate.set")
            ).all()
    finally:
        store.dispose()
    assert [(e.payload["before"], e.payload["after"]) for e in entries] == [
        (None, 1200.0),
        (1200.0, 1180.0),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--key", "stroke_admissions_24h", "--period", "2024", "--value", "abc"),
            "应为不小于 0 的整数",
        ),
        (
            ("--key", "stroke_admissions_24h", "--period", "2024", "--value", "-3"),
            "应为不小于 0 的整数",
        ),
        (("--key", "no_such", "--period", "2024", "--value", "3"), "没有名为“no_such”的汇总数据"),
        (
            ("--key", "stroke_admissions_24h", "--period", "2024Q5", "--value", "3"),
            "无法识别的统计期",
        ),
    ],
)
def test_aggregates_refuse_bad_input_in_chinese(
    capsys: pytest.CaptureFixture[str],
    host: Host,
    hospital: int,
    args: tuple[str, ...],
    message: str,
) -> None:
    result = rtech(capsys, "aggregates", "set", "-t", "agg_test", *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    listed = rtech(capsys, "aggregates", "list", "-t", "agg_test", "--format", "json")
    assert listed.json() == []  # nothing stored


def test_aggregates_import_is_all_or_nothing(
    capsys: pytest.CaptureFixture[str], host: Host, hospital: int, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "技术,汇总项,统计期,数值\nagg_test,stroke_admissions_24h,2024Q1,100\n"
        "agg_test,stroke_admissions_24h,2024Q2,很多\n".encode("gb18030")
    )
    refused = rtech(capsys, "aggregates", "import", str(bad))
    assert refused.code == 2
    assert "第 3 行" in refused.err
    assert "未导入任何数据" in refused.err
    assert rtech(capsys, "aggregates", "list", "-t", "agg_test", "--format", "json").json() == []
    good = tmp_path / "good.csv"
    good.write_text(
        "technology,key,period,value\n"
        + "".join(f"agg_test,stroke_admissions_24h,2024Q{q},{100 * q}\n" for q in (1, 2, 3, 4)),
        encoding="utf-8",
    )
    imported = rtech(capsys, "aggregates", "import", str(good))
    assert imported.code == 0, imported.err
    # No value for the year itself: its four quarters add up (100+200+300+400).
    year = rtech(
        capsys, "aggregates", "list", "-t", "agg_test", "--period", "2024", "--format", "json"
    ).json()
    assert [(r["value"], r["missing"]) for r in year] == [(1000, False)]


def _span(label: str) -> store_aggregates.PeriodSpan:
    from rtech.indicators.periods import parse_period

    period = parse_period(label)
    return store_aggregates.PeriodSpan(period.label, period.start, period.end)


def test_aggregate_totals_tile_periods_and_say_missing(database_url: URL) -> None:
    # Institution A entered Q1-Q3 only; B entered the whole year. Year total:
    # A cannot be tiled -> the sum over A and B is missing; B alone: 500.
    # Quarter 1: A 10 + B (no quarter value) -> missing; A alone -> 10.
    from rtech.store import upgrade

    store = Store.open(database_url) if database_url.get_backend_name() == "sqlite" else None
    if store is None:
        from rtech.store import make_engine

        engine = make_engine(database_url)
        upgrade(engine)
        engine.dispose()
        store = Store.open(database_url)
    try:
        with store.write() as session:
            a = registry.create_institution(session, name="甲", code="A", actor="t").id
            b = registry.create_institution(session, name="乙", code="B", actor="t").id
            for quarter, value in ((1, 10), (2, 20), (3, 30)):
                store_aggregates.set_aggregate(
                    session,
                    institution_id=a,
                    technology="x",
                    key="k",
                    period=_span(f"2024Q{quarter}"),
                    value=value,
                    actor="t",
                )
            # C skipped the second quarter: its year cannot be tiled.
            c = registry.create_institution(session, name="丙", code="C", actor="t").id
            for quarter in (1, 3, 4):
                store_aggregates.set_aggregate(
                    session,
                    institution_id=c,
                    technology="x",
                    key="k",
                    period=_span(f"2024Q{quarter}"),
                    value=5,
                    actor="t",
                )
            store_aggregates.set_aggregate(
                session,
                institution_id=b,
                technology="x",
                key="k",
                period=_span("2024"),
                value=500,
                actor="t",
            )
        with store.read() as session:

            def total(label: str, ids: list[int]) -> float | None:
                return store_aggregates.aggregate_total(
                    session, technology="x", key="k", period=_span(label), institution_ids=ids
                )

            assert total("2024", [a, b]) is None
            assert total("2024", [b]) == 500
            assert total("2024", [c]) is None
            assert total("2024", [a]) is None
            assert total("2024Q1", [a]) == 10
            assert total("2024Q1", [a, b]) is None
            assert total("2024Q4", [a]) is None
            assert total("2024", []) is None
    finally:
        store.dispose()


def test_indicators_show_a_missing_aggregate_then_the_rate(
    capsys: pytest.CaptureFixture[str], host: Host, hospital: int
) -> None:
    from rtech.store import cases

    store = Store.open()
    try:
        with store.write() as session:
            for number in range(4):
                case = cases.create_case(
                    session,
                    technology="agg_test",
                    edition="2023",
                    institution_id=hospital,
                    actor="t",
                    answers={
                        "procedure": {"date": f"2024-03-0{number + 1}"},
                        "admission": {"discharge_date": f"2024-03-1{number}"},
                    },
                )
                cases.submit_case(session, case.id, expected_version=case.version, actor="t")
    finally:
        store.dispose()
    before = rtech(
        capsys,
        "indicators",
        "compute",
        "--period",
        "2024",
        "--technology",
        "agg_test",
        "--format",
        "json",
    )
    assert before.code == 0, before.err
    row = before.json()[0]
    assert (row["state"], row["display"], row["value"]) == (
        "aggregate_missing",
        "缺少汇总数据",
        None,
    )
    assert row["numerator"] == 4
    rtech(
        capsys,
        "aggregates",
        "set",
        "-t",
        "agg_test",
        "--key",
        "stroke_admissions_24h",
        "--period",
        "2024",
        "--value",
        "40",
    )
    after = rtech(
        capsys,
        "indicators",
        "compute",
        "--period",
        "2024",
        "--technology",
        "agg_test",
        "--format",
        "json",
    ).json()[0]
    assert (after["state"], after["value"], after["display"]) == ("ok", 10.0, "10.00%")
    assert after["aggregate"] == {
        "key": "stroke_admissions_24h",
        "label": STROKE.label,
        "value": 40.0,
        "missing": False,
    }


def test_qa_checks_are_recorded_and_refused_in_chinese(
    capsys: pytest.CaptureFixture[str], hospital: int
) -> None:
    ok = rtech(
        capsys,
        "qa",
        "record",
        "-t",
        "tbi",
        "--device",
        "直线加速器1号",
        "--item",
        "dose_rate",
        "--date",
        "2024-03-01",
        "--measured",
        "8.2",
        "--unit",
        "cGy/min",
        "--passed",
        "合格",
        "--format",
        "json",
    )
    assert ok.code == 0, ok.err
    assert ok.json()["passed"] is True
    bad = rtech(
        capsys,
        "qa",
        "record",
        "-t",
        "tbi",
        "--device",
        "直线加速器1号",
        "--item",
        "dose_rate",
        "--date",
        "2024-03-01",
        "--passed",
        "也许",
    )
    assert bad.code == 2
    assert "不是合格/不合格" in bad.err
    listed = rtech(capsys, "qa", "list", "--period", "2024Q1", "--format", "json").json()
    assert [(r["item"], r["measured"], r["passed"]) for r in listed] == [("dose_rate", 8.2, True)]
    assert rtech(capsys, "qa", "list", "--period", "2024Q2", "--format", "json").json() == []


def test_followups_due_lists_overdue_visits_by_the_schedule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from rtech.host import get_host

    store = Store.open()
    try:
        load_demo(store, get_host(), technology="cardio", cases_count=40, seed=7)
    finally:
        store.dispose()
    # Cardio's first visits (other technologies' schedules are theirs to test).
    due = rtech(
        capsys, "followups", "due", "-t", "cardio", "--today", "2026-06-30", "--format", "json"
    )
    assert due.code == 0, due.err
    rows = due.json()
    assert rows
    assert {r["status"] for r in rows} == {"overdue"}
    assert all(r["technology"] == "cardio" and r["visit"] == "首次随访" for r in rows)
    assert [r["due_on"] for r in rows] == sorted(r["due_on"] for r in rows)
    early = rtech(capsys, "followups", "due", "--today", "2023-01-01", "--format", "json")
    assert early.json() == []
    bad = rtech(capsys, "followups", "due", "--within", "很久")
    assert bad.code == 2
    assert "无法识别的时间范围" in bad.err
    assert json.loads(rtech(capsys, "followups", "due", "-t", "tbi", "--format", "json").out) == []
