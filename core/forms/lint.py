"""The engine's own checks of a form, beyond JSON Schema's ``check_schema``.

A form that passes :func:`lint_form` can be asked one question at a time: every
question has a title and a prompt, an unambiguous order, conditions that read
earlier answers only, code lists that exist, units the parser knows. The
conformance suite runs it on every plugin form (``tests/plugins/test_forms.py``);
``docs/forms.md`` documents each rule.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from rtech.forms.model import ANNOTATIONS, Condition, Form, FormError, Node, compile_form
from rtech.forms.units import canonical

__all__ = ["BUILTIN_CODESETS", "FORMATS", "LintProblem", "lint_form"]

#: Code lists every installation has: all diagnoses, all procedures.
BUILTIN_CODESETS = frozenset({"icd10", "icd9cm3"})
#: String formats the engine parses and checks.
FORMATS = frozenset({"date", "cn-resident-id"})


@dataclass(frozen=True, slots=True)
class LintProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '（表单）'}：{self.message}"


def lint_form(
    schema: Mapping[str, Any], *, codesets: Collection[str] | None = None
) -> list[LintProblem]:
    """Every problem of ``schema`` as an intake form (empty: the form is fine).

    :param codesets: the value-set ids the installation supplies; ``x-codeset``
        may name one of them or a built-in list (:data:`BUILTIN_CODESETS`). When
        None, only the built-in lists are accepted.
    """
    problems: list[LintProblem] = []
    try:
        Draft202012Validator.check_schema(dict(schema))
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        problems.append(LintProblem(where, f"不是有效的 JSON Schema（2020-12）：{exc.message}"))
        return problems
    problems.extend(_raw_checks(schema))
    try:
        form = compile_form(schema)
    except FormError as exc:
        problems.append(LintProblem("", exc.message))
        return problems
    if not str(schema.get("title") or "").strip():
        problems.append(LintProblem("", "表单缺少 title"))
    if not isinstance(schema.get("x-form-version"), str | int):
        problems.append(LintProblem("", "表单缺少 x-form-version（表单版本，随病例修订一并保存）"))
    problems.extend(LintProblem("", p) for p in form.problems)
    known = BUILTIN_CODESETS | set(codesets or ())
    problems.extend(_lint(form, (), known))
    return problems


def _raw_checks(schema: Mapping[str, Any]) -> Iterator[LintProblem]:
    """Checks on the schema as written: ``$ref`` siblings, x-patterns, formats."""

    def walk(value: Any, where: tuple[str, ...]) -> Iterator[LintProblem]:
        if isinstance(value, Mapping):
            if "$ref" in value:
                extra = set(value) - ANNOTATIONS - {"$ref"}
                if extra:
                    yield LintProblem(
                        "/".join(where),
                        "$ref 旁只能写注释类关键字（title、x-order…），不能写："
                        + "、".join(sorted(extra)),
                    )
            fmt = value.get("format")
            if isinstance(fmt, str) and value.get("type") == "string" and fmt not in FORMATS:
                yield LintProblem("/".join(where), f"引擎不支持的 format“{fmt}”")
            for key, sub in value.items():
                if key not in ("const", "enum", "default", "examples", "x-warning"):
                    yield from walk(sub, (*where, str(key)))
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                yield from walk(sub, (*where, str(index)))

    yield from walk(schema, ())


def _lint(form: Form, base: tuple[str, ...], codesets: Collection[str]) -> Iterator[LintProblem]:
    ordered = form.ordered()
    position: dict[tuple[str, ...], int] = {}
    for index, node in enumerate(ordered):
        position.setdefault(node.path, index)

    def where(node: Node | tuple[str, ...]) -> str:
        path = node.path if isinstance(node, Node) else node
        return ".".join((*base, *path))

    for node in form.root.walk():
        if node is form.root:
            continue
        yield from _lint_node(node, where(node), codesets)
        if node.entry_form is not None:
            yield from _lint(node.entry_form, (*base, *node.path, "[]"), codesets)
        yield from _lint_conditions(form, node, position, where(node))
        if node.is_group:
            yield from _lint_patterns(node, where(node))
        if isinstance(node.schema.get("x-not-before"), str):
            yield from _lint_not_before(form, node, position, where(node))

    for group in [form.root, *form.groups()]:
        yield from _lint_order(form, group, where)
        if not (
            group.schema.get("unevaluatedProperties") is False
            or group.schema.get("additionalProperties") is False
        ):
            yield LintProblem(
                where(group),
                "对象应声明 unevaluatedProperties: false（表单未定义的回答不能被静默保存）",
            )
    for path, variants in form.nodes.items():
        for index, first in enumerate(variants):
            for second in variants[index + 1 :]:
                if not _exclusive(form, first, second):
                    yield LintProblem(where(path), "同一题目在多个分支中声明，但这些分支并不互斥")
    for warning in form.branch_warnings:
        for condition in warning.conditions:
            for ref in condition.references():
                if not form.variants(ref):
                    yield LintProblem(
                        where(warning.scope),
                        f"分支 x-warning 的条件引用了不存在的题目“{'.'.join(ref)}”",
                    )


def _lint_node(node: Node, where: str, codesets: Collection[str]) -> Iterator[LintProblem]:
    schema = node.schema
    if not str(schema.get("title") or "").strip():
        yield LintProblem(where, "缺少 title（复核页与PDF中的标签）")
    if node.is_group:
        return
    if not str(schema.get("x-prompt") or "").strip():
        yield LintProblem(where, "缺少 x-prompt（录入时的提问）")
    order = schema.get("x-order")
    if not isinstance(order, int) or isinstance(order, bool):
        yield LintProblem(where, "缺少整数 x-order（提问顺序）")
    if node.kind in ("code", "code_list"):
        codeset = node.codeset
        if codeset not in codesets:
            known = "、".join(sorted(codesets))
            yield LintProblem(where, f"x-codeset“{codeset}”无法解析（可用：{known}）")
    source = node.element.get("x-source")
    if source is not None and source != "physicians":
        yield LintProblem(where, f"x-source 只支持“physicians”，不支持“{source}”")
    unit = schema.get("x-unit")
    if unit is not None:
        if node.kind != "number":
            yield LintProblem(where, "x-unit 只用于数值题")
        elif canonical(str(unit)) is None:
            yield LintProblem(where, f"x-unit“{unit}”不是引擎认识的单位")
    if node.kind in ("choice", "multichoice"):
        choices = node.choices
        values = [c.value for c in choices]
        if len(set(map(repr, values))) != len(values):
            yield LintProblem(where, "选项的 const 有重复")
        if any(not c.label.strip() for c in choices):
            yield LintProblem(where, "每个选项都需要 title")
    if node.kind == "multichoice" and not node.schema.get("uniqueItems"):
        yield LintProblem(where, "多选题应声明 uniqueItems: true")
    warning = schema.get("x-warning")
    if warning is not None:
        if not isinstance(warning, Mapping) or not isinstance(warning.get("message"), str):
            yield LintProblem(where, "x-warning 应为带 message 的对象")
        else:
            keywords = {k: v for k, v in warning.items() if k != "message"}
            try:
                Draft202012Validator.check_schema(keywords)
            except SchemaError as exc:
                yield LintProblem(where, f"x-warning 的检查条件无效：{exc.message}")
    if schema.get("x-mask") and node.kind not in ("text", "resident_id"):
        yield LintProblem(where, "x-mask 只用于文本题")


def _lint_order(form: Form, group: Node, where: Any) -> Iterator[LintProblem]:
    by_order: dict[Any, list[Node]] = {}
    for child in group.children:
        by_order.setdefault(child.schema.get("x-order"), []).append(child)
    for order, nodes in by_order.items():
        if order is None:
            continue
        for index, first in enumerate(nodes):
            for second in nodes[index + 1 :]:
                if first.path != second.path and not _exclusive(form, first, second):
                    yield LintProblem(
                        where(second),
                        f"x-order {order} 与“{first.key}”重复（同一层级内应唯一，互斥分支除外）",
                    )


def _lint_conditions(
    form: Form, node: Node, position: Mapping[tuple[str, ...], int], where: str
) -> Iterator[LintProblem]:
    first = _first_position(form, node, position)
    for chain in [node.conditions, *node.requirements]:
        for condition in chain:
            for ref in condition.references():
                target = form.variants(ref)
                if not target:
                    yield LintProblem(where, f"条件引用了不存在的题目“{'.'.join(ref)}”")
                    continue
                if target[0].is_group or chain is not node.conditions:
                    continue
                if first is not None and position.get(ref, -1) >= first:
                    yield LintProblem(
                        where,
                        f"分支条件引用的“{'.'.join(ref)}”排在本题之后（条件只能引用先问的题目）",
                    )


def _first_position(form: Form, node: Node, position: Mapping[tuple[str, ...], int]) -> int | None:
    if not node.is_group:
        return position.get(node.path)
    inside = [position[q.path] for q in form.ordered(node) if q.path in position]
    return min(inside) if inside else None


def _lint_patterns(group: Node, where: str) -> Iterator[LintProblem]:
    patterns = group.schema.get("x-patterns")
    if patterns is None:
        return
    if not isinstance(patterns, list):
        yield LintProblem(where, "x-patterns 应为列表")
        return
    fields = {child.key for child in group.children if not child.is_group}
    for index, entry in enumerate(patterns):
        regex = entry.get("regex") if isinstance(entry, Mapping) else None
        if not isinstance(regex, str):
            yield LintProblem(where, f"x-patterns 第{index + 1}项缺少 regex")
            continue
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            yield LintProblem(where, f"x-patterns 第{index + 1}项不是有效的正则表达式：{exc}")
            continue
        if not compiled.groupindex:
            yield LintProblem(where, f"x-patterns 第{index + 1}项没有命名分组")
        for name in compiled.groupindex:
            if name not in fields:
                yield LintProblem(where, f"x-patterns 第{index + 1}项的分组“{name}”不是本节的题目")


def _lint_not_before(
    form: Form, node: Node, position: Mapping[tuple[str, ...], int], where: str
) -> Iterator[LintProblem]:
    reference = str(node.schema["x-not-before"])
    path = tuple(reference.split(".")) if "." in reference else (*node.path[:-1], reference)
    target = form.variants(path)
    if node.kind != "date":
        yield LintProblem(where, "x-not-before 只用于日期题")
    if not target or target[0].kind != "date":
        yield LintProblem(where, f"x-not-before 引用的“{reference}”不是本表单的日期题")


def _effective(form: Form, node: Node, depth: int = 0) -> list[Condition]:
    """The node's conditions, its parents', and those of the answers they read."""
    found: list[Condition] = []
    current: Node | None = node
    while current is not None:
        found.extend(current.conditions)
        current = current.parent
    if depth < 8:
        for condition in list(found):
            for ref in condition.references():
                variants = form.variants(ref)
                if len(variants) == 1:
                    found.extend(_effective(form, variants[0], depth + 1))
    return found


def _exclusive(form: Form, first: Node, second: Node) -> bool:
    mine, theirs = _effective(form, first), _effective(form, second)
    return any(a.excludes(b) for a in mine for b in theirs)
