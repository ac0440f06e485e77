"""The conformance suite runs every test here once per registered technology."""

from __future__ import annotations

import pytest

from rtech.catalog import Technology
from rtech.host import Host, get_host, reset_host


def _technologies() -> list[Technology]:
    reset_host()
    return get_host().technologies


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "technology" in metafunc.fixturenames:
        technologies = _technologies()
        metafunc.parametrize("technology", technologies, ids=[t.slug for t in technologies])


@pytest.fixture
def host() -> Host:
    return get_host()
