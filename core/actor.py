"""Who is acting: the logged-in user, never a name someone types.

``--user`` and ``RTECH_USER`` used to name the actor; since issue 18 the actor
is the user the store acts for (:attr:`rtech.store.Store.actor`, resolved by
:func:`rtech.store.users.resolve_principal`: the login token, the demo
administrator of a demo database, or the installer of a database without users).
Both are refused with a Chinese message so that no script silently records a
claimed name.
"""

from __future__ import annotations

import os

from rtech.errors import UserError

__all__ = ["USER_ENV", "refuse_claimed_name"]

#: The environment variable that once named the actor.
USER_ENV = "RTECH_USER"


def refuse_claimed_name(user: str | None = None) -> None:
    """Refuse ``--user NAME`` and ``RTECH_USER``: the actor is the logged-in user."""
    if user is not None:
        raise UserError(
            "--user 选项已停用：操作人为登录的用户，不能自行指定。",
            hint="请先登录：rtech login 登录名（演示数据库无需登录）。",
        )
    if os.environ.get(USER_ENV, "").strip():
        raise UserError(
            f"环境变量 {USER_ENV} 已停用：操作人为登录的用户，不能自行指定。",
            hint=f"请取消该变量（unset {USER_ENV}），并用 rtech login 登录。",
        )
