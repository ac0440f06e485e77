"""Aggregate denominators as the technologies declare them, and their entry.

An indicator whose denominator is not a set of cases names an
:class:`~rtech.indicators.model.Aggregate` (key, Chinese label, seed clause).
This module lists the aggregates a technology's indicators declare (so that
nothing else can be entered), parses values and files (``rtech aggregates
set|list|import``, the TUI's 汇总数据 screen) and shows "missing" for every
declared aggregate of a period without a value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtech.catalog import EDITIONS
from rtech.errors import UserError
from rtech.indicators.model import Aggregate
from rtech.indicators.periods import Period, parse_period
from rtech.store import aggregates as store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host

__all__ = [
    "DeclaredAggregate",
    "aggregate_rows",
    "declared_aggregates",
    "import_aggregates",
    "parse_value",
    "set_value",
]


@dataclass(frozen=True)
class DeclaredAggregate:
    technology: str
    aggregate: Aggregate
    indicators: tuple[str, ...]  # names of the indicators that divide by it


def declared_aggregates(host: Host, technology: str | None = None) -> list[DeclaredAggregate]:
    """Every aggregate the indicators of the technology (or of all) divide by."""
    slugs = [technology] if technology else [t.slug for t in host.technologies]
    found: dict[tuple[str, str], tuple[Aggregate, list[str]]] = {}
    for slug in slugs:
        tech = host.technology(slug)
        for edition in EDITIONS:
            if edition not in tech.editions:
                continue
            for indicator in host.indicators(slug, edition):
                if indicator.aggregate is None:
                    continue
                _aggregate, names = found.setdefault(
                    (slug, indicator.aggregate.key), (indicator.aggregate, [])
                )
                if indicator.name not in names:
                    names.append(indicator.name)
    return [DeclaredAggregate(slug, a, tuple(n)) for (slug, _), (a, n) in found.items()]


def _declared(host: Host, technology: str, key: str) -> DeclaredAggregate:
    declared = declared_aggregates(host, technology)
    for entry in declared:
        if entry.aggregate.key == key:
            return entry
    name = host.technology(technology).name
    known = "、".join(f"{d.aggregate.key}（{d.aggregate.label}）" for d in declared)
    raise UserError(
        f"技术“{name}”的指标没有名为“{key}”的汇总数据。",
        hint=f"可录入：{known}" if known else "该技术的指标均以病例计算，无需录入汇总数据。",
    )


def parse_value(text: str) -> int:
    raw = text.strip().replace(",", "").replace("，", "")
    if not raw.isdigit() or len(raw) > 8:
        raise UserError(f"汇总数“{text}”无效：应为不小于 0 的整数（例数或例次数）。")
    return int(raw)


def set_value(
    session: Session,
    host: Host,
    *,
    institution_id: int,
    technology: str,
    key: str,
    period: str,
    value: int,
    actor: str,
    source: str = "",
) -> Mapping[str, Any]:
    """Enter one aggregate (audited); returns its row as JSON."""
    _declared(host, technology, key)
    parsed = parse_period(period)
    row = store.set_aggregate(
        session,
        institution_id=institution_id,
        technology=technology,
        key=key,
        period=store.PeriodSpan(parsed.label, parsed.start, parsed.end),
        value=value,
        actor=actor,
        source=source,
    )
    return _row_json(row)


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "institution_id": row.institution_id,
        "technology": row.technology,
        "key": row.key,
        "period": row.period,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "value": int(row.value),
        "version": row.version,
        "source": row.source,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }


def aggregate_rows(
    session: Session,
    host: Host,
    *,
    institution_id: int,
    technology: str | None = None,
    period: Period | None = None,
) -> list[dict[str, Any]]:
    """Every declared aggregate with its value for ``period`` (``missing`` where
    none was entered), or every entered value when no period is given."""
    rows: list[dict[str, Any]] = []
    for declared in declared_aggregates(host, technology):
        base = {
            "technology": declared.technology,
            "key": declared.aggregate.key,
            "label": declared.aggregate.label,
            "citation": str(declared.aggregate.citation),
            "indicators": list(declared.indicators),
        }
        if period is None:
            for row in store.list_aggregates(
                session,
                institution_id=institution_id,
                technology=declared.technology,
                key=declared.aggregate.key,
            ):
                rows.append({**base, **_row_json(row), "missing": False})
            continue
        value = store.aggregate_total(
            session,
            technology=declared.technology,
            key=declared.aggregate.key,
            period=store.PeriodSpan(period.label, period.start, period.end),
            institution_ids=[institution_id],
        )
        rows.append(
            {
                **base,
                "institution_id": institution_id,
                "period": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "value": None if value is None else int(value),
                "missing": value is None,
            }
        )
    return rows


_COLUMNS = {
    "technology": ("technology", "技术"),
    "key": ("key", "汇总项", "项目"),
    "period": ("period", "统计期"),
    "value": ("value", "数值", "例数"),
}


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise UserError(f"文件 {path.name} 的编码无法识别（应为 UTF-8 或 GB18030）。")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise UserError(f"文件 {path.name} 是空的。")
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    for field, aliases in _COLUMNS.items():
        for position, name in enumerate(names):
            if name in aliases:
                index[field] = position
    missing = [aliases[1] for field, aliases in _COLUMNS.items() if field not in index]
    if missing:
        raise UserError(
            f"文件 {path.name} 缺少列：{'、'.join(missing)}。",
            hint="表头应为 technology,key,period,value（或 技术,汇总项,统计期,数值）。",
        )
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        yield number, {f: (cells[i].strip() if i < len(cells) else "") for f, i in index.items()}


def import_aggregates(
    session: Session, host: Host, path: Path, *, institution_id: int, actor: str
) -> list[Mapping[str, Any]]:
    """Enter every row of a CSV file; all or nothing (each row checked first)."""
    if not path.is_file():
        raise UserError(f"找不到文件 {path}。")
    parsed = []
    problems = []
    for number, row in _read_rows(path):
        try:
            host.technology(row["technology"])
            _declared(host, row["technology"], row["key"])
            period = parse_period(row["period"])
            parsed.append((row["technology"], row["key"], period.label, parse_value(row["value"])))
        except UserError as exc:
            problems.append(f"第 {number} 行：{exc.message}")
    if problems:
        raise UserError(
            f"文件 {path.name} 有 {len(problems)} 行无效，未导入任何数据：\n"
            + "\n".join(problems[:20])
        )
    if not parsed:
        raise UserError(f"文件 {path.name} 没有数据行。")
    return [
        set_value(
            session,
            host,
            institution_id=institution_id,
            technology=slug,
            key=key,
            period=label,
            value=value,
            actor=actor,
            source=f"导入：{path.name}",
        )
        for slug, key, label, value in parsed
    ]
