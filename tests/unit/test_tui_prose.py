"""Chinese wrapping for the terminal UI: break anywhere between Han characters,
keep Latin words and numbers whole, keep punctuation where Chinese sets it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from rtech.tui.widgets.prose import wrap_lines, wrap_text

_NO_START = set("，。、；：？！）」』”’》〉】〕…—·%,.;:?!)]}")
_NO_END = set("（「『“‘《〈【〔([{")


def lines(text: str, width: int) -> list[str]:
    return [line.plain for line in wrap_lines(Text(text), width)]


def test_a_space_inside_a_sentence_does_not_leave_a_ragged_line() -> None:
    text = "把“技术类别”改为“冠状动脉介入诊治”后，以下 1 项回答不再适用，将从病例中移除。"
    assert lines(text, 40) == [
        "把“技术类别”改为“冠状动脉介入诊治”后，以",
        "下 1 项回答不再适用，将从病例中移除。",
    ]


def test_punctuation_stays_with_its_neighbour() -> None:
    # “，” may not start a line: the character before it comes down with it.
    assert lines("甲乙丙丁戊，己庚", 10) == ["甲乙丙丁", "戊，己庚"]
    # “（” may not end a line: it goes down with what it opens.
    assert lines("甲乙丙丁（戊己）", 10) == ["甲乙丙丁", "（戊己）"]
    assert lines("术者：陈建国（主任医师，资质符合）（2023 S05 管理规范 三(二)）", 30) == [
        "术者：陈建国（主任医师，资质符",
        "合）（2023 S05 管理规范 三",
        "(二)）",
    ]


def test_codes_and_numbers_stay_whole_and_long_words_fold() -> None:
    # The code stays whole; “。” does not start the last line.
    assert lines("已添加第 1 项：36.0700 药物洗脱冠状动脉支架置入。", 24) == [
        "已添加第 1 项：36.0700",
        "药物洗脱冠状动脉支架置",
        "入。",
    ]
    assert lines("abcdefghijklmnopqrstuvwxyz", 10) == ["abcdefghij", "klmnopqrst", "uvwxyz"]


def test_styles_and_newlines_are_kept() -> None:
    text = Text("第 1 题\n", style="dim") + Text("患者姓名？", style="bold")
    wrapped = wrap_text(text, 7)
    assert wrapped.plain == "第 1 题\n患者姓\n名？"
    assert [str(span.style) for span in wrapped.spans][-1] == "bold"


@given(
    st.text(alphabet="甲乙丙丁戊，。（）ab12 ：、", min_size=1, max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_every_line_fits_and_nothing_is_lost(text: str, width: int) -> None:
    wrapped = lines(text, width)
    assert all(cell_len(line) <= width for line in wrapped)
    assert "".join(wrapped).replace(" ", "") == text.replace(" ", "")
