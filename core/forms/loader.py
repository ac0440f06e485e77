"""Load plugin forms and the shared fragments of ``forms/`` they ``$ref``.

Fragments carry ``$id`` URIs under :data:`FRAGMENT_BASE`; plugin forms refer to
them by those URIs and never by file path, so a form works the same from a
source checkout, an installed wheel or a third-party plugin.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rtech.errors import UserError

if TYPE_CHECKING:
    from referencing import Registry

__all__ = ["FRAGMENTS", "FRAGMENT_BASE", "fragment_registry", "load_fragment", "load_schema"]

FRAGMENT_BASE = "https://schemas.rtech.local/forms/"

#: The package of the shared fragments (the repository's forms/ folder).
FRAGMENTS = "rtech.forms.fragments"


def load_schema(package: str, filename: str = "form.schema.json") -> Mapping[str, Any]:
    """A JSON schema shipped inside ``package`` (a plugin's ``form.schema.json``)."""
    return _load(package, filename)


def load_fragment(filename: str) -> Mapping[str, Any]:
    """A shared fragment of forms/ (``patient.schema.json``), read-only."""
    return _load(FRAGMENTS, filename)


@functools.cache
def _load(package: str, filename: str) -> Mapping[str, Any]:
    resource = importlib.resources.files(package) / filename
    try:
        data = json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(f"插件 {package} 缺少表单文件 {filename}") from exc
    except json.JSONDecodeError as exc:
        raise UserError(
            f"插件 {package} 的表单文件 {filename} 不是有效的 JSON：第 {exc.lineno} 行，{exc.msg}"
        ) from exc
    if not isinstance(data, dict):
        raise UserError(f"插件 {package} 的表单文件 {filename} 顶层应为对象")
    return MappingProxyType(data)


@functools.cache
def fragment_registry() -> Registry[Any]:
    """A ``referencing`` registry holding every shared fragment of ``forms/``."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Registry[Any] = Registry()
    for entry in importlib.resources.files(FRAGMENTS).iterdir():
        if entry.name.endswith(".schema.json"):
            contents = json.loads(entry.read_text(encoding="utf-8"))
            resource = Resource.from_contents(contents, default_specification=DRAFT202012)
            registry = registry.with_resource(contents["$id"], resource)
    return registry.crawl()
