"""the operating-system account a user is mapped to, for a site that lets its
people act as themselves without a password (issue 18, item 1: "or mapping to
the OS login where a site chooses it")

Revision ID: 0950_os_accounts
Revises: 0850_followup_plans
Create Date: 2026-12-07

Null for users who log in with a password; unique, so that one operating-system
account is never two users. Whether the mapping is used at all is a setting
(``users.os_login``, off unless a system administrator turns it on).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0950_os_accounts"
down_revision = "0850_followup_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not batch mode: on SQLite it copies and drops ``users``, which the foreign
    # keys of ``user_tokens`` and ``signing_keys`` refuse once users exist. A
    # nullable column and a unique index are plain ALTER/CREATE on both backends.
    op.add_column("users", sa.Column("os_account", sa.String(length=64), nullable=True))
    op.create_index("uq_users_os_account", "users", ["os_account"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_os_account", table_name="users")
    op.drop_column("users", "os_account")
