"""Validation of answers against a form, with Chinese messages naming the value.

:class:`FormValidator` runs the JSON Schema (Draft 2020-12, shared fragments
resolved through :func:`rtech.forms.loader.fragment_registry`) and translates each
error; it adds the form conventions JSON Schema cannot express: ``x-not-before``
and the cross-field date rules every form gets (:mod:`rtech.forms.dates`), both
errors, and ``x-warning`` (soft checks, on a field or on a ``then`` branch).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from rtech.answers import get_path
from rtech.forms.dates import date_problems
from rtech.forms.formats import FORMAT_CHECKER, FormatProblem
from rtech.forms.loader import fragment_registry
from rtech.forms.model import ROOT_URI, Form, Node

__all__ = ["FormValidator", "Problem", "describe_error", "shown"]

_TYPES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "“是”或“否”",
    "object": "一组项目",
    "array": "列表",
    "null": "空值",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """An error or a warning about the answer at ``path``; ``message`` is Chinese."""

    path: tuple[str, ...]
    message: str
    level: str = "error"  # "error" or "warning"

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def shown(value: Any, limit: int = 60) -> str:
    """A value as it appears inside a message."""
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, int | float):
        text = f"{value:g}" if isinstance(value, float) else str(value)
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _range(schema: Mapping[str, Any], unit: str) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"应在 {shown(low)}～{shown(high)}{unit}之间"
    if low is not None:
        return f"不能小于 {shown(low)}{unit}"
    return f"不能大于 {shown(high)}{unit}"


Labeler = Callable[[Sequence[Any]], str]


def describe_error(
    error: ValidationError,
    labeler: Labeler,
    *,
    base: Sequence[Any] = (),
    unexpected: Callable[[Sequence[Any], Any], str | None] | None = None,
) -> str | None:
    """The Chinese message for one jsonschema error (None: a consequence of another one).

    ``labeler`` names an answer path in Chinese; ``unexpected`` explains the keys
    an object should not have (default: all of them are unknown).
    """
    path = [*base, *error.absolute_path]
    label = labeler(path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    keyword = error.validator
    expected: Any = error.validator_value
    unit = str(schema.get("x-unit") or "")
    if keyword == "required":
        keys = expected if isinstance(expected, list) else []
        missing = [k for k in keys if isinstance(value, Mapping) and k not in value]
        return "；".join(f"缺少必答项{labeler([*path, key])}" for key in missing) or None
    if keyword == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected or [])
        names = "或".join(_TYPES.get(str(t), str(t)) for t in wanted)
        return f"{label}应为{names}，输入为“{shown(value)}”"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{label}为 {shown(value)}{unit}，超出范围：{_range(schema, unit)}"
    if keyword == "minLength":
        if expected == 1:
            return f"{label}不能为空"
        return f"{label}“{shown(value)}”太短：至少 {expected} 个字符"
    if keyword == "maxLength":
        return (
            f"{label}太长：不能超过 {expected} 个字符"
            f"（输入为 {len(value) if isinstance(value, str) else '?'} 个字符）"
        )
    if keyword == "pattern":
        hint = schema.get("x-pattern-message")
        if not hint and expected == r"^\S+$":
            hint = "不能包含空格"
        return f"{label}“{shown(value)}”格式不正确" + (f"：{hint}" if hint else "")
    if keyword == "format":
        if isinstance(error.cause, FormatProblem):
            return f"{label}：{error.cause}"
        return f"{label}“{shown(value)}”不是有效的{expected}"
    if keyword in ("oneOf", "anyOf", "enum") and _is_choice_schema(schema):
        options = "、".join(_choice_labels(schema))
        return f"{label}的值“{shown(value)}”不是可选项（可选：{options}）"
    if keyword == "const":
        return f"{label}应为“{shown(expected)}”，输入为“{shown(value)}”"
    if keyword == "minItems":
        count = len(value) if isinstance(value, list) else 0
        return f"{label}至少需要 {expected} 项，现有 {count} 项"
    if keyword == "maxItems":
        count = len(value) if isinstance(value, list) else 0
        return f"{label}最多 {expected} 项，现有 {count} 项"
    if keyword == "uniqueItems":
        return f"{label}中有重复项"
    if keyword in ("unevaluatedProperties", "additionalProperties"):
        if unexpected is not None:
            return unexpected(path, value)
        known = schema.get("properties") or {}
        extra = [str(k) for k in value if k not in known] if isinstance(value, Mapping) else []
        return f"{label}中有未定义的项目：{'、'.join(extra)}" if extra else None
    if keyword == "not":
        return f"{label}的值“{shown(value)}”不符合要求"
    return f"{label}的值“{shown(value)}”不符合表单要求（{keyword}）"


def _keys(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _is_choice_schema(schema: Mapping[str, Any]) -> bool:
    options = schema.get("oneOf")
    if isinstance(options, list) and options:
        return all(isinstance(o, Mapping) and "const" in o for o in options)
    return isinstance(schema.get("enum"), list)


def _choice_labels(schema: Mapping[str, Any]) -> list[str]:
    if isinstance(schema.get("oneOf"), list):
        return [str(o.get("title") or o.get("const")) for o in schema["oneOf"]]
    return [str(v) for v in schema.get("enum") or ()]


def _unexpected(
    form: Form, path: Sequence[Any], value: Any, answers: Mapping[str, Any] | None
) -> str | None:
    """Keys the form does not know, or knows but not for these answers."""
    if not isinstance(value, Mapping):
        return None
    owner, relative, scope = _locate(form, path, answers)
    if owner is None:
        return None
    unknown, inapplicable = [], []
    for key in value:
        variants = owner.variants([*relative, key])
        if not variants:
            unknown.append(str(key))
        elif not any(n.applies(scope) for n in variants):
            inapplicable.append(owner.label([*relative, key]))
    parts = []
    label = form.label(path)
    if unknown:
        parts.append(f"{label}中有表单未定义的项目：{'、'.join(unknown)}")
    if inapplicable:
        parts.append(f"{label}中的{'、'.join(inapplicable)}在当前回答下不适用")
    return "；".join(parts) or None  # otherwise a consequence of an error reported inside


def _locate(
    form: Form, path: Sequence[Any], answers: Mapping[str, Any] | None
) -> tuple[Form | None, list[str], Mapping[str, Any]]:
    """The (entry) form a path falls in, the path relative to it, and its answers."""
    owner: Form = form
    relative: list[str] = []
    scope: Any = answers or {}
    for step in path:
        if isinstance(step, int):
            node = owner.node(relative)
            if node is None or node.entry_form is None:
                return None, [], {}
            items = get_path(scope, tuple(relative)) if isinstance(scope, Mapping) else None
            scope = items[step] if isinstance(items, list) and step < len(items) else {}
            owner, relative = node.entry_form, []
        else:
            relative.append(str(step))
    return owner, relative, scope if isinstance(scope, Mapping) else {}


class FormValidator:
    """Validates answers against one compiled form."""

    def __init__(self, form: Form) -> None:
        self.form = form
        schema = dict(form.schema)
        registry = fragment_registry()
        uri = str(schema.get("$id") or ROOT_URI)
        if uri not in registry and "$id" in schema:
            from referencing import Resource
            from referencing.jsonschema import DRAFT202012

            registry = registry.with_resource(
                uri, Resource.from_contents(schema, default_specification=DRAFT202012)
            )
        self._validator = Draft202012Validator(
            schema, registry=registry, format_checker=FORMAT_CHECKER
        )
        # id -> (node, validator): the node is kept so that its id is not reused.
        self._field_validators: dict[int, tuple[Node, Draft202012Validator]] = {}

    # -- whole answers ---------------------------------------------------

    def errors(self, answers: Mapping[str, Any], *, partial: bool = False) -> list[Problem]:
        """Every error, in question order, each message once.

        ``partial``: the answers are a draft; what is missing (required answers,
        too few list items) is not an error.
        """
        problems: list[Problem] = []
        for error in self._validator.iter_errors(dict(answers)):
            if partial and error.validator in ("required", "minItems"):
                continue
            message = describe_error(
                error,
                self.form.label,
                unexpected=lambda path, value: _unexpected(self.form, path, value, answers),
            )
            if message:
                path = tuple(str(p) for p in error.absolute_path)
                if error.validator == "required":
                    for key in _keys(error.validator_value):
                        if isinstance(error.instance, Mapping) and key not in error.instance:
                            problems.append(
                                Problem(
                                    (*path, str(key)),
                                    f"缺少必答项{self.form.label([*error.absolute_path, key])}",
                                )
                            )
                else:
                    problems.append(Problem(path, message))
        problems.extend(self.date_errors(answers))
        return self._ordered(_unique(problems))

    def warnings(self, answers: Mapping[str, Any]) -> list[Problem]:
        """Every soft check that fires (field ``x-warning`` and branch ``x-warning``)."""
        found: list[Problem] = []
        for form, base, scope in _forms_with_answers(self.form, answers):
            for node in form.questions(scope):
                value = get_path(scope, node.path)
                if value is not None:
                    message = self.field_warning(node, value)
                    if message:
                        found.append(Problem((*base, *node.path), message, "warning"))
            for warning in form.branch_warnings:
                if warning.active(scope):
                    found.append(Problem((*base, *warning.scope), warning.message, "warning"))
        return _unique(found)

    def date_errors(self, answers: Mapping[str, Any]) -> list[Problem]:
        """Dates out of order: ``x-not-before`` and the shared rules of ``rtech.forms.dates``."""
        shared = [Problem(p.path, p.message) for p in date_problems(answers)]
        return _unique([*self.not_before_errors(answers), *shared])

    def not_before_errors(self, answers: Mapping[str, Any]) -> list[Problem]:
        found: list[Problem] = []
        for form, base, scope in _forms_with_answers(self.form, answers):
            for node in form.questions(scope):
                message = self.not_before(node, get_path(scope, node.path), scope, form)
                if message:
                    found.append(Problem((*base, *node.path), message))
        return found

    # -- one answer ------------------------------------------------------

    def check_value(self, node: Node, value: Any) -> list[str]:
        """Errors of one field's value on its own (type, range, choices, format...)."""
        cached = self._field_validators.get(id(node))
        if cached is not None and cached[0] is node:
            validator = cached[1]
        else:
            validator = Draft202012Validator(dict(node.schema), format_checker=FORMAT_CHECKER)
            self._field_validators[id(node)] = (node, validator)
        messages = []
        for error in validator.iter_errors(value):
            message = describe_error(error, _single_labeler(node))
            if message:
                messages.append(message)
        return list(dict.fromkeys(messages))

    def field_warning(self, node: Node, value: Any) -> str | None:
        rule = node.schema.get("x-warning")
        if not isinstance(rule, Mapping) or value is None:
            return None
        keywords = {k: v for k, v in rule.items() if k != "message"}
        if not keywords:
            return str(rule.get("message", ""))
        if Draft202012Validator(keywords, format_checker=FORMAT_CHECKER).is_valid(value):
            return None
        return str(rule.get("message") or f"{node.title}“{shown(value)}”需要核实")

    def not_before(
        self, node: Node, value: Any, answers: Mapping[str, Any], form: Form | None = None
    ) -> str | None:
        """The ``x-not-before`` error of a date field, if its value is too early."""
        reference = node.schema.get("x-not-before")
        if not isinstance(reference, str) or not isinstance(value, str):
            return None
        form = form or self.form
        ref_path = _reference_path(node, reference)
        other = get_path(answers, ref_path)
        if not isinstance(other, str):
            return None
        try:
            if date.fromisoformat(value) >= date.fromisoformat(other):
                return None
        except ValueError:
            return None
        ref_node = form.node(ref_path)
        ref_title = ref_node.title if ref_node else reference
        return f"{node.title} {value} 早于{ref_title} {other}，请核对"

    def _ordered(self, problems: list[Problem]) -> list[Problem]:
        order = {n.path: i for i, n in enumerate(self.form.ordered())}

        def key(problem: Problem) -> tuple[int, str]:
            for size in range(len(problem.path), -1, -1):
                position = order.get(problem.path[:size])
                if position is not None:
                    return position, problem.message
            return len(order), problem.message

        return sorted(problems, key=key)


def _reference_path(node: Node, reference: str) -> tuple[str, ...]:
    """``"admission_date"``: a sibling; ``"admission.admission_date"``: from the root."""
    if "." in reference:
        return tuple(reference.split("."))
    return (*node.path[:-1], reference)


def _forms_with_answers(
    form: Form, answers: Mapping[str, Any], base: tuple[str, ...] = ()
) -> Iterable[tuple[Form, tuple[str, ...], Mapping[str, Any]]]:
    """The form with its answers, then every entry form with each entry's answers."""
    yield form, base, answers
    for node in form.questions(answers):
        if node.entry_form is None:
            continue
        items = get_path(answers, node.path)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, Mapping):
                    yield from _forms_with_answers(
                        node.entry_form, item, (*base, *node.path, str(index))
                    )


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[tuple[str, ...], str]] = set()
    out = []
    for problem in problems:
        key = (problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def _single_labeler(node: Node) -> Labeler:
    """Labels the paths inside one field's value: “主要诊断”的编码."""
    element = node.element.get("properties") or {}

    def label(path: Sequence[Any]) -> str:
        parts = [f"“{node.title}”"]
        for step in path:
            if isinstance(step, int) or str(step).isdigit():
                parts.append(f"第{int(step) + 1}项")
            else:
                parts.append(f"的{(element.get(str(step)) or {}).get('title') or step}")
        return "".join(parts)

    return label
