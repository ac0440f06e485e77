"""Answers as people read them: labels for codes, units, masked ID numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech.forms.formats import mask_resident_id
from rtech.forms.model import Form, Node

__all__ = ["display_value", "mask", "summary_rows"]


def mask(node: Node, value: str) -> str:
    """An ``x-mask`` field's value as shown on screen and in lists."""
    if node.kind == "resident_id" or len(value) >= 15:
        return mask_resident_id(value)
    if len(value) <= 2:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 2) + value[-1]


#: Units that read differently after a count: 6月 is June, 6个月 six months.
_COUNTED = {"月": "个月"}


def _number(value: Any, unit: str) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{text}{_COUNTED.get(unit, unit)}" if unit else text


def display_value(node: Node, value: Any, *, masked: bool = True) -> str:
    """``value`` of ``node`` in Chinese for display; “—” when absent."""
    if value is None:
        return "—"
    kind = node.kind
    if kind in ("boolean", "choice"):
        for choice in node.choices:
            if choice.value == value:
                return choice.label
        return str(value)
    if kind == "multichoice":
        labels = {repr(c.value): c.label for c in node.choices}
        items = value if isinstance(value, list) else [value]
        return "、".join(labels.get(repr(v), str(v)) for v in items) or "无"
    if kind == "number":
        return _number(value, node.unit)
    if kind in ("text", "resident_id", "date"):
        text = str(value)
        return mask(node, text) if masked and node.schema.get("x-mask") else text
    if kind == "code":
        return _code(value)
    if kind == "code_list":
        items = value if isinstance(value, list) else []
        return "；".join(_code(v) for v in items) or "无"
    if kind == "physician":
        return str(value.get("name", "")) if isinstance(value, Mapping) else str(value)
    if kind == "physician_list":
        items = value if isinstance(value, list) else []
        return "、".join(str(v.get("name", "")) for v in items if isinstance(v, Mapping)) or "无"
    if kind == "entries":
        items = value if isinstance(value, list) else []
        if not items:
            return "无"
        return "；".join(
            entry_summary(node.entry_form, item, masked=masked) if node.entry_form else str(item)
            for item in items
        )
    return str(value)


def _code(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"{value.get('code', '')} {value.get('name', '')}".strip()
    return str(value)


def entry_summary(form: Form, item: Any, *, masked: bool = True) -> str:
    """One repeated entry on one line: its answered fields, in order."""
    if not isinstance(item, Mapping):
        return str(item)
    parts = []
    for node in form.questions(item):
        if node.key in item:
            parts.append(display_value(node, item[node.key], masked=masked))
    return " ".join(parts)


def summary_rows(
    form: Form, answers: Mapping[str, Any], *, masked: bool = True
) -> list[tuple[int, str, str, str, str]]:
    """``(number, path, section, title, display)`` for every question that applies."""
    from rtech.answers import get_path

    rows = []
    for number, node in enumerate(form.questions(answers), start=1):
        section = node.section.title if node.section is not node else form.title
        value = get_path(answers, node.path)
        rows.append(
            (number, node.dotted, section, node.title, display_value(node, value, masked=masked))
        )
    return rows
