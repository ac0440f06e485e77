"""Property: on random records, the screening SQL on DuckDB and PostgreSQL gives
exactly ``rtech screen``'s matches, and the same counts of implausible cells and
skipped records.

The records are drawn to hit every rule of the normaliser and of the rules: the
listed codes of both editions (a plugin's 2022 tables, an imported 2023 table
with a diagnosis range) under noise (case, full-width forms, whitespace of every
kind, decimal digits of other scripts, morphology suffixes, dagger pairs, stars,
characters NFKC turns into several), near misses, placeholders, and short text
over an alphabet of troublesome characters; ids that repeat, are blank or padded;
discharge dates in many forms, impossible, early or missing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rtech.codes.imported import rules_from_table
from rtech.codes.model import CodeRules
from rtech.host import get_host
from rtech.screening.engine import ScreenOptions, screen
from rtech.screening.layout import detect_layout
from rtech.screening.sql.database import SKIPPED
from rtech.screening.sql.dialects import render
from rtech.screening.sql.export import PREAMBLE, rules_for
from rtech.screening.sql.query import ScreenQuery
from rtech.store.codetables import StoredEntry, StoredTable
from tests.support.sqlengines import DuckDB, Postgres, as_jsonl, by_record, engine

HEADERS = [
    "病案号",
    "出院日期",
    "主要诊断编码",
    "其他诊断编码1",
    "其他诊断编码2",
    "主要手术操作编码",
    "其他手术操作编码1",
    "其他手术操作编码2",
]
DATES = {"2022": date(2022, 1, 1), "2023": date(2023, 3, 1)}

WHITESPACE = [" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2028", "\x85", "\x1f", "\r\n"]
FULL_WIDTH = str.maketrans("0123456789.xXCIMAcim", "０１２３４５６７８９．ｘＸＣＩＭＡｃｉｍ")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ALPHABET = (
    "0123456789.XxMmCcIiAa+*/-\\†—无 \t\u3000\u00a0\u2028\x85"
    "０１２３．ｘＸ٣٤𝟐ßⅫ①⑩㏂½ıſ\u0301\u200b？、,"
)
TEXT_DATES = [
    "2022-06-01",
    "2023-03-01",
    "2023-02-28",
    "2024-02-29",
    "2023-02-29",
    "2021-12-31",
    "2023/3/1",
    "20230301",
    "2023年3月1日",
    "２０２３－０３－０１",
    "٢٠٢٣-٠٣-٠١",
    " 2023 - 3 - 1 ",
    "\u30002022.07.08",
    "2023-13-01",
    "202311",
    "2023111",
    "2022-6-1x",
    "0000-01-01",
    "",
    "   ",
    "unknown",
]

IMPORTED = StoredTable(
    "2023",
    "cardio",
    1,
    "cardio2023.csv",
    "0" * 64,
    "test",
    None,
    False,
    (
        StoredEntry("diagnosis", "I20", "缺血性心脏病", "", "I25.9"),
        StoredEntry("diagnosis", "C00.x00", "唇恶性肿瘤", ""),
        StoredEntry("procedure", "37.3401", "心脏射频消融", "针对复杂心律失常"),
        StoredEntry("procedure", "00.6600", "经皮冠状动脉腔内成形术", ""),
    ),
)


def _rules() -> tuple[dict[tuple[str, str], CodeRules], list[str], list[str]]:
    host = get_host()
    imported = {("2023", "cardio"): rules_from_table(IMPORTED, host.technology("cardio"))}
    px: set[str] = set()
    dx: set[str] = {"C22.000", "C97.x00", "C98.000", "I21.000", "I25.900", "I26.000"}
    for edition in DATES:
        for technology in host.technologies:
            rules = imported.get((edition, technology.slug)) or host.code_rules(
                technology.slug, edition
            )
            for value_set in rules.value_sets if rules else ():
                codes = {e.code for e in value_set.entries}
                (dx if value_set.kind.value == "diagnosis" else px).update(codes)
    return imported, sorted(px), sorted(dx)


IMPORTED_RULES, LISTED_PX, LISTED_DX = _rules()
FOCUS = ["C00.x00", "I21.000", "I25.103", "C22.000", "37.3401", "00.6600", "23.6x00x003"]


@st.composite
def noisy(draw: st.DrawFn, code: str) -> str:
    """A listed code as a coder or an export might write it."""
    if draw(st.booleans()):
        code = "".join(c.swapcase() if draw(st.booleans()) else c for c in code)
    if draw(st.integers(0, 5)) == 0:
        code = code.translate(FULL_WIDTH)
    if draw(st.integers(0, 7)) == 0:
        code = code.translate(ARABIC)
    for _ in range(draw(st.integers(0, 2))):
        cut = draw(st.integers(0, len(code)))
        code = code[:cut] + draw(st.sampled_from(WHITESPACE)) + code[cut:]
    suffix = draw(
        st.sampled_from(["", "", "", "M81600/3", "8160/3", "*", "+G01*", "†C22.0*", "+37.34", "ß"])
    )
    return code + suffix


def cell(codes: list[str]) -> st.SearchStrategy[str | None]:
    # Codes of one technology listed and in a range (the imported 2023 table), and a
    # range code of 2022: records that hold both decide the order of matched codes.
    plain = st.one_of(st.sampled_from(codes), st.sampled_from(FOCUS))
    listed = plain.flatmap(noisy)
    near = plain.map(lambda c: c[:-1] if len(c) > 3 else c + "1")
    return st.one_of(
        st.none(),
        st.just(""),
        plain,
        plain,
        listed,
        listed,
        near,
        st.sampled_from(["-", "无", "—", "/", "NULL", " n/a ", "－", "——"]),
        st.text(alphabet=ALPHABET, max_size=10),
    )


record = st.tuples(
    st.sampled_from(["R1", "R2", " R3 ", "R3", "", "  ", "\u3000R4", "R5", "病案6", "10023"]),
    st.one_of(
        st.sampled_from(TEXT_DATES[:4]),
        st.sampled_from(TEXT_DATES),
        st.text(alphabet="0123456789-/. 年月日２٣", max_size=12),
    ),
    cell(LISTED_DX),
    cell(LISTED_DX),
    cell(LISTED_DX),
    cell(LISTED_PX),
    cell(LISTED_PX),
    cell(LISTED_PX),
)


def python_screen(rows: list[tuple[Any, ...]], path: Path) -> tuple[list[dict[str, Any]], Any]:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    found: list[dict[str, Any]] = []
    options = ScreenOptions(effective=DATES, thorough=True, workers=1)
    summary = screen(
        [path],
        options,
        lambda m: found.append(m.to_dict()),
        host=get_host(),
        imported=IMPORTED_RULES,
    )
    return by_record(found), summary.stats


class Prepared:
    """The three queries, planned once per engine; each example reloads the table."""

    def __init__(self, database: DuckDB | Postgres) -> None:
        self.database = database
        rules = rules_for(get_host(), None, DATES, IMPORTED_RULES)
        query = ScreenQuery(
            "records", detect_layout(HEADERS), rules.book, rules.chooser, rules.relevant
        )
        self.sql = {
            "matches": render(query.matches(), database.dialect),
            "rejected": render(query.rejected_query(1), database.dialect),
            "skipped": render(query.skipped_query(1), database.dialect),
        }
        database.load("records", HEADERS, [])
        if isinstance(database, DuckDB):
            for name, sql in self.sql.items():
                database.connection.execute(f"PREPARE {name} AS {sql}")
        else:
            for setting in PREAMBLE["postgres"]:
                database.connection.execute(setting.replace("LOCAL ", ""))

    def run(self, rows: list[tuple[Any, ...]]) -> tuple[list[Any], list[Any], list[Any]]:
        database = self.database
        if isinstance(database, DuckDB):
            database.connection.execute('DELETE FROM "records"')
            database.load_rows("records", HEADERS, rows)
            results = [database.connection.execute(f"EXECUTE {n}").fetchall() for n in self.sql]
        else:
            database.load("records", HEADERS, rows)
            results = [database.connection.execute(sql).fetchall() for sql in self.sql.values()]
        return results[0], results[1], results[2]


@pytest.fixture
def prepared(dialect: str, tmp_path: Path) -> Iterator[Prepared]:
    with engine(dialect, tmp_path) as database:
        yield Prepared(database)


def _agrees(prepared: Prepared, tmp_path: Path, rows: list[tuple[Any, ...]]) -> None:
    if isinstance(prepared.database, Postgres):
        rows = [tuple(v.replace("\x00", "") if v else v for v in row) for row in rows]
    expected, stats = python_screen(rows, tmp_path / "records.csv")
    matches, rejected, skipped = prepared.run(rows)
    event(f"matches: {min(len(expected), 3)}+" if expected else "matches: none")
    event("some needs review" if any(m["needs_review"] for m in expected) else "no review")
    assert as_jsonl(matches) == expected
    assert (rejected[0][0] if rejected else 0) == stats.rejected_cells
    assert {SKIPPED[int(r[0])]: int(r[1]) for r in skipped} == stats.skipped


# DuckDB pays about a second per example whatever its size (setting up the
# normalisation's few hundred REPLACE calls for three queries): fewer examples.
_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.mark.parametrize("dialect", ["duckdb"])
@settings(max_examples=12, deadline=None, suppress_health_check=_HEALTH)
@given(rows=st.lists(record, min_size=5, max_size=30))
def test_duckdb_agrees_with_screen_on_random_records(
    prepared: Prepared, tmp_path: Path, rows: list[tuple[Any, ...]]
) -> None:
    _agrees(prepared, tmp_path, rows)


@pytest.mark.parametrize("dialect", ["postgres"])
@settings(max_examples=40, deadline=None, suppress_health_check=_HEALTH)
@given(rows=st.lists(record, min_size=5, max_size=30))
def test_postgres_agrees_with_screen_on_random_records(
    prepared: Prepared, tmp_path: Path, rows: list[tuple[Any, ...]]
) -> None:
    _agrees(prepared, tmp_path, rows)
