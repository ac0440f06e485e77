"""Who is acting: recorded in case revisions, signatures and the audit log.

One answer for every front end: the TUI and the command line both ask
:func:`current_actor`.
"""

from __future__ import annotations

import getpass
import os

__all__ = ["current_actor"]


def current_actor(user: str | None = None) -> str:
    """Who is typing: ``user`` (``--user``), else ``RTECH_USER``, else the login name."""
    if user and user.strip():
        return user.strip()[:100]
    env = os.environ.get("RTECH_USER", "").strip()
    if env:
        return env[:100]
    try:
        return getpass.getuser()[:100]
    except Exception:  # noqa: BLE001 - no login name (containers): a neutral actor
        return "rtech"
