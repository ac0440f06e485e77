"""The character tables the screening SQL applies, checked against the normaliser
itself and against the Unicode facts the argument in charmap.py rests on."""

from __future__ import annotations

import re
import sys
import unicodedata

from rtech.codes.normalize import squeeze
from rtech.screening.sql.charmap import SENTINEL, char_class, charmap


def test_single_characters_and_deletions_are_what_squeeze_does() -> None:
    m = charmap()
    singles = m.translate_from[: len(m.translate_to)]
    assert len(singles) > 1000
    for source, target in zip(singles, m.translate_to, strict=True):
        assert squeeze(source) == target, f"U+{ord(source):04X}"
    for source in m.translate_from[len(m.translate_to) :]:
        assert squeeze(source) == "", f"U+{ord(source):04X}"
    assert {"\u3000", "\u00a0", " ", "\t"} <= set(m.translate_from[len(m.translate_to) :])
    assert m.common_to == "".join(squeeze(c) for c in m.common_from[: len(m.common_to)])


def test_several_characters_or_the_alphabet_prefix_and_a_sentinel() -> None:
    m = charmap()
    assert dict(m.replace)["ß"] == "SS"
    assert dict(m.replace)["½"] == "1" + SENTINEL  # 1⁄2: the fraction slash is no code character
    for source, target in m.replace:
        full = squeeze(source)
        if target.endswith(SENTINEL):
            prefix = target[:-1]
            assert full.startswith(prefix)
            assert full[len(prefix)] not in m.alphabet
        else:
            assert target == full
            assert len(full) > 1


def test_every_other_character_is_left_as_it_is_only_when_outside_the_alphabet() -> None:
    m = charmap()
    rewritten = set(m.translate_from) | {c for c, _ in m.replace}
    for point in range(sys.maxunicode + 1):
        c = chr(point)
        if 0xD800 <= point <= 0xDFFF or c in rewritten:
            continue
        full = squeeze(c)
        assert full == c or (c not in m.alphabet and full[:1] not in m.alphabet), f"U+{point:04X}"


def test_no_alphabet_character_ends_a_canonical_composition() -> None:
    """NFKC's composition joins a starter with what follows; if an alphabet character
    could be absorbed by a preceding one, rewriting character by character would
    not be exact. Digits start no composition either (only letters do)."""
    alphabet = charmap().alphabet
    for point in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(point))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = [chr(int(p, 16)) for p in decomposition.split()]
        if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == chr(point):
            assert parts[1] not in alphabet, f"U+{point:04X}"
            assert not parts[0].isdigit(), f"U+{point:04X}"


def test_whitespace_and_digits_as_python_reads_dates() -> None:
    m = charmap()
    every = [chr(p) for p in range(sys.maxunicode + 1) if not 0xD800 <= p <= 0xDFFF]
    assert m.whitespace == "".join(c for c in every if c.isspace())
    assert m.whitespace == "".join(c for c in every if re.match(r"\s", c))
    assert set("0123456789" + m.digits) == {c for c in every if re.match(r"\d", c)}
    assert all(int(d) == int(v) for d, v in zip(m.digits, m.digit_values, strict=True))


def test_character_classes_match_exactly_their_characters() -> None:
    chars = "09٣\\]^-[a\x1c\x1d\x1e\x1f 𝟐"
    pattern = re.compile(char_class(chars))
    assert all(pattern.fullmatch(c) for c in chars)
    assert not any(pattern.fullmatch(c) for c in "18b\x1b!Z_`")
    digits = re.compile(charmap().digit_class)
    assert digits.fullmatch("٣")
    assert digits.fullmatch("０")
    assert not digits.fullmatch("½")
