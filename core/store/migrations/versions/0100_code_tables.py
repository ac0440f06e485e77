"""imported code tables (issue 7)

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_table_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("edition", sa.String(length=10), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_table_versions")),
        sa.UniqueConstraint(
            "edition",
            "technology",
            "version",
            name=op.f("uq_code_table_versions_edition_technology_version"),
        ),
    )
    op.create_table(
        "code_table_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("range_end", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["code_table_versions.id"],
            name=op.f("fk_code_table_entries_version_id_code_table_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_table_entries")),
    )
    op.create_index(op.f("ix_code_table_entries_version_id"), "code_table_entries", ["version_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_code_table_entries_version_id"), table_name="code_table_entries")
    op.drop_table("code_table_entries")
    op.drop_table("code_table_versions")
