"""Bad input gives a clear Chinese error or a counted, reported skip — never a
traceback, never a silent drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rtech.screening import fastcsv
from tests.cli import Result, rtech

HEADER = "病案号,出院日期,主要诊断编码,主要手术操作编码,其他手术操作编码1\n"
GOOD = "G1,2023-01-01,I10.x00,37.3401,\n"


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> Result:
    result = rtech(capsys, "screen", str(path), "--edition", "2022", *args)
    assert "Traceback" not in result.err
    return result


def ids(result: Result) -> list[str]:
    return [json.loads(line)["record_id"] for line in result.out.splitlines() if line.strip()]


@pytest.fixture(params=["fast", "thorough"])
def mode(request: pytest.FixtureRequest) -> tuple[str, ...]:
    return ("--thorough",) if request.param == "thorough" else ()


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = run(capsys, path)
    assert result.code == 2
    assert result.err.startswith("错误：文件")
    assert "是空的" in result.err
    path.write_bytes(b"\n\n  \n")
    assert "是空的" in run(capsys, path).err


def test_header_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "header.csv"
    path.write_text(HEADER, encoding="utf-8")
    result = run(capsys, path, *mode)
    assert result.code == 0
    assert result.out == ""
    assert "读取记录 0 条" in result.err
    assert "只有表头" in result.err or mode


def test_truncated_last_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + GOOD + "T2,2023-01-01,I10.x00,36.06", encoding="utf-8")
    result = run(capsys, path, *mode)
    assert result.code == 0
    assert ids(result) == ["G1"]
    assert "末行不完整（文件可能被截断，已跳过） 1 行" in result.err
    assert "第 3 行" in result.err
    assert "读取记录 1 条" in result.err
    # A complete last line without a newline is an ordinary record.
    path.write_text(HEADER + GOOD + "T3,2023-01-01,I10.x00,36.0601,", encoding="utf-8")
    assert ids(run(capsys, path, *mode)) == ["G1", "T3"]


def test_rows_with_wrong_field_counts_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "fields.csv"
    path.write_text(HEADER + "W1,2023-01-01,I10.x00,37.3401,,extra\n" + GOOD, encoding="utf-8")
    result = run(capsys, path, *mode)
    assert ids(result) == ["G1"]
    assert "字段数与表头不符（已跳过） 1 行" in result.err
    assert "第 2 行：6 个字段，表头 5 个" in result.err


def test_duplicate_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("病案号,病案号,主要手术操作编码\nA,B,37.3401\n", encoding="utf-8")
    result = run(capsys, path)
    assert result.code == 2
    assert "2 个同名的记录号列“病案号”" in result.err
    # Repeated code columns are a repeating group, as some exports write them.
    path.write_text(
        "病案号,出院日期,手术操作编码,手术操作编码,备注,备注\nA,2023-01-01,99.0401,37.3401,x,y\n",
        encoding="utf-8",
    )
    result = run(capsys, path)
    assert result.code == 0
    assert ids(result) == ["A"]
    assert "同名编码列按重复组读取" in result.err
    assert "表头有重复的无关列（未使用）：备注" in result.err


def test_undecodable_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "bytes.csv"
    bad_cell = "３７．３４０１".encode("gb18030")  # GBK bytes in a UTF-8 file
    path.write_bytes(
        HEADER.encode()
        + GOOD.encode()
        + b"U2,2023-01-01,I10.x00,"
        + bad_cell
        + b",\n"
        + b"U3,2023-01-01,I10.x00,36.0601,\xff\xfe\n"
    )
    result = run(capsys, path, *mode)
    assert result.code == 0
    assert ids(result) == ["G1", "U3"]
    assert "无法解码" in result.err
    assert "记录 U2" in result.err


def test_wholly_undecodable_or_wrong_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\x01" * 50 + b"\n")
    result = run(capsys, path)
    assert result.code == 2
    assert "第 5 字节是空字符（NUL）：不是文本 CSV 文件" in result.err
    path.write_bytes(b"\x81\x30\xff\xfe\x80\x01" * 50 + b"\n")
    result = run(capsys, path)
    assert result.code == 2
    assert "无法识别文件" in result.err
    assert "--encoding" in result.err

    gb = tmp_path / "gb.csv"
    gb.write_bytes((HEADER + GOOD).encode("gb18030"))
    forced = run(capsys, gb, "--encoding", "utf-8")
    assert forced.code == 2
    assert "表头无法按 utf-8 解码" in forced.err
    assert ids(run(capsys, gb, "--encoding", "gbk")) == ["G1"]
    unknown = run(capsys, gb, "--encoding", "klingon")
    assert unknown.code == 2
    assert "未知的编码“klingon”" in unknown.err
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes((HEADER + GOOD).encode("utf-16"))
    assert "UTF-16" in run(capsys, utf16).err


@pytest.mark.slow
def test_a_100_mb_single_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.csv"
    with path.open("wb") as handle:
        handle.write(HEADER.encode() + GOOD.encode())
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            handle.write(chunk)
        handle.write(b"\n" + b"L3,2023-01-01,I10.x00,36.0601,\n")
    for workers in ("1", "2"):
        result = run(capsys, path, "--workers", workers)
        assert result.code == 0
        assert ids(result) == ["G1", "L3"]
        assert "超长行（超过 1 MiB，已跳过） 1 行" in result.err
        assert "第 3 行" in result.err
        assert "读取记录 2 条" in result.err
    thorough = run(capsys, path, "--thorough")
    assert ids(thorough) == ["G1", "L3"]
    assert "超长行" in thorough.err

    header_only = tmp_path / "one-line.csv"
    with header_only.open("wb") as handle:
        for _ in range(100):
            handle.write(chunk)
    result = run(capsys, header_only)
    assert result.code == 2
    assert "第一行（表头）超过 1 MiB" in result.err


def test_a_long_line_in_the_middle_of_small_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastcsv, "BLOCK", 300_000)
    path = tmp_path / "mid.csv"
    path.write_bytes(
        HEADER.encode()
        + GOOD.encode() * 3
        + b"y" * 3_000_000
        + b"\n"
        + GOOD.encode()
        + b"z" * 1_500_000
        + b",37.3401\n"
        + GOOD.encode()
    )
    result = run(capsys, path, "--workers", "1")
    assert ids(result) == ["G1"] * 5
    assert "超长行（超过 1 MiB，已跳过） 2 行" in result.err
    assert "读取记录 5 条" in result.err


def test_malformed_codes_are_counted_with_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        HEADER
        + "M1,2023-01-01,I25,103,37.34O1,-\n".replace("I25,103", '"I25,103"')
        + "M2,2023-01-01,无,3７.3401,37.3401x001\n"
        + "M3,2023-01-01,C22.000,abc,37 . 34 01\n",
        encoding="utf-8",
    )
    thorough = run(capsys, path, "--thorough")
    assert ids(thorough) == ["M2", "M3"]
    assert "不规范的编码单元格：3 个" in thorough.err
    assert "'37.34O1'" in thorough.err
    assert "'I25,103'" in thorough.err
    # The fast path checks the cells of the records it parses (those holding
    # something like a listed code), and says so.
    fast = run(capsys, path)
    assert ids(fast) == ["M2", "M3"]
    assert "不规范的编码单元格：1 个" in fast.err
    assert "--thorough" in fast.err


def test_quoted_fields_with_newlines_fall_back_to_the_exact_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(
        HEADER
        + GOOD
        + 'Q2,2023-01-01,"I10.x00","37.3401",\n'
        + 'Q3,"2023-01-01","C22.000\n(多行)","36.0601",\n'
        + "Q4,2023-01-01,I10.x00,36.0601,\n",
        encoding="utf-8",
    )
    result = run(capsys, path)
    assert ids(result) == ["G1", "Q2", "Q3", "Q4"]
    assert "含多行字段" in result.err
    assert "不规范的编码单元格：1 个" in result.err


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = rtech(capsys, "screen", str(tmp_path / "nope.csv"), "--edition", "2022")
    assert result.code == 2
    assert "找不到文件" in result.err


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_code_in_the_last_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], newline: str
) -> None:
    path = tmp_path / "last.csv"
    path.write_text(
        newline.join(
            [
                "病案号,出院日期,主要手术操作编码",
                "E1,2024-01-01,37.3401",
                "E2,2024-01-01,00.6600x004",
            ]
        )
        + newline
        + "E3,2024-01-01,36.0601",
        encoding="utf-8",
        newline="",
    )
    assert ids(run(capsys, path)) == ["E1", "E2", "E3"]


@pytest.mark.parametrize("sparse", [4096, 2])
def test_fully_quoted_exports(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sparse: int,
) -> None:
    monkeypatch.setattr(fastcsv, "_SPARSE_QUOTES", sparse)
    rows = [
        f'"F{i}","2023-01-01","I10.x00","{code}",""'
        for i, code in enumerate(["37.3401", "99.0401", "36.0601", "88.7101"])
    ]
    path = tmp_path / "quoted.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert ids(run(capsys, path)) == ["F0", "F2"]
    path.write_text(
        HEADER
        + "\n".join(rows[:2])
        + '\n"F9","2023-01-01","多行\n诊断","36.0601",""\n'
        + "\n".join(rows[2:])
        + "\n",
        encoding="utf-8",
    )
    result = run(capsys, path)
    assert ids(result) == ["F0", "F9", "F2"]
    assert "含多行字段" in result.err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
def test_a_failed_run_keeps_the_previous_result_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Results are written beside the target and renamed at the end: a run that stops
    on a bad second file leaves the earlier result whole and no temporary file."""
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    out = tmp_path / "out" / f"result.{fmt}"
    out.parent.mkdir()
    out.write_bytes(b"OLD")
    result = rtech(
        capsys, "screen", str(good), str(empty), "--edition", "2022",
        "--format", fmt, "--out", str(out),
    )  # fmt: skip
    assert result.code == 2
    assert "是空的" in result.err
    assert out.read_bytes() == b"OLD"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
    summary = tmp_path / "out" / "summary.json"
    done = rtech(
        capsys, "screen", str(good), "--edition", "2022", "--format", fmt,
        "--out", str(out), "--summary-json", str(summary),
    )  # fmt: skip
    assert done.code == 0, done.err
    assert out.read_bytes() != b"OLD"
    assert (out.stat().st_mode & 0o777) == 0o600
    assert json.loads(summary.read_text(encoding="utf-8"))["records"] == 1
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([out.name, summary.name])
