"""Code tables as an administrator imported them: plain data, for the store and the rules.

:mod:`rtech.store.codetables` keeps them (one version per import);
:mod:`rtech.codes.imported` reads them from files and turns them into rules.
Defined here, below both, so that the codes never import the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["StoredEntry", "StoredTable"]


@dataclass(frozen=True)
class StoredEntry:
    kind: str
    code: str
    name: str
    remark: str = ""
    range_end: str | None = None


@dataclass(frozen=True)
class StoredTable:
    edition: str
    technology: str
    version: int
    source_name: str
    source_sha256: str
    imported_by: str
    imported_at: datetime | None
    withdrawn: bool
    entries: tuple[StoredEntry, ...]
