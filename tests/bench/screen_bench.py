"""Screening benchmark: ``rtech screen`` against pure Python and tuned DuckDB.

    python tests/bench/screen_bench.py [-n 1000000] [--shape wide|narrow] [--dense] [--noisy]
                                       [--jobs 1,2] [--file F.csv] [--keep] [--skip python]

Generates N synthetic discharge records (tests/bench/synthetic.py: 442 columns
of which 82 are code columns, realistic noise, about 3 % of records holding a
listed procedure; ``--shape narrow``: the same records cut to the 84 columns
screening reads; ``--dense``: a specialty hospital, about a quarter of the
records matching; ``--noisy``: every code cell full-width or padded), then
times, in the same run and each in its own process:

- ``rtech screen FILE --edition 2022`` (the product);
- a straightforward pure-Python implementation (tests/bench/reference.py:
  csv module, unicodedata, sets);
- a hand-written DuckDB SQL implementation of the same rules, tuned: parallel
  CSV read of the needed columns only, one normalisation pass (``translate``
  for full-width forms, one ``regexp_replace`` for whitespace, ``upper``),
  semi-joins against the listed codes, output written by DuckDB.

``rtech screen`` and DuckDB run once for each worker count of ``--jobs``
(default: 1 and the machine's cores), the pure-Python baseline once. It prints
seconds, records per second and the peak resident memory of each process tree
(sampled every 20 ms from /proc), rtech's speed as a multiple of DuckDB's at
the same worker count, and checks that all of them agree on the set of
(record, technology, needs_review). A benchmark, not a test: it asserts no
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.synthetic import write  # noqa: E402
from tests.seeds import SEED_2022, seeds_dir  # noqa: E402
from tools.seed_codes import parse_seed  # noqa: E402

SLUGS = {
    "S01": "s01_implant",
    "S02": "s02_hifu",
    "S03": "cardio",
    "S04": "maxillofacial_tumor",
    "S05": "craniofacial",
}


# -------------------------------------------------------------------------
# Peak RSS of a process tree
# -------------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], out: Path | None, env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes, whole process tree) and CPU seconds (user +
    system, the process and the children it waited for) of ``command``."""
    import resource

    stdout = out.open("wb") if out is not None else subprocess.DEVNULL
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if out is not None:
        stdout.close()  # type: ignore[union-attr]
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, peak, cpu


# -------------------------------------------------------------------------
# The DuckDB implementation
# -------------------------------------------------------------------------

DUCKDB_SQL = r"""
SET threads = {threads};
SET preserve_insertion_order = false;
CREATE TEMP TABLE listed (tech VARCHAR, kind VARCHAR, k VARCHAR, role VARCHAR, qualified BOOLEAN);
INSERT INTO listed VALUES {listed};
COPY (
  WITH src AS (
    SELECT "病案号" AS id,
           COLUMNS('^(主要|其他)诊断编码[0-9]*$'),
           COLUMNS('^(主要|其他)手术操作编码[0-9]*$')
    FROM read_csv('{path}', header = true, all_varchar = true, parallel = true,
                  delim = ',', quote = '"', escape = '"', sample_size = 20480)
  ),
  -- Prefilter: one normalisation of each record's procedure cells, joined, and a
  -- single RE2 alternation of the listed procedure codes; only the records it
  -- keeps (a few per cent) are unpivoted and joined.
  flagged AS (
    SELECT *,
           '|' || upper(regexp_replace(
             translate(concat_ws('|', *COLUMNS('^(主要|其他)手术操作编码[0-9]*$')),
                       '{wide}', '{narrow}'),
             '[\s\x{{3000}}\x{{00a0}}]+', '', 'g')) || '|' AS pxs
    FROM src
  ),
  candidates AS (
    SELECT * EXCLUDE (pxs) FROM flagged WHERE regexp_matches(pxs, '{alternation}')
  ),
  cells AS (
    SELECT id, col, raw FROM (UNPIVOT candidates ON COLUMNS(* EXCLUDE (id)) INTO NAME col VALUE raw)
    WHERE raw <> ''
  ),
  norm AS (
    SELECT id, contains(col, '诊断') AS is_dx,
           upper(regexp_replace(
             translate(raw, '{wide}', '{narrow}'),
             '[\s\x{{3000}}\x{{00a0}}]+', '', 'g')) AS k
    FROM cells
  ),
  px_hits AS (
    SELECT n.id, l.tech, l.role, l.qualified
    FROM norm n JOIN listed l ON l.kind = 'P' AND l.k = n.k
    WHERE NOT n.is_dx
  ),
  hit_ids AS (SELECT DISTINCT id FROM px_hits WHERE tech IN ('s02_hifu', 'maxillofacial_tumor')),
  dx AS (
    SELECT id, regexp_extract(part, '^([A-Z][0-9]{{2}}(\.[0-9X]{{1,3}}(X[0-9]{{3,4}})?)?)', 1) AS k
    FROM (SELECT id, unnest(string_split(k, '+')) AS part FROM norm
          WHERE is_dx AND id IN (SELECT id FROM hit_ids))
  ),
  cancer AS (
    SELECT DISTINCT id FROM dx WHERE k <> '' AND substr(k, 1, 3) BETWEEN 'C00' AND 'C97'
  ),
  dx_listed AS (
    SELECT DISTINCT d.id FROM dx d SEMI JOIN listed l
      ON l.kind = 'D' AND l.tech = 'maxillofacial_tumor' AND l.k = d.k
  ),
  matches AS (
    SELECT id, tech, bool_and(qualified) AS needs_review FROM px_hits
    WHERE tech IN ('cardio', 'craniofacial') GROUP BY id, tech
    UNION ALL
    SELECT id, tech, bool_and(qualified) FROM px_hits WHERE tech = 's01_implant'
    GROUP BY id, tech HAVING bool_or(role = 'anchor') AND bool_or(role = 'partner')
    UNION ALL
    SELECT id, tech, bool_and(qualified) FROM px_hits
    WHERE tech = 's02_hifu' AND id IN (SELECT id FROM cancer) GROUP BY id, tech
    UNION ALL
    SELECT id, tech, bool_and(qualified) FROM px_hits
    WHERE tech = 'maxillofacial_tumor' AND id IN (SELECT id FROM dx_listed) GROUP BY id, tech
  )
  SELECT id AS record_id, tech AS technology, needs_review FROM matches
) TO '{out}' (FORMAT JSON);
"""


_NARROW = (
    "0123456789."
    + "".join(chr(c) for c in range(0x41, 0x5B))
    + "".join(chr(c) for c in range(0x61, 0x7B))
)
_WIDE = "".join(chr(ord(c) + 0xFEE0) for c in _NARROW)


def duckdb_main(path: str, out: str, threads: int) -> None:
    import duckdb

    seeds = seeds_dir()
    assert seeds is not None
    rows = []
    for number, tech in parse_seed((seeds / SEED_2022).read_text(encoding="utf-8")).items():
        slug = SLUGS[number]
        for table in tech.tables:
            kind = "D" if table.system == "ICD-10" else "P"
            for index, (code, _name, remark) in enumerate(table.rows):
                role = "any"
                if number == "S01":
                    role = "anchor" if index == 0 else "partner"
                qualified = bool(remark) and remark != "需结合诊断"
                rows.append(f"('{slug}', '{kind}', '{code.upper()}', '{role}', {qualified})")
    keys = sorted({row.split("'")[5] for row in rows if "'P'" in row})
    alternation = "\\|(" + "|".join(k.replace(".", "\\.") for k in keys) + ")\\|"
    sql = DUCKDB_SQL.format(
        threads=threads,
        listed=", ".join(rows),
        path=path,
        out=out,
        wide=_WIDE,
        narrow=_NARROW,
        alternation=alternation,
    )
    connection = duckdb.connect()
    connection.execute(sql)


# -------------------------------------------------------------------------
# The run
# -------------------------------------------------------------------------


def _keys(path: Path) -> set[tuple[str, str, bool]]:
    keys = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                keys.add((row["record_id"], row["technology"], bool(row["needs_review"])))
    return keys


def _jobs(text: str) -> list[int]:
    try:
        counts = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not worker counts: {text!r}") from None
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError(f"worker counts are at least 1: {text!r}")
    return counts


def shape_name(args: argparse.Namespace) -> str:
    return "-".join([args.shape] + [m for m in ("dense", "noisy") if getattr(args, m)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="records (default 1,000,000)")
    parser.add_argument("--file", type=Path, help="screen this CSV instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument(
        "--shape",
        choices=["wide", "narrow"],
        default="wide",
        help="wide: the full 442-column export (default); narrow: the 84 code columns only",
    )
    parser.add_argument("--dense", action="store_true", help="about a quarter of records match")
    parser.add_argument("--noisy", action="store_true", help="every code cell full-width or padded")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=sorted({1, os.cpu_count() or 1}),
        help="worker counts to time rtech and DuckDB with, e.g. 1,2 (default: 1 and the cores)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", default=[], choices=["python", "duckdb"])
    parser.add_argument("--duckdb-only", nargs=2, metavar=("CSV", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.duckdb_only:
        duckdb_main(*args.duckdb_only, threads=args.workers)
        return
    seeds = seeds_dir()
    if seeds is None:
        raise SystemExit("seed documents not found (../shared/seeds or RTECH_SEEDS_DIR)")
    work = Path(tempfile.mkdtemp(prefix="rtech-bench-"))
    try:
        run(args, seeds, work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, seeds: Path, work: Path) -> None:
    path = args.file
    if path is None:
        path = work / f"records-{shape_name(args)}-{args.n}.csv"
        started = time.perf_counter()
        seed_text = (seeds / SEED_2022).read_text(encoding="utf-8")
        write(
            path,
            args.n,
            seed_text,
            narrow=args.shape == "narrow",
            dense=args.dense,
            noisy=args.noisy,
        )
        print(
            f"generated {args.n:,} records, {path.stat().st_size / 1e6:,.0f} MB "
            f"in {time.perf_counter() - started:.1f} s: {path}",
            file=sys.stderr,
        )
    records = sum(1 for _ in path.open("rb")) - 1
    size = path.stat().st_size
    env = dict(os.environ, RTECH_DATA_DIR=str(work / "data"), RTECH_CONFIG_DIR=str(work / "cfg"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    rtech = shutil.which("rtech", path=str(Path(sys.executable).parent)) or "rtech"
    runs: list[tuple[str, int, list[str], Path | None, Path]] = []
    for jobs in args.jobs:
        out = work / f"rtech-{jobs}.jsonl"
        command = [rtech, "screen", str(path), "--edition", "2022", "--quiet"]
        command += ["--jobs", str(jobs), "--out", str(out)]
        runs.append(("rtech screen", jobs, command, None, out))
        if "duckdb" not in args.skip:
            out = work / f"duckdb-{jobs}.jsonl"
            command = [sys.executable, __file__, "--workers", str(jobs)]
            command += ["--duckdb-only", str(path), str(out)]
            runs.append(("DuckDB SQL (tuned)", jobs, command, None, out))
    if "python" not in args.skip:
        out = work / "python.jsonl"
        command = [sys.executable, "-m", "tests.bench.reference", str(path)]
        runs.append(("pure Python", 1, command, out, out))
    results = []
    for name, jobs, command, stdout, produced in runs:
        seconds, peak, cpu = measure(command, stdout, env)
        results.append((name, jobs, seconds, peak, cpu, _keys(produced)))
        print(f"  {name}, {jobs} worker(s): {seconds:.2f} s", file=sys.stderr)
    load = os.getloadavg()
    matched = len({key[0] for key in results[0][5]})
    print(
        f"\n{shape_name(args)}: {records:,} records ({matched / max(records, 1):.1%} matched), "
        f"{size / 1e6:,.0f} MB, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"{'implementation':<22}{'jobs':>5}{'seconds':>9}{'records/s':>12}{'MB/s':>7}"
        f"{'peak RSS':>11}{'CPU s':>8}{'records/CPU-s':>15}{'vs DuckDB':>11}"
    )
    duckdb = {jobs: seconds for name, jobs, seconds, *_ in results if name.startswith("DuckDB")}
    for name, jobs, seconds, peak, cpu, _ in results:
        ratio = ""
        if name == "rtech screen" and jobs in duckdb:
            ratio = f"{duckdb[jobs] / seconds:.2f}×"
        print(
            f"{name:<22}{jobs:>5}{seconds:>9.2f}{records / seconds:>12,.0f}"
            f"{size / seconds / 1e6:>7,.0f}{peak / 2**20:>8,.0f} MB{cpu:>8.1f}"
            f"{records / cpu if cpu else 0:>15,.0f}{ratio:>11}"
        )
    reference = results[0][5]
    for name, jobs, _, _, _, keys in results[1:]:
        same = "agree" if keys == reference else f"DISAGREE ({len(keys ^ reference)} differences)"
        print(
            f"rtech screen (1st run) and {name} ({jobs} worker(s)): {same} on "
            f"{len(reference):,} (record, technology, review)"
        )
    if any(keys != reference for *_, keys in results[1:]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
