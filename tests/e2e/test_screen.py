"""``rtech screen`` as a user runs it: the installed command in a fresh process, on
generated exports and on messy real-looking files. The in-process tests of the same
command (tiny blocks, every boundary) are tests/unit/test_screen_inprocess.py and
tests/unit/test_screen_bad_input.py."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from tests.bench.reference import Reference
from tests.bench.synthetic import write
from tests.e2e.test_cli import run
from tests.seeds import seed_text

pytestmark = pytest.mark.e2e


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def screen(*args: str) -> subprocess.CompletedProcess[str]:
    result = run("screen", *args)
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("gb18030", False)])
def test_the_command_agrees_with_an_independent_implementation(
    tmp_path: Path, encoding: str, bom: bool
) -> None:
    path = write(
        tmp_path / "records.csv", 3000, seed_text("2022"), encoding=encoding, bom=bom, seed=23
    )
    expected = list(Reference(seed_text("2022")).screen(path, "utf-8-sig" if bom else encoding))
    assert len({m["technology"] for m in expected}) == 5, "every 2022 technology is exercised"
    for workers in ("1", "2"):
        result = screen(str(path), "--edition", "2022", "--workers", workers)
        assert result.returncode == 0, result.stderr
        assert jsonl(result.stdout) == expected
        assert "读取记录 3,000 条" in result.stderr


def test_outputs_and_summary_json_from_the_command(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", 600, seed_text("2022"), seed=5)
    expected = list(Reference(seed_text("2022")).screen(path))
    out, summary = tmp_path / "o.csv", tmp_path / "s.json"
    args = ("--edition", "2022", "--out", str(out), "--summary-json", str(summary))
    result = screen(str(path), *args)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["record_id"], r["technology"]) for r in rows] == [
        (m["record_id"], m["technology"]) for m in expected
    ]
    report = json.loads(summary.read_text(encoding="utf-8"))
    assert report["records"] == 600
    assert report["matches_total"] == len(expected)


def test_a_messy_gbk_export(tmp_path: Path) -> None:
    # Full-width codes, a space beside the dot, placeholders, a truncated last
    # line: matches where a code is there, and the cut line is reported.
    lines = [
        "病案号,出院日期,主要诊断编码,主要手术操作编码,其他手术操作编码1",
        "M1,2023-03-01,Ｉ２５．１０３,３７．３４０１,—",
        "M2,2023-03-02,I25.103,37 .3401,无",
        "M3,2023-03-03,I10.x00,99.0401,",
        "M4,2023-03-04,C22.000,??.??,",
        "M5,2023-03-05,I25.1",
    ]
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\r\n".join(lines)).encode("gbk"))
    result = screen(str(path), "--edition", "2022")
    assert result.returncode == 0, result.stderr
    found = [(m["record_id"], m["technology"]) for m in jsonl(result.stdout)]
    assert found == [("M1", "cardio"), ("M2", "cardio")]
    assert "GB18030" in result.stderr
    assert "末行不完整" in result.stderr


def test_long_layout_in_a_fresh_process(tmp_path: Path) -> None:
    long = tmp_path / "long.csv"
    long.write_text(
        "病案号,出院日期,编码类型,编码\n"
        "L1,2022-05-01,诊断,I10.x00\nL1,,手术,37.3401\n"
        "L2,2022-05-01,诊断,C01.x00\nL2,2022-05-01,手术,01.5918\n",
        encoding="utf-8",
    )
    result = screen(str(long))
    assert result.returncode == 0, result.stderr
    found = [(m["record_id"], m["technology"]) for m in jsonl(result.stdout)]
    assert found == [("L1", "cardio"), ("L2", "maxillofacial_tumor")]
    assert "长表" in result.stderr


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "是空的"),
        (b"\x81\x30\xff\xfe\x00\x01" * 50 + b"\n", (), "不是文本 CSV 文件"),
        (b"\x81\x30\xff\xfe\x01" * 50 + b"\n", (), "无法识别文件"),
        (
            "病案号,出院日期,主要诊断编码\nG1,2023-01-01,I10.x00\n".encode("gb18030"),
            ("--encoding", "utf-8"),
            "无法按 utf-8 解码",
        ),
        (b"H\n1\n", ("--encoding", "klingon"), "未知的编码“klingon”"),
        ("姓名,年龄\n张三,40\n".encode(), (), "编码"),
        ("病案号,出院日期,主要手术操作编码\rA1,2023-01-01,37.3401\r".encode(), (), "回车符"),
    ],
    ids=[
        "empty",
        "binary",
        "undecodable",
        "wrong-encoding",
        "unknown-encoding",
        "no-code-columns",
        "cr-only",
    ],
)
def test_bad_files_are_chinese_errors_with_exit_status_2(
    tmp_path: Path, content: bytes, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = screen(str(path), "--edition", "2022", *args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert message in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_a_chinese_error(tmp_path: Path) -> None:
    result = screen(str(tmp_path / "nowhere.csv"), "--edition", "2022")
    assert result.returncode == 2
    assert "nowhere.csv" in result.stderr


def test_an_output_into_a_missing_directory_is_refused_before_any_work(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", 50, seed_text("2022"), seed=2)
    for option in ("--summary-json", "--out"):
        result = screen(str(path), "--edition", "2022", option, str(tmp_path / "无" / "x.json"))
        assert result.returncode == 2, result.stderr
        assert "目录" in result.stderr
        assert "不存在" in result.stderr
        assert result.stdout == ""


def test_formulas_in_record_ids_stay_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    # OWASP CSV injection: a record id a spreadsheet would run as a formula.
    path = tmp_path / "inj.csv"
    path.write_text(
        "病案号,出院日期,主要诊断编码,主要手术操作编码\n"
        "=cmd|' /C calc'!A0,2023-01-01,I25.1,37.3401\n"
        "@SUM(1),2023-01-01,I25.1,37.3401\n"
        "ZY1,2023-01-01,I25.1,37.3401\n",
        encoding="utf-8",
    )
    assert screen(str(path), "--edition", "2022", "--out", str(tmp_path / "o.csv")).returncode == 0
    rows = list(csv.reader((tmp_path / "o.csv").open(encoding="utf-8-sig")))
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "ZY1"]
    assert screen(str(path), "--edition", "2022", "--out", str(tmp_path / "o.xlsx")).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "o.xlsx")["筛查结果"]
    assert [sheet.cell(r, 1).data_type for r in (2, 3, 4)] == ["s", "s", "s"]
    assert sheet.cell(2, 1).value == "'=cmd|' /C calc'!A0"
    # JSON Lines is not a spreadsheet: the id stays as exported.
    lines = jsonl(screen(str(path), "--edition", "2022").stdout)
    assert lines[0]["record_id"] == "=cmd|' /C calc'!A0"
