"""A hospital's own code dictionary, as its HIS exports it (``rtech codes import``).

The file is the full list of diagnoses (ICD-10, 疾病分类与代码国家临床版2.0 and
the hospital's extensions) or procedures (ICD-9-CM-3, 手术操作分类代码国家临床版3.0)
the hospital codes with: CSV (UTF-8 or GB18030) or XLSX, with a header row
naming the code and name columns (编码/代码/疾病编码/手术操作编码…,
名称/诊断名称/手术名称…), found among the first rows (an export often starts
with a title line). Optional columns: 拼音码/助记码 (searched like pinyin
initials), 别名 (other names, separated by 、 or ;), 备注.

Every row is checked; a file with any bad row is refused with the rows named
(nothing is half-imported). A code listed twice keeps its first name; its other
names become aliases (HIS exports list synonyms that way).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rtech.codes.model import CodeEntry, CodeKind
from rtech.codes.normalize import is_plausible, normalize_cell
from rtech.codes.tables import column, header_key, read_rows
from rtech.errors import UserError

__all__ = ["DictionaryFile", "read_dictionary"]

_CODE_HEADERS: Final = (
    "编码",
    "代码",
    "CODE",
    "ICD编码",
    "ICD10编码",
    "ICD9CM3编码",
    "疾病编码",
    "诊断编码",
    "疾病代码",
    "诊断代码",
    "手术编码",
    "手术操作编码",
    "手术代码",
    "操作编码",
    "手术及操作编码",
)
_NAME_HEADERS: Final = (
    "名称",
    "NAME",
    "疾病名称",
    "诊断名称",
    "手术名称",
    "手术操作名称",
    "手术/操作名称",
    "操作名称",
    "手术及操作名称",
)
_MNEMONIC_HEADERS: Final = ("拼音码", "助记码", "拼音", "简码", "PYM", "ZJM")
_ALIAS_HEADERS: Final = ("别名", "同义词", "其他名称")
_REMARK_HEADERS: Final = ("备注", "说明", "REMARK")
#: An ICD-O morphology code, part of the national clinical edition's diagnoses.
_MORPHOLOGY: Final = re.compile(r"M\d{4,5}/\d")
_LATIN: Final = re.compile(r"[A-Za-z0-9]+")
_HEADER_ROWS: Final = 10
MAX_ERRORS: Final = 20


@dataclass(frozen=True)
class DictionaryFile:
    """The validated content of a dictionary file."""

    kind: CodeKind
    entries: tuple[CodeEntry, ...]
    sha256: str
    rows: int  # data rows read
    synonyms: int  # rows whose code was listed before: kept as aliases


def _header(rows: list[list[str]]) -> tuple[int, list[str]]:
    """The header row (its index and keys): the first one naming a code and a name."""
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        keys = [header_key(c) for c in row]
        if column(keys, _CODE_HEADERS) is not None and column(keys, _NAME_HEADERS) is not None:
            return index, keys
    return -1, []


def _shape(key: str) -> CodeKind | None:
    """The kind a code is shaped like (a morphology code is a diagnosis)."""
    if _MORPHOLOGY.fullmatch(key):
        return CodeKind.DIAGNOSIS
    for kind in CodeKind:
        if is_plausible(key, kind):
            return kind
    if normalize_cell(key, CodeKind.DIAGNOSIS).codes:  # a dagger/asterisk pair
        return CodeKind.DIAGNOSIS
    return None


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、;；,，|]", text) if p.strip()]


def read_dictionary(path: Path, kind: CodeKind | None = None) -> DictionaryFile:
    """Read and check a dictionary file; ``kind`` when the file does not say by its codes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取编码字典 {path}：{exc.strerror or exc}") from exc
    rows = read_rows(path, data, "编码字典")
    if not rows:
        raise UserError(f"编码字典 {path} 是空的：需要表头（编码、名称）和编码行。")
    start, keys = _header(rows)
    if start < 0:
        raise UserError(
            f"编码字典 {path} 的前 {_HEADER_ROWS} 行中找不到编码列和名称列。"
            f"第一行为：{'、'.join(c for c in rows[0] if c.strip())}",
            hint="表头应含“编码”（或 疾病编码、手术操作编码 等）与“名称”（或 诊断名称、"
            "手术名称 等）；可选：拼音码/助记码、别名、备注。",
        )
    code_col = column(keys, _CODE_HEADERS)
    name_col = column(keys, _NAME_HEADERS)
    mnemonic_col = column(keys, _MNEMONIC_HEADERS)
    alias_col = column(keys, _ALIAS_HEADERS)
    remark_col = column(keys, _REMARK_HEADERS)

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    errors: list[str] = []
    found: dict[str, tuple[str, str, list[str], str, int]] = {}  # key -> code, name, aliases…
    kinds: dict[CodeKind, int] = {}
    synonyms = 0
    body = rows[start + 1 :]
    for number, row in enumerate(body, start=start + 2):
        raw, name = cell(row, code_col), " ".join(cell(row, name_col).split())
        code = "".join(unicodedata.normalize("NFKC", raw).split())
        key = code.upper()
        if not code:
            errors.append(
                f"第 {number} 行：编码为空（名称“{name}”）" if name else f"第 {number} 行：编码为空"
            )
            continue
        if not name:
            errors.append(f"第 {number} 行：编码“{raw}”没有名称")
            continue
        shape = _shape(key)
        if shape is None:
            errors.append(
                f"第 {number} 行：编码“{raw}”不是有效的 ICD-10 诊断编码或 ICD-9-CM-3 手术/操作编码"
            )
            continue
        if kind is not None and shape is not kind:
            errors.append(
                f"第 {number} 行：编码“{raw}”是{shape.label}编码，与导入的类别“{kind.label}”不符"
            )
            continue
        kinds[shape] = kinds.get(shape, 0) + 1
        aliases = _split(cell(row, alias_col))
        aliases += [m for m in _split(cell(row, mnemonic_col)) if _LATIN.fullmatch(m)]
        if key in found:
            first = found[key]
            if name != first[1] and name not in first[2]:
                first[2].append(name)
            first[2].extend(a for a in aliases if a not in first[2] and a != first[1])
            synonyms += 1
            continue
        found[key] = (code, name, [a for a in aliases if a != name], cell(row, remark_col), number)
    if not body:
        errors.append("只有表头，没有编码行")
    if kind is None and len(kinds) > 1:
        errors.append(
            f"文件中既有诊断编码（{kinds[CodeKind.DIAGNOSIS]} 行）也有手术/操作编码"
            f"（{kinds[CodeKind.PROCEDURE]} 行）：一个字典只能是一类，请用 --kind 指定"
        )
    if errors:
        shown = errors[:MAX_ERRORS]
        more = f"\n……另有 {len(errors) - MAX_ERRORS} 处错误" if len(errors) > MAX_ERRORS else ""
        raise UserError(
            f"编码字典 {path.name} 有 {len(errors)} 处错误，未导入：\n" + "\n".join(shown) + more,
            hint="改正后重新导入；已导入的字典不受影响。",
        )
    chosen = kind or next(iter(kinds))
    entries = tuple(
        CodeEntry(code, name, remark, tuple(dict.fromkeys(aliases)))
        for code, name, aliases, remark, _number in found.values()
    )
    return DictionaryFile(chosen, entries, hashlib.sha256(data).hexdigest(), len(body), synonyms)
