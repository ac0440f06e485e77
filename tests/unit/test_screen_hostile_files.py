"""Issue 19 item 6: hostile record files for ``rtech screen`` — XLSX zip bombs,
UTF-16 without a BOM, NUL and control characters, a GBK row in a UTF-8 file.
Each is a Chinese error (exit 2) or a counted, reported skip; never a raw NUL."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from rtech.screening import sources
from tests.cli import Result, rtech

HEADER = "病案号,出院日期,主要诊断编码,主要手术操作编码,其他手术操作编码1\n"
GOOD = "G1,2023-01-01,I10.x00,37.3401,\n"
COLUMNS = ["病案号", "出院日期", "主要诊断编码", "主要手术操作编码", "其他手术操作编码1"]


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> Result:
    result = rtech(capsys, "screen", str(path), "--edition", "2022", *args)
    assert "Traceback" not in result.err
    assert "\x00" not in result.out + result.err
    return result


def ids(result: Result) -> list[str]:
    return [json.loads(line)["record_id"] for line in result.out.splitlines() if line.strip()]


@pytest.fixture(params=["fast", "thorough"])
def mode(request: pytest.FixtureRequest) -> tuple[str, ...]:
    return ("--thorough",) if request.param == "thorough" else ()


@pytest.mark.parametrize(("codec", "order"), [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_a_bom_is_named_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str, order: str
) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes((HEADER + GOOD * 20).encode(codec))
    result = run(capsys, path)
    assert result.code == 2
    assert f"是不带 BOM 的 UTF-16（{order}）编码，暂不支持" in result.err
    assert result.out == ""


def test_a_nul_byte_is_refused_as_not_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(HEADER.encode() + b"N1,2023-01-01,I10.x00,37.3401,\x00\n" + GOOD.encode())
    result = run(capsys, path)
    assert result.code == 2
    assert "是空字符（NUL）：不是文本 CSV 文件" in result.err


def test_a_gbk_row_in_a_utf8_file_is_counted_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        HEADER.encode()
        + GOOD.encode()
        + "张三123,2023-01-01,I10.x00,37.3401,\n".encode("gb18030")
        + "李四,2023-01-01,I10.x00,37.3401,\n".encode()
    )
    result = run(capsys, path, *mode)
    assert result.code == 0
    assert ids(result) == ["G1", "李四"]
    assert "病案号的编码与文件不同（混入了另一种编码的行，已跳过） 1 行" in result.err
    assert "第 3 行：病案号按 GB18030 读作“张三123”" in result.err
    assert "\ufffd" not in result.out


def test_a_control_character_in_a_record_id_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: tuple[str, ...]
) -> None:
    path = tmp_path / "escape.csv"
    path.write_text(HEADER + GOOD + "E\x1b[31m1,2023-01-01,I10.x00,37.3401,\n", encoding="utf-8")
    result = run(capsys, path, *mode)
    assert ids(result) == ["G1"]
    assert "病案号含有控制字符（已跳过） 1 行" in result.err
    assert "\x1b" not in result.out + result.err


def _workbook(path: Path, rows: int = 3) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for number in range(1, rows + 1):
        sheet.append([f"X{number}", "2023-01-01", "I10.x00", "37.3401", None])
    book.save(path)
    return path


def _rewrite(path: Path, change: dict[str, bytes]) -> None:
    """Replace (or add) parts of the XLSX zip ``path``."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(change)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_xlsx_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (80 << 20), 1)
    _rewrite(path, {"xl/worksheets/sheet1.xml": padded})
    assert path.stat().st_size < 1 << 20
    result = run(capsys, path)
    assert result.code == 2
    assert "解压后过大" in result.err
    assert "“xl/worksheets/sheet1.xml”由" in result.err
    assert "疑为“压缩炸弹”，未读取" in result.err
    assert "CSV" in result.err


def test_an_xlsx_past_the_unpacked_size_bound_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(tmp_path / "big.xlsx", rows=200)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(m.file_size for m in archive.infolist())
    monkeypatch.setattr(sources, "MAX_XLSX_BYTES", unpacked - 1)
    result = run(capsys, path)
    assert result.code == 2
    assert "解压后过大" in result.err
    monkeypatch.setattr(sources, "MAX_XLSX_BYTES", unpacked)
    assert len(ids(run(capsys, path))) == 200


def test_an_xlsx_past_the_row_bound_stops_with_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(tmp_path / "rows.xlsx", rows=10)
    monkeypatch.setattr(sources, "MAX_XLSX_ROWS", 11)
    assert len(ids(run(capsys, path))) == 10
    monkeypatch.setattr(sources, "MAX_XLSX_ROWS", 10)
    result = run(capsys, path)
    assert result.code == 2
    assert "超过 10 行（Excel 的上限）" in result.err


def test_a_false_sheet_dimension_does_not_pad_rows(tmp_path: Path) -> None:
    """A sheet claiming A1:XFD1048576 is read as the rows it has, not 16,384 cells each."""
    path = _workbook(tmp_path / "wide.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b'<dimension ref="')
    end = sheet.index(b'"', start + len(b'<dimension ref="'))
    _rewrite(
        path,
        {
            "xl/worksheets/sheet1.xml": sheet[:start]
            + b'<dimension ref="A1:XFD1048576'
            + sheet[end:]
        },
    )
    headers, rows = sources.xlsx_headers(path)
    assert headers == tuple(COLUMNS)
    assert [len(row) for row in rows] == [4, 4, 4]


@pytest.mark.parametrize("delimiter", ["|", ","])
def test_a_gbk_file_whose_delimiter_byte_is_inside_chinese_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], delimiter: str
) -> None:
    """A GB18030 export separated by ``|``: ``亅`` is the bytes 81 7C, the second of
    them a ``|``. The fast path cut such names into two fields and skipped every
    record as ragged (0 matches where --thorough found 50); it now reads the file
    line by line and says why. Separated by ``,`` (below every second byte) the fast
    path stays."""
    header = delimiter.join(["病案号", "姓名", "出院日期", "主要诊断编码", "主要手术操作编码"])
    rows = [
        delimiter.join([f"R{i}", "亅倈億", "2023-01-05", "I10.x00", "37.3401"]) for i in range(50)
    ]
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode("gb18030"))
    fast = run(capsys, path)
    thorough = run(capsys, path, "--thorough")
    assert fast.code == thorough.code == 0
    assert ids(fast) == ids(thorough) == [f"R{i}" for i in range(50)]
    if delimiter == "|":
        assert "分隔符“|”可能是汉字的一部分" in fast.err
    else:
        assert "快速" in fast.err


def test_which_delimiters_can_be_inside_characters() -> None:
    inside = sources.delimiter_inside_characters
    assert [d for d in ",\t|;" if inside("gb18030", d)] == ["|"]
    assert [d for d in ",\t|;" if inside("big5", d)] == ["|"]
    assert not any(inside(codec, d) for codec in ("utf-8", "latin-1") for d in ",\t|;")
