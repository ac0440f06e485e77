"""The engine lint finds what would make a form unaskable."""

from __future__ import annotations

import copy
from typing import Any

from rtech.forms.lint import lint_form
from rtech.host import get_host


def minimal() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "演示表单",
        "x-form-version": "1",
        "type": "object",
        "properties": {
            "main": {
                "type": "object",
                "title": "基本信息",
                "x-order": 10,
                "properties": {
                    "kind": {
                        "title": "类型",
                        "x-order": 10,
                        "x-prompt": "类型？",
                        "oneOf": [{"const": "a", "title": "甲"}, {"const": "b", "title": "乙"}],
                    },
                    "count": {
                        "type": "integer",
                        "title": "数量",
                        "x-order": 20,
                        "x-unit": "个",
                        "x-prompt": "数量？",
                    },
                },
                "required": ["kind"],
                "unevaluatedProperties": False,
            }
        },
        "required": ["main"],
        "unevaluatedProperties": False,
    }


def problems(schema: dict[str, Any], **kwargs: Any) -> list[str]:
    return [str(p) for p in lint_form(schema, **kwargs)]


def test_the_cardio_form_and_a_minimal_form_pass() -> None:
    schema = get_host().case_form("cardio")
    assert schema is not None
    assert problems(dict(schema)) == []
    assert problems(minimal()) == []


def test_missing_prompt_title_order_and_version() -> None:
    schema = minimal()
    del schema["x-form-version"]
    field = schema["properties"]["main"]["properties"]["count"]
    del field["x-prompt"]
    del field["title"]
    field["x-order"] = 10
    found = "\n".join(problems(schema))
    assert "缺少 x-form-version" in found
    assert "main.count：缺少 x-prompt" in found
    assert "main.count：缺少 title" in found
    assert "x-order 10 与“kind”重复" in found


def test_a_branch_must_read_an_earlier_question() -> None:
    schema = minimal()
    main = schema["properties"]["main"]
    main["properties"]["kind"]["x-order"] = 30
    main["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
            "then": {
                "properties": {
                    "note": {"type": "string", "title": "说明", "x-order": 25, "x-prompt": "说明？"}
                }
            },
        },
        {
            "if": {"properties": {"ghost": {"const": 1}}, "required": ["ghost"]},
            "then": {"x-warning": {"message": "提示"}},
        },
    ]
    found = "\n".join(problems(schema))
    assert "main.note：分支条件引用的“main.kind”排在本题之后" in found
    assert "引用了不存在的题目“main.ghost”" in found


def test_codesets_units_formats_patterns_and_warnings() -> None:
    schema = minimal()
    fields = schema["properties"]["main"]["properties"]
    fields["count"]["x-unit"] = "furlong"
    fields["dx"] = {
        "type": "object",
        "title": "诊断",
        "x-order": 30,
        "x-prompt": "诊断？",
        "x-codeset": "nowhere",
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        "additionalProperties": False,
    }
    fields["when"] = {
        "type": "string",
        "format": "email",
        "title": "时间",
        "x-order": 40,
        "x-prompt": "时间？",
    }
    fields["kind"]["x-warning"] = {"const": "a"}
    schema["properties"]["main"]["x-patterns"] = [{"regex": "(?P<nope>x)"}, {"regex": "("}]
    found = "\n".join(problems(schema))
    assert "x-unit“furlong”不是引擎认识的单位" in found
    assert "x-codeset“nowhere”无法解析" in found
    assert "引擎不支持的 format“email”" in found
    assert "x-warning 应为带 message 的对象" in found
    assert "分组“nope”不是本节的题目" in found
    assert "不是有效的正则表达式" in found
    assert "x-codeset" not in "\n".join(problems(schema, codesets={"nowhere"}))


def test_a_property_in_overlapping_branches_is_refused() -> None:
    schema = minimal()
    main = schema["properties"]["main"]
    extra = {"type": "string", "title": "说明", "x-order": 30, "x-prompt": "说明？"}
    main["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
            "then": {"properties": {"note": extra}},
        },
        {
            "if": {"properties": {"count": {"minimum": 2}}, "required": ["count"]},
            "then": {"properties": {"note": copy.deepcopy(extra)}},
        },
    ]
    assert "main.note：同一题目在多个分支中声明，但这些分支并不互斥" in problems(schema)
    main["allOf"][1]["if"] = {"properties": {"kind": {"const": "b"}}, "required": ["kind"]}
    assert problems(schema) == []


def test_an_invalid_schema_and_ref_siblings() -> None:
    assert "不是有效的 JSON Schema" in problems({"type": "nonsense"})[0]
    schema = minimal()
    schema["properties"]["main"]["properties"]["ref"] = {
        "$ref": "https://schemas.rtech.local/forms/consent.schema.json",
        "x-order": 40,
        "minimum": 3,
    }
    assert any("$ref 旁只能写注释类关键字" in p for p in problems(schema))


def test_objects_must_refuse_unknown_answers() -> None:
    schema = minimal()
    del schema["properties"]["main"]["unevaluatedProperties"]
    assert any("unevaluatedProperties: false" in p for p in problems(schema))
