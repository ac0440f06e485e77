"""Where rtech keeps its files (database, keys, settings)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATABASE_URL_ENV",
    "DEMO_ENV",
    "config_dir",
    "data_dir",
    "demo_database",
    "embedded_database",
    "filings_dir",
]

#: The environment variable naming a database other than the embedded SQLite file.
DATABASE_URL_ENV = "RTECH_DATABASE_URL"
#: Set (``rtech --demo``): the embedded database is the demonstration one.
DEMO_ENV = "RTECH_DEMO"


def data_dir() -> Path:
    """The data directory: ``RTECH_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get("RTECH_DATA_DIR")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("rtech", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The configuration directory: ``RTECH_CONFIG_DIR`` or the platform's."""
    override = os.environ.get("RTECH_CONFIG_DIR")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir("rtech", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def filings_dir() -> Path:
    """Where the TUI saves filings by default: ``RTECH_FILINGS_DIR``, else
    ``rtech文书`` in the user's documents folder (never the current directory,
    which may be a source checkout). Created when a filing is written."""
    override = os.environ.get("RTECH_FILINGS_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "rtech文书"


def embedded_database() -> Path:
    """The embedded SQLite file used when ``RTECH_DATABASE_URL`` is not set
    (the demonstration database under ``rtech --demo``)."""
    if os.environ.get(DEMO_ENV):
        return demo_database()
    return data_dir() / "rtech.sqlite3"


def demo_database() -> Path:
    """The SQLite file ``rtech demo`` loads into: never the working database."""
    return data_dir() / "demo.sqlite3"
