"""Reconciliation: matches with no filed case — "performed but never filed".

A match is filed when the case store holds a case of the same technology and
record number (病案号, ``patient.record_no`` of the form) whose status is
``submitted`` or ``signed``. Record numbers compare
after NFKC and without whitespace.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Final

from sqlalchemy import Engine

from rtech.errors import UserError
from rtech.screening.evaluate import Match

__all__ = ["FILED_STATUSES", "filed_keys", "record_key", "unfiled"]

FILED_STATUSES: Final = ("submitted", "signed")


def record_key(record_no: str) -> str:
    return "".join(unicodedata.normalize("NFKC", record_no).split())


def unfiled(matches: Iterable[Match], filed: set[tuple[str, str]]) -> Iterator[Match]:
    """The matches whose (record number, technology) has no filed case."""
    for match in matches:
        if (record_key(match.record_id), match.technology) not in filed:
            yield match


def filed_keys(engine: Engine) -> set[tuple[str, str]]:
    """(record number, technology) of every submitted or signed case of the store."""
    from rtech.store import Store
    from rtech.store import cases as case_store
    from rtech.store.migrate import current_revision, head_revision

    if current_revision(engine) != head_revision():
        shown = engine.url.render_as_string(hide_password=True)
        raise UserError(
            f"数据库 {shown} 的结构不是最新版本，无法核对“已开展未上报”。",
            hint="请先运行 rtech db upgrade，或不加 --reconcile 运行。",
        )
    with Store(engine).read() as session:
        return {
            (record_key(record_no), technology)
            for record_no, technology in case_store.filed_keys(session)
        }
