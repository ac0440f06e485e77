"""Writing matches: JSON Lines (default), CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import os
import sys
from collections.abc import Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, Final

from rtech.atomicfile import discard, publish, staged_path
from rtech.errors import UserError
from rtech.screening.evaluate import Match

__all__ = ["COLUMNS", "MatchWriter", "json_line", "open_writer", "spreadsheet_safe"]

#: A cell starting with one of these is a formula to Excel and WPS (OWASP "CSV injection").
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading ``'``.

    Record ids come from the hospitals' exports: ``=cmd|' /C calc'!A0`` stays text.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


COLUMNS: Final = (
    "record_id",
    "technology",
    "catalog_no",
    "edition",
    "rule",
    "matched_codes",
    "needs_review",
    "review_reasons",
)


class MatchWriter:
    def __init__(self, fmt: str, out: Path | None) -> None:
        self.fmt = fmt
        self.out = out
        self.count = 0
        self._stream: IO[str] | None = None
        self._csv: Any = None
        self._book: Any = None
        self._sheet: Any = None
        self._staged: Path | None = None
        try:
            if fmt == "xlsx":
                if out is None:
                    raise UserError("XLSX 格式需要用 --out 指定输出文件")
                from openpyxl import Workbook

                self._book = Workbook(write_only=True)
                self._sheet = self._book.create_sheet("筛查结果")
                self._sheet.append(list(COLUMNS))
            elif out is None:
                self._stream = sys.stdout
            else:
                # Written beside the target and renamed into place by close(): a
                # killed or failed run never leaves half a result file (issue 19).
                encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
                self._staged = _staged(out)
                descriptor = os.open(self._staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                self._stream = os.fdopen(descriptor, "w", encoding=encoding, newline="")
        except OSError as exc:
            raise UserError(f"无法写入输出文件 {out}：{exc.strerror or exc}") from exc
        if fmt == "csv":
            assert self._stream is not None
            self._csv = csv.writer(self._stream)
            self._csv.writerow(COLUMNS)

    def write(self, match: Match) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            assert self._stream is not None
            self._stream.write(json_line(match))
            return
        row = [
            match.record_id,
            match.technology,
            match.catalog_no,
            match.edition,
            match.rule,
            ";".join(match.matched_codes),
            "是" if match.needs_review else "否",
            "；".join(match.review_reasons),
        ]
        row = [spreadsheet_safe(cell) for cell in row]
        if self.fmt == "csv":
            self._csv.writerow(row)
        else:
            self._sheet.append(row)

    def write_batch(
        self,
        record_ids: Sequence[str],
        which: Sequence[int],
        outcomes: Sequence[tuple[tuple[Any, ...], ...]],
    ) -> None:
        """Write many matches at once, in order: record ``record_ids[i]`` has the
        matches ``outcomes[which[i]]`` (each the fields after the record id). The
        same text as :meth:`write` of each match; JSON Lines without a Match object
        or a lookup per match (a dense export has hundreds of thousands)."""
        if self.fmt != "jsonl":
            new = tuple.__new__
            for record_id, index in zip(record_ids, which, strict=True):
                for template in outcomes[index]:
                    self.write(new(Match, (record_id, *template)))
            return
        assert self._stream is not None
        # A record's lines are its quoted id before each tail: the id joins ["", *tails].
        joins = [["", *map(_tail, templates)] for templates in outcomes]
        head, text = '{"record_id": ', _text
        self._stream.write(
            "".join(
                [
                    (head + text(record_id)).join(joins[index])
                    for record_id, index in zip(record_ids, which, strict=True)
                ]
            )
        )
        self.count += sum(map([len(t) for t in outcomes].__getitem__, which))

    def close(self, summary: dict[str, Any] | None = None) -> None:
        if self._book is not None:
            if summary is not None:
                sheet = self._book.create_sheet("汇总")
                for key, value in summary.items():
                    sheet.append([key, json.dumps(value, ensure_ascii=False, default=str)])
            assert self.out is not None
            self._staged = _staged(self.out)
            try:
                os.close(os.open(self._staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
                self._book.save(self._staged)
                publish(self._staged, self.out)
            except OSError as exc:
                self.abort()
                raise UserError(f"无法写入输出文件 {self.out}：{exc.strerror or exc}") from exc
        elif self._stream is not None:
            if self._stream is sys.stdout:
                self._stream.flush()
            else:
                assert self.out is not None
                assert self._staged is not None
                try:
                    self._stream.flush()
                    os.fsync(self._stream.fileno())
                    self._stream.close()
                    publish(self._staged, self.out)
                except OSError as exc:
                    self.abort()
                    raise UserError(f"无法写入输出文件 {self.out}：{exc.strerror or exc}") from exc
        self._staged = None

    def abort(self) -> None:
        """The run failed: drop the half-written result, keep whatever ``out`` held."""
        if self._stream is not None and self._stream is not sys.stdout:
            with contextlib.suppress(OSError):
                self._stream.close()
        if self._staged is not None:
            discard(self._staged)
            self._staged = None


def _staged(out: Path) -> Path:
    """The hidden temporary file beside ``out`` (mode 0600: record ids are patients')."""
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*.part"):
        with contextlib.suppress(OSError):
            stale.unlink()
    return staged_path(out)


_text = encode_basestring  # a JSON string, non-ASCII kept (json's C encoder)


def json_line(match: Match) -> str:
    """``json.dumps(match.to_dict(), ensure_ascii=False) + "\\n"``, built directly (the
    parent writes every match; this is several times faster). Everything after the
    record id repeats from match to match: it is built once per distinct value."""
    return f'{{"record_id": {_text(match.record_id)}' + _tail(match[1:])


def _tail(rest: tuple[Any, ...]) -> str:
    """The JSON line of a match after its record id (``rest``: the match's fields
    after the record id), remembered."""
    tail = _TAILS.get(rest)
    if tail is None:
        match = Match("", *rest)
        codes = ", ".join(map(_text, match.matched_codes))
        reasons = ", ".join(map(_text, match.review_reasons))
        tail = (
            f', "technology": {_text(match.technology)}, '
            f'"catalog_no": {_text(match.catalog_no)}, "edition": {_text(match.edition)}, '
            f'"rule": {_text(match.rule)}, "matched_codes": [{codes}], '
            f'"needs_review": {"true" if match.needs_review else "false"}, '
            f'"review_reasons": [{reasons}]}}\n'
        )
        if len(_TAILS) < _TAILS_KEPT:
            _TAILS[rest] = tail
    return tail


_TAILS: dict[tuple[Any, ...], str] = {}
_TAILS_KEPT: Final = 1 << 16


def open_writer(fmt: str | None, out: Path | None) -> MatchWriter:
    if fmt is None:
        suffix = out.suffix.lower() if out is not None else ""
        fmt = {".csv": "csv", ".xlsx": "xlsx"}.get(suffix, "jsonl")
    return MatchWriter(fmt, out)
