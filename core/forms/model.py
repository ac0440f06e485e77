"""A case form compiled into questions: kinds, branches, order, requirements.

The JSON Schema stays the single source of truth. :func:`compile_form` inlines
every ``$ref`` (shared fragments by ``$id``, local ``#/$defs``) and walks the
result into a tree of :class:`Node` objects:

- an object with ``properties`` is a *group* (the top-level ones are sections);
- everything else is a *question* (a leaf of the tree), of one of the kinds in
  :data:`KINDS`;
- a property declared inside the ``then``/``else`` of an ``if`` (in ``allOf`` or
  on the object itself) or inside ``dependentSchemas`` carries the
  :class:`Condition` chain under which it applies; the same property may be
  declared in several mutually exclusive branches (each declaration is a
  *variant* of one path).

Which questions apply, in which order, and which of them are required are
functions of the answers so far (:meth:`Form.questions`, :meth:`Node.required`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from rtech.answers import get_path
from rtech.errors import UserError
from rtech.forms.formats import FORMAT_CHECKER
from rtech.forms.loader import fragment_registry

__all__ = [
    "ANNOTATIONS",
    "KINDS",
    "Choice",
    "Condition",
    "Form",
    "FormError",
    "Node",
    "compile_form",
    "inline_schema",
]

#: Default base URI of a form without ``$id``.
ROOT_URI = "urn:rtech:form"

#: Keywords a ``$ref`` may carry beside it (they annotate, never constrain).
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "x-order",
        "x-prompt",
        "x-help",
        "x-unit",
        "x-mask",
        "x-warning",
        "x-codeset",
        "x-source",
        "x-not-before",
        "x-patterns",
        "x-form-version",
        "$comment",
    }
)

#: Question kinds the intake understands (docs/forms.md, "Field types").
KINDS = (
    "text",  # free text
    "date",  # format: date
    "resident_id",  # format: cn-resident-id
    "number",  # integer / number, optional x-unit
    "boolean",  # 是/否
    "choice",  # oneOf of const/title
    "multichoice",  # array of oneOf const/title, uniqueItems
    "code",  # {code, name} with x-codeset
    "code_list",  # array of codes
    "physician",  # {id, name} with x-source: physicians
    "physician_list",  # array of physicians
    "entries",  # array of objects: repeated entries with their own questions
)

_SCHEMA_MAPS = ("properties", "dependentSchemas", "patternProperties", "$defs")
_SCHEMA_ONE = (
    "items",
    "if",
    "then",
    "else",
    "not",
    "contains",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


class FormError(UserError):
    """A form that cannot be compiled (bad ``$ref``, cycle); the message is Chinese."""


# -------------------------------------------------------------------------
# Inlining
# -------------------------------------------------------------------------


def _registry_for(schema: Mapping[str, Any]) -> tuple[Registry[Any], str]:
    uri = str(schema.get("$id") or ROOT_URI)
    registry = fragment_registry()
    if uri not in registry:
        resource = Resource.from_contents(dict(schema), default_specification=DRAFT202012)
        registry = registry.with_resource(uri, resource)
    return registry, uri


def inline_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` with every ``$ref`` replaced by its target.

    The keywords beside a ``$ref`` override the target's (``title``, ``x-order``
    and the other annotations of :data:`ANNOTATIONS`). ``$defs`` are dropped.
    """
    registry, uri = _registry_for(schema)
    inlined: dict[str, Any] = _inline(schema, registry.resolver(base_uri=uri), ())
    return inlined


def _inline(schema: Any, resolver: Any, seen: tuple[str, ...]) -> Any:
    if not isinstance(schema, Mapping):
        return schema
    if "$id" in schema and seen:
        resource = Resource.from_contents(dict(schema), default_specification=DRAFT202012)
        resolver = resolver.in_subresource(resource)
    out: dict[str, Any] = {}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable as exc:
            raise FormError(f"表单引用“{ref}”无法解析：{exc}") from exc
        target_uri = str(resolved.resolver._base_uri) + "|" + ref
        if target_uri in seen:
            raise FormError(f"表单引用“{ref}”形成循环")
        out.update(_inline(resolved.contents, resolved.resolver, (*seen, target_uri)))
    for key, value in schema.items():
        if key in ("$ref", "$defs", "$schema", "$id", "$anchor"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {n: _inline(s, resolver, (*seen, "")) for n, s in value.items()}
        elif key in _SCHEMA_ONE and isinstance(value, Mapping):
            out[key] = _inline(value, resolver, (*seen, ""))
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_inline(s, resolver, (*seen, "")) for s in value]
        else:
            out[key] = value
    return out


# -------------------------------------------------------------------------
# Conditions
# -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Condition:
    """An ``if`` (or a ``dependentSchemas`` key) evaluated on the object at ``scope``.

    ``negate`` marks an ``else`` branch. An absent object counts as ``{}``.
    """

    scope: tuple[str, ...]
    schema: Mapping[str, Any]
    negate: bool = False
    origin: str = "if"  # "if" or "dependentSchemas"

    @cached_property
    def _validator(self) -> Draft202012Validator:
        return Draft202012Validator(dict(self.schema), format_checker=FORMAT_CHECKER)

    def holds(self, answers: Mapping[str, Any]) -> bool:
        instance = get_path(answers, self.scope) if self.scope else answers
        if instance is None:
            instance = {}
        return self._validator.is_valid(instance) != self.negate

    def references(self) -> list[tuple[str, ...]]:
        """Absolute paths of the answers the condition reads (deepest known)."""
        found: list[tuple[str, ...]] = []
        _references(self.schema, self.scope, found)
        return found

    def fixed_values(self) -> dict[tuple[str, ...], Any]:
        """``path -> const`` for the answers the condition requires to equal a value."""
        fixed: dict[tuple[str, ...], Any] = {}
        if not self.negate:
            _fixed(self.schema, self.scope, fixed)
        return fixed

    def excludes(self, other: Condition) -> bool:
        """True when this condition and ``other`` can never hold together."""
        if self.schema == other.schema and self.scope == other.scope:
            return self.negate != other.negate
        mine, theirs = self.fixed_values(), other.fixed_values()
        return any(path in theirs and theirs[path] != value for path, value in mine.items())


def _references(schema: Any, scope: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    if not isinstance(schema, Mapping):
        return
    for key, sub in (schema.get("properties") or {}).items():
        path = (*scope, key)
        before = len(found)
        _references(sub, path, found)
        if len(found) == before:
            found.append(path)
    for key in schema.get("required") or ():
        path = (*scope, key)
        if not any(p[: len(path)] == path for p in found):
            found.append(path)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword) or ():
            _references(sub, scope, found)
    if "not" in schema:
        _references(schema["not"], scope, found)


def _fixed(schema: Any, scope: tuple[str, ...], fixed: dict[tuple[str, ...], Any]) -> None:
    if not isinstance(schema, Mapping):
        return
    required = set(schema.get("required") or ())
    for key, sub in (schema.get("properties") or {}).items():
        if key not in required or not isinstance(sub, Mapping):
            continue
        if "const" in sub:
            fixed[(*scope, key)] = sub["const"]
        _fixed(sub, (*scope, key), fixed)
    for sub in schema.get("allOf") or ():
        _fixed(sub, scope, fixed)


# -------------------------------------------------------------------------
# Nodes
# -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice question: the stored value and its label."""

    value: Any
    label: str


@dataclass(eq=False)
class Node:
    """A declared property: a group (object) or a question (any other kind).

    ``conditions`` must all hold for the node to apply. ``required_static``
    says whether the declaring block lists it in ``required``; ``requirements``
    are further condition chains (``dependentSchemas``, ``then`` blocks that
    require a property declared elsewhere) under which it becomes required.
    """

    path: tuple[str, ...]
    schema: Mapping[str, Any]
    kind: str  # "group" or one of KINDS
    conditions: tuple[Condition, ...] = ()
    required_static: bool = False
    requirements: list[tuple[Condition, ...]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    seq: int = 0
    variant: int = 0
    parent: Node | None = field(default=None, repr=False)
    entry_form: Form | None = field(default=None, repr=False)

    # -- identity and labels ---------------------------------------------

    @property
    def key(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def title(self) -> str:
        return str(self.schema.get("title") or self.key)

    @property
    def prompt(self) -> str:
        return str(self.schema.get("x-prompt") or f"{self.title}？")

    @property
    def help(self) -> str:
        return str(self.schema.get("x-help") or "")

    @property
    def order(self) -> float:
        value = self.schema.get("x-order")
        return float(value) if isinstance(value, int | float) else float("inf")

    @property
    def unit(self) -> str:
        return str(self.schema.get("x-unit") or "")

    @property
    def unit_hint(self) -> str:
        """The unit to show beside the question: none for a calendar year (1998年
        is a year, not a number of years)."""
        minimum = self.schema.get("minimum")
        if self.unit == "年" and isinstance(minimum, int | float) and minimum >= 1000:
            return ""
        return self.unit

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def element(self) -> Mapping[str, Any]:
        """The schema of one element: ``items`` for lists, the node itself otherwise."""
        if self.kind in ("multichoice", "code_list", "physician_list", "entries"):
            items = self.schema.get("items")
            return items if isinstance(items, Mapping) else {}
        return self.schema

    @property
    def codeset(self) -> str:
        return str(self.element.get("x-codeset") or "")

    @property
    def choices(self) -> list[Choice]:
        """The options of a choice, multichoice or boolean question."""
        if self.kind == "boolean":
            return [Choice(True, "是"), Choice(False, "否")]
        return _choices(self.element)

    @property
    def min_items(self) -> int:
        return int(self.schema.get("minItems") or 0)

    @property
    def max_items(self) -> int | None:
        value = self.schema.get("maxItems")
        return int(value) if isinstance(value, int) else None

    @property
    def section(self) -> Node:
        """The top-level group the node belongs to (itself for a section)."""
        node = self
        while node.parent is not None and node.parent.parent is not None:
            node = node.parent
        return node

    # -- state -----------------------------------------------------------

    def applies(self, answers: Mapping[str, Any]) -> bool:
        node: Node | None = self
        while node is not None:
            if not all(c.holds(answers) for c in node.conditions):
                return False
            node = node.parent
        return True

    def required(self, answers: Mapping[str, Any]) -> bool:
        """Whether the answers need this node now (it applies and is required)."""
        if not self.applies(answers):
            return False
        # A field of a group is required only when the group is present or required.
        if (
            self.parent is not None
            and self.parent.parent is not None
            and get_path(answers, self.parent.path) is None
            and not self.parent.required(answers)
        ):
            return False
        if self.required_static:
            return True
        return any(all(c.holds(answers) for c in chain) for chain in self.requirements)

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in declaration order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _choices(schema: Mapping[str, Any]) -> list[Choice]:
    if isinstance(schema.get("oneOf"), list):
        return [
            Choice(option["const"], str(option.get("title") or option["const"]))
            for option in schema["oneOf"]
            if isinstance(option, Mapping) and "const" in option
        ]
    if isinstance(schema.get("enum"), list):
        return [Choice(value, str(value)) for value in schema["enum"]]
    return []


def _is_choice(schema: Mapping[str, Any]) -> bool:
    options = schema.get("oneOf")
    if isinstance(options, list) and options:
        return all(isinstance(o, Mapping) and "const" in o for o in options)
    return isinstance(schema.get("enum"), list)


def kind_of(schema: Mapping[str, Any]) -> str | None:
    """The question kind of a property's schema, ``"group"``, or None (unsupported)."""
    if schema.get("x-codeset"):
        return "code"
    if schema.get("x-source") == "physicians":
        return "physician"
    if _is_choice(schema):
        return "choice"
    declared = schema.get("type")
    if declared == "array":
        items = schema.get("items")
        if not isinstance(items, Mapping):
            return None
        if items.get("x-codeset"):
            return "code_list"
        if items.get("x-source") == "physicians":
            return "physician_list"
        if _is_choice(items):
            return "multichoice"
        if items.get("type") == "object" or "properties" in items:
            return "entries"
        return None
    if declared == "object" or "properties" in schema:
        return "group"
    if declared == "boolean":
        return "boolean"
    if declared in ("integer", "number"):
        return "number"
    if declared == "string":
        fmt = schema.get("format")
        if fmt == "date":
            return "date"
        if fmt == "cn-resident-id":
            return "resident_id"
        return "text"
    return None


# -------------------------------------------------------------------------
# The form
# -------------------------------------------------------------------------


@dataclass(frozen=True)
class BranchWarning:
    """A ``then`` block's ``x-warning``: shown whenever its conditions hold."""

    scope: tuple[str, ...]
    conditions: tuple[Condition, ...]
    message: str

    def active(self, answers: Mapping[str, Any]) -> bool:
        return all(c.holds(answers) for c in self.conditions)


class Form:
    """A compiled form: the node tree, the question order and the warnings."""

    def __init__(self, schema: Mapping[str, Any], *, inlined: Mapping[str, Any]) -> None:
        self.schema = schema
        self.inlined = inlined
        self.problems: list[str] = []  # compile-time problems, reported by the lint
        self.branch_warnings: list[BranchWarning] = []
        self._seq = itertools.count()
        self.root = Node((), inlined, "group", required_static=True)
        self._build_group(self.root, inlined)
        self.nodes: dict[tuple[str, ...], list[Node]] = {}
        for node in self.root.walk():
            if node is not self.root:
                self.nodes.setdefault(node.path, []).append(node)
        for variants in self.nodes.values():
            for index, node in enumerate(variants):
                node.variant = index

    @classmethod
    def from_inlined(cls, inlined: Mapping[str, Any]) -> Form:
        return cls(inlined, inlined=inlined)

    # -- metadata --------------------------------------------------------

    @property
    def title(self) -> str:
        return str(self.schema.get("title") or "")

    @property
    def version(self) -> str:
        return str(self.schema.get("x-form-version") or "1")

    # -- building --------------------------------------------------------

    def _build_group(self, group: Node, schema: Mapping[str, Any]) -> None:
        requirements: list[tuple[tuple[str, ...], tuple[Condition, ...]]] = []
        self._walk_block(group, schema, (), requirements)
        for path, conditions in requirements:
            for node in group.children:
                if node.path == path:
                    node.requirements.append(conditions)

    def _walk_block(
        self,
        group: Node,
        block: Mapping[str, Any],
        chain: tuple[Condition, ...],
        requirements: list[tuple[tuple[str, ...], tuple[Condition, ...]]],
    ) -> None:
        required = set(block.get("required") or ())
        declared = block.get("properties") or {}
        for key, sub in declared.items():
            if isinstance(sub, Mapping):
                self._add(group, key, sub, chain, required_static=key in required)
        for key in required:
            if key not in declared:
                requirements.append(((*group.path, key), chain))
        for entry in block.get("allOf") or ():
            if isinstance(entry, Mapping):
                self._walk_conditional(group, entry, chain, requirements)
        self._walk_conditional(group, block, chain, requirements, own=True)
        for key, sub in (block.get("dependentSchemas") or {}).items():
            condition = Condition(group.path, {"required": [key]}, origin="dependentSchemas")
            if isinstance(sub, Mapping):
                self._walk_block(group, sub, (*chain, condition), requirements)
        for key, needed in (block.get("dependentRequired") or {}).items():
            condition = Condition(group.path, {"required": [key]}, origin="dependentSchemas")
            for other in needed:
                requirements.append(((*group.path, other), (*chain, condition)))

    def _walk_conditional(
        self,
        group: Node,
        block: Mapping[str, Any],
        chain: tuple[Condition, ...],
        requirements: list[tuple[tuple[str, ...], tuple[Condition, ...]]],
        *,
        own: bool = False,
    ) -> None:
        if "if" in block and isinstance(block["if"], Mapping):
            condition = Condition(group.path, block["if"])
            for branch, cond in (("then", condition), ("else", _negated(condition))):
                sub = block.get(branch)
                if isinstance(sub, Mapping):
                    self._branch_warning(group, sub, (*chain, cond))
                    self._walk_block(group, sub, (*chain, cond), requirements)
        elif not own:
            # A plain allOf entry: its properties apply under the same chain.
            self._walk_block(group, block, chain, requirements)

    def _branch_warning(
        self, group: Node, block: Mapping[str, Any], chain: tuple[Condition, ...]
    ) -> None:
        warning = block.get("x-warning")
        if isinstance(warning, Mapping) and isinstance(warning.get("message"), str):
            self.branch_warnings.append(BranchWarning(group.path, chain, warning["message"]))
        elif warning is not None:
            self.problems.append(
                f"“{'.'.join(group.path) or '（根）'}”的分支 x-warning 缺少 message"
            )

    def _add(
        self,
        group: Node,
        key: str,
        schema: Mapping[str, Any],
        chain: tuple[Condition, ...],
        *,
        required_static: bool,
    ) -> None:
        path = (*group.path, key)
        kind = kind_of(schema)
        if kind is None:
            self.problems.append(f"“{'.'.join(path)}”的类型不受支持（{_shape(schema)}）")
            kind = "text"
        node = Node(
            path,
            schema,
            kind,
            conditions=chain,
            required_static=required_static,
            seq=next(self._seq),
            parent=group,
        )
        group.children.append(node)
        if kind == "group":
            self._build_group(node, schema)
        elif kind == "entries":
            node.entry_form = Form.from_inlined(node.element)
            self.problems.extend(
                f"“{'.'.join(path)}”的条目中：{p}" for p in node.entry_form.problems
            )

    # -- queries ---------------------------------------------------------

    def variants(self, path: Sequence[str]) -> list[Node]:
        return self.nodes.get(tuple(path), [])

    def node(self, path: Sequence[str], answers: Mapping[str, Any] | None = None) -> Node | None:
        """The variant of ``path`` that applies to ``answers`` (the first one without answers)."""
        variants = self.variants(path)
        if answers is not None:
            for node in variants:
                if node.applies(answers):
                    return node
        return variants[0] if variants else None

    def ordered(self, group: Node | None = None) -> list[Node]:
        """Every question in asking order, all variants, ignoring conditions."""
        out: list[Node] = []
        for child in _sorted((group or self.root).children):
            if child.is_group:
                out.extend(self.ordered(child))
            else:
                out.append(child)
        return out

    def questions(self, answers: Mapping[str, Any]) -> list[Node]:
        """The questions that apply to ``answers``, in asking order, one per path."""
        out: list[Node] = []
        seen: set[tuple[str, ...]] = set()
        self._collect(self.root, answers, out, seen)
        return out

    def _collect(
        self,
        group: Node,
        answers: Mapping[str, Any],
        out: list[Node],
        seen: set[tuple[str, ...]],
    ) -> None:
        for child in _sorted(group.children):
            if not all(c.holds(answers) for c in child.conditions):
                continue
            if child.is_group:
                self._collect(child, answers, out, seen)
            elif child.path not in seen:
                seen.add(child.path)
                out.append(child)

    def groups(self) -> list[Node]:
        return [n for n in self.root.walk() if n.is_group and n is not self.root]

    def label(self, path: Sequence[Any]) -> str:
        """A Chinese label for an answer path: “年龄”, “器材”第2项的“条形码/UDI”.

        Of a run of nested objects only the innermost title is shown (a field,
        not its section); a bare section is named by its own title.
        """
        parts: list[str] = []
        pending = ""
        node_path: list[str] = []
        form: Form = self
        last: Node | None = None
        for step in path:
            if isinstance(step, int) or (isinstance(step, str) and step.isdigit()):
                parts.append(f"{pending}第{int(step) + 1}项")
                pending = ""
                if last is not None and last.entry_form is not None:
                    form, node_path = last.entry_form, []
                continue
            node_path.append(str(step))
            current = form.node(node_path)
            if current is None and last is not None:
                element = last.element.get("properties") or {}
                title = (element.get(str(step)) or {}).get("title") or step
                pending = f"{pending}的{title}"
                continue
            last = current
            title = f"“{current.title if current else step}”"
            pending = f"的{title}" if parts else title
        text = "".join(parts) + pending
        return text or "表单"


def _negated(condition: Condition) -> Condition:
    return Condition(condition.scope, condition.schema, not condition.negate, condition.origin)


def _sorted(nodes: Sequence[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: (n.order, n.seq))


def _shape(schema: Mapping[str, Any]) -> str:
    keys = [k for k in ("type", "format", "items") if k in schema]
    return "、".join(f"{k}={schema[k]!r}"[:40] for k in keys) or "未声明 type"


_FORMS: dict[int, tuple[Mapping[str, Any], Form]] = {}


def compile_form(schema: Mapping[str, Any]) -> Form:
    """The compiled form of ``schema``.

    Read-only schemas (what :func:`~rtech.forms.loader.load_schema` returns) are
    compiled once; a mutable dict is compiled on every call, as it may change.
    """
    if not isinstance(schema, MappingProxyType):
        return Form(schema, inlined=inline_schema(schema))
    cached = _FORMS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    form = Form(schema, inlined=inline_schema(schema))
    _FORMS[id(schema)] = (schema, form)
    return form
