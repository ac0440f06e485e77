"""The append-only, hash-chained audit log, and what it vouches for.

Each entry's hash covers its content and the previous entry's hash, so changing,
removing or reordering any entry breaks the chain from that point on. Appenders
lock the single ``audit_head`` row, so concurrent writers never fork the chain.

An unkeyed chain alone cannot tell a shortened or wholly recomputed log from an
honest one, so the head is anchored: a *checkpoint* signs (with the
institution's key, ``rtech audit checkpoint``) the last entry's number and hash;
:func:`verify` then finds entries removed from the end or rewritten with
recomputed hashes wherever a checkpoint covers them. And the log covers the
data: every case revision's answers, every case's status and current revision,
every signature and its voiding are checked against the entries that recorded
them, so an edit made in SQL is named with its case.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtech.store.models import (
    AuditCheckpoint,
    AuditEntry,
    AuditHead,
    Case,
    CaseRevision,
    CaseSignature,
)

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "CHECKPOINT_ACTION",
    "AuditVerification",
    "CheckpointFacts",
    "answers_sha256",
    "append",
    "authorize_checkpoint",
    "checkpoint_message",
    "entry_hash",
    "latest_checkpoint",
    "lock_head",
    "record_checkpoint",
    "verify",
]

CHECKPOINT_ACTION: Final = "audit.checkpoint"
#: How many data problems a verification keeps (the count is exact).
MAX_PROBLEMS: Final = 1000

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


def answers_sha256(answers: Mapping[str, Any]) -> str:
    """The checksum of a revision's answers that the log records (canonical JSON)."""
    text = json.dumps(answers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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


# -------------------------------------------------------------------------
# Checkpoints: the head, signed
# -------------------------------------------------------------------------


def checkpoint_message(last_id: int, last_hash: str, at: datetime) -> bytes:
    """The bytes a checkpoint's signature covers."""
    record = {
        "purpose": "rtech audit checkpoint",
        "last_id": last_id,
        "last_hash": last_hash,
        "at": _timestamp(at),
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":")).encode()


def lock_head(session: Session) -> tuple[int, str]:
    """The chain's head (last entry's number and hash), locked until the transaction ends."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    return head.last_id, head.last_hash


@dataclass(frozen=True)
class CheckpointFacts:
    """A stored checkpoint, as filings print and attach it."""

    id: int
    at: datetime
    last_id: int
    last_hash: str
    signer: str
    signature: str
    certificate_sha256: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": _timestamp(self.at),
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "signer": self.signer,
            "signature": self.signature,
            "certificate_sha256": self.certificate_sha256,
        }


def _facts(row: AuditCheckpoint) -> CheckpointFacts:
    return CheckpointFacts(
        id=row.id,
        at=row.at,
        last_id=row.last_id,
        last_hash=row.last_hash,
        signer=row.signer,
        signature=row.signature,
        certificate_sha256=hashlib.sha256(row.certificate.encode()).hexdigest(),
    )


def authorize_checkpoint(session: Session, fingerprint: str | None, *, standalone: bool) -> str:
    """Before a checkpoint is signed: the key (its certificate's ``fingerprint``) is
    the actor's own, bound to one of their institutions; a standalone checkpoint
    (``rtech audit checkpoint``) also needs the role. One made while signing a case
    report rides on that signature's authorization (the same key, already checked).
    Refusals are :class:`~rtech.auth.roles.PermissionDenied` (audited by the store).
    Returns the actor's label."""
    from rtech.auth.roles import Action, PermissionDenied
    from rtech.store.models import Institution, SigningKeyBinding
    from rtech.store.users import principal_of, require

    principal = (
        require(session, Action.AUDIT_CHECKPOINT, entity="audit", entity_id="checkpoint")
        if standalone
        else principal_of(session)
    )
    binding = (
        session.scalar(
            select(SigningKeyBinding).where(SigningKeyBinding.fingerprint == fingerprint)
        )
        if fingerprint
        else None
    )
    if principal.system or (principal.setup and binding is None):
        return principal.label
    if binding is None or binding.user_login != principal.login:
        owner = f"属于用户 {binding.user_login}" if binding else "未绑定到任何用户"
        raise PermissionDenied(
            f"签名密钥{owner}，用户 {principal.label} 不能用它签署审计链检查点。",
            action="sign.key",
            actor=principal.label,
            entity="audit",
            entity_id="checkpoint",
            hint="请用本人的签名密钥：rtech sign keygen（由本人生成，自动绑定到本人与本机构）。",
        )
    if not principal.sees(binding.institution_id):
        institution = session.get(Institution, binding.institution_id)
        named = f"{institution.name}（{institution.code}）" if institution else "其他机构"
        raise PermissionDenied(
            f"签名密钥绑定于 {named}，用户 {principal.label} 不属于该机构，"
            "不能用它签署审计链检查点。",
            action="sign.institution",
            actor=principal.label,
            entity="audit",
            entity_id="checkpoint",
        )
    return principal.label


def record_checkpoint(
    session: Session,
    *,
    last_id: int,
    last_hash: str,
    at: datetime,
    signer: str,
    certificate_pem: str,
    signature: bytes,
    actor: str,
) -> CheckpointFacts:
    """Store a signed checkpoint of ``(last_id, last_hash)`` and log that it was made.

    The caller signed :func:`checkpoint_message` of the head it read with
    :func:`lock_head` in this transaction. The signature is checked here first.
    """
    row = AuditCheckpoint(
        at=at,
        last_id=last_id,
        last_hash=last_hash,
        signer=signer[:200],
        certificate=certificate_pem,
        signature=base64.b64encode(signature).decode("ascii"),
        created_by=actor,
    )
    problem = _signature_problem(row)
    if problem:
        raise ValueError(f"checkpoint signature does not verify: {problem}")
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action=CHECKPOINT_ACTION,
        entity="audit",
        entity_id=row.id,
        payload={
            "checkpoint_id": row.id,
            "last_id": last_id,
            "last_hash": last_hash,
            "signer": row.signer,
            "signature_sha256": hashlib.sha256(signature).hexdigest(),
        },
    )
    return _facts(row)


def latest_checkpoint(session: Session) -> CheckpointFacts | None:
    """The newest checkpoint (filings carry it), or None."""
    row = session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))
    return _facts(row) if row is not None else None


def _certificate(row: AuditCheckpoint) -> x509.Certificate:
    from cryptography import x509

    return x509.load_pem_x509_certificate(row.certificate.encode())


def _signature_problem(row: AuditCheckpoint) -> str:
    """ "" when the checkpoint's signature verifies with its certificate, else why not."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    try:
        key = _certificate(row).public_key()
        signature = base64.b64decode(row.signature, validate=True)
    except (ValueError, binascii.Error):
        return "证书或签名已损坏"
    message = checkpoint_message(row.last_id, row.last_hash, row.at)
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        else:
            return "不支持的密钥类型"
    except InvalidSignature:
        return "签名与所签内容不符（检查点被伪造或改动）"
    return ""


def _trusted(row: AuditCheckpoint, anchors: Sequence[x509.Certificate]) -> bool:
    from cryptography.exceptions import InvalidSignature

    certificate = _certificate(row)
    for anchor in anchors:
        if certificate == anchor:
            return True
        try:
            certificate.verify_directly_issued_by(anchor)
        except (ValueError, TypeError, InvalidSignature):  # not issued by this anchor
            continue
        return True
    return False


# -------------------------------------------------------------------------
# Verification
# -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    entries: int
    first_broken: int | None = None
    reason: str = ""
    #: data that disagrees with the log, each naming its case (at most MAX_PROBLEMS)
    problems: tuple[str, ...] = ()
    problem_count: int = 0
    checkpoints: int = 0
    #: the last entry the newest checkpoint covers
    covered_to: int | None = None
    #: checkpoints were not checked against a trusted certificate (none available)
    untrusted: bool = False

    @property
    def message(self) -> str:
        if self.first_broken is not None:
            return f"审计链在第 {self.first_broken} 条记录处断开：{self.reason}"
        if self.reason:
            return self.reason
        if self.problem_count:
            lines = [f"审计记录与数据库中的病例数据不符（{self.problem_count} 处）："]
            lines += [f"  {p}" for p in self.problems[:20]]
            if self.problem_count > 20:
                lines.append(f"  ……另有 {self.problem_count - 20} 处（--format json 列出全部）")
            return "\n".join(lines)
        text = f"审计链完整：共 {self.entries} 条记录，逐条校验通过"
        if self.checkpoints:
            text += f"；{self.checkpoints} 个签名检查点均有效，最新的覆盖至第 {self.covered_to} 条"
            if self.untrusted:
                text += "（本机没有机构证书，未核对签名证书是否可信，可用 --trust 指定根证书）"
        else:
            text += "；尚无签名检查点（rtech audit checkpoint 可防止末尾记录被删除或整链重算）"
        return text + "；各病例的修订、状态与签名均与审计记录一致。"


@dataclass(slots=True)
class _Expected:
    """What the log says one case is."""

    status: str = "draft"
    current: int = 0
    revisions: dict[int, str] = field(default_factory=dict)
    #: signature id -> (revision, signer, document sha256)
    signatures: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    voided: set[int] = field(default_factory=set)


_STATUS_LABELS: Final = {"draft": "草稿", "submitted": "已提交", "signed": "已签名"}


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _learn(expected: dict[int, _Expected], entry: AuditEntry) -> None:
    """Fold one case entry into what the log says the case is."""
    if entry.entity != "case" or not entry.action.startswith("case."):
        return
    try:
        case_id = int(entry.entity_id)
    except ValueError:
        return
    payload = entry.payload if isinstance(entry.payload, Mapping) else {}
    action = entry.action
    if action == "case.create":
        expected[case_id] = _Expected()
        return
    state = expected.setdefault(case_id, _Expected())
    if action in ("case.submit", "case.revise"):
        number = _int(payload.get("revision"))
        state.revisions[number] = str(payload.get("answers_sha256"))
        state.current = number
        state.status = "submitted"
    elif action == "case.import":
        revisions = payload.get("revisions") or []
        for item in revisions:
            if isinstance(item, Mapping):
                state.revisions[_int(item.get("number"))] = str(item.get("answers_sha256"))
        state.current = len(revisions)
        state.status = str(payload.get("status") or ("submitted" if revisions else "draft"))
    elif action == "case.sign":
        state.signatures[_int(payload.get("signature_id"))] = (
            _int(payload.get("revision")),
            str(payload.get("signer")),
            str(payload.get("document_sha256")),
        )
        state.status = "signed"
    elif action == "case.signature_void":
        state.voided.add(_int(payload.get("signature_id")))


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []
        self.count = 0

    def add(self, case_id: int, text: str) -> None:
        self.count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((case_id, f"病例 {case_id}：{text}"))

    def add_filing(self, filing_id: int, text: str) -> None:
        """A problem of a filing received (listed after the cases')."""
        self.count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((10**15 + filing_id, f"报送文书记录 {filing_id}：{text}"))

    def sorted(self) -> tuple[str, ...]:
        return tuple(text for _, text in sorted(self.items, key=lambda item: item[0]))


def _check_filings(
    session: Session, logged: dict[int, tuple[str, str, str]], problems: _Problems
) -> None:
    """Every filing received (``filing_signatures``) against its ``filing.sign`` entry."""
    from rtech.store.models import FilingSignature

    rows = select(
        FilingSignature.id,
        FilingSignature.kind,
        FilingSignature.signer,
        FilingSignature.document_sha256,
    ).order_by(FilingSignature.id)
    for filing_id, kind, signer, document in session.execute(rows):
        entry = logged.pop(filing_id, None)
        if entry is None:
            problems.add_filing(filing_id, "没有审计记录（被直接写入数据库）")
        elif entry != (kind, signer, document):
            problems.add_filing(filing_id, "种类、签名人或文件校验值与审计记录不符")
    for filing_id in sorted(logged):
        problems.add_filing(filing_id, "已从数据库中删除（审计日志记录了签名）")


def _check_data(
    session: Session,
    expected: dict[int, _Expected],
    filings: dict[int, tuple[str, str, str]] | None = None,
) -> _Problems:
    """Every case, revision and signature, and every filing received, in the
    database against the log."""
    problems = _Problems()
    _check_filings(session, dict(filings or {}), problems)
    seen: set[int] = set()
    cases = select(Case.id, Case.status, Case.current_revision).order_by(Case.id)
    for case_id, status, current in session.execute(cases).yield_per(5000):
        seen.add(case_id)
        state = expected.get(case_id)
        if state is None:
            problems.add(case_id, "审计日志中没有它的创建或导入记录（病例被直接写入数据库）")
            continue
        if status != state.status:
            problems.add(
                case_id,
                f"状态为“{_STATUS_LABELS.get(status, status)}”，审计记录为"
                f"“{_STATUS_LABELS.get(state.status, state.status)}”（状态在数据库中被直接修改）",
            )
        if current != state.current:
            problems.add(
                case_id,
                f"当前版本为第 {current} 版，审计记录为第 {state.current} 版"
                "（版本号在数据库中被直接修改）",
            )
    for case_id in sorted(set(expected) - seen):
        problems.add(case_id, "审计日志记录了此病例，数据库中却没有（病例被删除）")

    revisions = select(CaseRevision.case_id, CaseRevision.number, CaseRevision.answers).order_by(
        CaseRevision.case_id, CaseRevision.number
    )
    for case_id, number, answers in session.execute(revisions).yield_per(500):
        state = expected.get(case_id)
        if state is None:
            continue  # reported above
        logged = state.revisions.pop(number, None)
        if logged is None:
            problems.add(case_id, f"第 {number} 版没有审计记录（修订被直接写入数据库）")
        elif answers_sha256(answers if isinstance(answers, Mapping) else {}) != logged:
            problems.add(
                case_id,
                f"第 {number} 版的回答与审计记录的校验值不符（回答在数据库中被直接修改）",
            )
    for case_id, state in expected.items():
        for number in sorted(state.revisions):
            if case_id in seen:
                problems.add(case_id, f"第 {number} 版已从数据库中删除（审计日志记录了它的提交）")

    for signature in session.scalars(select(CaseSignature).order_by(CaseSignature.id)):
        case_id = signature.case_id
        state = expected.get(case_id)
        if state is None:
            continue
        logged_signature = state.signatures.pop(signature.id, None)
        if logged_signature is None:
            problems.add(case_id, f"签名记录 {signature.id} 没有审计记录（签名被直接写入数据库）")
            continue
        revision, signer, document = logged_signature
        if (signature.revision, signature.signer, signature.document_sha256) != (
            revision,
            signer,
            document,
        ):
            problems.add(
                case_id,
                f"签名记录 {signature.id} 的版本、签名人或文件校验值与审计记录不符",
            )
        if signature.voided_at is None and signature.id in state.voided:
            problems.add(case_id, f"签名记录 {signature.id} 已作废，数据库中却又恢复为有效")
        if signature.voided_at is not None and signature.id not in state.voided:
            problems.add(case_id, f"签名记录 {signature.id} 被作废，审计日志中没有作废记录")
    for case_id, state in expected.items():
        for signature_id in sorted(state.signatures):
            if case_id in seen:
                problems.add(
                    case_id, f"签名记录 {signature_id} 已从数据库中删除（审计日志记录了签名）"
                )
    return problems


def verify(
    session: Session,
    *,
    anchors: Sequence[x509.Certificate] | None = None,
    check_data: bool = True,
) -> AuditVerification:
    """Walk the whole chain; name the first entry that does not verify.

    Then every checkpoint: its signature (with a certificate issued by, or equal
    to, one of ``anchors`` when any are given), and the hash it signed against
    the entry it covers. Then, with ``check_data``, every case, revision and
    signature against the entries that recorded them.
    """
    checkpoints = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    wanted = {c.last_id for c in checkpoints}
    hashes: dict[int, str] = {}
    logged_checkpoints: dict[int, tuple[int, str]] = {}
    expected: dict[int, _Expected] = {}
    #: filing id -> (kind, signer, document sha256), as ``filing.sign`` logged them
    filings: dict[int, tuple[str, str, str]] = {}

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
        if entry.id in wanted:
            hashes[entry.id] = entry.hash
        if entry.action == CHECKPOINT_ACTION:
            payload = entry.payload if isinstance(entry.payload, Mapping) else {}
            logged_checkpoints[_int(payload.get("checkpoint_id"))] = (
                _int(payload.get("last_id")),
                str(payload.get("last_hash")),
            )
        if check_data:
            _learn(expected, entry)
            if entry.action == "filing.sign" and isinstance(entry.payload, Mapping):
                filings[_int(entry.payload.get("filing_id"))] = (
                    str(entry.payload.get("kind")),
                    str(entry.payload.get("signer")),
                    str(entry.payload.get("document_sha256")),
                )
    head = session.get(AuditHead, 1)

    # Checkpoints first: a shortened or recomputed log can agree with its own head.
    good_to = 0
    for checkpoint in checkpoints:
        name = f"检查点 {checkpoint.id}（{_timestamp(checkpoint.at)[:19].replace('T', ' ')} UTC）"
        problem = _signature_problem(checkpoint)
        if problem:
            return AuditVerification(False, count, reason=f"{name}的签名无效：{problem}。")
        if anchors and not _trusted(checkpoint, anchors):
            return AuditVerification(
                False,
                count,
                reason=f"{name}的签名证书不是本机构的（不是受信任的根证书签发的）：检查点被伪造。",
            )
        if checkpoint.last_id > count:
            return AuditVerification(
                False,
                count,
                count + 1,
                f"{name}签名时链尾为第 {checkpoint.last_id} 条记录，现只有 {count} 条"
                f"（第 {count + 1}～{checkpoint.last_id} 条被删除，链尾被回退）",
            )
        if checkpoint.last_id and hashes.get(checkpoint.last_id) != checkpoint.last_hash:
            return AuditVerification(
                False,
                count,
                good_to + 1,
                f"第 {checkpoint.last_id} 条记录的哈希与{name}所签的不符："
                f"第 {good_to + 1}～{checkpoint.last_id} 条之间有记录被改写后重算了哈希",
            )
        logged = logged_checkpoints.pop(checkpoint.id, None)
        if logged is None and checkpoint.last_id >= count:
            # Its own entry (the one after the head it signed) is gone: the end was cut.
            return AuditVerification(
                False,
                count,
                count + 1,
                f"{name}之后的记录（从第 {checkpoint.last_id + 1} 条起）被删除，链尾被回退",
            )
        if logged is None:
            return AuditVerification(
                False, count, reason=f"{name}在审计日志中没有记录（检查点被直接写入数据库）。"
            )
        if logged != (checkpoint.last_id, checkpoint.last_hash):
            return AuditVerification(
                False, count, reason=f"{name}与审计日志中记录的检查点不符（检查点被改动）。"
            )
        good_to = max(good_to, checkpoint.last_id)
    if logged_checkpoints:
        missing = min(logged_checkpoints)
        return AuditVerification(
            False,
            count,
            reason=f"审计日志记录了检查点 {missing}，数据库中却没有（检查点被删除）。",
        )

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
    covered_to = checkpoints[-1].last_id if checkpoints else None
    untrusted = bool(checkpoints) and not anchors
    problems = _check_data(session, expected, filings) if check_data else _Problems()
    return AuditVerification(
        problems.count == 0,
        count,
        problems=problems.sorted(),
        problem_count=problems.count,
        checkpoints=len(checkpoints),
        covered_to=covered_to,
        untrusted=untrusted,
    )
