"""``--user``: refused (the actor is the logged-in user, see :mod:`rtech.actor`).

The option stays accepted by the parser only to answer scripts that still pass
it with a Chinese explanation instead of click's "no such option".
"""

from __future__ import annotations

from typing import Any

import click

__all__ = ["actor_option"]


def _refuse(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    from rtech.actor import refuse_claimed_name

    if value is not None:
        refuse_claimed_name(value)
    return value


def actor_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--user",
        "user",
        default=None,
        hidden=True,
        expose_value=True,
        callback=_refuse,
        help="已停用：操作人为登录的用户（rtech login）。",
    )(function)
