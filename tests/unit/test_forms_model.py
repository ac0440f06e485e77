"""The form model: questions, order, branches, variants and requirements."""

from __future__ import annotations

from typing import Any

import pytest

from rtech.forms.model import FormError, compile_form
from rtech.host import get_host


@pytest.fixture
def cardio() -> Any:
    schema = get_host().case_form("cardio")
    assert schema is not None
    return compile_form(schema)


def paths(form: Any, answers: dict[str, Any]) -> list[str]:
    return [node.dotted for node in form.questions(answers)]


def test_sections_and_fields_follow_x_order(cardio: Any) -> None:
    asked = paths(cardio, {})
    assert asked[:6] == [
        "patient.name",
        "patient.sex",
        "patient.birth_date",
        "patient.age",
        "patient.id_number",
        "patient.record_no",
    ]
    sections = list(dict.fromkeys(p.split(".")[0] for p in asked))
    assert sections == [
        "patient",
        "admission",
        "procedure",
        "coding",
        "team",
        "consent",
        "devices",
        "followup",
    ]


def test_branches_open_and_close_with_the_answers(cardio: Any) -> None:
    coronary = {"procedure": {"category": "coronary"}, "coronary": {"presentation": "stemi"}}
    asked = paths(cardio, coronary)
    assert "coronary.stemi_in_window" in asked
    assert "coronary.risk_stratified" not in asked
    assert "structural.structural_type" not in asked
    assert asked.index("coronary.presentation") < asked.index("coding.main_diagnosis")

    nste = {"procedure": {"category": "coronary"}, "coronary": {"presentation": "nste_acs"}}
    assert "coronary.risk_stratified" in paths(cardio, nste)
    assert "coronary.stemi_in_window" not in paths(cardio, nste)

    with_birth = {"patient": {"birth_date": "1950-01-01"}}
    assert "patient.age" not in paths(cardio, with_birth)
    assert "consent.date" not in paths(cardio, {"consent": {"signed": False}})
    assert "consent.date" in paths(cardio, {"consent": {"signed": True}})


def test_one_property_in_exclusive_branches_has_one_variant_per_branch(cardio: Any) -> None:
    variants = cardio.variants(["coronary", "pci_setting"])
    assert len(variants) == 2
    stemi = {"procedure": {"category": "coronary"}, "coronary": {"presentation": "stemi"}}
    nste = {"procedure": {"category": "coronary"}, "coronary": {"presentation": "nste_acs"}}
    assert [c.value for c in cardio.node(["coronary", "pci_setting"], stemi).choices] == [
        "primary",
        "elective",
        "rescue",
        "pharmaco_invasive",
        "emergency_cabg",
    ]
    assert [c.value for c in cardio.node(["coronary", "pci_setting"], nste).choices] == [
        "urgent",
        "elective",
    ]


def test_requirements_depend_on_other_answers(cardio: Any) -> None:
    disposition = cardio.node(["admission", "discharge_disposition"])
    assert not disposition.required({"admission": {"admission_date": "2023-01-01"}})
    assert disposition.required({"admission": {"discharge_date": "2023-01-05"}})
    stent_count = cardio.node(["coronary", "stent_count"])
    answers = {"procedure": {"category": "coronary"}, "coronary": {"pci_type": "stent"}}
    assert stent_count.required(answers)
    assert not stent_count.applies({"procedure": {"category": "coronary"}})


def test_kinds_of_the_cardio_questions(cardio: Any) -> None:
    kinds = {node.dotted: node.kind for node in cardio.ordered()}
    assert kinds["patient.id_number"] == "resident_id"
    assert kinds["admission.total_cost"] == "number"
    assert kinds["coronary.lesion_types"] == "multichoice"
    assert kinds["coding.main_diagnosis"] == "code"
    assert kinds["coding.procedures"] == "code_list"
    assert kinds["team.operator"] == "physician"
    assert kinds["team.deciders"] == "physician_list"
    assert kinds["devices.items"] == "entries"
    entry = cardio.node(["devices", "items"]).entry_form
    assert [n.key for n in entry.questions({})] == ["name", "barcode", "manufacturer"]


def test_labels_name_fields_and_list_items(cardio: Any) -> None:
    assert cardio.label(["patient", "age"]) == "“年龄”"
    assert cardio.label(["devices", "items", 1, "barcode"]) == "“器材”第2项的“条形码/UDI”"
    assert cardio.label(["coding", "procedures", "0", "code"]) == "“手术及操作”第1项的编码"


def test_an_unresolvable_reference_is_a_chinese_error() -> None:
    schema = {"type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}}}
    with pytest.raises(FormError, match="无法解析"):
        compile_form(schema)


def test_dependent_schemas_and_else_branches_declare_questions() -> None:
    schema = {
        "type": "object",
        "properties": {
            "main": {
                "type": "object",
                "title": "主",
                "properties": {
                    "drug": {"type": "string", "title": "药物", "x-order": 10},
                    "implant": {"type": "boolean", "title": "植入", "x-order": 30},
                },
                "dependentSchemas": {
                    "drug": {
                        "properties": {"dose": {"type": "number", "title": "剂量", "x-order": 20}},
                        "required": ["dose"],
                    }
                },
                "if": {"properties": {"implant": {"const": True}}, "required": ["implant"]},
                "then": {
                    "properties": {"device": {"type": "string", "title": "器械", "x-order": 40}}
                },
                "else": {
                    "properties": {"reason": {"type": "string", "title": "原因", "x-order": 40}}
                },
            }
        },
    }
    form = compile_form(schema)
    assert paths(form, {}) == ["main.drug", "main.implant", "main.reason"]
    answers = {"main": {"drug": "阿司匹林", "implant": True}}
    assert paths(form, answers) == ["main.drug", "main.dose", "main.implant", "main.device"]
    assert form.node(["main", "dose"], answers).required(answers)
