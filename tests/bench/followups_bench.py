"""Follow-up reminder benchmark: the visits due over N cases, beside plain SQL.

    python tests/bench/followups_bench.py [-n 100000] [--backend sqlite|postgresql|both]
                                          [--technology cardio] [--today 2025-01-15]

Builds a database of N submitted cases (tests/bench/casedb.py), then times, each
step in its own process (seconds inside it, the whole process, peak RSS, visits):

- ``before`` — what the home screen's reminder line did before the plans were
  stored: every case loaded as ORM objects (its answers, draft and revision) and
  its schedule worked out from the answers;
- ``answers`` — :func:`followups_due` with no plan stored (every technology, the
  institution's cases): each case's current answers read as columns and worked
  out (what a stale case costs);
- ``refresh`` — :func:`refresh_followups` the first time: every case's pending
  visits stored (once after an upgrade or import; a new revision costs one case);
- ``refresh-again`` — the same with nothing stale (what every home screen pays);
- ``due`` — :func:`followups_due` from the stored plans: the home screen's list
  (every technology, the institution's cases);
- ``home`` — the terminal UI itself, headless (Textual's ``run_test``): from the
  app's start until the home screen's reminder line is filled;
- ``sql`` — the plain-SQL baseline: the due plans counted by one indexed query
  (``next_due <= horizon``), no visit worked out.

A benchmark, not a test: it prints figures and asserts none.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import casedb  # noqa: E402

STEPS = ("before", "answers", "refresh", "refresh-again", "due", "home", "sql")
WITHIN = 14


def _home(url: str, today: date) -> int:
    import asyncio

    from textual.widgets import Static

    from rtech.host import get_host
    from rtech.store import Store
    from rtech.tui.app import RtechApp

    store = Store.open(url)
    app = RtechApp(store=store, host=get_host(), today=today, first_run=False, blink=False)

    async def run() -> int:
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.perf_counter() + 600
            while True:
                await pilot.pause(0.05)
                lines = app.screen.query("#followups-line")
                text = str(lines.first(Static).render()) if lines else ""
                if "随访提醒" in text:
                    return len(text)
                if time.perf_counter() > deadline:
                    raise RuntimeError("the reminder line stayed empty")

    try:
        return asyncio.run(run())
    finally:
        store.dispose()


def step(name: str, url: str, technology: str, today: date) -> dict[str, float]:
    from sqlalchemy import text

    from rtech.followups import followups_due, pending_visits, refresh_followups
    from rtech.host import get_host
    from rtech.store import Store
    from rtech.store.cases import iter_case_records

    host = get_host()
    store = Store.open(url)
    horizon = today + timedelta(days=WITHIN)
    started = time.perf_counter()
    visits = 0
    if name == "before":
        schedule = host.followup_schedule(technology)
        assert schedule is not None
        with store.read() as session:
            for record in iter_case_records(session, technology=technology):
                pending = pending_visits(schedule, record.answers)
                visits += sum(1 for p in pending if date.fromisoformat(p["due"]) <= horizon)
    elif name in ("answers", "due"):
        with store.read() as session:  # one institution's, as the home screen reads them
            institution = session.execute(text("SELECT min(institution_id) FROM cases")).scalar()
            visits = len(
                followups_due(
                    session, host, today=today, within_days=WITHIN, institution_id=institution
                )
            )
    elif name in ("refresh", "refresh-again"):
        visits = refresh_followups(store, host, technology)
    elif name == "home":
        started = time.perf_counter()
        visits = _home(url, today)
    else:
        with store.engine.connect() as connection:
            visits = connection.execute(
                text(
                    "SELECT count(*) FROM followup_plans p JOIN cases c ON c.id = p.case_id "
                    "AND p.revision = c.current_revision WHERE p.next_due <= :horizon"
                ),
                {"horizon": horizon},
            ).scalar_one()
    seconds = time.perf_counter() - started
    store.dispose()
    return {"seconds": seconds, "peak_mb": casedb.peak_mb(), "visits": visits}


def bench(backend: str, count: int, technology: str, today: date) -> None:
    with casedb.case_database(backend, technology, count) as url:
        print(f"{'step':<14}{'seconds':>9}{'process s':>11}{'peak MB':>9}{'figure':>9}")
        for name in STEPS:
            result = casedb.run_step(
                __file__,
                ["--step", name, "--url", url, "--technology", technology, "--today", str(today)],
            )
            print(
                f"{name:<14}{result['seconds']:>9.2f}{result['process']:>11.2f}"
                f"{result['peak_mb']:>9.0f}{int(result['visits']):>9}",
                flush=True,
            )
    print(
        "figure: visits due within 14 days (refresh: plans written; home: the line's length)",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = casedb.arguments(__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date(2025, 1, 15))
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.url, args.technology, args.today)))
        return 0
    for backend in casedb.backends(args.backend):
        bench(backend, args.n, args.technology, args.today)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
