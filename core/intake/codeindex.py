"""A searchable index of diagnosis and procedure codes.

The index holds every value set the plugins supply (code rules of both
editions, and the lists of ``rtech_code_lists``), one entry per code. A query
is matched, best first, as

0. the exact code (``I21.9``, ``i219``) or the exact name;
1. exact pinyin initials (``gxb`` for 冠心病);
2. a code prefix (``36.07``), a name prefix;
3. an initials or full-pinyin prefix;
4. a substring of the name, of the initials, of the full pinyin.

Prefix lookups bisect sorted keys; substring lookups scan one joined string per
key with ``str.find`` (C speed) and stop after enough hits, so a keystroke costs
well under a millisecond per ten thousand entries.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rtech.catalog import EDITIONS
from rtech.codes.model import CodeKind, ValueSet
from rtech.intake.pinyin import fold, pinyin_keys

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = [
    "CODESET_KINDS",
    "CodeIndex",
    "CodeItem",
    "CodeMatch",
    "code_index",
    "looks_like_code",
    "normalise_code",
]

log = logging.getLogger("rtech.intake")

#: The built-in code lists: every diagnosis, every procedure.
CODESET_KINDS = {"icd10": CodeKind.DIAGNOSIS, "icd9cm3": CodeKind.PROCEDURE}

_ICD10 = re.compile(r"^[A-Z]\d{2}(\.\d{1,4})?(X\d{3})?$")
_ICD9CM3 = re.compile(r"^\d{2}(\.\d{1,4})?(X\d{3})?$")
_SEPARATOR = "\x00"
_SCAN_CAP = 400


def normalise_code(text: str) -> str:
    """The comparable form of a code: upper case, no dots, spaces or dashes."""
    return re.sub(r"[.\s\-·。]", "", fold(text)).upper()


def display_code(text: str) -> str:
    """A typed code in its printed shape: ``i21.9`` -> ``I21.9``, ``36.07x004`` kept."""
    code = fold(text).upper()
    return code.replace("X", "x") if _ICD9CM3.match(code) or "X" in code[3:] else code


def looks_like_code(text: str, kind: CodeKind | None) -> bool:
    """A well-formed ICD-10 (diagnosis) or ICD-9-CM-3 (procedure) code."""
    code = fold(text).upper()
    if kind is CodeKind.DIAGNOSIS:
        return bool(_ICD10.match(code))
    if kind is CodeKind.PROCEDURE:
        return bool(_ICD9CM3.match(code))
    return bool(_ICD10.match(code) or _ICD9CM3.match(code))


@dataclass(frozen=True, slots=True)
class CodeItem:
    """One code of the index, with the value sets that list it."""

    code: str
    name: str
    kind: CodeKind
    sets: tuple[str, ...]
    remark: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class CodeMatch:
    item: CodeItem
    rank: float
    how: str  # "code", "name", "initials", "pinyin"


class _Keys:
    """One key per item: sorted for prefixes, joined for substrings."""

    def __init__(self, keys: list[str]) -> None:
        self.exact: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            if key:
                self.exact.setdefault(key, []).append(index)
        pairs = sorted((key, index) for index, key in enumerate(keys) if key)
        self.sorted_keys = [key for key, _ in pairs]
        self.sorted_items = [index for _, index in pairs]
        self.blob = _SEPARATOR.join(keys)
        self.starts: list[int] = []
        position = 0
        for key in keys:
            self.starts.append(position)
            position += len(key) + 1

    def prefix(self, query: str, cap: int) -> Iterator[int]:
        low = bisect.bisect_left(self.sorted_keys, query)
        for offset in range(low, min(low + cap, len(self.sorted_keys))):
            if not self.sorted_keys[offset].startswith(query):
                break
            yield self.sorted_items[offset]

    def substring(self, query: str, cap: int) -> Iterator[int]:
        if _SEPARATOR in query:
            return
        found = 0
        position = self.blob.find(query)
        while position != -1 and found < cap:
            item = bisect.bisect_right(self.starts, position) - 1
            yield item
            found += 1
            position = self.blob.find(
                query, self.starts[item + 1] if item + 1 < len(self.starts) else len(self.blob)
            )


class _SubIndex:
    def __init__(self, items: list[CodeItem]) -> None:
        self.items = items
        self.codes = _Keys([normalise_code(i.code) for i in items])
        self.names = _Keys([fold(i.name) for i in items])
        keys = [pinyin_keys(i.name) for i in items]
        self.initials = _Keys([first for first, _ in keys])
        self.pinyin = _Keys([full for _, full in keys])


@dataclass
class CodeIndex:
    """The code lists of an installation, searchable by code, name and pinyin."""

    items: list[CodeItem] = field(default_factory=list)
    _by_code: dict[str, CodeItem] = field(default_factory=dict)
    _subs: dict[str, _SubIndex] = field(default_factory=dict)
    _set_kinds: dict[str, CodeKind] = field(default_factory=dict)

    @classmethod
    def from_value_sets(cls, value_sets: Iterable[ValueSet]) -> CodeIndex:
        index = cls()
        merged: dict[tuple[CodeKind, str], tuple[CodeItem, list[str]]] = {}
        for value_set in value_sets:
            index._set_kinds.setdefault(value_set.id, value_set.kind)
            for entry in value_set.entries:
                key = (value_set.kind, normalise_code(entry.code))
                if key in merged:
                    merged[key][1].append(value_set.id)
                else:
                    item = CodeItem(entry.code, entry.name, value_set.kind, (), entry.remark)
                    merged[key] = (item, [value_set.id])
        for item, sets in merged.values():
            full = CodeItem(
                item.code, item.name, item.kind, tuple(dict.fromkeys(sets)), item.remark
            )
            index.items.append(full)
            index._by_code.setdefault(normalise_code(full.code), full)
        return index

    def __len__(self) -> int:
        return len(self.items)

    @property
    def set_ids(self) -> set[str]:
        return set(self._set_kinds)

    def kind_of(self, codeset: str) -> CodeKind | None:
        return CODESET_KINDS.get(codeset) or self._set_kinds.get(codeset)

    def knows(self, codeset: str) -> bool:
        return codeset in CODESET_KINDS or codeset in self._set_kinds

    def _sub(self, codeset: str) -> _SubIndex:
        sub = self._subs.get(codeset)
        if sub is None:
            kind = CODESET_KINDS.get(codeset)
            if kind is not None:
                chosen = [i for i in self.items if i.kind is kind]
            else:
                chosen = [i for i in self.items if codeset in i.sets]
            sub = _SubIndex(chosen)
            self._subs[codeset] = sub
        return sub

    def warm(self, codesets: Iterable[str]) -> None:
        """Build the per-list structures now (they are built on first use otherwise)."""
        for codeset in codesets:
            self._sub(codeset)

    def get(self, code: str, codeset: str) -> CodeItem | None:
        """The entry with exactly this code in ``codeset``."""
        sub = self._sub(codeset)
        hits = sub.codes.exact.get(normalise_code(code))
        return sub.items[hits[0]] if hits else None

    def search(
        self,
        query: str,
        codeset: str,
        *,
        limit: int = 8,
        prefer: Collection[str] = (),
    ) -> list[CodeMatch]:
        """The best ``limit`` entries of ``codeset`` for ``query``, best first.

        ``prefer``: value-set ids (the case's technology) whose entries win ties.
        """
        text = fold(query)
        if not text:
            return []
        sub = self._sub(codeset)
        best: dict[int, tuple[float, str]] = {}

        def offer(indexes: Iterable[int], rank: float, how: str) -> None:
            for index in indexes:
                current = best.get(index)
                if current is None or rank < current[0]:
                    best[index] = (rank, how)

        code = normalise_code(text)
        cap = max(limit * 8, 64)
        if code and code[0].isalnum() and any(c.isdigit() for c in code):
            offer(sub.codes.exact.get(code, ()), 0, "code")
            offer(sub.codes.prefix(code, cap), 2, "code")
        offer(sub.names.exact.get(text, ()), 0, "name")
        offer(sub.names.prefix(text, cap), 2, "name")
        if text.isascii() and text.isalnum():
            offer(sub.initials.exact.get(text, ()), 1, "initials")
            offer(sub.initials.prefix(text, cap), 3, "initials")
            offer(sub.pinyin.prefix(text, cap), 3, "pinyin")
        if len(best) < limit:
            offer(sub.names.substring(text, _SCAN_CAP), 4, "name")
        if len(best) < limit and text.isascii() and text.isalnum():
            offer(sub.initials.substring(text, _SCAN_CAP), 5, "initials")
            offer(sub.pinyin.substring(text, _SCAN_CAP), 6, "pinyin")
        preferred = set(prefer)

        def order(index: int) -> tuple[float, int, str, int, str]:
            rank, how = best[index]
            item = sub.items[index]
            bonus = 0 if preferred.intersection(item.sets) else 1
            # Codes found by code read in code order; by name, shortest name first.
            by_code = normalise_code(item.code) if how == "code" else ""
            return (rank, bonus, by_code, len(item.name), item.code)

        chosen = sorted(best, key=order)[:limit]
        return [CodeMatch(sub.items[i], best[i][0], best[i][1]) for i in chosen]


_CACHE: dict[int, tuple[object, CodeIndex]] = {}


def _value_sets(host: Host) -> Iterator[ValueSet]:
    for technology in host.technologies:
        for edition in EDITIONS:
            try:
                rules = host.code_rules(technology.slug, edition)
            except Exception:
                log.exception("code rules of %s %s failed", technology.slug, edition)
                continue
            if rules is not None:
                yield from rules.value_sets
    try:
        yield from host.code_lists()
    except Exception:
        log.exception("rtech_code_lists failed")


def code_index(host: Host) -> CodeIndex:
    """The index of every code list the host's plugins supply (built once per host)."""
    cached = _CACHE.get(id(host))
    if cached is not None and cached[0] is host:
        return cached[1]
    index = CodeIndex.from_value_sets(_value_sets(host))
    _CACHE.clear()
    _CACHE[id(host)] = (host, index)
    return index
