"""The rules of the house about who may import what (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.seeds import ROOT

UI_PACKAGES = ("core.tui", "core.cli")


def modules(package: str) -> Iterator[tuple[str, Path]]:
    base = ROOT / package.replace(".", "/")
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        if "migrations" in parts and "versions" in parts:
            continue
        yield ".".join(parts), path


def imports(path: Path, module: str) -> Iterator[str]:
    """Absolute names of every import in the file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module or ""


def test_core_outside_the_ui_never_imports_textual() -> None:
    offenders = [
        f"{module} imports {name}"
        for module, path in modules("core")
        if not module.startswith(UI_PACKAGES)
        for name in imports(path, module)
        if name == "textual" or name.startswith("textual.")
    ]
    assert offenders == []


def test_importing_core_and_every_plugin_loads_no_textual() -> None:
    names = [m for m, _ in modules("core") if not m.startswith(UI_PACKAGES)]
    names += [m for m, _ in modules("plugins")]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    if name.endswith('migrations.env'):\n"
        "        continue\n"
        "    importlib.import_module(name)\n"
        "from core.host import get_host\n"
        "get_host()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_plugins_import_only_the_public_api_of_core() -> None:
    offenders = []
    for module, path in modules("plugins"):
        own = ".".join(module.split(".")[:2])
        for name in imports(path, module):
            top = name.split(".")[0]
            if name == "core" or name == own or name.startswith(own + "."):
                continue
            if top == "core":
                offenders.append(f"{module} imports {name} (use `from core import ...`)")
            elif top in {"plugins", "forms"} and module != "plugins":
                offenders.append(f"{module} imports {name} (another plugin)")
            elif top not in sys.stdlib_module_names and top not in {"plugins"}:
                offenders.append(f"{module} imports {name} (not stdlib, not core)")
    assert offenders == []


def test_storage_never_imports_filing_or_ui() -> None:
    offenders = [
        f"{module} imports {name}"
        for module, path in modules("core.store")
        for name in imports(path, module)
        if name.startswith(("core.filing", "core.tui", "core.cli", "textual"))
    ]
    assert offenders == []
