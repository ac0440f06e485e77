"""Answer parsers: what clinicians type, and (property-tested) that nothing crashes them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtech.codes.model import CodeEntry, CodeKind, ValueSet
from rtech.forms.model import Choice
from rtech.intake.codeindex import CodeIndex
from rtech.intake.parsers import (
    Accepted,
    Ambiguous,
    NeedName,
    PhysicianRef,
    Rejected,
    parse_boolean,
    parse_choice,
    parse_code,
    parse_date,
    parse_multichoice,
    parse_number,
    parse_physician,
    parse_resident_id,
    parse_text,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = date(2024, 5, 10)

SEX = [Choice("1", "男"), Choice("2", "女"), Choice("0", "未知的性别"), Choice("9", "未说明的性别")]
TIMI = [Choice(str(i), f"TIMI {i}级") for i in range(4)]
CATEGORY = [
    Choice("coronary", "冠状动脉介入诊治"),
    Choice("structural", "结构性心脏病介入"),
    Choice("arrhythmia", "心律失常介入"),
]
ABLATION = [
    Choice("psvt", "阵发性室上性心动过速（PSVT）"),
    Choice("af", "心房颤动"),
    Choice("at", "房性心动过速"),
    Choice("va", "室性心律失常"),
]
COMPLICATIONS = [
    Choice("hemothorax", "血胸"),
    Choice("pneumothorax", "气胸"),
    Choice("tamponade", "心脏压塞"),
]
TITLES = [
    Choice("resident", "住院医师"),
    Choice("attending", "主治医师"),
    Choice("associate_chief", "副主任医师"),
    Choice("chief", "主任医师"),
]

INDEX = CodeIndex.from_value_sets(
    [
        ValueSet(
            "dx",
            CodeKind.DIAGNOSIS,
            "诊断",
            (
                CodeEntry("I25.9", "冠心病"),
                CodeEntry("I25.1", "动脉硬化性心脏病"),
                CodeEntry("I21.0", "急性前壁透壁性心肌梗死"),
                CodeEntry("I21.4", "急性心内膜下心肌梗死"),
                CodeEntry("I10", "原发性高血压"),
            ),
        ),
        ValueSet(
            "px",
            CodeKind.PROCEDURE,
            "手术",
            (
                CodeEntry("36.0700", "药物洗脱冠状动脉支架置入"),
                CodeEntry("36.0701", "冠状动脉生物可吸收支架置入术"),
                CodeEntry("37.3401", "经导管心脏射频消融术"),
            ),
        ),
    ]
)
DOCTORS = [
    PhysicianRef.of(1, "李明", "主任医师"),
    PhysicianRef.of(2, "黎敏", "主治医师"),
    PhysicianRef.of(3, "单勇", "主治医师"),
    PhysicianRef.of(4, "王芳", "副主任医师"),
]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("是", True), ("是的", True), ("有", True), ("对", True), ("1", True), ("Y", True),
        ("已签署", True), ("否", False), ("无", False), ("不", False), ("没有", False),
        ("未签署", False), ("2", False), ("no", False), ("×", False),
    ],
)  # fmt: skip
def test_yes_and_no(text: str, value: bool) -> None:
    assert parse_boolean(text) == Accepted(value)


def test_not_knowing_is_not_an_answer() -> None:
    result = parse_boolean("不详")
    assert isinstance(result, Rejected)
    assert "“不详”不能作为是/否的回答" in result.message


@pytest.mark.parametrize(
    ("text", "unit", "integer", "value"),
    [
        ("45℃", "℃", False, 45),
        ("2小时", "分钟", True, 120),
        ("90分钟", "小时", False, 1.5),
        ("400ml", "ml", False, 400),
        ("0.4L", "ml", False, 400),
        ("2小时30分钟", "分钟", True, 150),
        ("一个半小时", "分钟", True, 90),
        ("3.2万", "元", False, 32000),
        ("12,345.5", "元", False, 12345.5),
        ("两个", "个", True, 2),
        ("二十五", "个", True, 25),
        ("百分之30", "%", False, 30),
        ("15%", "%", False, 15),
        ("65岁", "岁", True, 65),
        ("约3天", "天", True, 3),
        ("3分", "", True, 3),
        ("8.2cGy/min", "cGy/min", False, 8.2),
        ("0.1Gy/min", "cGy/min", False, 10),
        ("1200cGy", "Gy", False, 12),
        ("6.5戈瑞", "Gy", False, 6.5),
    ],
)
def test_numbers_with_units(text: str, unit: str, integer: bool, value: float) -> None:
    result = parse_number(text, unit=unit, integer=integer)
    assert isinstance(result, Accepted), result
    assert result.value == value


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("5kg", "个", "“5kg”中的单位“kg”（质量）不能换算为个（数量）"),
        ("6个月", "岁", "“6个月”换算后为 0.5岁"),
        ("三四个", "个", "“三四个”不是数值"),
        ("5 6", "", "包含多个数值"),
        ("10ms", "分钟", "单位“ms”无法识别"),
        ("8Gy", "cGy/min", "不能换算"),
        ("2小时", "", "本题不带单位"),
    ],
)
def test_numbers_rejected_with_the_value_named(text: str, unit: str, message: str) -> None:
    result = parse_number(text, unit=unit, integer=True)
    assert isinstance(result, Rejected)
    assert message in result.message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023-3-5", "2023-03-05"),
        ("2023/03/05", "2023-03-05"),
        ("2023.3.5", "2023-03-05"),
        ("2023年3月5日", "2023-03-05"),
        ("2023 年 3 月 5 号", "2023-03-05"),
        ("20230305", "2023-03-05"),
        ("二〇二三年三月五日", "2023-03-05"),
        ("3月5日", "2024-03-05"),
        ("今天", "2024-05-10"),
        ("昨天", "2024-05-09"),
        ("前天", "2024-05-08"),
        ("3天前", "2024-05-07"),
    ],
)
def test_dates(text: str, value: str) -> None:
    assert parse_date(text, today=TODAY) == Accepted(value)


def test_bad_and_future_dates() -> None:
    assert parse_date("2023-2-30", today=TODAY) == Rejected(
        "“2023-2-30”不是有效日期：2023年2月没有30日"
    )
    assert isinstance(parse_date("下周", today=TODAY), Rejected)
    tomorrow = parse_date("明天", today=TODAY)
    assert isinstance(tomorrow, Accepted)
    assert "晚于今天" in tomorrow.notes[0]


@pytest.mark.parametrize(
    ("text", "choices", "value"),
    [
        ("男", SEX, "1"),
        ("1", SEX, "1"),
        ("9", SEX, "9"),  # coded options are picked by their code
        ("nan", SEX, "1"),
        ("3", TIMI, "3"),
        ("timi 3级", TIMI, "3"),
        ("2", CATEGORY, "structural"),
        ("冠脉", CATEGORY, "coronary"),  # an abbreviation keeps the characters in order
        ("xlsc", CATEGORY, "arrhythmia"),  # pinyin initials
        ("房颤", ABLATION, "af"),
        ("室上速", ABLATION, "psvt"),
        ("房速", ABLATION, "at"),
        ("psvt", ABLATION, "psvt"),
        ("主任", TITLES, "chief"),  # a prefix wins over a substring
    ],
)
def test_choices(text: str, choices: list[Choice], value: str) -> None:
    assert parse_choice(text, choices) == Accepted(value)


def test_choice_ambiguous_or_unknown() -> None:
    result = parse_choice("n", SEX)
    assert isinstance(result, Ambiguous)
    assert [o.label for o in result.options] == ["男", "女"]
    unknown = parse_choice("5", SEX, title="性别")
    assert isinstance(unknown, Rejected)
    assert unknown.message.startswith("“5”不是“性别”的可选项。可选：1. 男；2. 女；0. 未知的性别")


def test_multiple_choice() -> None:
    assert parse_multichoice("1 3", COMPLICATIONS) == Accepted(["hemothorax", "tamponade"])
    assert parse_multichoice("血胸、气胸，血胸", COMPLICATIONS) == Accepted(
        ["hemothorax", "pneumothorax"]
    )
    assert parse_multichoice("无", COMPLICATIONS) == Accepted([])
    assert isinstance(parse_multichoice("无", COMPLICATIONS, allow_empty=False), Rejected)
    bad = parse_multichoice("1 7", COMPLICATIONS)
    assert isinstance(bad, Rejected)
    assert "“7”不是可选项" in bad.message


def test_several_numbers_are_several_options_even_when_their_digits_name_one() -> None:
    scopes = [Choice(f"s{i}", f"专业{i}") for i in range(1, 16)]
    assert parse_multichoice("1 2", scopes) == Accepted(["s1", "s2"])
    assert parse_multichoice("1　2", scopes) == Accepted(["s1", "s2"])  # full-width space
    assert parse_multichoice("12", scopes) == Accepted(["s12"])
    labelled = [Choice("lab", "医学检验、病理专业"), Choice("im", "内科专业")]
    assert parse_multichoice("医学检验、病理专业", labelled) == Accepted(["lab"])


def test_codes_by_code_name_and_pinyin() -> None:
    def value(text: str, codeset: str = "icd10") -> Any:
        result = parse_code(text, INDEX, codeset)
        assert isinstance(result, Accepted), result
        return result.value

    assert value("I25.9") == {"code": "I25.9", "name": "冠心病"}
    assert value("i259") == {"code": "I25.9", "name": "冠心病"}
    assert value("冠心病") == {"code": "I25.9", "name": "冠心病"}
    assert value("gxb") == {"code": "I25.9", "name": "冠心病"}
    assert value("经导管心脏射频消融术", "icd9cm3") == {
        "code": "37.3401",
        "name": "经导管心脏射频消融术",
    }
    offered = parse_code("射频消融", INDEX, "icd9cm3")  # a part of one name: offered
    assert isinstance(offered, Ambiguous)
    assert offered.options[0].label == "37.3401 经导管心脏射频消融术"
    ambiguous = parse_code("I21", INDEX, "icd10")
    assert isinstance(ambiguous, Ambiguous)
    assert [o.label for o in ambiguous.options] == [
        "I21.0 急性前壁透壁性心肌梗死",
        "I21.4 急性心内膜下心肌梗死",
    ]
    by_set = parse_code("36.07", INDEX, "px")
    assert isinstance(by_set, Ambiguous)
    assert len(by_set.options) == 2


def test_codes_outside_the_lists() -> None:
    need = parse_code("I48.900", INDEX, "icd10")
    assert isinstance(need, NeedName)
    assert need.code == "I48.900"
    assert "不在已加载的编码表中" in need.message
    given_name = parse_code("I48.900 心房颤动", INDEX, "icd10")
    assert isinstance(given_name, Accepted)
    assert given_name.value == {"code": "I48.900", "name": "心房颤动"}
    assert "请核对" in given_name.notes[0]
    assert isinstance(parse_code("ZZZ", INDEX, "icd10"), Rejected)
    wrong_kind = parse_code("36.9999", INDEX, "icd10")  # a procedure-shaped code for a diagnosis
    assert isinstance(wrong_kind, Rejected)


def test_physicians_by_name_and_pinyin() -> None:
    assert parse_physician("李明", DOCTORS) == Accepted({"id": "1", "name": "李明"})
    assert parse_physician("wf", DOCTORS) == Accepted({"id": "4", "name": "王芳"})
    assert parse_physician("shanyong", DOCTORS) == Accepted({"id": "3", "name": "单勇"})
    both = parse_physician("lm", DOCTORS)  # 李明 and 黎敏
    assert isinstance(both, Ambiguous)
    assert {o.label for o in both.options} == {"李明（主任医师）", "黎敏（主治医师）"}
    missing = parse_physician("赵六", DOCTORS)
    assert isinstance(missing, Rejected)
    assert "医师名册中没有“赵六”" in missing.message


def test_namesakes_are_told_apart_by_their_licence() -> None:
    # The demo hospital has two 杨振华, both 主任医师: the list must not show twins.
    namesakes = [
        PhysicianRef.of(46, "杨振华", "主任医师", detail="执业证书编码 11051000000046"),
        PhysicianRef.of(73, "杨振华", "主任医师", detail="执业证书编码 11051000000073"),
        PhysicianRef.of(5, "杨振", "主治医师", detail="执业证书编码 5"),
    ]
    found = parse_physician("杨振华", namesakes)
    assert isinstance(found, Ambiguous)
    assert [o.label for o in found.options] == [
        "杨振华（主任医师，执业证书编码 11051000000046）",
        "杨振华（主任医师，执业证书编码 11051000000073）",
    ]
    assert [o.value["id"] for o in found.options] == ["46", "73"]
    # A label no other option shares keeps its short form.
    both = parse_physician("振", namesakes)
    assert isinstance(both, Ambiguous)
    assert "杨振（主治医师）" in [o.label for o in both.options]


def test_resident_id_and_text() -> None:
    assert parse_resident_id(" 110105 19491231 002x ") == Accepted("11010519491231002X")
    bad = parse_resident_id("110105194912310021")
    assert isinstance(bad, Rejected)
    assert "110105194912310021" in bad.message
    assert parse_text("  张  三 ") == Accepted("张三")
    assert parse_text(" Li  Ming 李明 ") == Accepted("Li Ming 李明")


# -- properties: no input crashes a parser; every refusal is explained in Chinese --


def _well_formed(result: object) -> None:
    assert isinstance(result, Accepted | Rejected | Ambiguous | NeedName)
    if isinstance(result, Rejected | NeedName):
        assert CJK.search(result.message), result
    if isinstance(result, Ambiguous):
        assert result.options
        assert CJK.search(result.message)


TEXT = st.text(max_size=40) | st.sampled_from(
    [
        "",
        " ",
        "是否",
        "2023-13-40",
        "１２３",
        "三万五",
        "百分之",
        "-",
        ".",
        "1e9",
        "２小时",
        "\x00",
        "I",
    ]
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_boolean_parser_never_crashes(text: str) -> None:
    _well_formed(parse_boolean(text))


@FAST
@given(
    TEXT, st.sampled_from(["", "分钟", "℃", "ml", "元", "%", "个", "岁", "月", "年"]), st.booleans()
)
def test_number_parser_never_crashes(text: str, unit: str, integer: bool) -> None:
    result = parse_number(text, unit=unit, integer=integer, title="测试")
    _well_formed(result)
    if isinstance(result, Accepted) and integer:
        assert isinstance(result.value, int)


@FAST
@given(TEXT)
def test_date_parser_never_crashes(text: str) -> None:
    result = parse_date(text, today=TODAY)
    _well_formed(result)
    if isinstance(result, Accepted):
        date.fromisoformat(result.value)


@FAST
@given(TEXT, st.sampled_from([SEX, TIMI, CATEGORY, ABLATION, COMPLICATIONS]))
def test_choice_parsers_never_crash(text: str, choices: list[Choice]) -> None:
    _well_formed(parse_choice(text, choices))
    result = parse_multichoice(text, choices)
    _well_formed(result)
    if isinstance(result, Accepted):
        assert set(result.value) <= {c.value for c in choices}


@FAST
@given(TEXT, st.sampled_from(["icd10", "icd9cm3", "dx", "px"]))
def test_code_and_physician_parsers_never_crash(text: str, codeset: str) -> None:
    _well_formed(parse_code(text, INDEX, codeset))
    _well_formed(parse_physician(text, DOCTORS))
    _well_formed(parse_resident_id(text))
    _well_formed(parse_text(text))


def test_weak_code_matches_are_offered_not_assumed() -> None:
    weak = parse_code("xtgz", INDEX, "icd9cm3")  # initials inside one name only
    assert isinstance(weak, Ambiguous)
    assert "只有一条，是它吗？" in weak.message
    assert [o.label for o in weak.options] == ["36.0700 药物洗脱冠状动脉支架置入"]
    nearly = parse_code("经导管心脏射频消融", INDEX, "icd9cm3")
    assert isinstance(nearly, Accepted)
    assert nearly.value["code"] == "37.3401"
