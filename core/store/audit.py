"""The append-only, hash-chained audit log.

Each entry's hash covers its content and the previous entry's hash, so changing,
removing or reordering any entry breaks the chain from that point on. Appenders
lock the single ``audit_head`` row, so concurrent writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtech.store.models import AuditEntry, AuditHead

__all__ = ["AuditVerification", "append", "entry_hash", "verify"]

GENESIS = "0" * 64


def _timestamp(at: datetime) -> str:
    if at.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical(
    id_: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload: Mapping[str, Any],
) -> bytes:
    record = {
        "id": id_,
        "at": _timestamp(at),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload": payload,
    }
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    content = _canonical(
        entry.id,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.payload,
    )
    return hashlib.sha256(prev_hash.encode() + content).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    payload: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    at = at or datetime.now(UTC)
    entry = AuditEntry(
        id=head.last_id + 1,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        # A JSON round trip, so the hash covers exactly what the database returns.
        payload=json.loads(json.dumps(dict(payload or {}), ensure_ascii=False, default=str)),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry, head.last_hash)
    session.add(entry)
    head.last_id = entry.id
    head.last_hash = entry.hash
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计链完整：共 {self.entries} 条记录，逐条校验通过。"
        return f"审计链在第 {self.first_broken} 条记录处断开：{self.reason}"


def verify(session: Session) -> AuditVerification:
    """Walk the whole chain; name the first entry that does not verify."""
    previous_hash = GENESIS
    expected_id = 1
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        count += 1
        if entry.id != expected_id:
            return AuditVerification(
                False,
                count,
                expected_id,
                f"缺少第 {expected_id} 条记录（下一条为第 {entry.id} 条）",
            )
        if entry.prev_hash != previous_hash:
            return AuditVerification(
                False, count, entry.id, "前一条记录的哈希不符（记录被删改或重排）"
            )
        if entry_hash(entry, previous_hash) != entry.hash:
            return AuditVerification(False, count, entry.id, "记录内容与其哈希不符（记录被篡改）")
        previous_hash = entry.hash
        expected_id += 1
    head = session.get(AuditHead, 1)
    if head is not None and head.last_id != count:
        return AuditVerification(
            False,
            count,
            count + 1,
            f"链尾应为第 {head.last_id} 条记录，实有 {count} 条（末尾记录被删除）",
        )
    if head is not None and head.last_hash != previous_hash:
        return AuditVerification(
            False, count, count, f"第 {count} 条记录的哈希与链尾登记的不符（末尾记录被替换）"
        )
    return AuditVerification(True, count)
