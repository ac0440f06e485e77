"""Reading code tables as hospitals export them: CSV or XLSX, columns found by header.

Shared by the catalog tables an administrator imports (:mod:`rtech.codes.imported`)
and the hospital's own dictionary (:mod:`rtech.codes.dictionary`). A CSV file is
UTF-8 (with or without BOM) or GB18030 (which includes GBK and GB2312); an XLSX
file is read from its first sheet. Headers are compared without spaces,
brackets or case (``ICD-10编码`` = ``icd10编码``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from rtech.errors import UserError

__all__ = ["column", "header_key", "read_rows"]


def header_key(text: str) -> str:
    """A header as compared: NFKC, no spaces, slashes, dashes or brackets, upper case."""
    return re.sub(r"[\s/_\-()（）]", "", unicodedata.normalize("NFKC", text)).upper()


def read_rows(path: Path, data: bytes, what: str = "编码表") -> list[list[str]]:
    """The rows of a CSV or XLSX file, every cell a string (empty rows dropped)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = [
                ["" if v is None else str(v) for v in row]
                for row in book.worksheets[0].iter_rows(values_only=True)
            ]
            book.close()
        except Exception as exc:
            raise UserError(f"无法打开 Excel 文件 {path}：{type(exc).__name__}: {exc}") from exc
        return [r for r in rows if any(c.strip() for c in r)]
    if path.suffix.lower() == ".xls":
        raise UserError(
            f"{what} {path} 是旧版 Excel（.xls）文件。", hint="请另存为 .xlsx 或 CSV 后再导入。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        return [r for r in rows if any(c.strip() for c in r)]
    raise UserError(f"{what} {path} 既不是 UTF-8 也不是 GB18030 编码的 CSV 文件。")


def column(keys: Sequence[str], names: Iterable[str]) -> int | None:
    """The index of the first header (already :func:`header_key`-ed) among ``names``."""
    wanted = [header_key(n) for n in names]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None
