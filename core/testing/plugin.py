"""The pytest plugin of the testing kit (entry point ``pytest11``: ``rtech``).

Active wherever rtech is installed. It parametrises the suite's tests (those
defined in :mod:`rtech.testing`, wherever they are imported) over the
installed technologies, and gives them the ``host`` fixture. Other tests are
left alone.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from rtech.catalog import Technology
from rtech.host import Host, get_host, reset_host

SUITE = "rtech.testing."


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rtech", "rtech conformance suite")
    group.addoption(
        "--rtech-technology",
        action="append",
        default=[],
        metavar="SLUG",
        help="run rtech's conformance suite for this technology only (repeatable)",
    )
    parser.addini(
        "rtech_technologies",
        type="args",
        default=[],
        help="technologies rtech's conformance suite runs for (default: every installed one)",
    )


def _selected(config: pytest.Config) -> list[Technology]:
    reset_host()
    host = get_host()
    wanted = list(config.getoption("rtech_technology")) or list(config.getini("rtech_technologies"))
    if not wanted:
        return host.technologies
    return [host.technology(slug) for slug in wanted]


_SUITE_DIR = Path(__file__).resolve().parent


class _SuiteModule(pytest.Module):
    """A module of the suite imported by its real name (``rtech.testing.test_forms``).

    ``pytest --pyargs rtech.testing`` finds the suite's files under the source tree,
    where an editable install keeps them in ``core/testing``; pytest would name them
    from the folders (``core.testing…``), which is not a package."""

    def _getobj(self) -> ModuleType:
        return importlib.import_module(SUITE + self.path.stem)


class _SuitePackage(pytest.Package):
    """The suite's package, set up by its real name (``rtech.testing``); it has no
    setup_module of its own to call."""

    def setup(self) -> None:
        importlib.import_module(SUITE.rstrip("."))


def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if path.resolve() == _SUITE_DIR:
        return _SuitePackage.from_parent(parent, path=path)
    return None


def pytest_pycollect_makemodule(
    module_path: Path, parent: pytest.Collector
) -> pytest.Module | None:
    if module_path.resolve().parent == _SUITE_DIR and module_path.name.startswith("test_"):
        return _SuiteModule.from_parent(parent, path=module_path)
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if not metafunc.function.__module__.startswith(SUITE):
        return
    if "technology" in metafunc.fixturenames:
        technologies = _selected(metafunc.config)
        metafunc.parametrize("technology", technologies, ids=[t.slug for t in technologies])


@pytest.fixture
def host() -> Host:
    """The process-wide host: every installed plugin."""
    return get_host()
