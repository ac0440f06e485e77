"""The CJK fonts: found through fontconfig, checked with fontTools, or a clear error."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from rtech.filing.documents import document_from_json
from rtech.filing.fonts import (
    DEFAULT_SANS,
    DEFAULT_SERIF,
    FontError,
    check_coverage,
    resolve_fonts,
    subset_font,
)
from tests.unit.filing.helpers import example

# A CJK Extension G character: outside Noto CJK (checked below, not assumed).
RARE = "\U00030000"


def _cmap(face: Any) -> dict[int, str]:
    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    return font.getBestCmap()


def test_the_default_faces_are_noto_cjk_sc_found_by_fontconfig() -> None:
    fonts = resolve_fonts()
    assert (fonts.serif, fonts.sans) == (DEFAULT_SERIF, DEFAULT_SANS)
    assert [(f.family, f.bold) for f in fonts.faces] == [
        (DEFAULT_SERIF, False),
        (DEFAULT_SANS, False),
        (DEFAULT_SANS, True),
    ]
    for face in fonts.faces:
        assert face.path.exists()
        name = TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"]
        assert name.getDebugName(1) == face.family


def test_a_missing_font_family_is_a_chinese_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RTECH_FILING_SERIF_FONT", "不存在的宋体")
    with pytest.raises(FontError) as error:
        resolve_fonts()
    assert "找不到正文（宋体类）字体“不存在的宋体”" in error.value.message
    assert "fonts-noto-cjk" in error.value.hint


def test_a_missing_font_stops_rendering_before_any_pdf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rtech.filing.render import Renderer

    monkeypatch.setenv("RTECH_FILING_SANS_FONT", "No Such Hei")
    with pytest.raises(FontError, match="找不到标签（黑体类）字体“No Such Hei”"):
        Renderer()


def test_every_character_of_the_text_is_checked() -> None:
    fonts = resolve_fonts()
    assert all(ord(RARE) not in _cmap(face) for face in fonts.faces)
    check_coverage("<td>心血管疾病介入诊疗技术 TIMI 3级 ≤10% ①</td>", fonts)
    with pytest.raises(FontError) as error:
        check_coverage(f"<td>患者姓名：李{RARE}华</td>", fonts)
    message = error.value.message
    assert f"“{RARE}”（U+30000，见“患者姓名：李{RARE}华”）" in message
    assert "空白方框" in message


def test_a_rare_character_in_the_data_stops_the_render(renderer: Any) -> None:
    data = example("case-cardio")
    data["patient"]["name"] = f"李{RARE}华"
    with pytest.raises(FontError, match="U\\+30000"):
        renderer.render(document_from_json(data))


def test_the_stamp_subset_is_a_small_font_with_exactly_the_glyphs_needed() -> None:
    face = resolve_fonts().stamp_face
    data = subset_font(face, "审核：陈静\n四川省某某人民医院")
    assert len(data) < 60_000
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    for char in "审核陈静四川省某某人民医院2025-01-05 14:30:21":
        assert ord(char) in cmap, char
    assert ord("肺") not in cmap
