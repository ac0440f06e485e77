"""The documented command runs the conformance suite from an installed rtech.

``pytest --pyargs rtech.testing --rtech-technology SLUG`` (docs/plugin-guide.md 5),
run outside the repository: the suite's files are imported by their real names
(``rtech.testing.test_forms``), not by the folders of the source tree (``core/``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import require_seeds

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_suite_runs_by_its_package_name(tmp_path: Path) -> None:
    env = {**os.environ, "RTECH_SEEDS_DIR": str(require_seeds())}
    suite = ("--pyargs", "rtech.testing", "--rtech-technology", "s01_implant")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *suite, "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    assert "error" not in done.stdout.lower()
    # the only skip is the edition the technology is not in; the seeds were read
    assert "seed documents not found" not in done.stdout
    assert "1 skipped" in done.stdout
