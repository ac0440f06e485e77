"""SQLAlchemy models. Storage never imports filing or UI code.

A case has a working copy (``draft_answers``, saved after every accepted answer)
and immutable revisions (``case_revisions``), one per submission. Every change
that matters is written to the append-only, hash-chained ``audit_log``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AggregateValue",
    "AuditCheckpoint",
    "AuditEntry",
    "Base",
    "Case",
    "CaseRevision",
    "CaseSignature",
    "Department",
    "FilingSignature",
    "IndicatorOutcome",
    "Institution",
    "Physician",
    "QaCheck",
    "Setting",
    "SigningKeyBinding",
    "User",
    "UserToken",
]

# Deterministic constraint names, so migrations can alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CASE_STATUSES = ("draft", "submitted", "signed")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class Setting(Base):
    """Site settings as JSON values (effective dates of editions, signing options)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Institution(Base):
    """A hospital. ``profile`` holds the answers of the institution profile forms:
    ``{"general": {...forms/institution...}, "technologies": {slug: {...}}}``."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(50), unique=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    departments: Mapped[list[Department]] = relationship(back_populates="institution")
    physicians: Mapped[list[Physician]] = relationship(back_populates="institution")


class Department(Base):
    """A registered clinical department (诊疗科目) of an institution."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("institution_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    beds: Mapped[int | None] = mapped_column(Integer)
    since_year: Mapped[int | None] = mapped_column(Integer)

    institution: Mapped[Institution] = relationship(back_populates="departments")


class Physician(Base):
    """A physician of the registry. The columns are what every technology asks;
    ``profile`` holds the answers of the physician profile forms:
    ``{"general": {...forms/physician...}, "technologies": {slug: {training,
    exemption, case counts...}}}``."""

    __tablename__ = "physicians"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(30))  # resident|attending|associate_chief|chief
    clinical_since: Mapped[int | None] = mapped_column(Integer)  # year clinical work began
    registered_here: Mapped[bool] = mapped_column(Boolean, default=True)
    licence_no: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    institution: Mapped[Institution] = relationship(back_populates="physicians")


#: Which cases are in progress (a draft, or a revision being made), as the
#: intake's query writes it on each backend (a partial index must match it).
IN_PROGRESS_SQLITE = "status = 'draft' OR has_changes IS 1"
IN_PROGRESS_POSTGRESQL = "status = 'draft' OR has_changes IS true"


class Case(Base):
    """One restricted-technology case.

    ``draft_answers`` is the working copy; ``cursor`` is the intake's position
    (resumes a killed session). ``version`` guards every write (optimistic
    locking): a save with a stale version is refused. ``current_revision`` is
    the number of the last submitted revision (0: never submitted).
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    technology: Mapped[str] = mapped_column(String(40), index=True)
    edition: Mapped[str] = mapped_column(String(4))
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    record_no: Mapped[str | None] = mapped_column(String(50), index=True)
    patient_name: Mapped[str | None] = mapped_column(String(50))
    procedure_date: Mapped[date | None] = mapped_column(Date)
    discharge_date: Mapped[date | None] = mapped_column(Date, index=True)
    form_version: Mapped[str] = mapped_column(String(20), default="1")
    draft_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    has_changes: Mapped[bool] = mapped_column(Boolean, default=False)
    current_revision: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    revisions: Mapped[list[CaseRevision]] = relationship(
        back_populates="case", order_by="CaseRevision.number"
    )

    __table_args__ = (
        # Covers the indicator engine's scan (technology, status and period ->
        # case, institution, revision) so it never reads the answers' pages.
        Index(
            "ix_cases_indicator_scan",
            "technology",
            "status",
            "discharge_date",
            "id",
            "institution_id",
            "current_revision",
        ),
        # The home screen's "drafts and revisions in progress" of one user: a few
        # rows among 100,000 without reading the others (their answers' pages).
        Index(
            "ix_cases_in_progress",
            "updated_by",
            "updated_at",
            sqlite_where=text(IN_PROGRESS_SQLITE),
            postgresql_where=text(IN_PROGRESS_POSTGRESQL),
        ),
    )


class CaseRevision(Base):
    """An immutable submitted state of a case: the full answers, who, when, why."""

    __tablename__ = "case_revisions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    form_version: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="revisions")


class CaseSignature(Base):
    """A signed PDF filing of one revision. A new revision voids it."""

    __tablename__ = "case_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="RESTRICT"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    signer: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(50))
    document_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    void_reason: Mapped[str | None] = mapped_column(Text)


class FilingSignature(Base):
    """A signed filing as it left the institution: the PDF's SHA-256, where it was
    written, who signed it with which meaning. Append-only (database triggers).

    A self-assessment (``registration``) or quality report (``report``) has no
    other record; a case report (``case``) points at its :class:`CaseSignature`
    (``case_signature_id``), which holds its revision and its voiding, and this
    row adds the file and the document number.
    """

    __tablename__ = "filing_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # case | registration | report
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True
    )
    technology: Mapped[str] = mapped_column(String(40), index=True)
    edition: Mapped[str] = mapped_column(String(4), default="")
    #: the statistical period of a report (2023Q1); "" otherwise
    period: Mapped[str] = mapped_column(String(30), default="")
    case_signature_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_signatures.id", ondelete="RESTRICT"), unique=True
    )
    document_no: Mapped[str] = mapped_column(String(100))
    signer: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(50))
    document_sha256: Mapped[str] = mapped_column(String(64))
    #: the PDF as written (absolute path), "" when unknown
    file: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_by: Mapped[str] = mapped_column(String(100))


class AuditEntry(Base):
    """An append-only, hash-chained record: who did what to which entity, when, why.

    ``hash = sha256(prev_hash || canonical JSON of the entry)``; database triggers
    refuse UPDATE and DELETE. ``rtech audit verify`` names the first broken entry.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50), index=True)
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(50), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The chain's last hash, one row: appenders lock it, so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The chain's head (``last_id``, ``last_hash``) at ``at``, signed with the
    institution's key (``rtech audit checkpoint``). Append-only like the log: a
    checkpoint lets ``rtech audit verify`` catch entries removed from the end or
    rewritten with recomputed hashes up to ``last_id``."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    signer: Mapped[str] = mapped_column(String(200))
    #: the signing certificate, PEM
    certificate: Mapped[str] = mapped_column(Text)
    #: base64 of the signature over :func:`rtech.store.audit.checkpoint_message`
    signature: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))


class AggregateValue(Base):
    """A denominator that is not a set of cases (all stroke admissions within 24 h,
    all bronchoscopies), entered by an administrator for one institution,
    technology and period. A changed value is a new version (the audit log keeps
    the old one); absence means "missing", never zero."""

    __tablename__ = "aggregate_values"
    __table_args__ = (UniqueConstraint("institution_id", "technology", "key", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True
    )
    technology: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(30))  # a period label: 2024, 2024Q1, 2024-03
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QaCheck(Base):
    """One equipment quality-assurance check (TBI dose rate at the body centre,
    dose deviation…): what was measured, the limit, whether it passed."""

    __tablename__ = "qa_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True
    )
    technology: Mapped[str] = mapped_column(String(40), index=True)
    device: Mapped[str] = mapped_column(String(100))
    item: Mapped[str] = mapped_column(String(64))
    performed_on: Mapped[date] = mapped_column(Date, index=True)
    measured: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IndicatorOutcome(Base):
    """What one case's current revision contributes to each indicator of its
    technology, packed (``data``, laid out by the indicator engine), with the
    strata and patient it counts under. Rebuilt when the case gets a new revision
    or the technology's indicators change (``fingerprint``); never the source of
    truth — the answers are."""

    __tablename__ = "indicator_outcomes"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    technology: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    strata: Mapped[str] = mapped_column(Text, default="")
    patient: Mapped[str] = mapped_column(String(200), default="")


class FollowupPlan(Base):
    """The follow-up visits still pending for one case's current revision (those its
    technology's schedule asks for and its answers do not record), with the earliest
    of their days (``next_due``, indexed) so that "what is due within 14 days" reads
    only the cases that have one. Rebuilt when the case gets a new revision or the
    schedule changes (``fingerprint``); never the source of truth — the answers are."""

    __tablename__ = "followup_plans"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    technology: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: the earliest pending visit's day; ``None`` when no visit is pending
    next_due: Mapped[date | None] = mapped_column(Date, index=True)
    #: the pending visits: [{"visit", "label", "due", "start", "end"}], ISO dates
    pending: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    patient: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    """A person who logs in: roles and institutions decide what they may do.

    ``roles`` is a comma-separated list of role names; ``institutions`` the ids
    of their institutions (comma-separated), ``*`` for every institution. The
    password is a scrypt hash (``scrypt$n$r$p$salt$hash``, base64); a demo
    user's is the demo password's, and a user mapped to an operating-system
    account may have none (empty: no password login).
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    roles: Mapped[str] = mapped_column(String(200))
    institutions: Mapped[str] = mapped_column(String(500), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the operating-system account that acts as this user without a password
    #: when the site turns the mapping on (``rtech users os-login``); None: none
    os_account: Mapped[str | None] = mapped_column(String(64))

    # One operating-system account is never two users (a unique index, not a
    # constraint: migration 0950 adds it without rebuilding the users table).
    __table_args__ = (Index("uq_users_os_account", "os_account", unique=True),)


class UserToken(Base):
    """A login session (``rtech login``): only the token's SHA-256 is stored."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SigningKeyBinding(Base):
    """A signing certificate bound to the person who holds it and their institution
    (电子签名法 art. 13: under the signer's sole control)."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(100), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    user_login: Mapped[str] = mapped_column(String(64))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
