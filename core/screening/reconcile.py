"""Reconciliation: matches with no filed case — "performed but never filed".

A match is filed when the case store (table ``cases``: ``technology``,
``record_no``, ``status``) holds a case of the same technology and record
number whose status is ``submitted`` or ``signed``. Record numbers compare
after NFKC and without whitespace.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Final

from sqlalchemy import Engine, MetaData, Table, inspect, select

from core.errors import UserError
from core.screening.evaluate import Match

__all__ = ["FILED_STATUSES", "filed_keys", "record_key", "unfiled"]

FILED_STATUSES: Final = ("submitted", "signed")
_COLUMNS: Final = ("technology", "record_no", "status")


def record_key(record_no: str) -> str:
    return "".join(unicodedata.normalize("NFKC", record_no).split())


def unfiled(matches: Iterable[Match], filed: set[tuple[str, str]]) -> Iterator[Match]:
    """The matches whose (record number, technology) has no filed case."""
    for match in matches:
        if (record_key(match.record_id), match.technology) not in filed:
            yield match


def filed_keys(engine: Engine) -> set[tuple[str, str]]:
    """(record number, technology) of every submitted or signed case."""
    inspector = inspect(engine)
    if not inspector.has_table("cases"):
        shown = engine.url.render_as_string(hide_password=True)
        raise UserError(
            f"数据库 {shown} 中还没有病例表（cases）：病例录入尚未启用，无法核对“已开展未上报”。",
            hint="请先升级数据库（rtech db upgrade）并录入病例，或不加 --reconcile 运行。",
        )
    present = {c["name"] for c in inspector.get_columns("cases")}
    missing = [c for c in _COLUMNS if c not in present]
    if missing:
        raise UserError(f"病例表（cases）缺少列：{'、'.join(missing)}，无法核对。")
    cases = Table("cases", MetaData(), autoload_with=engine)
    query = select(cases.c.record_no, cases.c.technology).where(cases.c.status.in_(FILED_STATUSES))
    with engine.connect() as connection:
        return {
            (record_key(str(record_no)), str(technology))
            for record_no, technology in connection.execute(query)
            if record_no is not None
        }
