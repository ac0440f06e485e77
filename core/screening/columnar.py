"""The columnar lane of the fast path: a whole block of well-formed lines at once.

The prefilter (rtech.screening.prefilter) makes screening cheap when few lines
hold anything like a listed code. A specialty hospital's export (a quarter of
its records match) or a HIS that writes every code full-width flags most lines,
and per-line Python would then cost tens of microseconds a record. For such a
block the fast path hands its well-formed lines (the header's field count, no
quote, no lone carriage return) to this lane instead:

1. Polars parses the lines (only the columns screening reads) natively;
2. each *distinct* code cell of the block is normalised once, exactly as the
   exact reader does (rtech.codes.normalize.normalize_cell, remembered across
   blocks), which gives the raw texts that hold a trigger key, the raw texts that
   are implausible, and each raw text's *relevant* keys (those a value set of a
   rule lists or ranges over: no rule reads any other key);
3. set membership (``is_in`` against those raw texts) finds the rows that hold a
   trigger key; for them alone, the relevant keys of each kind are joined in
   record order (``replace_strict`` + ``concat_str``), natively;
4. each such row is decided from (edition, diagnosis keys, procedure keys),
   memoised: a dense export repeats the same few combinations.

A rule reads only the keys its value sets list or range over, so deciding a
record from its relevant keys gives exactly what deciding it from all its keys
gives (the property tests and every benchmark shape compare the two lanes with
the exact reader). Implausible cells are counted for every line of the block,
as the exact reader counts them. Polars is imported in worker processes only:
its thread pool must never be forked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from rtech.codes.model import CodeKind, CodeRange
from rtech.codes.normalize import CellStatus, code_key, normalize_cell
from rtech.screening.editions import parse_date
from rtech.screening.evaluate import EXAMPLES, REJECTED, Evaluator, Match, Stats
from rtech.screening.sources import readable_record_id

if TYPE_CHECKING:
    import numpy as np

    from rtech.screening.fastcsv import FastPlan

__all__ = ["Columnar", "Seen"]

#: Joins the keys of a row; no key holds it (keys are code characters).
SEPARATOR: Final = "|"
_MEMO: Final = 1 << 17  # decided (edition, diagnosis keys, procedure keys), per worker
_SEEN: Final = 1 << 18  # distinct cell texts remembered per kind, per worker


class Seen:
    """What one distinct raw cell text of one kind comes to."""

    __slots__ = ("implausible", "relevant", "trigger")

    def __init__(self, trigger: bool, relevant: str | None, implausible: bool) -> None:
        self.trigger = trigger
        self.relevant = relevant
        self.implausible = implausible


class Columnar:
    """The columnar lane of one worker: the plan's columns and the cells seen so far."""

    def __init__(self, plan: FastPlan) -> None:
        # One thread: the worker processes are the parallelism (--jobs).
        os.environ.setdefault("POLARS_MAX_THREADS", "1")
        import polars  # noqa: F401 - fail here, before any block, when it is missing

        layout = plan.layout
        self.plan = plan
        self.evaluator: Evaluator = plan.evaluator
        self.needed: tuple[int, ...] = layout.needed
        self.kind_columns: dict[CodeKind, tuple[int, ...]] = {
            CodeKind.DIAGNOSIS: tuple(layout.diagnoses),
            CodeKind.PROCEDURE: tuple(layout.procedures),
        }
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
        self._seen: dict[CodeKind, dict[str, Seen]] = {kind: {} for kind in CodeKind}
        self._decided: dict[tuple[str, str, str], _Decided] = {}
        self._editions: dict[str | None, str | None] = {}
        self._joined: dict[CodeKind, dict[str, str]] = {kind: {} for kind in CodeKind}
        self._by_procedures: dict[tuple[str, str | None], tuple[str, bool]] = {}
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

    # -- a block ----------------------------------------------------------------

    def screen(
        self,
        data: bytes,
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
        found: list[tuple[int, Match]],
    ) -> bool:
        """Screen ``data`` (whole well-formed lines, UTF-8, no quotes): row ``i`` is
        line ``lines[i]`` of the block (0-based), after ``base`` lines of the task.
        Each match is appended to ``found`` with its line's index. False (nothing
        counted) when the lines cannot be read as promised: the caller falls back
        to the per-line lane.
        """
        import polars as pl

        plan = self.plan
        try:
            frame = pl.read_csv(
                data,
                has_header=False,
                columns=list(self.needed),
                infer_schema=False,
                quote_char=None,
                separator=plan.info.delimiter,
                encoding="utf8",
                raise_if_empty=False,
            )
        except Exception:  # noqa: BLE001 - e.g. invalid UTF-8: the per-line lane reports it
            return False
        if frame.height != len(lines):
            return False
        import numpy as np

        name = dict(zip(self.needed, frame.columns, strict=True))
        layout = plan.layout
        height = frame.height
        flagged: list[Any] = []
        bad: list[tuple[Any, Any, Sequence[int], int]] = []
        raw_cells: dict[CodeKind, Any] = {}
        delimiter = plan.info.delimiter  # no well-formed cell holds it: a safe separator
        for kind, columns in self.kind_columns.items():
            if not columns:
                continue
            seen = self._seen[kind]
            if len(seen) > _SEEN:
                seen.clear()  # a cache: distinct cells are few, unless the file is odd
            # The kind's columns one after another: position p is row p % height.
            values = pl.concat([frame.get_column(name[c]).rename("v") for c in columns])
            triggers: list[str] = []
            implausible: list[str] = []
            rejected = 0
            for raw, times in values.drop_nulls().value_counts().iter_rows():
                cell = seen.get(raw)
                if cell is None:
                    cell = seen[raw] = self._see(kind, raw)
                if cell.trigger:
                    triggers.append(raw)
                if cell.implausible:
                    implausible.append(raw)
                    rejected += times
            if triggers:
                listed = pl.Series(triggers, dtype=pl.String).implode()
                flagged.append(values.is_in(listed).arg_true().to_numpy() % height)
            if rejected:
                odd = pl.Series(implausible, dtype=pl.String).implode()
                bad.append((values, odd, columns, rejected))
            raw_cells[kind] = pl.concat_str(
                [pl.col(name[c]) for c in columns], separator=delimiter, ignore_nulls=True
            )
        if bad:
            self._reject(bad, frame, lines, base, stats)
        if not flagged:
            return True
        rows = np.unique(np.concatenate(flagged))
        selected = [
            pl.col(name[layout.record_id]).alias("id"),
            pl.col(name[layout.discharge_date]).alias("date")
            if layout.discharge_date is not None
            else pl.lit(None, dtype=pl.String).alias("date"),
        ]
        for kind, alias in ((CodeKind.DIAGNOSIS, "dx"), (CodeKind.PROCEDURE, "px")):
            selected.append(
                raw_cells[kind].alias(alias) if kind in raw_cells else pl.lit("").alias(alias)
            )
        picked = frame.gather(rows).select(selected).rows()
        self._decide(rows.tolist(), picked, lines, base, stats, found)
        return True

    def _relevant(self, kind: CodeKind, cells: str | None) -> str:
        """The relevant keys of a row's cells of ``kind`` (joined by the delimiter)."""
        if not cells:
            return ""
        remembered = self._joined[kind].get(cells)
        if remembered is not None:
            return remembered
        seen = self._seen[kind]
        keys = [seen[raw].relevant for raw in cells.split(self.plan.info.delimiter)]
        joined = SEPARATOR.join(k for k in keys if k)
        if len(self._joined[kind]) < _MEMO:
            self._joined[kind][cells] = joined
        return joined

    def _reject(
        self,
        bad: list[tuple[Any, Any, Sequence[int], int]],
        frame: Any,
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
    ) -> None:
        """Count the implausible cells: per kind, the kind's columns one after another,
        the implausible texts among them, the columns and how many; the first few, in
        record order (diagnoses before procedures), become the examples."""
        total = sum(count for *_, count in bad)
        if len(stats.examples.get(REJECTED, ())) >= EXAMPLES:
            stats.rejected_cells += total
            return
        height = frame.height
        first: list[tuple[int, int, int, str, int]] = []
        for order, (values, odd, columns, _) in enumerate(bad):
            positions = values.is_in(odd).arg_true().to_list()
            first += [
                (p % height, order, p // height, values[p], columns[p // height]) for p in positions
            ]
        first = sorted(first)[:EXAMPLES]
        layout = self.plan.layout
        ids = frame.get_column(frame.columns[self.needed.index(layout.record_id)])
        for row, _, _, text, column in first:
            stats.reject(
                base + int(lines[row]) + 1,
                f"记录 {(ids[row] or '').strip()} 的“{layout.headers[column]}”：{text!r}",
            )
        stats.rejected_cells += total - len(first)

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

    def _procedures(self, edition: str, cells: str | None) -> tuple[str, bool]:
        """A row's relevant procedure keys, and whether a rule they may satisfy
        reads diagnoses at all (a rule reads only the kinds of its value sets)."""
        keys = self._relevant(CodeKind.PROCEDURE, cells)
        procedures = keys.split(SEPARATOR) if keys else []
        reads = self._diagnosis_triggers or any(
            value_set.kind is CodeKind.DIAGNOSIS
            for tech in self.evaluator.book.candidates(edition, (), procedures)
            for value_set in tech.rules.rule.value_sets()
        )
        if len(self._by_procedures) < _MEMO:
            self._by_procedures[(edition, cells)] = (keys, reads)
        return keys, reads

    def _outcome(self, edition: str, dx: str, px: str) -> _Decided:
        """The matches (without record id) of a record with these relevant keys."""
        key = (edition, dx, px)
        decided = self._decided.get(key)
        if decided is not None:
            return decided
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
        decided = _Decided(tuple(templates), tuple(slugs))
        if len(self._decided) < _MEMO:
            self._decided[key] = decided
        return decided

    def _decide(
        self,
        rows: list[int],
        picked: list[tuple[str | None, str | None, str | None, str | None]],
        lines: np.ndarray[Any, Any],
        base: int,
        stats: Stats,
        found: list[tuple[int, Match]],
    ) -> None:
        """Emit the matches of the rows holding a trigger key (counted at the end)."""
        counts: dict[tuple[str, _Decided], int] = {}
        indexes = lines.tolist()
        append, make, relevant = found.append, Match, self._relevant
        editions, by_procedures = self._editions, self._by_procedures
        for row, (raw_id, discharge, dx, px) in zip(rows, picked, strict=True):
            index = indexes[row]
            record_id = (raw_id or "").strip()
            if not record_id:
                stats.skip("病案号为空（含目录编码，未能输出）", base + index + 1, "记录号为空")
                continue
            if not record_id.isprintable():  # a control character: skipped and reported
                readable = readable_record_id(record_id, "utf-8", stats, base + index + 1)
                if readable is None:
                    continue
                record_id = readable
            edition = editions.get(discharge) or self._edition(discharge)
            if edition is None:
                reason = (
                    "出院日期缺失或无法识别（含目录编码，未能确定版本）"
                    if parse_date(discharge) is None
                    else "出院日期早于各版本的生效日期（含目录编码）"
                )
                stats.skip(reason, base + index + 1, f"记录 {record_id}，出院日期 {discharge!r}")
                continue
            procedures = by_procedures.get((edition, px))
            if procedures is None:
                procedures = self._procedures(edition, px)
            keys, reads_diagnoses = procedures
            decided = self._outcome(
                edition, relevant(CodeKind.DIAGNOSIS, dx) if reads_diagnoses else "", keys
            )
            for template in decided.templates:
                append((index, make(record_id, *template)))
            tally = (edition, decided)
            counts[tally] = counts.get(tally, 0) + 1
        stats.candidates += len(rows)
        for (edition, decided), times in counts.items():
            for slug, review in decided.slugs:
                stats.matches[slug] = stats.matches.get(slug, 0) + times
                if review:
                    stats.reviews[slug] = stats.reviews.get(slug, 0) + times
            if decided.slugs:
                stats.editions[edition] = stats.editions.get(edition, 0) + times


class _Decided:
    """A decided combination: its matches' fields after the record id, and per
    match the technology and its review flag (for the counts)."""

    __slots__ = ("slugs", "templates")

    def __init__(
        self, templates: tuple[tuple[Any, ...], ...], slugs: tuple[tuple[str, bool], ...]
    ) -> None:
        self.templates = templates
        self.slugs = slugs
