"""Access to the seed documents in ../shared/seeds, for tests that re-read them.

The helpers are the testing kit's (rtech.testing.seeds), so the project's own
tests and an external plugin's find the seeds the same way.
"""

from __future__ import annotations

from pathlib import Path

from rtech.testing.seeds import (
    SEED_FILES,
    catalog_from_readme,
    require_seeds,
    seed_text,
    seeds_dir,
)

__all__ = ["ROOT", "SEED_2022", "catalog_from_readme", "require_seeds", "seed_text", "seeds_dir"]

#: The 2022 catalog's file name in the seeds directory (the benchmarks read it).
SEED_2022 = SEED_FILES["2022"]

ROOT = Path(__file__).resolve().parent.parent
