"""A searchable index of diagnosis and procedure codes.

The index holds every code list of the installation, one entry per code: the
plugins' code rules (both editions), the lists of ``rtech_code_lists``, each
technology's curated lists (``rtech_curated_codes``) and the hospital's
dictionaries in force (``rtech codes import``). An entry is found by its code,
its name, or an alias (another name, or a HIS 助记码). A query is matched, best
first, as

0. the exact code (``I21.9``, ``i219``), name or alias;
1. exact pinyin initials (``gxb`` for 冠心病);
2. a code prefix (``36.07``), a name prefix;
3. an initials or full-pinyin prefix;
4. a substring of the name, of the initials, of the full pinyin.

A search is *tiered*: exact matches first, then the matches of each tier of
lists in turn (a case's technology's curated lists, its catalog lists, the
hospital's dictionary), then the rest; within a tier, by the order above.

Prefix lookups bisect sorted keys; substring lookups scan one joined string per
key with ``str.find`` (C speed) and stop after enough hits, so a keystroke costs
well under a millisecond per ten thousand entries.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rtech.catalog import EDITIONS
from rtech.codes.model import CodeEntry, CodeKind, ValueSet
from rtech.intake.pinyin import fold, pinyin_keys

if TYPE_CHECKING:
    from rtech.host import Host
    from rtech.store import Store

__all__ = [
    "CODESET_KINDS",
    "DICTIONARY_SETS",
    "TIER_LABELS",
    "CodeIndex",
    "CodeItem",
    "CodeMatch",
    "code_index",
    "dictionary_signature",
    "looks_like_code",
    "lookup",
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
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class CodeMatch:
    item: CodeItem
    rank: float
    how: str  # "code", "name", "initials", "pinyin"
    tier: int = 0  # the tier of lists it was found in (len(tiers): none of them)


class _Keys:
    """Keys of items (several per item): sorted for prefixes, joined for substrings."""

    def __init__(self, keys: list[str], owners: list[int]) -> None:
        self.exact: dict[str, list[int]] = {}
        for key, owner in zip(keys, owners, strict=True):
            if key:
                self.exact.setdefault(key, []).append(owner)
        pairs = sorted((key, owner) for key, owner in zip(keys, owners, strict=True) if key)
        self.sorted_keys = [key for key, _ in pairs]
        self.sorted_items = [owner for _, owner in pairs]
        self.owners = owners
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
            key = bisect.bisect_right(self.starts, position) - 1
            yield self.owners[key]
            found += 1
            position = self.blob.find(
                query, self.starts[key + 1] if key + 1 < len(self.starts) else len(self.blob)
            )


def _is_mnemonic(alias: str) -> bool:
    """A HIS 助记码 (Latin letters and digits), searched like pinyin initials."""
    return alias.isascii() and alias.isalnum()


#: An item's search keys: ``(name, initials, full pinyin)`` for its name and each
#: alias (a 助记码 has no name and no full pinyin).
ItemKeys = tuple[tuple[str, str, str], ...]


def item_keys(item: CodeItem) -> ItemKeys:
    keys = []
    for name in (item.name, *item.aliases):
        if _is_mnemonic(name):
            keys.append(("", name.lower(), ""))
        else:
            keys.append((fold(name), *pinyin_keys(name)))
    return tuple(keys)


#: A match on an alias ranks half a step below the same match on the name.
_ALIAS = 0.5


class _SubIndex:
    """The search keys of some items. A key's owner is ``2 * item + (1 if it is an alias)``."""

    def __init__(self, items: list[CodeItem], keys_of: Callable[[CodeItem], ItemKeys]) -> None:
        self.items = items
        self.codes = _Keys(
            [normalise_code(i.code) for i in items], [2 * n for n in range(len(items))]
        )
        names: list[str] = []
        owners: list[int] = []
        initials: list[str] = []
        full: list[str] = []
        spoken: list[int] = []  # owners of the initials and full keys
        for index, item in enumerate(items):
            for number, (name, first, whole) in enumerate(keys_of(item)):
                owner = 2 * index + (1 if number else 0)
                if name:
                    names.append(name)
                    owners.append(owner)
                initials.append(first)
                full.append(whole)
                spoken.append(owner)
        self.names = _Keys(names, owners)
        self.initials = _Keys(initials, spoken)
        self.pinyin = _Keys(full, spoken)

    def match(self, text: str, limit: int, *, exact_only: bool = False) -> list[CodeMatch]:
        """The best ``limit`` items for the folded query ``text``, best first."""
        best: dict[int, tuple[float, str]] = {}

        def offer(owners: Iterable[int], rank: float, how: str) -> None:
            for owner in owners:
                index, alias = divmod(owner, 2)
                score = rank + _ALIAS * alias
                current = best.get(index)
                if current is None or score < current[0]:
                    best[index] = (score, how)

        code = normalise_code(text)
        cap = max(limit * 8, 64)
        spelled = text.isascii() and text.isalnum()
        if code and code[0].isalnum() and any(c.isdigit() for c in code):
            offer(self.codes.exact.get(code, ()), 0, "code")
            if not exact_only:
                offer(self.codes.prefix(code, cap), 2, "code")
        offer(self.names.exact.get(text, ()), 0, "name")
        if not exact_only:
            offer(self.names.prefix(text, cap), 2, "name")
            if spelled:
                offer(self.initials.exact.get(text, ()), 1, "initials")
                offer(self.initials.prefix(text, cap), 3, "initials")
                offer(self.pinyin.prefix(text, cap), 3, "pinyin")
            if len(best) < limit:
                offer(self.names.substring(text, _SCAN_CAP), 4, "name")
            if len(best) < limit and spelled:
                offer(self.initials.substring(text, _SCAN_CAP), 5, "initials")
                offer(self.pinyin.substring(text, _SCAN_CAP), 6, "pinyin")

        def order(index: int) -> tuple[float, str, int, str]:
            rank, how = best[index]
            item = self.items[index]
            # Codes found by code read in code order; by name, shortest name first.
            by_code = normalise_code(item.code) if how == "code" else ""
            return (rank, by_code, len(item.name), item.code)

        chosen = sorted(best, key=order)[:limit]
        return [CodeMatch(self.items[i], best[i][0], best[i][1]) for i in chosen]


@dataclass
class CodeIndex:
    """The code lists of an installation, searchable by code, name and pinyin."""

    items: list[CodeItem] = field(default_factory=list)
    _by_code: dict[tuple[CodeKind | None, str], CodeItem] = field(default_factory=dict)
    _parts_cache: dict[tuple[str, tuple[frozenset[str], ...]], list[_SubIndex]] = field(
        default_factory=dict
    )
    _set_kinds: dict[str, CodeKind] = field(default_factory=dict)
    _keys: dict[int, ItemKeys] = field(default_factory=dict)  # id(item) -> keys, computed once

    @classmethod
    def from_value_sets(cls, value_sets: Iterable[ValueSet]) -> CodeIndex:
        """One entry per (kind, code): its first name; later names become aliases."""
        index = cls()
        merged: dict[tuple[CodeKind, str], tuple[CodeEntry, list[str], list[str]]] = {}
        for value_set in value_sets:
            index._set_kinds.setdefault(value_set.id, value_set.kind)
            for entry in value_set.entries:
                key = (value_set.kind, normalise_code(entry.code))
                found = merged.get(key)
                if found is None:
                    merged[key] = (entry, [value_set.id], list(entry.aliases))
                    continue
                first, sets, aliases = found
                sets.append(value_set.id)
                for name in (entry.name, *entry.aliases):
                    if name != first.name and name not in aliases:
                        aliases.append(name)
        for (kind, code), (entry, sets, aliases) in merged.items():
            item = CodeItem(
                entry.code,
                entry.name,
                kind,
                tuple(dict.fromkeys(sets)),
                entry.remark,
                tuple(aliases),
            )
            index.items.append(item)
            index._by_code[(kind, code)] = item
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

    def _members(self, codeset: str) -> list[CodeItem]:
        """The entries of ``codeset``: a kind (icd10, icd9cm3) or one value set."""
        kind = CODESET_KINDS.get(codeset)
        if kind is not None:
            return [i for i in self.items if i.kind is kind]
        return [i for i in self.items if codeset in i.sets]

    def _parts(self, codeset: str, groups: tuple[frozenset[str], ...] = ()) -> list[_SubIndex]:
        """``codeset`` split by ``groups``: an index of the entries of each group (those of
        an earlier group excluded), then one of the entries of none. Every entry is
        indexed once, so a split costs what the whole list costs."""
        key = (codeset, groups)
        parts = self._parts_cache.get(key)
        if parts is None:
            chosen: list[list[CodeItem]] = [[] for _ in range(len(groups) + 1)]
            for item in self._members(codeset):
                tier = next(
                    (n for n, g in enumerate(groups) if g.intersection(item.sets)), len(groups)
                )
                chosen[tier].append(item)
            parts = [_SubIndex(items, self._keys_of) for items in chosen]
            self._parts_cache[key] = parts
        return parts

    def _keys_of(self, item: CodeItem) -> ItemKeys:
        keys = self._keys.get(id(item))
        if keys is None:
            keys = self._keys[id(item)] = item_keys(item)
        return keys

    def warm(self, codesets: Iterable[str], tiers: Sequence[Collection[str]] = ()) -> None:
        """Build the per-list structures now (they are built on first use otherwise)."""
        groups = tuple(frozenset(t) for t in tiers)
        for codeset in codesets:
            self._parts(codeset, groups)

    def get(self, code: str, codeset: str) -> CodeItem | None:
        """The entry with exactly this code in ``codeset``."""
        item = self._by_code.get((self.kind_of(codeset), normalise_code(code)))
        if item is None or (codeset not in CODESET_KINDS and codeset not in item.sets):
            return None
        return item

    def search(
        self,
        query: str,
        codeset: str,
        *,
        limit: int = 8,
        tiers: Sequence[Collection[str]] = (),
    ) -> list[CodeMatch]:
        """The best ``limit`` entries of ``codeset`` for ``query``, best first.

        ``tiers``: groups of value-set ids searched in turn (a case's
        technology's curated lists, its catalog lists, the hospital's
        dictionary); exact matches come first whatever their tier, the entries
        of no tier last. Each tier is indexed on its own, so its entries are
        found however many entries of later tiers match as well.
        """
        text = fold(query)
        if not text:
            return []
        parts = self._parts(codeset, tuple(frozenset(t) for t in tiers))
        found = [
            CodeMatch(m.item, m.rank, m.how, tier)
            for tier, part in enumerate(parts)
            for m in part.match(text, limit, exact_only=True)
        ]
        seen = {id(m.item) for m in found}
        for tier, part in enumerate(parts):
            if len(found) >= limit:
                break
            for match in part.match(text, limit):
                if id(match.item) not in seen:
                    seen.add(id(match.item))
                    found.append(CodeMatch(match.item, match.rank, match.how, tier))
        return found[:limit]


_CACHE: dict[tuple[int, tuple[int, ...]], tuple[object, CodeIndex]] = {}


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
    for technology in host.technologies:
        try:
            yield from host.curated_codes(technology.slug)
        except Exception:
            log.exception("curated codes of %s failed", technology.slug)
    try:
        yield from host.code_lists()
    except Exception:
        log.exception("rtech_code_lists failed")


#: The value-set id of the hospital's dictionary of each kind.
DICTIONARY_SETS = {
    CodeKind.DIAGNOSIS: "dictionary.diagnoses",
    CodeKind.PROCEDURE: "dictionary.procedures",
}


def _dictionaries(store: Store) -> Iterator[ValueSet]:
    from rtech.store import dictionaries

    with store.read() as session:
        for info in dictionaries.in_force(session):
            kind = CodeKind(info.kind)
            rows = dictionaries.entries(session, info.id)
            yield ValueSet(
                DICTIONARY_SETS[kind],
                kind,
                f"本院{info.kind_label}字典 {info.version}",
                tuple(CodeEntry(r.code, r.name, r.remark, r.aliases) for r in rows),
            )


def dictionary_signature(store: Store) -> tuple[int, ...]:
    """What identifies the dictionaries in force (cheap: read when an intake opens)."""
    from rtech.store import dictionaries

    with store.read() as session:
        return dictionaries.signature(session)


def code_index(
    host: Host, store: Store | None = None, signature: tuple[int, ...] | None = None
) -> CodeIndex:
    """The index of every code list of the host's plugins and the store's dictionaries.

    Built once per host and set of dictionaries in force (``signature``, see
    :func:`dictionary_signature`; read from ``store`` when not given).
    """
    if store is not None and signature is None:
        signature = dictionary_signature(store)
    key = (id(host), signature or ())
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is host:
        return cached[1]
    sets = list(_value_sets(host))
    if store is not None and signature:
        sets.extend(_dictionaries(store))
    index = CodeIndex.from_value_sets(sets)
    _CACHE.clear()
    _CACHE[key] = (host, index)
    return index


#: What each tier of :func:`lookup` is, for the user: 本技术 (the technology's
#: curated lists), 本技术目录 (its catalog lists), 本院字典, 其他.
TIER_LABELS = ("本技术", "本技术目录", "本院字典", "其他")


def lookup(
    host: Host,
    store: Store | None,
    query: str,
    *,
    technology: str | None = None,
    kind: CodeKind | None = None,
    limit: int = 8,
) -> list[tuple[CodeMatch, str]]:
    """Codes for ``query`` as a case of ``technology`` finds them, with their tier's label.

    Both kinds unless ``kind`` is given; without a technology, the hospital's
    dictionary comes first. ``rtech codes search`` shows what the intake offers.
    """
    from rtech.intake.cases import code_tiers

    tiers = (
        code_tiers(host, technology) if technology else ((), (), tuple(DICTIONARY_SETS.values()))
    )
    index = code_index(host, store)
    kinds = [kind] if kind is not None else list(CodeKind)
    codesets = {k: name for name, k in CODESET_KINDS.items()}
    found = [m for k in kinds for m in index.search(query, codesets[k], limit=limit, tiers=tiers)]
    found.sort(key=lambda m: (m.rank >= 1, m.tier, m.rank))
    return [(m, TIER_LABELS[min(m.tier, len(TIER_LABELS) - 1)]) for m in found[:limit]]
