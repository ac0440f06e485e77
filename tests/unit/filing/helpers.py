"""Data and tools the filing tests share: the documented examples, real PDFs, keys."""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.seeds import ROOT

EXAMPLES = ROOT / "docs" / "filing" / "examples"
PASSPHRASE = "正确的口令 correct horse"

#: The patient's ID number in the case example (valid check digit).
CLEAR_ID = "510104196503121233"
MASKED_ID = "510104********1233"


@cache
def _example(name: str) -> str:
    return (EXAMPLES / f"{name}.json").read_text(encoding="utf-8")


def example(name: str) -> dict[str, Any]:
    """A fresh copy of ``docs/filing/examples/<name>.json``."""
    data: dict[str, Any] = json.loads(_example(name))
    return data


def cochlear_report() -> dict[str, Any]:
    """人工耳蜗植入技术 (2023 S08): the seed states thresholds for all three indicators."""
    return {
        "schema": "rtech.filing/1",
        "document": "report",
        "institution": {"name": "四川省某某人民医院", "code": "12510000MB0000000X"},
        "technology": "cochlear_implant",
        "edition": "2023",
        "period": "2024",
        "period_label": "2024年度",
        "case_counts": [{"label": "人工耳蜗植入术", "count": 48}],
        "indicators": [
            {
                "id": "ci.diagnosis_agreement",
                "name": "诊断符合率",
                "citation": "2023 S08 质控指标 一",
                "direction": "指标较前逐渐提高。",
                "numerator": 46,
                "denominator": 48,
                "value": 95.83,
                "threshold": {"op": ">=", "value": 90, "citation": "2023 S08 质控指标 一 意义"},
                "trend": [
                    {"period": "2022", "value": 91.3},
                    {"period": "2023", "value": 93.0},
                    {"period": "2024", "value": 95.83},
                ],
            },
            {
                "id": "ci.surgical_success",
                "name": "手术成功率",
                "citation": "2023 S08 质控指标 二",
                "direction": "指标较前提高。",
                "numerator": 46,
                "denominator": 48,
                "value": 95.83,
                "threshold": {"op": ">=", "value": 98, "citation": "2023 S08 质控指标 二 意义"},
                "trend": [
                    {"period": "2022", "value": 100},
                    {"period": "2023", "value": 97.5},
                    {"period": "2024", "value": 95.83},
                ],
            },
            {
                "id": "ci.complications",
                "name": "并发症发生率",
                "citation": "2023 S08 质控指标 三",
                "direction": "指标较前降低。",
                "numerator": 2,
                "denominator": 48,
                "value": 4.17,
                "threshold": {"op": "<=", "value": 10, "citation": "2023 S08 质控指标 三 意义"},
                "trend": [
                    {"period": "2022", "value": 8.7},
                    {"period": "2023", "value": None},
                    {"period": "2024", "value": 4.17},
                ],
            },
        ],
    }


def deep(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text poppler extracts from ``pdf`` (pages in order)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext (poppler-utils) is required: ./dev setup installs it")
    source = tmp_path / "text-source.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [exe, "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """``pdffonts`` rows: name, type…, emb, sub, uni, object, generation."""
    exe = shutil.which("pdffonts")
    if exe is None:
        pytest.fail("pdffonts (poppler-utils) is required: ./dev setup installs it")
    source = tmp_path / "fonts-source.pdf"
    source.write_bytes(pdf)
    result = subprocess.run([exe, str(source)], capture_output=True, check=True, timeout=60)
    lines = result.stdout.decode("utf-8").splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False)


# -------------------------------------------------------------------------
# Certificates made the way an outside CA would make them
# -------------------------------------------------------------------------


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(name: str, *, key: rsa.RSAPrivateKey | None = None) -> tuple[Any, x509.Certificate]:
    key = key or new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue(
    ca_key: Any,
    ca: x509.Certificate,
    name: str,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    time_stamping: bool = False,
    organization: str = "四川省某某人民医院",
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = new_key()
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                    x509.NameAttribute(NameOID.COMMON_NAME, name),
                ]
            )
        )
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
    return key, builder.sign(ca_key, hashes.SHA256())


def p12(key: Any, cert: x509.Certificate, chain: list[x509.Certificate], passphrase: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"test",
        key,
        cert,
        chain or None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)
