"""users, login tokens, signing keys bound to people; row-level security (issue 18)

Revision ID: 0500_users
Revises: 0700_audit_checkpoints
Create Date: 2026-12-07

On PostgreSQL the tables that hold an institution's data get row-level
security policies: a row is visible only when the transaction's
``rtech.institutions`` setting (set by the store from the logged-in user) is
``*`` or lists its institution. The table owner and superusers bypass them (as
PostgreSQL does); a site that runs rtech as a role that does not own the tables
gets them as a second line behind the services' own checks.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0500_users"
down_revision = "0700_audit_checkpoints"
branch_labels = None
depends_on = None

#: table -> the SQL expression naming the row's institution.
SCOPED = {
    "cases": "institution_id",
    "case_revisions": "(SELECT c.institution_id FROM cases c WHERE c.id = case_id)",
    "case_signatures": "(SELECT c.institution_id FROM cases c WHERE c.id = case_id)",
    "indicator_outcomes": "(SELECT c.institution_id FROM cases c WHERE c.id = case_id)",
    "aggregate_values": "institution_id",
    "qa_checks": "institution_id",
}

SEES = """
CREATE OR REPLACE FUNCTION rtech_sees(institution integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('rtech.institutions', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE institution = ANY (
      string_to_array(current_setting('rtech.institutions', true), ',')::integer[])
  END
$$
"""


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("institutions", sa.String(length=500), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "user_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_user_tokens_token_sha256")),
    )
    op.create_index(op.f("ix_user_tokens_user_id"), "user_tokens", ["user_id"])
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_login", sa.String(length=64), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_signing_keys_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_signing_keys_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_signing_keys_fingerprint")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SEES)
        for table, institution in SCOPED.items():
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY rtech_institution_scope ON {table} "
                f"USING (rtech_sees({institution})) WITH CHECK (rtech_sees({institution}))"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SCOPED:
            op.execute(f"DROP POLICY IF EXISTS rtech_institution_scope ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS rtech_sees(integer)")
    op.drop_table("signing_keys")
    op.drop_index(op.f("ix_user_tokens_user_id"), table_name="user_tokens")
    op.drop_table("user_tokens")
    op.drop_table("users")
