"""Indicator benchmark: every indicator of one technology over N cases, beside plain SQL.

    python tests/bench/indicators_bench.py [-n 100000] [--backend sqlite|postgresql|both]
                                           [--technology cardio] [--keep DIR]

Builds a database of N submitted cases of the technology (tests/bench/
indicator_data.py: the technology's own demo generator, bulk-inserted), then
times, each step in its own process (seconds and peak RSS):

- ``refresh`` — packing every case's part of every indicator (the one-off cost
  after an import; new revisions later cost one case each), then ANALYZE on
  PostgreSQL;
- ``rtech`` — :func:`compute_indicators` for every indicator of every edition
  over all N cases (period 2023-01-01..2024-12-31), counts only
  (``case_ids=False``, what the dashboard's table needs);
- ``rtech+ids`` — the same with every case id behind every figure (the JSON of
  ``rtech indicators compute``);
- ``sql-one`` / ``sql-all`` — the plain-SQL baseline: one hand-written
  ``SELECT count(*) … WHERE <json test>`` per rate indicator, the way one would
  count by hand; ``sql-one`` is a single such query, ``sql-all`` runs one per
  indicator (the same number of figures as rtech computes);
- on PostgreSQL, ``vacuum`` — what autovacuum does soon after a bulk load (the
  test server runs without it): the visibility map lets the scan stay in its
  covering index; ``sql-one``, ``rtech`` and ``rtech+ids`` are then timed again.

A benchmark, not a test: it prints figures and asserts none.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import casedb  # noqa: E402

PERIOD = "2023-01-01..2024-12-31"

#: Plain-SQL baseline: one count per rate indicator, the JSON test written by hand.
#: (json path, SQL comparison) pairs per query, per backend.
BASELINE = [
    [("procedure.category", "= 'coronary'")],
    [("procedure.category", "= 'coronary'"), ("admission.discharge_disposition", "= '5'")],
    [("procedure.category", "= 'structural'"), ("structural.success", "= 'true'")],
    [("procedure.category", "= 'arrhythmia'"), ("arrhythmia.kind", "= 'device'")],
    [("arrhythmia.device_type", "= 'pacemaker'"), ("arrhythmia.chambers", "= 'dual'")],
    [("coronary.presentation", "= 'nste_acs'"), ("coronary.risk_stratified", "= 'true'")],
    [("arrhythmia.ablation_target", "= 'psvt'"), ("arrhythmia.immediate_success", "= 'true'")],
    [("coronary.pci_type", "= 'stent'"), ("coronary.timi_flow", "= '3'")],
]


def _sql(dialect: str, tests: list[tuple[str, str]]) -> str:
    def extract(path: str) -> str:
        if dialect == "sqlite":
            return f"json_extract(r.answers, '$.{path}')"
        keys = ",".join(path.split("."))
        return f"(r.answers #>> '{{{keys}}}')"

    def compare(path: str, test: str) -> str:
        if dialect == "sqlite" and test.endswith("'true'"):
            return f"{extract(path)} = 1"
        return f"{extract(path)} {test}"

    where = " AND ".join(compare(p, t) for p, t in tests)
    return (
        "SELECT count(*) FROM cases c JOIN case_revisions r "
        "ON r.case_id = c.id AND r.number = c.current_revision "
        "WHERE c.status IN ('submitted', 'signed') "
        "AND c.discharge_date BETWEEN '2023-01-01' AND '2024-12-31' AND " + where
    )


# -------------------------------------------------------------------------
# Steps, each run in a fresh process
# -------------------------------------------------------------------------


def step(name: str, url: str, technology: str) -> dict[str, float]:
    from rtech.host import get_host
    from rtech.indicators.periods import parse_period
    from rtech.indicators.service import compute_indicators, refresh_outcomes
    from rtech.store import Store

    host = get_host()
    store = Store.open(url)
    dialect = store.engine.dialect.name
    started = time.perf_counter()
    figures = 0
    if name == "refresh":
        figures = refresh_outcomes(store, host, technology)
    elif name == "vacuum":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM cases")
            c.exec_driver_sql("VACUUM indicator_outcomes")
    elif name in ("rtech", "rtech+ids"):
        with store.read() as session:
            rows = compute_indicators(
                session,
                host,
                period=parse_period(PERIOD),
                technology=technology,
                case_ids=name == "rtech+ids",
            )
        figures = len(rows)
    else:
        queries = BASELINE[:1] if name == "sql-one" else BASELINE
        with store.engine.connect() as connection:
            for tests in queries:
                connection.exec_driver_sql(_sql(dialect, tests)).scalar()
        figures = len(queries)
    seconds = time.perf_counter() - started
    store.dispose()
    return {"seconds": seconds, "peak_mb": casedb.peak_mb(), "figures": figures}


def run_step(name: str, url: str, technology: str) -> dict[str, float]:
    return casedb.run_step(__file__, ["--step", name, "--url", url, "--technology", technology])


def bench(backend: str, count: int, technology: str, keep: Path | None) -> None:
    with casedb.case_database(backend, technology, count, keep) as url:
        print(f"{'step':<12}{'seconds':>10}{'peak MB':>10}{'figures':>9}")
        steps = ["sql-one", "sql-all", "refresh", "rtech", "rtech+ids"]
        if backend == "postgresql":
            # The test server runs without autovacuum: vacuum as it would, then again.
            steps += ["vacuum", "sql-one", "rtech", "rtech+ids"]
        for name_ in steps:
            result = run_step(name_, url, technology)
            print(
                f"{name_:<12}{result['seconds']:>10.2f}{result['peak_mb']:>10.0f}"
                f"{int(result['figures']):>9}",
                flush=True,
            )


def main(argv: list[str]) -> int:
    parser = casedb.arguments(__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.url, args.technology)))
        return 0
    for backend in casedb.backends(args.backend):
        bench(backend, args.n, args.technology, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
