"""Code tables an administrator imports (CSV/XLSX: code, name, remark).

A table is validated row by row (Chinese errors naming the row and the value),
then stored as a new version (rtech.store.codetables). The rule of an imported
table follows 编制说明 二 from the codes it holds: procedures only -> any listed
procedure; diagnoses (codes, or ranges such as ``C00-C97``) and procedures ->
a listed diagnosis AND a listed procedure. Combinations of procedures (2022
S01's "1+2…") cannot be expressed by a table and stay with the plugins.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Final

from rtech.catalog import Citation, Technology
from rtech.codes.model import CodeEntry, CodeKind, CodeRange, CodeRules, Rule, ValueSet
from rtech.codes.normalize import is_plausible
from rtech.codes.rules import AnyProcedure, DiagnosisAndProcedure
from rtech.codes.stored import StoredEntry, StoredTable
from rtech.codes.tables import column, header_key, read_rows
from rtech.errors import UserError

__all__ = ["read_table", "rules_from_table"]

_CODE_HEADERS: Final = ("编码", "代码", "CODE", "ICD编码", "疾病编码", "手术操作编码", "诊断编码")
_NAME_HEADERS: Final = ("名称", "NAME", "手术操作名称", "诊断名称", "疾病名称", "手术/操作名称")
_REMARK_HEADERS: Final = ("备注", "REMARK", "说明")
_KIND_HEADERS: Final = ("类别", "类型", "KIND", "编码类型")
_KINDS: Final = {
    "诊断": CodeKind.DIAGNOSIS,
    "疾病诊断": CodeKind.DIAGNOSIS,
    "ICD10": CodeKind.DIAGNOSIS,
    "DIAGNOSIS": CodeKind.DIAGNOSIS,
    "手术": CodeKind.PROCEDURE,
    "操作": CodeKind.PROCEDURE,
    "手术操作": CodeKind.PROCEDURE,
    "ICD9CM3": CodeKind.PROCEDURE,
    "PROCEDURE": CodeKind.PROCEDURE,
}
_RANGE: Final = re.compile(r"([A-Z]\d{2}(?:\.\d+)?)[-~～至]([A-Z]\d{2}(?:\.\d+)?)")
MAX_ERRORS: Final = 20


def read_table(path: Path) -> tuple[list[StoredEntry], str]:
    """Validated entries of a table file, and the file's SHA-256."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取编码表 {path}：{exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    rows = read_rows(path, data)
    if not rows:
        raise UserError(f"编码表 {path} 是空的：需要表头（编码、名称、备注）和至少一行编码。")
    header = [header_key(c) for c in rows[0]]
    code_col = column(header, _CODE_HEADERS)
    name_col = column(header, _NAME_HEADERS)
    remark_col = column(header, _REMARK_HEADERS)
    kind_col = column(header, _KIND_HEADERS)
    if code_col is None or name_col is None:
        missing = [w for w, c in (("编码", code_col), ("名称", name_col)) if c is None]
        raise UserError(
            f"编码表 {path} 缺少列：{'、'.join(missing)}。找到的列：{'、'.join(rows[0])}",
            hint="表头应为：编码、名称、备注（可选：类别，填“诊断”或“手术”）。",
        )
    if len(rows) == 1:
        raise UserError(f"编码表 {path} 只有表头，没有编码。")
    errors: list[str] = []
    entries: list[StoredEntry] = []
    seen: dict[str, int] = {}

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    for number, row in enumerate(rows[1:], start=2):
        raw_code, name = cell(row, code_col), cell(row, name_col)
        remark, kind_text = cell(row, remark_col), cell(row, kind_col)
        code = "".join(unicodedata.normalize("NFKC", raw_code).split())
        key = code.upper()
        stated = _KINDS.get(header_key(kind_text)) if kind_text else None
        if kind_text and stated is None:
            errors.append(f"第 {number} 行：类别“{kind_text}”应为“诊断”或“手术”")
            continue
        if not code:
            errors.append(f"第 {number} 行：编码为空")
            continue
        if not name:
            errors.append(f"第 {number} 行：编码“{raw_code}”没有名称")
            continue
        found = _RANGE.fullmatch(key)
        if found:
            start, end = found.groups()
            if start > end:
                errors.append(f"第 {number} 行：范围“{raw_code}”的起点大于终点")
                continue
            kind: CodeKind | None = CodeKind.DIAGNOSIS
            entry = StoredEntry(CodeKind.DIAGNOSIS.value, start, name, remark, end)
        else:
            kind = next((k for k in CodeKind if is_plausible(key, k)), None)
            if kind is None:
                errors.append(
                    f"第 {number} 行：编码“{raw_code}”不是有效的 ICD-10 诊断编码或"
                    " ICD-9-CM-3 手术/操作编码"
                )
                continue
            entry = StoredEntry(kind.value, code, name, remark)
        if stated is not None and stated is not kind:
            errors.append(f"第 {number} 行：编码“{raw_code}”的形态与类别“{kind_text}”不符")
            continue
        if key in seen:
            errors.append(f"第 {number} 行：编码“{raw_code}”与第 {seen[key]} 行重复")
            continue
        seen[key] = number
        entries.append(entry)
    if not errors and not any(e.kind == CodeKind.PROCEDURE.value for e in entries):
        errors.append("编码表中没有手术/操作编码：各技术的识别都需要手术/操作编码（编制说明 二）")
    if errors:
        shown = errors[:MAX_ERRORS]
        more = f"\n……另有 {len(errors) - MAX_ERRORS} 处错误" if len(errors) > MAX_ERRORS else ""
        raise UserError(
            f"编码表 {path} 有 {len(errors)} 处错误，未导入：\n" + "\n".join(shown) + more
        )
    return entries, digest


def rules_from_table(table: StoredTable, technology: Technology) -> CodeRules:
    """The code rules an imported table gives its technology in its edition."""
    number = technology.catalog_no(table.edition) or ""
    clause = f"导入的编码表 第 {table.version} 版（{Path(table.source_name).name}）"
    citation = Citation(table.edition, number, clause)
    diagnoses = [e for e in table.entries if e.kind == CodeKind.DIAGNOSIS.value]
    procedures = [e for e in table.entries if e.kind == CodeKind.PROCEDURE.value]

    def value_set(kind: CodeKind, items: list[StoredEntry], label: str) -> ValueSet:
        what = "诊断" if kind is CodeKind.DIAGNOSIS else "手术/操作"
        return ValueSet(
            id=f"{technology.slug}.{table.edition}.imported.v{table.version}.{label}",
            kind=kind,
            title=f"{table.edition} {number} 导入的{what}编码",
            entries=tuple(CodeEntry(e.code, e.name, e.remark) for e in items if not e.range_end),
            ranges=tuple(CodeRange(e.code, e.range_end, e.name) for e in items if e.range_end),
            citation=citation,
        )

    px = value_set(CodeKind.PROCEDURE, procedures, "procedures")
    sets: tuple[ValueSet, ...]
    rule: Rule
    if diagnoses:
        dx = value_set(CodeKind.DIAGNOSIS, diagnoses, "diagnoses")
        rule, sets = DiagnosisAndProcedure(dx, px), (dx, px)
    else:
        rule, sets = AnyProcedure(px), (px,)
    return CodeRules(
        edition=table.edition,
        value_sets=sets,
        rule=rule,
        citation=citation,
        notes=(
            f"由 {table.imported_by} 于 {table.imported_at:%Y-%m-%d %H:%M} 导入"
            if table.imported_at
            else f"由 {table.imported_by} 导入",
            f"文件 SHA-256：{table.source_sha256}",
        ),
        source=f"imported v{table.version}",
    )
