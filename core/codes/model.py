"""Value sets and code rules: the data a technology plugin declares for screening.

Codes are ICD-10 (疾病分类与代码国家临床版2.0) diagnoses and ICD-9-CM-3
(手术操作分类代码国家临床版3.0) procedures, exactly as the seed prints them
(2022 第二部分 编制说明 四).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from rtech.catalog import Citation

__all__ = ["CodeEntry", "CodeKind", "CodeRange", "CodeRules", "Rule", "RuleMatch", "ValueSet"]


class CodeKind(StrEnum):
    """Which coding system a code belongs to."""

    DIAGNOSIS = "diagnosis"  # ICD-10
    PROCEDURE = "procedure"  # ICD-9-CM-3

    @property
    def label(self) -> str:
        return {"diagnosis": "疾病诊断（ICD-10）", "procedure": "手术/操作（ICD-9-CM-3）"}[
            self.value
        ]


#: 2022 第二部分 编制说明 二: how the cases of a technology are identified, by the shape
#: of its rule (the words a generated codes.py cites).
EXPLANATION_2: Final[Mapping[str, str]] = {
    "any_procedure": (
        "部分限制类技术现有手术/操作名称及编码能够较为全面地反映技术定义内涵，"
        "可通过手术/操作编码直接识别，不再罗列相关疾病诊断及编码"
    ),
    "diagnosis_and_procedure": (
        "部分限制类技术需要疾病诊断与手术/操作编码相结合进行识别；备注：需结合诊断"
    ),
}
#: 2022 第二部分 编制说明 三, a note of every technology's rules.
EXPLANATION_3: Final = (
    "编制说明 三：未纳入本《编码》的疾病诊断、手术/操作不作为省级限制类技术进行管理。"
)


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of a code table: code, Chinese name and remark (备注).

    ``aliases``: other names the code is searched by (冠心病 for
    动脉粥样硬化性心脏病) and mnemonic codes (a HIS dictionary's 助记码, in
    Latin letters); never printed as the code's name.
    """

    code: str
    name: str
    remark: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeRange:
    """A range of codes by category, both ends inclusive: ``C00``-``C97``.

    ``C00``-``C97`` includes every code whose category lies between the ends,
    ``C00.000`` through ``C97.x00``: a code is compared on as many leading
    characters as each end has.
    """

    start: str
    end: str
    name: str = ""

    def contains(self, key: str) -> bool:
        """Whether a matching key (upper case, see :func:`rtech.codes.normalize.squeeze`)
        falls in the range."""
        start, end = self.start.upper(), self.end.upper()
        return start <= key[: len(start)] and key[: len(end)] <= end

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class ValueSet:
    """A named list of codes of one kind, with the seed table it comes from."""

    id: str
    kind: CodeKind
    title: str
    entries: tuple[CodeEntry, ...] = ()
    ranges: tuple[CodeRange, ...] = ()
    citation: Citation | None = None

    def pick(self, aliases: Mapping[str, tuple[str, ...]]) -> tuple[CodeEntry, ...]:
        """Entries of this set by code, in the order of ``aliases``: code and name as the
        set prints them (not the remark), each with the other names clinicians type.

        :raises KeyError: a code the set does not list.
        """
        listed = {entry.code: entry for entry in self.entries}
        missing = [code for code in aliases if code not in listed]
        if missing:
            raise KeyError(f"{self.id} does not list {', '.join(missing)}")
        return tuple(
            CodeEntry(code, listed[code].name, aliases=tuple(names))
            for code, names in aliases.items()
        )


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """Why one record is a case: the codes that made the match, as listed.

    ``needs_review`` is set when the codes alone cannot decide, because every
    matched procedure carries a qualifying remark (备注 other than 需结合诊断);
    ``review_reasons`` are those remarks, each with its code.
    """

    rule: str
    matched_codes: tuple[str, ...]
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()


class Rule:
    """Base of the rule shapes in :mod:`rtech.codes.rules`.

    A rule decides from the codes of one discharge record whether the record is a
    case of the technology. Plugins compose the shapes; they do not subclass.
    Codes reach :meth:`evaluate` as matching keys (NFKC, no whitespace, upper
    case: :func:`rtech.codes.normalize.squeeze`).
    """

    id: str = ""

    def describe(self) -> str:
        """The rule in Chinese, for ``rtech rules show``."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The rule as data (JSON-ready)."""
        raise NotImplementedError

    def value_sets(self) -> tuple[ValueSet, ...]:
        """The value sets the rule reads."""
        raise NotImplementedError

    def evaluate(self, diagnoses: Collection[str], procedures: Collection[str]) -> RuleMatch | None:
        """Decide one record from its diagnosis and procedure keys."""
        raise NotImplementedError

    def decided_by_triggers(self) -> bool:
        """Whether :meth:`evaluate` reads nothing but the record's trigger keys
        (then screening may decide a record from those codes alone)."""
        return False

    def trigger_keys(self) -> frozenset[tuple[CodeKind, str]] | None:
        """Codes of which a record must hold at least one for the rule to match.

        Screening uses them to skip records cheaply; ``None`` means there is no
        such set (every record must be evaluated).
        """
        raise NotImplementedError


@dataclass(frozen=True)
class CodeRules:
    """What a technology plugin supplies for one edition: value sets and a rule."""

    edition: str
    value_sets: tuple[ValueSet, ...]
    rule: Rule
    citation: Citation
    notes: tuple[str, ...] = field(default=())
    #: where the rules come from: "plugin", or "imported vN" for an imported table
    source: str = "plugin"

    @classmethod
    def of_2022(cls, catalog_no: str, rule: Rule, citation: Citation | None = None) -> CodeRules:
        """A technology's rules in the 2022 edition (第二部分): the value sets its
        ``rule`` reads, cited to 编制说明 二's words for the rule's shape (or to
        ``citation``, a note of the technology's own table), 编制说明 三 as a note.

        :raises ValueError: a shape 编制说明 二 does not describe, without ``citation``.
        """
        if citation is None:
            quote = EXPLANATION_2.get(rule.id)
            if quote is None:
                raise ValueError(
                    f"2022 {catalog_no}: {rule.id} is no shape of 编制说明 二, give its citation"
                )
            citation = Citation("2022", catalog_no, "第二部分 编制说明 二", quote=quote)
        return cls("2022", rule.value_sets(), rule, citation, notes=(EXPLANATION_3,))

    @property
    def codes(self) -> int:
        """How many listed codes (ranges not counted) the value sets hold."""
        return sum(len(v.entries) for v in self.value_sets)
