"""Files written whole or not at all: a temporary file beside the target, then a rename.

A reader (or the next run after a crash) sees the old file or the new one,
never half of one. :func:`stage` writes the temporary file and leaves the
rename to the caller, for a file the database must know about first (a signed
filing is recorded, then published); :func:`publish` renames it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["discard", "publish", "stage", "staged_path", "write_atomic"]

_SUFFIX = ".part"


def staged_path(path: Path) -> Path:
    """The hidden temporary file :func:`stage` writes for ``path`` in this process."""
    return path.with_name(f".{path.name}.{os.getpid()}{_SUFFIX}")


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` durably to a temporary file beside ``path`` (mode 0600, kept by
    the rename); return that file.

    Leftovers of earlier runs for the same ``path`` (a process killed between
    staging and publishing) are removed first.
    """
    for stale in path.parent.glob(f".{_glob_escape(path.name)}.*{_SUFFIX}"):
        with contextlib.suppress(OSError):
            stale.unlink()
    temporary = staged_path(path)
    # Owner-only (0600) from the start: filings and exports hold patients' data.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return temporary


def publish(temporary: Path, path: Path) -> None:
    """Rename a staged file onto ``path`` (atomic on one file system), durably."""
    os.replace(temporary, path)
    _sync_directory(path.parent)


def discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step."""
    publish(stage(path, data), path)


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)
