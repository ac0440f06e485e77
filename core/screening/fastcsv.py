"""The fast CSV path: scan raw bytes, parse only the lines that could match.

The file is cut into tasks of about ``TASK`` bytes at line boundaries; worker
processes (forked, one per core) read their task in blocks of ``BLOCK`` bytes,
so memory stays bounded whatever the file size. For each block:

1. the prefilter (rtech.screening.prefilter) finds the lines that could hold a
   trigger code; only those are split, decoded, normalised and evaluated,
   exactly as the exact reader would;
2. records are counted with ``bytes.count``; blank lines and lines longer than
   ``MAX_LINE`` (found by probing windows of ``MAX_LINE // 2`` bytes for a
   newline) are counted apart and reported;
3. a block holding a double quote is checked for newlines inside quoted fields
   (quote parity at each newline, vectorised with numpy). A multi-line record
   cannot be cut safely into lines, so the run goes on with the exact reader
   from the start of that task.

The cost of step 1 grows with the lines the prefilter flags. A specialty
hospital's export (a quarter of its records hold a listed code) or a HIS that
writes every code full-width or padded would make it per-line Python for most
lines, so the prefilter first probes a block's first ``_PROBE`` bytes (issue 17)
and picks one of three lanes (``_lane``):

- *line*: few lines flagged, as above;
- *canonical* (UTF-8): few once the block is read as the normaliser sees codes
  (``_canonical``: full-width code characters as ASCII, spaces dropped, newlines
  kept): the prefilter scans that form and the lines it flags are read in full;
- *columnar*: many lines flagged either way (they do hold listed codes): the
  block's well-formed lines go through rtech.screening.columnar (Polars, in the
  worker processes only), the others through the per-line lane.

In the first two lanes, a block whose prefilter flags ``COLUMNAR_LINES`` lines or
more (a narrow export's 8 MB hold some 60,000 records) hands its well-formed
flagged lines to the columnar lane together, the others one by one.

Every number the exact reader reports is reported here too, except implausible
cells: the line and canonical lanes see the cells of the lines they parse
(those holding something that looks like a listed code), the columnar lane and
the exact reader (``--thorough``) see all of them.
"""

from __future__ import annotations

import collections
import csv
import functools
import gc
import itertools
import mmap
import multiprocessing
import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from rtech.codes.model import CodeKind
from rtech.codes.normalize import CellStatus, normalize_cell
from rtech.errors import UserError
from rtech.screening.columnar import Columnar, Found
from rtech.screening.evaluate import Evaluator, Match, Stats
from rtech.screening.layout import Layout
from rtech.screening.prefilter import Prefilter
from rtech.screening.sources import (
    MAX_LINE,
    REJECT_UNDECODABLE,
    SKIP_BLANK,
    SKIP_FIELDS,
    SKIP_LONG,
    SKIP_TRUNCATED,
    CsvInfo,
    has_surrogates,
    readable_record_id,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["BLOCK", "TASK", "FastPlan", "TaskResult", "run_tasks", "split_tasks", "task_size"]

BLOCK: Final = 8 << 20
TASK: Final = 32 << 20
_WINDOW: Final = MAX_LINE // 2


@dataclass
class FastPlan:
    info: CsvInfo
    layout: Layout
    evaluator: Evaluator
    prefilter: Prefilter

    def __post_init__(self) -> None:
        layout = self.layout
        self.code_columns = (
            (CodeKind.DIAGNOSIS, layout.diagnoses),
            (CodeKind.PROCEDURE, layout.procedures),
        )
        self.column_kind = dict.fromkeys(layout.diagnoses, CodeKind.DIAGNOSIS)
        self.column_kind.update(dict.fromkeys(layout.procedures, CodeKind.PROCEDURE))
        triggers = self.evaluator.book.trigger_keys
        self.triggers = {
            kind: frozenset(k for kd, k in triggers if kd is kind) for kind in CodeKind
        }
        self.delimiter = self.info.delimiter.encode()
        self.code_index = (*layout.diagnoses, *layout.procedures)
        self.code_kinds = tuple(self.column_kind[i] for i in self.code_index)
        self.code_names = tuple(layout.headers[i] for i in self.code_index)
        self.columnar: Columnar | bool | None = None  # built in the worker on first use
        self.get_codes = operator.itemgetter(*self.code_index) if self.code_index else None
        self.head_limit = max(layout.record_id, layout.discharge_date or 0) + 1
        self.ncols = len(self.info.headers)
        self.read = frozenset(layout.needed)  # the columns screening reads
        # A prefilter match is at most this long (None: no bound, see prefilter.py).
        self.reach = self.prefilter.reach


@dataclass
class TaskResult:
    """What a worker found in one task. Matches are kept compact (a dense export has
    hundreds of thousands, all pickled to the parent): per matched record its id and
    an index into ``outcomes``, each outcome the fields after the record id of the
    record's matches; :meth:`matches` rebuilds them in file order."""

    start: int
    lines: int  # physical lines in the task
    stats: Stats
    record_ids: list[str] = field(default_factory=list)
    which: list[int] = field(default_factory=list)  # per record id, its outcome
    outcomes: list[tuple[tuple[Any, ...], ...]] = field(default_factory=list)
    multiline: bool = False  # a quoted field holds a newline: use the exact reader
    columnar: int = 0  # lines screened in the columnar lane
    canonical: int = 0  # lines prefiltered in their canonical form
    _known: dict[tuple[tuple[Any, ...], ...], int] = field(default_factory=dict, repr=False)

    def outcome(self, templates: tuple[tuple[Any, ...], ...]) -> int:
        """The index of ``templates`` (the fields after the record id of each match)."""
        index = self._known.get(templates)
        if index is None:
            index = self._known[templates] = len(self.outcomes)
            self.outcomes.append(templates)
        return index

    def add(self, match: Match) -> None:
        """One match, in file order (the per-line lanes' emit)."""
        self.record_ids.append(match.record_id)
        self.which.append(self.outcome((tuple(match[1:]),)))

    def matches(self) -> Iterator[Match]:
        new, outcomes = tuple.__new__, self.outcomes
        for record_id, index in zip(self.record_ids, self.which, strict=True):
            for template in outcomes[index]:
                yield new(Match, (record_id, *template))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_known"]  # the parent adds nothing
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["_known"] = {}
        self.__dict__.update(state)


# The plan of the file being screened, inherited by forked workers.
_PLAN: FastPlan | None = None
# Set in forked workers: only they may use the columnar lane (Polars' threads
# must never be forked, so the parent process never imports it).
_IN_WORKER = False


#: Tasks a worker gets at least, files large enough: the workers finish together
#: (five tasks for two workers would leave one idle for the last).
TASKS_PER_WORKER: Final = 8
MIN_TASK: Final = 4 << 20


def task_size(data: int, workers: int) -> int:
    """The bytes of a task for ``data`` bytes of records and ``workers`` workers:
    about ``TASKS_PER_WORKER`` tasks a worker, from ``MIN_TASK`` to ``TASK`` bytes."""
    return min(TASK, max(MIN_TASK, data // (TASKS_PER_WORKER * max(workers, 1))))


def split_tasks(info: CsvInfo, size: int | None = None, workers: int = 1) -> list[tuple[int, int]]:
    """Byte ranges starting at line starts, covering the data part of the file."""
    size = size or task_size(info.size - info.data_start, workers)
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
    global _IN_WORKER
    assert _PLAN is not None
    if not _IN_WORKER:
        _IN_WORKER = True
        _keep_memory()
    return scan_range(_PLAN, *task)


def _keep_memory() -> None:
    """Have glibc's malloc keep the memory a worker frees (a worker's temporaries are
    the same few arrays of a block's size, block after block). By default large
    arrays are mapped and unmapped each time and the heap is trimmed: every block
    then faults its pages in again, which measured 1.0-1.3 s of system time on a
    1 GB export (0.4-0.5 s with this). Other C libraries: nothing is done."""
    import ctypes

    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's upper bound for this setting


_M_TRIM_THRESHOLD: Final = -1
_M_MMAP_THRESHOLD: Final = -3


class _Window:
    """The bytes ``[lo, hi)`` of a memory-mapped block, with the bytes methods the
    fast path needs; offsets are relative to ``lo``. Mapping instead of reading
    saves a copy of every byte."""

    __slots__ = ("array", "hi", "lo", "mapped")

    def __init__(self, mapped: Any, lo: int, hi: int) -> None:
        import numpy as np

        self.mapped, self.lo, self.hi = mapped, lo, hi
        self.array = np.frombuffer(mapped, dtype=np.uint8, count=hi - lo, offset=lo)

    def __len__(self) -> int:
        return self.hi - self.lo

    def _span(self, start: int, end: int | None) -> tuple[int, int]:
        stop = self.hi if end is None else min(self.hi, self.lo + max(end, 0))
        return self.lo + max(start, 0), stop

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        found: int = self.mapped.find(sub, *self._span(start, end))
        return found - self.lo if found >= 0 else -1

    def rfind(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        found: int = self.mapped.rfind(sub, *self._span(start, end))
        return found - self.lo if found >= 0 else -1

    def count(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        begin, stop = self._span(start, end)
        if len(sub) == 1:
            import numpy as np

            part = self.array[begin - self.lo : stop - self.lo]
            return int(np.count_nonzero(part == sub[0]))
        return bytes(self.mapped[begin:stop]).count(sub)

    def slice(self, start: int, end: int) -> bytes:
        begin, stop = self._span(start, end)
        return bytes(self.mapped[begin:stop])

    def byte(self, index: int) -> int:
        """The byte at ``index`` (negative from the end), or -1 outside."""
        position = self.lo + index if index >= 0 else self.hi + index
        return self.mapped[position] if self.lo <= position < self.hi else -1

    def view(self) -> memoryview:
        return memoryview(self.mapped)[self.lo : self.hi]

    def has_quote(self) -> bool:
        return self.find(b'"') >= 0


def scan_range(plan: FastPlan, start: int, end: int) -> TaskResult:
    """Screen the lines in ``[start, end)``; ``start`` is a line start."""
    result = TaskResult(start, 0, Stats())
    final = end >= plan.info.size
    granularity = mmap.ALLOCATIONGRANULARITY
    descriptor = os.open(plan.info.path, os.O_RDONLY)
    try:
        position = start
        size = BLOCK
        while position < end:
            aligned = position - position % granularity
            stop = min(end, position + size)
            mapped = mmap.mmap(descriptor, stop - aligned, offset=aligned, access=mmap.ACCESS_READ)
            lo, hi = position - aligned, stop - aligned
            if stop < end:
                cut = mapped.rfind(b"\n", lo, hi)
                if cut < 0 and size <= MAX_LINE:
                    size = MAX_LINE + 1  # a line longer than a small block: look further
                    continue
                size = BLOCK
                if cut < 0:
                    # A line longer than MAX_LINE: skip it, bounded, and report it.
                    _long_line(result, result.lines + 1)
                    result.lines += 1
                    newline = _next_newline(descriptor, stop, end)
                    position = end if newline < 0 else newline + 1
                    continue
                hi = cut + 1
            window = _Window(mapped, lo, hi)
            done = _process(plan, window, result, final and aligned + hi >= end)
            del window, mapped  # unmapped once the last view is gone
            if not done:
                result.multiline = True
                return result
            position = aligned + hi
    finally:
        os.close(descriptor)
    return result


def _next_newline(descriptor: int, position: int, end: int) -> int:
    """The offset of the first newline in ``[position, end)``, or -1."""
    while position < end:
        piece = os.pread(descriptor, min(1 << 20, end - position), position)
        if not piece:
            return -1
        found = piece.find(b"\n")
        if found >= 0:
            return position + found
        position += len(piece)
    return -1


def _long_line(result: TaskResult, line: int) -> None:
    result.stats.skip(SKIP_LONG, line, "整行被跳过")


def _long_lines(work: _Window) -> list[tuple[int, int]]:
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


_SPARSE_QUOTES: Final = 4096


def _multiline(work: _Window) -> bool:
    """Whether a newline of ``work`` lies inside a quoted field (or quotes are odd).

    Sparse quotes (a few quoted cells) are found with ``find`` and checked line by
    line; dense ones (every field quoted) with one vectorised pass over the newlines.
    """
    import numpy as np

    checked: set[int] = set()
    position = work.find(b'"')
    size = len(work)
    while position >= 0:
        if len(checked) >= _SPARSE_QUOTES:
            data = work.array
            quotes = np.flatnonzero(data == 34)
            if quotes.size & 1:
                return True
            inside = np.searchsorted(quotes, np.flatnonzero(data == 10)) & 1
            return bool(inside.any())
        start = work.rfind(b"\n", 0, position) + 1
        stop = work.find(b"\n", position)
        stop = size if stop < 0 else stop
        if start not in checked:
            checked.add(start)
            if work.slice(start, stop).count(b'"') & 1:
                return True
        position = work.find(b'"', stop)
    return False


def _quotes(work: _Window) -> np.ndarray[Any, Any]:
    """The offsets of the double quotes in ``work``: found one after another (a
    search at memory speed) when they are few, as most exports quote a few cells;
    by a pass over every byte when they are many."""
    import numpy as np

    found: list[int] = []
    position = work.find(b'"')
    while position >= 0:
        if len(found) >= _SPARSE_QUOTES:
            return np.flatnonzero(work.array == 34)
        found.append(position)
        position = work.find(b'"', position + 1)
    return np.asarray(found, dtype=np.int64)


def _split_lone_returns(work: _Window) -> tuple[_Window, Any]:
    """``work`` with each lone carriage return (not followed by a newline, not the
    file's last byte) made a newline, as the exact reader reads it: Python's text
    lines end at ``\r``, ``\n`` or ``\r\n``, so ``a,b\rc,d`` is two lines (two
    ragged records, numbered apart). In a quoted field it becomes a newline in a
    quoted field: the exact reader's multi-line record, left to it as any other.
    Also the offsets of those returns (None without any). A block without a
    carriage return (most) costs one ``find``; a copy is made only when a lone
    one is there (rare)."""
    if work.find(b"\r") < 0:
        return work, None
    import numpy as np

    data = work.array
    returns = np.flatnonzero(data[:-1] == 13)  # the last byte ends the data
    if not returns.size:
        return work, None
    lone = returns[data[returns + 1] != 10]
    if not lone.size:
        return work, None
    copy = data.copy()
    copy[lone] = 10
    return _Window(copy.tobytes(), 0, len(work)), lone


def _ragged_parts(
    plan: FastPlan,
    work: _Window,
    newlines: Any,
    lone: Any,
    stats: Stats,
    base: int,
    left_out: Callable[[int], bool],
) -> list[int]:
    """The lines next to a lone carriage return (the parts of a line it cut) with
    another field count than the header's: skipped and reported as the exact reader
    skips them (it parses every line; the fast lanes only those the prefilter
    flags). ``left_out(i)``: line ``i`` is blank or already skipped. Returns the
    indexes of the lines skipped."""
    import numpy as np

    ncols = plan.ncols
    count = int(newlines.size)
    ended = work.byte(-1) == 10
    lines = count + (0 if ended else 1)
    before = np.searchsorted(newlines, lone)  # the line each return ends
    skipped: list[int] = []
    for index in sorted({*before.tolist(), *(before + 1).tolist()}):
        if index >= lines or left_out(index):
            continue
        begin = int(newlines[index - 1]) + 1 if index else 0
        stop = int(newlines[index]) if index < count else len(work)
        raw = work.slice(begin, stop).rstrip(b"\r")
        if not raw:
            continue  # blank: counted as such
        fields = _field_count(plan.info, raw)
        if fields == ncols:
            continue
        reason = SKIP_TRUNCATED if index == count and fields < ncols else SKIP_FIELDS
        stats.skip(reason, base + index + 1, f"{fields} 个字段，表头 {ncols} 个")
        skipped.append(index)
    return skipped


def _process(plan: FastPlan, work: _Window, result: TaskResult, final: bool) -> bool:
    """Screen the whole lines of ``work``; False when it holds multi-line records."""
    import numpy as np

    size = len(work)
    if not size:
        return True
    work, lone = _split_lone_returns(work)
    if _multiline(work):
        return False
    lane = _lane(plan, work)
    if lane == "columnar":
        columnar = _columnar(plan)
        assert columnar is not None
        _process_columnar(plan, columnar, work, result, final, lone)
        return True
    stats = result.stats
    base = result.lines  # lines of the task before this buffer
    newlines = np.flatnonzero(work.array == 10)
    ended = work.byte(-1) == 10
    lines = int(newlines.size) + (0 if ended else 1)
    canonical: np.ndarray[Any, Any] | None = None
    if lane == "canonical":
        # The prefilter reads the block as normalisation would see its codes; the
        # blank lines are counted on the bytes as they are.
        text = _canonical(work.array, plan.delimiter[0])
        ends, _, idents = plan.prefilter.scan(text)
        canonical = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == 10)
        gaps = np.diff(newlines)
        blank = int(np.count_nonzero(gaps == 1))
        two = newlines[:-1][gaps == 2]
        blank += int(np.count_nonzero(work.array[two + 1] == 13)) if two.size else 0
    else:
        ends, blank, idents = plan.prefilter.scan(work.view())
    first = work.byte(0)
    blank += 1 if first == 10 or (first == 13 and work.byte(1) == 10) else 0
    if blank:
        stats.skipped[SKIP_BLANK] = stats.skipped.get(SKIP_BLANK, 0) + blank
    records = lines - blank
    excluded: set[int] = set()  # indexes (in this buffer) of lines longer than MAX_LINE
    for begin, _stop in _long_lines(work):
        index = int(np.searchsorted(newlines, begin))
        excluded.add(index)
        stats.skip(SKIP_LONG, base + index + 1, "整行被跳过")
        records -= 1
    if final and not ended:
        # The last line of the file has no newline: check it is complete.
        tail_start = int(newlines[-1]) + 1 if newlines.size else 0
        tail = work.slice(tail_start, size).rstrip(b"\r")
        count = _field_count(plan.info, tail)
        if not tail:  # a return, the file's last byte, after a line end: blank
            stats.skipped[SKIP_BLANK] = stats.skipped.get(SKIP_BLANK, 0) + 1
            records -= 1
            excluded.add(int(newlines.size))
        elif tail.strip() and count < len(plan.info.headers):
            stats.skip(
                SKIP_TRUNCATED, base + lines, f"{count} 个字段，表头 {len(plan.info.headers)} 个"
            )
            records -= 1
            excluded.add(int(newlines.size))
    if lone is not None:

        def left_out(index: int) -> bool:
            return index in excluded

        for index in _ragged_parts(plan, work, newlines, lone, stats, base, left_out):
            excluded.add(index)
            records -= 1
    stats.records += records
    result.lines += lines
    if canonical is not None:
        result.canonical += lines
    if not ends:
        return True
    # The line of each hit: the number of newlines before its last byte.
    found = np.asarray(ends, dtype=np.int64)
    index_of = np.searchsorted(newlines if canonical is None else canonical, found - 1)
    by_line: dict[int, list[tuple[int, int]]] = {}
    for index, end, ident in zip(
        index_of.tolist(), ends, idents or itertools.repeat(-1), strict=False
    ):
        by_line.setdefault(index, []).append((end, ident))
    flagged = [index for index in sorted(by_line) if index not in excluded]
    columnar = _columnar(plan) if len(flagged) >= COLUMNAR_LINES else None
    mapped, lo, count = work.mapped, work.lo, int(newlines.size)
    # The flagged lines: well-formed ones through the columnar lane when they are
    # many (a noisy export's full-width cells cost tens of microseconds a line in
    # Python), the others one by one.
    wellformed: list[tuple[int, int, bytes]] = []  # (line index, offset, text)
    others: list[tuple[int, int, bytes]] = []
    delimiter, fields = plan.delimiter, plan.ncols - 1
    for index in flagged:
        begin = int(newlines[index - 1]) + 1 if index else 0
        stop = int(newlines[index]) if index < count else size
        raw = mapped[lo + begin : lo + stop].rstrip(b"\r")
        if not raw:
            continue
        if (
            columnar is not None
            and len(raw) < _COUNTED
            and raw.count(delimiter) == fields
            and (b'"' not in raw or _plainly_quoted(plan, raw))
        ):
            wellformed.append((index, begin, raw))
        else:
            others.append((index, begin, raw))
    chunks: list[Found] = []
    if wellformed:
        assert columnar is not None
        rows = np.asarray([index for index, _, _ in wellformed], dtype=np.int64)
        buffer = b"\n".join([raw for _, _, raw in wellformed]) + b"\n"
        chunk = _screen_chunk(plan, columnar, buffer, rows, base, stats)
        if chunk is None:
            others = sorted(others + wellformed)
        else:
            result.columnar += len(wellformed)
            if chunk.record_ids:
                chunks.append(_renumbered(result, columnar, chunk))
    lined: list[tuple[int, Match]] = []
    for index, begin, raw in others:
        width = len(raw)
        hits = None  # canonical offsets: not offsets of ``raw``
        if canonical is None:
            hits = [(min(e - begin, width), i) for e, i in by_line[index]]
        _evaluate_line(plan, stats, base + index + 1, raw, hits, _Tagged(lined, index))
    _append(result, chunks, lined)
    return True


#: Share of a block's first lines the prefilter flags from which the block goes
#: through the columnar lane (measured: per-line work costs about 10 µs a flagged
#: line, the columnar lane about 1.5 µs a line, flagged or not).
COLUMNAR_SHARE: Final = 0.1
#: Flagged lines of a block (line or canonical lane) from which the well-formed ones
#: go through the columnar lane together instead of one by one (measured: a call
#: of the lane costs about 10 ms, a flagged line in Python 10-25 µs; 1,000,000
#: narrow typical records, 2,000 flagged a block: 1.03-1.16 s one by one, 0.82-0.84 s
#: together; a wide export's blocks flag about 300 and stay one by one).
COLUMNAR_LINES: Final = 1000
_PROBE: Final = 1 << 16  # bytes of a block the prefilter probes to choose the lane
_COUNTED: Final = 1 << 16  # a line shorter than this has its delimiters counted in 16 bits
CHUNK: Final = 8 << 20  # bytes of well-formed lines the columnar lane parses at once


def _columnar(plan: FastPlan) -> Columnar | None:
    """The worker's columnar lane (None outside workers, or without Polars)."""
    if not _IN_WORKER or plan.columnar is False:
        return None
    if plan.columnar is None:
        try:
            plan.columnar = Columnar(plan)
        except ImportError:
            plan.columnar = False
            return None
    assert isinstance(plan.columnar, Columnar)
    return plan.columnar


def _flagged_share(plan: FastPlan, data: bytes | memoryview, lines: int) -> float:
    """The share of the ``lines`` of ``data`` the prefilter flags, or at least
    ``COLUMNAR_SHARE`` once that many are flagged (the scan stops there: a noisy
    block's probe holds a match at every full-width character)."""
    import numpy as np

    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    flagged = plan.prefilter.count_lines(data, newlines, int(np.ceil(COLUMNAR_SHARE * lines)))
    return flagged / lines


def _lane(plan: FastPlan, work: _Window) -> str:
    """How to screen a block, from its first lines: ``line`` (the prefilter flags
    few), ``canonical`` (few once full-width characters and spaces are normalised
    away: UTF-8 only) or ``columnar`` (many either way; in workers with Polars)."""
    cut = work.rfind(b"\n", 0, _PROBE) + 1 if len(work) > _PROBE else len(work)
    if cut <= 0:
        return "line"
    lines = work.count(b"\n", 0, cut) or 1
    probe = work.view()[:cut]
    if _flagged_share(plan, probe, lines) < COLUMNAR_SHARE:
        return "line"
    if plan.prefilter.encoding == "utf-8":
        text = _canonical(work.array[:cut], plan.delimiter[0])
        if _flagged_share(plan, text, lines) < COLUMNAR_SHARE:
            return "canonical"
    return "columnar" if _columnar(plan) is not None else "line"


def _canonical(data: np.ndarray[Any, Any], delimiter: int) -> bytes:
    """UTF-8 ``data`` as the code normaliser sees codes: full-width code characters
    (``０``-``９``, ``．``, ``Ａ``-``ｚ``) as ASCII, without ASCII spaces, tabs (unless
    they delimit) and ideographic spaces. Newlines stay, so line ``i`` of the result
    is line ``i`` of ``data``.

    A cell that normalises to a trigger key ``K`` then reads ``K`` exactly (case
    aside), or still holds a character the prefilter flags by itself (another
    exotic character or control whitespace): the prefilter's patterns find it
    (tests/unit/codes/test_prefilter.py checks this on generated cells).
    """
    import numpy as np

    size = data.size
    drop = data == 0x20
    if delimiter != 0x09:
        drop |= data == 0x09
    source = data
    leads = np.flatnonzero(data[: max(size - 2, 0)] == 0xEF)
    if leads.size:
        second, third = data[leads + 1], data[leads + 2]
        ascii_ = (second.astype(np.int32) - 0xBC) * 64 + (third.astype(np.int32) - 0x80) + 0x20
        wide = ((second == 0xBC) | (second == 0xBD)) & (third >= 0x80) & (third <= 0xBF)
        wide &= _code_table()[np.clip(ascii_, 0, 255)]
        picked = leads[wide]
        if picked.size:
            source = data.copy()
            source[picked] = ascii_[wide]
            drop[picked + 1] = True
            drop[picked + 2] = True
    spaces = np.flatnonzero(data[: max(size - 2, 0)] == 0xE3)
    if spaces.size:
        ideographic = spaces[(data[spaces + 1] == 0x80) & (data[spaces + 2] == 0x80)]
        for offset in (0, 1, 2):
            drop[ideographic + offset] = True
    return bytes(source[~drop].tobytes())


@functools.cache
def _code_table() -> Any:
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(b"0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True
    return table


def _process_columnar(
    plan: FastPlan,
    columnar: Columnar,
    work: _Window,
    result: TaskResult,
    final: bool,
    lone: Any = None,
) -> None:
    """Screen the whole lines of ``work`` (no multi-line records): well-formed lines
    in the columnar lane, the others (quoted fields, a wrong field count, a lone
    carriage return) one by one as the per-line lane would."""
    import numpy as np

    stats = result.stats
    base = result.lines
    size = len(work)
    data = work.array
    newlines = np.flatnonzero(data == 10)
    ended = work.byte(-1) == 10
    count = int(newlines.size)
    lines = count + (0 if ended else 1)
    starts = np.empty(lines, dtype=np.int64)
    starts[0] = 0
    starts[1:] = newlines[: lines - 1] + 1
    stops = np.empty(lines, dtype=np.int64)
    stops[:count] = newlines
    if not ended:
        stops[-1] = size
    # A line's text ends before its \r\n; a terminated line of nothing (or a lone
    # \r) is blank, as the prefilter's blank-line pattern counts them.
    crlf = np.zeros(lines, dtype=bool)
    nonempty = stops > starts
    crlf[nonempty] = data[stops[nonempty] - 1] == 13
    ends = stops - crlf
    blank = (ends == starts)[:count]
    blanks = int(blank.sum())
    if blanks:
        stats.skipped[SKIP_BLANK] = stats.skipped.get(SKIP_BLANK, 0) + blanks
    records = lines - blanks
    usable = np.ones(lines, dtype=bool)
    usable[:count] &= ~blank
    for begin, _stop in _long_lines(work):
        index = int(np.searchsorted(newlines, begin))
        usable[index] = False
        stats.skip(SKIP_LONG, base + index + 1, "整行被跳过")
        records -= 1
    if final and not ended:
        tail = work.slice(int(starts[-1]), size).rstrip(b"\r")
        fields = _field_count(plan.info, tail)
        if not tail:  # a return, the file's last byte, after a line end: blank
            stats.skipped[SKIP_BLANK] = stats.skipped.get(SKIP_BLANK, 0) + 1
            records -= 1
            usable[-1] = False
        elif tail.strip() and fields < len(plan.info.headers):
            stats.skip(
                SKIP_TRUNCATED, base + lines, f"{fields} 个字段，表头 {len(plan.info.headers)} 个"
            )
            records -= 1
            usable[-1] = False
    if lone is not None:

        def left_out(index: int) -> bool:
            return not usable[index]

        for index in _ragged_parts(plan, work, newlines, lone, stats, base, left_out):
            usable[index] = False
            records -= 1
    stats.records += records
    result.lines += lines
    # Well-formed: the header's field count, no quote (lone returns are newlines now).
    # Counted in 16 bits (several times as fast as wider sums): exact for a line
    # shorter than 65,536 bytes; a longer one goes to the per-line lane.
    delimiters = (
        np.add.reduceat((data == plan.delimiter[0]).view(np.uint8), starts, dtype=np.uint16)
        if size
        else np.zeros(0, dtype=np.uint16)
    )
    delimiters[starts >= size] = 0
    clean = usable & (delimiters == plan.ncols - 1) & (stops - starts < _COUNTED)
    # A line holding a quote goes to the per-line lane. Every carriage return left
    # ends a line (_split_lone_returns made the lone ones newlines): no pass for them.
    quotes = _quotes(work)
    if quotes.size:
        quoted = np.unique(np.searchsorted(newlines, quotes))
        clean[quoted] = False
        # A quote only around whole fields screening does not read (a name, an
        # address) leaves the line to the columnar lane.
        for index in quoted[usable[quoted]].tolist():
            raw = work.slice(int(starts[index]), int(ends[index]))
            if len(raw) < _COUNTED and _plainly_quoted(plan, raw):
                clean[index] = True
    chunks: list[Found] = []  # the columnar lane's matches, chunk after chunk
    if clean.any():
        # Chunks of about CHUNK bytes of whole lines (Polars holds 16 bytes a cell
        # of what it parses: about 80 MB for 8 MB of a narrow export). Each chunk
        # costs a few dozen Polars calls: measured on 1,000,000 dense and noisy
        # records, 8 MB chunks take a fifth less CPU than 1 MB ones.
        edge = np.append(starts, size)  # line i is bytes edge[i] to edge[i + 1]
        lengths = np.diff(edge)
        bounds = np.searchsorted(np.cumsum(lengths), np.arange(CHUNK, size, CHUNK))
        for first, last in itertools.pairwise([0, *np.unique(bounds + 1).tolist(), lines]):
            if last <= first:
                continue
            part = clean[first:last]
            rows = np.flatnonzero(part)
            if not rows.size:
                continue
            low, high = int(starts[first]), int(starts[last - 1] + lengths[last - 1])
            if (crlf[first:last] & part).any():
                # The \r of each \r\n dropped: byte by byte.
                keep = np.repeat(part, lengths[first:last])
                keep[(stops[first:last] - 1 - low)[crlf[first:last] & part]] = False
                buffer = data[low:high][keep].tobytes()
            else:
                # The runs of clean lines, joined (a byte mask costs more on long lines).
                runs = np.flatnonzero(np.diff(part, prepend=False, append=False)) + first
                spans = zip(edge[runs[0::2]].tolist(), edge[runs[1::2]].tolist(), strict=True)
                view = work.view()
                buffer = b"".join([view[a:b] for a, b in spans])
            chunk = _screen_chunk(plan, columnar, buffer, rows + first, base, stats)
            if chunk is None:
                clean[first:last] = False  # the per-line lane reads them
                continue
            result.columnar += int(rows.size)
            if chunk.record_ids:
                chunks.append(_renumbered(result, columnar, chunk))
    lined: list[tuple[int, Match]] = []  # the per-line lane's, with their line indexes
    for index in np.flatnonzero(usable & ~clean).tolist():
        raw = work.slice(int(starts[index]), int(stops[index])).rstrip(b"\r")
        if not raw:
            continue
        hits, _, idents = plan.prefilter.scan(raw)
        if not hits:
            continue
        width = len(raw)
        pairs = [
            (min(e, width), i) for e, i in zip(hits, idents or itertools.repeat(-1), strict=False)
        ]
        _evaluate_line(plan, stats, base + index + 1, raw, pairs, _Tagged(lined, index))
    _append(result, chunks, lined)


def _screen_chunk(
    plan: FastPlan,
    columnar: Columnar,
    buffer: bytes,
    rows: np.ndarray[Any, Any],
    base: int,
    stats: Stats,
) -> Found | None:
    """The columnar lane's matches in ``buffer`` (well-formed lines, in the file's
    encoding; row ``i`` is line ``rows[i]`` of the block), or None: the per-line
    lane must read them. The lane cuts fields at the delimiter's byte: the caller
    makes sure no character holds that byte (sources.delimiter_inside_characters)."""
    return columnar.screen(buffer, rows, base, stats) if buffer else None


def _renumbered(result: TaskResult, columnar: Columnar, chunk: Found) -> Found:
    """``chunk`` with its outcomes by the task's numbering (the lane's may be renewed
    by a later chunk)."""
    import numpy as np

    present = np.unique(chunk.outcomes)
    renumber = np.zeros(int(present[-1]) + 1, dtype=np.int64)
    renumber[present] = [result.outcome(columnar.outcomes[i].templates) for i in present.tolist()]
    return chunk._replace(outcomes=renumber[chunk.outcomes])


def _append(result: TaskResult, chunks: list[Found], lined: list[tuple[int, Match]]) -> None:
    """Add a block's matches in line order: the columnar lane's (``chunks``, in line
    order) and the per-line lane's few (``lined``, with their line indexes)."""
    import numpy as np

    if not chunks:
        for _, match in lined:
            result.add(match)
        return
    indexes = np.concatenate([chunk.lines for chunk in chunks])
    record_ids = [record_id for chunk in chunks for record_id in chunk.record_ids]
    outcomes = np.concatenate([chunk.outcomes for chunk in chunks]).tolist()
    # Both lanes may have matched lines of this block: the per-line lane's few
    # go in between, in line order.
    position = 0
    for place, (_, match) in zip(
        np.searchsorted(indexes, [index for index, _ in lined]).tolist(), lined, strict=True
    ):
        result.record_ids += record_ids[position:place]
        result.which += outcomes[position:place]
        position = place
        result.add(match)
    result.record_ids += record_ids[position:]
    result.which += outcomes[position:]


class _Tagged:
    """An emit callback that keeps each match with the index of its line."""

    __slots__ = ("index", "into")

    def __init__(self, into: list[tuple[int, Match]], index: int) -> None:
        self.into, self.index = into, index

    def __call__(self, match: Match) -> None:
        self.into.append((self.index, match))


def _plainly_quoted(plan: FastPlan, raw: bytes) -> bool:
    """Whether the line ``raw`` (no line end) splits at its delimiters into the
    header's field count and reads, cut at them, as the exact reader reads it in
    every column screening reads: each field holding a quote is a whole quoted
    field (``"…"``, no quote or delimiter inside) of a column it does not read."""
    fields = raw.split(plan.delimiter)
    if len(fields) != plan.ncols:
        return False
    for column, value in enumerate(fields):
        if b'"' in value and (
            column in plan.read
            or len(value) < 2
            or value[0] != 34
            or value[-1] != 34
            or value.count(b'"') != 2
        ):
            return False
    return True


def _field_count(info: CsvInfo, raw: bytes) -> int:
    if b'"' not in raw:
        return raw.count(info.delimiter.encode()) + 1
    text = raw.decode(info.encoding, "surrogateescape")
    return len(next(csv.reader([text], delimiter=info.delimiter), []))


_CODE_BYTES: Final = frozenset(b"0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _plain_lane(
    plan: FastPlan,
    stats: Stats,
    line: int,
    raw: bytes,
    hits: list[tuple[int, int]],
    emit: Callable[[Match], None],
) -> bool:
    """Decide a line whose every hit is a trigger key written plainly, if the rules
    it may satisfy read nothing but trigger keys (any listed procedure). Returns
    False when the full evaluation must decide.

    Each hit's cell is checked to be exactly the key (ASCII whitespace and case
    aside) and to sit in a procedure column; the record is then evaluated with
    those cells only, which gives the same result as with all its cells.
    """
    whole, delimiter = plan.prefilter.whole, plan.delimiter
    found: dict[int, str] = {}
    for end, ident in hits:
        key = whole.get(ident)
        if key is None:
            return False
        last = end - 1 if raw[end - 1] in _CODE_BYTES else end - 2
        left = raw.rfind(delimiter, 0, last) + 1
        right = raw.find(delimiter, last)
        right = len(raw) if right < 0 else right
        if raw[left:right].strip(b" \t").upper() != key:
            return False
        index = raw.count(delimiter, 0, left)
        if plan.column_kind.get(index) is CodeKind.PROCEDURE:
            found[index] = key.decode()
    if not found:
        return True  # no listed procedure in a procedure column: no rule can match
    layout, evaluator = plan.layout, plan.evaluator
    keys = tuple(found[i] for i in sorted(found))
    fields = raw.split(delimiter, plan.head_limit)
    record_id = fields[layout.record_id].decode(plan.info.encoding, "surrogateescape").strip()
    if not record_id or not record_id.isprintable():
        return False  # undecodable or control characters: the exact path reports it
    fixed = evaluator.chooser.fixed
    if fixed is not None:
        outcome = evaluator.by_triggers(fixed, keys)
        if outcome is None:
            return False
        stats.candidates += 1
        evaluator.emit(stats, fixed, record_id, outcome, emit)
        return True
    discharge = None
    if layout.discharge_date is not None:
        discharge = fields[layout.discharge_date].decode(plan.info.encoding, "surrogateescape")
        if not discharge.isascii() and has_surrogates(discharge):
            discharge = None
    for edition in evaluator.chooser.editions:
        if evaluator.by_triggers(edition, keys) is None:
            return False
    stats.candidates += 1
    cells = [(CodeKind.PROCEDURE, layout.headers[i], found[i]) for i in sorted(found)]
    evaluator.evaluate(stats, line, record_id, discharge, cells, emit)
    return True


def _confirmed(plan: FastPlan, stats: Stats, line: int, raw: bytes, ends: list[int]) -> bool:
    """Whether a code cell under a prefilter match holds a trigger code.

    Only the cells a match touches are decoded and normalised; a line whose
    matches fall elsewhere (a near-miss code, a full-width digit in an address)
    is settled without splitting it. Implausible cells among those looked at are
    counted, as the full evaluation would count them.
    """
    delimiter, reach = plan.delimiter, plan.reach
    rejected: list[str] = []
    checked: set[int] = set()
    covered_from, covered_to = 0, -1  # the byte range already looked at
    for end in sorted(set(ends)):
        low = 0 if reach is None else max(0, end - reach)
        if covered_from <= low and end - 1 < covered_to:
            continue  # e.g. the next full-width digit of the same cell
        first = raw.count(delimiter, 0, low)
        left = raw.rfind(delimiter, 0, low) + 1
        right = raw.find(delimiter, max(end - 1, left))
        right = len(raw) if right < 0 else right
        covered_from, covered_to = left, right
        for index, value in enumerate(raw[left:right].split(delimiter), start=first):
            if index in checked:
                continue
            checked.add(index)
            kind = plan.column_kind.get(index)
            if kind is None or not value:
                continue
            text = value.decode(plan.info.encoding, "surrogateescape")
            if not text.isascii() and has_surrogates(text):
                return True  # let the full evaluation report it
            cell = normalize_cell(text, kind)
            if cell.status is CellStatus.CODE:
                if any(code in plan.triggers[kind] for code in cell.codes):
                    return True
            elif cell.status is CellStatus.IMPLAUSIBLE:
                rejected.append(f"“{plan.layout.headers[index]}”：{text!r}")
    if rejected:
        record_id = raw.split(delimiter, plan.layout.record_id + 1)[plan.layout.record_id]
        shown = record_id.decode(plan.info.encoding, "replace").strip()
        for text in dict.fromkeys(rejected):
            stats.reject(line, f"记录 {shown} 的{text}")
    return False


def _evaluate_line(
    plan: FastPlan,
    stats: Stats,
    line: int,
    raw: bytes,
    hits: list[tuple[int, int]] | None,
    emit: Callable[[Match], None],
) -> None:
    """Evaluate one line; ``hits`` (the prefilter's, offsets in ``raw``) let a line
    be settled early, None reads it in full."""
    info, layout = plan.info, plan.layout
    fields: list[Any]
    if b'"' in raw:
        text = raw.decode(info.encoding, "surrogateescape")
        fields = next(csv.reader([text], delimiter=info.delimiter), [])
    else:
        if hits is not None and raw.count(plan.delimiter) + 1 == plan.ncols:
            if _plain_lane(plan, stats, line, raw, hits, emit):
                return
            if not _confirmed(plan, stats, line, raw, [end for end, _ in hits]):
                return
        fields = raw.split(plan.delimiter)
    stats.candidates += 1
    if len(fields) != plan.ncols:
        stats.skip(SKIP_FIELDS, line, f"{len(fields)} 个字段，表头 {plan.ncols} 个")
        return
    encoding = info.encoding

    def text_of(value: Any) -> str:
        return value.decode(encoding, "surrogateescape") if isinstance(value, bytes) else value

    record_id = readable_record_id(text_of(fields[layout.record_id]).strip(), encoding, stats, line)
    if record_id is None:
        return
    cells: list[tuple[CodeKind, str, str]] = []
    assert plan.get_codes is not None
    values = plan.get_codes(fields)
    if len(plan.code_index) == 1:
        values = (values,)
    for value, kind, name in zip(values, plan.code_kinds, plan.code_names, strict=True):
        if not value:
            continue
        cell = text_of(value)
        if not cell.isascii() and has_surrogates(cell):
            problem = f"{REJECT_UNDECODABLE}（{encoding}）"
            stats.reject(line, f"记录 {record_id} 的“{name}”：{problem}")
            continue
        cells.append((kind, name, cell))
    discharge = None
    if layout.discharge_date is not None:
        discharge = text_of(fields[layout.discharge_date])
        if not discharge.isascii() and has_surrogates(discharge):
            discharge = None
    plan.evaluator.evaluate(stats, line, record_id, discharge, cells, emit)


def run_tasks(plan: FastPlan, tasks: list[tuple[int, int]], workers: int) -> Iterator[TaskResult]:
    """Results in file order; stops after the first task that needs the exact reader."""
    global _PLAN
    import numpy  # noqa: F401 - imported once here, not once in every worker

    # The objects built so far (rules, modules, the prefilter) live as long as the
    # run: keep the cyclic collector from scanning them again and again, and keep
    # forked workers from touching (copying) their pages.
    gc.collect()
    gc.freeze()
    if not tasks:
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            result = scan_range(plan, *task)
            yield result
            if result.multiline:
                return
        return
    _PLAN = plan
    context = multiprocessing.get_context("fork")
    # Even one worker is a forked process: the columnar lane runs only there.
    processes = max(1, min(workers, len(tasks)))
    pool = context.Pool(processes=processes)
    try:
        # At most two tasks a worker in flight: when writing the matches is slower
        # than finding them (a dense export), finished tasks wait in the workers'
        # queue instead of piling up here — memory stays flat however long the file.
        pending: collections.deque[Any] = collections.deque()
        queued = iter(tasks)
        for task in itertools.islice(queued, 2 * processes):
            pending.append(pool.apply_async(_scan_task, (task,)))
        started = {worker.pid for worker in pool._pool}  # type: ignore[attr-defined]
        while pending:
            result = _result(pending.popleft(), pool, started)
            following = next(queued, None)
            if following is not None:
                pending.append(pool.apply_async(_scan_task, (following,)))
            yield result
            if result.multiline:
                return
    finally:
        pool.terminate()
        pool.join()
        _PLAN = None


#: Seconds between looks at the workers while a task's result is awaited.
_WATCH: Final = 1.0


def _result(pending: Any, pool: Any, started: set[int | None]) -> TaskResult:
    """A task's result, or :class:`WorkerLostError` when a worker has died meanwhile (killed
    by the system for memory, a signal): the pool replaces it, but its task would
    never be answered and the screening would wait for ever."""
    while True:
        try:
            result: TaskResult = pending.get(timeout=_WATCH)
            return result
        except multiprocessing.TimeoutError:
            alive = {worker.pid for worker in pool._pool if worker.exitcode is None}
            if not started <= alive:
                raise WorkerLostError from None


class WorkerLostError(UserError):
    """A screening worker process ended before answering its task."""

    def __init__(self) -> None:
        super().__init__(
            "筛查的工作进程意外终止（可能因内存不足被系统结束），本次筛查未完成，结果不完整。",
            hint="请重新运行；若再次发生，可用 --jobs 1 减少并行进程，或用 --thorough 逐行读取。",
        )


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


__all__ += ["REJECT_UNDECODABLE", "WorkerLostError", "default_workers", "scan_range"]
