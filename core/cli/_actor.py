"""The ``--user`` option: who is acting (see :func:`rtech.actor.current_actor`)."""

from __future__ import annotations

import click

__all__ = ["actor_option"]


def actor_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--user",
        "user",
        default=None,
        help="操作人（记入病例修订与审计日志；默认取环境变量 RTECH_USER 或登录名）。",
    )(function)
