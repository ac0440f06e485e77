"""aggregate denominators, equipment QA checks, indicator outcomes (issue 12)

Revision ID: 0300_aggregates_qa
Revises: 0400_code_dictionaries
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0300_aggregates_qa"
down_revision = "0400_code_dictionaries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aggregate_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_aggregate_values_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aggregate_values")),
        sa.UniqueConstraint(
            "institution_id",
            "technology",
            "key",
            "period",
            name=op.f("uq_aggregate_values_institution_id_technology_key_period"),
        ),
    )
    op.create_index(
        op.f("ix_aggregate_values_institution_id"), "aggregate_values", ["institution_id"]
    )
    op.create_table(
        "qa_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("device", sa.String(length=100), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("measured", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_qa_checks_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_checks")),
    )
    op.create_index(op.f("ix_qa_checks_institution_id"), "qa_checks", ["institution_id"])
    op.create_index(op.f("ix_qa_checks_technology"), "qa_checks", ["technology"])
    op.create_index(op.f("ix_qa_checks_performed_on"), "qa_checks", ["performed_on"])
    op.create_table(
        "indicator_outcomes",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("strata", sa.Text(), nullable=False),
        sa.Column("patient", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_indicator_outcomes_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_indicator_outcomes")),
    )
    op.create_index(op.f("ix_indicator_outcomes_technology"), "indicator_outcomes", ["technology"])
    # Covers the indicator engine's scan so it never reads the answers' pages.
    op.create_index(
        op.f("ix_cases_indicator_scan"),
        "cases",
        ["technology", "status", "discharge_date", "id", "institution_id", "current_revision"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_indicator_scan"), table_name="cases")
    op.drop_table("indicator_outcomes")
    op.drop_table("qa_checks")
    op.drop_table("aggregate_values")
