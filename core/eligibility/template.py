"""A profile workbook to fill in: sheets 机构 and 医师, and 说明 describing each field.

Built from the forms themselves (shared part and the technology's part), so
it never drifts from what :func:`rtech.eligibility.profiles.read_profiles` accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rtech.eligibility.formfields import FormField, choices, form_fields
from rtech.forms.loader import load_fragment
from rtech.host import Host

__all__ = ["GUIDE_SHEET", "write_template"]

GUIDE_SHEET = "说明"

_TYPES = {"integer": "整数", "number": "数字", "string": "文字", "boolean": "是/否"}


def _leaves(fields: Mapping[str, FormField]) -> list[FormField]:
    return [
        f
        for f in fields.values()
        if not any(s.get("type") == "object" or s.get("properties") for s in f.schemas)
    ]


def _describe(field: FormField) -> str:
    schema = field.schemas[0]
    options: dict[Any, str] = {}
    for branch in field.schemas:
        options.update(choices(branch) or {})
    if options:
        return "单选：" + "、".join(options.values())
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, Mapping):
        listed = choices(items)
        if listed:
            return "多选（以“、”分隔）：" + "、".join(listed.values())
        return "清单"
    kind = _TYPES.get(str(schema.get("type")), str(schema.get("type", "")))
    unit = schema.get("x-unit")
    return f"{kind}（{unit}）" if unit else kind


def write_template(host: Host, slug: str, output: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    technology = host.technology(slug)
    workbook = openpyxl.Workbook()
    institution_sheet = workbook.active
    assert institution_sheet is not None
    institution_sheet.title = "机构"
    physician_sheet = workbook.create_sheet("医师")
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append(["表", "字段", "键", "填写方式", "说明"])
    bold = Font(bold=True)

    parts: dict[str, list[tuple[str, str, FormField]]] = {"institution": [], "physician": []}
    for kind in parts:
        shared = form_fields(load_fragment(f"{kind}.schema.json"))
        parts[kind] += [(".".join(f.titles), f.path, f) for f in _leaves(shared)]
        own = host.profile_form(slug, kind)
        if own:
            parts[kind] += [
                (".".join((technology.name, *f.titles)), f"{slug}.{f.path}", f)
                for f in _leaves(form_fields(own))
            ]

    institution_sheet.append(["字段", "值", "说明"])
    for header, key, field in parts["institution"]:
        institution_sheet.append([header, None, _describe(field)])
        guide.append(["机构", header, key, _describe(field), field.schemas[0].get("x-help")])
    physician_sheet.append([header for header, _, _ in parts["physician"]])
    for header, key, field in parts["physician"]:
        guide.append(["医师", header, key, _describe(field), field.schemas[0].get("x-help")])

    for sheet in (institution_sheet, physician_sheet, guide):
        for cell in sheet[1]:
            cell.font = bold
    institution_sheet.column_dimensions["A"].width = 60
    institution_sheet.column_dimensions["C"].width = 60
    output.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(output)
