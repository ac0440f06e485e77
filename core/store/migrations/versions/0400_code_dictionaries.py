"""the hospital's code dictionaries (issue 16)

Revision ID: 0400_code_dictionaries
Revises: 0100
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0400_code_dictionaries"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_dictionaries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_dictionaries")),
        sa.UniqueConstraint("kind", "number", name=op.f("uq_code_dictionaries_kind_number")),
    )
    op.create_table(
        "code_dictionary_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dictionary_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dictionary_id"],
            ["code_dictionaries.id"],
            name=op.f("fk_code_dictionary_entries_dictionary_id_code_dictionaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_dictionary_entries")),
    )
    op.create_index(
        op.f("ix_code_dictionary_entries_dictionary_id"),
        "code_dictionary_entries",
        ["dictionary_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_code_dictionary_entries_dictionary_id"), table_name="code_dictionary_entries"
    )
    op.drop_table("code_dictionary_entries")
    op.drop_table("code_dictionaries")
