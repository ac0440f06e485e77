"""Parse the code tables of the 2022 seed (第二部分), shared by the transcription
script (tools/transcribe_codes.py) and the test that checks what the plugins ship.

The text extraction renders each table row as three tab-indented lines (code,
name, remark; the remark line is a bare tab when the cell is empty), rows
separated by a blank line. The first row of each table is its header
(``ICD-9-CM-3`` or ``ICD-10``, then the name and ``备注`` column titles); one
header carries a ``[bookmark: …]`` extraction artefact, which is removed.

The parser is strict: a row that is not exactly code / name / remark stops it
with an error naming the line, instead of guessing.

About "two codes on consecutive lines, then one name" near the end of S05
(08.5903 / 76.6905): in the seed text as stored (000_f43f902933ed9296.txt),
08.5903 is the *first* row of the S05 table (眶距增宽矫正术) and 76.6905 the
*last* (颧骨增高术), each a complete row with its own name and an empty
remark; they are not adjacent. So there is no code without a name to resolve.
Should a later extraction produce a code where a name belongs, the parser
refuses it (``SeedFormatError``) rather than pair a name with the wrong code:
a person must decide from the printed catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SeedFormatError", "SeedTable", "SeedTechnology", "parse_seed", "parse_seed_file"]

_TECH_HEADING = re.compile(r"^(S0\d)(\S.*)$")
_CLAUSE = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_CODE = {
    "ICD-10": re.compile(r"^[A-Z]\d{2}\.[0-9x]{1,3}(x\d{3})?$"),
    "ICD-9-CM-3": re.compile(r"^\d{2}\.[0-9x]{2,4}(x\d{3})?$"),
}
_ANY_CODE = re.compile(r"^([A-Z]\d{2}|\d{2})\.[0-9x]+$")
_RANGE = re.compile(r"诊断编码为([A-Z]\d{2})-([A-Z]\d{2})")
_END = "附件2"


class SeedFormatError(ValueError):
    """The seed text is not shaped as the parser expects (line number in message)."""


@dataclass
class SeedTable:
    """One code table: its system (ICD-10 / ICD-9-CM-3), clause, and rows."""

    system: str
    clause: str  # e.g. "二、对应手术/操作名称及编码"
    line: int  # line of the header row, 1-based
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, remark


@dataclass
class SeedTechnology:
    catalog_no: str
    name: str
    tables: list[SeedTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "注：…" lines, as printed
    prose: list[str] = field(default_factory=list)  # other lines of the code clauses
    ranges: list[tuple[str, str, str]] = field(default_factory=list)  # start, end, quote

    @property
    def codes(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def _blocks(lines: list[str], start: int, end: int) -> Iterator[tuple[int, list[str] | str]]:
    """Yield (line number, tab block) for table rows and (line number, text) otherwise."""
    index = start
    while index < end:
        line = lines[index]
        if line.startswith("\t"):
            first = index
            block = []
            while index < end and lines[index].startswith("\t"):
                block.append(lines[index][1:])
                index += 1
            yield first + 1, block
            continue
        if line.strip():
            yield index + 1, line.strip()
        index += 1


def parse_seed(text: str) -> dict[str, SeedTechnology]:
    """Catalog number -> the technology's code tables, from the 2022 seed text."""
    lines = text.split("\n")
    try:
        begin = next(i for i, line in enumerate(lines) if line.startswith("第二部分"))
        end = next(i for i in range(begin, len(lines)) if lines[i].strip() == _END)
    except StopIteration as exc:
        raise SeedFormatError("第二部分 … 附件2 not found: is this the 2022 seed?") from exc

    technologies: dict[str, SeedTechnology] = {}
    current: SeedTechnology | None = None
    clause = ""
    table: SeedTable | None = None
    for number, item in _blocks(lines, begin + 1, end):
        if isinstance(item, str):
            heading = _TECH_HEADING.match(item)
            if heading:
                current = SeedTechnology(heading.group(1), heading.group(2))
                technologies[current.catalog_no] = current
                clause, table = "", None
                continue
            found = _CLAUSE.match(item)
            if found and current is not None:
                clause, table = item, None
                continue
            if current is None or "对应" not in clause:
                continue  # 编制说明, definitions
            if item.startswith("注："):
                current.notes.append(item)
            else:
                current.prose.append(item)
                for start, stop in _RANGE.findall(item):
                    current.ranges.append((start, stop, item))
            continue
        if current is None:
            raise SeedFormatError(f"line {number}: a table row before any technology heading")
        if len(item) != 3:
            raise SeedFormatError(
                f"line {number}: a row of {len(item)} lines, expected code / name / remark: "
                f"{item!r}"
            )
        code, name, remark = item
        header = _BOOKMARK.sub("", code).strip()
        if header in _CODE:
            if remark != "备注":
                raise SeedFormatError(f"line {number}: table header without 备注: {item!r}")
            table = SeedTable(header, clause, number)
            current.tables.append(table)
            continue
        if table is None:
            raise SeedFormatError(f"line {number}: a row before the table header: {item!r}")
        if not _CODE[table.system].match(code):
            raise SeedFormatError(f"line {number}: {code!r} is not an {table.system} code")
        if not name.strip() or _ANY_CODE.match(name.strip()):
            # A code where the name belongs (two codes, one name): refuse to guess.
            raise SeedFormatError(
                f"line {number}: row {code!r} has no name (next line: {name!r}); "
                "check the printed catalog and fix the transcription by hand"
            )
        table.rows.append((code, name, remark))
    return technologies


def parse_seed_file(path: Path) -> dict[str, SeedTechnology]:
    return parse_seed(path.read_text(encoding="utf-8"))
