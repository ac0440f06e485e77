"""The rules of the house about who may import what (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.seeds import ROOT

UI_PACKAGES = ("rtech.tui", "rtech.cli")


#: The repository's folders and the import names they install as (pyproject.toml).
FOLDERS = {"rtech.plugins": "plugins", "rtech.forms.fragments": "forms", "rtech": "core"}


def folder_of(package: str) -> Path:
    """The folder of an import name: ``rtech.store`` -> core/store."""
    for name, folder in FOLDERS.items():
        if package == name or package.startswith(name + "."):
            return ROOT / folder / package.removeprefix(name).lstrip(".").replace(".", "/")
    raise ValueError(package)


def modules(package: str) -> Iterator[tuple[str, Path]]:
    """Every module under ``package`` (an import name), with its file."""
    base = folder_of(package)
    for path in sorted(base.rglob("*.py")):
        parts = [*package.split("."), *path.relative_to(base).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        if "migrations" in parts and "versions" in parts:
            continue
        if package == "rtech" and parts[:2] == ["rtech", "plugins"]:
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
        for module, path in modules("rtech")
        if not module.startswith(UI_PACKAGES)
        for name in imports(path, module)
        if name == "textual" or name.startswith("textual.")
    ]
    assert offenders == []


def test_importing_core_and_every_plugin_loads_no_textual() -> None:
    names = [m for m, _ in modules("rtech") if not m.startswith(UI_PACKAGES)]
    names += [m for m, _ in modules("rtech.plugins")]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    if name.endswith('migrations.env'):\n"
        "        continue\n"
        "    importlib.import_module(name)\n"
        "from rtech.host import get_host\n"
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
    for module, path in modules("rtech.plugins"):
        own = ".".join(module.split(".")[:3])  # rtech.plugins.<slug>
        for name in imports(path, module):
            top = name.split(".")[0]
            if name == "rtech" or name == own or name.startswith(own + "."):
                continue
            if name.startswith("rtech.plugins") and module != "rtech.plugins":
                offenders.append(f"{module} imports {name} (another plugin)")
            elif top == "rtech":
                offenders.append(f"{module} imports {name} (use `from rtech import ...`)")
            elif top not in sys.stdlib_module_names:
                offenders.append(f"{module} imports {name} (not stdlib, not rtech)")
    assert offenders == []


def test_the_source_folders_are_never_imported_by_their_folder_names() -> None:
    """core/, plugins/ and forms/ install as rtech, rtech.plugins and
    rtech.forms.fragments: no module imports the bare folder names (they belong to
    whatever else is installed), and importing core/ as `core` fails loudly."""
    offenders = [
        f"{module} imports {name}"
        for package in ("rtech", "rtech.plugins")
        for module, path in modules(package)
        for name in imports(path, module)
        if name.split(".")[0] in {"core", "plugins", "forms"}
    ]
    assert offenders == []
    result = subprocess.run(
        [sys.executable, "-c", "import core"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "import it as `rtech`" in result.stderr


def test_storage_never_imports_filing_or_ui() -> None:
    offenders = [
        f"{module} imports {name}"
        for module, path in modules("rtech.store")
        for name in imports(path, module)
        if name.startswith(("rtech.filing", "rtech.tui", "rtech.cli", "textual"))
    ]
    assert offenders == []


def test_the_tui_never_imports_the_command_line() -> None:
    """Both front ends ask the same core services; neither reaches into the other."""
    offenders = [
        f"{module} imports {name}"
        for module, path in modules("rtech.tui")
        for name in imports(path, module)
        if name == "rtech.cli" or name.startswith("rtech.cli.")
    ]
    assert offenders == []
