"""pending follow-up visits per case, so that the due ones are one indexed query;
a partial index of the cases in progress (the home screen's drafts)

Revision ID: 0850_followup_plans
Revises: 0900_filing_signatures
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0850_followup_plans"
down_revision = "0900_filing_signatures"
branch_labels = None
depends_on = None

#: As in rtech.store.models (written out: a migration never imports the models).
IN_PROGRESS_SQLITE = "status = 'draft' OR has_changes IS 1"
IN_PROGRESS_POSTGRESQL = "status = 'draft' OR has_changes IS true"

#: The row's institution, for the row-level security policy of 0500_users.
INSTITUTION = "(SELECT c.institution_id FROM cases c WHERE c.id = case_id)"


def upgrade() -> None:
    op.create_table(
        "followup_plans",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.Column("patient", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_followup_plans_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_followup_plans")),
    )
    op.create_index(op.f("ix_followup_plans_next_due"), "followup_plans", ["next_due"])
    op.create_index(
        "ix_cases_in_progress",
        "cases",
        ["updated_by", "updated_at"],
        sqlite_where=sa.text(IN_PROGRESS_SQLITE),
        postgresql_where=sa.text(IN_PROGRESS_POSTGRESQL),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE followup_plans ENABLE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY rtech_institution_scope ON followup_plans "
            f"USING (rtech_sees({INSTITUTION})) WITH CHECK (rtech_sees({INSTITUTION}))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS rtech_institution_scope ON followup_plans")
    op.drop_index("ix_cases_in_progress", table_name="cases")
    op.drop_index(op.f("ix_followup_plans_next_due"), table_name="followup_plans")
    op.drop_table("followup_plans")
