"""``rtech screen`` in the test process (block sizes shrunk so small files cross every
boundary): agreement with an independent implementation, layouts, encodings,
outputs, editions. tests/e2e/test_screen.py runs the installed command."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rtech.screening import fastcsv
from tests.bench.reference import Reference
from tests.bench.synthetic import headers, write
from tests.cli import Result, rtech
from tests.seeds import seed_text


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def screen(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    result = rtech(capsys, "screen", *args)
    assert result.code == 0, result.err
    return result


@pytest.fixture
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny tasks and blocks, so a small file crosses every boundary (and forks)."""
    monkeypatch.setattr(fastcsv, "TASK", 200_000)
    monkeypatch.setattr(fastcsv, "BLOCK", 37_000)


@pytest.mark.parametrize(
    ("encoding", "bom", "hqms", "newline"),
    [
        ("utf-8", False, False, "\n"),
        ("utf-8", True, True, "\r\n"),
        ("gb18030", False, False, "\n"),
    ],
)
@pytest.mark.usefixtures("small_tasks")
def test_screen_agrees_exactly_with_an_independent_implementation(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
    bom: bool,
    hqms: bool,
    newline: str,
) -> None:
    path = write(
        tmp_path / "records.csv",
        4000,
        seed_text("2022"),
        encoding=encoding,
        bom=bom,
        hqms=hqms,
        seed=11,
        newline=newline,
    )
    expected = list(Reference(seed_text("2022")).screen(path, "utf-8-sig" if bom else encoding))
    assert {m["technology"] for m in expected} == {
        "s01_implant",
        "s02_hifu",
        "cardio",
        "maxillofacial_tumor",
        "craniofacial",
    }, "the generated records exercise every technology"
    assert any(m["needs_review"] for m in expected)
    fast = screen(capsys, str(path), "--edition", "2022", "--workers", "2")
    assert jsonl(fast.out) == expected
    assert "读取记录 4,000 条" in fast.err
    assert "不规范的编码单元格" in fast.err
    thorough = screen(capsys, str(path), "--edition", "2022", "--thorough")
    assert jsonl(thorough.out) == expected
    single = screen(capsys, str(path), "--edition", "2022", "--workers", "1")
    assert jsonl(single.out) == expected


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
@pytest.mark.parametrize(
    ("dense", "noisy"),
    [(False, False), (True, False), (False, True), (True, True)],
    ids=["typical", "dense", "noisy", "dense-noisy"],
)
@pytest.mark.usefixtures("small_tasks")
def test_every_benchmark_shape_agrees_with_the_oracle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], narrow: bool, dense: bool, noisy: bool
) -> None:
    """The benchmark's shapes (issue 17): the fast path at one and two workers gives
    exactly the exact reader's (--thorough) output and the independent reference's."""
    path = write(
        tmp_path / "records.csv",
        3000,
        seed_text("2022"),
        seed=5,
        narrow=narrow,
        dense=dense,
        noisy=noisy,
    )
    expected = list(Reference(seed_text("2022")).screen(path))
    matched = len({m["record_id"] for m in expected})
    assert matched > (600 if dense else 40), "dense: about a quarter of the records match"
    thorough = screen(capsys, str(path), "--edition", "2022", "--thorough")
    assert jsonl(thorough.out) == expected
    for jobs in ("1", "2"):
        fast = screen(capsys, str(path), "--edition", "2022", "--jobs", jobs)
        assert jsonl(fast.out) == jsonl(thorough.out)
        assert "读取记录 3,000 条" in fast.err
        if dense:
            assert "列式" in fast.err, "most lines hold a listed code: the columnar lane"
        elif noisy:
            assert "规整后预筛" in fast.err, "few once normalised: the canonical prefilter"


def test_csv_and_xlsx_outputs_and_summary_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "r.csv", 800, seed_text("2022"), seed=3)
    expected = list(Reference(seed_text("2022")).screen(path))
    screen(
        capsys,
        str(path),
        "--edition",
        "2022",
        "--out",
        str(tmp_path / "o.csv"),
        "--summary-json",
        str(tmp_path / "s.json"),
    )
    raw = (tmp_path / "o.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Excel: UTF-8 with BOM"
    rows = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8-sig")))
    assert [(r["record_id"], r["technology"]) for r in rows] == [
        (m["record_id"], m["technology"]) for m in expected
    ]
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["records"] == 800
    assert summary["matches_total"] == len(expected)

    screen(capsys, str(path), "--edition", "2022", "--out", str(tmp_path / "o.xlsx"))
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "o.xlsx", read_only=True)
    sheet_rows = list(book["筛查结果"].iter_rows(values_only=True))
    assert sheet_rows[0][:2] == ("record_id", "technology")
    assert len(sheet_rows) == len(expected) + 1
    assert "汇总" in book.sheetnames


def _wide(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    header = [
        "住院号",
        "姓名",
        "出院日期",
        "主要诊断编码",
        "其他诊断编码1",
        "主要手术操作编码",
        "手术及操作编码2",
    ]
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_xlsx_input_and_long_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["病案号", "出院日期", "主要诊断编码", "主要手术操作编码", "其他手术操作编码1"])
    sheet.append(["X1", "2023-01-01", "C22.000", "００．０９０１", None])
    sheet.append(["X2", "2023-01-01", "I10.x00", 37.34, None])  # numeric: reported
    sheet.append([10023, "2023-01-01", "I10.x00", "36.0601", None])
    book.save(tmp_path / "r.xlsx")
    result = screen(capsys, str(tmp_path / "r.xlsx"), "--edition", "2022")
    assert [(m["record_id"], m["technology"]) for m in jsonl(result.out)] == [
        ("X1", "s02_hifu"),
        ("10023", "cardio"),
    ]
    assert "数值 37.34" in result.err

    long = tmp_path / "long.csv"
    long.write_text(
        "病案号,编码类型,编码\nL1,诊断,C01.x00\nL1,手术,01.5918\nL2,手术,37.3401\n"
        "L3,诊断,I10.x00\nL1,其他手术,36.0601\nL4,未知,37.3401\n",
        encoding="utf-8",
    )
    result = screen(capsys, str(long), "--edition", "2022")
    found = [(m["record_id"], m["technology"]) for m in jsonl(result.out)]
    assert found == [("L1", "cardio"), ("L1", "maxillofacial_tumor"), ("L2", "cardio")]
    assert "长表" in result.err
    assert "编码类型无法识别" in result.err


def test_hqms_and_older_field_codes_are_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "BAH,CYSJ,XM,JBDM,JBDM1,QTZD2,ZYZD_JBBM3,SSJCZBM1,SSJCZBM2\n"
        "O1,2023-01-01,x,I10.x00,,,C01.x00,01.5918,\n",
        encoding="utf-8",
    )
    result = screen(capsys, str(path), "--edition", "2022")
    assert [m["technology"] for m in jsonl(result.out)] == ["maxillofacial_tumor"]
    assert len(headers(True)) == len(headers(False))


def test_mapping_file_overrides_detection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "编号,日期,dx_a,dx_b,op_a,op_b\nM1,2023-01-01,C22.0,,00.0901,\n", encoding="utf-8"
    )
    failed = rtech(capsys, "screen", str(path), "--edition", "2022")
    assert failed.code == 2
    assert "无法识别文件的列布局" in failed.err
    assert "编号、日期、dx_a" in failed.err
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'record_id = "编号"\ndischarge_date = "日期"\n'
        'diagnoses = ["dx_*"]\nprocedures = ["op_*"]\n',
        encoding="utf-8",
    )
    result = screen(capsys, str(path), "--edition", "2022", "--mapping", str(mapping))
    assert [m["technology"] for m in jsonl(result.out)] == ["s02_hifu"]
    mapping.write_text('record_id = "编号"\nprocedures = ["手术*"]\nfoo = 1\n', encoding="utf-8")
    bad = rtech(capsys, "screen", str(path), "--edition", "2022", "--mapping", str(mapping))
    assert bad.code == 2
    assert "未知的键：foo" in bad.err


def test_edition_by_discharge_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _wide(
        tmp_path / "d.csv",
        [
            ["D1", "a", "2022-10-01", "I10.x00", "", "37.3401", ""],
            ["D2", "b", "2021-01-01", "I10.x00", "", "37.3401", ""],
            ["D3", "c", "", "I10.x00", "", "37.3401", ""],
            ["D4", "d", "2024-01-01", "I10.x00", "", "37.3401", ""],
            ["D5", "e", "", "I10.x00", "", "99.0401", ""],
        ],
    )
    # Nothing configured: the documented defaults (2022-01-01, 2023-01-01), said so.
    by_default = screen(capsys, str(path))
    assert [m["record_id"] for m in jsonl(by_default.out)] == ["D1"]
    assert "2022 版 2022-01-01 起（默认值）、2023 版 2023-01-01 起（默认值）" in by_default.err
    assert "rtech rules effective" in by_default.err
    assert "2023 版没有编码表" in by_default.err
    reversed_ = rtech(capsys, "screen", str(path), "--effective", "2022=2023-06-01")
    assert reversed_.code == 2
    assert "各版本的生效日期应按版本先后递增" in reversed_.err
    # 2022 from September; 2023 keeps its default, so D4 (2024) falls in 2023,
    # which has no code tables.
    result = screen(capsys, str(path), "--effective", "2022=2022-09-01")
    assert [m["record_id"] for m in jsonl(result.out)] == ["D1"]
    assert "2022 版 2022-09-01 起、2023 版 2023-01-01 起（默认值）" in result.err
    assert "出院日期早于各版本的生效日期（含目录编码） 1 行" in result.err
    assert "出院日期缺失或无法识别（含目录编码，未能确定版本） 1 行" in result.err

    assert rtech(capsys, "rules", "effective", "2022=2022-09-01", "2023=2023-12-01").code == 0
    # The same setting as rtech cases editions, shown by both.
    shown = rtech(capsys, "cases", "editions", "--format", "json").json()
    assert shown == [
        {"edition": "2022", "effective": "2022-09-01", "default": False},
        {"edition": "2023", "effective": "2023-12-01", "default": False},
    ]
    assert rtech(capsys, "rules", "effective", "--format", "json").json() == shown
    by_setting = screen(capsys, str(path))
    assert "（默认值）" not in by_setting.err
    # D4 falls in 2023, which has no code tables: not identifiable, said so.
    assert [m["record_id"] for m in jsonl(by_setting.out)] == ["D1"]
    assert "2023 版没有编码表" in by_setting.err


def test_edition_2023_says_what_is_not_code_identifiable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _wide(tmp_path / "e.csv", [["E1", "a", "2024-01-01", "I10.x00", "", "37.3401", ""]])
    result = rtech(capsys, "screen", str(path), "--edition", "2023")
    assert result.code == 2
    assert "没有可按编码识别的技术" in result.err
    assert "S05 心血管疾病介入诊疗技术" in result.err
    assert "rtech rules import" in result.err


def test_reconcile_with_no_case_filed_reports_every_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _wide(tmp_path / "r.csv", [["R1", "a", "2023-01-01", "I10.x00", "", "37.3401", ""]])
    result = rtech(capsys, "screen", str(path), "--edition", "2022", "--reconcile")
    assert result.code == 0, result.err
    assert '"R1"' in result.out
    assert "核对：已上报 0 条，未上报（已输出）1 条" in result.err


def test_long_layout_keeps_rows_before_the_first_relevant_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # L1's discharge date stands only on its first row, a diagnosis no rule reads;
    # dropping that row lost the date, so the record had no edition and no match.
    long = tmp_path / "long.csv"
    long.write_text(
        "病案号,出院日期,编码类型,编码\n"
        "L1,2022-05-01,诊断,I10.x00\nL1,,手术,37.3401\n"
        "L2,2022-05-01,诊断,I10.x00\nL2,2022-05-01,手术,37.3401\n",
        encoding="utf-8",
    )
    result = screen(capsys, str(long))
    found = [(m["record_id"], m["technology"]) for m in jsonl(result.out)]
    assert found == [("L1", "cardio"), ("L2", "cardio")]
    assert "出院日期缺失" not in result.err


def test_task_size_gives_each_worker_several_tasks_within_bounds() -> None:
    """About TASKS_PER_WORKER tasks a worker (five tasks for two workers would leave
    one idle at the end), no smaller than MIN_TASK, no larger than TASK."""
    per, low, high = fastcsv.TASKS_PER_WORKER, fastcsv.MIN_TASK, fastcsv.TASK
    assert fastcsv.task_size(per * 2 * high, 2) == high
    assert fastcsv.task_size(per * 2 * high + per * 2, 2) == high
    assert fastcsv.task_size(per * 2 * high - per * 2, 2) == high - 1
    assert fastcsv.task_size(per * 2 * low, 2) == low
    assert fastcsv.task_size(per * 2 * low - 1, 2) == low
    assert fastcsv.task_size(per * 2 * low + per * 2, 2) == low + 1
    assert fastcsv.task_size(142_000_000, 2) == 142_000_000 // 16
    assert fastcsv.task_size(142_000_000, 1) == 142_000_000 // 8
    assert fastcsv.task_size(0, 0) == low
