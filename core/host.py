"""The plugin host: loads technology plugins and calls their hooks.

Built-in technologies are ordinary plugins registered through the entry-point
group ``rtech.technologies``, exactly like third-party ones. Nothing is loaded at
import time: :func:`make_plugin_manager` builds a manager, :func:`get_host` keeps
one per process.

Environment switches:

``RTECH_DISABLE_PLUGIN_AUTOLOAD=1``
    load only the built-in technologies (entry points of the ``rtech``
    distribution) and those named in ``RTECH_PLUGINS`` (comma separated).
``RTECH_TRACE_PLUGINS=1``
    write every hook call and its result to stderr.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pluggy

from rtech import hookspecs
from rtech.catalog import EDITIONS, Technology
from rtech.codes.model import CodeRules, ValueSet
from rtech.conventions import CONVENTIONS, Conventions, declared_technology
from rtech.demo import TechnologyDemo
from rtech.eligibility.model import Check
from rtech.errors import UserError
from rtech.indicators.model import Indicator
from rtech.indicators.scores import Derived
from rtech.schedule import FollowUpSchedule

__all__ = [
    "ENTRY_POINT_GROUP",
    "Host",
    "LoadError",
    "PluginInfo",
    "get_host",
    "make_plugin_manager",
    "reset_host",
]

log = logging.getLogger("rtech.host")

ENTRY_POINT_GROUP = "rtech.technologies"
_BUILTIN_DISTRIBUTION = "rtech"


@dataclass(frozen=True, slots=True)
class LoadError:
    """A plugin that could not be loaded, by name, and why."""

    name: str
    distribution: str
    error: str

    @property
    def message(self) -> str:
        return f"插件“{self.name}”（{self.distribution}）加载失败：{self.error}"


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """A loaded plugin: where it comes from and which hooks it supplies.

    ``hooks`` are every hook answered for the plugin's technology: those it
    implements and those its package's parts supply by convention, which are
    also listed in ``by_convention`` (see :mod:`rtech.conventions`).
    """

    name: str
    plugin: object
    distribution: str
    version: str
    technology: Technology | None
    hooks: tuple[str, ...]
    by_convention: tuple[str, ...] = ()

    @property
    def builtin_conventions(self) -> bool:
        """The host's own convention plugin (not an extension anybody installed)."""
        return self.name == CONVENTIONS


class RtechPluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers load failures and distributions."""

    def __init__(self) -> None:
        super().__init__("rtech")
        self.load_errors: list[LoadError] = []
        self.distributions: dict[str, tuple[str, str]] = {}  # name -> (dist, version)
        self.conventions = Conventions()


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _entry_points() -> list[tuple[importlib.metadata.EntryPoint, str, str]]:
    """The group's entry points with their distribution's name and version,
    built-ins first (they win a slug conflict).

    Each distribution's metadata is parsed once: reading ``dist.name`` parses the
    whole METADATA file every time, which for fifteen entry points of one
    distribution cost a tenth of every command's start.
    """
    seen: set[str] = set()
    known: dict[int, tuple[str, str]] = {}
    unique = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        # The same distribution can be visible twice on sys.path (an editable
        # install plus a build directory); the first one wins, as for imports.
        if ep.name in seen:
            continue
        seen.add(ep.name)
        dist = ep.dist
        if dist is None:
            unique.append((ep, "?", "?"))
            continue
        if id(dist) not in known:
            metadata = dist.metadata
            known[id(dist)] = (metadata["Name"] or "?", metadata["Version"] or "?")
        unique.append((ep, *known[id(dist)]))
    return sorted(unique, key=lambda item: item[1] != _BUILTIN_DISTRIBUTION)


def make_plugin_manager(
    *, autoload: bool | None = None, plugins: Sequence[tuple[str, object]] = ()
) -> RtechPluginManager:
    """Build a plugin manager with the hookspecs and the installed plugins.

    :param autoload: load third-party entry points; default: unless
        ``RTECH_DISABLE_PLUGIN_AUTOLOAD`` is set. Built-in technologies always load.
    :param plugins: extra ``(name, plugin)`` pairs to register (tests, embedding).

    A plugin that fails to import or to validate is recorded in ``load_errors``
    and does not take the others down.
    """
    pm = RtechPluginManager()
    pm.add_hookspecs(hookspecs)
    # The built-in default plugin, loaded like any other (pytest's default_plugins).
    _register(pm, CONVENTIONS, pm.conventions, _BUILTIN_DISTRIBUTION, _own_version())
    if autoload is None:
        autoload = not _env_flag("RTECH_DISABLE_PLUGIN_AUTOLOAD")
    wanted = {n.strip() for n in os.environ.get("RTECH_PLUGINS", "").split(",") if n.strip()}

    for ep, dist, version in _entry_points():
        builtin = dist == _BUILTIN_DISTRIBUTION
        if not (builtin or autoload or ep.name in wanted):
            log.debug("autoload disabled: skipping plugin %s from %s", ep.name, dist)
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # noqa: BLE001 - any import failure is reported, by name
            log.warning("plugin %s (%s) failed to import: %r", ep.name, dist, exc)
            pm.load_errors.append(LoadError(ep.name, dist, _describe(exc)))
            continue
        _register(pm, ep.name, plugin, dist, version)

    for name, plugin in plugins:
        _register(pm, name, plugin, "(registered)", getattr(plugin, "__version__", "0"))

    _check_pending(pm)
    if _env_flag("RTECH_TRACE_PLUGINS"):
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    return pm


def _own_version() -> str:
    from rtech import __version__

    return __version__


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _register(pm: RtechPluginManager, name: str, plugin: object, dist: str, version: str) -> None:
    if pm.has_plugin(name):
        pm.load_errors.append(LoadError(name, dist, "名称与已加载的插件重复"))
        return
    try:
        pm.register(plugin, name=name)
    except Exception as exc:  # noqa: BLE001 - a bad hookimpl is reported, by name
        log.warning("plugin %s (%s) failed to register: %r", name, dist, exc)
        pm.load_errors.append(LoadError(name, dist, _describe(exc)))
        return
    pm.distributions[name] = (dist, str(getattr(plugin, "__version__", version)))


def _check_pending(pm: RtechPluginManager) -> None:
    """Run check_pending(); unregister (and report) each plugin it rejects."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or "?"
            dist = pm.distributions.get(name, ("?", ""))[0]
            log.warning("plugin %s rejected by check_pending: %s", name, exc)
            pm.load_errors.append(LoadError(name, dist, f"未知的钩子：{exc}"))
            pm.unregister(exc.plugin)


# -------------------------------------------------------------------------
# The host: technologies and per-technology hook calls
# -------------------------------------------------------------------------


class UnknownTechnologyError(UserError):
    def __init__(self, slug: str, known: Iterable[str]) -> None:
        super().__init__(f"未知的技术“{slug}”。可用的技术：{'、'.join(known)}")


@dataclass
class Host:
    """The loaded plugins, indexed by technology."""

    pm: RtechPluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    _by_slug: dict[str, PluginInfo] = field(default_factory=dict)
    _callers: dict[tuple[str, str], Any] = field(default_factory=dict)

    @classmethod
    def from_plugin_manager(cls, pm: RtechPluginManager) -> Host:
        host = cls(pm)
        host._index()
        return host

    def _index(self) -> None:
        impls = {impl.plugin_name: impl for impl in self.pm.hook.rtech_technology.get_hookimpls()}
        for name, plugin in list(self.pm.list_name_plugin()):
            dist, version = self.pm.distributions.get(name, ("?", "?"))
            technology: Technology | None = None
            implemented = {c.name for c in self.pm.get_hookcallers(plugin) or ()}
            by_convention: tuple[str, ...] = ()
            impl = impls.get(name)
            try:
                if impl is not None:
                    declared = impl.function()
                    if declared is not None and not isinstance(declared, Technology):
                        raise TypeError(f"rtech_technology returned {type(declared).__name__}")
                    technology = declared
                else:
                    technology = declared_technology(plugin)
                    by_convention = ("rtech_technology",) if technology is not None else ()
            except Exception as exc:  # noqa: BLE001 - reported by name, others go on
                self.pm.load_errors.append(LoadError(name, dist, _describe(exc)))
                self.pm.unregister(plugin)
                continue
            if technology is not None:
                if technology.slug in self._by_slug:
                    self.pm.load_errors.append(
                        LoadError(name, dist, f"技术标识“{technology.slug}”已由其他插件声明")
                    )
                    self.pm.unregister(plugin)
                    continue
                technology = technology.with_version(version)
                by_convention += self.pm.conventions.adopt(
                    technology.slug, plugin, frozenset(implemented)
                )
            hooks = tuple(sorted(implemented | set(by_convention)))
            info = PluginInfo(name, plugin, dist, version, technology, hooks, by_convention)
            self.plugins.append(info)
            if technology is not None:
                self._by_slug[technology.slug] = info
        self.plugins.sort(key=lambda p: _technology_order(p.technology))

    # -- technologies -----------------------------------------------------

    @property
    def load_errors(self) -> list[LoadError]:
        return self.pm.load_errors

    @property
    def technologies(self) -> list[Technology]:
        """Every technology, in catalog order (2022 numbers, then 2023-only ones)."""
        return [p.technology for p in self.plugins if p.technology is not None]

    def technology(self, slug: str) -> Technology:
        info = self._by_slug.get(slug)
        if info is None or info.technology is None:
            raise UnknownTechnologyError(slug, self._by_slug)
        return info.technology

    def plugin_for(self, slug: str) -> PluginInfo:
        self.technology(slug)
        return self._by_slug[slug]

    # -- calling technology hooks ----------------------------------------

    def _caller(self, hook: str, slug: str) -> Any:
        key = (hook, slug)
        caller = self._callers.get(key)
        if caller is None:
            own = self._by_slug[slug].plugin
            others = [
                p.plugin for p in self.plugins if p.technology is not None and p.plugin is not own
            ]
            caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
            self._callers[key] = caller
        return caller

    def call(self, hook: str, slug: str, **kwargs: Any) -> Any:
        """Call a technology hook on the technology's plugin and on extensions."""
        technology = self.technology(slug)
        return self._caller(hook, slug)(technology=technology, **kwargs)

    def code_rules(self, slug: str, edition: str) -> CodeRules | None:
        _check_edition(edition)
        result: CodeRules | None = self.call("rtech_code_rules", slug, edition=edition)
        return result if result is not None and result.edition == edition else None

    def case_form(self, slug: str) -> Mapping[str, Any] | None:
        result: Mapping[str, Any] | None = self.call("rtech_case_form", slug)
        return result

    def profile_form(self, slug: str, profile: str) -> Mapping[str, Any] | None:
        if profile not in {"institution", "physician"}:
            raise ValueError(f"unknown profile {profile!r}")
        result: Mapping[str, Any] | None = self.call("rtech_profile_form", slug, profile=profile)
        return result

    def eligibility_checks(self, slug: str, edition: str) -> list[Check]:
        """The checks of ``edition``: those whose citation is of that edition."""
        _check_edition(edition)
        found = _flatten(self.call("rtech_eligibility_checks", slug, edition=edition))
        return [c for c in found if c.citation.edition == edition]

    def indicators(self, slug: str, edition: str) -> list[Indicator]:
        """The indicators of ``edition``: those that cite a clause of that edition."""
        _check_edition(edition)
        found = _flatten(self.call("rtech_indicators", slug, edition=edition))
        return [i for i in found if edition in i.editions]

    def derived_scores(self, slug: str) -> list[Derived]:
        return _flatten(self.call("rtech_derived_scores", slug))

    def followup_schedule(self, slug: str) -> FollowUpSchedule | None:
        result: FollowUpSchedule | None = self.call("rtech_followup_schedule", slug)
        return result

    def demo(self, slug: str) -> TechnologyDemo | None:
        result: TechnologyDemo | None = self.call("rtech_demo", slug)
        return result

    def filing_sections(
        self, slug: str, document: str, context: Mapping[str, Any]
    ) -> list[Mapping[str, Any]]:
        return _flatten(
            self.call("rtech_filing_sections", slug, document=document, context=context)
        )

    def code_lists(self) -> list[ValueSet]:
        return _flatten(self.pm.hook.rtech_code_lists())

    def curated_codes(self, slug: str) -> list[ValueSet]:
        """The technology's curated lists (searched first in its cases)."""
        return _flatten(self.call("rtech_curated_codes", slug))

    def notify_case_submitted(
        self, slug: str, case_id: str, revision: int, answers: Mapping[str, Any]
    ) -> None:
        """Tell every interested plugin; a failing listener is logged, not raised."""
        technology = self.technology(slug)
        own = self._by_slug[slug].plugin
        kwargs: dict[str, Any] = {
            "technology": technology,
            "case_id": case_id,
            "revision": revision,
            "answers": answers,
        }
        for impl in self.pm.hook.rtech_case_submitted.get_hookimpls():
            info = next((p for p in self.plugins if p.plugin is impl.plugin), None)
            if info is not None and info.technology is not None and impl.plugin is not own:
                continue
            try:
                impl.function(**{k: kwargs[k] for k in impl.argnames})
            except Exception:
                log.exception("plugin %s failed in rtech_case_submitted", impl.plugin_name)


def _check_edition(edition: str) -> None:
    if edition not in EDITIONS:
        raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")


def _flatten(results: Iterable[Sequence[Any] | None]) -> list[Any]:
    return [item for result in results if result for item in result]


def _technology_order(technology: Technology | None) -> tuple[int, int, str]:
    if technology is None:
        return (len(EDITIONS) + 1, 0, "")
    for index, edition in enumerate(EDITIONS):
        number = technology.editions.get(edition)
        if number:
            return (index, int(number[1:]), technology.slug)
    return (len(EDITIONS), 0, technology.slug)


@functools.cache
def get_host() -> Host:
    """The process-wide host, built on first use."""
    return Host.from_plugin_manager(make_plugin_manager())


def reset_host() -> None:
    """Forget the process-wide host (tests; after installing a plugin)."""
    get_host.cache_clear()
