"""Wiring by convention: a technology package's parts, found by their names.

A technology plugin is a package. Instead of implementing each hook by hand,
it may simply hold its parts under these names, and this built-in plugin
(registered ``trylast``, like pytest's default plugins) supplies the hooks
from them:

==================================  =========================================
part of the package                 hook it supplies
==================================  =========================================
``meta.TECHNOLOGY``                 ``rtech_technology`` (read by the host)
``form.schema.json``                ``rtech_case_form``
``profile_institution.schema.json`` ``rtech_profile_form`` (merged with the
``profile_physician.schema.json``   profile fields of ``checks.NORM``)
``checks.NORM``, ``checks.CHECKS``  ``rtech_eligibility_checks``: the checks
                                    of a :class:`rtech.Norm` and any others
``indicators.INDICATORS``           ``rtech_indicators``
``codes.CODE_RULES``                ``rtech_code_rules``
``curated.LISTS``                   ``rtech_curated_codes``
``followup.SCHEDULE``               ``rtech_followup_schedule`` (else the
                                    visit ``checks.NORM`` plans, if any)
``demo.DEMO``                       ``rtech_demo``
==================================  =========================================

Sequences hold every edition's objects; the host keeps those of the edition
asked about (a check by its citation's edition, an indicator by its
citations, code rules by their edition), so a plugin never branches on the
edition.

The hooks stay the contract: a part is used only for the hooks the package
does not implement itself, so a plugin may mix both, and a third-party
plugin may implement every hook directly.
"""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from rtech.catalog import Technology
from rtech.codes.model import CodeRules, ValueSet
from rtech.demo import TechnologyDemo
from rtech.eligibility.model import Check
from rtech.forms.loader import load_schema
from rtech.hookspecs import hookimpl
from rtech.indicators.model import Indicator
from rtech.schedule import FollowUpSchedule

__all__ = ["CONVENTIONS", "Conventions", "declared_technology", "merge_schemas"]

PROFILE_KINDS = ("institution", "physician")


def _module(package: str, name: str) -> ModuleType | None:
    """``package.name`` imported, or None when the package has no such module."""
    full = f"{package}.{name}"
    if importlib.util.find_spec(full) is None:
        return None
    return importlib.import_module(full)


def _has_file(package: str, filename: str) -> bool:
    return (importlib.resources.files(package) / filename).is_file()


def declared_technology(plugin: object) -> Technology | None:
    """The ``TECHNOLOGY`` of a plugin package's ``meta`` module, if it has one."""
    package = getattr(plugin, "__name__", None)
    if not isinstance(plugin, ModuleType) or not hasattr(plugin, "__path__") or not package:
        return None
    meta = _module(package, "meta")
    technology = getattr(meta, "TECHNOLOGY", None) if meta is not None else None
    if technology is not None and not isinstance(technology, Technology):
        raise TypeError(f"{package}.meta.TECHNOLOGY is a {type(technology).__name__}")
    return technology


def merge_schemas(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """``extra`` laid over ``base``: objects' ``properties`` merge key by key (recursively),
    ``required`` and ``allOf`` are concatenated, other keywords of ``extra`` win."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if key == "properties" and isinstance(old, Mapping):
            properties = dict(old)
            for name, schema in value.items():
                previous = properties.get(name)
                properties[name] = (
                    merge_schemas(previous, schema) if isinstance(previous, Mapping) else schema
                )
            merged[key] = properties
        elif key in ("required", "allOf") and isinstance(old, list):
            merged[key] = [*old, *(v for v in value if v not in old)]
        else:
            merged[key] = value
    return merged


class _Parts:
    """What one package holds, looked up once, loaded on first use."""

    def __init__(self, package: str, own_hooks: frozenset[str]) -> None:
        self.package = package
        self.own_hooks = own_hooks
        self._modules: dict[str, ModuleType | None] = {}

    def module(self, name: str) -> ModuleType | None:
        if name not in self._modules:
            self._modules[name] = _module(self.package, name)
        return self._modules[name]

    def attribute(self, module: str, name: str) -> Any:
        found = self.module(module)
        return getattr(found, name, None) if found is not None else None

    def norm(self) -> Any:
        return self.attribute("checks", "NORM")

    def file(self, filename: str) -> Mapping[str, Any] | None:
        return load_schema(self.package, filename) if _has_file(self.package, filename) else None

    # -- what the package supplies, by hook ------------------------------------

    def case_form(self) -> Mapping[str, Any] | None:
        return self.file("form.schema.json")

    def profile_form(self, kind: str) -> Mapping[str, Any] | None:
        norm = self.norm()
        generated = norm.profile_form(kind) if norm is not None else None
        own = self.file(f"profile_{kind}.schema.json")
        if generated is None or own is None:
            return generated or own
        return merge_schemas(generated, own)

    def checks(self) -> list[Check]:
        norm = self.norm()
        found = list(norm.all_checks()) if norm is not None else []
        return found + list(self.attribute("checks", "CHECKS") or ())

    def indicators(self) -> list[Indicator]:
        return list(self.attribute("indicators", "INDICATORS") or ())

    def code_rules(self) -> list[CodeRules]:
        return list(self.attribute("codes", "CODE_RULES") or ())

    def curated(self) -> list[ValueSet]:
        return list(self.attribute("curated", "LISTS") or ())

    def schedule(self) -> FollowUpSchedule | None:
        found = self.attribute("followup", "SCHEDULE")
        if isinstance(found, FollowUpSchedule):
            return found
        norm = self.norm()
        return norm.followup_schedule() if norm is not None else None

    def demo(self) -> TechnologyDemo | None:
        found = self.attribute("demo", "DEMO")
        return found if isinstance(found, TechnologyDemo) else None

    def has_module(self, name: str) -> bool:
        return importlib.util.find_spec(f"{self.package}.{name}") is not None

    def supplies(self) -> tuple[str, ...]:
        """The hooks this package's parts supply (and it does not implement itself).

        Found from the names alone, without importing or reading the parts, so
        that building the host stays cheap.
        """
        found = []
        if _has_file(self.package, "form.schema.json"):
            found.append("rtech_case_form")
        if self.has_module("checks") or any(
            _has_file(self.package, f"profile_{kind}.schema.json") for kind in PROFILE_KINDS
        ):
            found.append("rtech_profile_form")
        if self.has_module("checks"):
            found.append("rtech_eligibility_checks")
        if self.has_module("indicators"):
            found.append("rtech_indicators")
        if self.has_module("codes"):
            found.append("rtech_code_rules")
        if self.has_module("curated"):
            found.append("rtech_curated_codes")
        if self.has_module("followup") or self.has_module("checks"):
            found.append("rtech_followup_schedule")
        if self.has_module("demo"):
            found.append("rtech_demo")
        return tuple(hook for hook in found if hook not in self.own_hooks)


class Conventions:
    """The built-in plugin that supplies technology hooks from package parts.

    The host :meth:`adopt` s every technology package after loading the
    plugins; a hook is answered only for the hooks the package does not
    implement itself.
    """

    def __init__(self) -> None:
        self._parts: dict[str, _Parts] = {}
        self._supplied: dict[str, tuple[str, ...]] = {}

    def adopt(self, slug: str, plugin: object, own_hooks: frozenset[str]) -> tuple[str, ...]:
        """Look at ``plugin``'s package; return the hooks its parts supply."""
        package = getattr(plugin, "__name__", None)
        if not isinstance(plugin, ModuleType) or not hasattr(plugin, "__path__") or not package:
            return ()
        parts = _Parts(package, own_hooks)
        supplied = parts.supplies()
        self._parts[slug] = parts
        self._supplied[slug] = supplied
        return supplied

    def _answer(self, hook: str, technology: Technology, get: Callable[[_Parts], Any]) -> Any:
        parts = self._parts.get(technology.slug)
        if parts is None or hook not in self._supplied.get(technology.slug, ()):
            return None
        return get(parts)

    @hookimpl(trylast=True)
    def rtech_case_form(self, technology: Technology) -> Mapping[str, Any] | None:
        return self._answer("rtech_case_form", technology, _Parts.case_form)  # type: ignore[no-any-return]

    @hookimpl(trylast=True)
    def rtech_profile_form(self, technology: Technology, profile: str) -> Mapping[str, Any] | None:
        return self._answer(  # type: ignore[no-any-return]
            "rtech_profile_form", technology, lambda parts: parts.profile_form(profile)
        )

    @hookimpl(trylast=True)
    def rtech_eligibility_checks(self, technology: Technology, edition: str) -> Sequence[Check]:
        return self._answer("rtech_eligibility_checks", technology, _Parts.checks) or []

    @hookimpl(trylast=True)
    def rtech_indicators(self, technology: Technology, edition: str) -> Sequence[Indicator]:
        return self._answer("rtech_indicators", technology, _Parts.indicators) or []

    @hookimpl(trylast=True)
    def rtech_curated_codes(self, technology: Technology) -> Sequence[ValueSet]:
        return self._answer("rtech_curated_codes", technology, _Parts.curated) or []

    @hookimpl(trylast=True)
    def rtech_followup_schedule(self, technology: Technology) -> FollowUpSchedule | None:
        return self._answer("rtech_followup_schedule", technology, _Parts.schedule)  # type: ignore[no-any-return]

    @hookimpl(trylast=True)
    def rtech_demo(self, technology: Technology) -> TechnologyDemo | None:
        return self._answer("rtech_demo", technology, _Parts.demo)  # type: ignore[no-any-return]

    @hookimpl(trylast=True)
    def rtech_code_rules(self, technology: Technology, edition: str) -> CodeRules | None:
        rules = self._answer("rtech_code_rules", technology, _Parts.code_rules) or []
        return next((r for r in rules if r.edition == edition), None)


#: The name the convention plugin is registered under.
CONVENTIONS = "rtech.conventions"
