"""Case-list benchmark: ``rtech cases list`` over N cases, beside plain SQL.

    python tests/bench/cases_bench.py [-n 100000] [--backend sqlite|postgresql|both]
                                      [--technology cardio]

Builds a database of N submitted cases (tests/bench/indicator_data.py: the
technology's demo generator, bulk-inserted; each case carries its full answers
twice, as draft and revision, like a real database), then times, each step in
its own process (seconds inside the process, the whole process, peak RSS):

- ``page`` — ``rtech cases list``: the table's first page and its footer;
- ``page-last`` — ``rtech cases list --offset N-50``: the deepest page;
- ``json`` — ``rtech cases list --format json``: every case, streamed;
- ``all`` — ``rtech cases list --all``: every case as tables of 500;
- ``tui-list`` — what the terminal UI's case list read before it paged
  (``case_summaries`` without a limit: every case as an ORM object, the working
  copies left in the database);
- ``tui-page`` — what it reads now before it shows anything: the cases counted
  by status in the database and the newest page (``case_counts`` and
  ``case_summaries(limit=PAGE)``);
- ``tui-screen`` — the screen itself, headless (Textual's ``run_test``,
  120x40): from pushing ``CaseListScreen`` until its first page is in the
  table; ``tui-more`` — then ``m``, until the second page is in it;
- ``before`` — what the list did before issue 19: every ``Case`` loaded as an
  ORM object (answers, draft and cursor included), then the rows built;
- ``sql-page`` / ``sql-all`` — the plain-SQL baseline: the listed columns,
  ``ORDER BY id DESC`` with ``LIMIT 50``, or every row fetched and written as
  JSON lines, with the DB-API driver directly.

Output goes to /dev/null. A benchmark, not a test: it prints figures and asserts none.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import casedb  # noqa: E402

COLUMNS = (
    "id, technology, edition, status, has_changes, record_no, patient_name, procedure_date, "
    "discharge_date, current_revision, institution_id, form_version, created_by, updated_by, "
    "updated_at"
)
STEPS = (
    "sql-page",
    "page",
    "page-last",
    "sql-all",
    "json",
    "all",
    "tui-list",
    "tui-page",
    "tui-screen",
    "tui-more",
    "before",
)


def _cli(*args: str) -> None:
    from rtech.cli import main

    try:
        main(["cases", "list", *args])
    except SystemExit as exit_:
        if exit_.code:
            raise


def _screen(url: str, more: bool) -> tuple[float, int]:
    """Seconds from pushing the case list until its first page (then, when
    ``more``, from ``m`` until its second) is in the table; the rows shown."""
    import asyncio

    from textual.widgets import DataTable

    from rtech.host import get_host
    from rtech.store import Store
    from rtech.tui.app import RtechApp
    from rtech.tui.screens.cases import CaseListScreen

    store = Store.open(url)
    app = RtechApp(store=store, host=get_host(), first_run=False, blink=False)

    async def run() -> tuple[float, int]:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            screen = CaseListScreen(app.workspace)
            await app.push_screen(screen)
            table = screen.query_one("#cases", DataTable)
            deadline = time.perf_counter() + 600
            while not table.row_count:
                await pilot.pause()
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no case shown: {screen.query_one('#summary').render()}")
            if more:
                shown = table.row_count
                started = time.perf_counter()
                await pilot.press("m")
                while table.row_count == shown:
                    await pilot.pause()
                    if time.perf_counter() > deadline:
                        raise RuntimeError("m read no more cases")
            return time.perf_counter() - started, table.row_count

    try:
        return asyncio.run(run())
    finally:
        store.dispose()


def step(name: str, url: str, count: int) -> dict[str, float]:
    os.environ["RTECH_DATABASE_URL"] = url
    os.environ["COLUMNS"] = "160"
    # Imported before the clock starts in every step (the baseline needs them too);
    # "process s" is the whole process, imports and interpreter start included.
    import rtech.cli
    import rtech.store.cases  # noqa: F401
    from rtech.store import Store

    rows = 0
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        started = time.perf_counter()
        if name == "page":
            _cli()
            rows = 50
        elif name == "page-last":
            _cli("--offset", str(max(count - 50, 0)))
            rows = 50
        elif name == "json":
            _cli("--format", "json")
            rows = count
        elif name == "all":
            _cli("--all")
            rows = count
        elif name == "tui-list":
            from rtech.host import get_host
            from rtech.intake.views import case_summaries

            store = Store.open(url)
            rows = len(case_summaries(store, get_host()))
            store.dispose()
        elif name == "tui-page":
            from rtech.host import get_host
            from rtech.intake.views import case_counts, case_summaries
            from rtech.tui.screens.cases import PAGE

            store = Store.open(url)
            sum(case_counts(store).values())
            rows = len(case_summaries(store, get_host(), limit=PAGE))
            store.dispose()
        elif name in ("tui-screen", "tui-more"):
            seconds, rows = _screen(url, more=name == "tui-more")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            return {"seconds": seconds, "peak_mb": peak, "rows": rows}
        elif name == "before":
            from sqlalchemy import select

            from rtech.cli.cases import _case_row
            from rtech.store.models import Case

            store = Store.open(url)
            with store.read() as session:
                query = select(Case).order_by(Case.id.desc())  # the list's query then
                built = [_case_row(case) for case in session.scalars(query)]
                sink.write(json.dumps(built, ensure_ascii=False, indent=2, default=str))
            rows = len(built)
            store.dispose()
        else:
            store = Store.open(url)
            limit = " LIMIT 50" if name == "sql-page" else ""
            sql = f"SELECT {COLUMNS} FROM cases ORDER BY id DESC{limit}"
            with store.engine.connect() as connection:
                cursor = connection.connection.cursor()
                cursor.execute(sql)
                for row in cursor:
                    sink.write(json.dumps(row, ensure_ascii=False, default=str))
                    sink.write("\n")
                    rows += 1
            store.dispose()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": casedb.peak_mb(), "rows": rows}


def run_step(name: str, url: str, count: int) -> dict[str, float]:
    return casedb.run_step(__file__, ["--step", name, "--url", url, "-n", str(count)])


def bench(backend: str, count: int, technology: str, steps: tuple[str, ...]) -> None:
    with casedb.case_database(backend, technology, count) as url:
        print(f"{'step':<11}{'seconds':>9}{'process s':>11}{'peak MB':>9}{'rows':>9}")
        for step_name in steps:
            result = run_step(step_name, url, count)
            print(
                f"{step_name:<11}{result['seconds']:>9.2f}{result['process']:>11.2f}"
                f"{result['peak_mb']:>9.0f}{int(result['rows']):>9}",
                flush=True,
            )


def main(argv: list[str]) -> int:
    parser = casedb.arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}"
    )
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.url, args.n)))
        return 0
    steps = tuple(s for s in args.steps.split(",") if s)
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    for backend in casedb.backends(args.backend):
        bench(backend, args.n, args.technology, steps)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
