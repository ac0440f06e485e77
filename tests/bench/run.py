"""``./dev bench``: run the benchmarks, one after another, each in its own process.

    ./dev bench                      # screen, sql, filing and tui, default sizes
    ./dev bench screen -n 300000     # one benchmark, its own options after the name
    ./dev bench --quick              # smaller inputs, for a first look

Benchmarks: ``screen`` (screen_bench.py: rtech screen vs pure Python vs tuned
DuckDB), ``sql`` (sql_bench.py: rtech screen on a CSV vs the exported SQL on
DuckDB and PostgreSQL, load apart from query), ``filing`` (filing_bench.py:
render + sign one case and a batch), ``tui`` (tui_bench.py: keystroke to
suggestions, cold start) and ``indicators`` (indicators_bench.py: every
indicator of one technology over 100,000 cases on SQLite and PostgreSQL, beside
plain SQL counts) and ``cases`` (cases_bench.py: ``rtech cases list`` pages,
JSON and --all over 100,000 cases, beside plain SQL and the old ORM list) and
``followups`` (followups_bench.py: the visits due over 100,000 cases, from the
stored plans and from the answers, beside one SQL count). Each prints its
figures beside its baseline measured in the same run; none asserts a timing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "screen": ("screen_bench.py", ["-n", "200000"]),
    "sql": ("sql_bench.py", ["-n", "100000"]),
    "filing": ("filing_bench.py", ["--batch", "40", "--repeat", "3"]),
    "tui": ("tui_bench.py", ["--runs", "3"]),
    "indicators": ("indicators_bench.py", ["-n", "10000"]),
    "cases": ("cases_bench.py", ["-n", "10000"]),
    "followups": ("followups_bench.py", ["-n", "10000"]),
}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    argv = [a for a in argv if a != "--quick"]
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if argv and argv[0] in BENCHES:
        chosen = [(argv[0], argv[1:])]
    elif argv:
        print(f"unknown benchmark {argv[0]!r}; choose from {', '.join(BENCHES)}", file=sys.stderr)
        return 2
    else:
        chosen = [(name, []) for name in BENCHES]
    failed = []
    for name, extra in chosen:
        script, small = BENCHES[name]
        args = extra or (small if quick else [])
        print(f"\n=== {name}: {script} {' '.join(args)}".rstrip(), flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *args])
        print(f"=== {name}: exit {code}, {time.perf_counter() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
