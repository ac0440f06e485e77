"""Tests keep to their temporary directories: a run leaves the user's home as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import ROOT

pytestmark = pytest.mark.e2e

#: Tests that reach every place rtech writes outside its data directory: the
#: screening prefilter's pattern cache (the user cache directory), the installed
#: command in a fresh process, and a PDF rendered with fontconfig's faces.
TOUCHING_CACHES = (
    "tests/unit/codes/test_prefilter.py::test_patterns_are_cached_and_a_damaged_cache_is_rebuilt",
    "tests/e2e/test_screen.py::test_long_layout_in_a_fresh_process",
    "tests/unit/filing/test_render.py::test_only_the_three_cjk_faces_are_embedded_as_subsets",
)


def test_a_test_run_leaves_an_empty_home_empty(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("XDG_", "RTECH_", "PYTEST_"))
    }
    env["HOME"] = str(home)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            *TOUCHING_CACHES,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "3 passed" in result.stdout
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert written == []
