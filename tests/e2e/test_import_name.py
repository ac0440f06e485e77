"""One import name: the built wheel installs `rtech` and nothing else.

A wheel built from the repository is installed into a fresh virtual environment
beside an unrelated distribution that owns the top-level modules `core`,
`plugins` and `forms` (names many projects use). rtech must neither shadow them
nor be shadowed: `rtech plugins` lists the fifteen technologies, and a plugin
made by `rtech plugin new` imports `from rtech import hookimpl` and passes its
tests there.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.seeds import ROOT
from tests.support import pip_environment

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", *args],
        check=True,
        capture_output=True,
        timeout=600,
        env=pip_environment(),
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env=pip_environment(),
    )
    (built,) = out.glob("rtech-*.whl")
    return built


def test_the_wheel_holds_one_top_level_name(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        declared = archive.read(top_level).decode().split()
        (record,) = [n for n in names if n.endswith(".dist-info/RECORD")]
        recorded = {
            line.split(",")[0].split("/")[0]
            for line in archive.read(record).decode().splitlines()
            if line
        }
    assert declared == ["rtech"]
    assert {n for n in recorded if not n.endswith(".dist-info")} == {"rtech"}
    # The parts of the three folders are where the import name says.
    assert "rtech/__init__.py" in names
    assert "rtech/plugins/cardio/form.schema.json" in names
    assert "rtech/forms/fragments/patient.schema.json" in names
    assert "rtech/forms/loader.py" in names
    assert not any(n.startswith(("core/", "plugins/", "forms/")) for n in names)


def _other_distribution(root: Path) -> Path:
    """A distribution that owns the top-level modules core, plugins and forms."""
    for name in ("core", "plugins", "forms"):
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text(f'WHO = "another project\'s {name}"\n')
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "someone-elses-core"\nversion = "1.0"\n'
        '[tool.setuptools]\npackages = ["core", "plugins", "forms"]\n'
    )
    return root


def test_rtech_beside_a_package_named_core(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, env=pip_environment()
    )
    python = venv / "bin" / "python"
    # rtech's dependencies come from the test environment (a path line, which does not
    # run that environment's editable-install hook); rtech itself only from the wheel.
    (own_site,) = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    ).parent.glob("site-packages")
    (own_site / "zz_test_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    _pip(python, str(_other_distribution(tmp_path / "other")))
    _pip(python, str(wheel))

    env = {
        **os.environ,
        "RTECH_DATA_DIR": str(tmp_path / "data"),
        "RTECH_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONNOUSERSITE": "1",
    }
    env.pop("PYTHONPATH", None)
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import core, plugins, forms, rtech, rtech.plugins.cardio;"
            "print(core.WHO); print(plugins.WHO); print(forms.WHO); print(rtech.__file__)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = probe.stdout.splitlines()
    assert lines[:3] == [
        "another project's core",
        "another project's plugins",
        "another project's forms",
    ]
    assert lines[3].startswith(str(venv)), lines[3]

    rtech = venv / "bin" / "rtech"
    listed = subprocess.run(
        [str(rtech), "plugins", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 15

    made = subprocess.run(
        [str(rtech), "plugin", "new", "demo_tech", "--name", "演示技术", "--dir", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    package = tmp_path / "rtech-demo-tech"
    assert "from rtech import" in (package / "rtech_demo_tech" / "meta.py").read_text()
    # The plugin installs from its own wheel, like any distribution.
    plugin_wheels = tmp_path / "plugin-wheel"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(plugin_wheels),
            str(package),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env=pip_environment(),
    )
    (plugin_wheel,) = plugin_wheels.glob("rtech_demo_tech-*.whl")
    _pip(python, str(plugin_wheel))
    own = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            str(package / "tests"),
        ],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert own.returncode == 0, own.stdout + own.stderr
    assert " passed" in own.stdout
    # The conformance suite ran for the plugin's technology only (its ini option).
    assert (
        "[demo_tech]"
        in subprocess.run(
            [str(python), "-m", "pytest", "--collect-only", "-q", str(package / "tests")],
            cwd=package,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        ).stdout
    )

    # One command from the installed rtech: the kit's own modules, for one technology.
    kit = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "--pyargs",
            "rtech.testing",
            "--rtech-technology",
            "demo_tech",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert kit.returncode == 0, kit.stdout + kit.stderr
    assert " passed" in kit.stdout
    assert " failed" not in kit.stdout
    # A local technology supplies no checks or indicators: those tests say so, never pass.
    assert "demo_tech supplies no eligibility checks yet" in kit.stdout
