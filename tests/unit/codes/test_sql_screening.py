"""The exported SQL gives exactly ``rtech screen``'s results, run for real on DuckDB
and PostgreSQL: the synthetic noisy records (wide and long layouts), a fixed
edition and editions by discharge date, plugin and imported tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.bench.synthetic import write
from tests.cli import rtech
from tests.seeds import seed_text
from tests.support.sqlengines import DuckDB, Postgres, by_record, engine

KINDS = ("诊断", "手术", "ICD-10", "手术及操作", "其他诊断", "ＰＸ", "d", " 手 术 ", "未知")

WIDE_MAP = """\
record_id = "病案号"
discharge_date = "出院日期"
diagnoses = ["主要诊断编码", "其他诊断编码*"]
procedures = ["主要手术操作编码", "其他手术操作编码*"]
"""


@pytest.fixture(params=["duckdb", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DuckDB | Postgres]:
    with engine(request.param, tmp_path) as opened:
        yield opened


def read_csv(path: Path) -> tuple[list[str], list[list[str | None]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [[v if v != "" else None for v in row] for row in rows[1:]]


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[str | None]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


def screened(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> list[dict[str, Any]]:
    result = rtech(capsys, "screen", str(path), "--quiet", *args)
    assert result.code == 0, result.err
    return by_record([json.loads(line) for line in result.out.splitlines() if line.strip()])


def exported(capsys: pytest.CaptureFixture[str], out: Path, dialect: str, *args: str) -> str:
    result = rtech(
        capsys, "rules", "export", "--dialect", dialect, "--table", "records", "-o", str(out), *args
    )
    assert result.code == 0, result.err
    assert f"已导出 {dialect} 筛查 SQL" in result.err
    return out.read_text(encoding="utf-8")


def long_rows(
    headers: Sequence[str], rows: Sequence[Sequence[str | None]], kinds: bool
) -> tuple[list[str], list[list[str | None]]]:
    """The wide records as one code per row (病案号, 出院日期, [编码类型,] 编码)."""
    out: list[list[str | None]] = []
    code_columns = [
        (i, "诊断" in name)
        for i, name in enumerate(headers)
        if name.endswith(tuple("0123456789码"))
    ]
    turn = 0
    for row in rows:
        for index, is_dx in code_columns:
            if index in (0, 1) or row[index] is None:
                continue
            turn += 1
            kind = KINDS[turn % len(KINDS)] if turn % 7 else ("诊断" if is_dx else "手术")
            cells = [row[0], row[1], kind, row[index]] if kinds else [row[0], row[1], row[index]]
            out.append(cells)
    names = ["病案号", "出院日期", "编码类型", "编码"] if kinds else ["病案号", "出院日期", "编码"]
    return names, out


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,000 synthetic records: every technology, review flags, noise of every kind."""
    path = tmp_path_factory.mktemp("noisy") / "records.csv"
    return write(path, 4000, seed_text("2022"), seed=11, narrow=True)


def test_wide_layout_fixed_edition(
    database: DuckDB | Postgres,
    noisy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    headers, rows = read_csv(noisy)
    database.load("records", headers, rows)
    mapping = tmp_path / "map.toml"
    mapping.write_text(WIDE_MAP, encoding="utf-8")
    expected = screened(capsys, noisy, "--edition", "2022")
    assert {m["technology"] for m in expected} == {
        "s01_implant",
        "s02_hifu",
        "cardio",
        "maxillofacial_tumor",
        "craniofacial",
    }
    assert any(m["needs_review"] for m in expected)
    assert any(len(m["matched_codes"]) > 2 for m in expected)
    script = exported(
        capsys,
        tmp_path / "screen.sql",
        database.dialect,
        "--edition",
        "2022",
        "--mapping",
        str(mapping),
        "--columns-from",
        str(noisy),
    )
    assert database.run(script) == expected


IMPORTED = """\
编码,名称,备注,类别
I20-I25,缺血性心脏病,,诊断
C00.x00,唇恶性肿瘤,,诊断
37.3401,心脏射频消融,针对复杂心律失常,手术
00.6600,经皮冠状动脉腔内成形术,,手术
36.0601,冠状动脉药物洗脱支架置入术,针对复杂冠状动脉病变,手术
"""


def test_editions_by_discharge_date_with_an_imported_table(
    database: DuckDB | Postgres,
    noisy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Records before May 2023 fall in 2022 (plugins' tables), the later ones in 2023,
    where an administrator's table (a diagnosis range and procedures) is in force;
    records without a usable date, or before 2022, are skipped alike."""
    headers, rows = read_csv(noisy)
    dates = ["", "2021-12-31", "2023/4/30", "２０２３年５月１日", "2023-02-29", "20230601", "x"]
    for number, row in enumerate(rows[:: len(rows) // 60]):
        row[1] = dates[number % len(dates)]
    path = write_csv(tmp_path / "dated.csv", headers, rows)
    table = tmp_path / "cardio2023.csv"
    table.write_text(IMPORTED, encoding="utf-8")
    imported = rtech(
        capsys, "rules", "import", str(table), "--edition", "2023", "--technology", "cardio"
    )
    assert imported.code == 0, imported.err
    effective = ("--effective", "2022=2022-01-01", "--effective", "2023=2023-05-01")
    expected = screened(capsys, path, *effective)
    assert {m["edition"] for m in expected} == {"2022", "2023"}
    assert {m["rule"] for m in expected if m["edition"] == "2023"} == {"diagnosis_and_procedure"}
    database.load("records", headers, rows)
    script = exported(
        capsys, tmp_path / "screen.sql", database.dialect, *effective, "--columns-from", str(path)
    )
    assert "导入" in script.splitlines()[4] or "imported v1" in script
    assert database.run(script) == expected


@pytest.mark.parametrize("kinds", [True, False], ids=["kind-column", "kind-by-shape"])
def test_long_layout(
    database: DuckDB | Postgres,
    noisy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kinds: bool,
) -> None:
    headers, rows = read_csv(noisy)
    names, long = long_rows(headers, rows, kinds)
    # A record's rows need not be adjacent: move a few to the end.
    long += [long.pop(i) for i in range(5, 400, 37)]
    path = write_csv(tmp_path / "long.csv", names, long)
    expected = screened(capsys, path, "--edition", "2022")
    assert len(expected) > 40
    database.load("records", names, long)
    script = exported(
        capsys,
        tmp_path / "screen.sql",
        database.dialect,
        "--edition",
        "2022",
        "--columns-from",
        str(path),
    )
    assert "长表" in script.splitlines()[2]
    assert database.run(script) == expected


ORDERING = [
    # Listed diagnoses before those in a range, each in record order; repeats once.
    ["E1", "2023-06-01", "I21.000", "C00.X00", "i21.000", "37.3401", "00.6600", "37.3401"],
    # A dagger pair whose parts are a range code and a listed one.
    ["E2", "2023-06-01", "I25.103+C00.x00*", None, None, "00.6600", None, None],
    # Anchor (23.6x00x003) after its partner: anchors come first.
    ["E3", "2022-06-01", None, None, None, "76.4301", "23.6X00X003", "76.4300"],
    # Two rows with one id: two records, in row order; a padded id is the same id.
    ["E4", "2022-06-01", None, None, None, "37.3401", None, None],
    [" E4 ", "2022-06-01", None, None, None, "00.6600", "36.0601", None],
    # Every matched procedure qualified: review, reasons in record order.
    ["E5", "2022-06-01", None, None, None, "00.6600", "37.3401", "00.6600"],
]


def test_code_order_repeats_and_review_reasons(
    database: DuckDB | Postgres, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = ["病案号", "出院日期", "主要诊断编码", "其他诊断编码1", "其他诊断编码2"]
    headers += ["主要手术操作编码", "其他手术操作编码1", "其他手术操作编码2"]
    path = write_csv(tmp_path / "order.csv", headers, ORDERING)
    table = tmp_path / "cardio2023.csv"
    table.write_text(IMPORTED, encoding="utf-8")
    assert (
        rtech(
            capsys, "rules", "import", str(table), "--edition", "2023", "--technology", "cardio"
        ).code
        == 0
    )
    effective = ("--effective", "2022=2022-01-01", "--effective", "2023=2023-05-01")
    expected = screened(capsys, path, *effective)
    codes = {(m["record_id"], m["technology"]): m["matched_codes"] for m in expected}
    assert codes["E1", "cardio"] == ["C00.x00", "I21.000", "37.3401", "00.6600"]
    assert codes["E2", "cardio"] == ["C00.x00", "I25.103", "00.6600"]
    assert codes["E3", "s01_implant"] == ["23.6x00x003", "76.4301", "76.4300"]
    assert [m["record_id"] for m in expected].count("E4") == 2
    review = next(m for m in expected if m["record_id"] == "E5")
    assert review["needs_review"]
    assert [r.split("：")[0] for r in review["review_reasons"]] == ["00.6600", "37.3401"]
    database.load("records", headers, ORDERING)
    script = exported(
        capsys, tmp_path / "screen.sql", database.dialect, *effective, "--columns-from", str(path)
    )
    assert database.run(script) == expected
