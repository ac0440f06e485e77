"""Which columns of a discharge-record export hold what (住院病案首页 layouts).

Wide layout: one row per record, with a record id (病案号 / 住院号), the discharge
date (出院日期) and any number of diagnosis and procedure code columns, named in
Chinese or with the field codes of the national upload formats:

- HQMS / 绩效考核: A48 病案号, B15 出院时间, C03C 主要诊断编码, C06x01C..C06x40C
  其他诊断编码, C14x01C 主要手术操作编码, C35x01C..C35x40C 其他手术操作编码;
- older exports: BAH, ZYH, CYSJ, JBDM, JBDM1.., QTZD1.., ZYZD_JBBM1.., SSJCZBM1...

Long layout: one code per row (record id, kind, code).

The layout is detected from the header; a TOML mapping file overrides it. A
header that cannot be mapped fails with a Chinese message listing the columns
found and what is missing.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from rtech.codes.model import CodeKind
from rtech.errors import UserError

__all__ = ["Layout", "detect_layout", "header_key", "load_mapping", "parse_kind"]


def header_key(name: str) -> str:
    """A header compared without width, case, whitespace, BOM and separators."""
    name = unicodedata.normalize("NFKC", name).replace("\ufeff", "")
    return re.sub(r"[\s_\-()（）\[\]【】:：.]", "", name).upper()


# Header patterns, compared on header_key(); the first group, if any, is the number.
_RECORD_ID: Final = ("病案号", "住院病案号", "病案编号", "病案号码", "A48", "BAH", "住院号", "ZYH")
_DATE: Final = ("出院日期", "出院时间", "出院日期时间", "B15", "CYSJ", "CYRQ")
_DIAGNOSIS: Final = tuple(
    re.compile(p)
    for p in (
        r"(?:出院)?主要诊断(?:疾病)?(?:编码|代码|ICD10编码|ICD编码)",
        r"(?:出院)?(?:其他|其它|次要)诊断(?:疾病)?(?:编码|代码|ICD10编码|ICD编码)\d*",
        r"(?:出院)?诊断(?:疾病)?(?:编码|代码)\d*",
        r"C03C",
        r"C06X\d+C",
        r"JBDM\d*",
        r"QTZD\d+",
        r"ZYZDJBBM\d*",
        r"QTZDJBBM\d*",
        r"ZYZDBM",
    )
)
_PROCEDURE: Final = tuple(
    re.compile(p)
    for p in (
        r"(?:主要|主)手术(?:及|和)?操作(?:编码|代码)",
        r"主要手术(?:编码|代码)",
        r"(?:其他|其它)手术(?:及|和)?操作(?:编码|代码)\d*",
        r"手术(?:及|和)?操作(?:编码|代码)\d*",
        r"手术(?:编码|代码)\d*",
        r"C14X\d+C",
        r"C35X\d+C",
        r"SSJCZBM\d*",
        r"SSBM\d*",
    )
)
_KIND_COLUMN: Final = ("编码类型", "编码类别", "代码类型", "类别", "类型", "KIND", "TYPE")
_CODE_COLUMN: Final = ("编码", "代码", "疾病手术编码", "CODE", "ICD编码")

_KIND_VALUES: Final = {
    CodeKind.DIAGNOSIS: {
        "诊断",
        "疾病",
        "疾病诊断",
        "主要诊断",
        "其他诊断",
        "其它诊断",
        "出院诊断",
        "DIAGNOSIS",
        "DX",
        "D",
        "ICD10",
        "ICD-10",
    },
    CodeKind.PROCEDURE: {
        "手术",
        "操作",
        "手术操作",
        "手术及操作",
        "主要手术",
        "其他手术",
        "其它手术",
        "PROCEDURE",
        "PX",
        "P",
        "ICD9CM3",
        "ICD-9-CM-3",
    },
}


def parse_kind(value: str) -> CodeKind | None:
    """The code kind a long layout's kind cell names (诊断 / 手术 …), or None."""
    key = "".join(unicodedata.normalize("NFKC", value).split()).upper()
    for kind, names in _KIND_VALUES.items():
        if key in names:
            return kind
    return None


@dataclass(frozen=True)
class Layout:
    """Column positions (0-based) of what screening reads."""

    kind: str  # "wide" | "long"
    headers: tuple[str, ...]
    record_id: int
    discharge_date: int | None = None
    diagnoses: tuple[int, ...] = ()
    procedures: tuple[int, ...] = ()
    code_kind: int | None = None  # long layout: the kind column (None: by code shape)
    code: int | None = None  # long layout: the code column
    notes: tuple[str, ...] = field(default=())

    @property
    def needed(self) -> tuple[int, ...]:
        columns = [self.record_id, *self.diagnoses, *self.procedures]
        for extra in (self.discharge_date, self.code_kind, self.code):
            if extra is not None:
                columns.append(extra)
        return tuple(sorted(set(columns)))

    def describe(self) -> str:
        def names(indices: Sequence[int]) -> str:
            shown = [self.headers[i] for i in indices[:3]]
            more = f" 等 {len(indices)} 列" if len(indices) > 3 else ""
            return "、".join(shown) + more

        parts = [f"记录号：{self.headers[self.record_id]}"]
        if self.discharge_date is not None:
            parts.append(f"出院日期：{self.headers[self.discharge_date]}")
        if self.kind == "wide":
            parts.append(f"诊断编码：{names(self.diagnoses) or '（无）'}")
            parts.append(f"手术/操作编码：{names(self.procedures)}")
            return "宽表（每行一份病案）；" + "；".join(parts)
        assert self.code is not None
        parts.append(f"编码：{self.headers[self.code]}")
        if self.code_kind is not None:
            parts.append(f"编码类型：{self.headers[self.code_kind]}")
        else:
            parts.append("编码类型：按编码形态判断")
        return "长表（每行一个编码）；" + "；".join(parts)


def _first(keys: list[str], names: Sequence[str], what: str) -> int | None:
    wanted = [header_key(n) for n in names]
    for name in wanted:
        hits = [i for i, k in enumerate(keys) if k == name]
        if len(hits) > 1:
            raise UserError(f"表头中有 {len(hits)} 个同名的{what}列“{name}”，无法确定使用哪一列。")
        if hits:
            return hits[0]
    return None


def _matching(keys: list[str], patterns: Sequence[re.Pattern[str]]) -> list[int]:
    return [i for i, k in enumerate(keys) if any(p.fullmatch(k) for p in patterns)]


def _missing_message(headers: Sequence[str], missing: list[str]) -> UserError:
    shown = "、".join(h if h.strip() else "（空）" for h in headers[:60])
    if len(headers) > 60:
        shown += f" …（共 {len(headers)} 列）"
    return UserError(
        f"无法识别文件的列布局：缺少{'；'.join(missing)}。找到的列：{shown}",
        hint="可用 --mapping 映射文件.toml 指定各列（见 rtech screen --help）。",
    )


def detect_layout(headers: Sequence[str]) -> Layout:
    """The layout of a file from its header row."""
    keys = [header_key(h) for h in headers]
    notes: list[str] = []
    duplicated = sorted(k for k, n in Counter(keys).items() if n > 1 and k)
    record_id = _first(keys, _RECORD_ID, "记录号")
    date = _first(keys, _DATE, "出院日期")
    diagnoses = _matching(keys, _DIAGNOSIS)
    procedures = [i for i in _matching(keys, _PROCEDURE) if i not in diagnoses]
    if procedures or diagnoses:
        missing = []
        if record_id is None:
            missing.append("病案号/住院号列（如 病案号、住院号、A48、BAH）")
        if not procedures:
            missing.append(
                "手术/操作编码列（如 主要手术操作编码、其他手术操作编码1、C14x01C、C35x01C、"
                "SSJCZBM1；各技术的识别都需要手术/操作编码）"
            )
        if missing:
            raise _missing_message(headers, missing)
        assert record_id is not None
        code_columns = set(diagnoses) | set(procedures)
        repeated = sorted({keys[i] for i in code_columns if keys[i] in duplicated})
        if repeated:
            notes.append(f"同名编码列按重复组读取：{'、'.join(repeated)}")
        other = [k for k in duplicated if k not in repeated]
        if other:
            notes.append(f"表头有重复的无关列（未使用）：{'、'.join(other)}")
        if not diagnoses:
            notes.append("文件没有诊断编码列：需结合诊断的技术无法识别")
        return Layout(
            "wide",
            tuple(headers),
            record_id,
            date,
            tuple(diagnoses),
            tuple(procedures),
            notes=tuple(notes),
        )
    code = _first(keys, _CODE_COLUMN, "编码")
    if record_id is not None and code is not None:
        kind = _first(keys, _KIND_COLUMN, "编码类型")
        return Layout("long", tuple(headers), record_id, date, code_kind=kind, code=code)
    missing = []
    if record_id is None:
        missing.append("病案号/住院号列")
    missing.append(
        "诊断编码列与手术/操作编码列（宽表，如 主要诊断编码、其他诊断编码1、C03C、C06x01C、"
        "主要手术操作编码、C14x01C），或“编码”列（长表：病案号、编码类型、编码）"
    )
    raise _missing_message(headers, missing)


_MAPPING_KEYS: Final = {
    "layout",
    "record_id",
    "discharge_date",
    "diagnoses",
    "procedures",
    "kind",
    "code",
}


def load_mapping(path: Path, headers: Sequence[str]) -> Layout:
    """A layout from a TOML mapping file (column names; ``*`` and ``?`` allowed in lists).

    ::

        layout = "wide"                    # or "long"
        record_id = "病案号"
        discharge_date = "出院日期"        # optional
        diagnoses = ["主要诊断编码", "其他诊断编码*"]
        procedures = ["主要手术操作编码", "其他手术操作编码*"]
        # long layout: kind = "编码类型" (optional), code = "编码"
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"无法读取映射文件 {path}：{exc}") from exc
    unknown = sorted(set(data) - _MAPPING_KEYS)
    if unknown:
        raise UserError(
            f"映射文件 {path} 中有未知的键：{'、'.join(unknown)}；"
            f"可用的键：{'、'.join(sorted(_MAPPING_KEYS))}"
        )
    layout = data.get("layout", "wide")
    if layout not in ("wide", "long"):
        raise UserError(f"映射文件 {path}：layout 应为 wide 或 long，而不是 {layout!r}")
    missing: list[str] = []

    def one(key: str, required: bool) -> int | None:
        name = data.get(key)
        if name is None:
            if required:
                missing.append(f"{key}（映射文件未指定）")
            return None
        if not isinstance(name, str):
            raise UserError(f"映射文件 {path}：{key} 应为列名（字符串）")
        hits = [i for i, h in enumerate(headers) if h.strip() == name.strip()]
        if not hits:
            missing.append(f"{key} = “{name}”")
            return None
        if len(hits) > 1:
            raise UserError(f"映射文件 {path}：{key} 指定的列“{name}”在表头中出现 {len(hits)} 次")
        return hits[0]

    def many(key: str) -> list[int]:
        names = data.get(key, [])
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise UserError(f"映射文件 {path}：{key} 应为列名列表")
        found: list[int] = []
        for name in names:
            hits = [i for i, h in enumerate(headers) if fnmatch.fnmatchcase(h.strip(), name)]
            if not hits:
                missing.append(f"{key} 中的“{name}”")
            found += [i for i in hits if i not in found]
        return found

    record_id = one("record_id", True)
    date = one("discharge_date", False)
    if layout == "wide":
        diagnoses, procedures = many("diagnoses"), many("procedures")
        if not procedures and "procedures" not in data:
            missing.append("procedures（映射文件未指定）")
        if missing:
            raise _missing_message(headers, [f"映射文件 {path} 所指的列：{'、'.join(missing)}"])
        assert record_id is not None
        return Layout("wide", tuple(headers), record_id, date, tuple(diagnoses), tuple(procedures))
    kind = one("kind", False)
    code = one("code", True)
    if missing:
        raise _missing_message(headers, [f"映射文件 {path} 所指的列：{'、'.join(missing)}"])
    assert record_id is not None
    return Layout("long", tuple(headers), record_id, date, code_kind=kind, code=code)
