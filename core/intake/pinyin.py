"""Pinyin keys for matching Chinese text typed as initials or full pinyin.

``initials("冠心病") == "gxb"``, ``syllables("冠心病") == "guanxinbing"``. Each
Han character takes its most common reading, looked up once per character in
pypinyin's character dictionary (its first reading, which is what
``lazy_pinyin`` gives for a single character; the phrase segmentation is ~30x
slower, and importing pypinyin's phrase dictionary alone costs 0.5 s, so it is
never loaded); letters and digits are kept, lower-cased; punctuation is
dropped. ``ü`` is written ``v``, as pinyin keyboards do.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["fold", "initials", "is_han", "name_keys", "pinyin_keys", "syllables"]


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@functools.cache
def _readings() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # imported on first use (0.25 s)

    return pinyin_dict


def _plain(reading: str) -> str:
    """A toned reading without its tone mark, ü as v: lǜ -> lv."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4096)
def _all_readings(char: str) -> list[str]:
    """Every reading of one Han character, most common first, without duplicates."""
    raw = _readings().get(ord(char)) if is_han(char) else None
    return list(dict.fromkeys(_plain(r) for r in raw.split(","))) if raw else []


@functools.lru_cache(maxsize=65536)
def _reading(char: str) -> str:
    """The most common reading of one Han character, tone marks removed: 绿 -> lv."""
    raw = _readings().get(ord(char))
    return _plain(raw.split(",")[0]) if raw else ""


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
    options = _all_readings(name[0]) or [name[0].lower()]
    for reading in options:
        keys.add(reading[0] + rest_first)
        keys.add(reading + rest_full)
    keys.discard("")
    return keys
