"""Every field a form can hold, by dotted path, with its schema and Chinese titles.

Walks a form (JSON Schema 2020-12 as in docs/forms.md): ``properties`` of objects,
``$ref`` into the form's own ``$defs`` and into the shared fragments of ``forms/``,
every branch of ``allOf``/``anyOf``/``oneOf``, ``if``/``then``/``else`` and
``dependentSchemas``, and the items of arrays of objects (``devices.items.barcode``:
list indexes are left out of paths). A property declared in several branches
(cardio's ``coronary.pci_setting``) has several schemas.

Used by the profile import (to read spreadsheet headers and normalise values)
and by the conformance suite (every field a check or an indicator reads exists).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rtech.forms.loader import fragment_registry

__all__ = ["FormField", "choices", "form_fields", "merged_schema", "schema_registry"]


@dataclass
class FormField:
    path: str
    titles: tuple[str, ...]  # the Chinese titles from the root to the field
    schemas: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.titles[-1] if self.titles else self.path

    @property
    def title_path(self) -> str:
        return " › ".join(self.titles)


def schema_registry(schema: Mapping[str, Any]) -> tuple[Registry[Any], str]:
    """The fragment registry plus ``schema`` itself, and the URI it is known by."""
    registry = fragment_registry()
    uri = str(schema.get("$id") or "urn:rtech:anonymous-form")
    resource = Resource.from_contents(dict(schema), default_specification=DRAFT202012)
    return registry.with_resource(uri, resource), uri


def _resolve(schema: Mapping[str, Any], resolver: Any) -> tuple[Mapping[str, Any], Any]:
    """Follow ``$ref`` (keeping sibling keywords, which override the target's)."""
    seen = 0
    while isinstance(schema, Mapping) and "$ref" in schema and seen < 20:
        resolved = resolver.lookup(schema["$ref"])
        target = resolved.contents
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings}
        resolver = resolved.resolver
        seen += 1
    return schema, resolver


def merged_schema(schema: Mapping[str, Any], resolver: Any) -> Mapping[str, Any]:
    return _resolve(schema, resolver)[0]


def _walk(
    schema: Mapping[str, Any],
    resolver: Any,
    path: str,
    titles: tuple[str, ...],
    out: dict[str, FormField],
    depth: int = 0,
) -> None:
    if depth > 40 or not isinstance(schema, Mapping):
        return
    schema, resolver = _resolve(schema, resolver)
    for key, raw in (schema.get("properties") or {}).items():
        child, child_resolver = _resolve(raw, resolver)
        child_path = f"{path}.{key}" if path else key
        title = str(child.get("title") or key)
        entry = out.setdefault(child_path, FormField(child_path, (*titles, title)))
        entry.schemas.append(child)
        _walk(child, child_resolver, child_path, entry.titles, out, depth + 1)
        items = child.get("items")
        if isinstance(items, Mapping):
            item, item_resolver = _resolve(items, child_resolver)
            if item.get("properties") or item.get("allOf"):
                _walk(item, item_resolver, child_path, entry.titles, out, depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(keyword) or ():
            if isinstance(branch, Mapping):
                _walk(branch, resolver, path, titles, out, depth + 1)
    for keyword in ("then", "else"):
        branch = schema.get(keyword)
        if isinstance(branch, Mapping):
            _walk(branch, resolver, path, titles, out, depth + 1)
    for branch in (schema.get("dependentSchemas") or {}).values():
        if isinstance(branch, Mapping):
            _walk(branch, resolver, path, titles, out, depth + 1)


def form_fields(schema: Mapping[str, Any]) -> dict[str, FormField]:
    """dotted path -> :class:`FormField` for every field ``schema`` can hold."""
    registry, uri = schema_registry(schema)
    out: dict[str, FormField] = {}
    _walk(schema, registry.resolver(base_uri=uri), "", (), out)
    return out


def choices(schema: Mapping[str, Any]) -> dict[Any, str] | None:
    """const -> title of a choice field (``oneOf: [{const, title}]``), else None."""
    options = schema.get("oneOf")
    if not isinstance(options, list) or not options:
        return None
    if not all(isinstance(o, Mapping) and "const" in o for o in options):
        return None
    return {o["const"]: str(o.get("title", o["const"])) for o in options}
