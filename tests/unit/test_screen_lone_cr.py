"""A lone carriage return (``\\r`` not followed by ``\\n``) in a CSV export (issue 17).

The exact reader (``--thorough``, Python's text lines) ends a line there: the record
is cut in two ragged lines, both skipped and numbered apart, and every later line
number moves by one. The fast path must report the same: the same matches, the
same counts and the same line numbers in its messages, in each of its lanes
(per-line, canonical, columnar), in UTF-8 and GB18030, with one or two workers.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtech.screening import fastcsv
from rtech.screening.sources import SKIP_BLANK, SKIP_FIELDS, SKIP_TRUNCATED
from tests.bench.synthetic import Generator
from tests.cli import rtech
from tests.seeds import seed_text

HEADER = "病案号,出院日期,主要诊断编码,主要手术操作编码,其他手术操作编码1"
# 37.3401 (a listed procedure) matches by itself; I10.x00 is no trigger.
GOOD = "G{},2023-01-01,I10.x00,37.3401,"
KEYS = ["records", "matches", "needs_review", "skipped", "examples", "rejected_cells"]


@pytest.fixture(params=["line", "canonical", "columnar", "flagged"])
def lane(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """Every block through one lane, in small tasks and blocks (the lines after a
    lone carriage return in other tasks and blocks than the return)."""
    name = str(request.param)
    if name == "line":
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 2.0)
        monkeypatch.setattr(fastcsv, "COLUMNAR_LINES", 1 << 30)
    elif name == "flagged":  # the flagged lines of the line lane together, columnar
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 2.0)
        monkeypatch.setattr(fastcsv, "COLUMNAR_LINES", 1)
    else:
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    if name == "canonical":

        def canonical(plan: fastcsv.FastPlan, work: object) -> str:
            return "canonical" if plan.prefilter.encoding == "utf-8" else "line"

        monkeypatch.setattr(fastcsv, "_lane", canonical)
    monkeypatch.setattr(fastcsv, "TASK", 400)
    monkeypatch.setattr(fastcsv, "MIN_TASK", 400)
    monkeypatch.setattr(fastcsv, "BLOCK", 200)
    monkeypatch.setattr(fastcsv, "CHUNK", 100)
    return name


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[list[Any], Any]:
    summary = path.with_suffix(".summary.json")
    result = rtech(
        capsys, "screen", str(path), "--edition", "2022", "--summary-json", str(summary), *args
    )
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines() if line.strip()]
    return rows, json.loads(summary.read_text(encoding="utf-8"))


def same_as_thorough(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[list[Any], Any]:
    """The fast path with one and two workers against --thorough: rows, counts and
    the line numbers of the examples. Returns the oracle's."""
    expected, oracle = run(capsys, path, "--thorough")
    for jobs in ("1", "2"):
        rows, summary = run(capsys, path, "--jobs", jobs)
        assert rows == expected
        assert reported(summary) == reported(oracle)
    return expected, oracle


def reported(summary: Any) -> dict[str, Any]:
    """The counts and examples of a summary; blank lines are counted, their examples
    (listed by the exact reader only) left aside."""
    found = {k: summary[k] for k in KEYS}
    found["examples"] = {k: v for k, v in summary["examples"].items() if k != SKIP_BLANK}
    return found


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def ids(rows: list[Any]) -> list[str]:
    return [row["record_id"] for row in rows]


def lines_of(summary: Any, reason: str = SKIP_FIELDS) -> list[int]:
    return [example["line"] for example in summary["examples"].get(reason, [])]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.usefixtures("lane")
def test_a_lone_return_cuts_the_record_as_the_exact_reader_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """The reported case: ``I10.x00\\r`` then the listed procedure. --thorough reads
    two ragged lines; the fast path screened one record and matched it."""
    good = [GOOD.format(i) for i in range(30)]
    text = "\n".join([HEADER, *good[:10], "C1,2023-01-01,I10.x00\r,37.3401,", *good[10:]])
    path = write(tmp_path / "lone.csv", text + "\n", encoding)
    rows, oracle = same_as_thorough(capsys, path)
    assert "C1" not in ids(rows)
    assert len(rows) == 30
    # Line 12 is cut at the return: lines 12 and 13 skipped, G10 on line 14.
    assert lines_of(oracle) == [12, 13]
    assert oracle["records"] == 30


@pytest.mark.usefixtures("lane")
def test_line_numbers_after_lone_returns_in_later_tasks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each lone return moves every later line number by one, in the tasks after it
    too; a return that leaves two parts of the header's field count is no skip."""
    good = [GOOD.format(i) for i in range(80)]
    good[5] = "C5,2023-01-01,I10.x00,37.3401,\rC6,2023-01-01,I10.x00,37.3401,"  # two records
    good[20] = "C20,2023-01-01,I10\r.x00,37.3401,"  # 2 + 4 fields
    good[40] = "C40,\rA,2023-01-01,I10.x00,99.0401,,"  # 2 + 6 fields, nothing listed
    good[70] = 'R70,2023-01-01,"I2S.103",37.3401,'  # an implausible cell (all read)
    path = write(tmp_path / "later.csv", "\n".join([HEADER, *good]) + "\n")
    rows, oracle = same_as_thorough(capsys, path)
    assert ids(rows)[5:7] == ["C5", "C6"]
    assert lines_of(oracle) == [23, 24, 44, 45]
    assert lines_of(oracle, "不规范的编码单元格") == [75]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.usefixtures("lane")
def test_crlf_lines_and_a_lone_return_before_crlf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """``\\r\\n`` is one line end (no return is lone); ``\\r\\r\\n`` is a line end
    then a blank line to the exact reader."""
    good = [GOOD.format(i) for i in range(30)]
    good[3] = good[3] + "\r"  # then \r\n: a blank line after it
    good[8] = "C8,2023-01-01,I10.x00\r,37.3401,"
    path = write(tmp_path / "crlf.csv", "\r\n".join([HEADER, *good]) + "\r\n", encoding)
    rows, oracle = same_as_thorough(capsys, path)
    assert oracle["skipped"][SKIP_BLANK] == 1
    assert "C8" not in ids(rows)
    assert lines_of(oracle) == [11, 12]


@pytest.mark.usefixtures("lane")
def test_a_return_at_the_end_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file's last byte a return: the line end (no newline after it: a short
    last line is truncated); a return before it cuts the last line."""
    good = [GOOD.format(i) for i in range(20)]
    for tail, matched, reason, skipped in (
        ("E1,2023-01-01,I10.x00,37.3401,\r", True, None, []),
        ("E2,2023-01-01,I10.x00\r", False, SKIP_TRUNCATED, [22]),
        ("E3,2023-01-01,I10.x00\r,37.3401,\r", False, SKIP_FIELDS, [22]),  # 23 truncated
        ("E4,2023-01-01,I10.x00,37.3401,\r\r", True, SKIP_BLANK, []),
    ):
        path = write(tmp_path / "end.csv", "\n".join([HEADER, *good, tail]))
        rows, oracle = same_as_thorough(capsys, path)
        assert (tail[:2] in ids(rows)) == matched, tail
        assert len(rows) == 20 + matched
        if reason is not None:
            assert oracle["skipped"].get(reason), (tail, oracle["skipped"])
        if skipped:
            assert lines_of(oracle, reason or "") == skipped, tail


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.usefixtures("lane")
def test_a_return_inside_a_quoted_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """In quotes a return is part of the field to the exact reader (a record over two
    lines): the fast path leaves the task to it, as for a quoted newline."""
    good = [GOOD.format(i) for i in range(30)]
    good[4] = 'Q4,2023-01-01,"I10.x00\r",37.3401,'
    good[12] = 'Q12,2023-01-01,"I10\r.x00",37.3401,'
    good[25] = "R25,2023-01-01,I10.x00"
    path = write(tmp_path / "quoted.csv", "\n".join([HEADER, *good]) + "\n", encoding)
    rows, oracle = same_as_thorough(capsys, path)
    assert {"Q4", "Q12"} <= set(ids(rows))
    assert lines_of(oracle) == [29]  # line 27, two returns before it


@pytest.fixture(scope="module")
def codes() -> Generator:
    return Generator(seed_text("2022"))


@pytest.mark.usefixtures("lane")
def test_dense_blocks_with_lone_returns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator
) -> None:
    """Many listed codes (the columnar lane's blocks when allowed), a return every
    few lines, in a code cell, a record id, at a line's start."""
    rows = []
    for i in range(150):
        px = codes.listed_px[i % 20]
        row = f"D{i},2023-01-01,I10.x00,{px},"
        if i % 7 == 3:
            row = row.replace(",", ",\r", 2 + i % 3) if i % 2 else "\r" + row
        rows.append(row)
    path = write(tmp_path / "dense.csv", "\n".join([HEADER, *rows]) + "\n")
    same_as_thorough(capsys, path)


# -- property: carriage returns anywhere in records that match by themselves ------


@st.composite
def returned_lines(draw: st.DrawFn, listed: list[str]) -> str:
    """A well-formed record that matches by itself (a listed procedure), or not,
    with carriage returns put anywhere: lone, before the line end, in quotes."""
    px = draw(st.sampled_from([*listed, "99.0401"]))
    dx = draw(st.sampled_from(["I10.x00", "C22.000", ""]))  # implausible: see fastcsv
    line = f"P{draw(st.integers(0, 999))},2023-01-01,{dx},{px},"
    if draw(st.integers(0, 5)) == 0:
        line = line.replace(f",{dx},", f',"{dx}",', 1)
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.integers(0, len(line)))
        line = line[:where] + "\r" + line[where:]
    return line


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.usefixtures("lane")
def test_property_returns_anywhere_give_the_exact_readers_answer(
    capsys: pytest.CaptureFixture[str], codes: Generator, data: st.DataObject
) -> None:
    listed = codes.listed_px[:10]
    lines = data.draw(st.lists(returned_lines(listed), min_size=1, max_size=40))
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    encoding = data.draw(st.sampled_from(["utf-8", "gb18030"]))
    end = data.draw(st.sampled_from([newline, ""]))
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "returns.csv", newline.join([HEADER, *lines]) + end, encoding)
        same_as_thorough(capsys, path)
