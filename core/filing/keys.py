"""The institution's signing key: generated (with a self-issued CA) or imported.

Everything lives under ``<data dir>/keys/`` (mode 0700), and no private key is
ever written in the clear:

``signer.p12``
    the signing key, its certificate and chain, as PKCS#12 encrypted with the
    passphrase (PBES2, AES-256-CBC, PBKDF2-SHA256; SHA-256 MAC).
``signer.json``
    public facts for ``rtech sign show``: printed name, institution, certificate
    fingerprint, validity, where the key came from.
``chain.pem``
    the public certificates (signer first), for ``rtech sign export``.
``ca.p12`` / ``ca.pem``
    only after ``rtech sign keygen``: the institution's own CA, its key encrypted
    the same way (kept to issue the next signing certificate, so that receivers
    who trust the CA keep trusting the institution's filings), and its
    certificate, which ``rtech verify`` trusts on this machine and which
    receivers are given (``rtech sign export``).

Every use of the key needs the passphrase again; nothing caches it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from rtech.errors import UserError
from rtech.paths import data_dir

__all__ = [
    "MIN_PASSPHRASE",
    "KeyMaterialError",
    "LoadedSigner",
    "SignerInfo",
    "export_trust_anchor",
    "generate",
    "import_pkcs12",
    "keys_dir",
    "load_certificates",
    "load_signer",
    "local_ca_certificate",
    "message_signer",
    "readable_dn",
    "signer_info",
    "trust_anchors",
]

MIN_PASSPHRASE: Final = 8
_KDF_ROUNDS: Final = 100_000
_CA_YEARS: Final = 10

_SIGNER_P12 = "signer.p12"
_SIGNER_JSON = "signer.json"
_CA_P12 = "ca.p12"
_CA_PEM = "ca.pem"
_CHAIN_PEM = "chain.pem"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

#: Readable names for the attributes rtech puts in a subject (RFC 4514 has none).
_DN_NAMES: Final = {
    NameOID.TITLE: "title",
    NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier",
}


class KeyMaterialError(UserError):
    """A problem with key material: missing, wrong passphrase, corrupt, expired."""


@dataclass(frozen=True, slots=True)
class SignerInfo:
    """What ``rtech sign show`` reports (no secret in it)."""

    printed_name: str
    institution: str
    subject: str
    issuer: str
    serial: str
    fingerprint: str
    not_before: str
    not_after: str
    source: str  # "keygen" or "import"
    key_type: str
    local_ca: str  # subject of the institution's own CA ("" when imported)
    local_ca_fingerprint: str

    @property
    def expired(self) -> bool:
        return datetime.fromisoformat(self.not_after) < datetime.now(UTC)

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"expired": self.expired}


@dataclass(frozen=True)
class LoadedSigner:
    """The decrypted key, ready for :func:`rtech.filing.sign.sign_pdf`.

    ``signer`` is a pyHanko ``SimpleSigner``; the passphrase is not kept.
    """

    info: SignerInfo
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    signer: Any


def keys_dir() -> Path:
    """``<data dir>/keys``, created with mode 0700."""
    path = data_dir() / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, stat.S_IRWXU)
    return path


# -------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------


def _check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyMaterialError(f"口令至少需要 {MIN_PASSPHRASE} 个字符。")
    return passphrase.encode("utf-8")


def _encryption(passphrase: bytes) -> serialization.KeySerializationEncryption:
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically, readable by the owner only."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def readable_dn(name: x509.Name) -> str:
    """RFC 4514 text of ``name`` with ``title`` and ``organizationIdentifier`` spelled out."""
    return name.rfc4514_string(_DN_NAMES)


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def _name_attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    value = values[0].value if values else ""
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _key_type(key: Any) -> str:
    if isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey):
        return f"RSA-{key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey):
        return f"ECDSA-{key.curve.name}"
    return type(key).__name__


def _describe(
    certificate: x509.Certificate, *, source: str, printed_name: str, ca: x509.Certificate | None
) -> SignerInfo:
    return SignerInfo(
        printed_name=printed_name,
        institution=_name_attr(certificate.subject, NameOID.ORGANIZATION_NAME),
        subject=certificate.subject.rfc4514_string(_DN_NAMES),
        issuer=certificate.issuer.rfc4514_string(_DN_NAMES),
        serial=format(certificate.serial_number, "X"),
        fingerprint=_fingerprint(certificate),
        not_before=certificate.not_valid_before_utc.isoformat(),
        not_after=certificate.not_valid_after_utc.isoformat(),
        source=source,
        key_type=_key_type(certificate.public_key()),
        local_ca=ca.subject.rfc4514_string(_DN_NAMES) if ca else "",
        local_ca_fingerprint=_fingerprint(ca) if ca else "",
    )


def _new_key() -> rsa.RSAPrivateKey:
    # RSA-2048 with SHA-256: verifiable by every PDF reader in use in Chinese hospitals.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _existing(force: bool) -> None:
    if (keys_dir() / _SIGNER_P12).exists() and not force:
        raise KeyMaterialError(
            "已配置签名密钥（见 rtech sign show）。",
            hint="如需替换，请加 --force（原密钥将被覆盖，已签署的文书仍可验证）。",
        )


# -------------------------------------------------------------------------
# keygen: a self-issued CA and the institution's signing certificate
# -------------------------------------------------------------------------


def _ca_certificate(
    key: PrivateKey, institution: str, code: str, now: datetime
) -> x509.Certificate:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, institution),
    ]
    if code:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, code))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, f"{institution} 电子签名根证书"))
    name = x509.Name(attributes)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * _CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signer_certificate(
    key: PrivateKey,
    ca_key: PrivateKey,
    ca: x509.Certificate,
    *,
    printed_name: str,
    institution: str,
    code: str,
    title: str,
    years: int,
    now: datetime,
) -> x509.Certificate:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, institution),
    ]
    if code:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, code))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, printed_name))
    public = key.public_key()
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    not_after = min(now + timedelta(days=365 * years), ca.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: the signer stands by the filing
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def generate(
    *,
    institution: str,
    printed_name: str,
    passphrase: str,
    code: str = "",
    title: str = "",
    years: int = 3,
    force: bool = False,
    new_ca: bool = False,
    now: datetime | None = None,
) -> SignerInfo:
    """Create the signing key and certificate, issued by the institution's own CA.

    The CA is created on first use and reused afterwards (its key needs the same
    passphrase), unless ``new_ca``.

    :param now: the issuing time (tests issue certificates that have expired).
    """
    secret = _check_passphrase(passphrase)
    institution, printed_name = institution.strip(), printed_name.strip()
    if not institution:
        raise KeyMaterialError("请提供医疗机构名称（--institution）。")
    if not printed_name:
        raise KeyMaterialError("请提供签署人姓名（--name），它将显示在签章上。")
    if not 1 <= years <= _CA_YEARS:
        raise KeyMaterialError(f"证书有效期应为 1 至 {_CA_YEARS} 年。")
    _existing(force)
    now = now or datetime.now(UTC)
    directory = keys_dir()

    ca_key: PrivateKey
    if (directory / _CA_P12).exists() and not new_ca:
        ca_key, ca = _load_p12(directory / _CA_P12, secret, what="本机构根证书")[:2]
        if _name_attr(ca.subject, NameOID.ORGANIZATION_NAME) != institution:
            raise KeyMaterialError(
                f"本机构根证书属于“{_name_attr(ca.subject, NameOID.ORGANIZATION_NAME)}”，"
                f"与“{institution}”不符。",
                hint="如确需更换机构，请加 --new-ca 生成新的根证书。",
            )
        if ca.not_valid_after_utc < now + timedelta(days=365):
            raise KeyMaterialError(
                "本机构根证书将在一年内过期。", hint="请加 --new-ca 生成新的根证书。"
            )
    else:
        ca_key = _new_key()
        ca = _ca_certificate(ca_key, institution, code, now)
        ca_p12 = pkcs12.serialize_key_and_certificates(b"ca", ca_key, ca, None, _encryption(secret))
        _write_private(directory / _CA_P12, ca_p12)
        _write_private(directory / _CA_PEM, ca.public_bytes(serialization.Encoding.PEM))

    key = _new_key()
    certificate = _signer_certificate(
        key,
        ca_key,
        ca,
        printed_name=printed_name,
        institution=institution,
        code=code,
        title=title,
        years=years,
        now=now,
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, [ca], _encryption(secret)
    )
    _write_private(directory / _SIGNER_P12, p12)
    _write_private(directory / _CHAIN_PEM, _pem(certificate, ca))
    info = _describe(certificate, source="keygen", printed_name=printed_name, ca=ca)
    _write_private(directory / _SIGNER_JSON, _info_json(info))
    return info


def _pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def _info_json(info: SignerInfo) -> bytes:
    return json.dumps(asdict(info), ensure_ascii=False, indent=2).encode("utf-8")


# -------------------------------------------------------------------------
# import: a CA-issued PKCS#12
# -------------------------------------------------------------------------


def _load_p12(
    path: Path, secret: bytes, *, what: str
) -> tuple[PrivateKey, x509.Certificate, list[x509.Certificate]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyMaterialError(f"无法读取{what}文件 {path}：{exc.strerror}") from exc
    return _parse_p12(data, secret, what=what, name=str(path))


def _parse_p12(
    data: bytes, secret: bytes, *, what: str, name: str
) -> tuple[PrivateKey, x509.Certificate, list[x509.Certificate]]:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        parsed = asn1_pkcs12.Pfx.load(data)
        parsed.native  # noqa: B018 - forces a full parse: a truncated file fails here
    except (ValueError, TypeError, OverflowError) as exc:
        raise KeyMaterialError(
            f"{what}文件 {name} 已损坏或不是 PKCS#12（.p12/.pfx）文件。"
        ) from exc
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, secret)
    except ValueError as exc:
        raise KeyMaterialError(f"口令错误，无法解开{what}（{name}）。") from exc
    if key is None or certificate is None:
        raise KeyMaterialError(f"{what}文件 {name} 中没有私钥或证书。")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyMaterialError(
            f"{what}的密钥类型 {type(key).__name__} 不受支持（应为 RSA 或 ECDSA）。"
        )
    if _spki(key.public_key()) != _spki(certificate.public_key()):
        raise KeyMaterialError(f"{what}文件 {name} 中的私钥与证书不匹配。")
    return key, certificate, list(extra)


def _spki(public_key: Any) -> bytes:
    data: bytes = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data


def _check_usable(certificate: x509.Certificate, *, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    if certificate.not_valid_after_utc < now:
        raise KeyMaterialError(
            f"签名证书已于 {certificate.not_valid_after_utc:%Y-%m-%d} 过期。",
            hint="请重新生成（rtech sign keygen --force）或导入新的证书（rtech sign import）。",
        )
    if certificate.not_valid_before_utc > now:
        raise KeyMaterialError(f"签名证书要到 {certificate.not_valid_before_utc:%Y-%m-%d} 才生效。")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise KeyMaterialError(
            "该证书的密钥用法不允许数字签名（缺少 digitalSignature/nonRepudiation）。"
        )
    try:
        basic = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return
    if basic.ca:
        raise KeyMaterialError("该证书是 CA 证书，不能用于签署文书。")


def import_pkcs12(
    path: Path, *, passphrase: str, printed_name: str = "", force: bool = False
) -> SignerInfo:
    """Take a CA-issued PKCS#12, validate it, keep it re-encrypted with the passphrase."""
    secret = passphrase.encode("utf-8")
    key, certificate, extra = _load_p12(path, secret, what="证书")
    _check_usable(certificate)
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyMaterialError(
            f"导入后私钥仍由该口令保护，口令至少需要 {MIN_PASSPHRASE} 个字符。",
            hint="请先更换证书文件的口令（例如用 openssl pkcs12），再导入。",
        )
    _existing(force)
    name = printed_name.strip() or _name_attr(certificate.subject, NameOID.COMMON_NAME)
    if not name:
        raise KeyMaterialError("证书中没有姓名（CN），请用 --name 指定签章上显示的姓名。")
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, extra or None, _encryption(secret)
    )
    directory = keys_dir()
    _write_private(directory / _SIGNER_P12, p12)
    _write_private(directory / _CHAIN_PEM, _pem(certificate, *extra))
    info = _describe(certificate, source="import", printed_name=name, ca=None)
    _write_private(directory / _SIGNER_JSON, _info_json(info))
    return info


# -------------------------------------------------------------------------
# Using the key
# -------------------------------------------------------------------------


def signer_info() -> SignerInfo | None:
    """The configured signer, or None."""
    path = data_dir() / "keys" / _SIGNER_JSON
    if not path.exists():
        return None
    try:
        return SignerInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise KeyMaterialError(f"签名配置 {path} 已损坏：{exc}") from exc


def _require_signer() -> SignerInfo:
    info = signer_info()
    if info is None or not (data_dir() / "keys" / _SIGNER_P12).exists():
        raise KeyMaterialError(
            "尚未配置签名密钥。",
            hint="请先运行 rtech sign keygen（自建根证书）或 rtech sign import 证书.p12。",
        )
    return info


def load_signer(passphrase: str, *, now: datetime | None = None) -> LoadedSigner:
    """Decrypt the signing key with ``passphrase`` and check the certificate is usable."""
    from pyhanko.sign.signers import SimpleSigner

    info = _require_signer()
    path = data_dir() / "keys" / _SIGNER_P12
    secret = passphrase.encode("utf-8")
    _key, certificate, chain = _load_p12(path, secret, what="签名密钥")
    _check_usable(certificate, now=now)
    signer = SimpleSigner.load_pkcs12_data(path.read_bytes(), other_certs=[], passphrase=secret)
    return LoadedSigner(info, certificate, tuple(chain), signer)


def message_signer(
    passphrase: str, *, now: datetime | None = None
) -> tuple[Callable[[bytes], bytes], str, SignerInfo]:
    """The institution's key as a function that signs bytes (SHA-256; PKCS#1 v1.5
    for RSA, ECDSA otherwise), the signing certificate as PEM, and who signs: what
    an audit checkpoint stores, so that it verifies without the key.

    The key is decrypted once here (the slow part), not at each signature.
    """
    from cryptography.hazmat.primitives.asymmetric import padding

    info = _require_signer()
    path = data_dir() / "keys" / _SIGNER_P12
    key, certificate, _chain = _load_p12(path, passphrase.encode("utf-8"), what="签名密钥")
    _check_usable(certificate, now=now)

    def sign(message: bytes) -> bytes:
        if isinstance(key, rsa.RSAPrivateKey):
            return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return key.sign(message, ec.ECDSA(hashes.SHA256()))

    pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return sign, pem, info


def trust_anchors() -> list[x509.Certificate]:
    """This machine's own certificates an audit checkpoint may be signed under:
    the institution's CA (after keygen), the imported chain's certificates and the
    signing certificate. Empty when no key was ever set up here."""
    found: list[x509.Certificate] = []
    ca = local_ca_certificate()
    if ca is not None:
        found.append(ca)
    chain_path = data_dir() / "keys" / _CHAIN_PEM
    if chain_path.exists():
        found.extend(load_certificates(chain_path))
    return found


def local_ca_certificate() -> x509.Certificate | None:
    """The institution's own CA certificate (after ``rtech sign keygen``), or None."""
    path = data_dir() / "keys" / _CA_PEM
    if not path.exists():
        return None
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError as exc:
        raise KeyMaterialError(f"本机构根证书 {path} 已损坏。") from exc


def export_trust_anchor() -> tuple[x509.Certificate, str]:
    """The certificate receivers should trust (``rtech verify --trust``), and what it is.

    After keygen: the institution's own CA. For an imported certificate: the root
    the PKCS#12 came with; without one, the receiver must get the root from the CA.
    """
    info = _require_signer()
    ca = local_ca_certificate()
    if info.source == "keygen" and ca is not None:
        return ca, "本机构自签根证书"
    chain_path = data_dir() / "keys" / _CHAIN_PEM
    chain = load_certificates(chain_path) if chain_path.exists() else []
    roots = [c for c in chain if c.subject == c.issuer]
    if roots:
        return roots[-1], "导入证书所附的根证书"
    raise KeyMaterialError(
        "导入的证书没有附带根证书，根证书应从签发它的 CA 获取。",
        hint="接收方用 rtech verify --trust CA根证书.pem 验证。",
    )


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Certificates in a PEM (one or more) or DER file, with Chinese errors."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取证书文件 {path}：{exc.strerror}") from exc
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise UserError(f"{path} 不是有效的证书文件（PEM 或 DER）。") from exc
