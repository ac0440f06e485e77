"""A case's answers as the form shows them: labelled, ordered, grouped in sections.

The plugin's JSON-Schema form (Draft 2020-12, the conventions of
``docs/plugin-hooks.md``) supplies the labels (``title``), the order
(``x-order``: a list of keys on an object, or a number on each property), the
sections (a top-level property whose schema is an object, or ``x-section`` on a
property), the units (``x-unit``) and the labels of choices (``oneOf``/``anyOf``
of ``const`` + ``title``, or ``x-enum-labels``). Properties reached through
``$ref`` (``#/$defs/…`` or the shared fragments in ``forms/``), ``allOf`` and the
branches of ``if``/``then``/``else`` and ``dependentSchemas`` are labelled too.

Nothing here fails on a form it does not understand: a field without a title is
labelled by its key, an answer the form does not declare is listed under
“其他信息”, and a missing form lists every answer by key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rtech.filing.documents import format_number
from rtech.forms.loader import FRAGMENTS as FRAGMENT_PACKAGE

__all__ = ["FormRow", "FormSection", "answer_sections"]

log = logging.getLogger("rtech.filing.formview")

_GENERAL = "基本信息"
_OTHER = "其他信息"
_UNANSWERED = "（未填写）"


@dataclass(frozen=True, slots=True)
class FormRow:
    """One labelled answer; ``depth`` > 0 for the parts of a nested object or list."""

    label: str
    value: str
    depth: int = 0
    #: A heading for the nested rows below it (no value of its own).
    group: bool = False


@dataclass(frozen=True, slots=True)
class FormSection:
    title: str
    rows: tuple[FormRow, ...]


def answer_sections(
    form: Mapping[str, Any] | None, answers: Mapping[str, Any]
) -> list[FormSection]:
    """The answers grouped into the form's sections, in the form's order."""
    if not form:
        listed = tuple(
            row for key, value in answers.items() for row in _rows(key, {}, value, 0, _Resolver({}))
        )
        return [FormSection(_GENERAL, listed)] if listed else []
    resolver = _Resolver(form)
    root = resolver.expand(form)
    properties = root.get("properties", {})
    required = set(root.get("required", ()))
    sections: dict[str, list[FormRow]] = {}

    for key in _ordered(root, properties):
        schema = resolver.expand(properties[key])
        value = answers.get(key)
        if schema.get("type") == "object" and "properties" in schema:
            # A top-level object is a section of the form.
            if isinstance(value, Mapping) and value:
                title = _title(schema, key)
                rows = sections.setdefault(title, [])
                rows.extend(_object_rows(schema, value, 0, resolver))
            continue
        if key not in answers:
            if key in required:
                sections.setdefault(_section_of(schema), []).append(
                    FormRow(_title(schema, key), _UNANSWERED)
                )
            continue
        sections.setdefault(_section_of(schema), []).extend(_rows(key, schema, value, 0, resolver))

    extra = [k for k in answers if k not in properties]
    for key in extra:
        sections.setdefault(_OTHER, []).extend(_rows(key, {}, answers[key], 0, resolver))
    # The general section first, the undeclared answers last, the rest as met.
    ordered = sorted(
        sections.items(), key=lambda item: (item[0] != _GENERAL) + 2 * (item[0] == _OTHER)
    )
    return [FormSection(title, tuple(rows)) for title, rows in ordered if rows]


def _section_of(schema: Mapping[str, Any]) -> str:
    section = schema.get("x-section")
    return section if isinstance(section, str) and section.strip() else _GENERAL


def _title(schema: Mapping[str, Any], key: str) -> str:
    title = schema.get("title")
    return title if isinstance(title, str) and title.strip() else key


def _ordered(schema: Mapping[str, Any], properties: Mapping[str, Any]) -> list[str]:
    """Keys in ``x-order`` (list on the object, or number per property), else as declared."""
    declared = list(properties)
    order = schema.get("x-order")
    if isinstance(order, list):
        listed = [k for k in order if k in properties]
        return listed + [k for k in declared if k not in listed]

    def rank(item: tuple[int, str]) -> tuple[float, int]:
        index, key = item
        sub = properties[key]
        number = sub.get("x-order") if isinstance(sub, Mapping) else None
        if isinstance(number, int | float) and not isinstance(number, bool):
            return (float(number), index)
        return (float("inf"), index)

    return [key for _, key in sorted(enumerate(declared), key=rank)]


def _object_rows(
    schema: Mapping[str, Any], value: Mapping[str, Any], depth: int, resolver: _Resolver
) -> Iterator[FormRow]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    for key in _ordered(schema, properties):
        sub = resolver.expand(properties[key])
        if key in value:
            yield from _rows(key, sub, value[key], depth, resolver)
        elif key in required:
            yield FormRow(_title(sub, key), _UNANSWERED, depth)
    for key in value:
        if key not in properties:
            yield from _rows(key, {}, value[key], depth, resolver)


def _rows(
    key: str, schema: Mapping[str, Any], value: Any, depth: int, resolver: _Resolver
) -> Iterator[FormRow]:
    label = _title(schema, key)
    if isinstance(value, Mapping) and _reference(schema, value) is not None:
        yield FormRow(label, str(_reference(schema, value)), depth)
        return
    if isinstance(value, Mapping):
        yield FormRow(label, "", depth, group=True)
        yield from _object_rows(schema, value, depth + 1, resolver)
        return
    if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        items = resolver.expand(schema.get("items", {})) if isinstance(schema, Mapping) else {}
        for number, item in enumerate(value, 1):
            shown = _reference(items, item) if isinstance(item, Mapping) else None
            if shown is not None:
                yield FormRow(f"{label}（{number}）", shown, depth)
            elif isinstance(item, Mapping):
                yield FormRow(f"{label}（{number}）", "", depth, group=True)
                yield from _object_rows(items, item, depth + 1, resolver)
            else:
                yield FormRow(f"{label}（{number}）", _scalar(items, item, resolver), depth)
        return
    yield FormRow(label, _format(schema, value, resolver), depth)


def _reference(schema: Mapping[str, Any], value: Mapping[str, Any]) -> str | None:
    """A code (``x-codeset``: ``{code, name}``) or a physician of the registry
    (``x-source``: ``{id, name}``) as one value: “D35.2 垂体良性肿瘤”, “杨振华”."""
    if schema.get("x-codeset") and "code" in value:
        return " ".join(str(value[k]) for k in ("code", "name") if value.get(k))
    if schema.get("x-source") == "physicians" and "name" in value:
        return str(value["name"])
    return None


def _format(schema: Mapping[str, Any], value: Any, resolver: _Resolver) -> str:
    if isinstance(value, list):
        items = resolver.expand(schema.get("items", {}))
        return "、".join(_scalar(items, v, resolver) for v in value) or "无"
    return _scalar(schema, value, resolver)


def _scalar(schema: Mapping[str, Any], value: Any, resolver: _Resolver) -> str:
    if value is None:
        return _UNANSWERED
    label = _choice_label(schema, value, resolver)
    if label is not None:
        return label
    if isinstance(value, bool):
        return "是" if value else "否"
    unit = schema.get("x-unit")
    unit = "个月" if unit == "月" else unit  # 6月 reads as June
    unit = f" {unit}" if isinstance(unit, str) and unit and unit not in {"%", "％"} else unit or ""
    if isinstance(value, int | float):
        return f"{format_number(float(value))}{unit}"
    return f"{value}{unit}" if unit else str(value)


def _choice_label(schema: Mapping[str, Any], value: Any, resolver: _Resolver) -> str | None:
    labels = schema.get("x-enum-labels")
    enum = schema.get("enum")
    if isinstance(labels, Mapping) and str(value) in labels:
        return str(labels[str(value)])
    if isinstance(labels, list) and isinstance(enum, list) and value in enum:
        index = enum.index(value)
        if index < len(labels):
            return str(labels[index])
    for keyword in ("oneOf", "anyOf"):
        options = schema.get(keyword)
        if isinstance(options, list):
            for option in options:
                option = resolver.expand(option)
                if option.get("const") == value and isinstance(option.get("title"), str):
                    return str(option["title"])
    return None


class _Resolver:
    """Expands ``$ref``, ``allOf`` and conditional branches into one flat schema."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def expand(self, schema: Any, _depth: int = 0) -> dict[str, Any]:
        """The schema's own keywords first; what ``$ref``, ``allOf`` and the
        branches add comes after (properties) or fills what is missing (the rest).
        """
        if not isinstance(schema, Mapping) or _depth > 20:
            return {}
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "$ref"}
        if "properties" in merged:
            merged["properties"] = dict(merged["properties"])
        ref = schema.get("$ref")
        if isinstance(ref, str):
            _merge(merged, self.expand(self._lookup(ref), _depth + 1))
        for part in schema.get("allOf", ()) or ():
            _merge(merged, self.expand(part, _depth + 1))
        for keyword in ("then", "else"):
            if keyword in schema:
                _merge(merged, self.expand(schema[keyword], _depth + 1))
        for dependent in (schema.get("dependentSchemas") or {}).values():
            _merge(merged, self.expand(dependent, _depth + 1))
        return merged

    def _lookup(self, ref: str) -> Any:
        document, _, pointer = ref.partition("#")
        root: Any = self.root if not document else _fragment(document)
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(root, Mapping) and part in root:
                root = root[part]
            elif isinstance(root, Sequence) and part.isdigit() and int(part) < len(root):
                root = root[int(part)]
            else:
                log.debug("unresolved $ref %s", ref)
                return {}
        return root


def _merge(target: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Add what ``extra`` has and ``target`` lacks; new properties go last.

    ``required`` is not carried over: a branch's requirements hold only when the
    branch applies, and here it only decides whether to print （未填写）.
    """
    for key, value in extra.items():
        if key == "properties" and isinstance(value, Mapping):
            properties = target.setdefault("properties", {})
            for name, sub in value.items():
                properties.setdefault(name, sub)
        elif key != "required" and key not in target:
            target[key] = value


_FRAGMENTS: dict[str, Any] = {}


def _fragment(reference: str) -> Any:
    """A shared fragment of the top-level ``forms/`` package, by file name."""
    name = reference.rsplit("/", 1)[-1]
    if name not in _FRAGMENTS:
        try:
            text = resources.files(FRAGMENT_PACKAGE).joinpath(name).read_text(encoding="utf-8")
            _FRAGMENTS[name] = _anchored(json.loads(text), reference.partition("#")[0])
        except (OSError, ValueError, ModuleNotFoundError) as exc:
            log.debug("form fragment %s not readable: %s", reference, exc)
            _FRAGMENTS[name] = {}
    return _FRAGMENTS[name]


def _anchored(schema: Any, document: str) -> Any:
    """``schema`` with its local references (``#/$defs/…``) made absolute, so that
    they still point into ``document`` once merged into the plugin's form."""
    if isinstance(schema, Mapping):
        out = {key: _anchored(value, document) for key, value in schema.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = document + ref
        return out
    if isinstance(schema, list):
        return [_anchored(item, document) for item in schema]
    return schema
