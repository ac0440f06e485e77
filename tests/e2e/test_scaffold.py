"""`rtech plugin new` makes a plugin that installs, loads and passes conformance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from tests.seeds import ROOT
from tests.support import pip_environment

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def install(package: Path, site: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-compile",
            "--target",
            str(site),
            str(package),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=pip_environment(),
    )


@pytest.mark.parametrize(
    "options",
    [
        [],
        [
            "--edition",
            "2023",
            "--catalog-no",
            "S14",
            "--definition",
            "演示技术是指用于测试的技术。",
        ],
    ],
    ids=["local", "in-catalog"],
)
def test_scaffolded_plugin_is_listed_and_conforms(tmp_path: Path, options: list[str]) -> None:
    created = run(
        "plugin", "new", "demo_tech", "--name", "演示技术", "--dir", str(tmp_path), *options
    )
    assert created.returncode == 0, created.stderr
    package = tmp_path / "rtech-demo-tech"
    assert (package / "pyproject.toml").exists()
    site = tmp_path / "site"
    install(package, site)
    env = {"PYTHONPATH": str(site)}

    listed = run("plugins", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    entries = {e["slug"]: e for e in json.loads(listed.stdout)}
    assert len(entries) == 16
    assert entries["demo_tech"]["name"] == "演示技术"
    assert entries["demo_tech"]["version"] == "0.1.0"
    if options:
        assert entries["demo_tech"]["editions"] == {"2023": "S14"}

    pytest_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    suite = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "tests/plugins",
            "-k",
            "demo_tech",
        ],
        cwd=ROOT,
        env=pytest_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert suite.returncode == 0, suite.stdout + suite.stderr
    assert " passed" in suite.stdout
    assert "demo_tech" not in suite.stdout.split("passed")[-1]

    own = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            str(package),
            str(package / "tests"),
        ],
        cwd=package,
        env=pytest_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert own.returncode == 0, own.stdout + own.stderr


def test_scaffold_refuses_bad_input_and_keeps_existing_files(tmp_path: Path) -> None:
    bad = run("plugin", "new", "Demo-Tech", "--name", "演示", "--dir", str(tmp_path))
    assert bad.returncode == 2
    assert "插件标识“Demo-Tech”无效" in bad.stderr
    target = tmp_path / "rtech-demo"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    again = run("plugin", "new", "demo", "--name", "演示", "--dir", str(tmp_path))
    assert again.returncode == 2
    assert "已存在且不为空" in again.stderr
    assert (target / "keep.txt").read_text() == "mine"


def test_scaffold_escapes_what_the_user_typed(tmp_path: Path) -> None:
    """A name with quotes, backslashes and code stays a name (issue 19 item 10)."""
    name = '测"试\\ """ + __import__("os").system("echo pwned")'
    created = run("plugin", "new", "quoted", "--name", name, "--dir", str(tmp_path))
    assert created.returncode == 0, created.stderr
    package = tmp_path / "rtech-quoted"
    for source in (package / "rtech_quoted").glob("*.py"):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")  # no SyntaxError
    namespace: dict[str, object] = {}
    exec((package / "rtech_quoted" / "meta.py").read_text(encoding="utf-8"), namespace)
    assert namespace["TECHNOLOGY"].name == name  # type: ignore[attr-defined]
    import tomllib

    project = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["description"] == "rtech plugin: " + name
    newline = run("plugin", "new", "broken", "--name", "甲\n乙", "--dir", str(tmp_path))
    assert newline.returncode == 2
    assert "换行" in newline.stderr
