"""Who is acting: recorded in case revisions, signatures and the audit log."""

from __future__ import annotations

import getpass
import os

import click

__all__ = ["actor_option", "current_actor"]


def current_actor(user: str | None) -> str:
    """Who is typing: ``--user``, else ``RTECH_USER``, else the login name."""
    if user and user.strip():
        return user.strip()[:100]
    env = os.environ.get("RTECH_USER", "").strip()
    if env:
        return env[:100]
    try:
        return getpass.getuser()[:100]
    except Exception:  # noqa: BLE001 - no login name (containers): a neutral actor
        return "rtech"


def actor_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--user",
        "user",
        default=None,
        help="操作人（记入病例修订与审计日志；默认取环境变量 RTECH_USER 或登录名）。",
    )(function)
