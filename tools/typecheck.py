"""Run mypy on the installed package layout: ``rtech`` (core/) with ``rtech.plugins``.

The repository's folders install under one import name (pyproject.toml's
package-dir), which an editable install provides through an import hook mypy
does not follow. This script builds the same layout as symbolic links under
``build/typecheck`` (each entry of core/, plus plugins/), runs ``mypy -p rtech``
there, and prints mypy's report with the repository's own paths.

    python tools/typecheck.py [mypy options]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def build_tree() -> Path:
    package = TREE / "rtech"
    if TREE.exists():
        shutil.rmtree(TREE)
    package.mkdir(parents=True)
    for entry in sorted((ROOT / "core").iterdir()):
        if entry.name == "__pycache__":
            continue
        (package / entry.name).symlink_to(entry)
    (package / "plugins").symlink_to(ROOT / "plugins")
    return TREE


def main(argv: list[str]) -> int:
    tree = build_tree()
    env = {**os.environ, "MYPYPATH": str(tree)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "-p",
            "rtech",
            *argv,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    prefix = re.escape(str(tree.relative_to(ROOT)) + "/rtech/")
    report = re.sub(prefix + "plugins/", "plugins/", result.stdout)
    report = re.sub(prefix, "core/", report)
    sys.stdout.write(report)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
