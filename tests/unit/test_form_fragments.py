"""The shared fragments of forms/: usable by reference, askable, and of the documented shape.

A form made of every fragment passes the engine lint, compiles into a question
flow, and accepts (and refuses) answers of the shapes docs/forms.md documents,
which other engineers' indicator kinds read.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from rtech import lint_form
from rtech.eligibility.formfields import form_fields, schema_registry
from rtech.forms.model import compile_form

BASE = "https://schemas.rtech.local/forms/"
SECTIONS = ["grade", "reoperation", "rescue", "death", "transfusion", "imaging", "pathology"]
SECTIONS += ["lesions", "donor"]
EVENT = {f: {"$ref": f"{BASE}events.schema.json#/$defs/{f}"} for f in ("onset_date", "severity")}
EVENT |= {f: {"$ref": f"{BASE}events.schema.json#/$defs/{f}"} for f in ("treatment", "outcome")}

FORM: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "共用片段",
    "x-form-version": "1",
    "type": "object",
    "properties": {
        **{
            name: {"$ref": f"{BASE}{name}.schema.json", "x-order": (i + 1) * 10}
            for i, name in enumerate(SECTIONS)
        },
        "complications": {
            "type": "object",
            "title": "并发症",
            "x-order": 200,
            "properties": {
                "events": {
                    "type": "array",
                    "title": "并发症经过",
                    "x-order": 10,
                    "x-prompt": "逐项记录并发症（输入“完成”结束）。",
                    "items": {
                        "type": "object",
                        "title": "并发症",
                        "properties": {
                            "kind": {
                                "title": "并发症",
                                "x-order": 10,
                                "x-prompt": "哪一项？",
                                "oneOf": [{"const": "bleeding", "title": "出血"}],
                            },
                            **EVENT,
                        },
                        "required": ["kind", "onset_date", "severity", "outcome"],
                        "unevaluatedProperties": False,
                    },
                }
            },
            "unevaluatedProperties": False,
        },
    },
    "unevaluatedProperties": False,
}

ANSWERS = {
    "grade": {"grade": "4"},
    "reoperation": {
        "unplanned": True,
        "events": [{"date": "2024-03-02", "reason": "出血", "same_site": True}],
    },
    "rescue": {
        "rescued": True,
        "events": [{"date": "2024-03-02", "time": "23:40", "survived_24h": False}],
    },
    "death": {"status": "irreversible_discharge", "date": "2024-03-04"},
    "transfusion": {"allogeneic_ml": 400, "autologous_ml": 0},
    "imaging": {"preop": ["ct", "cbct"], "cad": True, "navigation": False},
    "pathology": {
        "preop_diagnosis": {"code": "C03.000", "name": "牙龈恶性肿瘤"},
        "postop_diagnosis": {"code": "C03.000", "name": "牙龈恶性肿瘤"},
        "pathology": "高分化鳞状细胞癌",
    },
    "lesions": {
        "items": [{"site": "肝右叶", "size_mm": 32, "necrosis_before_pct": 0}],
    },
    "donor": {
        "living": True,
        "relation": "母亲",
        "sex": "2",
        "age": 52,
        "site_complications": ["delayed_healing"],
        "stay_days": 5,
    },
    "complications": {
        "events": [
            {
                "kind": "bleeding",
                "onset_date": "2024-03-02",
                "severity": "severe",
                "outcome": "recovered",
            }
        ]
    },
}


def _errors(answers: dict[str, Any]) -> list[str]:
    registry, _ = schema_registry(FORM)
    validator = Draft202012Validator(FORM, registry=registry)
    return [e.message for e in validator.iter_errors(answers)]


def test_every_fragment_passes_the_engine_lint_and_compiles() -> None:
    assert [str(p) for p in lint_form(FORM)] == []
    form = compile_form(FORM)
    assert form is not None
    fields = form_fields(FORM)
    for path in (
        "grade.grade",
        "reoperation.events.date",
        "reoperation.events.same_site",
        "rescue.events.time",
        "rescue.events.survived_24h",
        "death.status",
        "death.date",
        "transfusion.allogeneic_ml",
        "imaging.cad",
        "pathology.postop_diagnosis.code",
        "lesions.items.necrosis_after_pct",
        "donor.healing_days",
        "donor.site_complications",
        "complications.events.onset_date",
    ):
        assert path in fields, path


def test_answers_of_the_documented_shapes_are_valid() -> None:
    assert _errors(ANSWERS) == []


def test_answers_off_the_shapes_are_refused() -> None:
    bad_time = {**ANSWERS, "rescue": {"rescued": True, "events": [{"date": "2024-03-02"}]}}
    assert _errors(bad_time)
    no_date = {**ANSWERS, "death": {"status": "died"}}
    assert any("'date' is a required property" in e for e in _errors(no_date))
    assert _errors({**ANSWERS, "grade": {"grade": "5"}})
    undated = {"kind": "bleeding", "severity": "mild", "outcome": "recovered"}
    assert _errors({**ANSWERS, "complications": {"events": [undated]}})
