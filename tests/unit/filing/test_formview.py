"""A case's answers, labelled and grouped by the plugin's JSON-Schema form."""

from __future__ import annotations

from typing import Any

from rtech.filing.documents import mask_id_numbers
from rtech.filing.formview import FormRow, answer_sections
from tests.unit.filing.helpers import MASKED_ID, example


def _sections() -> dict[str, list[FormRow]]:
    data = example("case-cardio")
    answers = mask_id_numbers(data["answers"])
    return {s.title: list(s.rows) for s in answer_sections(data["form"], answers)}


def _values(rows: list[FormRow]) -> dict[str, str]:
    return {r.label: r.value for r in rows}


def test_sections_follow_the_form_general_first_undeclared_last() -> None:
    assert list(_sections()) == [
        "基本信息",
        "手术信息",
        "术后即刻结果",
        "术前评估",
        "住院期间严重并发症",
        "转归",
        "住院情况",
        "知情同意",
        "其他信息",
    ]


def test_numeric_x_order_orders_the_properties_and_untitled_ones_come_last() -> None:
    labels = [r.label for r in _sections()["手术信息"]]
    assert labels == [
        "手术日期",
        "介入治疗类型",
        "穿刺径路",
        "处理血管",
        "置入支架数",
        "contrast_ml",
    ]


def test_choices_booleans_units_and_lists_read_as_the_form_labels_them() -> None:
    sections = _sections()
    procedure = _values(sections["手术信息"])
    assert procedure["介入治疗类型"] == "NSTE-ACS急诊PCI"  # x-enum-labels
    assert procedure["穿刺径路"] == "桡动脉"  # oneOf const/title
    assert procedure["处理血管"] == "LAD、LCX"
    assert procedure["置入支架数"] == "2 枚"
    assert procedure["contrast_ml"] == "145 ml"  # no title: the key
    result = _values(sections["术后即刻结果"])
    assert result == {
        "病变残余狭窄": "10%",
        "TIMI血流分级": "TIMI 3级",
        "术后即刻冠状动脉造影成功": "是",  # title beside a $ref to #/$defs
    }
    assert _values(sections["住院情况"]) == {"住院天数": "6 天", "住院总费用": "58342.5 元"}
    assert _values(sections["基本信息"])["技术类别"] == "冠状动脉介入诊疗技术"


def test_x_section_groups_top_level_fields_and_required_unanswered_ones_show() -> None:
    sections = _sections()
    assert _values(sections["术前评估"]) == {"NSTE-ACS危险分层": "是", "GRACE评分": "132 分"}
    assert _values(sections["转归"]) == {"住院期间死亡": "否", "随访计划": "（未填写）"}


def test_id_numbers_among_the_answers_stay_masked() -> None:
    assert _values(_sections()["基本信息"])["联系人身份证号"] == MASKED_ID


def test_answers_the_form_does_not_declare_are_kept_under_other() -> None:
    assert _values(_sections()["其他信息"]) == {"legacy_flag": "由旧系统迁移"}


def test_without_a_form_every_answer_is_listed_by_its_key() -> None:
    sections = answer_sections(None, {"a": True, "b": {"c": 1.5, "d": [1, 2]}})
    assert len(sections) == 1
    rows = sections[0].rows
    assert [(r.label, r.value, r.depth, r.group) for r in rows] == [
        ("a", "是", 0, False),
        ("b", "", 0, True),
        ("c", "1.5", 1, False),
        ("d", "1、2", 1, False),
    ]


def test_all_of_branches_and_lists_of_objects_are_labelled() -> None:
    form: dict[str, Any] = {
        "type": "object",
        "$defs": {
            "device": {
                "type": "object",
                "properties": {
                    "name": {"title": "器材名称"},
                    "barcode": {"title": "条形码"},
                },
            }
        },
        "allOf": [{"properties": {"pacing": {"title": "起搏方式"}}}],
        "properties": {
            "sub": {"title": "技术类别", "enum": ["pm", "icd"], "x-enum-labels": {"pm": "起搏器"}},
            "devices": {"title": "器材", "type": "array", "items": {"$ref": "#/$defs/device"}},
        },
        "if": {"properties": {"sub": {"const": "pm"}}},
        "then": {"properties": {"chads": {"title": "CHA2DS2-VASc评分", "x-unit": "分"}}},
    }
    answers = {
        "sub": "pm",
        "pacing": "左束支起搏",
        "chads": 3,
        "devices": [{"name": "双腔起搏器", "barcode": "(01)0694"}],
    }
    (section,) = answer_sections(form, answers)
    assert [(r.label, r.value, r.depth) for r in section.rows] == [
        ("技术类别", "起搏器", 0),
        ("器材（1）", "", 0),
        ("器材名称", "双腔起搏器", 1),
        ("条形码", "(01)0694", 1),
        ("起搏方式", "左束支起搏", 0),
        ("CHA2DS2-VASc评分", "3 分", 0),
    ]


def test_codes_and_physicians_read_as_one_value() -> None:
    physician = {
        "type": "object",
        "x-source": "physicians",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    code = {
        "type": "object",
        "x-codeset": "icd10",
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    }
    form = {
        "type": "object",
        "properties": {
            "team": {
                "type": "object",
                "title": "术者与决策医师",
                "properties": {
                    "operator": physician | {"title": "术者"},
                    "deciders": {"type": "array", "title": "决策医师", "items": physician},
                },
            },
            "coding": {
                "type": "object",
                "title": "编码",
                "properties": {"main": code | {"title": "主要诊断"}},
            },
        },
    }
    answers = {
        "team": {
            "operator": {"id": "1", "name": "杨振华"},
            "deciders": [{"id": "3", "name": "罗晓东"}, {"id": "1", "name": "杨振华"}],
        },
        "coding": {"main": {"code": "D35.2", "name": "垂体良性肿瘤"}},
    }
    sections = {s.title: _values(list(s.rows)) for s in answer_sections(form, answers)}
    assert sections["术者与决策医师"] == {
        "术者": "杨振华",
        "决策医师（1）": "罗晓东",
        "决策医师（2）": "杨振华",
    }
    assert sections["编码"] == {"主要诊断": "D35.2 垂体良性肿瘤"}


def test_every_technologys_form_labels_every_answer_of_its_fields() -> None:
    """Issue 16 item 5: a plugin form's shared fragments (coding, operator) keep
    their own $defs: codes and physicians read as one value, never ``code I21.0``,
    ``name …`` or ``id 1``; every field of every form is labelled by its title."""
    import re

    from rtech.forms.model import compile_form
    from rtech.host import get_host

    host = get_host()
    checked = 0
    for technology in host.technologies:
        schema = host.case_form(technology.slug)
        if schema is None:
            continue
        form = compile_form(schema)
        answers: dict[str, Any] = {}
        for node in form.ordered():
            sample = _sample(node.schema)
            if sample is not None:
                _put(answers, node.path, sample)
        for section in answer_sections(schema, answers):
            for row in section.rows:
                assert not re.fullmatch(r"[a-z][a-z0-9_]*", row.label), (technology.slug, row)
                assert row.label not in ("code", "name", "id"), (technology.slug, row)
        checked += 1
    assert checked >= 10


def _sample(schema: dict[str, Any]) -> Any:
    if schema.get("x-codeset"):
        return {"code": "I21.0", "name": "急性前壁透壁性心肌梗死"}
    if schema.get("x-source") == "physicians":
        return {"id": "1", "name": "杨振华"}
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items") or {}
        item = _sample(items) if isinstance(items, dict) else None
        return [item] if item is not None else []
    return {"string": "文字", "integer": 1, "number": 1.5, "boolean": True}.get(str(kind))


def _put(answers: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        answers = answers.setdefault(key, {})
    answers[path[-1]] = value


def test_counted_months_read_as_months() -> None:
    form = {
        "type": "object",
        "properties": {"interval": {"type": "integer", "title": "首次随访间隔", "x-unit": "月"}},
    }
    (section,) = answer_sections(form, {"interval": 6})
    assert _values(list(section.rows)) == {"首次随访间隔": "6 个月"}
