"""Access to the seed documents in ../shared/seeds, for tests that re-read them.

The helpers are the testing kit's (rtech.testing.seeds), so the project's own
tests and an external plugin's find the seeds the same way.
"""

from __future__ import annotations

from pathlib import Path

from rtech.testing.seeds import catalog_from_readme, require_seeds, seed_text, seeds_dir

__all__ = ["ROOT", "catalog_from_readme", "require_seeds", "seed_text", "seeds_dir"]

ROOT = Path(__file__).resolve().parent.parent
