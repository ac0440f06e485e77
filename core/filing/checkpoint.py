"""Signed checkpoints of the audit chain (``rtech audit checkpoint``).

The audit log's hashes are unkeyed: someone with write access to the database
can cut entries from the end and rewind ``audit_head``, or rewrite an entry and
recompute every later hash. A checkpoint signs the head (last entry's number and
hash, and the time) with the institution's key, stores it in the database (and
logs that it was made), and every filing built afterwards prints and attaches
the newest one. ``rtech audit verify`` checks each checkpoint's signature and
the entry it covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rtech.filing import keys
from rtech.store import Store
from rtech.store import audit as audit_log

if TYPE_CHECKING:
    from cryptography import x509

__all__ = ["make_checkpoint", "verify_audit"]


def make_checkpoint(
    store: Store, passphrase: str, *, actor: str, now: datetime | None = None
) -> audit_log.CheckpointFacts:
    """Sign the chain's current head with the institution's key and store it."""
    sign, certificate_pem, info = keys.message_signer(passphrase)
    with store.write() as session:
        last_id, last_hash = audit_log.lock_head(session)
        at = now or datetime.now(UTC)
        signature = sign(audit_log.checkpoint_message(last_id, last_hash, at))
        return audit_log.record_checkpoint(
            session,
            last_id=last_id,
            last_hash=last_hash,
            at=at,
            signer=f"{info.printed_name}（{info.institution}）",
            certificate_pem=certificate_pem,
            signature=signature,
            actor=actor,
        )


def verify_audit(
    store: Store, *, trust: Sequence[x509.Certificate] = ()
) -> audit_log.AuditVerification:
    """``audit_log.verify`` with this machine's certificates (and ``trust``) as anchors."""
    anchors = [*keys.trust_anchors(), *trust]
    with store.read() as session:
        return audit_log.verify(session, anchors=anchors)
