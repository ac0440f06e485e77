"""What the database benchmarks share: a database of N submitted cases on SQLite or
a fresh PostgreSQL database (dropped afterwards), and steps timed each in a
fresh process (seconds inside it, the whole process, peak RSS)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["arguments", "backends", "build", "case_database", "peak_mb", "run_step"]


def build(url: str, technology: str, count: int) -> float:
    """Write ``count`` submitted cases of ``technology`` (the technology's own demo
    generator, bulk-inserted); seconds taken."""
    from rtech.host import get_host
    from rtech.store import Store, make_engine, upgrade
    from tests.bench.indicator_data import fill

    if not url.startswith("sqlite"):
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    store = Store.open(url)
    started = time.perf_counter()
    fill(store, get_host(), technology, count)
    store.dispose()
    return time.perf_counter() - started


def _postgres(name: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    admin = os.environ.get("RTECH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin, admin.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres(admin: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@contextmanager
def case_database(
    backend: str, technology: str, count: int, keep: Path | None = None
) -> Iterator[str]:
    """The URL of a database of ``count`` cases, built on entry (the time taken is
    printed); a PostgreSQL one is dropped on exit."""
    directory = keep or Path(tempfile.mkdtemp(prefix="rtech-bench-"))
    admin = name = None
    if backend == "sqlite":
        url = f"sqlite:///{directory / f'{technology}-{count}.sqlite3'}"
    else:
        name = f"rtech_bench_{uuid.uuid4().hex[:8]}"
        admin, url = _postgres(name)
    try:
        built = build(url, technology, count)
        print(f"\n{backend}: {count} {technology} cases written in {built:.1f} s", flush=True)
        yield url
    finally:
        if name is not None and admin is not None:
            _drop_postgres(admin, name)


def peak_mb() -> float:
    """This process's peak resident memory, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_step(script: str, args: Sequence[str]) -> dict[str, float]:
    """Run ``script --step …`` in a fresh process: the JSON it prints last, with
    ``process`` (the whole process's seconds, interpreter start included)."""
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, script, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "RTECH_DATABASE_URL": ""},
    )
    result: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every database benchmark takes (``--step``/``--url``: a step run
    in its own process, by :func:`run_step`)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--technology", default="cardio")
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--url", default=None, help=argparse.SUPPRESS)
    return parser


def backends(choice: str) -> tuple[str, ...]:
    return ("sqlite", "postgresql") if choice == "both" else (choice,)
