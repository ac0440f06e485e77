"""Issue 16 item 15: ``./dev setup`` says one line per step and passes on no
installer's warnings, unless a step fails (then its whole output)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.seeds import ROOT

STUB = """#!/bin/sh
# A venv's python whose pip talks like the real one installing rtech editable.
case "$*" in
  *"-m pip"*)
    echo "Obtaining file:///rtech"
    echo "  DEPRECATION: Legacy editable install of rtech (setup.py develop)" >&2
    echo "WARNING: setuptools editable install is deprecated" >&2
    exit ${STUB_STATUS:-0} ;;
esac
exit 0
"""


def _setup(tmp_path: Path, status: int) -> subprocess.CompletedProcess[str]:
    if shutil.which("dpkg-query") is None:
        pytest.skip("./dev setup checks Debian packages with dpkg-query")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(STUB, encoding="utf-8")
    python.chmod(0o755)
    env = {**os.environ, "RTECH_VENV": str(venv), "STUB_STATUS": str(status)}
    return subprocess.run(
        ["bash", str(ROOT / "dev"), "setup"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_setup_prints_one_line_per_step_and_no_warnings(tmp_path: Path) -> None:
    done = _setup(tmp_path, 0)
    if "installing Debian packages" in done.stderr:
        pytest.skip("this machine lacks Debian packages: the test would install them")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines == [
        f"[dev] upgrading pip in {tmp_path / 'venv'}",
        f"[dev] installing rtech and its Python dependencies into {tmp_path / 'venv'}"
        " (about a minute)",
    ]
    assert done.stdout == ""
    assert (tmp_path / "venv" / ".rtech-installed").is_file()


def test_a_failing_step_shows_its_output(tmp_path: Path) -> None:
    failed = _setup(tmp_path, 3)
    assert failed.returncode != 0
    assert f"[dev] failed (3): upgrading pip in {tmp_path / 'venv'}" in failed.stderr
    assert "WARNING: setuptools editable install is deprecated" in failed.stderr
