"""The institution's key: keygen with a self-issued CA, import of a CA-issued PKCS#12."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from rtech.filing import keys
from rtech.filing.keys import KeyMaterialError
from tests.unit.filing.helpers import PASSPHRASE, issue, make_ca, p12


def _generate(**overrides: object) -> keys.SignerInfo:
    options: dict[str, object] = {
        "institution": "四川省某某人民医院",
        "printed_name": "陈静",
        "passphrase": PASSPHRASE,
        "title": "医务部主任",
        "code": "12510000MB0000000X",
    }
    options.update(overrides)
    return keys.generate(**options)  # type: ignore[arg-type]


def test_keygen_issues_a_signing_certificate_from_the_institutions_own_ca() -> None:
    info = _generate()
    assert info.printed_name == "陈静"
    assert info.institution == "四川省某某人民医院"
    assert info.source == "keygen"
    assert "CN=陈静" in info.subject
    assert "title=医务部主任" in info.subject
    assert info.issuer == info.local_ca
    assert "电子签名根证书" in info.local_ca
    assert not info.expired
    assert keys.signer_info() == info
    loaded = keys.load_signer(PASSPHRASE)
    ca = keys.local_ca_certificate()
    assert ca is not None
    assert loaded.certificate.issuer == ca.subject
    ca.public_key().verify(  # type: ignore[union-attr, call-arg]
        loaded.certificate.signature,
        loaded.certificate.tbs_certificate_bytes,
        *_rsa_args(loaded.certificate),
    )
    usage = loaded.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert loaded.certificate.not_valid_after_utc - datetime.now(UTC) > timedelta(days=3 * 364)


def _rsa_args(certificate: x509.Certificate) -> tuple[object, ...]:
    from cryptography.hazmat.primitives.asymmetric import padding

    return (padding.PKCS1v15(), certificate.signature_hash_algorithm)


def test_no_private_key_is_ever_stored_in_the_clear() -> None:
    _generate()
    directory = keys.keys_dir()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    files = sorted(p.name for p in directory.iterdir())
    assert files == ["ca.p12", "ca.pem", "chain.pem", "signer.json", "signer.p12"]
    for path in directory.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data, path
    for name in ("signer.p12", "ca.p12"):
        data = (directory / name).read_bytes()
        with pytest.raises(ValueError):
            pkcs12.load_key_and_certificates(data, None)
        with pytest.raises(ValueError):
            pkcs12.load_key_and_certificates(data, b"wrong passphrase")
        key, _, _ = pkcs12.load_key_and_certificates(data, PASSPHRASE.encode("utf-8"))
        assert key is not None


def test_the_wrong_passphrase_is_a_chinese_error() -> None:
    _generate()
    with pytest.raises(KeyMaterialError, match="口令错误，无法解开签名密钥"):
        keys.load_signer("not the passphrase")


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(KeyMaterialError, match="口令至少需要 8 个字符"):
        _generate(passphrase="1234567")


def test_signing_without_a_key_says_how_to_make_one() -> None:
    with pytest.raises(KeyMaterialError) as error:
        keys.load_signer(PASSPHRASE)
    assert error.value.message == "尚未配置签名密钥。"
    assert "rtech sign keygen" in error.value.hint


def test_keygen_again_needs_force_and_keeps_the_ca_unless_asked() -> None:
    first = _generate()
    with pytest.raises(KeyMaterialError, match="已配置签名密钥"):
        _generate()
    second = _generate(force=True, printed_name="王建国")
    assert second.local_ca_fingerprint == first.local_ca_fingerprint
    assert second.fingerprint != first.fingerprint
    third = _generate(force=True, new_ca=True)
    assert third.local_ca_fingerprint != first.local_ca_fingerprint


def test_the_ca_of_another_institution_is_not_reused() -> None:
    _generate()
    with pytest.raises(KeyMaterialError, match="本机构根证书属于“四川省某某人民医院”"):
        _generate(force=True, institution="成都市某某医院")


def test_an_expired_signing_certificate_cannot_sign() -> None:
    long_ago = datetime.now(UTC) - timedelta(days=3 * 365)
    info = _generate(years=1, now=long_ago)
    assert info.expired
    with pytest.raises(KeyMaterialError) as error:
        keys.load_signer(PASSPHRASE)
    assert error.value.message.startswith("签名证书已于 ")
    assert error.value.message.endswith("过期。")
    assert "rtech sign keygen --force" in error.value.hint


# -- import ------------------------------------------------------------------


def _ca_issued(tmp_path: Path, **issue_options: object) -> tuple[Path, x509.Certificate]:
    ca_key, ca = make_ca("四川省数字证书认证中心 测试根")
    key, cert = issue(ca_key, ca, "张伟", **issue_options)  # type: ignore[arg-type]
    path = tmp_path / "zhangwei.p12"
    path.write_bytes(p12(key, cert, [ca], PASSPHRASE))
    return path, ca


def test_a_ca_issued_pkcs12_is_imported_and_re_encrypted(tmp_path: Path) -> None:
    path, ca = _ca_issued(tmp_path)
    info = keys.import_pkcs12(path, passphrase=PASSPHRASE)
    assert (info.printed_name, info.source, info.local_ca) == ("张伟", "import", "")
    assert "四川省数字证书认证中心" in info.issuer
    loaded = keys.load_signer(PASSPHRASE)
    assert loaded.certificate.subject.rfc4514_string() == "CN=张伟,O=四川省某某人民医院"
    anchor, what = keys.export_trust_anchor()
    assert anchor == ca
    assert what == "导入证书所附的根证书"
    stored = (keys.keys_dir() / "signer.p12").read_bytes()
    assert stored != path.read_bytes()  # re-encrypted (AES-256, PBKDF2-SHA256)
    assert b"PRIVATE KEY" not in stored


def test_import_can_name_the_signer_differently(tmp_path: Path) -> None:
    path, _ = _ca_issued(tmp_path)
    info = keys.import_pkcs12(path, passphrase=PASSPHRASE, printed_name="张伟（医务部）")
    assert info.printed_name == "张伟（医务部）"


def test_import_with_the_wrong_passphrase(tmp_path: Path) -> None:
    path, _ = _ca_issued(tmp_path)
    with pytest.raises(KeyMaterialError, match=f"口令错误，无法解开证书（{path}）"):
        keys.import_pkcs12(path, passphrase="wrong passphrase")
    assert keys.signer_info() is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated download
        lambda data: b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        lambda data: os.urandom(len(data)),
    ],
    ids=["truncated", "pem-not-p12", "random"],
)
def test_a_corrupt_pkcs12_is_named_as_such(tmp_path: Path, damage: object) -> None:
    path, _ = _ca_issued(tmp_path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(KeyMaterialError) as error:
        keys.import_pkcs12(path, passphrase=PASSPHRASE)
    assert error.value.message == f"证书文件 {path} 已损坏或不是 PKCS#12（.p12/.pfx）文件。"


def test_an_expired_certificate_is_refused_at_import(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    path, _ = _ca_issued(
        tmp_path, not_before=now - timedelta(days=800), not_after=now - timedelta(days=35)
    )
    with pytest.raises(KeyMaterialError) as error:
        keys.import_pkcs12(path, passphrase=PASSPHRASE)
    expiry = (now - timedelta(days=35)).strftime("%Y-%m-%d")
    assert error.value.message == f"签名证书已于 {expiry} 过期。"


def test_a_ca_certificate_cannot_be_imported_as_a_signer(tmp_path: Path) -> None:
    ca_key, ca = make_ca("某某根证书")
    path = tmp_path / "ca.p12"
    path.write_bytes(p12(ca_key, ca, [], PASSPHRASE))
    with pytest.raises(KeyMaterialError, match="密钥用法不允许数字签名"):
        keys.import_pkcs12(path, passphrase=PASSPHRASE)
