"""Real engines for the exported screening SQL: DuckDB (embedded), PostgreSQL (the
test server) and Spark in local mode.

Each loads a table of text columns (``None`` is NULL), runs a script written by
``rtech rules export`` exactly as a user would (PostgreSQL: its statements in
order, in one transaction; Spark: ``spark.sql`` without the final semicolon)
and returns the rows as ``rtech screen --format jsonl`` writes them, lists for
the array columns. Without a server or Java the tests skip loudly, or fail
where ``RTECH_REQUIRE_POSTGRES=1`` / ``RTECH_REQUIRE_SPARK=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from rtech.screening.sql.query import COLUMNS
from tests import db

Rows = Sequence[Sequence[str | None]]

SPARK_MISSING = (
    "!!! Java is not installed ({error}): the Spark variants of the exported-SQL tests "
    "are SKIPPED. Install it with: apt-get install openjdk-17-jre-headless"
)


def as_jsonl(rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Query rows as dicts in screen's JSON shape (arrays as lists)."""
    return [
        dict(
            zip(COLUMNS, [list(v) if isinstance(v, list | tuple) else v for v in row], strict=True)
        )
        for row in rows
    ]


def by_record(matches: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """screen's matches in the SQL's order: stably by record id (code points); the
    file order of records that share an id, and the catalog order, are kept."""
    return sorted(matches, key=lambda m: str(m["record_id"]))


def statements(script: str) -> list[str]:
    """A script's statements (each ends a line with ";"; literals hold no newline)."""
    parts = [part.strip() for part in script.split(";\n")]
    return [p for p in parts if p and not all(line.startswith("--") for line in p.splitlines())]


class DuckDB:
    dialect = "duckdb"

    def __init__(self, path: Path) -> None:
        import duckdb

        self.path = path
        self.connection = duckdb.connect(str(path))

    @property
    def url(self) -> str:
        return f"duckdb:{self.path}"

    def load(self, table: str, headers: Sequence[str], rows: Rows) -> None:
        columns = ", ".join(f'"{h}" VARCHAR' for h in headers)
        self.connection.execute(f'CREATE OR REPLACE TABLE "{table}" ({columns})')
        self.load_rows(table, headers, rows)

    def load_rows(self, table: str, headers: Sequence[str], rows: Rows) -> None:
        """Append ``rows`` to an existing table."""
        if rows:
            # One list per column, unnested side by side (executemany inserts a row
            # at a time: minutes for a few thousand wide rows).
            columns = [list(column) for column in zip(*rows, strict=True)]
            values = ", ".join(f"unnest($c{i}::VARCHAR[])" for i in range(len(headers)))
            self.connection.execute(
                f'INSERT INTO "{table}" SELECT {values}',
                {f"c{i}": column for i, column in enumerate(columns)},
            )

    def run(self, script: str) -> list[dict[str, Any]]:
        return as_jsonl(self.connection.execute(script).fetchall())

    def close(self) -> None:
        self.connection.close()  # a file another process (rtech screen) may open next


class Postgres:
    dialect = "postgres"

    def __init__(self, url: Any) -> None:
        import psycopg

        self.sqlalchemy_url = url
        self.url = url.render_as_string(hide_password=False)
        self.connection = psycopg.connect(
            url.set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        )

    def load(self, table: str, headers: Sequence[str], rows: Rows) -> None:
        columns = ", ".join(f'"{h}" text' for h in headers)
        self.connection.execute(f'DROP TABLE IF EXISTS "{table}"')
        self.connection.execute(f'CREATE TABLE "{table}" ({columns})')
        with self.connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        self.connection.execute(f'ANALYZE "{table}"')

    def run(self, script: str) -> list[dict[str, Any]]:
        result: list[Any] = []
        with self.connection.cursor() as cursor:
            for statement in statements(script):
                cursor.execute(statement)
                if cursor.description is not None:
                    result = cursor.fetchall()
        return as_jsonl(result)

    def close(self) -> None:
        self.connection.close()


@cache
def spark_problem() -> str | None:
    java = shutil.which("java")
    if java is None:
        return SPARK_MISSING.format(error="no java on PATH")
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        return SPARK_MISSING.format(error=f"pyspark: {exc}")
    return None


def require_spark() -> None:
    problem = spark_problem()
    if problem:
        if os.environ.get("RTECH_REQUIRE_SPARK") == "1":
            pytest.fail(problem + " (RTECH_REQUIRE_SPARK=1)")
        pytest.skip(problem)


class Spark:
    dialect = "spark"

    def __init__(self, session: Any) -> None:
        self.session = session

    def load(self, table: str, headers: Sequence[str], rows: Rows) -> None:
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(h, StringType()) for h in headers])
        frame = self.session.createDataFrame([list(r) for r in rows], schema)
        frame.createOrReplaceTempView(table)

    def run(self, script: str) -> list[dict[str, Any]]:
        rows = self.session.sql(script.rstrip().rstrip(";")).collect()
        return as_jsonl([tuple(r) for r in rows])

    def close(self) -> None:
        return None


@contextmanager
def spark_session() -> Iterator[Any]:
    """A local Spark of 2 threads, without its web UI; stopped afterwards."""
    require_spark()
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("rtech-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


@contextmanager
def engine(dialect: str, tmp_path: Path) -> Iterator[DuckDB | Postgres]:
    """DuckDB in a file under ``tmp_path``, or a fresh PostgreSQL database."""
    if dialect == "duckdb":
        duck = DuckDB(tmp_path / "records.duckdb")
        try:
            yield duck
        finally:
            duck.close()
        return
    with db.fresh_postgres_database() as url:
        postgres = Postgres(url)
        try:
            yield postgres
        finally:
            postgres.close()
