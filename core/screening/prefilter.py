"""A conservative byte-level prefilter: which lines could hold a listed code.

Every rule needs at least one of a known set of codes (its *trigger keys*, e.g.
any listed procedure). Most discharge records hold none, so screening looks for
lines that might, in the raw bytes, without parsing: only those lines are parsed
and normalised exactly. The prefilter may say yes wrongly (the exact step then
rejects the line) but never no wrongly. A cell that normalises to a trigger key
``K`` (NFKC, no whitespace, upper case; see rtech.codes.normalize) consists of the
characters of ``K`` with whitespace in between, and possibly non-ASCII
look-alikes. Either:

1. the cell holds a non-ASCII character whose NFKC form is made of code
   characters or whitespace (full-width ``３``, ``．``, ``Ｘ``, the ideographic
   space …: the *exotic* characters), or a rare ASCII control whitespace
   (``\\v``, ``\\f``, ``\\x1c``-``\\x1f``, a lone ``\\r``): such a byte sequence
   marks the line; or
2. the cell is ASCII. Take the whitespace-free piece of it that contains the
   dot of ``K`` (codes here all have one). If whitespace touches the dot, the
   line holds ``[ \\t]\\.`` or ``\\.[ \\t]``. Otherwise the piece is a substring
   ``K[i..j]`` with at least one character on each side of the dot, and it is
   preceded by whitespace unless it starts ``K`` and followed by whitespace
   unless it ends ``K``. Being the whole whitespace-free piece, a piece that
   starts ``K`` is not preceded by an ASCII code character, and one that ends
   ``K`` is not followed by one (so ``37.3401x001`` does not fire for
   ``37.3401``). Those patterns, case-insensitive, are searched for.

A cell whose bytes are in the wrong encoding (GBK bytes in a UTF-8 file and the
reverse) is caught by the encodings of the exotic characters in the other
encoding, so that it is reported as undecodable instead of passing unseen.

Hyperscan (a native multi-pattern matcher) runs the search at memory speed;
without it, Python's ``re`` runs the same patterns, more slowly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = ["Prefilter", "exotic_characters"]

_CODE_CHARS: Final = frozenset("0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Where the exotic characters live (tests/unit/codes checks the whole of Unicode).
_BLOCKS: Final = (
    (0x80, 0x3400),
    (0xA000, 0xAC00),
    (0xF900, 0x10000),
    (0x10780, 0x107C0),
    (0x1D400, 0x1D800),
    (0x1F100, 0x1F200),
    (0x1FBF0, 0x1FC00),
)
_WS: Final = rb"[ \t]"
_BEFORE: Final = rb"(?:^|[^0-9A-Za-z.])"  # not an ASCII code character
_AFTER: Final = rb"(?:[^0-9A-Za-z.]|$)"
_CONTROL_WS: Final = (rb"\x0b", rb"\x0c", rb"\x1c", rb"\x1d", rb"\x1e", rb"\x1f", rb"\r[^\n]")


def _is_exotic(char: str) -> bool:
    form = unicodedata.normalize("NFKC", char).upper()
    return all(c in _CODE_CHARS or c.isspace() for c in form)


@cache
def exotic_characters(everything: bool = False) -> frozenset[str]:
    """Non-ASCII characters that normalise to code characters or whitespace."""
    ranges: Iterable[tuple[int, int]] = ((0x80, 0x110000),) if everything else _BLOCKS
    return frozenset(
        chr(cp)
        for start, stop in ranges
        for cp in range(start, stop)
        if not 0xD800 <= cp < 0xE000 and _is_exotic(chr(cp))
    )


def _other_encoding_sequences(encoding: str) -> list[bytes]:
    """Full-width code characters as the *other* encoding writes them (mixed files).

    In a UTF-8 file GBK bytes A3 B0.. after an ASCII byte are invalid UTF-8, so
    the pattern cannot fire on good text; in a GB18030 file the UTF-8 forms are
    rare two-character sequences.
    """
    chars = [chr(c) for c in range(0xFF10, 0xFF1A)] + ["．", "\u3000"]
    chars += [chr(c) for c in range(0xFF21, 0xFF3B)] + [chr(c) for c in range(0xFF41, 0xFF5B)]
    if encoding == "utf-8":
        return [rb"[\x00-\x7f]" + re.escape(c.encode("gb18030")) for c in chars]
    return [re.escape(c.encode("utf-8")) for c in chars]


def whole_key_pattern(key: str) -> bytes:
    """The pattern of a trigger key written plainly: the fast lane's sign."""
    return _BEFORE + re.escape(key.upper().encode()) + _AFTER


def _patterns(keys: Iterable[str], encoding: str) -> list[bytes]:
    patterns: set[bytes] = set()
    for key in keys:
        key = key.upper()
        dot = key.find(".")
        if dot <= 0 or dot == len(key) - 1:
            # No inner dot: whitespace may fall between any two characters.
            patterns.add((_WS + b"*").join(re.escape(c.encode()) for c in key))
            continue
        last = len(key) - 1
        for i in range(dot):
            for j in range(dot + 1, last + 1):
                piece = re.escape(key[i : j + 1].encode())
                patterns.add((_WS if i > 0 else _BEFORE) + piece + (_WS if j < last else _AFTER))
    patterns.discard(b"")
    patterns.update((_WS + rb"\.", rb"\." + _WS))
    patterns.update(_CONTROL_WS)
    for char in sorted(exotic_characters()):
        try:
            patterns.add(re.escape(char.encode(encoding)))
        except UnicodeEncodeError:
            continue
    patterns.update(_other_encoding_sequences("utf-8" if encoding == "utf-8" else "gb18030"))
    return sorted(patterns)


def _cache_dir() -> Path | None:
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("rtech", appauthor=False))
    except Exception:  # noqa: BLE001 - no cache is never fatal
        return None


def _cached_patterns(keys: Sequence[str], encoding: str) -> list[bytes]:
    """:func:`_patterns`, kept in the user cache directory between runs.

    Building them means normalising some twenty thousand characters (a twentieth
    of a second of every ``screen``). The file is keyed by the keys, the
    encoding, the Unicode version and this module's own source, so a change to
    any of them builds anew; a missing, unreadable or damaged cache (its first
    32 bytes are the SHA-256 of the rest) is rebuilt.
    """
    source = hashlib.sha256(Path(__file__).read_bytes()).digest()
    identity = f"{encoding}\0{unicodedata.unidata_version}\0" + "\0".join(sorted(keys))
    digest = hashlib.sha256(source + identity.encode()).hexdigest()[:24]
    folder = _cache_dir()
    path = folder / f"patterns-{digest}.bin" if folder is not None else None
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
        else:
            check, body = data[:32], data[32:]
            if hashlib.sha256(body).digest() == check:
                return body.split(b"\0")
    patterns = _patterns(keys, encoding)
    if path is not None and all(b"\0" not in p for p in patterns):
        body = b"\0".join(patterns)
        _write_cache(path, hashlib.sha256(body).digest() + body, "patterns-*.bin")
    return patterns


def _write_cache(path: Path, data: bytes, family: str) -> None:
    """Write ``data`` atomically; keep the newest few files of ``family``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, path)
        kept = sorted(path.parent.glob(family), key=lambda p: p.stat().st_mtime)
        for old in kept[:-8]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


#: Blank lines are found in the same pass (their matches are reported apart).
_BLANK: Final = rb"\n\r?\n"


class Prefilter:
    """Finds the byte offsets of possible trigger codes (and of blank lines) in a buffer."""

    def __init__(self, keys: Sequence[str], encoding: str, *, engine: str = "auto") -> None:
        self.encoding = "utf-8" if encoding.replace("_", "-").startswith("utf-8") else "gb18030"
        self.patterns = _cached_patterns(keys, self.encoding)
        self._blank_id = len(self.patterns)
        # pattern id -> key, for the patterns of a key written plainly (no noise)
        position = {pattern: index for index, pattern in enumerate(self.patterns)}
        self.whole: dict[int, bytes] = {
            position[whole_key_pattern(k)]: k.upper().encode()
            for k in keys
            if whole_key_pattern(k) in position
        }
        keys = [k.upper() for k in keys]
        # The longest match: a code piece with whitespace on both sides, a 4-byte
        # character, or unbounded when a key has no inner dot (gaps anywhere).
        bounded = all(0 < k.find(".") < len(k) - 1 for k in keys)
        self.reach: int | None = max([len(k) + 2 for k in keys] + [4]) if bounded else None
        self._hs: Any = None
        self._re: re.Pattern[bytes] | None = None
        if engine in ("auto", "hyperscan"):
            try:
                import hyperscan  # noqa: F401 - only to know it is there
            except ImportError:
                if engine == "hyperscan":
                    raise
            else:
                self._hs = _compile_hyperscan([*self.patterns, _BLANK])
        if self._hs is None:
            self._re = re.compile(b"|".join(self.patterns), re.IGNORECASE)
            self._re_blank = re.compile(rb"\n(?=\r?\n)")

    @property
    def engine(self) -> str:
        return "hyperscan" if self._hs is not None else "re"

    def positions(self, data: bytes | memoryview) -> list[int]:
        """End offsets (exclusive) of every pattern occurrence, in no special order."""
        return self.scan(data)[0]

    def count_lines(self, data: bytes | memoryview, newlines: Any, enough: int) -> int:
        """How many lines of ``data`` hold a possible trigger code (``newlines``: the
        offsets of its newlines, ascending), up to ``enough``: the search stops there
        (a noisy block's probe holds a match at every full-width character)."""
        import bisect

        if self._re is not None:
            lines = {bisect.bisect_left(newlines, m.end() - 1) for m in self._re.finditer(data)}
            return min(len(lines), enough)
        import hyperscan

        counted = [-1, 0]  # the line of the last match (matches come in order), lines

        def on_match(ident: int, _start: int, end: int, _flags: int, _context: object) -> bool:
            if ident == self._blank_id:
                return False
            line = bisect.bisect_left(newlines, end - 1)
            if line != counted[0]:
                counted[0] = line
                counted[1] += 1
            return counted[1] >= enough  # True stops the scan

        with contextlib.suppress(hyperscan.ScanTerminated):
            self._hs.scan(data, match_event_handler=on_match)
        return min(counted[1], enough)

    def scan(self, data: bytes | memoryview) -> tuple[list[int], int, list[int] | None]:
        """End offsets of possible trigger codes, the number of blank lines after the
        first byte of ``data``, and the pattern id of each end (None with ``re``)."""
        if self._re is not None:
            ends = [m.end() for m in self._re.finditer(data)]
            return ends, sum(1 for _ in self._re_blank.finditer(data)), None
        found: list[int] = []
        idents: list[int] = []
        append, note = found.append, idents.append
        blank = self._blank_id
        blanks = 0

        def on_match(ident: int, _start: int, end: int, _flags: int, _context: object) -> None:
            nonlocal blanks
            if ident == blank:
                blanks += 1
            else:
                append(end)
                note(ident)

        self._hs.scan(data, match_event_handler=on_match)
        return found, blanks, idents


def _compile_hyperscan(patterns: list[bytes]) -> Any:
    """A hyperscan database for ``patterns`` (case-insensitive), cached on disk.

    Compiling takes most of a second; the serialised database is kept in the
    user cache directory, keyed by the patterns and the hyperscan version.
    """
    import hyperscan

    # The flags are part of the key: change the tag when compile flags change.
    digest = hashlib.sha256(b"caseless-1\0" + b"\0".join(patterns)).hexdigest()[:24]
    version = getattr(hyperscan, "__version__", "0")
    folder = _cache_dir()
    cache = folder / f"prefilter-{version}-{digest}.hs" if folder is not None else None
    if cache is not None:
        try:
            loaded = hyperscan.loadb(cache.read_bytes(), hyperscan.HS_MODE_BLOCK)
            loaded.scratch = hyperscan.Scratch(loaded)
            return loaded
        except Exception:  # noqa: BLE001 - a missing or bad cache is rebuilt, never fatal
            pass
    database = hyperscan.Database()
    database.compile(
        expressions=patterns,
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[hyperscan.HS_FLAG_CASELESS] * len(patterns),
    )
    if cache is not None:
        _write_cache(cache, hyperscan.dumpb(database), "prefilter-*.hs")
    return database
