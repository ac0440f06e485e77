"""The exported SQL on Spark in local mode gives ``rtech screen``'s results: the
noisy records, editions by discharge date with an imported table. (The long
layout, the same tree rendered the same way, is tested on DuckDB and PostgreSQL:
a Spark query costs a minute of fixed overhead on the test machine.)

Spark needs Java: without it these tests skip loudly (and fail in CI, where
``RTECH_REQUIRE_SPARK=1``). One Spark session serves the module: it takes tens
of seconds to start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.bench.synthetic import write
from tests.cli import rtech
from tests.seeds import seed_text
from tests.support.sqlengines import Spark, spark_session
from tests.unit.codes.test_sql_screening import (
    IMPORTED,
    exported,
    read_csv,
    screened,
    write_csv,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Spark]:
    with spark_session() as session:
        yield Spark(session)


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "records.csv"
    return write(path, 800, seed_text("2022"), seed=11, narrow=True)


def test_wide_layout_by_discharge_date_with_an_imported_table(
    spark: Spark, noisy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers, rows = read_csv(noisy)
    dates = ["", "2021-12-31", "２０２３年５月１日", "2023-02-29", "20230601"]
    for number, row in enumerate(rows[::16]):
        row[1] = dates[number % len(dates)]
    for row in rows[5::50]:  # cases of the imported 2023 table: a diagnosis in I20-I25
        row[1:4] = ["2023-06-01", "I21.000", "I25.103"]
        row[headers.index("主要手术操作编码")] = "37.3401"
    path = write_csv(tmp_path / "dated.csv", headers, rows)
    table = tmp_path / "cardio2023.csv"
    table.write_text(IMPORTED, encoding="utf-8")
    assert (
        rtech(
            capsys, "rules", "import", str(table), "--edition", "2023", "--technology", "cardio"
        ).code
        == 0
    )
    effective = ("--effective", "2022=2022-01-01", "--effective", "2023=2023-05-01")
    expected: list[dict[str, Any]] = screened(capsys, path, *effective)
    assert {m["edition"] for m in expected} == {"2022", "2023"}
    assert any(m["needs_review"] for m in expected)
    spark.load("records", headers, rows)
    script = exported(
        capsys, tmp_path / "screen.sql", "spark", *effective, "--columns-from", str(path)
    )
    assert "MONOTONICALLY_INCREASING_ID()" in script
    assert spark.run(script) == expected
