"""The seed documents (../shared/seeds), for the checks that re-read them.

The seeds stay outside every repository. They are found through
``RTECH_SEEDS_DIR``, else as ``shared/seeds`` beside or above the current
directory or rtech's own source tree. Where they are absent, the tests that
need them skip with a clear message, never pass.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

__all__ = ["catalog_from_readme", "require_seeds", "seed_text", "seeds_dir", "squash"]

SEED_FILES = {"2022": "000_f43f902933ed9296.txt", "2023": "001_6b787a3284aa2297.txt"}


def _candidates() -> list[Path]:
    starts = [Path.cwd().resolve(), Path(__file__).resolve().parent]
    found = []
    for start in starts:
        for parent in [start, *start.parents]:
            found += [parent / "shared" / "seeds", parent.parent / "shared" / "seeds"]
    return found


@cache
def seeds_dir() -> Path | None:
    """``RTECH_SEEDS_DIR``, else ``shared/seeds`` beside or above the working directory."""
    override = os.environ.get("RTECH_SEEDS_DIR")
    if override:
        path = Path(override)
        return path if (path / "README.md").exists() else None
    return next((p for p in _candidates() if (p / "README.md").exists()), None)


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
    return (require_seeds() / SEED_FILES[edition]).read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text as compared with the seed: whitespace and ``[bookmark: …]`` prefixes removed."""
    return re.sub(r"[\s\u3000]+|\[bookmark:[^\]]*\]", "", text)


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
