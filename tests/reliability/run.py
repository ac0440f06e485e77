"""The reliability campaigns of issue 19, repeatable: SIGKILL and concurrency.

    .venv/bin/python -m tests.reliability.run [--backend sqlite|postgresql|both]
        [--quick] [--seed S] [--only NAME ...]

Each campaign prints ``tried / survived / lost`` and what a loss was:

- ``kill-intake``: ``rtech intake --plain`` typing a case, SIGKILLed at a random
  moment after a random answer. Survived: the stored draft holds every answer
  acknowledged before the kill (the next prompt had appeared), exactly as an
  uninterrupted intake has it after that answer (or the one in flight).
- ``kill-import``: ``rtech cases import`` of a large file SIGKILLed at a random
  moment. Survived: every stored case is whole (its revision and its audit
  entry), and running the import again completes it with no case doubled.
- ``kill-sign``: ``rtech file case ID --sign`` SIGKILLed at a random moment.
  Survived: no signed PDF on disk that the database does not know (a PDF at its
  name has its SHA-256 recorded as the case's signature).
- ``writers``: N threads, each with its own connection, recording new cases
  answer by answer. Survived: what each save reported saved is what the
  database holds.
- ``submitters``: N threads revising one case at the same time. Survived: a
  submission reported done is a stored revision with its answers; a refused one
  is a Chinese message (never a traceback, never a lost update).
- ``import-vs-intake`` (SQLite): a 5,000-case import while an intake saves
  answers. Survived: every answer saved (or kept with the Chinese "busy" message
  and saved on the next try); the longest wait is printed.

It is a script, not part of the test suite (tests/reliability/test_smoke.py
runs a tiny version of it); README.md quotes its figures.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import itertools
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, func, make_url
from sqlalchemy import select as sql_select

from tests.support.intake import PCI_LINES

PASSPHRASE = "示例口令 correct horse"
INTAKE_COMMAND = ("intake", "--technology", "cardio", "--plain", "--new")

#: The first answers of a PCI case as a clinician types them (no code lists needed).
INTAKE_LINES = PCI_LINES[:14]


@dataclass
class Tally:
    name: str
    backend: str
    tried: int = 0
    survived: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)
    extra: str = ""

    def ok(self) -> None:
        self.tried += 1
        self.survived += 1

    def loss(self, why: str) -> None:
        self.tried += 1
        self.lost += 1
        if len(self.notes) < 5:
            self.notes.append(why)

    def line(self) -> str:
        text = (
            f"{self.name:<17} {self.backend:<10} tried {self.tried:>4}  "
            f"survived {self.survived:>4}  lost {self.lost:>3}"
        )
        if self.extra:
            text += f"  ({self.extra})"
        return text + "".join(f"\n    lost: {n}" for n in self.notes)


# -------------------------------------------------------------------------
# Environment: a private data directory, databases on each backend
# -------------------------------------------------------------------------


def rtech_exe() -> str:
    exe = shutil.which("rtech", path=str(Path(sys.executable).parent))
    if not exe:
        raise SystemExit("the rtech console script is not installed beside this Python")
    return exe


@contextlib.contextmanager
def environment(root: Path) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(
        RTECH_DATA_DIR=str(root / "data"),
        RTECH_CONFIG_DIR=str(root / "config"),
        RTECH_FILINGS_DIR=str(root / "filings"),
        PYTHONUNBUFFERED="1",
    )
    for name in ("RTECH_DATABASE_URL", "RTECH_DEBUG", "RTECH_TRACE_PLUGINS"):
        os.environ.pop(name, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


_NUMBERS = itertools.count(1)


@contextlib.contextmanager
def database(backend: str, root: Path, name: str) -> Iterator[URL]:
    """An empty, migrated database of ``backend``."""
    from rtech.store import make_engine, upgrade

    if backend == "sqlite":
        url = make_url(f"sqlite:///{root / f'{name}-{next(_NUMBERS)}.sqlite3'}")
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    from tests import db

    with db.fresh_postgres_database() as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


def store_at(url: URL, **kwargs: Any) -> Any:
    from rtech.store import Store, make_engine

    return Store(make_engine(url, **kwargs))


def env_for(url: URL) -> dict[str, str]:
    return {**os.environ, "RTECH_DATABASE_URL": url.render_as_string(hide_password=False)}


def seeded(url: URL) -> None:
    from tests.support.intake import seed_registry

    store = store_at(url)
    try:
        seed_registry(store)
    finally:
        store.dispose()


def _kill(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    process.wait()


# -------------------------------------------------------------------------
# SIGKILL: intake answers
# -------------------------------------------------------------------------


def _snapshots(root: Path) -> list[dict[str, Any]]:
    """The draft after each line of INTAKE_LINES, from an intake never interrupted."""
    from rtech.host import get_host
    from rtech.intake import open_case_intake

    with database("sqlite", root, "snapshots") as url:
        seeded(url)
        store = store_at(url)
        try:
            intake = open_case_intake(store, get_host(), "cardio", actor="李明")
            shots = [copy.deepcopy(intake.answers)]
            for line in INTAKE_LINES:
                reply = intake.handle(line)
                assert not reply.errors, (line, reply.errors)
                shots.append(copy.deepcopy(intake.answers))
            return shots
        finally:
            store.dispose()


def _read_until_prompt(process: subprocess.Popen[bytes], deadline: float) -> bool:
    """Read the intake's output until its next "> " prompt (False: none came)."""
    assert process.stdout is not None
    seen = b""
    descriptor = process.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([descriptor], [], [], 0.2)
        if not ready:
            continue
        chunk = os.read(descriptor, 65536)
        if not chunk:
            return False
        seen += chunk
        if seen.endswith(b"> "):
            return True
    return False


def kill_intake(backend: str, root: Path, rounds: int, rng: random.Random) -> Tally:
    from rtech.store.models import Case

    tally = Tally("kill-intake", backend)
    shots = _snapshots(root)
    with database(backend, root, "intake") as url:
        seeded(url)
        env = env_for(url)
        for _round in range(rounds):
            process = subprocess.Popen(
                [rtech_exe(), *INTAKE_COMMAND],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            assert process.stdin is not None
            acknowledged = 0
            stop_after = rng.randrange(0, len(INTAKE_LINES))
            try:
                if not _read_until_prompt(process, time.monotonic() + 60):
                    tally.loss("the intake never asked its first question")
                    continue
                for line in INTAKE_LINES[:stop_after]:
                    process.stdin.write(line.encode() + b"\n")
                    process.stdin.flush()
                    if not _read_until_prompt(process, time.monotonic() + 30):
                        break
                    acknowledged += 1
                # One more answer in flight, then the kill at a random moment.
                process.stdin.write(INTAKE_LINES[stop_after].encode() + b"\n")
                process.stdin.flush()
                time.sleep(rng.uniform(0, 0.05))
            finally:
                _kill(process)
            store = store_at(url)
            try:
                with store.read() as session:
                    case = session.scalars(
                        sql_select(Case).order_by(Case.id.desc()).limit(1)
                    ).first()
                    stored = dict(case.draft_answers) if case is not None else {}
            finally:
                store.dispose()
            allowed = [shots[acknowledged], shots[min(acknowledged + 1, len(shots) - 1)]]
            if stored in allowed:
                tally.ok()
            else:
                tally.loss(f"after {acknowledged} acknowledged answers the draft was {stored}")
    return tally


# -------------------------------------------------------------------------
# SIGKILL: cases import
# -------------------------------------------------------------------------


def _export_file(root: Path, count: int, prefix: str) -> Path:
    from tests.support.exchange import many_cases, one_case_document
    from tests.support.intake import host_with_codes

    with database("sqlite", root, f"export-{prefix}") as url:
        store = store_at(url)
        try:
            document = many_cases(one_case_document(store, host_with_codes()), count, prefix)
        finally:
            store.dispose()
    # The file names the physicians by licence: the target registry has them.
    path = root / f"{prefix}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _import_state(url: URL) -> tuple[int, int, int, int]:
    """(cases, distinct record numbers, revisions, case.import audit entries)."""
    from rtech.store.models import AuditEntry, Case, CaseRevision

    store = store_at(url)
    try:
        with store.read() as session:
            cases_ = int(session.scalar(sql_select(func.count(Case.id))) or 0)
            numbers = int(
                session.scalar(sql_select(func.count(func.distinct(Case.record_no)))) or 0
            )
            revisions = int(session.scalar(sql_select(func.count(CaseRevision.id))) or 0)
            audited = int(
                session.scalar(
                    sql_select(func.count(AuditEntry.id)).where(AuditEntry.action == "case.import")
                )
                or 0
            )
            return cases_, numbers, revisions, audited
    finally:
        store.dispose()


def kill_import(backend: str, root: Path, rounds: int, size: int, rng: random.Random) -> Tally:
    tally = Tally("kill-import", backend, extra=f"{size} cases per file")
    source = _export_file(root, size, "KI")
    command = [rtech_exe(), "cases", "import", str(source)]
    # How long a whole import takes here, so that the kills land anywhere in it.
    with database(backend, root, "import-timed") as url:
        seeded(url)
        started = time.monotonic()
        subprocess.run(command, capture_output=True, env=env_for(url), check=False)
        whole_run = time.monotonic() - started
    at_kill: list[int] = []
    for index in range(rounds):
        with database(backend, root, f"import{index}") as url:
            seeded(url)
            env = env_for(url)
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            time.sleep(rng.uniform(0.3, 1.0) * whole_run)
            _kill(process)
            cases_, numbers, revisions, audited = _import_state(url)
            at_kill.append(cases_)
            whole = cases_ == numbers == revisions == audited
            rerun = subprocess.run(
                [rtech_exe(), "cases", "import", str(source)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            after = _import_state(url)
            if not whole:
                tally.loss(
                    "after the kill: cases/numbers/revisions/audit = "
                    f"{cases_, numbers, revisions, audited}"
                )
            elif rerun.returncode != 0 or after != (size, size, size, size):
                tally.loss(f"the rerun left {after} (exit {rerun.returncode})")
            else:
                tally.ok()
    tally.extra = (
        f"{size} cases per file, a whole import {whole_run:.1f} s; "
        f"cases stored at the kill: {sorted(at_kill)}"
    )
    return tally


# -------------------------------------------------------------------------
# SIGKILL: file case --sign
# -------------------------------------------------------------------------


def kill_sign(backend: str, root: Path, rounds: int, rng: random.Random) -> Tally:
    from rtech.host import get_host
    from rtech.intake.demo import load_demo
    from rtech.store import cases
    from rtech.store.models import CaseSignature

    tally = Tally("kill-sign", backend)
    (root / "pass.txt").write_text(PASSPHRASE, encoding="utf-8")
    with database(backend, root, "sign") as url:
        store = store_at(url)
        try:
            load_demo(store, get_host(), technology="cardio", cases_count=max(rounds, 1) * 2 + 5)
            with store.read() as session:
                submitted = [
                    c.id
                    for c in cases.list_cases(session, technology="cardio", statuses=["submitted"])
                ]
        finally:
            store.dispose()
        # The key is generated by the acting user (bound to them), as a signer does.
        made = subprocess.run(
            [
                *(rtech_exe(), "sign", "keygen", "--force", "--name", "王审核"),
                *("--institution", "示例市第一人民医院（演示）"),
                *("--passphrase-file", str(root / "pass.txt")),
            ],
            capture_output=True,
            text=True,
            env=env_for(url),
            check=False,
        )
        if made.returncode != 0:
            tally.loss(f"rtech sign keygen failed: {made.stderr.strip()}")
            return tally
        env = env_for(url)
        out = root / "signed"
        out.mkdir(exist_ok=True)
        outcomes = {"nothing yet": 0, "recorded, not yet renamed": 0, "signed": 0}

        def command(case_id: int, target: Path) -> list[str]:
            return [
                *(rtech_exe(), "file", "case", str(case_id), "--sign"),
                *("--passphrase-file", str(root / "pass.txt"), "-o", str(target)),
            ]

        # How long a whole signing takes here (the second run: the first one builds
        # the font cache), so that the kills land anywhere in it.
        for warm in (submitted[-1], submitted[-2]):
            started = time.monotonic()
            timed = subprocess.run(
                command(warm, out / f"timed-{warm}.pdf"), capture_output=True, env=env, check=False
            )
            whole_run = time.monotonic() - started
        if timed.returncode != 0:
            tally.loss(f"an uninterrupted signing failed: {timed.stderr.decode()[-300:]}")
        for case_id in submitted[:rounds]:
            target = out / f"case-{backend}-{case_id}.pdf"
            process = subprocess.Popen(
                command(case_id, target),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            time.sleep(rng.uniform(0.5, 1.05) * whole_run)
            _kill(process)
            store = store_at(url)
            try:
                with store.read() as session:
                    recorded = {
                        s.document_sha256
                        for s in session.scalars(
                            sql_select(CaseSignature).where(CaseSignature.case_id == case_id)
                        )
                    }
            finally:
                store.dispose()
            if target.exists():
                digest = hashlib.sha256(target.read_bytes()).hexdigest()
                if digest in recorded:
                    tally.ok()
                    outcomes["signed"] += 1
                else:
                    tally.loss(f"{target.name} is on disk, its signature is not recorded")
            else:
                tally.ok()
                outcomes["recorded, not yet renamed" if recorded else "nothing yet"] += 1
    tally.extra = f"a whole signing {whole_run:.1f} s; at the kill: " + ", ".join(
        f"{k} {v}" for k, v in outcomes.items() if v
    )
    return tally


# -------------------------------------------------------------------------
# Concurrency: writers and submitters
# -------------------------------------------------------------------------


def _threads(count: int, work: Callable[[int], None]) -> None:
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def writers(backend: str, root: Path, count: int, answers: int) -> Tally:
    from rtech.errors import UserError
    from rtech.store import cases
    from tests.support.intake import host_with_codes, open_case

    tally = Tally("writers", backend, extra=f"{count} threads")
    lock = threading.Lock()
    host = host_with_codes()
    with database(backend, root, "writers") as url:
        seeded(url)

        def work(index: int) -> None:
            store = store_at(url)
            try:
                intake = open_case(store, host, new=True)
                for line in INTAKE_LINES[:answers]:
                    line = f"张{index}" if line == "张三" else line
                    try:
                        reply = intake.handle(line)
                    except Exception as exc:  # noqa: BLE001 - a loss, reported
                        with lock:
                            tally.loss(f"{type(exc).__name__} at {line!r}")
                        continue
                    with store.read() as session:
                        stored = dict(cases.get_case(session, intake.backend.case_id).draft_answers)  # type: ignore[attr-defined]
                    with lock:
                        if reply.saved and stored != intake.answers:
                            tally.loss(f"thread {index}: saved {line!r} but the database differs")
                        elif not reply.saved and not intake.unsaved and reply.errors:
                            tally.ok()  # refused in Chinese, nothing to keep
                        else:
                            tally.ok()
            except UserError as exc:
                with lock:
                    tally.loss(f"thread {index}: {exc.message}")
            finally:
                store.dispose()

        _threads(count, work)
    return tally


def submitters(backend: str, root: Path, count: int, rounds: int) -> Tally:
    from rtech.errors import UserError
    from rtech.store import cases
    from rtech.store.models import CaseRevision
    from tests.support.intake import PCI_LINES, host_with_codes, open_case, say

    tally = Tally("submitters", backend, extra=f"{count} threads × {rounds} revisions")
    lock = threading.Lock()
    done: list[int] = []
    with database(backend, root, "submitters") as url:
        seeded(url)
        store = store_at(url)
        try:
            intake = open_case(store, host_with_codes())
            say(intake, *PCI_LINES, "提交")
            case_id = intake.backend.case_id  # type: ignore[attr-defined]
        finally:
            store.dispose()

        def work(index: int) -> None:
            store = store_at(url)
            try:
                for round_ in range(rounds):
                    cost = 100_000 + index * 1000 + round_
                    try:
                        with store.write() as session:
                            case = cases.get_case(session, case_id)
                            answers = copy.deepcopy(dict(case.draft_answers))
                            answers["admission"] = {**answers["admission"], "total_cost": cost}
                            version = cases.save_draft(
                                session,
                                case_id,
                                expected_version=case.version,
                                answers=answers,
                                cursor={},
                                actor=f"医生{index}",
                            )
                            cases.submit_case(
                                session,
                                case_id,
                                expected_version=version,
                                actor=f"医生{index}",
                                reason=f"并发修订 {index}-{round_}",
                            )
                        with lock:
                            done.append(cost)
                            tally.ok()
                    except UserError:
                        with lock:
                            tally.ok()  # refused with the Chinese conflict message
                    except Exception as exc:  # noqa: BLE001 - a loss, reported
                        with lock:
                            tally.loss(
                                f"{type(exc).__name__}: {traceback.format_exc(limit=1)[-200:]}"
                            )
            finally:
                store.dispose()

        _threads(count, work)
        store = store_at(url)
        try:
            with store.read() as session:
                stored = [
                    r.answers["admission"].get("total_cost")
                    for r in session.scalars(
                        sql_select(CaseRevision).where(CaseRevision.case_id == case_id)
                    )
                ]
        finally:
            store.dispose()
        missing = sorted(set(done) - set(stored))
        for cost in missing:
            tally.survived -= 1
            tally.lost += 1
            tally.notes.append(f"a submission reported done (cost {cost}) is not stored")
        tally.extra += f"; {len(done)} revisions stored"
    return tally


# -------------------------------------------------------------------------
# SQLite: an intake during a large import
# -------------------------------------------------------------------------


def import_vs_intake(root: Path, size: int) -> Tally:
    from rtech.store import cases
    from tests.support.intake import host_with_codes, open_case

    tally = Tally("import-vs-intake", "sqlite", extra=f"{size} cases imported")
    source = _export_file(root, size, "IV")
    with database("sqlite", root, "busy") as url:
        seeded(url)
        store = store_at(url)
        waits: list[float] = []
        try:
            intake = open_case(store, host_with_codes(), new=True)
            process = subprocess.Popen(
                [rtech_exe(), "cases", "import", str(source)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env_for(url),
            )
            lines = iter(INTAKE_LINES * 1000)
            while process.poll() is None:
                line = next(lines)
                if intake.prompt.stage == "review":
                    intake = open_case(store, host_with_codes(), new=True)
                started = time.monotonic()
                try:
                    reply = intake.handle(line)
                except Exception as exc:  # noqa: BLE001 - a loss, reported
                    tally.loss(f"{type(exc).__name__} while the import ran")
                    continue
                waits.append(time.monotonic() - started)
                with store.read() as session:
                    stored = dict(cases.get_case(session, intake.backend.case_id).draft_answers)  # type: ignore[attr-defined]
                if stored == intake.answers or intake.unsaved:
                    tally.ok()  # saved, or kept with the Chinese "busy" message
                else:
                    tally.loss(f"{line!r}: neither saved nor kept ({reply.errors})")
                time.sleep(0.05)
            assert process.stderr is not None
            error = process.stderr.read().decode(errors="replace")
            if process.returncode != 0:
                tally.loss(f"the import failed: {error[:200]}")
        finally:
            store.dispose()
        imported = _import_state(url)[3]
        tally.extra = (
            f"{imported} cases imported meanwhile; longest save {max(waits, default=0):.2f} s"
        )
    return tally


# -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="one round of each (smoke)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    quick = args.quick
    wanted = set(args.only or [])

    def chosen(name: str) -> bool:
        return not wanted or name in wanted

    tallies: list[Tally] = []
    with tempfile.TemporaryDirectory(prefix="rtech-reliability-") as directory:
        root = Path(directory)
        with environment(root):
            for backend in backends:
                if chosen("kill-intake"):
                    tallies.append(kill_intake(backend, root, 2 if quick else 30, rng))
                    print(tallies[-1].line(), flush=True)
                if chosen("kill-import"):
                    tallies.append(
                        kill_import(backend, root, 1 if quick else 8, 100 if quick else 1000, rng)
                    )
                    print(tallies[-1].line(), flush=True)
                if chosen("kill-sign"):
                    tallies.append(kill_sign(backend, root, 1 if quick else 8, rng))
                    print(tallies[-1].line(), flush=True)
                if chosen("writers"):
                    tallies.append(writers(backend, root, 3 if quick else 20, 4 if quick else 8))
                    print(tallies[-1].line(), flush=True)
                if chosen("submitters"):
                    tallies.append(submitters(backend, root, 3 if quick else 20, 2 if quick else 3))
                    print(tallies[-1].line(), flush=True)
            if "sqlite" in backends and chosen("import-vs-intake"):
                tallies.append(import_vs_intake(root, 200 if quick else 5000))
                print(tallies[-1].line(), flush=True)
    tried = sum(t.tried for t in tallies)
    lost = sum(t.lost for t in tallies)
    print(f"total: tried {tried}, survived {tried - lost}, lost {lost}")
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
