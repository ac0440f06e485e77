"""Deciding one record: normalise its code cells, pick its edition, apply the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from rtech.codes.model import CodeKind, CodeRules, RuleMatch
from rtech.codes.normalize import CellStatus, normalize_cell
from rtech.screening.editions import EditionChooser, parse_date

__all__ = ["EXAMPLES", "REJECTED", "Evaluator", "Match", "RuleBook", "Stats", "TechnologyRules"]

EXAMPLES = 5  # examples kept per reason
REJECTED = "不规范的编码单元格"  # the reason of implausible cells


@dataclass(frozen=True)
class TechnologyRules:
    slug: str
    catalog_no: str
    edition: str
    rules: CodeRules


class Match(NamedTuple):
    """One output row: a record that is a case of one technology.

    A named tuple: workers send many of them to the parent, cheaply pickled.
    """

    record_id: str
    technology: str
    catalog_no: str
    edition: str
    rule: str
    matched_codes: tuple[str, ...]
    needs_review: bool
    review_reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "technology": self.technology,
            "catalog_no": self.catalog_no,
            "edition": self.edition,
            "rule": self.rule,
            "matched_codes": list(self.matched_codes),
            "needs_review": self.needs_review,
            "review_reasons": list(self.review_reasons),
        }


@dataclass
class Stats:
    """What a run saw: counts, and a few examples of each problem.

    Line numbers in ``examples`` are relative to ``line_base`` until merged.
    """

    records: int = 0
    candidates: int = 0  # records parsed exactly (all of them in the exact path)
    matches: dict[str, int] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    rejected_cells: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    editions: dict[str, int] = field(default_factory=dict)  # matched records per edition

    def note(self, reason: str, line: int, text: str, file: str = "") -> None:
        kept = self.examples.setdefault(reason, [])
        if len(kept) < EXAMPLES:
            kept.append((file, line, text))

    def skip(self, reason: str, line: int, text: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        self.note(reason, line, text)

    def reject(self, line: int, text: str) -> None:
        self.rejected_cells += 1
        self.note(REJECTED, line, text)

    def merge(self, other: Stats, line_base: int = 0, file: str = "") -> None:
        self.records += other.records
        self.candidates += other.candidates
        self.rejected_cells += other.rejected_cells
        for mine, theirs in (
            (self.matches, other.matches),
            (self.reviews, other.reviews),
            (self.skipped, other.skipped),
            (self.editions, other.editions),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value
        for reason, items in other.examples.items():
            for where, line, text in items:
                self.note(reason, line + line_base, text, where or file)


class RuleBook:
    """The rules of each edition in play, and the codes that can trigger them."""

    def __init__(self, by_edition: Mapping[str, Sequence[TechnologyRules]]) -> None:
        self.by_edition = {e: tuple(rules) for e, rules in by_edition.items()}
        triggers: set[tuple[CodeKind, str]] = set()
        self.complete = True  # every rule has trigger keys: a prefilter is safe
        for rules in self.by_edition.values():
            for tech in rules:
                keys = tech.rules.rule.trigger_keys()
                if keys is None:
                    self.complete = False
                else:
                    triggers |= keys
        self.trigger_keys = frozenset(triggers)
        self._trigger_px = frozenset(k for kind, k in triggers if kind is CodeKind.PROCEDURE)
        self._trigger_dx = frozenset(k for kind, k in triggers if kind is CodeKind.DIAGNOSIS)
        # edition -> trigger key -> positions (in by_edition order) of the rules it
        # can trigger: a record is evaluated only against those.
        self._by_trigger: dict[str, dict[tuple[CodeKind, str], list[int]]] = {}
        for edition, rules in self.by_edition.items():
            index: dict[tuple[CodeKind, str], list[int]] = {}
            for position, tech in enumerate(rules):
                for key in tech.rules.rule.trigger_keys() or ():
                    index.setdefault(key, []).append(position)
            self._by_trigger[edition] = index

    def candidates(
        self, edition: str, diagnoses: Iterable[str], procedures: Iterable[str]
    ) -> tuple[TechnologyRules, ...]:
        """The rules of ``edition`` a record with these keys could satisfy, in order."""
        rules = self.by_edition.get(edition, ())
        if not self.complete or not rules:
            return rules
        index = self._by_trigger[edition]
        positions: set[int] = set()
        for key in procedures:
            positions.update(index.get((CodeKind.PROCEDURE, key), ()))
        for key in diagnoses:
            positions.update(index.get((CodeKind.DIAGNOSIS, key), ()))
        return tuple(rules[p] for p in sorted(positions))

    def could_match(self, diagnoses: Iterable[str], procedures: Iterable[str]) -> bool:
        if not self.complete:
            return True
        px, dx = self._trigger_px, self._trigger_dx
        return any(k in px for k in procedures) or any(k in dx for k in diagnoses)


_Outcome = tuple[tuple[TechnologyRules, RuleMatch], ...]
_MEMO: Final = 1 << 16  # combinations of trigger keys remembered per run


class Evaluator:
    """Turns the cells of one record into matches, counting what it rejects."""

    def __init__(self, book: RuleBook, chooser: EditionChooser) -> None:
        self.book = book
        self.chooser = chooser
        self._by_triggers: dict[tuple[str, tuple[str, ...]], _Outcome | None] = {}

    def by_triggers(self, edition: str, procedures: tuple[str, ...]) -> _Outcome | None:
        """What a record whose listed codes are exactly ``procedures`` (normalised
        trigger keys, record order) matches in ``edition``; None when a rule it may
        satisfy reads more than its trigger keys. Memoised: screening meets the same
        few combinations again and again.
        """
        key = (edition, procedures)
        try:
            return self._by_triggers[key]
        except KeyError:
            pass
        rules = self.book.candidates(edition, (), procedures)
        outcome: _Outcome | None = None
        if all(t.rules.rule.decided_by_triggers() for t in rules):
            found = ((t, t.rules.rule.evaluate((), procedures)) for t in rules)
            outcome = tuple((t, r) for t, r in found if r is not None)
        if len(self._by_triggers) < _MEMO:
            self._by_triggers[key] = outcome
        return outcome

    def emit(
        self,
        stats: Stats,
        edition: str,
        record_id: str,
        outcome: _Outcome,
        emit: Callable[[Match], None],
    ) -> None:
        """Count and emit the matches of one record (``record_id`` not empty)."""
        for tech, result in outcome:
            stats.matches[tech.slug] = stats.matches.get(tech.slug, 0) + 1
            if result.needs_review:
                stats.reviews[tech.slug] = stats.reviews.get(tech.slug, 0) + 1
            emit(
                Match(
                    record_id,
                    tech.slug,
                    tech.catalog_no,
                    edition,
                    result.rule,
                    result.matched_codes,
                    result.needs_review,
                    result.review_reasons,
                )
            )
        if outcome:
            stats.editions[edition] = stats.editions.get(edition, 0) + 1

    def evaluate(
        self,
        stats: Stats,
        line: int,
        record_id: str,
        discharge: object,
        cells: Iterable[tuple[CodeKind, str, str]],
        emit: Callable[[Match], None],
    ) -> None:
        """``cells``: (kind, column name, raw text) of every code cell of the record."""
        diagnoses: list[str] = []
        procedures: list[str] = []
        for kind, column, raw in cells:
            if not raw:
                continue
            cell = normalize_cell(raw, kind)
            if cell.status is CellStatus.CODE:
                (diagnoses if kind is CodeKind.DIAGNOSIS else procedures).extend(cell.codes)
            elif cell.status is CellStatus.IMPLAUSIBLE:
                stats.reject(line, f"记录 {record_id} 的“{column}”：{raw!r}")
        if not self.book.could_match(diagnoses, procedures):
            return
        record_id = record_id.strip()
        if not record_id:
            stats.skip("病案号为空（含目录编码，未能输出）", line, "记录号为空")
            return
        fixed = self.chooser.fixed
        edition = fixed if fixed is not None else self.chooser.choose(parse_date(discharge))
        if edition is None:
            reason = (
                "出院日期缺失或无法识别（含目录编码，未能确定版本）"
                if parse_date(discharge) is None
                else "出院日期早于各版本的生效日期（含目录编码）"
            )
            stats.skip(reason, line, f"记录 {record_id}，出院日期 {discharge!r}")
            return
        candidates = self.book.candidates(edition, diagnoses, procedures)
        found = ((t, t.rules.rule.evaluate(diagnoses, procedures)) for t in candidates)
        self.emit(stats, edition, record_id, tuple((t, r) for t, r in found if r is not None), emit)
