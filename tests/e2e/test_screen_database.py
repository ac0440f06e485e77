"""``rtech screen --database URL --table NAME`` and ``rtech rules export``, run as
a user runs them: the installed command in a fresh process, on a PostgreSQL table
(the test server) and a DuckDB file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.bench.synthetic import write
from tests.e2e.test_cli import run
from tests.seeds import seed_text
from tests.support.sqlengines import by_record, engine

pytestmark = pytest.mark.e2e

SAME = (
    "records",
    "records_parsed",
    "matches",
    "matches_total",
    "needs_review",
    "matched_records_by_edition",
    "rejected_cells",
    "skipped",
    "editions",
    "rule_sources",
    "not_code_identifiable",
    "effective_dates",
    "effective_defaults",
)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 noisy records; a few without an id, with an odd or early date."""
    path = write(tmp_path_factory.mktemp("db") / "raw.csv", 1000, seed_text("2022"), seed=11)
    matched = {m["record_id"] for m in jsonl(run("screen", str(path), "--edition", "2022").stdout)}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    dates = ["", "2021-06-30", "２０２２年７月１日", "2023-02-30", "2022/12/31"]
    chosen = [row for row in rows[1:] if row[0] in matched][::3]
    for number, row in enumerate(chosen):
        row[42] = dates[number % len(dates)]  # 出院日期
        if number % 4 == 0:
            row[0] = "  "
    out = path.with_name("records.csv")
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return out


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_screen_database_gives_the_files_results_and_summary(
    dialect: str, records: Path, tmp_path: Path
) -> None:
    with records.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][42] == "出院日期"
    effective = ("--effective", "2022=2022-01-01", "--effective", "2023=2023-06-01")
    from_file = run(
        "screen", str(records), "--thorough", *effective, "--summary-json", str(tmp_path / "f.json")
    )
    assert from_file.returncode == 0, from_file.stderr
    expected = by_record(jsonl(from_file.stdout))
    assert len(expected) > 10
    with engine(dialect, tmp_path) as database:
        database.load("病案首页", rows[0], [[v or None for v in row] for row in rows[1:]])
        url = database.url
        database.close()
        args = ("--database", url, "--table", "病案首页", *effective)
        result = run("screen", *args, "--summary-json", str(tmp_path / "d.json"))
        assert result.returncode == 0, result.stderr
        assert jsonl(result.stdout) == expected
        summary = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
        file_summary = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
        assert {k: summary[k] for k in SAME} == {k: file_summary[k] for k in SAME}
        assert set(summary["skipped"]) == {
            "病案号为空（含目录编码，未能输出）",
            "出院日期缺失或无法识别（含目录编码，未能确定版本）",
            "出院日期早于各版本的生效日期（含目录编码）",
        }
        assert summary["files"][0]["method"].startswith("SQL")
        assert "读取记录 1,000 条" in result.stderr
        assert "表 病案首页" in result.stderr
        assert "Traceback" not in result.stderr

        # The same outputs as for files: CSV for Excel, and reconciliation.
        as_csv = run("screen", *args, "--out", str(tmp_path / "o.csv"), "--quiet")
        assert as_csv.returncode == 0, as_csv.stderr
        written = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8-sig")))
        assert [(r["record_id"], r["technology"]) for r in written] == [
            (m["record_id"], m["technology"]) for m in expected
        ]
        run("db", "upgrade")
        reconciled = run("screen", *args, "--reconcile")
        assert reconciled.returncode == 0, reconciled.stderr
        assert f"核对：已上报 0 条，未上报（已输出）{len(expected)} 条" in reconciled.stderr


def test_exported_script_runs_where_the_data_lives(records: Path, tmp_path: Path) -> None:
    """The script a user exports runs as it is in DuckDB (embedded) with the file's
    results; its header says what it holds."""
    out = tmp_path / "screen.sql"
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'record_id = "病案号"\ndischarge_date = "出院日期"\n'
        'diagnoses = ["主要诊断编码", "其他诊断编码*"]\n'
        'procedures = ["主要手术操作编码", "其他手术操作编码*"]\n',
        encoding="utf-8",
    )
    exported = run(
        "rules", "export", "--dialect", "duckdb", "--table", "records", "--edition", "2022",
        "--mapping", str(mapping), "--columns-from", str(records), "-o", str(out),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    script = out.read_text(encoding="utf-8")
    assert script.startswith("-- rtech 筛查 SQL（DuckDB）")
    assert "2022 版规则：S01 s01_implant（插件）" in script
    import duckdb

    connection = duckdb.connect()
    connection.execute(
        f"CREATE TABLE records AS SELECT * FROM read_csv('{records}', all_varchar = true)"
    )
    got = connection.execute(script).fetchall()
    expected = by_record(jsonl(run("screen", str(records), "--edition", "2022").stdout))
    assert [(r[0], r[1], list(r[5]), r[6]) for r in got] == [
        (m["record_id"], m["technology"], m["matched_codes"], m["needs_review"]) for m in expected
    ]


def test_bad_databases_tables_and_mappings_are_chinese_errors(
    records: Path, tmp_path: Path
) -> None:
    with engine("duckdb", tmp_path) as database:
        database.load(
            "records", ["病案号", "出院日期", "手术编码1"], [["A1", "2023-01-01", "37.3401"]]
        )
        database.load("odd", ["编号", "dx_a", "op_a"], [["A1", "I10.x00", "37.3401"]])
        url = database.url
        database.close()

        def failed(*args: str) -> str:
            result = run("screen", *args, "--edition", "2022")
            assert result.returncode == 2, result.stderr
            assert result.stderr.startswith("错误："), result.stderr
            assert "Traceback" not in result.stderr
            return result.stderr

        assert "没有表 missing" in failed("--database", url, "--table", "missing")
        assert "数据库中的表：main.odd、main.records" in failed(
            "--database", url, "--table", "missing"
        )
        mapping = tmp_path / "map.toml"
        mapping.write_text('record_id = "病案号"\nprocedures = ["手术操作编码*"]\n', "utf-8")
        message = failed("--database", url, "--table", "records", "--mapping", str(mapping))
        assert "表 records 中没有映射文件" in message
        assert "procedures 中的“手术操作编码*”" in message
        assert "表中的列：病案号、出院日期、手术编码1" in message
        undetected = failed("--database", url, "--table", "odd")
        assert "无法从表 odd 的列名识别列布局：缺少病案号/住院号列" in undetected
        assert "找到的列：编号、dx_a、op_a" in undetected
        assert "找不到 DuckDB 数据库文件" in failed(
            "--database", "duckdb:/nonexistent.duckdb", "--table", "t"
        )
    unreachable = failed("--database", "postgresql://nobody@127.0.0.1:9/none", "--table", "t")
    assert "无法连接数据库 postgresql://nobody@127.0.0.1:9/none" in unreachable
    assert "不支持的数据库地址" in failed("--database", "oracle://x/y", "--table", "t")
    assert "二者只取其一" in failed(str(records), "--database", url, "--table", "records")
    assert "二者只取其一" in failed("--database", url)
    assert "二者只取其一" in failed()
    bad = run(
        "rules", "export", "--dialect", "oracle", "--table", "t", "--columns-from", str(records)
    )
    assert bad.returncode == 2
    assert "'oracle' 不在可选值 'duckdb', 'postgres', 'spark' 中" in bad.stderr


def test_help_describes_both_commands() -> None:
    export = run("rules", "export", "--help")
    assert export.returncode == 0
    assert "--dialect [duckdb|postgres|spark]" in export.stdout
    assert "--columns-from" in export.stdout
    assert "matched_codes（文本数组）" in export.stdout
    screen = run("screen", "--help")
    assert "--database URL" in screen.stdout
    assert "duckdb:路径" in screen.stdout
