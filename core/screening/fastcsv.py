"""The fast CSV path: scan raw bytes, parse only the lines that could match.

The file is cut into tasks of about ``TASK`` bytes at line boundaries; worker
processes (forked, one per core) read their task in blocks of ``BLOCK`` bytes,
so memory stays bounded whatever the file size. For each block:

1. the prefilter (core.screening.prefilter) finds the lines that could hold a
   trigger code; only those are split, decoded, normalised and evaluated,
   exactly as the exact reader would;
2. records are counted with ``bytes.count``; blank lines and lines longer than
   ``MAX_LINE`` (found by probing windows of ``MAX_LINE // 2`` bytes for a
   newline) are counted apart and reported;
3. a block holding a double quote is checked for newlines inside quoted fields
   (quote parity at each newline, vectorised with numpy). A multi-line record
   cannot be cut safely into lines, so the run goes on with the exact reader
   from the start of that task.

Every number the exact reader reports is reported here too, except implausible
cells: the fast path sees the cells of the lines it parses (those holding
something that looks like a listed code), the exact reader (``--thorough``)
sees all of them.
"""

from __future__ import annotations

import csv
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from core.screening.evaluate import Evaluator, Match, Stats
from core.screening.layout import Layout
from core.screening.prefilter import Prefilter
from core.screening.sources import (
    MAX_LINE,
    REJECT_UNDECODABLE,
    SKIP_BLANK,
    SKIP_FIELDS,
    SKIP_LONG,
    SKIP_TRUNCATED,
    CsvInfo,
    wide_record,
)

__all__ = ["BLOCK", "TASK", "FastPlan", "TaskResult", "run_tasks", "split_tasks"]

BLOCK: Final = 8 << 20
TASK: Final = 32 << 20
_WINDOW: Final = MAX_LINE // 2


@dataclass
class FastPlan:
    info: CsvInfo
    layout: Layout
    evaluator: Evaluator
    prefilter: Prefilter


@dataclass
class TaskResult:
    start: int
    lines: int  # physical lines in the task
    stats: Stats
    matches: list[Match] = field(default_factory=list)
    multiline: bool = False  # a quoted field holds a newline: use the exact reader


# The plan of the file being screened, inherited by forked workers.
_PLAN: FastPlan | None = None


def split_tasks(info: CsvInfo, size: int | None = None) -> list[tuple[int, int]]:
    """Byte ranges starting at line starts, covering the data part of the file."""
    size = size or TASK
    bounds = [info.data_start]
    with info.path.open("rb") as handle:
        position = info.data_start + size
        while position < info.size:
            handle.seek(position - 1)
            skipped = 0
            while True:
                piece = handle.read(1 << 16)
                if not piece:
                    position = info.size
                    break
                newline = piece.find(b"\n")
                if newline >= 0:
                    position = position - 1 + skipped + newline + 1
                    break
                skipped += len(piece)
            if position >= info.size:
                break
            if position > bounds[-1]:
                bounds.append(position)
            position += size
    bounds.append(info.size)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _scan_task(task: tuple[int, int]) -> TaskResult:
    assert _PLAN is not None
    return scan_range(_PLAN, *task)


def scan_range(plan: FastPlan, start: int, end: int) -> TaskResult:
    """Screen the lines in ``[start, end)``; ``start`` is a line start."""
    result = TaskResult(start, 0, Stats())
    final = end >= plan.info.size
    with plan.info.path.open("rb") as handle:
        handle.seek(start)
        position = start
        carry = b""
        skipping = False
        while position < end:
            block = handle.read(min(_block_size(), end - position))
            if not block:
                break
            position += len(block)
            if skipping:
                newline = block.find(b"\n")
                if newline < 0:
                    continue
                block = block[newline + 1 :]
                skipping = False
                result.lines += 1
            buffer = carry + block if carry else block
            if position < end:
                cut = buffer.rfind(b"\n")
                if cut < 0:
                    if len(buffer) > MAX_LINE:
                        _long_line(result, result.lines + 1)
                        skipping, carry = True, b""
                    else:
                        carry = buffer
                    continue
                work, carry = buffer[: cut + 1], buffer[cut + 1 :]
            else:
                work, carry = buffer, b""
            if not _process(plan, work, result, final and position >= end):
                result.multiline = True
                return result
            if len(carry) > MAX_LINE:
                _long_line(result, result.lines + 1)
                skipping, carry = True, b""
        if skipping:
            result.lines += 1  # a long last line without a newline
    return result


def _block_size() -> int:
    return BLOCK


def _long_line(result: TaskResult, line: int) -> None:
    result.stats.skip(SKIP_LONG, line, "整行被跳过")


def _long_lines(work: bytes) -> list[tuple[int, int]]:
    """(start, end) of every line longer than MAX_LINE in ``work``."""
    found: list[tuple[int, int]] = []
    position = 0
    size = len(work)
    while position + _WINDOW <= size:
        if work.find(b"\n", position, position + _WINDOW) >= 0:
            position += _WINDOW
            continue
        begin = work.rfind(b"\n", 0, position) + 1
        stop = work.find(b"\n", position)
        stop = size if stop < 0 else stop
        if stop - begin > MAX_LINE:
            found.append((begin, stop))
        position = stop + 1
    return found


def _multiline(work: bytes) -> bool:
    """Whether a newline of ``work`` lies inside a quoted field (or quotes are odd)."""
    import numpy as np

    data = np.frombuffer(work, dtype=np.uint8)
    quotes = np.flatnonzero(data == 34)
    if quotes.size == 0:
        return False
    newlines = np.flatnonzero(data == 10)
    inside = np.searchsorted(quotes, newlines) & 1
    return bool(inside.any()) or bool(quotes.size & 1)


def _process(plan: FastPlan, work: bytes, result: TaskResult, final: bool) -> bool:
    """Screen the whole lines of ``work``; False when it holds multi-line records."""
    if not work:
        return True
    if b'"' in work and _multiline(work):
        return False
    stats = result.stats
    base = result.lines  # lines of the task before this buffer
    ended = work.endswith(b"\n")
    lines = work.count(b"\n") + (0 if ended else 1)
    blank = _blank_lines(work)
    if blank:
        stats.skipped[SKIP_BLANK] = stats.skipped.get(SKIP_BLANK, 0) + blank
    records = lines - blank
    excluded = _long_lines(work)
    for begin, _stop in excluded:
        line = base + work.count(b"\n", 0, begin) + 1
        stats.skip(SKIP_LONG, line, "整行被跳过")
        records -= 1
    starts = sorted({work.rfind(b"\n", 0, p) + 1 for p in plan.prefilter.positions(work)})
    tail_start = work.rfind(b"\n", 0, len(work) - 1) + 1 if not ended else -1
    if final and not ended and tail_start >= 0:
        # The last line of the file has no newline: check it is complete.
        tail = work[tail_start:].rstrip(b"\r")
        if tail.strip() and _field_count(plan.info, tail) < len(plan.info.headers):
            line = base + lines
            stats.skip(
                SKIP_TRUNCATED,
                line,
                f"{_field_count(plan.info, tail)} 个字段，表头 {len(plan.info.headers)} 个",
            )
            records -= 1
            starts = [s for s in starts if s != tail_start]
    stats.records += records
    emit = result.matches.append
    counted_to, line = 0, base
    for begin in starts:
        if any(b <= begin < e for b, e in excluded):
            continue
        line += work.count(b"\n", counted_to, begin)
        counted_to = begin
        stop = work.find(b"\n", begin)
        raw = work[begin : len(work) if stop < 0 else stop].rstrip(b"\r")
        if not raw.strip():
            continue
        _evaluate_line(plan, stats, line + 1, raw, emit)
    result.lines += lines
    return True


def _blank_lines(work: bytes) -> int:
    """Empty lines (or a lone carriage return) in ``work``."""
    if b"\n\n" not in work and b"\n\r\n" not in work and work[:1] not in (b"\n", b"\r"):
        return 0
    return sum(1 for line in work.split(b"\n")[: work.count(b"\n")] if line in (b"", b"\r"))


def _field_count(info: CsvInfo, raw: bytes) -> int:
    if b'"' not in raw:
        return raw.count(info.delimiter.encode()) + 1
    text = raw.decode(info.encoding, "surrogateescape")
    return len(next(csv.reader([text], delimiter=info.delimiter), []))


def _evaluate_line(
    plan: FastPlan, stats: Stats, line: int, raw: bytes, emit: Callable[[Match], None]
) -> None:
    info, layout = plan.info, plan.layout
    stats.candidates += 1
    fields: list[Any]
    if b'"' in raw:
        text = raw.decode(info.encoding, "surrogateescape")
        fields = next(csv.reader([text], delimiter=info.delimiter), [])
    else:
        fields = raw.split(info.delimiter.encode())
    if len(fields) != len(info.headers):
        stats.skip(SKIP_FIELDS, line, f"{len(fields)} 个字段，表头 {len(info.headers)} 个")
        return

    def get(index: int) -> str:
        value = fields[index]
        if isinstance(value, bytes):
            return value.decode(info.encoding, "surrogateescape")
        return str(value)

    wide_record(plan.evaluator, layout, stats, line, get, emit, info.encoding)


def run_tasks(plan: FastPlan, tasks: list[tuple[int, int]], workers: int) -> Iterator[TaskResult]:
    """Results in file order; stops after the first task that needs the exact reader."""
    global _PLAN
    if workers <= 1 or len(tasks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            result = scan_range(plan, *task)
            yield result
            if result.multiline:
                return
        return
    _PLAN = plan
    context = multiprocessing.get_context("fork")
    pool = context.Pool(processes=workers)
    try:
        for result in pool.imap(_scan_task, tasks):
            yield result
            if result.multiline:
                return
    finally:
        pool.terminate()
        pool.join()
        _PLAN = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


__all__ += ["REJECT_UNDECODABLE", "default_workers", "scan_range"]
