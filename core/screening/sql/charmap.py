"""The normaliser's character rules as tables a SQL engine can apply.

:func:`rtech.codes.normalize.squeeze` is NFKC (of non-ASCII text), then every
whitespace character dropped (``str.split``), then ``str.upper``. No engine
offers these as Python does: DuckDB and Spark SQL have no NFKC; PostgreSQL's
``normalize()`` and every engine's ``upper()`` follow their own Unicode version
and locale. The SQL therefore calls none of them. It rewrites a cell character
by character with tables derived here from the running Python's own functions
(``squeeze`` itself), so they follow exactly the Unicode version (and the
rules) ``rtech screen`` uses.

Why character by character is exact. Let ``f(c) = squeeze(c)``. The *alphabet*
is every character a code, a placeholder or a long layout's kind name can hold
(A-Z, the decimal digits of every script — Python's ``\\d`` is Unicode —,
``. + * / - \\ † — 无`` and the kind names' Chinese characters). For a cell
``s = c1 c2 …``, whenever ``squeeze(s)`` consists of alphabet characters only,
``squeeze(s) == f(c1) f(c2) …``: NFKC decomposes character by character, and
its composition step only joins a letter with a following combining mark into a
character outside the alphabet (no alphabet character ends a composition: a
test checks this against the Unicode tables); ``str.upper`` has no context. A
cell whose squeezed text holds a character outside the alphabet matches no
code pattern, placeholder or kind name, so for classifying a cell it is enough
that the SQL's text also holds one. Each character ``c`` with ``f(c) != c`` is
therefore rewritten:

- ``f(c)`` all in the alphabet: to ``f(c)`` — one character or none by
  ``TRANSLATE``, several by ``REPLACE``;
- otherwise: to the alphabet prefix of ``f(c)`` followed by U+FFFD (``REPLACE``),
  or left as it is when that prefix is empty (``c`` is then outside the
  alphabet). The SQL text then has a character outside the alphabet where
  Python's has one, after the same alphabet characters, so "starts with a
  listed code" (the long layout's test of which rows to keep) answers alike.

One thing this cannot reproduce: NFKC composing a letter that *ends* such a
prefix with a combining mark that follows it (``C`` + U+0327 becomes ``Ç``), so
that Python's text no longer starts with the letter. It matters in one place
only: a long-layout row whose code is a range's first letter followed by such a
mark, of a record whose rows carry different discharge dates, can change which
row's date screening takes (docs/screening-at-scale.md).

Dates are not normalised by NFKC: :func:`rtech.editions.parse_date` strips
whitespace and matches ``\\d`` and ``\\s``, both Unicode. The SQL maps every
decimal digit to its ASCII value and every whitespace character to a space
(``TRANSLATE``), then matches ASCII patterns.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from string import ascii_lowercase, ascii_uppercase
from typing import Final

from rtech.codes.normalize import PLACEHOLDERS, squeeze

# The long layout's kind names (诊断, 手术 …). Private in layout.py, which owns them;
# read here so that the SQL accepts exactly the names screening accepts.
from rtech.screening.layout import _KIND_VALUES as KIND_VALUES

__all__ = ["SENTINEL", "CharMap", "char_class", "charmap"]

#: Stands for the part of a character's normal form that lies outside the alphabet.
SENTINEL: Final = "\ufffd"

_CODE_CHARACTERS: Final = ascii_uppercase + ".+*/\u2020"


@dataclass(frozen=True)
class CharMap:
    """The tables, as strings ready for ``TRANSLATE`` and ``REPLACE``."""

    #: ASCII text: lower case to upper case, whitespace deleted.
    ascii_from: str
    ascii_to: str
    #: Any text: characters rewritten to one character, then those deleted.
    translate_from: str
    translate_to: str
    #: The few characters real exports hold (full-width forms, ideographic and
    #: no-break spaces): a small TRANSLATE tried before the full one, which
    #: some engines (DuckDB) pay for by the length of its table on every row.
    common_from: str
    common_to: str
    #: Characters rewritten to several, in code-point order.
    replace: tuple[tuple[str, str], ...]
    #: ``str.isspace`` characters (``str.strip``, ``str.split``, regex ``\\s``).
    whitespace: str
    #: Decimal digits other than 0-9 (regex ``\\d``), and their ASCII values.
    digits: str
    digit_values: str
    alphabet: frozenset[str]
    unicode_version: str

    @property
    def ascii_space_class(self) -> str:
        """A regex class of the ASCII characters ``str.split`` drops."""
        return char_class(self.ascii_from[len(self.ascii_to) :])

    @property
    def digit_class(self) -> str:
        """A regex class of every decimal digit (Python's ``\\d``)."""
        return char_class("0123456789" + self.digits)

    @property
    def rewritten_class(self) -> str:
        """A regex class of the non-ASCII characters the full tables rewrite,
        but for those of the small table."""
        common = set(self.common_from)
        chars = [*self.translate_from, *(c for c, _ in self.replace)]
        return char_class(c for c in chars if not c.isascii() and c not in common)

    @property
    def replace_class(self) -> str:
        """A regex class of the characters :attr:`replace` rewrites."""
        return char_class(c for c, _ in self.replace)


def _all_characters() -> str:
    """Every character, surrogates left out (not characters, and no engine's text)."""
    return "".join(chr(p) for p in range(sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF)


@cache
def charmap() -> CharMap:
    """The tables of this Python's Unicode version (computed once, under a second)."""
    every = _all_characters()
    digits = re.findall(r"\d", every)  # Python's \d: Unicode decimal digits
    alphabet = set(_CODE_CHARACTERS) | set(digits)
    for placeholder in PLACEHOLDERS:
        alphabet.update(placeholder)
    for names in KIND_VALUES.values():
        for name in names:
            alphabet.update(name)
    single: dict[str, str] = {}
    deleted: list[str] = []
    replace: list[tuple[str, str]] = []
    for c in every:
        if unicodedata.is_normalized("NFKC", c) and c.upper() == c and not c.isspace():
            continue  # squeeze(c) == c: a cheaper test first
        f = squeeze(c)
        if f == c:
            continue
        if all(ch in alphabet for ch in f):
            if not f:
                deleted.append(c)
            elif len(f) == 1:
                single[c] = f
            else:
                replace.append((c, f))
            continue
        prefix = ""
        for ch in f:
            if ch not in alphabet:
                break
            prefix += ch
        if prefix:
            replace.append((c, prefix + SENTINEL))
        elif c in alphabet:  # pragma: no cover - would break the argument above
            raise AssertionError(f"U+{ord(c):04X} is in the alphabet but normalises outside it")
    for source, target in replace:
        # REPLACE runs after TRANSLATE: its sources must be left alone by TRANSLATE
        # (they are: disjoint) and its targets must need no further rewriting.
        if source in alphabet or any(squeeze(ch) != ch for ch in target if ch != SENTINEL):
            raise AssertionError(f"U+{ord(source):04X} cannot be rewritten by REPLACE")
    ascii_single = {c: c.upper() for c in ascii_lowercase}
    assert all(single[c] == t for c, t in ascii_single.items())
    other_digits = [c for c in digits if not "0" <= c <= "9"]
    common = [c for c in single if 0xFF01 <= ord(c) <= 0xFF5E]
    common_deleted = [c for c in deleted if c in "\u3000\u00a0"]
    return CharMap(
        ascii_from="".join(ascii_single) + "".join(c for c in deleted if c.isascii()),
        ascii_to="".join(ascii_single.values()),
        translate_from="".join(single) + "".join(deleted),
        translate_to="".join(single.values()),
        common_from="".join(common) + "".join(common_deleted),
        common_to="".join(single[c] for c in common),
        replace=tuple(replace),
        whitespace="".join(re.findall(r"\s", every)),
        digits="".join(other_digits),
        digit_values="".join(str(unicodedata.decimal(c)) for c in other_digits),
        alphabet=frozenset(alphabet),
        unicode_version=unicodedata.unidata_version,
    )


def char_class(chars: Iterable[str]) -> str:
    """A bracket expression matching exactly ``chars``, runs written as ranges.

    ``\\``, ``]``, ``[``, ``^`` and ``-`` are escaped with a backslash, ASCII control
    characters as ``\\xHH``: the syntax RE2 (DuckDB), Java (Spark) and
    PostgreSQL's ARE agree on.
    """
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    start = 0
    while start < len(points):
        end = start
        while end + 1 < len(points) and points[end + 1] == points[end] + 1:
            end += 1
        first, last = chr(points[start]), chr(points[end])
        if end - start >= 2:
            parts.append(f"{_escape(first)}-{_escape(last)}")
        else:
            parts.extend(_escape(chr(p)) for p in points[start : end + 1])
        start = end + 1
    return "[" + "".join(parts) + "]"


def _escape(c: str) -> str:
    if c.isascii() and not c.isprintable():
        return f"\\x{ord(c):02x}"
    return "\\" + c if c in "\\]^-[" else c
