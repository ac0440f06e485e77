"""``screen``: find restricted-technology cases in discharge-record files."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rtech.codes.model import CodeRules
from rtech.errors import UserError
from rtech.host import Host
from rtech.screening.editions import EditionChooser
from rtech.screening.evaluate import Evaluator, Match, RuleBook, Stats, TechnologyRules
from rtech.screening.fastcsv import FastPlan, default_workers, run_tasks, split_tasks
from rtech.screening.layout import Layout, detect_layout, load_mapping
from rtech.screening.prefilter import Prefilter
from rtech.screening.sources import (
    delimiter_inside_characters,
    exact_csv,
    exact_xlsx,
    sniff_csv,
    xlsx_headers,
)

__all__ = ["FileReport", "ScreenOptions", "Summary", "build_rulebook", "screen"]

Progress = Callable[[int], None]
#: (record ids, per record id the index of its outcome, outcomes: the fields
#: after the record id of each of a record's matches)
EmitBatch = Callable[[list[str], list[int], list[tuple[tuple[Any, ...], ...]]], None]


@dataclass(frozen=True)
class ScreenOptions:
    edition: str | None = None
    effective: Mapping[str, date] = field(default_factory=dict)
    encoding: str | None = None
    mapping: Path | None = None
    thorough: bool = False  # parse every record (counts every implausible cell)
    workers: int | None = None  # default: one per available core
    prefilter: str = "auto"  # "auto" | "hyperscan" | "re"


@dataclass
class FileReport:
    path: str
    format: str
    encoding: str
    layout: str
    notes: list[str]
    records: int
    method: str


@dataclass
class Summary:
    files: list[FileReport]
    stats: Stats
    seconds: float
    editions: tuple[str, ...]
    unidentifiable: dict[str, list[tuple[str, str, str]]]  # edition -> (slug, no, name)
    sources: dict[str, dict[str, str]]  # edition -> slug -> "plugin" | "imported vN"

    def to_dict(self) -> dict[str, object]:
        stats = self.stats
        return {
            "records": stats.records,
            "records_parsed": stats.candidates,
            "matches": dict(sorted(stats.matches.items())),
            "matches_total": sum(stats.matches.values()),
            "needs_review": dict(sorted(stats.reviews.items())),
            "matched_records_by_edition": stats.editions,
            "rejected_cells": stats.rejected_cells,
            "skipped": stats.skipped,
            "examples": {
                reason: [{"file": f, "line": line, "detail": text} for f, line, text in items]
                for reason, items in stats.examples.items()
            },
            "seconds": round(self.seconds, 3),
            "editions": list(self.editions),
            "rule_sources": self.sources,
            "not_code_identifiable": {
                edition: [{"technology": s, "catalog_no": n, "name": m} for s, n, m in items]
                for edition, items in self.unidentifiable.items()
            },
            "files": [vars(f) for f in self.files],
        }


def build_rulebook(
    host: Host,
    editions: Sequence[str],
    imported: Mapping[tuple[str, str], CodeRules] | None = None,
) -> tuple[RuleBook, dict[str, list[tuple[str, str, str]]], dict[str, dict[str, str]]]:
    """The rules per edition (imported tables first), and who has none."""
    imported = imported or {}
    by_edition: dict[str, list[TechnologyRules]] = {}
    missing: dict[str, list[tuple[str, str, str]]] = {}
    sources: dict[str, dict[str, str]] = {}
    for edition in editions:
        for technology in host.technologies:
            number = technology.catalog_no(edition)
            if number is None:
                continue
            rules = imported.get((edition, technology.slug)) or host.code_rules(
                technology.slug, edition
            )
            if rules is None:
                missing.setdefault(edition, []).append((technology.slug, number, technology.name))
                continue
            by_edition.setdefault(edition, []).append(
                TechnologyRules(technology.slug, number, edition, rules)
            )
            sources.setdefault(edition, {})[technology.slug] = rules.source
    for items in missing.values():
        items.sort(key=lambda item: item[1])
    if not any(by_edition.values()):
        listed = "；".join(
            f"{e} 版：{'、'.join(f'{n} {m}' for _, n, m in missing.get(e, []))}" for e in editions
        )
        raise UserError(
            f"所选版本（{'、'.join(editions)}）中没有可按编码识别的技术：{listed}。",
            hint="该版本没有编码表；管理员可用 rtech rules import 导入编码表。",
        )
    return RuleBook(by_edition), missing, sources


def _layout(headers: Sequence[str], mapping: Path | None) -> Layout:
    return load_mapping(mapping, headers) if mapping is not None else detect_layout(headers)


def screen(
    paths: Sequence[Path],
    options: ScreenOptions,
    emit: Callable[[Match], None],
    *,
    host: Host,
    imported: Mapping[tuple[str, str], CodeRules] | None = None,
    progress: Progress | None = None,
    emit_batch: EmitBatch | None = None,
) -> Summary:
    """Screen ``paths`` in order, calling ``emit`` for every match; the fast path's
    matches go to ``emit_batch`` instead, when given (see MatchWriter.write_batch),
    in the same order."""
    started = time.perf_counter()
    chooser = EditionChooser.create(options.edition, options.effective)
    book, missing, sources = build_rulebook(host, chooser.editions, imported)
    evaluator = Evaluator(book, chooser)
    total = Stats()
    reports: list[FileReport] = []
    workers = options.workers or default_workers()
    for path in paths:
        if not path.exists():
            raise UserError(f"找不到文件 {path}")
        if path.is_dir():
            raise UserError(f"{path} 是目录，不是记录文件")
        stats = Stats()
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            headers, rows = xlsx_headers(path)
            layout = _layout(headers, options.mapping)
            exact_xlsx(headers, rows, layout, evaluator, stats, emit)
            if progress:
                progress(path.stat().st_size)
            reports.append(
                FileReport(str(path), "XLSX", "", layout.describe(), list(layout.notes), 0, "逐行")
            )
        else:
            info = sniff_csv(path, options.encoding)
            layout = _layout(info.headers, options.mapping)
            method = "快速"
            columnar = canonical = 0  # lines in the columnar lane, prefiltered canonically
            if progress:
                progress(info.data_start)
            split_safe = not delimiter_inside_characters(info.encoding, info.delimiter)
            if layout.kind == "long" or options.thorough or not book.complete or not split_safe:
                method = "逐行"
                if not split_safe:
                    # The fast path cuts fields at the delimiter's byte: here that byte
                    # can be half of a Chinese character (GBK/GB18030 and "|").
                    method += (
                        f"（{info.encoding_label} 编码下分隔符“{info.delimiter}”"
                        "可能是汉字的一部分）"
                    )
                exact_csv(info, layout, evaluator, stats, emit)
                if progress:
                    progress(info.size - info.data_start)
            else:
                prefilter = Prefilter(
                    sorted(k for _, k in book.trigger_keys), info.encoding, engine=options.prefilter
                )
                plan = FastPlan(info, layout, evaluator, prefilter)
                line_base = 1
                tasks = split_tasks(info, workers=workers)
                for (start, end), result in zip(
                    tasks, run_tasks(plan, tasks, workers), strict=False
                ):
                    if result.multiline:
                        method = "快速（含多行字段，部分逐行）"
                        exact_csv(
                            info,
                            layout,
                            evaluator,
                            stats,
                            emit,
                            start=result.start,
                            first_line=line_base + 1,
                        )
                        if progress:
                            progress(info.size - result.start)
                        break
                    stats.merge(result.stats, line_base)
                    columnar += result.columnar
                    canonical += result.canonical
                    if emit_batch is not None:
                        emit_batch(result.record_ids, result.which, result.outcomes)
                    else:
                        for match in result.matches():
                            emit(match)
                    line_base += result.lines
                    if progress:
                        progress(end - start)
            notes = list(layout.notes)
            if info.data_start >= info.size:
                notes.append("文件只有表头，没有记录")
            reports.append(
                FileReport(
                    str(path),
                    "CSV",
                    info.encoding_label + ("（自动识别）" if info.detected else "（指定）"),
                    layout.describe(),
                    notes,
                    0,
                    method
                    + (f"，{prefilter_engine(options)}" if method == "快速" else "")
                    + (
                        f"，全角与空格规整后预筛 {canonical:,} 行"
                        if method == "快速" and canonical
                        else ""
                    )
                    + (f"，列式 {columnar:,} 行" if method == "快速" and columnar else ""),
                )
            )
        reports[-1].records = stats.records
        total.merge(stats, file=str(path))
    return Summary(
        reports,
        total,
        time.perf_counter() - started,
        chooser.editions,
        missing,
        sources,
    )


def prefilter_engine(options: ScreenOptions) -> str:
    if options.prefilter == "re":
        return "re 预筛"
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return "re 预筛"
    return "hyperscan 预筛"
