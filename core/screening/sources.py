"""Reading record files: encoding and header sniffing, and the exact row readers.

The exact readers parse every row (CSV through the ``csv`` module, XLSX through
openpyxl in read-only mode), with bounded memory: a line longer than
``MAX_LINE`` bytes is skipped and reported, never buffered whole. The fast CSV
path (rtech.screening.fastcsv) parses only the rows its prefilter points at.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from rtech.codes.model import CodeKind
from rtech.codes.normalize import squeeze
from rtech.errors import UserError
from rtech.screening.evaluate import Evaluator, Match, Stats
from rtech.screening.layout import Layout, parse_kind

__all__ = [
    "MAX_LINE",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_ROWS",
    "CsvInfo",
    "exact_csv",
    "exact_xlsx",
    "readable_record_id",
    "sniff_csv",
    "xlsx_headers",
]

#: Longest line (bytes) screening reads; longer ones are skipped and reported.
MAX_LINE: Final = 1 << 20
_SAMPLE: Final = 1 << 20
_DELIMITERS: Final = (",", "\t", "|", ";")
_ENCODING_NAMES: Final = {"utf-8": "UTF-8", "gb18030": "GB18030"}

SKIP_LONG: Final = f"超长行（超过 {MAX_LINE // (1 << 20)} MiB，已跳过）"
SKIP_FIELDS: Final = "字段数与表头不符（已跳过）"
SKIP_TRUNCATED: Final = "末行不完整（文件可能被截断，已跳过）"
SKIP_BLANK: Final = "空行（已跳过）"
SKIP_CSV: Final = "CSV 格式错误（已跳过）"
REJECT_UNDECODABLE: Final = "无法解码"
SKIP_MIXED: Final = "病案号的编码与文件不同（混入了另一种编码的行，已跳过）"
SKIP_CONTROL: Final = "病案号含有控制字符（已跳过）"

#: An XLSX is a zip of XML: at most this much XML once unpacked, in all (a zip
#: bomb of 1.5 MB unpacks to gigabytes), and at most this much shared text
#: (openpyxl holds all of it in memory).
MAX_XLSX_BYTES: Final = 2 << 30
MAX_XLSX_STRINGS: Final = 256 << 20
#: A part bigger than this that packs tighter than ``_MAX_RATIO`` is a bomb.
_RATIO_FROM: Final = 64 << 20
_MAX_RATIO: Final = 200
_MAX_MEMBERS: Final = 10_000
#: Excel's own limits: a sheet with more is not a spreadsheet Excel wrote.
MAX_XLSX_ROWS: Final = 1_048_576
MAX_XLSX_COLUMNS: Final = 16_384


@dataclass(frozen=True)
class CsvInfo:
    path: Path
    encoding: str  # Python codec name: "utf-8" or "gb18030" (or the user's)
    bom: int  # bytes of BOM before the header
    delimiter: str
    headers: tuple[str, ...]
    data_start: int  # byte offset of the first data line
    size: int
    detected: bool  # False when --encoding chose

    @property
    def encoding_label(self) -> str:
        label = _ENCODING_NAMES.get(self.encoding, self.encoding.upper())
        return label + ("（带 BOM）" if self.bom else "")


def _codec(name: str) -> str:
    try:
        found = codecs.lookup(name).name
    except LookupError as exc:
        raise UserError(f"未知的编码“{name}”：可用 utf-8、gb18030、gbk 等") from exc
    # GBK and GB2312 files are decoded as GB18030, their superset.
    return "gb18030" if found in ("gbk", "gb2312", "cp936") else found


def _cut_to_line(sample: bytes) -> bytes:
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut >= 0 else sample


def delimiter_inside_characters(codec: str, delimiter: str) -> bool:
    """Whether the delimiter's byte can be the second byte of a character in
    ``codec``: ``|`` (0x7C) is in GBK/GB18030 (``亅`` is 81 7C), Big5 and Shift-JIS,
    never in UTF-8 (whose continuation bytes are 0x80-0xBF); ``,``, tab and ``;``
    lie below every second byte of these. Such a file cannot be cut into fields
    byte by byte."""
    byte = delimiter.encode("ascii", "ignore")
    if len(byte) != 1:
        return False
    for lead in range(0x80, 0x100):
        try:
            if len((bytes([lead]) + byte).decode(codec)) == 1:
                return True
        except (UnicodeDecodeError, LookupError):
            continue
    return False


def sniff_csv(path: Path, encoding: str | None = None) -> CsvInfo:
    """Encoding, delimiter and header of a CSV file, with Chinese errors."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(MAX_LINE + 1)
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    if size == 0 or not head.strip():
        raise UserError(f"文件 {path} 是空的：没有表头，也没有记录。")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserError(
            f"文件 {path} 是 UTF-16 编码，暂不支持。",
            hint="请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用 GB18030/UTF-8 导出。",
        )
    _refuse_nul(path, head)
    bom = 3 if head.startswith(codecs.BOM_UTF8) else 0
    newline = head.find(b"\n", bom)
    if newline < 0 and len(head) > MAX_LINE:
        raise UserError(
            f"文件 {path} 的第一行（表头）超过 {MAX_LINE // (1 << 20)} MiB 仍未结束："
            "不像 CSV 文件。"
        )
    header_bytes = head[bom:] if newline < 0 else head[bom:newline]
    header_bytes = header_bytes.rstrip(b"\r")
    if b"\r" in header_bytes:
        raise UserError(
            f"文件 {path} 以单独的回车符（CR，旧式 Mac 格式）换行，无法逐行读取。",
            hint="请在 Excel 或文本编辑器中另存为“CSV UTF-8”（换行为 CRLF 或 LF）后重试。",
        )
    detected = encoding is None
    if encoding is not None:
        codec = _codec(encoding)
    elif bom:
        codec = "utf-8"
    else:
        sample = _cut_to_line(head[:_SAMPLE]) if newline >= 0 else header_bytes
        codec = _guess_encoding(sample, header_bytes)
        if not codec:
            raise UserError(
                f"无法识别文件 {path} 的编码：开头既不是有效的 UTF-8，也不是有效的 GB18030。",
                hint="若确知编码，请用 --encoding 指定（如 --encoding gbk）。",
            )
    try:
        header_text = header_bytes.decode(codec)
    except UnicodeDecodeError as exc:
        raise UserError(
            f"文件 {path} 的表头无法按 {codec} 解码（第 {exc.start + 1} 字节："
            f"{header_bytes[exc.start : exc.start + 4]!r}）。",
            hint="请检查 --encoding（常见的有 utf-8、gb18030）。",
        ) from exc
    delimiter = max(_DELIMITERS, key=header_text.count)
    if header_text.count(delimiter) == 0:
        delimiter = ","
    headers = next(csv.reader([header_text], delimiter=delimiter), [])
    data_start = size if newline < 0 else newline + 1
    return CsvInfo(path, codec, bom, delimiter, tuple(headers), data_start, size, detected)


def _refuse_nul(path: Path, head: bytes) -> None:
    """NUL bytes are never text: UTF-16 without a BOM (named), or a binary file."""
    sample = head[:_SAMPLE]
    position = sample.find(b"\x00")
    if position < 0:
        return
    # ASCII in UTF-16 has a NUL in every other byte: odd bytes (LE) or even ones (BE).
    pairs = sample[: len(sample) // 2 * 2]
    odd, even = pairs[1::2].count(0), pairs[0::2].count(0)
    half = max(1, len(pairs) // 2)
    for zeros, others, order in ((odd, even, "LE"), (even, odd, "BE")):
        if zeros * 5 >= half * 2 and others * 20 < zeros:
            raise UserError(
                f"文件 {path} 是不带 BOM 的 UTF-16（{order}）编码，暂不支持。",
                hint="请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用 GB18030/UTF-8 导出。",
            )
    raise UserError(
        f"文件 {path} 的第 {position + 1} 字节是空字符（NUL）：不是文本 CSV 文件。",
        hint="请确认选择的是病案首页导出的 CSV/XLSX 文件。",
    )


def readable_record_id(record_id: str, encoding: str, stats: Stats, line: int) -> str | None:
    """``record_id`` as read, or None when the row must be skipped (counted, with an example).

    A record id whose bytes are not in the file's encoding (a GBK row in a
    UTF-8 file) would become a garbled id, and one with a control character
    (NUL, an escape) would reach the output as it is: both rows are skipped and
    reported, the example showing the id as the other encoding reads it.
    """
    if record_id.isascii() and record_id.isprintable():
        return record_id
    if has_surrogates(record_id):
        raw = record_id.encode(encoding, "surrogateescape")
        other = "gb18030" if encoding == "utf-8" else "utf-8"
        try:
            shown = f"病案号按 {_ENCODING_NAMES[other]} 读作“{_visible(raw.decode(other))}”"
        except UnicodeDecodeError:
            shown = f"病案号的字节为 {raw[:40]!r}"
        stats.skip(SKIP_MIXED, line, shown)
        return None
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in record_id):
        stats.skip(SKIP_CONTROL, line, f"病案号 {_visible(record_id)}")
        return None
    return record_id


def _visible(text: str) -> str:
    """``text`` with control characters escaped (\x00), for a message."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if ord(ch) < 32 or 127 <= ord(ch) < 160 else ch
        for ch in text[:60]
    )


def _errors(data: bytes, encoding: str) -> int:
    """How many undecodable sequences ``data`` has in ``encoding``."""
    count = 0

    def handler(exc: UnicodeError) -> tuple[str, int]:
        nonlocal count
        count += 1
        assert isinstance(exc, UnicodeDecodeError)
        return "", exc.end

    codecs.register_error("rtech-count", handler)
    data.decode(encoding, "rtech-count")
    return count


def _guess_encoding(sample: bytes, header: bytes) -> str:
    """UTF-8 or GB18030: the one the sample decodes in; else the header's, when the
    rest has only a few bad bytes (reported cell by cell later); else ""."""
    errors = {}
    for candidate in ("utf-8", "gb18030"):
        errors[candidate] = _errors(sample, candidate)
        if errors[candidate] == 0:
            return candidate
    if not header.isascii():
        # Chinese text in GB18030 is almost never valid UTF-8: a UTF-8 header is
        # a strong sign, whatever a few bad bytes further down say.
        if _errors(header, "utf-8") == 0:
            return "utf-8"
        if _errors(header, "gb18030") == 0 and errors["gb18030"] * 100 < len(sample):
            return "gb18030"
        return ""
    best = min(errors, key=lambda e: errors[e])
    return best if errors[best] * 100 < len(sample) else ""


# -------------------------------------------------------------------------
# Cells to record evaluation (shared by every reader)
# -------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text: None -> "", numbers without a spurious ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def has_surrogates(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def wide_record(
    evaluator: Evaluator,
    layout: Layout,
    stats: Stats,
    line: int,
    get: Callable[[int], Any],
    emit: Callable[[Match], None],
    encoding: str,
) -> None:
    """Evaluate one wide-layout record; ``get(i)`` returns cell ``i`` (str or value)."""
    readable = readable_record_id(cell_text(get(layout.record_id)).strip(), encoding, stats, line)
    if readable is None:
        return
    record_id = readable
    headers = layout.headers
    cells: list[tuple[CodeKind, str, str]] = []
    for kind, columns in (
        (CodeKind.DIAGNOSIS, layout.diagnoses),
        (CodeKind.PROCEDURE, layout.procedures),
    ):
        for index in columns:
            value = get(index)
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                stats.reject(
                    line, f"记录 {record_id} 的“{headers[index]}”：数值 {value!r}（编码应为文本）"
                )
                continue
            text = str(value)
            if has_surrogates(text):
                stats.reject(
                    line,
                    f"记录 {record_id} 的“{headers[index]}”：{REJECT_UNDECODABLE}（{encoding}）",
                )
                continue
            cells.append((kind, headers[index], text))
    discharge = get(layout.discharge_date) if layout.discharge_date is not None else None
    if isinstance(discharge, str) and has_surrogates(discharge):
        discharge = None
    evaluator.evaluate(stats, line, record_id, discharge, cells, emit)


class LongRecords:
    """Long layout: gathers the codes of each record, then evaluates it.

    Records are counted as runs of rows with the same record id (exports write a
    record's rows together). Codes are kept only for records that hold a code
    some rule reads, so memory grows with those records, not with the file;
    rows of one record need not be adjacent for matching.
    """

    def __init__(self, evaluator: Evaluator, layout: Layout, stats: Stats) -> None:
        self.evaluator = evaluator
        self.layout = layout
        self.stats = stats
        self.last_id: str | None = None
        self.pending: dict[str, tuple[int, list[tuple[CodeKind, str, str]], list[Any]]] = {}
        self.relevant = _relevant_keys(evaluator)
        # The current run's rows that no rule reads: kept until the run ends, so a
        # record whose relevant code comes after them is evaluated with all its codes.
        self.run: list[tuple[int, tuple[CodeKind, str, str], Any]] = []

    def add(self, line: int, get: Callable[[int], Any], encoding: str = "utf-8") -> None:
        layout = self.layout
        assert layout.code is not None
        readable = readable_record_id(
            cell_text(get(layout.record_id)).strip(), encoding, self.stats, line
        )
        if readable is None:
            return
        record_id = readable
        if record_id != self.last_id:
            self.stats.records += 1
            self.last_id = record_id
            self.run.clear()
        raw = get(layout.code)
        text = cell_text(raw).strip()
        if not text:
            return
        if layout.code_kind is not None:
            kind_text = cell_text(get(layout.code_kind))
            kind = parse_kind(kind_text)
            if kind is None:
                self.stats.reject(
                    line, f"记录 {record_id} 的编码类型无法识别：{kind_text!r}（编码 {text!r}）"
                )
                return
        else:
            key = squeeze(text)
            kind = CodeKind.DIAGNOSIS if key[:1].isalpha() else CodeKind.PROCEDURE
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            self.stats.reject(line, f"记录 {record_id} 的编码：数值 {raw!r}（编码应为文本）")
            return
        if has_surrogates(text):
            self.stats.reject(line, f"记录 {record_id} 的编码：{REJECT_UNDECODABLE}")
            return
        discharge = get(layout.discharge_date) if layout.discharge_date is not None else None
        cell = (kind, layout.headers[layout.code], text)
        entry = self.pending.get(record_id)
        if entry is None:
            if not self._relevant(text):
                # Still checked for plausibility, so bad cells are counted.
                self.evaluator.evaluate(
                    self.stats, line, record_id, None, [(kind, "编码", text)], _ignore
                )
                self.run.append((line, cell, discharge))
                return
            first = self.run[0][0] if self.run else line
            entry = (
                first,
                [c for _, c, _ in self.run],
                [d for _, _, d in self.run if d not in (None, "")],
            )
            self.pending[record_id] = entry
            self.run.clear()
        entry[1].append(cell)
        if discharge not in (None, ""):
            entry[2].append(discharge)

    def _relevant(self, text: str) -> bool:
        key = squeeze(text)
        return any(key.startswith(k) for k in self.relevant) if key else False

    def finish(self, emit: Callable[[Match], None]) -> None:
        for record_id, (line, cells, dates) in self.pending.items():
            self.stats.candidates += 1
            self.evaluator.evaluate(
                self.stats, line, record_id, dates[0] if dates else None, cells, emit
            )
        self.pending.clear()


def _ignore(_match: Match) -> None:
    return None


def _relevant_keys(evaluator: Evaluator) -> tuple[str, ...]:
    """Prefixes that make a code worth keeping: listed codes and range starts' letters."""
    keys: set[str] = set()
    for rules in evaluator.book.by_edition.values():
        for tech in rules:
            for value_set in tech.rules.value_sets:
                keys.update(squeeze(e.code) for e in value_set.entries)
                for r in value_set.ranges:
                    # Every letter a range spans (C00-D48 reads C and D codes).
                    first, last = r.start[:1].upper(), (r.end[:1] or r.start[:1]).upper()
                    if first and last and first <= last:
                        keys.update(chr(c) for c in range(ord(first), ord(last) + 1))
                    else:
                        keys.add(first)
    return tuple(sorted(keys))


# -------------------------------------------------------------------------
# Exact CSV reader
# -------------------------------------------------------------------------


class _Lines:
    """Text lines with a bounded length; longer lines are skipped and reported."""

    def __init__(self, text: io.TextIOBase, stats: Stats, first_line: int) -> None:
        self.text = text
        self.stats = stats
        self.line = first_line - 1  # number of the last line handed out

    def __iter__(self) -> Iterator[str]:
        read = self.text.readline
        while True:
            line = read(MAX_LINE)
            if not line:
                return
            self.line += 1
            if len(line) >= MAX_LINE and not line.endswith("\n"):
                while True:  # drain the rest of the long line
                    more = read(MAX_LINE)
                    if not more or more.endswith("\n"):
                        break
                self.stats.skip(SKIP_LONG, self.line, "整行被跳过")
                continue
            yield line


def exact_csv(
    info: CsvInfo,
    layout: Layout,
    evaluator: Evaluator,
    stats: Stats,
    emit: Callable[[Match], None],
    *,
    start: int | None = None,
    first_line: int = 2,
) -> None:
    """Parse every row from byte ``start`` (default: the first data line)."""
    csv.field_size_limit(MAX_LINE)
    with info.path.open("rb") as raw:
        raw.seek(info.data_start if start is None else start)
        text = io.TextIOWrapper(raw, encoding=info.encoding, errors="surrogateescape", newline="")
        lines = _Lines(text, stats, first_line)
        reader = csv.reader(lines, delimiter=info.delimiter)
        ncols = len(info.headers)
        long_records = LongRecords(evaluator, layout, stats) if layout.kind == "long" else None
        pending: tuple[int, list[str], bool] | None = None

        def handle(line: int, fields: list[str], last: bool, ended: bool) -> None:
            if not fields:
                stats.skip(SKIP_BLANK, line, "空行")
                return
            if len(fields) != ncols:
                if last and not ended and len(fields) < ncols:
                    stats.skip(SKIP_TRUNCATED, line, f"{len(fields)} 个字段，表头 {ncols} 个")
                else:
                    stats.skip(SKIP_FIELDS, line, f"{len(fields)} 个字段，表头 {ncols} 个")
                return
            if long_records is not None:
                long_records.add(line, fields.__getitem__, info.encoding)
                return
            stats.records += 1
            stats.candidates += 1
            wide_record(evaluator, layout, stats, line, fields.__getitem__, emit, info.encoding)

        while True:
            line_before = lines.line
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                stats.skip(SKIP_CSV, lines.line, str(exc))
                continue
            if pending is not None:
                handle(pending[0], pending[1], False, True)
            pending = (line_before + 1, fields, True)
        if pending is not None:
            ended = _file_ends_with_newline(info.path)
            handle(pending[0], pending[1], True, ended)
        if long_records is not None:
            long_records.finish(emit)


def _file_ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, io.SEEK_END)
        if handle.tell() == 0:
            return True
        handle.seek(-1, io.SEEK_END)
        return handle.read(1) == b"\n"


# -------------------------------------------------------------------------
# XLSX
# -------------------------------------------------------------------------


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MiB"


def _check_archive(path: Path) -> None:
    """Refuse, before unpacking anything, an XLSX that would unpack past the bounds.

    The sizes come from the zip's directory; the zip reader never unpacks a
    part past its declared size, so they bound the work too.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl says so in its own words below
    hint = "若确为正常导出的大文件，请另存为 CSV（UTF-8）后筛查，CSV 没有此限制。"
    if len(members) > _MAX_MEMBERS:
        raise UserError(
            f"Excel 文件 {path} 含有 {len(members):,} 个部件（超过 {_MAX_MEMBERS:,}），"
            "不像 Excel 保存的文件，未读取。",
            hint=hint,
        )
    total = sum(m.file_size for m in members)
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    bomb = next(
        (
            m
            for m in members
            if m.file_size > _RATIO_FROM and m.file_size > _MAX_RATIO * max(1, m.compress_size)
        ),
        None,
    )
    if total > MAX_XLSX_BYTES or strings > MAX_XLSX_STRINGS or bomb is not None:
        what = (
            f"其中“{bomb.filename}”由 {_mib(bomb.compress_size)} 解压为 {_mib(bomb.file_size)}"
            if bomb is not None
            else f"解压后共 {_mib(total)}（上限 {_mib(MAX_XLSX_BYTES)}），"
            f"共享文本 {_mib(strings)}（上限 {_mib(MAX_XLSX_STRINGS)}）"
        )
        raise UserError(
            f"Excel 文件 {path} 解压后过大：{what}，疑为“压缩炸弹”，未读取。", hint=hint
        )


def _xlsx_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    _check_archive(path)
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UserError(f"无法打开 Excel 文件 {path}：{type(exc).__name__}: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        # The sheet's declared dimension is not trusted (A1:XFD1048576 would pad
        # every row to 16,384 cells): rows come as long as they are.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_XLSX_ROWS:
                raise UserError(
                    f"Excel 文件 {path} 的第一个工作表超过 {MAX_XLSX_ROWS:,} 行（Excel 的上限），"
                    "不像 Excel 保存的文件，已停止读取。",
                    hint="请另存为 CSV（UTF-8）后筛查。",
                )
            if len(row) > MAX_XLSX_COLUMNS:
                raise UserError(
                    f"Excel 文件 {path} 的第 {number} 行超过 {MAX_XLSX_COLUMNS:,} 列"
                    "（Excel 的上限），不像 Excel 保存的文件，已停止读取。"
                )
            yield row
    finally:
        book.close()


def xlsx_headers(path: Path) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """The header row (first non-empty row) of the first sheet, and the rows after it."""
    rows = _xlsx_rows(path)
    for row in rows:
        if any(v not in (None, "") for v in row):
            return tuple(cell_text(v).strip() for v in row), rows
    raise UserError(f"Excel 文件 {path} 的第一个工作表是空的：没有表头，也没有记录。")


def exact_xlsx(
    headers: tuple[str, ...],
    rows: Iterator[tuple[Any, ...]],
    layout: Layout,
    evaluator: Evaluator,
    stats: Stats,
    emit: Callable[[Match], None],
) -> None:
    ncols = len(headers)
    long_records = LongRecords(evaluator, layout, stats) if layout.kind == "long" else None
    line = 1
    for row in rows:
        line += 1
        if not any(v not in (None, "") for v in row):
            stats.skip(SKIP_BLANK, line, "空行")
            continue
        values = list(row) + [None] * (ncols - len(row))

        def get(i: int, values: list[Any] = values) -> Any:
            value = values[i]
            if isinstance(value, datetime | date):
                return value
            return value

        if long_records is not None:
            long_records.add(line, get)
            continue
        stats.records += 1
        stats.candidates += 1
        wide_record(evaluator, layout, stats, line, get, emit, "utf-8")
    if long_records is not None:
        long_records.finish(emit)
