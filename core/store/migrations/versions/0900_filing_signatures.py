"""signed filings as they left the institution: self-assessments and quality
reports (which had no record), the file and number of case reports (issue 18,
item 2: the filings received)

Revision ID: 0900_filing_signatures
Revises: 0500_users
Create Date: 2026-12-07

Append-only like the audit log and its checkpoints; on PostgreSQL scoped by
institution with the row-level security policy of migration 0500.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0900_filing_signatures"
down_revision = "0500_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "filing_signatures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("technology", sa.String(length=40), nullable=False),
        sa.Column("edition", sa.String(length=4), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("case_signature_id", sa.Integer(), nullable=True),
        sa.Column("document_no", sa.String(length=100), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("meaning", sa.String(length=50), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_filing_signatures_institution_id_institutions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["case_signature_id"],
            ["case_signatures.id"],
            name=op.f("fk_filing_signatures_case_signature_id_case_signatures"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_signatures")),
        sa.UniqueConstraint(
            "case_signature_id", name=op.f("uq_filing_signatures_case_signature_id")
        ),
    )
    op.create_index(
        op.f("ix_filing_signatures_institution_id"), "filing_signatures", ["institution_id"]
    )
    op.create_index(op.f("ix_filing_signatures_technology"), "filing_signatures", ["technology"])
    op.create_index(op.f("ix_filing_signatures_signed_at"), "filing_signatures", ["signed_at"])
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER filing_signatures_no_{verb.lower()} BEFORE {verb} "
                "ON filing_signatures "
                "BEGIN SELECT RAISE(ABORT, 'filing_signatures is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION filing_signatures_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'filing_signatures is append-only'; END; $$ "
            "LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER filing_signatures_append_only BEFORE UPDATE OR DELETE "
            "ON filing_signatures FOR EACH ROW EXECUTE FUNCTION filing_signatures_append_only()"
        )
        op.execute("ALTER TABLE filing_signatures ENABLE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY rtech_institution_scope ON filing_signatures "
            "USING (rtech_sees(institution_id)) WITH CHECK (rtech_sees(institution_id))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS filing_signatures_no_update")
        op.execute("DROP TRIGGER IF EXISTS filing_signatures_no_delete")
    else:
        op.execute("DROP POLICY IF EXISTS rtech_institution_scope ON filing_signatures")
        op.execute("DROP TRIGGER IF EXISTS filing_signatures_append_only ON filing_signatures")
        op.execute("DROP FUNCTION IF EXISTS filing_signatures_append_only()")
    op.drop_index(op.f("ix_filing_signatures_signed_at"), table_name="filing_signatures")
    op.drop_index(op.f("ix_filing_signatures_technology"), table_name="filing_signatures")
    op.drop_index(op.f("ix_filing_signatures_institution_id"), table_name="filing_signatures")
    op.drop_table("filing_signatures")
