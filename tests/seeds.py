"""Access to the seed documents in ../shared/seeds, for tests that re-read them.

The seeds stay outside the repository. Where they are absent (a clone outside
the rtech workplace) the tests that need them skip with a clear message.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_2022 = "000_f43f902933ed9296.txt"
SEED_2023 = "001_6b787a3284aa2297.txt"


@cache
def seeds_dir() -> Path | None:
    """``RTECH_SEEDS_DIR``, else ``shared/seeds`` beside or above the repository."""
    override = os.environ.get("RTECH_SEEDS_DIR")
    if override:
        path = Path(override)
        return path if (path / "README.md").exists() else None
    for parent in [ROOT, *ROOT.parents]:
        candidate = parent / "shared" / "seeds"
        if (candidate / "README.md").exists():
            return candidate
        candidate = parent.parent / "shared" / "seeds"
        if (candidate / "README.md").exists():
            return candidate
    return None


def require_seeds() -> Path:
    path = seeds_dir()
    if path is None:
        pytest.skip(
            "seed documents not found (../shared/seeds, or set RTECH_SEEDS_DIR): "
            "checks against the seed text are skipped outside the rtech workplace"
        )
    return path


@cache
def seed_text(edition: str) -> str:
    name = {"2022": SEED_2022, "2023": SEED_2023}[edition]
    return (require_seeds() / name).read_text(encoding="utf-8")


@cache
def catalog_from_readme() -> dict[str, dict[str, object]]:
    """slug -> {"name": ..., "editions": {edition: number}} from the seeds' README."""
    text = (require_seeds() / "README.md").read_text(encoding="utf-8")
    catalog: dict[str, dict[str, object]] = {}
    edition = None
    row = re.compile(r"^\|\s*(S\d{2})\s*\|\s*(.+?)\s*\|\s*([a-z0-9_]+)\s*\|$")
    for line in text.splitlines():
        if line.startswith("## "):
            match = re.search(r"(2022|2023) edition", line)
            edition = match.group(1) if match else None
        found = row.match(line.strip())
        if found and edition:
            number, name, slug = found.groups()
            # Drop the README's English annotations: "(HIFU)", "(its heading ...)".
            name = re.sub(r"\s*\([A-Za-z][^)]*\)\s*$", "", name)
            entry = catalog.setdefault(slug, {"name": name, "editions": {}})
            assert entry["name"] == name, f"{slug}: two names in the README"
            entry["editions"][edition] = number  # type: ignore[index]
    return catalog
