"""``rtech rules export``: the screening of a table as one SQL script.

The rules are those ``rtech screen`` applies: the plugins' tables, or the
tables an administrator imported (``rtech rules import``), per edition; with
``--edition`` one edition for every record, else each record's by its
discharge date against the effective dates (the site setting, defaults, and
``--effective``). The table's columns come from the mapping file ``screen
--mapping`` reads, its wildcards expanded against the header row of
``--columns-from`` (or detected from that header when there is no mapping).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Final

from rtech.codes.model import CodeRules
from rtech.errors import UserError
from rtech.host import Host
from rtech.screening.editions import EditionChooser
from rtech.screening.engine import build_rulebook
from rtech.screening.evaluate import Evaluator, RuleBook
from rtech.screening.layout import Layout, detect_layout, load_mapping
from rtech.screening.sources import _relevant_keys, sniff_csv, xlsx_headers
from rtech.screening.sql.charmap import charmap
from rtech.screening.sql.dialects import DIALECTS, render
from rtech.screening.sql.query import ScreenQuery

__all__ = [
    "PREAMBLE",
    "ScreeningRules",
    "export_script",
    "layout_for_table",
    "layout_from_files",
    "rules_for",
    "screening_rules",
]

#: Session settings each engine's script starts with (and ``screen --database`` uses).
PREAMBLE: Final[Mapping[str, tuple[str, ...]]] = {
    "duckdb": (),
    "postgres": (
        # The planner cannot estimate the normalised cells; every join is an
        # equi-join, and a nested loop over them costs minutes.
        "SET LOCAL enable_nestloop = off",
        # Compiling the normalisation's large expressions costs more than it saves.
        "SET LOCAL jit = off",
        # Dates read as text in the form parse_date reads (YYYY-MM-DD).
        "SET LOCAL datestyle = 'ISO, YMD'",
    ),
    "spark": (),
}


@dataclass(frozen=True)
class ScreeningRules:
    """What ``rtech screen`` would apply: editions, their rules, and where from."""

    chooser: EditionChooser
    book: RuleBook
    missing: dict[str, list[tuple[str, str, str]]]
    sources: dict[str, dict[str, str]]
    dates: dict[str, date] = field(default_factory=dict)
    defaulted: list[str] = field(default_factory=list)

    @property
    def relevant(self) -> tuple[str, ...]:
        """Prefixes that make a long-layout row worth keeping (as screen's reader)."""
        return _relevant_keys(Evaluator(self.book, self.chooser))


def screening_rules(host: Host, edition: str | None, effective: Sequence[str]) -> ScreeningRules:
    """The rules and editions ``rtech screen --edition E --effective …`` uses: the
    imported tables and effective dates of the store, ``--effective`` over them."""
    from rtech.editions import check_order, with_defaults
    from rtech.screening.context import read_context
    from rtech.screening.editions import parse_effective

    imported, configured = read_context(host, effective=edition is None)
    configured.update(parse_effective(effective))
    dates: dict[str, date] = {}
    defaulted: list[str] = []
    if edition is None:
        dates, defaulted = with_defaults(configured)
        check_order(dates)
    return rules_for(host, edition, dates, imported, defaulted)


def rules_for(
    host: Host,
    edition: str | None,
    dates: Mapping[str, date],
    imported: Mapping[tuple[str, str], CodeRules],
    defaulted: Sequence[str] = (),
) -> ScreeningRules:
    """The rules of ``--edition`` or of the editions in ``dates`` (as screen builds them)."""
    chooser = EditionChooser.create(edition, dates)
    book, missing, sources = build_rulebook(host, chooser.editions, imported)
    return ScreeningRules(chooser, book, missing, sources, dict(dates), list(defaulted))


# -------------------------------------------------------------------------
# Layouts
# -------------------------------------------------------------------------

_SINGLE: Final = ("record_id", "discharge_date", "kind", "code")
_LISTS: Final = ("diagnoses", "procedures")


def _mapping_names(path: Path) -> list[tuple[str, str]]:
    """(key, column name or pattern) of a mapping file, as load_mapping reads them."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        load_mapping(path, ())  # raises its Chinese error about the file
        raise
    names: list[tuple[str, str]] = []
    for key in _SINGLE:
        if isinstance(data.get(key), str):
            names.append((key, data[key].strip()))
    for key in _LISTS:
        value = data.get(key, [])
        for name in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if isinstance(name, str):
                names.append((key, name))
    return names


def _header_of(path: Path) -> tuple[str, ...]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        headers, rows = xlsx_headers(path)
        close = getattr(rows, "close", None)
        if close is not None:
            close()
        return headers
    return sniff_csv(path).headers


def layout_from_files(mapping: Path | None, columns_from: Path | None) -> Layout:
    """The layout of a table named by a mapping file, its wildcards expanded against
    the header row of ``columns_from`` (CSV/XLSX); or detected from that header."""
    if columns_from is not None:
        headers = _header_of(columns_from)
        return load_mapping(mapping, headers) if mapping is not None else detect_layout(headers)
    if mapping is None:
        raise UserError(
            "需要 --mapping 映射文件（列名），或 --columns-from 表头文件（从表头识别列布局）。"
        )
    names = _mapping_names(mapping)
    patterns = [name for _, name in names if any(c in name for c in "*?[")]
    if patterns:
        raise UserError(
            f"映射文件 {mapping} 中的“{'”“'.join(patterns)}”含通配符，需要表的列名才能展开。",
            hint="请用 --columns-from 给出一个表头与该表相同的 CSV/XLSX 文件（只读第一行）。",
        )
    return load_mapping(mapping, tuple(dict.fromkeys(name for _, name in names)))


def layout_for_table(mapping: Path | None, columns: Sequence[str], table: str) -> Layout:
    """The layout of a database table whose columns are ``columns``: the mapping
    file's columns (each must exist), or detected from the column names."""
    if mapping is None:
        try:
            return detect_layout(columns)
        except UserError as exc:
            detail = exc.message.split("：", 1)[-1]  # "缺少…。找到的列：…"
            raise UserError(
                f"无法从表 {table} 的列名识别列布局：{detail}",
                hint="可用 --mapping 映射文件.toml 指定各列（见 rtech screen --help）。",
            ) from exc
    stripped = [c.strip() for c in columns]
    missing = [
        f"{key} = “{name}”" if key in _SINGLE else f"{key} 中的“{name}”"
        for key, name in _mapping_names(mapping)
        if not any(fnmatch.fnmatchcase(column, name) for column in stripped)
    ]
    if missing:
        shown = "、".join(columns[:60]) + (
            f" …（共 {len(columns)} 列）" if len(columns) > 60 else ""
        )
        raise UserError(
            f"表 {table} 中没有映射文件 {mapping} 所指的列：{'、'.join(missing)}。表中的列：{shown}"
        )
    return load_mapping(mapping, columns)


# -------------------------------------------------------------------------
# The script
# -------------------------------------------------------------------------


def _version() -> str:
    try:
        return version("rtech")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "?"


def _header(dialect: str, table: str, layout: Layout, rules: ScreeningRules) -> Iterable[str]:
    names = {"duckdb": "DuckDB", "postgres": "PostgreSQL", "spark": "Spark SQL"}
    yield f"rtech 筛查 SQL（{names[dialect]}），由 rtech {_version()} 的 rtech rules export 生成。"
    yield "与 rtech screen 对同一数据的结果相同；请勿手工修改，规则变化后请重新导出。"
    yield f"表：{table}；{layout.describe()}"
    chooser = rules.chooser
    if chooser.fixed is not None:
        yield f"版本：所有记录按 {chooser.fixed} 版。"
    else:
        shown = "、".join(
            f"{e} 版 {d.isoformat()} 起" + ("（默认值）" if e in rules.defaulted else "")
            for e, d in rules.dates.items()
        )
        yield f"版本：按出院日期选择：{shown}。"
    for edition, technologies in rules.book.by_edition.items():
        listed = "、".join(
            f"{t.catalog_no} {t.slug}（{'插件' if t.rules.source == 'plugin' else t.rules.source}）"
            for t in technologies
        )
        yield f"{edition} 版规则：{listed}"
    for edition, items in rules.missing.items():
        listed = "、".join(f"{n} {m}" for _, n, m in items)
        yield f"{edition} 版没有编码表（无法通过编码识别）：{listed}"
    yield (
        "结果列：record_id、technology、catalog_no、edition、rule、matched_codes（文本数组）、"
        "needs_review（布尔）、review_reasons（文本数组）；"
    )
    yield "按 record_id（按码位）、表中行序、目录顺序排序。"
    yield (
        "编码规范化（NFKC、去空白、大写）按 Unicode "
        f"{charmap().unicode_version} 的字符表逐字符进行，与 rtech screen 相同"
        "（见 docs/screening-at-scale.md）。"
    )
    if dialect == "postgres":
        yield "PostgreSQL：在一个事务中执行，事务内关闭嵌套循环连接与 JIT，日期格式设为 ISO。"
    if dialect == "spark":
        yield "Spark：以 spark.sql() 执行时去掉末尾的分号。"


def export_script(dialect: str, table: str, layout: Layout, rules: ScreeningRules) -> str:
    """The whole script: a commented header, the engine's settings, the query."""
    if dialect not in DIALECTS:
        raise UserError(f"未知的 SQL 方言“{dialect}”：可用 {'、'.join(DIALECTS)}")
    query = ScreenQuery(table, layout, rules.book, rules.chooser, rules.relevant)
    lines = [f"-- {line}" for line in _header(dialect, table, layout, rules)]
    settings = PREAMBLE[dialect]
    if settings:
        lines.append("BEGIN;")
        lines += [f"{setting};" for setting in settings]
    lines.append(render(query.matches(), dialect) + ";")
    if settings:
        lines.append("COMMIT;")
    return "\n".join(lines) + "\n"
