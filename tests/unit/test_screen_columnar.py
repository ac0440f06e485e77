"""The columnar lane of ``rtech screen`` (issue 17) against the exact reader.

The lane decides a block's well-formed lines natively (Polars) and leaves the
others (quoted fields, a wrong field count, a lone carriage return, undecodable
bytes) to the per-line lane. Here it is forced on every block
(``COLUMNAR_SHARE = 0``) or kept off (``2``), and ``--thorough`` is the oracle:
the same rows in the same order, the same counts.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtech.screening import columnar, fastcsv
from rtech.screening.sources import REJECT_UNDECODABLE
from tests.bench.synthetic import Generator
from tests.cli import rtech
from tests.seeds import seed_text

HEADER = (
    "病案号,出院日期,主要诊断编码,其他诊断编码1,其他诊断编码2,主要手术操作编码,其他手术操作编码1"
)
FULL = str.maketrans(
    "0123456789.xXabcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ",
    "０１２３４５６７８９．ｘＸａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｙｚ"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ",
)


@pytest.fixture(scope="module")
def codes() -> Generator:
    return Generator(seed_text("2022"))


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[list[Any], Any]:
    summary = path.with_suffix(".summary.json")
    result = rtech(capsys, "screen", str(path), "--summary-json", str(summary), *args)
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines() if line.strip()]
    return rows, json.loads(summary.read_text(encoding="utf-8"))


def counts(summary: Any) -> dict[str, Any]:
    keys = ["records", "matches", "needs_review", "skipped", "matched_records_by_edition"]
    return {k: summary[k] for k in keys}


def compare(
    capsys: pytest.CaptureFixture[str], path: Path, *args: str, rejected: bool = False
) -> str:
    """The columnar lane (one and two workers) against --thorough (rows) and against
    the per-line lane (counts: a fast run counts what it reads, see fastcsv), and
    with ``rejected`` the implausible cells against --thorough; the columnar run's
    method."""
    expected, oracle = run(capsys, path, "--thorough", *args)
    share, flagged = fastcsv.COLUMNAR_SHARE, fastcsv.COLUMNAR_LINES
    fastcsv.COLUMNAR_SHARE = 2.0  # type: ignore[misc]
    fastcsv.COLUMNAR_LINES = 1 << 30  # type: ignore[misc]
    try:
        lined, per_line = run(capsys, path, *args)
    finally:
        fastcsv.COLUMNAR_SHARE, fastcsv.COLUMNAR_LINES = share, flagged  # type: ignore[misc]
    assert lined == expected
    method = ""
    for jobs in ("1", "2"):
        rows, summary = run(capsys, path, "--jobs", jobs, *args)
        assert rows == expected
        assert counts(summary) == counts(per_line)
        if rejected:
            assert summary["rejected_cells"] == oracle["rejected_cells"]
        method = summary["files"][0]["method"]
    return method


@pytest.fixture(params=["columnar", "canonical", "flagged", "canonical-flagged"])
def forced(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """Every block through the columnar lane, in small tasks, blocks and chunks; or
    every UTF-8 block prefiltered in its canonical form (full-width and spaces
    normalised away), every other through the per-line lane; or (``flagged``) the
    lines the prefilter flags, read or canonical, through the columnar lane together
    (as when a block flags ``COLUMNAR_LINES`` or more), the others skipped."""
    lane = request.param
    if lane.startswith("canonical"):

        def canonical(plan: fastcsv.FastPlan, work: object) -> str:
            return "canonical" if plan.prefilter.encoding == "utf-8" else "line"

        monkeypatch.setattr(fastcsv, "_lane", canonical)
    if lane.endswith("flagged"):
        monkeypatch.setattr(fastcsv, "COLUMNAR_LINES", 1)
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 2.0)
    else:
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    monkeypatch.setattr(fastcsv, "TASK", 4000)
    monkeypatch.setattr(fastcsv, "BLOCK", 1500)
    monkeypatch.setattr(fastcsv, "CHUNK", 300)
    return str(lane)


def edge_rows(codes: Generator) -> list[str]:
    px = codes.listed_px
    anchor, partner = codes.s01[0], codes.s01[1]
    with_dx = codes.with_diagnosis[0]
    return [
        f"R01,2023-01-05,I10.x00,,,{px[0].translate(FULL)},",
        f"R02,2023-01-05,C22.000,,,{with_dx},",  # needs a cancer diagnosis: has one
        f"R03,2023-01-05,I10.x00,,,{with_dx},",  # … has none
        f'R04,2023-01-05,"I25,103",,,{px[1]},',  # quoted: the per-line lane
        f"R05,2023-01-05,I10.x00,,,{px[1]}",  # a field short: skipped as the exact reader does
        f"R06,2023-01-05,I10.x00,,,{px[2]},,",  # a field too many
        f" ,2023-01-05,,,,{px[2]},",  # no record id
        f"R08,不是日期,,,,{px[3]},",  # no edition without --edition
        f"R09,2023-01-05,abc\r,,,{px[3]},",  # a lone carriage return
        f"R10,2023-01-05,？,I2S.103,,{px[4]} ,３７、３４",  # implausible cells
        f"R11,2023-01-05,I10.x00,,,\u3000{anchor.upper()} ,{partner[:3]} {partner[3:]}",
        f"R12,2023-01-05,C22.000M81600/3,A01.000x003+G01*,,{with_dx.upper()},",
        f"  R13 ,2023-01-05,,,,{px[5]},{px[6].translate(FULL)}",
        "R14,2023-01-05,,,,-,无",
        "",
        f"R15,2023-01-05,C50.900,,,{px[7]},",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("edition", [True, False], ids=["edition", "by-date"])
def test_edge_lines_through_the_columnar_lane(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    encoding: str,
    newline: str,
    edition: bool,
    forced: str,
) -> None:
    rows = edge_rows(codes) * 12
    path = tmp_path / "edges.csv"
    path.write_bytes((newline.join([HEADER, *rows]) + newline).encode(encoding))
    args = ("--edition", "2022") if edition else ("--effective", "2022=2022-01-01")
    method = compare(capsys, path, *args)
    if forced != "canonical":
        assert "列式" in method, method
    if forced.startswith("canonical") and encoding == "utf-8":
        assert "规整后预筛" in method, method


@pytest.mark.parametrize("where", ["code", "id"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.usefixtures("forced")
def test_undecodable_bytes_leave_the_block_to_the_per_line_lane(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator, encoding: str, where: str
) -> None:
    """A byte the file's encoding cannot read, in a code cell or a record id (the
    lane reads GB18030 cells as bytes and decodes each distinct one): the block goes
    to the per-line lane, which reports the cell as undecodable, as --thorough does."""
    rows = [r.encode(encoding) for r in edge_rows(codes)] * 8
    if where == "code":
        rows[20] = b"R99,2023-01-05,I10.x00,,,\xff" + alone(codes)[0].encode() + b","
    else:
        rows[20] = b"R\xff9,2023-01-05,I10.x00,,," + alone(codes)[0].encode() + b","
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join([HEADER.encode(encoding), *rows, b""]))
    compare(capsys, path, "--edition", "2022", "--encoding", encoding)
    if where == "code":  # nothing else implausible: the one example, undecodable
        good = [f"G{i},2023-01-05,I10.x00,,,{alone(codes)[0]},".encode() for i in range(40)]
        good[5] = rows[20]
        path.write_bytes(b"\n".join([HEADER.encode(encoding), *good, b""]))
        for args in ((), ("--thorough",)):
            _, summary = run(capsys, path, "--edition", "2022", "--encoding", encoding, *args)
            examples = summary["examples"]["不规范的编码单元格"]
            assert [(e["line"], REJECT_UNDECODABLE in e["detail"]) for e in examples] == [(7, True)]


@pytest.mark.usefixtures("forced")
def test_a_last_line_without_newline_and_a_truncated_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator
) -> None:
    rows = edge_rows(codes) * 3
    for tail in (f"R20,2023-01-05,,,,{codes.listed_px[0]},", f"R21,2023-01-05,,,{codes.s01[0]}"):
        path = tmp_path / "tail.csv"
        path.write_text("\n".join([HEADER, *rows, tail]), encoding="utf-8")
        compare(capsys, path, "--edition", "2022")


def test_every_implausible_cell_of_clean_lines_is_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator, forced: str
) -> None:
    """Well-formed lines only: the columnar lane counts what the exact reader counts,
    examples too (the canonical lane only what it parses)."""
    rows = [r for r in edge_rows(codes) if '"' not in r and "\r" not in r and r]
    rows = [r for r in rows if r.count(",") == HEADER.count(",")] * 10
    path = tmp_path / "clean.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    _, oracle = run(capsys, path, "--thorough", "--edition", "2022")
    assert oracle["rejected_cells"] == 30
    compare(capsys, path, "--edition", "2022", rejected=forced == "columnar")
    if forced != "columnar":
        return
    _, summary = run(capsys, path, "--edition", "2022")
    assert summary["examples"]["不规范的编码单元格"] == oracle["examples"]["不规范的编码单元格"]


# -- property: any mix of noise, dense or not, gives the exact reader's answer -----

_PLACEHOLDERS = ["-", "无", "/", "NULL", "n/a", "—"]
_IMPLAUSIBLE = ["abc", "？", "I2S.103", "37.34O1", "３７、３４", "x"]


def _cell(draw: st.DrawFn, code: str) -> str:
    chars = list(code)
    for i, c in enumerate(chars):
        style = draw(st.integers(0, 9))
        if style == 0:
            chars[i] = c.translate(FULL)
        elif style == 1:
            chars[i] = c.swapcase()
    text = "".join(chars)
    pad = draw(st.sampled_from(["", " ", "\u3000", "\t", "  "]))
    where = draw(st.integers(0, len(text)))
    text = text[:where] + pad + text[where:]
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " ", "\u3000"]))


@st.composite
def records(draw: st.DrawFn, listed: list[str], dx: list[str]) -> str:
    common_px = ["99.0401", "88.7101", "45.1300"]
    common_dx = ["I10.x00", "E11.900", "C22.000", "C50.900M81400/3", "A01.000x003+G01*"]
    cells = []
    for pool in (dx + common_dx,) * 3 + (listed + common_px,) * 2:
        kind = draw(st.integers(0, 9))
        if kind < 3:
            cells.append("")
        elif kind == 3:
            cells.append(draw(st.sampled_from(_PLACEHOLDERS + _IMPLAUSIBLE)))
        else:
            cells.append(_cell(draw, draw(st.sampled_from(pool))))
    record = draw(st.sampled_from(["R{}", " R{} ", "Ｒ{}", "", "病案{}"]))
    date = draw(st.sampled_from(["2023-03-01", "2023/3/1", "", "坏日期", "2023-03-01 08:00"]))
    line = ",".join([record.format(draw(st.integers(0, 99))), date, *cells])
    if draw(st.integers(0, 19)) == 0:
        line = line.replace(",", ',"', 1).replace(",", '",', 2) if "," in line else line
    if draw(st.integers(0, 3)) == 0:
        # A carriage return anywhere: lone (a line end to the exact reader), before
        # the line end (\r\r\n), or in a quoted field (a multi-line record).
        where = draw(st.integers(0, len(line)))
        line = line[:where] + "\r" + line[where:]
    return line


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.usefixtures("forced")
def test_property_columnar_lane_equals_the_exact_reader(
    capsys: pytest.CaptureFixture[str], codes: Generator, data: st.DataObject
) -> None:
    listed = codes.listed_px[:30] + codes.s01 + codes.with_diagnosis
    lines = data.draw(st.lists(records(listed, codes.listed_dx[:20]), min_size=1, max_size=60))
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        path.write_text(newline.join([HEADER, *lines]) + newline, encoding="utf-8")
        compare(capsys, path, "--effective", "2022=2022-01-01")


def test_typical_blocks_stay_in_the_per_line_lane(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 2.0)
    rows = edge_rows(Generator(seed_text("2022"))) * 4
    path = tmp_path / "r.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    method = compare(capsys, path, "--edition", "2022")
    assert "列式" not in method


@pytest.fixture
def columnar_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block through the columnar lane, in small tasks, blocks and chunks."""
    monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    monkeypatch.setattr(fastcsv, "TASK", 4000)
    monkeypatch.setattr(fastcsv, "BLOCK", 1500)
    monkeypatch.setattr(fastcsv, "CHUNK", 300)


def alone(codes: Generator) -> list[str]:
    """Listed procedures that make a match by themselves."""
    return [c for c in codes.listed_px if c not in codes.s01 + codes.with_diagnosis]


def same_at_one_and_two_workers(
    capsys: pytest.CaptureFixture[str], path: Path, columnar: int, counted: bool = False
) -> list[Any]:
    """The fast path with one and two workers gives --thorough's rows (and with
    ``counted`` its counts), ``columnar`` lines of them read in the columnar lane;
    returns the rows."""
    expected, oracle = run(capsys, path, "--thorough", "--edition", "2022")
    for jobs in ("1", "2"):
        got, summary = run(capsys, path, "--edition", "2022", "--jobs", jobs)
        assert got == expected
        if counted:
            assert counts(summary) == counts(oracle)
        assert columnar_lines(summary["files"][0]["method"]) == columnar
    return expected


def columnar_lines(method: str) -> int:
    """The lines the run's method says went through the columnar lane."""
    _, _, count = method.rpartition("列式 ")
    return int(count.removesuffix(" 行").replace(",", "")) if count != method else 0


@pytest.mark.usefixtures("columnar_only")
def test_record_ids_at_the_edges_of_plain_ascii(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator
) -> None:
    """Plain printable ASCII ids (``!`` to ``~``, inner spaces) are taken as they are;
    padded, non-ASCII, tab or DEL ids are looked at one by one, as the exact reader
    does (padding stripped, control characters skipped and reported)."""
    px = alone(codes)
    ids = ["!1~", "R 1", " R2", "R3 ", "Ｒ4", "R\t5", "R\x7f6", "R\x1f7", "~", "\u3000", "R8"]
    rows = [f"{rid},2023-01-05,I10.x00,,,{px[i % 5]}," for i, rid in enumerate(ids)] * 3
    path = tmp_path / "ids.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    expected, _ = run(capsys, path, "--thorough", "--edition", "2022")
    got, summary = run(capsys, path, "--edition", "2022")
    assert got == expected
    assert {r["record_id"] for r in got} == {"!1~", "R 1", "R2", "R3", "Ｒ4", "~", "R8"}
    assert columnar_lines(summary["files"][0]["method"]) == len(rows)


@pytest.mark.usefixtures("columnar_only")
def test_editions_from_their_start_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator
) -> None:
    px = alone(codes)[0]
    dates = ["2022-09-01", "2022-08-31", "2022/9/1", "2022-09-01 08:00", "", "坏日期", "2024-12-31"]
    rows = [f"R{i},{d},I10.x00,,,{px}," for i, d in enumerate(dates)] * 2
    path = tmp_path / "dates.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    compare(capsys, path, "--effective", "2022=2022-09-01")
    got, summary = run(capsys, path, "--effective", "2022=2022-09-01")
    ids = {r["record_id"] for r in got}
    assert {"R0", "R2", "R3"} <= ids  # from the start date on
    assert not ids & {"R1", "R4", "R5"}  # the day before, no date, not a date
    assert sum(summary["skipped"].values()) == 6


def test_lines_of_65536_bytes_and_more_leave_the_columnar_lane(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Delimiters are counted in 16 bits: a line of 65,535 bytes is counted exactly
    and read in the columnar lane, a longer one goes to the per-line lane — also
    one whose 65,542 delimiters would read as the header's 6 in 16 bits (Polars
    would cut its extra fields off unseen). One block and one chunk, so that the
    short first line chooses the lane and gives Polars the field count."""
    monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    px = alone(codes)
    plain = f"R1,2023-01-05,I10.x00,,,{px[0]},"

    def padded(width: int, record: str) -> str:
        line = f"{record},2023-01-05,I10.x00,,,{px[1]},"
        return line.replace("I10.x00", "I10.x00" + " " * (width - len(line)))

    ragged = f"R9,2023-01-05,I10.x00,,,{px[2]}," + "," * 65536
    rows = [plain, padded(65535, "R2"), plain, padded(65536, "R3"), plain, ragged, plain]
    assert [len(r.encode()) for r in rows[1:4:2]] == [65535, 65536]
    path = tmp_path / "long.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    expected, oracle = run(capsys, path, "--thorough", "--edition", "2022")
    got, summary = run(capsys, path, "--edition", "2022")
    assert got == expected
    assert [r["record_id"] for r in got] == ["R1", "R2", "R1", "R3", "R1", "R1"]
    assert summary["skipped"] == oracle["skipped"] != {}
    assert columnar_lines(summary["files"][0]["method"]) == 5


@pytest.mark.parametrize("sparse", [4096, 2], ids=["quotes-found-one-by-one", "quotes-by-a-pass"])
def test_both_lanes_of_a_block_in_line_order(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    monkeypatch: pytest.MonkeyPatch,
    sparse: int,
) -> None:
    """Quoted and ragged lines of a columnar block are read one by one; their
    matches go between the columnar lane's, in line order (the quotes found one
    after another, or by a pass over the bytes when they are many)."""
    monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    monkeypatch.setattr(fastcsv, "_SPARSE_QUOTES", sparse)
    px = alone(codes)
    rows = []
    for i in range(40):
        rows.append(f"C{i},2023-01-05,I10.x00,,,{px[i % 4]},")
        if i % 3 == 0:
            rows.append(f'Q{i},2023-01-05,"I10.x00",,,{px[i % 5]},')
        if i % 7 == 0:
            rows.append(f"L{i},2023-01-05,I10.x00,,,{px[i % 6]},,")  # a field too many
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    got = same_at_one_and_two_workers(capsys, path, columnar=40)
    assert [r["record_id"] for r in got[:4]] == ["C0", "Q0", "C1", "C2"]
    assert not [r for r in got if r["record_id"].startswith("L")]


@pytest.mark.parametrize("memo", [0, 1])
@pytest.mark.usefixtures("columnar_only")
def test_caches_renewed_between_chunks(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    monkeypatch: pytest.MonkeyPatch,
    memo: int,
) -> None:
    """The lane's caches (decided combinations, cell texts seen) are emptied between
    chunks once they hold more than their bound: with bounds of 0 and 1 they are
    renewed at almost every chunk, and the answers stay the exact reader's."""
    from rtech.screening import columnar

    monkeypatch.setattr(columnar, "_MEMO", memo)
    monkeypatch.setattr(columnar, "_SEEN", memo)
    rows = edge_rows(codes) * 6
    path = tmp_path / "edges.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    assert "列式" in compare(capsys, path, "--effective", "2022=2022-01-01")


@pytest.mark.usefixtures("columnar_only")
def test_a_chunk_whose_diagnosis_cells_are_all_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codes: Generator
) -> None:
    """The first chunks a worker reads may hold no cell of a kind at all (found by
    the property test: the lane failed on them)."""
    px = alone(codes)
    rows = [f"R{i},2023-01-05,,,,{px[i % 4]}," for i in range(30)]
    rows += [f"S{i},2023-01-05,C22.000,,,{codes.with_diagnosis[0]}," for i in range(30)]
    path = tmp_path / "empty-dx.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    assert "列式" in compare(capsys, path, "--edition", "2022")


# -- the cells of a buffer, found with two passes over its bytes ----------------------


def _cells_by_python(data: bytes, ncols: int) -> list[tuple[int, int, int]]:
    """(start, end, row * ncols + column) of each non-empty cell, by splitting."""
    found, offset = [], 0
    for row, line in enumerate(data.split(b"\n")[:-1]):
        for column, cell in enumerate(line.split(b",")):
            if cell:
                found.append((offset, offset + len(cell), row * ncols + column))
            offset += len(cell) + 1
    return found


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.sampled_from(["", "a", "I10.x00", "中", ""]), min_size=3, max_size=3),
        min_size=1,
        max_size=30,
    )
)
def test_cells_are_the_non_empty_fields(rows: list[list[str]]) -> None:
    """Every non-empty field, its offsets and index, whatever is empty (the first
    field of the buffer, whole lines, the last field)."""
    import numpy as np

    data = "".join(",".join(row) + "\n" for row in rows).encode()
    found = columnar.cells(np.frombuffer(data, dtype=np.uint8), 44, 3, len(rows))
    assert found is not None
    assert list(zip(*(a.tolist() for a in found), strict=True)) == _cells_by_python(data, 3)


def test_cells_refuse_what_is_not_as_promised() -> None:
    import numpy as np

    def of(text: bytes, ncols: int, height: int) -> object:
        return columnar.cells(np.frombuffer(text, dtype=np.uint8), 44, ncols, height)

    assert of(b"ab,,c\n,d,\n", 3, 2) is not None
    assert of(b"ab,,c\n,d,\n", 3, 3) is None  # not 3 lines of 3 fields
    assert of(b"ab,,c\n,d,", 3, 2) is None  # no final newline
    assert of(b"", 3, 0) is None


@pytest.mark.parametrize("lane", ["columnar", "flagged"])
def test_quotes_around_fields_screening_does_not_read(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    monkeypatch: pytest.MonkeyPatch,
    lane: str,
) -> None:
    """A quoted name (``"张三"``) leaves its line to the columnar lane; a quoted name
    holding the delimiter or a doubled quote, or a quoted code or record id, sends it
    to the per-line lane. Either way the exact reader's answers."""
    if lane == "columnar":
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    else:
        monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 2.0)
        monkeypatch.setattr(fastcsv, "COLUMNAR_LINES", 1)
    px = alone(codes)
    header = "病案号,姓名,出院日期,主要诊断编码,主要手术操作编码"
    names = ['"张三"', '"张,三"', '"张""三"', "张三", '""', '"张三"x']
    rows = [f"R{i},{names[i % 6]},2023-01-05,I10.x00,{px[i % 3]}" for i in range(36)]
    rows += [f'"Q{i}",李四,2023-01-05,I10.x00,{px[0]}' for i in range(3)]
    rows += [f'Q{i},李四,2023-01-05,"I10.x00",{px[1]}' for i in range(3, 6)]
    path = tmp_path / "quoted.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    # "张三" and "" quoted plainly, 张三 unquoted: 3 of every 6 names
    expected = same_at_one_and_two_workers(capsys, path, columnar=18, counted=True)
    assert {r["record_id"] for r in expected} >= {"R0", "R2", "Q0", "Q3"}


def test_code_columns_mapped_out_of_file_order(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    codes: Generator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A mapping that lists a kind's columns in another order than the file's: a
    record's keys go in the mapping's order (matched codes as the exact reader lists
    them), in the columnar lane too."""
    monkeypatch.setattr(fastcsv, "COLUMNAR_SHARE", 0.0)
    anchor, partner = codes.s01[0], codes.s01[1]
    with_dx = codes.with_diagnosis[0]
    header = "编号,日期,dx_b,op_b,dx_a,op_a"
    rows = [f"M{i},2023-01-01,C22.000,{partner},C50.900,{anchor}" for i in range(20)]
    rows += [f"N{i},2023-01-01,C50.900,{with_dx},C22.000,{alone(codes)[0]}" for i in range(20)]
    path = tmp_path / "odd.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'record_id = "编号"\ndischarge_date = "日期"\n'
        'diagnoses = ["dx_a", "dx_b"]\nprocedures = ["op_a", "op_b"]\n',
        encoding="utf-8",
    )
    args = ("--edition", "2022", "--mapping", str(mapping))
    expected, _ = run(capsys, path, "--thorough", *args)
    assert {r["technology"] for r in expected} >= {"s01_implant", "s02_hifu"}
    assert expected[0]["matched_codes"][0].upper() == anchor.upper()  # op_a first
    for jobs in ("1", "2"):
        got, summary = run(capsys, path, *args, "--jobs", jobs)
        assert got == expected
        assert columnar_lines(summary["files"][0]["method"]) == 40
