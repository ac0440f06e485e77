"""Pinyin keys for matching Chinese text typed as initials or full pinyin.

``initials("冠心病") == "gxb"``, ``syllables("冠心病") == "guanxinbing"``. Each
Han character takes its most common reading, looked up once per character
(pypinyin's phrase segmentation is ~30x slower and the index covers tens of
thousands of names); letters and digits are kept, lower-cased; punctuation is
dropped. ``ü`` is written ``v``, as pinyin keyboards do.
"""

from __future__ import annotations

import functools
import unicodedata

from pypinyin import Style, lazy_pinyin, pinyin

__all__ = ["fold", "initials", "is_han", "name_keys", "pinyin_keys", "syllables"]


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@functools.lru_cache(maxsize=65536)
def _reading(char: str) -> str:
    reading = lazy_pinyin(char)
    return reading[0].replace("ü", "v") if reading else ""


def fold(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: how input is compared."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def pinyin_keys(text: str) -> tuple[str, str]:
    """``(initials, full pinyin)`` of ``text`` in one pass."""
    return _keys(text)


def _keys(text: str) -> tuple[str, str]:
    first, full = [], []
    for char in unicodedata.normalize("NFKC", text):
        if is_han(char):
            reading = _reading(char)
            if reading:
                first.append(reading[0])
                full.append(reading)
        elif char.isalnum():
            first.append(char.lower())
            full.append(char.lower())
    return "".join(first), "".join(full)


def initials(text: str) -> str:
    return _keys(text)[0]


def syllables(text: str) -> str:
    return _keys(text)[1]


def name_keys(name: str) -> set[str]:
    """Initials and full pinyin of a person's name, every reading of the surname.

    Surnames are often read differently from the character's common reading
    (单 shàn, 曾 zēng), so all readings of the first character count.
    """
    if not name:
        return set()
    rest_first, rest_full = _keys(name[1:])
    keys: set[str] = set()
    readings = pinyin(name[0], style=Style.NORMAL, heteronym=True)
    options = [r.replace("ü", "v") for r in (readings[0] if readings else [])] or [name[0].lower()]
    for reading in options:
        keys.add(reading[0] + rest_first)
        keys.add(reading + rest_full)
    keys.discard("")
    return keys
