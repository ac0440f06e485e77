"""The CJK fonts the filings are set in, and the check that they cover the text.

Two families give the documents the hierarchy of official Chinese forms: a serif
(宋体-like, ``Noto Serif CJK SC``) for the body and a sans (黑体-like,
``Noto Sans CJK SC``) for labels, in regular, and for the title and headings, in
bold. Three faces, not four: every face embedded costs a subsetting pass over a
CJK collection (~0.1 s), so the templates never set the serif in bold. They are
looked up through fontconfig, exactly as WeasyPrint (Pango) will find them, so the
faces checked here are the faces that get embedded.

Before anything is rendered, every character of the document is checked against
the ``cmap`` of each face with fontTools: a missing font or a missing glyph is a
Chinese :class:`FontError` at the start, never a PDF with blank boxes.

``RTECH_FILING_SERIF_FONT`` and ``RTECH_FILING_SANS_FONT`` name other installed
families (a hospital's own 宋体/黑体); the check applies to them the same way.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtech.errors import UserError
from rtech.paths import data_dir

__all__ = [
    "DEFAULT_SANS",
    "DEFAULT_SERIF",
    "SANS_ENV",
    "SERIF_ENV",
    "FontError",
    "FontFace",
    "FontSet",
    "check_coverage",
    "resolve_fonts",
    "subset_font",
]

log = logging.getLogger("rtech.filing.fonts")

DEFAULT_SERIF = "Noto Serif CJK SC"
DEFAULT_SANS = "Noto Sans CJK SC"
SERIF_ENV = "RTECH_FILING_SERIF_FONT"
SANS_ENV = "RTECH_FILING_SANS_FONT"

_INSTALL_HINT = (
    "请安装 Noto CJK 字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），"
    f"或用环境变量 {SERIF_ENV} / {SANS_ENV} 指定已安装的中文字体。"
)

# fontconfig weights (fontconfig.h): FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD.
_FC_REGULAR = 80
_FC_BOLD = 200


class FontError(UserError):
    """A font the filings need is missing, or lacks a glyph the text uses."""


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face as fontconfig resolves it: the file and the index inside it."""

    family: str
    bold: bool
    path: Path
    index: int

    @property
    def label(self) -> str:
        return f"{self.family}{'（粗体）' if self.bold else ''}"


@dataclass(frozen=True, slots=True)
class FontSet:
    """The serif and sans families and their three resolved faces."""

    serif: str
    sans: str
    faces: tuple[FontFace, ...]

    def face(self, family: str, *, bold: bool = False) -> FontFace:
        for face in self.faces:
            if face.family == family and face.bold == bold:
                return face
        raise KeyError((family, bold))

    @property
    def stamp_face(self) -> FontFace:
        """The face of the visible signature block (黑体-like)."""
        return self.face(self.sans)


# -------------------------------------------------------------------------
# fontconfig through cffi (ABI mode): the same lookup Pango performs
# -------------------------------------------------------------------------

_FC_CDEF = """
typedef int FcBool;
typedef unsigned char FcChar8;
typedef struct _FcPattern FcPattern;
typedef struct _FcConfig FcConfig;
typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId,
               FcResultOutOfMemory } FcResult;
typedef enum { FcMatchPattern, FcMatchFont, FcMatchScan } FcMatchKind;
FcBool FcInit (void);
FcPattern * FcPatternCreate (void);
void FcPatternDestroy (FcPattern *p);
FcBool FcPatternAddString (FcPattern *p, const char *object, const FcChar8 *s);
FcBool FcPatternAddInteger (FcPattern *p, const char *object, int i);
FcResult FcPatternGetString (const FcPattern *p, const char *object, int n, FcChar8 **s);
FcResult FcPatternGetInteger (const FcPattern *p, const char *object, int n, int *i);
FcBool FcConfigSubstitute (FcConfig *config, FcPattern *p, FcMatchKind kind);
void FcDefaultSubstitute (FcPattern *pattern);
FcPattern * FcFontMatch (FcConfig *config, FcPattern *p, FcResult *result);
"""


@functools.cache
def _fontconfig() -> tuple[Any, Any]:
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_FC_CDEF)
    for name in ("libfontconfig.so.1", "fontconfig", "libfontconfig-1.dll", "libfontconfig.dylib"):
        try:
            lib = ffi.dlopen(name)
            break
        except OSError:
            continue
    else:
        raise FontError("找不到 fontconfig 库，无法查找中文字体。", hint=_INSTALL_HINT)
    if not lib.FcInit():
        raise FontError("fontconfig 初始化失败，无法查找中文字体。", hint=_INSTALL_HINT)
    return ffi, lib


def _match(family: str, bold: bool) -> tuple[Path, int, list[str], int] | None:
    """fontconfig's best match for ``family``: file, index, families, weight."""
    ffi, lib = _fontconfig()
    pattern = lib.FcPatternCreate()
    try:
        lib.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
        lib.FcPatternAddInteger(pattern, b"weight", _FC_BOLD if bold else _FC_REGULAR)
        lib.FcConfigSubstitute(ffi.NULL, pattern, lib.FcMatchPattern)
        lib.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        matched = lib.FcFontMatch(ffi.NULL, pattern, result)
    finally:
        lib.FcPatternDestroy(pattern)
    if matched == ffi.NULL:
        return None
    try:
        string = ffi.new("FcChar8 **")
        integer = ffi.new("int *")
        if lib.FcPatternGetString(matched, b"file", 0, string) != lib.FcResultMatch:
            return None
        path = Path(os.fsdecode(ffi.string(string[0])))
        found = lib.FcPatternGetInteger(matched, b"index", 0, integer) == lib.FcResultMatch
        index = integer[0] if found else 0
        found = lib.FcPatternGetInteger(matched, b"weight", 0, integer) == lib.FcResultMatch
        weight = integer[0] if found else 0
        families = []
        n = 0
        while lib.FcPatternGetString(matched, b"family", n, string) == lib.FcResultMatch:
            families.append(ffi.string(string[0]).decode("utf-8", "replace"))
            n += 1
        return path, index, families, weight
    finally:
        lib.FcPatternDestroy(matched)


def _resolve_face(family: str, bold: bool, role: str) -> FontFace:
    found = _match(family, bold)
    if found is None or not found[0].exists():
        raise FontError(f"找不到{role}字体“{family}”。", hint=_INSTALL_HINT)
    path, index, families, weight = found
    if family.casefold() not in {f.casefold() for f in families}:
        raise FontError(
            f"找不到{role}字体“{family}”（系统只能以“{families[0] if families else path.name}”"
            "代替，中文可能显示为空白方框）。",
            hint=_INSTALL_HINT,
        )
    if bold and weight < _FC_BOLD:
        # Pango synthesises bold from the regular face: legible, merely less crisp.
        log.warning("no bold face for %s; headings use synthetic bold", family)
    return FontFace(family, bold, path, index)


@functools.cache
def _resolve(serif: str, sans: str) -> FontSet:
    faces = (
        _resolve_face(serif, False, "正文（宋体类）"),
        _resolve_face(sans, False, "标签（黑体类）"),
        _resolve_face(sans, True, "标题（黑体类粗体）"),
    )
    return FontSet(serif, sans, faces)


def resolve_fonts(serif: str | None = None, sans: str | None = None) -> FontSet:
    """The font set: parameters, else the environment, else Noto CJK SC.

    :raises FontError: a family is not installed (fontconfig would substitute
        another font for it).
    """
    serif = (serif or os.environ.get(SERIF_ENV) or DEFAULT_SERIF).strip()
    sans = (sans or os.environ.get(SANS_ENV) or DEFAULT_SANS).strip()
    return _resolve(serif, sans)


# -------------------------------------------------------------------------
# Glyph coverage (fontTools), cached per face file
# -------------------------------------------------------------------------


def _cache_path(face: FontFace) -> Path:
    stat = face.path.stat()
    key = f"{face.path.resolve()}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return data_dir() / "cache" / "fonts" / f"{digest}.cmap"


@functools.lru_cache(maxsize=16)
def _codepoints(face: FontFace) -> frozenset[int]:
    """The code points ``face`` maps to a glyph (its best ``cmap`` subtable).

    Reading the cmap of a CJK collection takes a fraction of a second, so the
    result is kept beside the data, keyed by the file's identity.
    """
    cache = _cache_path(face)
    try:
        points = array("I")
        points.frombytes(cache.read_bytes())
        return frozenset(points)
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception as exc:  # any unreadable font is the same user problem
        raise FontError(f"无法读取字体文件 {face.path}：{exc}", hint=_INSTALL_HINT) from exc
    points = array("I", sorted(cmap))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(points.tobytes())
        os.replace(temporary, cache)
    except OSError as exc:
        log.debug("could not cache the cmap of %s: %s", face.path, exc)
    return frozenset(points)


_TAG = re.compile(r"<[^>]*>")


def _needs_glyph(char: str) -> bool:
    return char not in " \n\r\t" and unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp"}


def _context(text: str, char: str) -> str:
    at = text.find(char)
    snippet = _TAG.sub(" ", text[max(0, at - 60) : at + 60])
    snippet = " ".join(snippet.split())
    centre = snippet.find(char)
    return snippet[max(0, centre - 15) : centre + 15]


def check_coverage(text: str, fonts: FontSet, faces: Iterable[FontFace] | None = None) -> None:
    """Raise :class:`FontError` unless every face has a glyph for every character.

    :param text: everything the document will show (its HTML is fine: markup is
        ASCII, which every CJK font covers).
    """
    used = {ord(c) for c in set(text) if _needs_glyph(c)}
    for face in faces if faces is not None else fonts.faces:
        missing = [chr(p) for p in sorted(used - _codepoints(face))]
        if missing:
            shown = "、".join(
                f"“{c}”（U+{ord(c):04X}，见“{_context(text, c)}”）" for c in missing[:5]
            )
            more = f"等 {len(missing)} 个字符" if len(missing) > 5 else ""
            raise FontError(
                f"字体“{face.label}”中没有以下字符的字形{more}：{shown}。"
                "生成的 PDF 会把它们显示为空白方框，因此未生成文件。",
                hint=f"请改写这些文字，或用 {SERIF_ENV} / {SANS_ENV} 指定包含它们的中文字体。",
            )


# -------------------------------------------------------------------------
# Subsets for the signature appearance (pyHanko embeds them)
# -------------------------------------------------------------------------

#: Always kept in a stamp subset, so that times and dates never miss a glyph.
_STAMP_BASE = "0123456789:-+/.() 年月日时分秒：（）"


@functools.lru_cache(maxsize=32)
def subset_font(face: FontFace, text: str) -> bytes:
    """A standalone OpenType font with the glyphs of ``text`` (HarfBuzz subsetter).

    The collections are tens of megabytes; the subset is a few kilobytes, and
    pyHanko subsets it again when it embeds it in the signature appearance.
    """
    import uharfbuzz as hb

    check_coverage(text, FontSet("", "", (face,)), (face,))
    blob = hb.Blob.from_file_path(str(face.path))
    source = hb.Face(blob, face.index)
    wanted = hb.SubsetInput()
    for char in set(text + _STAMP_BASE):
        wanted.unicode_set.add(ord(char))
    subset = hb.subset(source, wanted)
    if subset is None:
        raise FontError(f"无法从字体“{face.label}”生成签章所用的字形子集。", hint=_INSTALL_HINT)
    data: bytes = subset.blob.data
    return data
