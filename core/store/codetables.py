"""Imported code tables: an administrator's table for an edition and technology.

Each import is a new version (1, 2, …) of the table for its (edition,
technology); the newest version not withdrawn is in force and takes precedence
over the plugin's table (``rtech rules import``, ``rtech rules show``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from rtech.codes.stored import StoredEntry, StoredTable
from rtech.store.models import Base

__all__ = [
    "CodeTableEntry",
    "CodeTableVersion",
    "StoredEntry",
    "StoredTable",
    "in_force",
    "list_versions",
    "save_table",
    "withdraw",
]


class CodeTableVersion(Base):
    __tablename__ = "code_table_versions"
    __table_args__ = (UniqueConstraint("edition", "technology", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    edition: Mapped[str] = mapped_column(String(10))
    technology: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    entries: Mapped[list[CodeTableEntry]] = relationship(
        back_populates="table", cascade="all, delete-orphan", order_by="CodeTableEntry.position"
    )


class CodeTableEntry(Base):
    __tablename__ = "code_table_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("code_table_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # "diagnosis" | "procedure"
    code: Mapped[str] = mapped_column(String(40))  # a range's start when range_end is set
    range_end: Mapped[str | None] = mapped_column(String(40), nullable=True)
    name: Mapped[str] = mapped_column(String(500))
    remark: Mapped[str] = mapped_column(Text, default="")
    table: Mapped[CodeTableVersion] = relationship(back_populates="entries")


def _stored(row: CodeTableVersion, with_entries: bool = True) -> StoredTable:
    entries = (
        tuple(StoredEntry(e.kind, e.code, e.name, e.remark, e.range_end) for e in row.entries)
        if with_entries
        else ()
    )
    return StoredTable(
        row.edition,
        row.technology,
        row.version,
        row.source_name,
        row.source_sha256,
        row.imported_by,
        row.imported_at,
        row.withdrawn,
        entries,
    )


def save_table(
    engine: Engine,
    edition: str,
    technology: str,
    entries: Sequence[StoredEntry],
    *,
    source_name: str,
    source_sha256: str,
    imported_by: str,
) -> int:
    """Store a new version; returns its number."""
    with Session(engine) as session, session.begin():
        latest = session.scalar(
            select(func.max(CodeTableVersion.version)).where(
                CodeTableVersion.edition == edition, CodeTableVersion.technology == technology
            )
        )
        version = (latest or 0) + 1
        row = CodeTableVersion(
            edition=edition,
            technology=technology,
            version=version,
            source_name=source_name,
            source_sha256=source_sha256,
            imported_by=imported_by,
            withdrawn=False,
        )
        row.entries = [
            CodeTableEntry(
                position=i,
                kind=e.kind,
                code=e.code,
                range_end=e.range_end,
                name=e.name,
                remark=e.remark,
            )
            for i, e in enumerate(entries)
        ]
        session.add(row)
    return version


def in_force(engine: Engine) -> dict[tuple[str, str], StoredTable]:
    """(edition, technology) -> the newest version not withdrawn."""
    with Session(engine) as session:
        rows = session.scalars(
            select(CodeTableVersion)
            .where(CodeTableVersion.withdrawn.is_(False))
            .order_by(CodeTableVersion.version)
        ).all()
        result: dict[tuple[str, str], StoredTable] = {}
        for row in rows:
            result[(row.edition, row.technology)] = _stored(row)
        return result


def list_versions(engine: Engine, edition: str, technology: str) -> list[StoredTable]:
    with Session(engine) as session:
        rows = session.scalars(
            select(CodeTableVersion)
            .where(CodeTableVersion.edition == edition, CodeTableVersion.technology == technology)
            .order_by(CodeTableVersion.version)
        ).all()
        return [_stored(r, with_entries=False) for r in rows]


def withdraw(engine: Engine, edition: str, technology: str) -> int:
    """Withdraw every version in force; returns how many were withdrawn."""
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(CodeTableVersion)
            .where(
                CodeTableVersion.edition == edition,
                CodeTableVersion.technology == technology,
                CodeTableVersion.withdrawn.is_(False),
            )
            .values(withdrawn=True)
        )
        return int(getattr(result, "rowcount", 0) or 0)
