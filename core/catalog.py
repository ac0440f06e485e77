"""The catalog: technologies, editions, catalog numbers and seed citations.

A technology's *slug* is stable across editions; its catalog number belongs to an
edition (cardio is "S03" in the 2022 catalog and "S05" in 2023).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "EDITIONS",
    "EDITION_TITLES",
    "Citation",
    "Edition",
    "Technology",
]

Edition = Literal["2022", "2023"]

#: Editions in chronological order.
EDITIONS: Final[tuple[str, ...]] = ("2022", "2023")

#: The document each edition comes from (see ../shared/seeds/README.md).
EDITION_TITLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "2022": "省级限制类技术目录（2022年版）",
        "2023": "限制类技术临床应用管理规范和质量控制指标（2023年版）",
    }
)

_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_CATALOG_NO = re.compile(r"^S\d{2}$")


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause of a seed document, e.g. ``2023 S05 一(二)1``.

    ``quote`` holds the seed's own words where the citing object restates a rule,
    so a reader can compare them without opening the document.
    """

    edition: str
    catalog_no: str
    clause: str
    quote: str = ""

    def __post_init__(self) -> None:
        if self.edition not in EDITIONS:
            raise ValueError(f"unknown edition {self.edition!r}")
        if self.catalog_no and not _CATALOG_NO.match(self.catalog_no):
            raise ValueError(f"bad catalog number {self.catalog_no!r}")
        if not self.clause.strip():
            raise ValueError("a citation needs a clause")

    def __str__(self) -> str:
        return " ".join(p for p in (self.edition, self.catalog_no, self.clause) if p)


#: The sections of each edition's seed a technology is built from (its default ``sources``):
#: 2022 prints codes (第二部分), norm and indicators (附件2); 2023 the norm and indicators.
SEED_SECTIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "2022": ("第二部分 对应疾病诊断、手术/操作编码", "附件2 管理规范", "附件2 质量控制指标"),
        "2023": ("临床应用管理规范", "临床应用质量控制指标"),
    }
)


@dataclass(frozen=True, slots=True)
class Technology:
    """One restricted technology, as a plugin declares it.

    ``editions`` maps edition -> catalog number (``{"2022": "S03", "2023": "S05"}``);
    ``definitions`` maps edition -> the definition (技术定义) quoted from that
    edition's seed; ``sources`` are the seed sections the plugin is built from,
    by default every section of :data:`SEED_SECTIONS` in each of its editions.
    ``version`` is filled in by the host from the plugin's distribution.
    """

    slug: str
    name: str
    editions: Mapping[str, str]
    definitions: Mapping[str, str]
    sources: tuple[Citation, ...] = ()
    version: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not _SLUG.match(self.slug):
            raise ValueError(f"bad technology slug {self.slug!r}: lowercase letters, digits, '_'")
        if not self.name.strip():
            raise ValueError(f"technology {self.slug!r} has no name")
        for edition, number in self.editions.items():
            if edition not in EDITIONS:
                raise ValueError(f"{self.slug}: unknown edition {edition!r}")
            if not _CATALOG_NO.match(number):
                raise ValueError(f"{self.slug}: bad catalog number {number!r}")
        for edition in self.definitions:
            if edition not in self.editions:
                raise ValueError(
                    f"{self.slug}: definition for edition {edition!r}, "
                    "which the technology is not in"
                )
        if not self.sources:
            sections = tuple(
                Citation(edition, self.editions[edition], section)
                for edition in EDITIONS
                if edition in self.editions
                for section in SEED_SECTIONS[edition]
            )
            object.__setattr__(self, "sources", sections)
        # Freeze the mappings so a Technology can be shared safely.
        object.__setattr__(self, "editions", MappingProxyType(dict(self.editions)))
        object.__setattr__(self, "definitions", MappingProxyType(dict(self.definitions)))

    def catalog_no(self, edition: str) -> str | None:
        """The technology's number in ``edition``, or None when it is not listed."""
        return self.editions.get(edition)

    @property
    def latest_edition(self) -> str | None:
        listed = [e for e in EDITIONS if e in self.editions]
        return listed[-1] if listed else None

    @property
    def definition(self) -> str:
        """The definition of the newest edition that has one."""
        for edition in reversed(EDITIONS):
            if edition in self.definitions:
                return self.definitions[edition]
        return ""

    def cite(self, edition: str, clause: str, quote: str = "") -> Citation:
        """A clause of this technology's section of ``edition``'s seed, quoted.

        ``TECHNOLOGY.cite("2023", "管理规范 一(一)", "医疗机构开展…")`` is
        ``Citation("2023", "S05", "管理规范 一(一)", "医疗机构开展…")``.

        :raises ValueError: the technology is not in ``edition``.
        """
        number = self.editions.get(edition)
        if number is None:
            raise ValueError(f"{self.slug} is not in the {edition} edition")
        return Citation(edition, number, clause, quote)

    def cite_indicator(
        self, clause: str | Mapping[str, str], quote: str | Mapping[str, str]
    ) -> tuple[Citation, ...]:
        """The citations of one quality-control indicator (质量控制指标), one per edition.

        ``clause`` is the indicator's number in every edition of the technology
        (``"一(二)"``), or per edition, naming only the editions that have it
        (``{"2023": "一(三)", "2022": "一(四)"}``); ``quote`` is its definition, the
        same words in each edition or per edition. So
        ``TECHNOLOGY.cite_indicator({"2022": "二(七)"}, "…")`` is
        ``(TECHNOLOGY.cite("2022", "质量控制指标 二(七)", "…"),)``.

        :raises ValueError: an edition the technology is not in; a quote for
            an edition without a clause, or none for one with a clause.
        """
        clauses = clause if not isinstance(clause, str) else dict.fromkeys(self.editions, clause)
        if not isinstance(quote, str) and set(quote) != set(clauses):
            raise ValueError(
                f"{self.slug}: quotes for {sorted(quote)}, clauses for {sorted(clauses)}"
            )
        return tuple(
            self.cite(
                edition,
                f"质量控制指标 {number}",
                quote if isinstance(quote, str) else quote[edition],
            )
            for edition, number in clauses.items()
        )

    def label(self, edition: str | None = None) -> str:
        """``S05 心血管疾病介入诊疗技术`` for display."""
        edition = edition or self.latest_edition
        number = self.editions.get(edition) if edition else None
        return f"{number} {self.name}" if number else self.name

    def with_version(self, version: str) -> Technology:
        return Technology(
            self.slug, self.name, self.editions, self.definitions, self.sources, version
        )
