"""Verifying a signed filing: intact, valid, trusted, and unchanged since signing.

For every signature pyHanko checks the digest over the signed byte ranges
(*intact*), the signature value (*valid*), the chain to a trust root (*trusted*),
and what the file's later incremental updates changed (coverage and
modification level). Trust is explicit: the roots are the certificates given
with ``--trust`` and, unless switched off, the institution's own CA configured
on this machine — never the operating system's TLS roots. The report says which
root made each signature trusted.

A file passes only when every signature is intact, valid and trusted, its
timestamp (if any) too, and nothing but further signatures (or validation data)
was added after it: the last signature must cover the whole file.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

__all__ = [
    "NO_SIGNATURE",
    "SignatureReport",
    "TrustRoot",
    "VerificationReport",
    "check_untampered",
    "verify_pdf",
]

log = logging.getLogger("rtech.filing.verify")

NO_SIGNATURE = "文件中没有数字签名。"

_COVERAGE_LABELS = {
    "ENTIRE_FILE": "签名覆盖整个文件",
    "ENTIRE_REVISION": "签名覆盖其所在版本，其后文件有增量更新",
    "CONTIGUOUS_BLOCK_FROM_START": "签名覆盖范围异常（未覆盖完整版本）",
    "UNCLEAR": "签名覆盖范围异常",
}
_MODIFICATION_LABELS = {
    "NONE": "签名后未被修改",
    "LTA_UPDATES": "签名后仅追加了元数据、验证信息或时间戳",
    "FORM_FILLING": "签名后仅追加了签名或填写了表单域",
    "ANNOTATIONS": "签名后追加了批注",
    "OTHER": "签名后文件内容被修改",
}


@dataclass(frozen=True, slots=True)
class TrustRoot:
    """A certificate verification trusts, and why it is trusted."""

    source: str
    subject: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SignatureReport:
    """One signature's verdicts, in plain data (``--format json`` prints it)."""

    field: str
    signer: str
    subject: str
    issuer: str
    meaning: str
    location: str
    signed_at: str | None
    timestamp: str | None
    intact: bool
    valid: bool
    trusted: bool
    trusted_by: str | None
    coverage: str
    coverage_label: str
    modification: str | None
    modification_label: str
    problems: tuple[str, ...] = ()
    # The signed content changed (digest, signature value, coverage or an unsigned
    # update after it) -- as opposed to a signer nobody trusts. Not in the JSON.
    tampered: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class VerificationReport:
    file: str
    signatures: tuple[SignatureReport, ...]
    trust_roots: tuple[TrustRoot, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        for signature, report in zip(data["signatures"], self.signatures, strict=True):
            signature["ok"] = report.ok
            del signature["tampered"]
        return data


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def _dn(certificate: x509.Certificate) -> str:
    from rtech.filing.keys import readable_dn

    return readable_dn(certificate.subject)


def _trust_roots(
    trust: Sequence[tuple[x509.Certificate, str]], use_local_ca: bool
) -> list[tuple[x509.Certificate, TrustRoot]]:
    roots = [(cert, TrustRoot(source, _dn(cert), _fingerprint(cert))) for cert, source in trust]
    if use_local_ca:
        from rtech.filing.keys import local_ca_certificate

        ca = local_ca_certificate()
        if ca is not None and all(_fingerprint(ca) != r.fingerprint for _, r in roots):
            roots.append(
                (
                    ca,
                    TrustRoot(
                        "本机构自签根证书（本机 rtech sign keygen 生成）",
                        _dn(ca),
                        _fingerprint(ca),
                    ),
                )
            )
    return roots


def _iso(moment: datetime | None) -> str | None:
    from rtech.localtime import local

    return local(moment).isoformat(timespec="seconds") if moment else None


def _text(sig_object: Any, key: str) -> str:
    try:
        value = sig_object.get(key)
    except Exception:  # noqa: BLE001 - a damaged dictionary just has no such entry
        return ""
    return str(value) if value is not None else ""


def verify_pdf(
    data: bytes,
    *,
    trust: Sequence[tuple[x509.Certificate, str]] = (),
    use_local_ca: bool = True,
    name: str = "",
) -> VerificationReport:
    """Verify every signature of ``data``.

    :param trust: ``(certificate, where it came from)`` pairs to trust.
    :param use_local_ca: also trust the institution's own CA of this machine.
    :param name: the file's name, for the report.
    """
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    roots = _trust_roots(trust, use_local_ca)
    report_roots = tuple(r for _, r in roots)
    anchors = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c, _ in roots
    ]
    by_fingerprint = {r.fingerprint: r for r in report_roots}

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a sound PDF"
        return VerificationReport(
            name, (), report_roots, (f"文件无法解析为 PDF（可能已损坏或被篡改）：{exc}",)
        )
    if not embedded:
        return VerificationReport(name, (), report_roots, (NO_SIGNATURE,))

    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    ends = [_end(s) for s in embedded]
    stamped_to_end = _timestamped_to_end(reader, max(ends))
    reports = []
    for index, signature in enumerate(embedded):
        last = ends[index] == max(ends)
        context = ValidationContext(trust_roots=anchors, allow_fetching=False)
        field_name = str(signature.field_name or f"签名{index + 1}")
        sig_object = signature.sig_object
        try:
            status = validate_pdf_signature(
                signature,
                signer_validation_context=context,
                ts_validation_context=context,
                key_usage_settings=usage,
            )
        except Exception as exc:  # a broken signature is a finding, not a crash
            log.debug("signature %s could not be validated", field_name, exc_info=True)
            reports.append(
                SignatureReport(
                    field=field_name,
                    signer=_text(sig_object, "/Name"),
                    subject="",
                    issuer="",
                    meaning=_text(sig_object, "/Reason"),
                    location=_text(sig_object, "/Location"),
                    signed_at=None,
                    timestamp=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    trusted_by=None,
                    coverage="UNCLEAR",
                    coverage_label=_COVERAGE_LABELS["UNCLEAR"],
                    modification=None,
                    modification_label="无法判断",
                    problems=(f"签名无法校验（文件可能已被篡改）：{exc}",),
                    tampered=True,
                )
            )
            continue
        reports.append(
            _report(
                field_name,
                sig_object,
                status,
                last=last,
                stamped_after=stamped_to_end,
                by_fingerprint=by_fingerprint,
                roots=roots,
            )
        )
    return VerificationReport(name, tuple(reports), report_roots)


def _end(signature: Any) -> int:
    """Where the byte ranges a signature covers end."""
    try:
        start, length = signature.byte_range[2], signature.byte_range[3]
        return int(start) + int(length)
    except (TypeError, IndexError, KeyError, ValueError):
        return 0


def _timestamped_to_end(reader: Any, after: int) -> bool:
    """A document timestamp (PAdES B-LTA) after ``after`` covers the whole file."""
    try:
        stamps = list(reader.embedded_timestamp_signatures)
    except Exception:  # noqa: BLE001 - none readable means none that vouch for the end
        return False
    from pyhanko.sign.validation import SignatureCoverageLevel

    for stamp in stamps:
        try:
            if _end(stamp) > after and (
                stamp.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
            ):
                return True
        except Exception:  # a broken timestamp vouches for nothing
            log.debug("document timestamp unreadable", exc_info=True)
    return False


def _name(name: Any) -> str:
    """``陈静（医务部主任，四川省某某人民医院）`` from an X.509 name."""
    native = name.native
    common = native.get("common_name", "")
    extras = [
        native.get(key)
        for key in ("title", "organizational_unit_name", "organization_name")
        if native.get(key)
    ]
    flat = [", ".join(v) if isinstance(v, list) else str(v) for v in extras]
    if common and flat:
        return f"{common}（{'，'.join(flat)}）"
    return str(common) or name.human_friendly


def _report(
    field_name: str,
    sig_object: Any,
    status: Any,
    *,
    last: bool,
    stamped_after: bool,
    by_fingerprint: dict[str, TrustRoot],
    roots: Sequence[tuple[x509.Certificate, TrustRoot]],
) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    certificate = status.signing_cert
    subject = _name(certificate.subject)
    signer = _text(sig_object, "/Name") or str(certificate.subject.native.get("common_name", ""))

    trusted_by = None
    if status.trusted and status.validation_path is not None:
        anchor_cert = getattr(status.validation_path.trust_anchor, "certificate", None)
        if anchor_cert is not None:
            fp = anchor_cert.sha256.hex(":").upper()
            root = by_fingerprint.get(fp)
            trusted_by = f"{root.source}：{root.subject}" if root else _name(anchor_cert.subject)

    problems: list[str] = []
    if not status.intact:
        problems.append("签名所覆盖的内容已被改动（摘要不符）。")
    if not status.valid:
        problems.append("签名值无效（密码学校验未通过）。")
    tampered = bool(problems)
    if status.intact and status.valid and not status.trusted:
        if status.revoked:
            problems.append("签署人证书已被吊销。")
        elif not roots:
            problems.append(
                "没有可信根证书，无法确认签署人身份（请用 --trust 指定签发机构的根证书）。"
            )
        else:
            indication = getattr(status.trust_problem_indic, "name", "")
            problems.append(
                "签署人证书不能链接到任何可信根证书"
                + (f"（{indication}）" if indication else "")
                + "。"
            )

    coverage = status.coverage or SignatureCoverageLevel.UNCLEAR
    modification = status.modification_level
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        pass
    elif coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        # Later signatures vouch for what was added before them; whatever follows
        # the last signature is unsigned, unless a document timestamp covers it.
        if last:
            allowed = {ModificationLevel.LTA_UPDATES} if stamped_after else set()
        else:
            allowed = {ModificationLevel.FORM_FILLING, ModificationLevel.LTA_UPDATES}
        if modification not in allowed or status.docmdp_ok is False:
            label = _MODIFICATION_LABELS.get(getattr(modification, "name", ""), "无法判断改动内容")
            problems.append(f"签名后文件被追加了未经签名的增量更新（{label}）。")
            tampered = True
    else:
        problems.append(_COVERAGE_LABELS.get(coverage.name, "签名覆盖范围异常") + "。")
        tampered = True

    timestamp = None
    ts_status = status.timestamp_validity
    if ts_status is not None:
        timestamp = _iso(ts_status.timestamp)
        if not (ts_status.intact and ts_status.valid):
            problems.append("签名时间戳无效。")
        elif not ts_status.trusted:
            problems.append("签名时间戳的签发机构不可信（请用 --trust 指定时间戳服务的根证书）。")

    modification_name = getattr(modification, "name", None)
    if not status.intact:
        # The digest disagrees: whatever the byte ranges span, their content changed.
        modification_label = "签名后内容被改动"
    elif coverage == SignatureCoverageLevel.ENTIRE_FILE:
        modification_label = _MODIFICATION_LABELS["NONE"]
    else:
        modification_label = _MODIFICATION_LABELS.get(modification_name or "", "无法判断")
    return SignatureReport(
        field=field_name,
        signer=signer,
        subject=subject,
        issuer=_name(certificate.issuer),
        meaning=_text(sig_object, "/Reason"),
        location=_text(sig_object, "/Location"),
        signed_at=_iso(status.signer_reported_dt),
        timestamp=timestamp,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        trusted_by=trusted_by,
        coverage=coverage.name,
        coverage_label=_COVERAGE_LABELS.get(coverage.name, coverage.name),
        modification=modification_name,
        modification_label=modification_label,
        problems=tuple(problems),
        tampered=tampered,
    )


def check_untampered(data: bytes, *, name: str, action: str) -> bool:
    """Refuse (``UserError``) a PDF whose signed content changed since it was signed.

    Returns whether the PDF carries signatures (an unsigned PDF cannot show
    tampering and passes). Whether a signer is trusted does not matter here:
    ``rtech verify`` answers that; this guards ``action`` (extracting the data,
    countersigning) against content nobody signed.
    """
    from rtech.errors import UserError

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    report = verify_pdf(data, use_local_ca=False, name=name)
    if not report.signatures and report.problems == (NO_SIGNATURE,):
        return False
    findings = list(report.problems) + [
        f"{s.field}：{problem}" for s in report.signatures if s.tampered for problem in s.problems
    ]
    if findings:
        raise UserError(
            f"{name} 的签名校验未通过，文件在签名后已被改动，拒绝{action}：" + "".join(findings),
            hint=f"请用 rtech verify {name} 查看详情，并向文书的出具方索取原件。",
        )
    return True


def read_file(path: Path) -> bytes:
    from rtech.errors import UserError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from exc
