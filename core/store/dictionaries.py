"""The hospital's code dictionaries: one versioned list of diagnoses, one of procedures.

Each import (``rtech codes import``) is a new dictionary of its kind, numbered
1, 2, … and labelled with the version the administrator gives (the HIS
release, ``2024-03``); the newest one not withdrawn is in force. Imports and
withdrawals are audited. Entries are plain rows here: ``rtech.intake.codeindex``
makes them searchable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.store import audit
from rtech.store.models import Base
from rtech.store.users import require

__all__ = [
    "CodeDictionary",
    "CodeDictionaryEntry",
    "DictionaryInfo",
    "DictionaryRow",
    "entries",
    "in_force",
    "list_dictionaries",
    "save_dictionary",
    "signature",
    "withdraw_dictionary",
]

KIND_LABELS = {"diagnosis": "诊断", "procedure": "手术/操作"}


class CodeDictionary(Base):
    __tablename__ = "code_dictionaries"
    __table_args__ = (UniqueConstraint("kind", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # "diagnosis" | "procedure"
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per kind
    version: Mapped[str] = mapped_column(String(100))
    source_name: Mapped[str] = mapped_column(String(500))
    source_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class CodeDictionaryEntry(Base):
    __tablename__ = "code_dictionary_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dictionary_id: Mapped[int] = mapped_column(
        ForeignKey("code_dictionaries.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(500))
    aliases: Mapped[str] = mapped_column(Text, default="")  # one per line
    remark: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class DictionaryInfo:
    id: int
    kind: str
    number: int
    version: str
    source_name: str
    source_sha256: str
    size: int
    imported_by: str
    imported_at: datetime | None
    withdrawn: bool

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class DictionaryRow:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    remark: str = ""


def _info(row: CodeDictionary) -> DictionaryInfo:
    return DictionaryInfo(
        row.id,
        row.kind,
        row.number,
        row.version,
        row.source_name,
        row.source_sha256,
        row.size,
        row.imported_by,
        row.imported_at,
        row.withdrawn,
    )


def save_dictionary(
    session: Session,
    kind: str,
    rows: Sequence[DictionaryRow],
    *,
    version: str | None,
    source_name: str,
    source_sha256: str,
    actor: str,
) -> DictionaryInfo:
    """Store a new dictionary of ``kind`` (in force from now on) and audit it."""
    require(session, Action.CODES, entity="dictionary", entity_id=kind)
    if kind not in KIND_LABELS:
        raise ValueError(f"unknown dictionary kind {kind!r}")
    latest = session.scalar(
        select(func.max(CodeDictionary.number)).where(CodeDictionary.kind == kind)
    )
    number = (latest or 0) + 1
    label = (version or "").strip() or str(number)
    clash = session.scalar(
        select(CodeDictionary).where(
            CodeDictionary.kind == kind,
            CodeDictionary.version == label,
            CodeDictionary.withdrawn.is_(False),
        )
    )
    if clash is not None:
        raise UserError(
            f"{KIND_LABELS[kind]}字典已有版本“{label}”（第 {clash.number} 次导入，"
            f"{clash.size} 条，文件 {clash.source_name}）。",
            hint="新的字典请用另一个 --version；要替换，先用 rtech codes withdraw 撤销它。",
        )
    dictionary = CodeDictionary(
        kind=kind,
        number=number,
        version=label[:100],
        source_name=source_name[:500],
        source_sha256=source_sha256,
        size=len(rows),
        imported_by=actor,
        withdrawn=False,
    )
    session.add(dictionary)
    session.flush()
    if rows:
        session.execute(
            insert(CodeDictionaryEntry),
            [
                {
                    "dictionary_id": dictionary.id,
                    "position": position,
                    "code": row.code,
                    "name": row.name,
                    "aliases": "\n".join(row.aliases),
                    "remark": row.remark,
                }
                for position, row in enumerate(rows)
            ],
        )
    audit.append(
        session,
        actor=actor,
        action="codes.import",
        entity="code_dictionary",
        entity_id=dictionary.id,
        payload={
            "kind": kind,
            "number": number,
            "version": dictionary.version,
            "source": source_name,
            "sha256": source_sha256,
            "entries": len(rows),
        },
    )
    session.flush()
    return _info(dictionary)


def list_dictionaries(session: Session) -> list[DictionaryInfo]:
    """Every dictionary ever imported, by kind and number."""
    rows = session.scalars(
        select(CodeDictionary).order_by(CodeDictionary.kind, CodeDictionary.number)
    ).all()
    return [_info(r) for r in rows]


def in_force(session: Session) -> list[DictionaryInfo]:
    """The dictionary in force of each kind (the newest one not withdrawn)."""
    newest: dict[str, DictionaryInfo] = {}
    for info in list_dictionaries(session):
        if not info.withdrawn:
            newest[info.kind] = info
    return [newest[k] for k in sorted(newest)]


def signature(session: Session) -> tuple[int, ...]:
    """The ids of the dictionaries in force: changes whenever one is imported or withdrawn."""
    return tuple(i.id for i in in_force(session))


def entries(session: Session, dictionary_id: int) -> list[DictionaryRow]:
    """A dictionary's rows, in the file's order."""
    result = session.execute(
        select(
            CodeDictionaryEntry.code,
            CodeDictionaryEntry.name,
            CodeDictionaryEntry.aliases,
            CodeDictionaryEntry.remark,
        )
        .where(CodeDictionaryEntry.dictionary_id == dictionary_id)
        .order_by(CodeDictionaryEntry.position)
    )
    return [
        DictionaryRow(code, name, tuple(a for a in aliases.split("\n") if a), remark)
        for code, name, aliases, remark in result
    ]


def withdraw_dictionary(
    session: Session, kind: str, version: str | None, *, actor: str
) -> DictionaryInfo:
    """Withdraw the dictionary in force of ``kind`` (or the named version); audited.

    The one imported before it, if any and not withdrawn, is in force again.
    """
    require(session, Action.CODES, entity="dictionary", entity_id=kind)
    query = select(CodeDictionary).where(
        CodeDictionary.kind == kind, CodeDictionary.withdrawn.is_(False)
    )
    if version:
        query = query.where(CodeDictionary.version == version)
    row = session.scalars(query.order_by(CodeDictionary.number.desc())).first()
    label = KIND_LABELS.get(kind, kind)
    if row is None:
        which = f"版本“{version}”的" if version else "生效中的"
        raise UserError(
            f"没有{which}{label}字典可撤销。", hint="rtech codes list 列出已导入的字典。"
        )
    row.withdrawn = True
    audit.append(
        session,
        actor=actor,
        action="codes.withdraw",
        entity="code_dictionary",
        entity_id=row.id,
        payload={"kind": kind, "number": row.number, "version": row.version},
    )
    session.flush()
    return _info(row)
