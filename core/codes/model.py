"""Value sets and code rules: the data a technology plugin declares for screening.

Codes are ICD-10 (疾病分类与代码国家临床版2.0) diagnoses and ICD-9-CM-3
(手术操作分类代码国家临床版3.0) procedures, exactly as the seed prints them
(2022 第二部分 编制说明 四).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.catalog import Citation

__all__ = ["CodeEntry", "CodeKind", "CodeRange", "CodeRules", "Rule", "ValueSet"]


class CodeKind(StrEnum):
    """Which coding system a code belongs to."""

    DIAGNOSIS = "diagnosis"  # ICD-10
    PROCEDURE = "procedure"  # ICD-9-CM-3

    @property
    def label(self) -> str:
        return {"diagnosis": "疾病诊断（ICD-10）", "procedure": "手术/操作（ICD-9-CM-3）"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of a seed code table: code, Chinese name and remark (备注)."""

    code: str
    name: str
    remark: str = ""


@dataclass(frozen=True, slots=True)
class CodeRange:
    """A range of codes by category, both ends inclusive: ``C00``-``C97``."""

    start: str
    end: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class ValueSet:
    """A named list of codes of one kind, with the seed table it comes from."""

    id: str
    kind: CodeKind
    title: str
    entries: tuple[CodeEntry, ...] = ()
    ranges: tuple[CodeRange, ...] = ()
    citation: Citation | None = None


class Rule:
    """Base of the rule shapes in :mod:`core.codes.rules`.

    A rule decides from the codes of one discharge record whether the record is a
    case of the technology. Plugins compose the shapes; they do not subclass.
    """

    id: str = ""

    def describe(self) -> str:
        """The rule in Chinese, for ``rtech rules show``."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The rule as data (JSON-ready)."""
        raise NotImplementedError


@dataclass(frozen=True)
class CodeRules:
    """What a technology plugin supplies for one edition: value sets and a rule."""

    edition: str
    value_sets: tuple[ValueSet, ...]
    rule: Rule
    citation: Citation
    notes: tuple[str, ...] = field(default=())
