"""Screening inside a database: ``rtech screen`` on a CSV beside the exported SQL
(``rtech rules export``) on DuckDB and on PostgreSQL.

    python tests/bench/sql_bench.py [-n 1000000] [--shape narrow|wide] [--skip postgres]

Generates N synthetic discharge records (tests/bench/synthetic.py; the narrow
shape by default: the 84 columns screening reads, as an analyst's extract or a
warehouse table holds them), then times, in the same run:

- ``rtech screen FILE --edition 2022`` (the product, on the CSV);
- DuckDB (embedded, in this process): loading the CSV into a table (all text
  columns), then the exported script;
- PostgreSQL (``RTECH_TEST_PG_URL`` or the local test server, a fresh database):
  loading the CSV with ``COPY`` and ``ANALYZE``, then the exported script.

Load time is printed apart from query time: a warehouse already holds its data.
It checks that the three agree on every output row (values and order: screen's
rows ordered stably by record id). A benchmark, not a test: it asserts no
timings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.synthetic import write  # noqa: E402
from tests.seeds import SEED_2022, seeds_dir  # noqa: E402
from tests.support.sqlengines import as_jsonl, by_record, statements  # noqa: E402


def rtech(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("rtech", path=str(Path(sys.executable).parent)) or "rtech"
    result = subprocess.run([exe, *args], capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"rtech {' '.join(args[:2])} failed:\n{result.stderr[-2000:]}")
    return result


def duckdb_run(path: Path, script: str) -> tuple[float, float, list[dict[str, Any]]]:
    import duckdb

    connection = duckdb.connect()
    started = time.perf_counter()
    connection.execute(
        f"CREATE TABLE records AS SELECT * FROM read_csv('{path}', header = true, "
        "all_varchar = true, quote = '\"', escape = '\"')"
    )
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    rows = connection.execute(script).fetchall()
    return loaded, time.perf_counter() - started, as_jsonl(rows)


def postgres_run(path: Path, script: str, headers: list[str]) -> tuple[float, float, list[Any]]:
    import psycopg

    from tests import db

    problem = db.postgres_problem()
    if problem:
        raise SystemExit(problem)
    with db.fresh_postgres_database() as url:
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            columns = ", ".join(f'"{h}" text' for h in headers)
            connection.execute(f"CREATE TABLE records ({columns})")
            started = time.perf_counter()
            with (
                connection.cursor().copy(
                    "COPY records FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy,
                path.open("rb") as handle,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
            connection.execute("ANALYZE records")
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            result: list[Any] = []
            with connection.cursor() as cursor:
                for statement in statements(script):
                    cursor.execute(statement)
                    if cursor.description is not None:
                        result = cursor.fetchall()
            return loaded, time.perf_counter() - started, as_jsonl(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="records (default 1,000,000)")
    parser.add_argument("--shape", choices=["narrow", "wide"], default="narrow")
    parser.add_argument("--skip", action="append", default=[], choices=["duckdb", "postgres"])
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    seeds = seeds_dir()
    if seeds is None:
        raise SystemExit("seed documents not found (../shared/seeds or RTECH_SEEDS_DIR)")
    work = Path(tempfile.mkdtemp(prefix="rtech-sql-bench-"))
    try:
        run(args, seeds, work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, seeds: Path, work: Path) -> None:
    path = work / f"records-{args.shape}-{args.n}.csv"
    started = time.perf_counter()
    write(
        path, args.n, (seeds / SEED_2022).read_text(encoding="utf-8"), narrow=args.shape == "narrow"
    )
    size = path.stat().st_size
    print(
        f"generated {args.n:,} records, {size / 1e6:,.0f} MB "
        f"in {time.perf_counter() - started:.1f} s"
    )
    env = dict(os.environ, RTECH_DATA_DIR=str(work / "data"), RTECH_CONFIG_DIR=str(work / "cfg"))
    started = time.perf_counter()
    screened = rtech("screen", str(path), "--edition", "2022", "--quiet", env=env)
    screen_seconds = time.perf_counter() - started
    expected = by_record([json.loads(line) for line in screened.stdout.splitlines() if line])
    headers = path.open(encoding="utf-8").readline().rstrip("\n").split(",")
    results: list[tuple[str, float | None, float, bool]] = [
        ("rtech screen (CSV)", None, screen_seconds, True)
    ]
    for dialect in ("duckdb", "postgres"):
        if dialect in args.skip:
            continue
        out = work / f"{dialect}.sql"
        rtech(
            "rules", "export", "--dialect", dialect, "--table", "records", "--edition", "2022",
            "--columns-from", str(path), "-o", str(out), env=env,
        )  # fmt: skip
        script = out.read_text(encoding="utf-8")
        if dialect == "duckdb":
            loaded, queried, got = duckdb_run(path, script)
        else:
            loaded, queried, got = postgres_run(path, script, headers)
        results.append((f"exported SQL, {dialect}", loaded, queried, got == expected))
        print(f"  {dialect}: load {loaded:.1f} s, query {queried:.1f} s", file=sys.stderr)
    load = os.getloadavg()
    print(
        f"\n{args.n:,} records ({args.shape}, {size / 1e6:,.0f} MB), {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {len(expected):,} matches"
    )
    print(f"{'implementation':<24}{'load s':>8}{'query s':>9}{'records/s':>12}  same rows")
    for name, loaded, queried, same in results:
        shown = "-" if loaded is None else f"{loaded:.1f}"
        rate = args.n / queried if queried else 0
        print(f"{name:<24}{shown:>8}{queried:>9.1f}{rate:>12,.0f}  {'yes' if same else 'NO'}")
    if not all(same for *_, same in results):
        raise SystemExit("the exported SQL disagrees with rtech screen")


if __name__ == "__main__":
    main()
