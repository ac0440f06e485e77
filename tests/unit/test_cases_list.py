"""``rtech cases list`` pages its table and streams its JSON (issue 19, item 13).

On SQLite and PostgreSQL: the first page of a table, the Chinese footer that says
how to see the rest (and its absence at the boundary), offsets, every case with
--all in tables of a fixed size, JSON streamed byte for byte as before, and no
list query ever reading the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import URL, event
from sqlalchemy.engine import Engine

from rtech.cli import cases as cases_cli
from rtech.store import Store, cases, make_engine, registry, upgrade
from tests.cli import rtech


def _make(store: Store, count: int) -> None:
    with store.write() as session:
        hospital = registry.create_institution(
            session, name="四川省示例医院", code="SC0001", actor="admin"
        )
        for number in range(count):
            cases.create_case(
                session,
                technology="cardio",
                edition="2023",
                institution_id=hospital.id,
                actor="录入员",
                answers={"patient": {"name": f"患者{number}", "record_no": f"ZY{number:04d}"}},
            )


@pytest.fixture
def database(
    database_url: URL, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, pytest.MonkeyPatch]]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    monkeypatch.setenv("RTECH_DATABASE_URL", database_url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    yield store, monkeypatch
    store.dispose()


def _ids(text: str) -> list[int]:
    """The case numbers in the first column of the printed tables."""
    found = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 1:  # --all: plain columns
            cells = line.split()
        if len(cells) > 1 and cells[0].isdigit() and cells[1] == "cardio":
            found.append(int(cells[0]))
    return found


def test_the_table_shows_the_first_page_and_says_how_to_see_more(
    capsys: pytest.CaptureFixture[str], database: tuple[Store, Any]
) -> None:
    store, _ = database
    _make(store, cases_cli.PAGE_SIZE + 1)
    first = rtech(capsys, "cases", "list")
    assert first.code == 0, first.err
    assert _ids(first.out) == list(range(51, 1, -1))
    assert "病例（第 1～50 例，共 51 例）" in first.out
    assert "还有 1 例未列出。下一页：rtech cases list --offset 50" in first.out
    second = rtech(capsys, "cases", "list", "--offset", "50")
    assert _ids(second.out) == [1]
    assert "病例（第 51～51 例，共 51 例）" in second.out
    assert "还有" not in second.out
    beyond = rtech(capsys, "cases", "list", "--offset", "51")
    assert beyond.code == 0
    assert _ids(beyond.out) == []
    small = rtech(capsys, "cases", "list", "--limit", "20", "--offset", "10")
    assert _ids(small.out) == list(range(41, 21, -1))
    assert "还有 21 例未列出。下一页：rtech cases list --offset 30" in small.out


def test_a_page_that_holds_everything_has_no_footer(
    capsys: pytest.CaptureFixture[str], database: tuple[Store, Any]
) -> None:
    store, _ = database
    _make(store, cases_cli.PAGE_SIZE)
    shown = rtech(capsys, "cases", "list")
    assert len(_ids(shown.out)) == 50
    assert "还有" not in shown.out


def test_all_prints_every_case_in_tables_of_a_fixed_size(
    capsys: pytest.CaptureFixture[str], database: tuple[Store, Any]
) -> None:
    store, monkeypatch = database
    _make(store, 45)
    monkeypatch.setattr(cases_cli, "_CHUNK", 20)
    shown = rtech(capsys, "cases", "list", "--all")
    assert _ids(shown.out) == list(range(45, 0, -1))
    titles = [line.strip() for line in shown.out.splitlines() if line.strip().startswith("病例（")]
    assert titles == [
        "病例（第 1～20 例，共 45 例）",
        "病例（第 21～40 例，共 45 例）",
        "病例（第 41～45 例，共 45 例）",
    ]
    assert "还有" not in shown.out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--limit", "0"), "--limit"),
        (("--offset", "-1"), "--offset"),
        (("--limit", "5", "--all"), "--limit 与 --all 不能同时使用"),
    ],
)
def test_bad_paging_is_a_chinese_error(
    capsys: pytest.CaptureFixture[str],
    database: tuple[Store, Any],
    args: tuple[str, ...],
    expected: str,
) -> None:
    shown = rtech(capsys, "cases", "list", *args)
    assert shown.code == 2
    assert expected in shown.err
    assert "Error" not in shown.err


def test_json_streams_every_case_exactly_as_the_whole_list_printed(
    capsys: pytest.CaptureFixture[str], database: tuple[Store, Any]
) -> None:
    store, _ = database
    _make(store, 60)
    shown = rtech(capsys, "cases", "list", "--format", "json")
    rows = json.loads(shown.out)
    assert [r["id"] for r in rows] == list(range(60, 0, -1))
    assert shown.out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert rows[0]["patient_name"] == "患者59"
    assert set(rows[0]) == {
        "id", "technology", "edition", "status", "has_changes", "record_no",
        "patient_name", "procedure_date", "discharge_date", "revision",
        "institution_id", "form_version", "created_by", "updated_by", "updated_at",
    }  # fmt: skip
    page = rtech(capsys, "cases", "list", "--format", "json", "--limit", "5", "--offset", "58")
    assert [r["id"] for r in page.json()] == [2, 1]
    none = rtech(capsys, "cases", "list", "--format", "json", "--status", "signed")
    assert none.out == "[]\n"


def test_listing_never_reads_the_answers(
    capsys: pytest.CaptureFixture[str], database: tuple[Store, Any]
) -> None:
    store, _ = database
    _make(store, 3)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        for args in ((), ("--format", "json"), ("--all",)):
            assert rtech(capsys, "cases", "list", *args).code == 0
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    listing = [s for s in statements if "FROM cases" in s]
    assert listing
    assert not [s for s in listing if "draft_answers" in s or "cursor" in s.split("FROM")[0]]


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"a": 1}],
        [{"名": '张"三\n', "n": None, "t": True, "f": False, "x": 1.5, "big": 10**20}],
        [{}, {"nested": {"b": [1, 2]}}, [1, "二"], "text", 3, {"d": float("inf")}],
    ],
)
def test_the_json_stream_writes_what_the_whole_list_would(
    capsys: pytest.CaptureFixture[str], items: list[Any]
) -> None:
    from rtech.cli._output import echo_json, echo_json_stream

    echo_json_stream(iter(items))
    streamed = capsys.readouterr().out
    echo_json(items)
    assert streamed == capsys.readouterr().out


def test_the_store_list_leaves_the_working_copies_in_the_database(
    database: tuple[Store, Any],
) -> None:
    store, _ = database
    _make(store, 3)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with store.read() as session:
        event.listen(Engine, "before_cursor_execute", seen)
        try:
            found = cases.list_cases(session)
            listed = list(statements)
            # Read on one listed case: that case's alone is loaded, in the session.
            assert found[0].draft_answers["patient"]["name"] == "患者2"
        finally:
            event.remove(Engine, "before_cursor_execute", seen)
    assert [c.id for c in found] == [3, 2, 1]
    [query] = [s for s in listed if "FROM cases" in s]  # (SQLite: BEGIN too)
    assert "draft_answers" not in query
    assert "cursor" not in query.split("FROM")[0]
    assert len([s for s in statements if "FROM cases" in s]) == 2


def test_the_store_pages_by_id_and_counts_by_status_in_the_database(
    database: tuple[Store, Any],
) -> None:
    """What the terminal UI's case list reads: the counts by status (one GROUP BY,
    no case row read) and pages after the last id shown, which together list
    every case once, newest first; the filters apply to both."""
    store, _ = database
    _make(store, 5)
    with store.write() as session:
        for case_id in (2, 4):
            cases.submit_case(session, case_id, expected_version=1, actor="录入员")
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with store.read() as session:
        event.listen(Engine, "before_cursor_execute", seen)
        try:
            counts = cases.count_cases_by_status(session)
        finally:
            event.remove(Engine, "before_cursor_execute", seen)
        assert counts == {"draft": 3, "submitted": 2}
        [query] = [s for s in statements if "FROM cases" in s]
        assert "GROUP BY" in query
        assert "draft_answers" not in query
        assert cases.count_cases_by_status(session, statuses=["submitted"]) == {"submitted": 2}
        assert cases.count_cases_by_status(session, technology="tbi") == {}

        pages: list[list[int]] = []
        before: int | None = None
        while True:
            page = [c.id for c in cases.list_cases(session, limit=2, before=before)]
            if not page:
                break
            pages.append(page)
            before = page[-1]
        assert pages == [[5, 4], [3, 2], [1]]
        assert [c.id for c in cases.list_cases(session, statuses=["draft"], before=5)] == [3, 1]
        assert cases.list_cases(session, before=1) == []
