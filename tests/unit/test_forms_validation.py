"""Validation messages are Chinese and name the offending value; soft checks warn."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rtech.forms.display import display_value, summary_rows
from rtech.forms.formats import FormatProblem, check_resident_id, resident_id_check_digit
from rtech.forms.model import compile_form
from rtech.forms.validation import FormValidator
from rtech.host import get_host
from tests.support.intake import PCI_EXPECTED

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def validator() -> FormValidator:
    schema = get_host().case_form("cardio")
    assert schema is not None
    return FormValidator(compile_form(schema))


def messages(validator: FormValidator, answers: dict[str, Any]) -> dict[str, str]:
    return {p.dotted: p.message for p in validator.errors(answers)}


def test_a_complete_case_is_valid(validator: FormValidator) -> None:
    assert validator.errors(PCI_EXPECTED) == []


def broken(**changes: Any) -> dict[str, Any]:
    import copy

    answers = copy.deepcopy(PCI_EXPECTED)
    for path, value in changes.items():
        section, key = path.split("__")
        answers[section][key] = value
    return answers


@pytest.mark.parametrize(
    ("changes", "path", "expected"),
    [
        ({"patient__age": 200}, "patient.age", "“年龄”为 200岁，超出范围：应在 0～130岁之间"),
        ({"patient__sex": "7"}, "patient.sex", "“性别”的值“7”不是可选项"),
        ({"patient__record_no": "ZY 1"}, "patient.record_no", "“病案号”“ZY 1”格式不正确"),
        ({"patient__name": ""}, "patient.name", "“姓名”不能为空"),
        (
            {"patient__id_number": "110105194912310021"},
            "patient.id_number",
            "校验码不符：最后一位应为“X”，输入为“1”",
        ),
        ({"coronary__stent_count": "2"}, "coronary.stent_count", "应为整数，输入为“2”"),
        ({"coronary__timi_flow": "4"}, "coronary.timi_flow", "“4”不是可选项（可选：TIMI 0级"),
        (
            {"coronary__complications": ["fire"]},
            "coronary.complications.0",
            "“fire”不是可选项",
        ),
        (
            {"admission__admission_date": "2023-02-30"},
            "admission.admission_date",
            "“2023-02-30”不是有效日期",
        ),
    ],
)
def test_each_error_names_the_value(
    validator: FormValidator, changes: dict[str, Any], path: str, expected: str
) -> None:
    found = messages(validator, broken(**changes))
    assert path in found, found
    assert expected in found[path]
    assert CJK.search(found[path])


def test_missing_answers_and_unknown_fields(validator: FormValidator) -> None:
    answers = broken(patient__nickname="小张")
    del answers["team"]["deciders"]
    found = messages(validator, answers)
    assert found["team.deciders"] == "缺少必答项“决策医师”"
    assert found["patient"] == "“患者信息”中有表单未定义的项目：nickname"


def test_an_answer_of_a_closed_branch_is_named(validator: FormValidator) -> None:
    answers = broken(coronary__risk_stratified=True)
    found = messages(validator, answers)
    assert found["coronary"] == "“冠状动脉介入诊治”中的“已进行危险分层”在当前回答下不适用"


def test_too_few_deciders(validator: FormValidator) -> None:
    # The shared form asks for one at least; how many a norm wants is its check's.
    answers = broken(team__deciders=[])
    assert "“决策医师”至少需要 1 项，现有 0 项" in messages(validator, answers).values()


def test_a_date_before_the_one_it_follows_is_an_error(validator: FormValidator) -> None:
    answers = broken(procedure__date="2023-02-27")
    found = messages(validator, answers)
    assert found["procedure.date"] == "手术日期 2023-02-27 早于入院日期 2023-03-01，请核对"
    answers = broken(admission__discharge_date="2023-02-01")
    assert (
        "出院日期 2023-02-01 早于入院日期 2023-03-01"
        in messages(validator, answers)["admission.discharge_date"]
    )


def test_soft_checks_warn_on_fields_and_branches(validator: FormValidator) -> None:
    assert validator.warnings(PCI_EXPECTED) == []
    answers = broken(coronary__timi_flow="2", coronary__residual_stenosis_pct=25)
    warnings = {p.message for p in validator.warnings(answers)}
    assert any(w.startswith("TIMI血流未达3级") for w in warnings)
    assert any(w.startswith("支架术后残余狭窄≥20%") for w in warnings)
    assert validator.errors(answers) == []  # warnings never block


def test_field_checks_for_one_value(validator: FormValidator) -> None:
    node = validator.form.node(["coronary", "stent_count"])
    assert validator.check_value(node, 25) == ["“置入支架数”为 25个，超出范围：应在 1～20个之间"]
    assert validator.check_value(node, 2) == []


def test_resident_id_checksum_gb11643() -> None:
    assert resident_id_check_digit("11010519491231002") == "X"
    assert check_resident_id("11010519491231002X")
    for bad, reason in [
        ("1101051949123100", "应为18位"),
        ("11010519491331002X", "出生日期“19491331”无效"),
        ("01010519491231002X", "地址码"),
        ("110105194912310029", "校验码不符"),
    ]:
        with pytest.raises(FormatProblem, match=reason):
            check_resident_id(bad)


def test_display_masks_id_numbers_and_shows_labels(validator: FormValidator) -> None:
    form = validator.form
    assert display_value(form.node(["patient", "id_number"]), "11010519491231002X") == (
        "110105********002X"
    )
    assert display_value(form.node(["admission", "total_cost"]), 32000) == "32000元"
    assert display_value(form.node(["coronary", "timi_flow"]), "3") == "TIMI 3级"
    rows = {path: shown for _n, path, _s, _t, shown in summary_rows(form, PCI_EXPECTED)}
    assert rows["coding.main_diagnosis"] == "I25.1 动脉粥样硬化性心脏病"
    assert rows["team.deciders"] == "王芳、张伟"
    unmasked = summary_rows(form, PCI_EXPECTED, masked=False)
    assert "11010519491231002X" in {row[4] for row in unmasked}
