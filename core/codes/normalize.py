"""Normalising code cells before matching (2022 第二部分 编制说明 三、四).

Codes match exactly as listed: what is not listed is not managed (编制说明 三),
so there is no expansion to child codes. Before matching, a cell is normalised:

1. Unicode NFKC (full-width ``３７．３４０１`` -> ``37.3401``);
2. every whitespace character is dropped (leading, trailing and inner);
3. letters compare case-insensitively (``23.6X00X003`` = ``23.6x00x003``): the
   matching key is the upper-case form, and a match reports the code as listed;
4. an empty cell and a placeholder (``-``, ``无``, ``/`` …) is no code;
5. a diagnosis cell may carry a morphology code (``C22.101M81600/3``) or a
   dagger/asterisk pair (``A01.000x003+G01*``): the base code(s) are matched;
6. anything else that is not shaped like a code is *implausible*: it is counted
   and reported, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

from rtech.codes.model import CodeKind

__all__ = [
    "PLACEHOLDERS",
    "CellStatus",
    "NormalizedCell",
    "code_key",
    "is_plausible",
    "normalize_cell",
    "squeeze",
]

#: Cells that mean "no code" (compared after normalisation, case-insensitively).
PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"-", "--", "—", "——", "无", "/", "//", "\\", "NULL", "NONE", "N/A", "NA"}
)

# ICD-10 (疾病分类与代码国家临床版2.0): C00, C00.0, C00.000, C01.X00, C00.300X004.
_ICD10: Final = re.compile(r"[A-Z]\d{2}(?:\.[0-9X]{1,3}(?:X\d{3,4})?)?")
# ICD-9-CM-3 (手术操作分类代码国家临床版3.0): 37.34, 37.3401, 23.6X00X003.
_ICD9CM3: Final = re.compile(r"\d{2}(?:\.[0-9X]{1,4}(?:X\d{3,4})?)?")
# ICD-O morphology appended to a diagnosis code: M81600/3 (also without the M).
_MORPHOLOGY: Final = re.compile(r"M?\d{4,5}/\d$")


class CellStatus(StrEnum):
    EMPTY = "empty"  # nothing, or only whitespace
    PLACEHOLDER = "placeholder"  # "-", "无", "/" …
    CODE = "code"  # one or more plausible codes
    IMPLAUSIBLE = "implausible"  # not shaped like a code of the column's kind


@dataclass(frozen=True, slots=True)
class NormalizedCell:
    status: CellStatus
    codes: tuple[str, ...] = ()  # matching keys (upper case), base codes only
    text: str = ""  # the squeezed text, for reports


def squeeze(raw: str) -> str:
    """NFKC, then drop every whitespace character, then upper-case: the matching key."""
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
    return "".join(raw.split()).upper()


def code_key(code: str) -> str:
    """The matching key of a listed code (``23.6x00x003`` -> ``23.6X00X003``)."""
    return squeeze(code)


def is_plausible(key: str, kind: CodeKind) -> bool:
    """Whether a matching key is shaped like one code of ``kind``."""
    pattern = _ICD10 if kind is CodeKind.DIAGNOSIS else _ICD9CM3
    return pattern.fullmatch(key) is not None


@lru_cache(maxsize=1 << 16)
def normalize_cell(raw: str, kind: CodeKind) -> NormalizedCell:
    """Normalise one cell of a diagnosis or procedure column (cached: cells repeat)."""
    key = squeeze(raw)
    if not key:
        return NormalizedCell(CellStatus.EMPTY)
    if key in PLACEHOLDERS:
        return NormalizedCell(CellStatus.PLACEHOLDER, text=key)
    if kind is CodeKind.PROCEDURE:
        if _ICD9CM3.fullmatch(key):
            return NormalizedCell(CellStatus.CODE, (key,), key)
        return NormalizedCell(CellStatus.IMPLAUSIBLE, text=key)
    if _ICD10.fullmatch(key):
        return NormalizedCell(CellStatus.CODE, (key,), key)
    codes = _diagnosis_parts(key)
    if codes:
        return NormalizedCell(CellStatus.CODE, codes, key)
    return NormalizedCell(CellStatus.IMPLAUSIBLE, text=key)


def _diagnosis_parts(key: str) -> tuple[str, ...]:
    """Base codes of a cell with a morphology suffix or a dagger/asterisk pair.

    ``C22.101M81600/3`` -> (``C22.101``,); ``A01.000X003+G01*`` -> (``A01.000X003``,
    ``G01``); ``A01.000†G01*`` likewise. Empty when a part is not a code.
    """
    parts = [p for p in re.split(r"[+†]", key) if p]
    if not parts:
        return ()
    codes: list[str] = []
    for part in parts:
        part = part.rstrip("*†")
        found = _MORPHOLOGY.search(part)
        if found and found.start() > 0:
            part = part[: found.start()]
        if not _ICD10.fullmatch(part):
            return ()
        codes.append(part)
    return tuple(codes)
