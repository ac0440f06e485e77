"""The rule shapes technology plugins compose (2022 第二部分 编制说明 二).

编制说明 二 names three ways a technology is identified in coded records:
directly by a procedure code (:class:`AnyProcedure`); by a diagnosis together
with a procedure, the remark "需结合诊断" (:class:`DiagnosisAndProcedure`, whose
diagnosis value set may hold listed codes and ranges by category such as
C00-C97); and by combining several procedure codes, as in 2022 S01's note
"1+2、1+3、1+4或者1+5" (:class:`AnchorWithPartner`).

Codes match exactly as listed, with no expansion to child codes (编制说明 三:
未纳入本《编码》的疾病诊断、手术/操作不作为省级限制类技术进行管理).

A remark other than 需结合诊断 (e.g. 00.6600 "针对复杂冠状动脉病变…") qualifies a
code in a way codes cannot decide: a match whose matched procedures all carry
such a remark is flagged ``needs_review``, with the remarks as reasons.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from rtech.codes.model import CodeEntry, CodeKind, Rule, RuleMatch, ValueSet
from rtech.codes.normalize import code_key

__all__ = [
    "NEEDS_DIAGNOSIS",
    "AnchorWithPartner",
    "AnyProcedure",
    "DiagnosisAndProcedure",
    "is_qualifier",
    "value_set_to_dict",
]

#: The remark that asks for a diagnosis; it is a rule, not a qualifier.
NEEDS_DIAGNOSIS: Final = "需结合诊断"


def is_qualifier(remark: str) -> bool:
    """A remark that narrows its code beyond what codes can tell."""
    remark = remark.strip()
    return bool(remark) and remark != NEEDS_DIAGNOSIS


_RANGED_KEPT: Final = 1 << 16  # keys whose range membership a lookup remembers


class _Lookup:
    """Matching keys of a value set, mapped back to the listed entries."""

    def __init__(self, value_set: ValueSet, only: Iterable[str] | None = None) -> None:
        wanted = None if only is None else {code_key(c) for c in only}
        self.value_set = value_set
        self.entries: dict[str, CodeEntry] = {}
        for entry in value_set.entries:
            key = code_key(entry.code)
            if wanted is None or key in wanted:
                self.entries[key] = entry
        if wanted is not None and wanted - self.entries.keys():
            missing = ", ".join(sorted(wanted - self.entries.keys()))
            raise ValueError(f"{value_set.id}: codes not in the value set: {missing}")
        self.ranges = value_set.ranges
        # key -> whether a range holds it (a record's keys repeat from record to record)
        self._in_range: dict[str, bool] = {}

    def _ranged(self, key: str) -> bool:
        known = self._in_range.get(key)
        if known is None:
            known = any(r.contains(key) for r in self.ranges)
            if len(self._in_range) < _RANGED_KEPT:
                self._in_range[key] = known
        return known

    def find(self, keys: Collection[str]) -> list[str]:
        """The record's keys that are listed (or in a range), in record order."""
        entries = self.entries
        found = [k for k in keys if k in entries]
        if self.ranges:
            ranged = self._ranged
            found += [k for k in keys if k not in entries and ranged(k)]
        return list(dict.fromkeys(found)) if len(found) > 1 else found

    def shown(self, key: str) -> str:
        entry = self.entries.get(key)
        return entry.code if entry is not None else key


def _review(lookup: _Lookup, keys: list[str]) -> tuple[bool, tuple[str, ...]]:
    """needs_review when every matched procedure carries a qualifying remark."""
    entries = [lookup.entries[k] for k in keys]
    if entries and all(is_qualifier(e.remark) for e in entries):
        return True, tuple(dict.fromkeys(f"{e.code}：{e.remark.strip()}" for e in entries))
    return False, ()


def _check_kind(value_set: ValueSet, kind: CodeKind, role: str) -> None:
    if value_set.kind is not kind:
        raise ValueError(f"{role} must be a {kind.value} value set, got {value_set.id}")


@dataclass(frozen=True, eq=False)
class AnyProcedure(Rule):
    """Any listed procedure identifies a case (编制说明 二: 可通过手术/操作编码直接识别)."""

    procedures: ValueSet
    id: str = "any_procedure"
    _lookup: _Lookup = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_kind(self.procedures, CodeKind.PROCEDURE, "procedures")
        object.__setattr__(self, "_lookup", _Lookup(self.procedures))

    def describe(self) -> str:
        count = len(self.procedures.entries)
        return f"病案中有任一所列手术/操作编码（{self.procedures.title}，{count} 个）"

    def to_dict(self) -> dict[str, Any]:
        return {"shape": self.id, "description": self.describe(), "procedures": self.procedures.id}

    def value_sets(self) -> tuple[ValueSet, ...]:
        return (self.procedures,)

    def evaluate(self, diagnoses: Collection[str], procedures: Collection[str]) -> RuleMatch | None:
        keys = self._lookup.find(procedures)
        if not keys:
            return None
        review, reasons = _review(self._lookup, keys)
        return RuleMatch(self.id, tuple(self._lookup.shown(k) for k in keys), review, reasons)

    def trigger_keys(self) -> frozenset[tuple[CodeKind, str]] | None:
        return frozenset((CodeKind.PROCEDURE, k) for k in self._lookup.entries)

    def decided_by_triggers(self) -> bool:
        return True  # every listed procedure is a trigger key; nothing else is read


@dataclass(frozen=True, eq=False)
class DiagnosisAndProcedure(Rule):
    """A listed diagnosis (main or other) AND a listed procedure ("需结合诊断").

    The diagnosis value set may list codes, ranges by category (C00-C97), or both.
    """

    diagnoses: ValueSet
    procedures: ValueSet
    id: str = "diagnosis_and_procedure"
    _dx: _Lookup = field(init=False, repr=False)
    _px: _Lookup = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_kind(self.diagnoses, CodeKind.DIAGNOSIS, "diagnoses")
        _check_kind(self.procedures, CodeKind.PROCEDURE, "procedures")
        object.__setattr__(self, "_dx", _Lookup(self.diagnoses))
        object.__setattr__(self, "_px", _Lookup(self.procedures))

    def describe(self) -> str:
        parts = []
        if self.diagnoses.entries:
            parts.append(f"所列诊断编码 {len(self.diagnoses.entries)} 个")
        parts += [f"诊断编码范围 {r}" for r in self.diagnoses.ranges]
        return (
            f"病案的任一诊断（主要或其他）符合{'或'.join(parts)}，"
            f"且有任一所列手术/操作编码（{len(self.procedures.entries)} 个）"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": self.id,
            "description": self.describe(),
            "diagnoses": self.diagnoses.id,
            "procedures": self.procedures.id,
        }

    def value_sets(self) -> tuple[ValueSet, ...]:
        return (self.diagnoses, self.procedures)

    def evaluate(self, diagnoses: Collection[str], procedures: Collection[str]) -> RuleMatch | None:
        px = self._px.find(procedures)
        if not px:
            return None
        dx = self._dx.find(diagnoses)
        if not dx:
            return None
        review, reasons = _review(self._px, px)
        shown = tuple(self._dx.shown(k) for k in dx) + tuple(self._px.shown(k) for k in px)
        return RuleMatch(self.id, shown, review, reasons)

    def trigger_keys(self) -> frozenset[tuple[CodeKind, str]] | None:
        return frozenset((CodeKind.PROCEDURE, k) for k in self._px.entries)


@dataclass(frozen=True, eq=False)
class AnchorWithPartner(Rule):
    """An anchor procedure together with any partner procedure in the same record.

    2022 S01 注："可以通过1+2、1+3、1+4或者1+5来筛选检查病历" — code 1 with any
    of codes 2-5 of the table.
    """

    procedures: ValueSet
    anchors: tuple[str, ...]
    partners: tuple[str, ...]
    id: str = "anchor_with_partner"
    _anchor: _Lookup = field(init=False, repr=False)
    _partner: _Lookup = field(init=False, repr=False)
    _all: _Lookup = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check_kind(self.procedures, CodeKind.PROCEDURE, "procedures")
        object.__setattr__(self, "_all", _Lookup(self.procedures))
        if not self.anchors or not self.partners:
            raise ValueError("an anchor rule needs anchors and partners")
        object.__setattr__(self, "_anchor", _Lookup(self.procedures, self.anchors))
        object.__setattr__(self, "_partner", _Lookup(self.procedures, self.partners))

    def describe(self) -> str:
        return (
            f"病案中同时有手术/操作编码 {'、'.join(self.anchors)} "
            f"与 {'、'.join(self.partners)} 中的任一个"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": self.id,
            "description": self.describe(),
            "procedures": self.procedures.id,
            "anchors": list(self.anchors),
            "partners": list(self.partners),
        }

    def value_sets(self) -> tuple[ValueSet, ...]:
        return (self.procedures,)

    def evaluate(self, diagnoses: Collection[str], procedures: Collection[str]) -> RuleMatch | None:
        anchors = self._anchor.find(procedures)
        if not anchors:
            return None
        partners = [k for k in self._partner.find(procedures) if k not in anchors]
        if not partners:
            return None
        review, reasons = _review(self._all, anchors + partners)
        shown = tuple(self._anchor.shown(k) for k in anchors) + tuple(
            self._partner.shown(k) for k in partners
        )
        return RuleMatch(self.id, shown, review, reasons)

    def trigger_keys(self) -> frozenset[tuple[CodeKind, str]] | None:
        # Every match needs an anchor: the anchors alone are a sufficient filter.
        return frozenset((CodeKind.PROCEDURE, k) for k in self._anchor.entries)


def value_set_to_dict(value_set: ValueSet) -> dict[str, Any]:
    """A value set as data: every code with its name and remark, and its ranges."""
    return {
        "id": value_set.id,
        "kind": value_set.kind.value,
        "title": value_set.title,
        "citation": str(value_set.citation) if value_set.citation else None,
        "codes": [{"code": e.code, "name": e.name, "remark": e.remark} for e in value_set.entries],
        "ranges": [{"start": r.start, "end": r.end, "name": r.name} for r in value_set.ranges],
    }
