"""The repository's own per-technology tests run once per registered technology.

The conformance suite itself (rtech.testing, imported in test_conformance.py)
is parametrised by the testing kit's pytest plugin.
"""

from __future__ import annotations

import pytest

from rtech.host import get_host, reset_host
from rtech.testing.plugin import SUITE


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.function.__module__.startswith(SUITE):
        return
    if "technology" in metafunc.fixturenames:
        reset_host()
        technologies = get_host().technologies
        metafunc.parametrize("technology", technologies, ids=[t.slug for t in technologies])
