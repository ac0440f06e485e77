"""rtech.filing stays below the store and the UI, and stays cheap to import."""

from __future__ import annotations

import subprocess
import sys

from tests.seeds import ROOT
from tests.unit.test_layering import imports, modules


def test_filing_never_imports_storage_or_the_ui() -> None:
    offenders = [
        f"{module} imports {name}"
        for module, path in modules("rtech.filing")
        for name in imports(path, module)
        if name.startswith(("rtech.store", "rtech.tui", "rtech.cli", "textual", "sqlalchemy"))
    ]
    assert offenders == []


def test_importing_the_data_interfaces_loads_neither_weasyprint_nor_pyhanko() -> None:
    script = (
        "import sys\n"
        "import rtech.filing, rtech.filing.documents, rtech.filing.slots, rtech.filing.settings\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'weasyprint', 'pyhanko', 'fontTools', 'textual'})\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
