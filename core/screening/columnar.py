"""The columnar lane of the fast path: a whole block of well-formed lines at once.

The prefilter (rtech.screening.prefilter) makes screening cheap when few lines
hold anything like a listed code. A specialty hospital's export (a quarter of
its records match) or a HIS that writes every code full-width flags most lines,
and per-line Python would then cost tens of microseconds a record. For such a
block the fast path hands its well-formed lines (the header's field count, no
quote, no lone carriage return) to this lane instead; a block whose prefilter
flags ``COLUMNAR_LINES`` lines or more hands it those lines (rtech.screening.fastcsv):

1. the non-empty cells are found with two passes over the bytes (:func:`cells`:
   where a run of delimiters and newlines starts and ends; a cell's column follows
   from the bytes before it), no step per field, and the cells of the columns
   screening reads are handed to Polars as one Arrow array of offsets into the
   bytes (:func:`text_series`, via nanoarrow), checked as UTF-8 (a GB18030 file's
   cells stay bytes to Polars; each distinct one is decoded in Python: the block
   is never decoded whole);
2. each *distinct* code cell is normalised once, exactly as the exact reader does
   (rtech.codes.normalize.normalize_cell, remembered across blocks), which gives
   the raw texts that hold a trigger key, the implausible ones, and each raw
   text's *relevant* keys (those a value set of a rule lists or ranges over: no
   rule reads any other key);
3. one join of the cells with those texts gives, in record order, the rows that
   hold a trigger key, the implausible cells, and each cell's relevant keys; a
   row's keys of each kind are joined in record order, natively;
4. the rows are decided natively too: the edition by the distinct discharge
   dates, and each row's *combination* (edition, procedure keys, and the
   diagnosis keys where a rule its procedures may satisfy reads diagnoses) is
   mapped to the outcome of that combination. Python decides each distinct
   combination once (memoised across blocks: a dense export repeats many); per
   row, only record ids that are not plain printable ASCII and rows without an
   edition are looked at in Python (they are reported).

The matches leave the lane as (line, record id, outcome) columns; the worker
sends them to the parent in that compact form (rtech.screening.fastcsv).

A rule reads only the keys its value sets list or range over, so deciding a
record from its relevant keys gives exactly what deciding it from all its keys
gives (the property tests and every benchmark shape compare the lanes with the
exact reader). Implausible cells are counted for every line handed to the lane.
Polars is imported in worker processes only: its thread pool must never be
forked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from rtech.codes.model import CodeKind, CodeRange
from rtech.codes.normalize import CellStatus, code_key, normalize_cell
from rtech.screening.editions import parse_date
from rtech.screening.evaluate import EXAMPLES, REJECTED, Evaluator, Stats
from rtech.screening.sources import readable_record_id

if TYPE_CHECKING:
    import numpy as np

    from rtech.screening.fastcsv import FastPlan

__all__ = ["Columnar", "Decided", "Found", "Seen"]

#: Joins the keys of a row; no key holds it (keys are code characters).
SEPARATOR: Final = "|"
#: Joins edition, procedure keys and diagnosis keys into a combination.
_JOIN: Final = ";"
_MEMO: Final = 1 << 17  # decided combinations, per worker
_SEEN: Final = 1 << 18  # distinct cell texts remembered per kind, per worker
#: A record id that ``str.strip`` leaves alone and that is printable: plain ASCII.
_PLAIN_ID: Final = r"^[!-~](?:[ -~]*[!-~])?$"


class Found(NamedTuple):
    """The matched rows of a chunk: their line indexes (in the block), record ids
    and outcomes (indexes into :attr:`Columnar.outcomes`), in line order."""

    lines: Any  # np.ndarray of int64
    record_ids: list[str]
    outcomes: Any  # np.ndarray of int64


class Seen:
    """What one distinct raw cell text of one kind comes to."""

    __slots__ = ("implausible", "relevant", "trigger")

    def __init__(self, trigger: bool, relevant: str | None, implausible: bool) -> None:
        self.trigger = trigger
        self.relevant = relevant
        self.implausible = implausible


class Decided:
    """A decided combination: its edition, its matches' fields after the record id,
    and per match the technology and its review flag (for the counts)."""

    __slots__ = ("edition", "slugs", "templates")

    def __init__(
        self,
        edition: str,
        templates: tuple[tuple[Any, ...], ...],
        slugs: tuple[tuple[str, bool], ...],
    ) -> None:
        self.edition = edition
        self.templates = templates
        self.slugs = slugs


class Columnar:
    """The columnar lane of one worker: the plan's columns and the cells seen so far."""

    def __init__(self, plan: FastPlan) -> None:
        # One thread: the worker processes are the parallelism (--jobs).
        os.environ.setdefault("POLARS_MAX_THREADS", "1")
        import polars  # noqa: F401 - fail here, before any block, when it is missing

        layout = plan.layout
        self.plan = plan
        self.evaluator: Evaluator = plan.evaluator
        # UTF-8 cells are checked and read by Polars; others (GB18030) are bytes to
        # Polars, each distinct one decoded here (never the whole block).
        self._encoding = plan.info.encoding
        self._utf8 = plan.info.encoding == "utf-8"
        self.needed: tuple[int, ...] = layout.needed
        self.kind_columns: dict[CodeKind, tuple[int, ...]] = {
            CodeKind.DIAGNOSIS: tuple(layout.diagnoses),
            CodeKind.PROCEDURE: tuple(layout.procedures),
        }
        import numpy as np

        # Per kind, each column's place among the kind's columns (-1: not the
        # kind's), and whether that is the file's order too.
        self._ranks: dict[CodeKind, Any] = {}
        self._in_order: dict[CodeKind, bool] = {}
        for kind, columns in self.kind_columns.items():
            ranks = np.full(plan.ncols, -1, dtype=np.int64)
            ranks[list(columns)] = np.arange(len(columns))
            self._ranks[kind] = ranks
            self._in_order[kind] = list(columns) == sorted(columns)
        self._coded = np.zeros(plan.ncols, dtype=bool)  # the code columns, any kind
        self._coded[list(plan.layout.diagnoses) + list(plan.layout.procedures)] = True
        listed: dict[CodeKind, set[str]] = {kind: set() for kind in CodeKind}
        ranges: dict[CodeKind, list[CodeRange]] = {kind: [] for kind in CodeKind}
        for rules in self.evaluator.book.by_edition.values():
            for tech in rules:
                for value_set in tech.rules.rule.value_sets():
                    listed[value_set.kind] |= {code_key(e.code) for e in value_set.entries}
                    ranges[value_set.kind] += value_set.ranges
        self._listed = listed
        self._ranges = ranges
        self._triggers = plan.triggers
        # Per kind, the cell texts seen, and those of them that matter: see _known.
        self._texts: dict[CodeKind, set[str]] = {kind: set() for kind in CodeKind}
        self._table: dict[CodeKind, Any] = {}
        #: combination -> index in ``outcomes``; both cleared together when full
        self._combinations: dict[str, int] = {}
        self.outcomes: list[Decided] = []
        self._editions: dict[str | None, str | None] = {}
        self._reads_diagnoses: dict[str, bool] = {}
        # A diagnosis trigger key would let diagnoses choose the candidate rules.
        self._diagnosis_triggers = bool(plan.triggers[CodeKind.DIAGNOSIS])

    # -- cells ------------------------------------------------------------------

    def _reads(self, kind: CodeKind, key: str) -> bool:
        return (
            key in self._listed[kind]
            or key in self._triggers[kind]
            or any(r.contains(key) for r in self._ranges[kind])
        )

    def _see(self, kind: CodeKind, raw: str) -> Seen:
        cell = normalize_cell(raw, kind)
        if cell.status is not CellStatus.CODE:
            return Seen(False, None, cell.status is CellStatus.IMPLAUSIBLE)
        triggers = self._triggers[kind]
        relevant = SEPARATOR.join(k for k in cell.codes if self._reads(kind, k))
        return Seen(any(k in triggers for k in cell.codes), relevant or None, False)

    def _known(self, kind: CodeKind, texts: Any) -> Any:
        """What the cell texts of ``texts`` (a Polars Series of distinct texts) that
        matter come to, as a frame (v, keys, trigger, odd): the relevant keys (null:
        none), whether one is a trigger key, whether the text is implausible. The
        other texts (most: codes no rule reads) are left out. Texts not seen before
        are normalised here, once per worker (up to ``_SEEN`` of a kind remembered)."""
        import polars as pl

        seen = self._texts[kind]
        if len(seen) > _SEEN:
            # A cache: distinct cells are few, unless the file is odd.
            seen.clear()
            self._table.pop(kind, None)
        fresh = [text for text in texts.to_list() if text not in seen]
        # Decoded before anything is remembered: an undecodable cell raises.
        decoded = fresh if self._utf8 else [raw.decode(self._encoding) for raw in fresh]
        seen.update(fresh)
        cells = [(text, self._see(kind, form)) for text, form in zip(fresh, decoded, strict=True)]
        cells = [(text, c) for text, c in cells if c.relevant is not None or c.implausible]
        known = self._table.get(kind)
        if cells or known is None:  # (a chunk whose cells of the kind are all empty too)
            added = pl.DataFrame(
                {
                    "v": [text for text, _ in cells],
                    "keys": [c.relevant for _, c in cells],
                    "trigger": [c.trigger for _, c in cells],
                    "odd": [c.implausible for _, c in cells],
                },
                schema={
                    "v": pl.String if self._utf8 else pl.Binary,
                    "keys": pl.String,
                    "trigger": pl.Boolean,
                    "odd": pl.Boolean,
                },
            )
            known = added if known is None else known.vstack(added)
            if known.n_chunks() > 64:
                known = known.rechunk()
            self._table[kind] = known
        return known

    # -- a block ----------------------------------------------------------------

    def screen(
        self,
        data: bytes,
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
    ) -> Found | None:
        """Screen ``data`` (whole well-formed lines, UTF-8, no quotes): row ``i`` is
        line ``lines[i]`` of the block (0-based), after ``base`` lines of the task.
        Returns the matched rows; None (nothing counted) when the lines cannot be
        read as promised: the caller falls back to the per-line lane.
        """
        import numpy as np
        import polars as pl

        plan = self.plan
        height = len(lines)
        buffer = np.frombuffer(data, dtype=np.uint8)
        if buffer.size and buffer[-1] != 10:
            buffer = np.append(buffer, np.uint8(10))  # the file's last line, unterminated
        found_cells = cells(buffer, ord(plan.info.delimiter), plan.ncols, height)
        if found_cells is None:
            return None
        starts, ends, index = found_cells
        # The cells of code columns (a wide export's are a fraction of its cells).
        column_of = index % plan.ncols
        coded = np.flatnonzero(self._coded[column_of])
        coded_columns = column_of[coded]
        if len(self._combinations) > _MEMO:
            # A cache: combinations are few, unless the file is odd. Cleared only
            # between chunks, so the outcomes a chunk returns stay valid.
            self._combinations.clear()
            self.outcomes.clear()
        flagged: list[Any] = []
        bad: list[tuple[Any, Sequence[int]]] = []  # implausible cells, columns
        keys: dict[CodeKind, Any] = {}
        for kind, columns in self.kind_columns.items():
            if not columns:
                continue
            # The kind's non-empty cells, a row's in record order (the layout's).
            rank = self._ranks[kind][coded_columns]
            chosen_cells = np.flatnonzero(rank >= 0)
            taken = coded[chosen_cells]
            rows = index[taken] // plan.ncols
            ranks = rank[chosen_cells]
            try:
                filled = text_series(buffer, starts[taken], ends[taken], self._utf8).alias("v")
            except pl.exceptions.PolarsError:  # invalid UTF-8: the per-line lane reports it
                return None
            if not self._in_order[kind]:
                order = np.lexsort((ranks, rows))
                rows, ranks, filled = rows[order], ranks[order], filled.gather(order)
            try:
                known = self._known(kind, filled.unique())
            except UnicodeDecodeError:  # the per-line lane reports it
                return None
            # The cells that matter (relevant keys, or implausible), in record order.
            found = pl.DataFrame({"v": filled, "row": rows, "rank": ranks}).join(
                known, on="v", how="inner", maintain_order="left"
            )
            if not found.height:
                continue
            implausible = found.filter(pl.col("odd"))
            if implausible.height:
                bad.append((implausible, columns))
            relevant = found.filter(pl.col("keys").is_not_null())
            if relevant.height:
                # A trigger key among a row's relevant keys flags the row.
                triggered = relevant.filter(pl.col("trigger")).get_column("row").to_numpy()
                if triggered.size:
                    flagged.append(triggered)
                keys[kind] = relevant.select("row", "keys")
        rows = (
            np.unique(np.concatenate(flagged)).astype(np.int64)
            if flagged
            else np.zeros(0, dtype=np.int64)
        )
        layout = plan.layout
        # The record id and discharge date of the flagged rows (and of the rows of
        # implausible cells' examples), read before anything is counted: they too
        # must be valid UTF-8.
        try:
            record_ids = self._column(buffer, starts, ends, index, layout.record_id, rows)
            dates = (
                self._column(buffer, starts, ends, index, layout.discharge_date, rows)
                if layout.discharge_date is not None
                else pl.repeat(None, len(rows), dtype=pl.String, eager=True)
            )
            if bad:
                self._reject(bad, buffer, starts, ends, index, lines, base, stats)
        except (pl.exceptions.PolarsError, UnicodeDecodeError):
            return None
        if not rows.size:
            return Found(np.zeros(0, dtype=np.int64), [], np.zeros(0, dtype=np.int64))
        chosen = np.zeros(height, dtype=bool)
        chosen[rows] = True
        joined = []
        for kind, alias in ((CodeKind.DIAGNOSIS, "dx"), (CodeKind.PROCEDURE, "px")):
            column = pl.repeat("", len(rows), dtype=pl.String, eager=True)
            if kind in keys:
                # A row's relevant keys of the kind, joined (group order is record
                # order), put in place among the chosen rows.
                found_keys = keys[kind]
                by_row = (
                    found_keys.filter(pl.Series(chosen[found_keys.get_column("row").to_numpy()]))
                    .group_by("row")
                    .agg(pl.col("keys").str.join(SEPARATOR))
                )
                if by_row.height:
                    column = column.scatter(
                        np.searchsorted(rows, by_row.get_column("row").to_numpy()),
                        by_row.get_column("keys"),
                    )
            joined.append(column.alias(alias))
        picked = pl.DataFrame([record_ids.alias("id"), dates.alias("date"), *joined])
        return self._decide(picked, rows, lines, base, stats)

    def _column(
        self,
        buffer: np.ndarray[Any, Any],
        starts: np.ndarray[Any, Any],
        ends: np.ndarray[Any, Any],
        index: np.ndarray[Any, Any],
        column: int,
        rows: np.ndarray[Any, Any],
    ) -> Any:
        """The cells of ``column`` in ``rows`` as text (null: empty); raises a Polars
        error on invalid UTF-8."""
        import numpy as np
        import polars as pl

        if rows.size and not bool(np.all(rows[1:] > rows[:-1])):
            unique, inverse = np.unique(rows, return_inverse=True)
            return self._column(buffer, starts, ends, index, column, unique).gather(inverse)
        wanted = rows * self.plan.ncols + column
        at = np.minimum(np.searchsorted(index, wanted), max(index.size - 1, 0))
        hit = index[at] == wanted if index.size else np.zeros(rows.size, dtype=bool)
        values = pl.repeat(None, rows.size, dtype=pl.String, eager=True)
        there = np.flatnonzero(hit)
        if there.size:
            found = at[there]
            texts = text_series(buffer, starts[found], ends[found], self._utf8)
            if not self._utf8:
                encoding = self._encoding
                texts = pl.Series(
                    [raw.decode(encoding) for raw in texts.to_list()], dtype=pl.String
                )
            values = values.scatter(there, texts)
        return values

    def _reject(
        self,
        bad: list[tuple[Any, Sequence[int]]],
        buffer: np.ndarray[Any, Any],
        starts: np.ndarray[Any, Any],
        ends: np.ndarray[Any, Any],
        index: np.ndarray[Any, Any],
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
    ) -> None:
        """Count the implausible cells: per kind, a frame of them (v, row, rank) in
        record order, and the kind's columns; the first few, in record order
        (diagnoses before procedures), become the examples."""
        import numpy as np

        total = sum(cells.height for cells, _ in bad)
        if len(stats.examples.get(REJECTED, ())) >= EXAMPLES:
            stats.rejected_cells += total
            return
        first: list[tuple[int, int, int, str, int]] = []
        for order, (cells, columns) in enumerate(bad):
            head = cells.head(EXAMPLES)
            first += [
                (row, order, rank, text, columns[rank])
                for text, row, rank in zip(
                    self._texts_of(head.get_column("v")),
                    head.get_column("row").to_list(),
                    head.get_column("rank").to_list(),
                    strict=True,
                )
            ]
        first = sorted(first)[:EXAMPLES]
        layout = self.plan.layout
        shown = np.asarray([row for row, *_ in first], dtype=np.int64)
        ids = self._column(buffer, starts, ends, index, layout.record_id, shown).to_list()
        for (row, _, _, text, column), record_id in zip(first, ids, strict=True):
            stats.reject(
                base + int(lines[row]) + 1,
                f"记录 {(record_id or '').strip()} 的“{layout.headers[column]}”：{text!r}",
            )
        stats.rejected_cells += total - len(first)

    def _texts_of(self, values: Any) -> list[str]:
        """The cells of ``values`` (a Polars Series: text, or bytes in the file's
        encoding) as text."""
        found = values.to_list()
        return found if self._utf8 else [raw.decode(self._encoding) for raw in found]

    def _edition(self, discharge: str | None) -> str | None:
        try:
            return self._editions[discharge]
        except KeyError:
            pass
        chooser = self.evaluator.chooser
        edition = (
            chooser.fixed if chooser.fixed is not None else chooser.choose(parse_date(discharge))
        )
        if len(self._editions) < _MEMO:
            self._editions[discharge] = edition
        return edition

    def _reads_diagnosis(self, combination: str) -> bool:
        """Whether a rule that ``edition;procedure keys`` may satisfy reads diagnoses
        (a rule reads only the kinds of its value sets): if none does, a row's
        diagnoses cannot change its outcome."""
        known = self._reads_diagnoses.get(combination)
        if known is not None:
            return known
        edition, _, keys = combination.partition(_JOIN)
        procedures = keys.split(SEPARATOR) if keys else []
        reads = self._diagnosis_triggers or any(
            value_set.kind is CodeKind.DIAGNOSIS
            for tech in self.evaluator.book.candidates(edition, (), procedures)
            for value_set in tech.rules.rule.value_sets()
        )
        if len(self._reads_diagnoses) < _MEMO:
            self._reads_diagnoses[combination] = reads
        return reads

    def _outcome(self, combination: str) -> int:
        """The index in ``outcomes`` of ``edition;procedure keys;diagnosis keys``."""
        known = self._combinations.get(combination)
        if known is not None:
            return known
        edition, px, dx = combination.split(_JOIN)
        diagnoses = dx.split(SEPARATOR) if dx else []
        procedures = px.split(SEPARATOR) if px else []
        templates: list[tuple[Any, ...]] = []
        slugs: list[tuple[str, bool]] = []
        for tech in self.evaluator.book.candidates(edition, diagnoses, procedures):
            result = tech.rules.rule.evaluate(diagnoses, procedures)
            if result is None:
                continue
            templates.append(
                (
                    tech.slug,
                    tech.catalog_no,
                    edition,
                    result.rule,
                    result.matched_codes,
                    result.needs_review,
                    result.review_reasons,
                )
            )
            slugs.append((tech.slug, result.needs_review))
        index = len(self.outcomes)
        self.outcomes.append(Decided(edition, tuple(templates), tuple(slugs)))
        self._combinations[combination] = index
        return index

    def _decide(
        self,
        picked: Any,
        rows: np.ndarray[Any, Any],
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
    ) -> Found:
        """Decide the rows holding a trigger key (``picked``: their record id, discharge
        date and relevant keys of each kind); count them and return the matches."""
        import numpy as np
        import polars as pl

        height = picked.height
        stats.candidates += height
        # The edition of each row, by its distinct dates (null: none applies).
        fixed = self.evaluator.chooser.fixed
        if fixed is not None:
            edition = pl.lit(fixed, dtype=pl.String)
        else:
            dates = [d for d in picked.get_column("date").unique().to_list() if d is not None]
            editions = [self._edition(d) for d in dates]
            edition = (
                pl.col("date").replace_strict(dates, editions, default=None, return_dtype=pl.String)
                if dates
                else pl.lit(None, dtype=pl.String)
            )
        # edition;procedures, then with the diagnoses where a rule may read them.
        picked = picked.with_columns(
            pl.concat_str([edition, pl.col("px")], separator=_JOIN).alias("ep")
        )
        distinct = picked.get_column("ep").unique().drop_nulls().to_list()
        reads = [self._reads_diagnosis(c) for c in distinct]
        dx = (
            pl.when(
                pl.col("ep").replace_strict(distinct, reads, default=False, return_dtype=pl.Boolean)
            )
            .then(pl.col("dx"))
            .otherwise(pl.lit(""))
            if distinct
            else pl.lit("")
        )
        combined = picked.select(
            pl.concat_str([pl.col("ep"), dx], separator=_JOIN).alias("c"),
            pl.col("id").str.contains(_PLAIN_ID).fill_null(False).alias("plain"),
        )
        combinations = combined.get_column("c")
        distinct = combinations.unique().drop_nulls().to_list()
        indexes = [self._outcome(c) for c in distinct]
        outcome = (
            combinations.replace_strict(distinct, indexes, default=-1, return_dtype=pl.Int64)
            .to_numpy()
            .copy()
            if distinct
            else np.full(height, -1, dtype=np.int64)
        )
        # Rows whose record id is not plain printable ASCII, then rows without an
        # edition, one by one in line order (each reason's examples in line order).
        record_ids: dict[int, str] = {}
        odd = np.flatnonzero(~combined.get_column("plain").to_numpy())
        if odd.size:
            raw_ids = picked.get_column("id").gather(odd).to_list()
            for row, raw_id in zip(odd.tolist(), raw_ids, strict=True):
                line = base + int(lines[rows[row]]) + 1
                record_id = (raw_id or "").strip()
                if not record_id:
                    stats.skip("病案号为空（含目录编码，未能输出）", line, "记录号为空")
                    outcome[row] = -2
                    continue
                if not record_id.isprintable():  # a control character: skipped, reported
                    readable = readable_record_id(record_id, "utf-8", stats, line)
                    if readable is None:
                        outcome[row] = -2
                        continue
                    record_id = readable
                record_ids[row] = record_id
        undated = np.flatnonzero(outcome == -1)
        if undated.size:
            ids = picked.get_column("id").gather(undated).to_list()
            discharges = picked.get_column("date").gather(undated).to_list()
            for row, raw_id, discharge in zip(undated.tolist(), ids, discharges, strict=True):
                record_id = record_ids.get(row, raw_id)
                reason = (
                    "出院日期缺失或无法识别（含目录编码，未能确定版本）"
                    if parse_date(discharge) is None
                    else "出院日期早于各版本的生效日期（含目录编码）"
                )
                line = base + int(lines[rows[row]]) + 1
                stats.skip(reason, line, f"记录 {record_id}，出院日期 {discharge!r}")
        decided = outcome >= 0
        matched = np.zeros(len(self.outcomes) + 1, dtype=bool)
        counts = np.bincount(outcome[decided])
        present = np.flatnonzero(counts)
        for index, times in zip(present.tolist(), counts[present].tolist(), strict=True):
            result = self.outcomes[index]
            for slug, review in result.slugs:
                stats.matches[slug] = stats.matches.get(slug, 0) + times
                if review:
                    stats.reviews[slug] = stats.reviews.get(slug, 0) + times
            if result.slugs:
                matched[index] = True
                stats.editions[result.edition] = stats.editions.get(result.edition, 0) + times
        hits = np.flatnonzero(decided)
        hits = hits[matched[outcome[hits]]]
        found_ids: list[str] = picked.get_column("id").gather(hits).to_list()
        if record_ids:
            for position, row in enumerate(hits.tolist()):
                cleaned = record_ids.get(row)
                if cleaned is not None:
                    found_ids[position] = cleaned
        return Found(lines[rows[hits]].astype(np.int64), found_ids, outcome[hits])


def cells(
    data: np.ndarray[Any, Any], delimiter: int, ncols: int, height: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None:
    """The non-empty cells of ``data``: ``height`` lines of ``ncols`` fields, each line
    ending in a newline, no quotes (the caller has counted each line's delimiters).
    Returns each cell's start and end offsets and its index (row * ncols + column),
    in order; None when the buffer cannot hold such lines (no final newline, another
    number of delimiters and newlines in all).

    A cell is a run of bytes that are neither the delimiter nor a newline; the bytes
    between one cell's end and the next one's start are all delimiters and newlines,
    so a cell's index (the delimiters and newlines before it) is its start less the
    bytes of the cells before it. Two passes over the bytes, none per field: an
    export's cells are mostly empty (a narrow one's) or mostly unread (a wide one's).
    """
    import numpy as np

    if not data.size or data.size >= 1 << 31 or data[-1] != 10:
        return None
    boundary = (data == delimiter) | (data == 10)
    if int(np.count_nonzero(boundary)) != ncols * height:
        return None
    # Where a cell starts or ends: a boundary byte after a cell byte or the reverse
    # (the first byte starts a cell unless it is a boundary).
    change = np.empty(data.size, dtype=bool)
    change[0] = not boundary[0]
    np.not_equal(boundary[1:], boundary[:-1], out=change[1:])
    edges = np.flatnonzero(change)
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    index = starts - (np.cumsum(lengths) - lengths)
    return starts, ends, index


def text_series(
    data: np.ndarray[Any, Any],
    starts: np.ndarray[Any, Any],
    ends: np.ndarray[Any, Any],
    utf8: bool = True,
) -> Any:
    """``data[starts[i]:ends[i]]`` (ascending, not overlapping) as a Polars String
    series (``utf8``; raises a Polars error on invalid UTF-8) or Binary series,
    without a Python object per cell: the cells and the bytes between them alternate
    as the values of one Arrow binary array over ``data`` (offsets only), of which
    Polars keeps every other."""
    import nanoarrow
    import numpy as np
    import polars as pl

    count = int(starts.size)
    if not count:
        return pl.Series(values=[], dtype=pl.String if utf8 else pl.Binary)
    offsets = np.empty(2 * count, dtype=np.int32)
    offsets[0::2] = starts
    offsets[1::2] = ends
    if not bool(np.all(offsets[1:] >= offsets[:-1])) or int(offsets[-1]) > data.size:
        raise ValueError("cells out of order")  # never: the Arrow array would be invalid
    tokens = nanoarrow.c_array_from_buffers(
        nanoarrow.binary(), 2 * count - 1, [None, offsets, data], validation_level="none"
    )
    cells = pl.Series(tokens).gather_every(2)
    return cells.cast(pl.String) if utf8 else cells
