"""Signing the cardio filings with real keys, and verifying them — then tampering."""

from __future__ import annotations

import io
import re
import threading
import zlib
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from rtech.filing import keys
from rtech.filing.sign import SigningError, sign_pdf
from rtech.filing.verify import verify_pdf
from tests.unit.filing.helpers import (
    PASSPHRASE,
    issue,
    make_ca,
    p12,
    reader,
)


def _ok(report: Any) -> None:
    assert report.ok, [s.problems for s in report.signatures] + list(report.problems)


@pytest.fixture
def signed_case(case_filing: Any, signer: Any) -> bytes:
    _, rendered = case_filing
    return sign_pdf(rendered.pdf, signer, meaning="审核")


def test_each_filing_signs_and_verifies(
    case_filing: Any, registration_filing: Any, report_filing: Any, signer: Any
) -> None:
    for meaning, (_, rendered) in zip(
        ("填报", "审核", "批准"), (case_filing, registration_filing, report_filing), strict=True
    ):
        report = verify_pdf(sign_pdf(rendered.pdf, signer, meaning=meaning))
        _ok(report)
        (signature,) = report.signatures
        assert signature.meaning == meaning
        assert signature.signer == "陈静"
        assert signature.intact
        assert signature.valid
        assert signature.trusted
        assert signature.coverage == "ENTIRE_FILE"
        assert signature.modification_label == "签名后未被修改"
        assert signature.trusted_by is not None
        assert signature.trusted_by.startswith("本机构自签根证书")
        assert signature.timestamp is None  # PAdES B-B: no timestamp server configured


def test_the_report_says_who_when_and_under_which_root(signed_case: bytes) -> None:
    report = verify_pdf(signed_case, name="case.pdf")
    data = report.as_json()
    assert data["ok"] is True
    (root,) = data["trust_roots"]
    assert root["source"] == "本机构自签根证书（本机 rtech sign keygen 生成）"
    (signature,) = data["signatures"]
    assert signature["field"] == "rtech-reviewer"
    assert signature["subject"] == "陈静（医务部主任，四川省某某人民医院）"
    assert signature["location"] == "四川省某某人民医院"
    assert signature["signed_at"] is not None
    assert signature["ok"] is True


def test_the_visible_signature_shows_name_meaning_and_time_in_an_embedded_cjk_font(
    signed_case: bytes,
) -> None:
    pdf = reader(signed_case)
    (field,) = [
        f.get_object()
        for f in pdf.root["/AcroForm"]["/Fields"]
        if str(f.get_object()["/T"]) == "rtech-reviewer"
    ]
    appearance = field["/AP"]["/N"].get_object()
    # pyHanko tags the shaped text with /ActualText, so readers can copy it.
    actual = _actual_texts(appearance.data)
    assert actual[0] == "审核：陈静"
    assert actual[1] == "四川省某某人民医院"
    assert actual[2].startswith(str(datetime.now().astimezone().year))
    assert actual[2].endswith("UTC+08:00")  # the institution's time (Asia/Shanghai), not UTC
    font = _find_font(appearance)
    descendant = font["/DescendantFonts"][0].get_object()
    assert "/FontFile3" in descendant["/FontDescriptor"]  # embedded (CFF)
    assert "NotoSansCJKsc" in str(font["/BaseFont"])


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(raw: bytes) -> bytes:
    """The bytes of a PDF literal string's body (escapes resolved)."""
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i : i + 1] != b"\\":
            out += raw[i : i + 1]
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt.isdigit():
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            assert digits is not None
            out.append(int(digits.group(0), 8))
            i += 1 + len(digits.group(0))
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _actual_texts(content: bytes) -> list[str]:
    texts = []
    for raw in re.findall(rb"/ActualText\s*\(((?:\\.|[^\\)])*)\)", content):
        data = _literal(raw)
        if data.startswith(b"\xfe\xff"):
            texts.append(data[2:].decode("utf-16-be"))
        else:
            texts.append(data.decode("latin-1"))
    return texts


def _find_font(xobject: Any) -> Any:
    resources = xobject.get("/Resources", {})
    for font in resources.get("/Font", {}).values():
        return font.get_object()
    for inner in resources.get("/XObject", {}).values():
        found = _find_font(inner.get_object())
        if found is not None:
            return found
    return None


# -- tampering ---------------------------------------------------------------


def _byte_range(pdf: bytes) -> tuple[int, int, int, int]:
    start = pdf.rindex(b"/ByteRange")
    numbers = pdf[start : start + 80].split(b"[", 1)[1].split(b"]", 1)[0].split()
    a, b, c, d = (int(n) for n in numbers)
    return a, b, c, d


def _first_content_stream_byte(pdf: bytes) -> int:
    """An offset inside a compressed page content stream of the first revision."""
    at = pdf.index(b"stream\n", pdf.index(b"/Filter /FlateDecode")) + len(b"stream\n")
    zlib.decompressobj().decompress(pdf[at : at + 64])  # it really is a deflate stream
    return at + 40


def test_flipping_a_byte_inside_the_signed_range_fails_verification(signed_case: bytes) -> None:
    a, b, c, d = _byte_range(signed_case)
    for offset in (_first_content_stream_byte(signed_case), c + d - 200):
        assert a <= offset < a + b or c <= offset < c + d  # inside the signed bytes
        tampered = bytearray(signed_case)
        tampered[offset] ^= 0x20
        report = verify_pdf(bytes(tampered))
        assert not report.ok
        if report.signatures:
            (signature,) = report.signatures
            assert not signature.intact
            assert signature.problems
            assert signature.modification_label != "签名后未被修改"
        else:
            assert report.problems  # the damage made the file unreadable


def _append_page_content(pdf: bytes) -> bytes:
    """An incremental update that draws on the first page (what a forger would do)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"q 1 0 0 RG 100 700 m 300 700 l S Q")
    contents = page["/Contents"]
    existing = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    page[generic.NameObject("/Contents")] = generic.ArrayObject(
        [*existing, writer.add_object(stream)]
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _append_metadata_change(pdf: bytes) -> bytes:
    """An incremental update that only retitles the document."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("已修改的标题")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_appended_incremental_update_fails_verification(signed_case: bytes) -> None:
    changed = _append_page_content(signed_case)
    assert changed.startswith(signed_case)  # the signed bytes are untouched
    report = verify_pdf(changed)
    assert not report.ok
    (signature,) = report.signatures
    assert signature.intact
    assert signature.valid
    assert signature.trusted
    assert signature.coverage == "ENTIRE_REVISION"
    assert signature.modification == "OTHER"
    assert signature.problems == ("签名后文件被追加了未经签名的增量更新（签名后文件内容被修改）。",)


def test_even_a_metadata_only_update_after_the_last_signature_fails(signed_case: bytes) -> None:
    report = verify_pdf(_append_metadata_change(signed_case))
    assert not report.ok
    (signature,) = report.signatures
    assert signature.coverage == "ENTIRE_REVISION"
    assert "未经签名的增量更新" in signature.problems[0]


def test_a_second_signature_is_accepted_and_covers_the_first(
    signed_case: bytes, signer: Any
) -> None:
    both = sign_pdf(signed_case, signer, meaning="批准")
    report = verify_pdf(both)
    _ok(report)
    first, second = report.signatures
    assert (first.meaning, second.meaning) == ("审核", "批准")
    assert first.coverage == "ENTIRE_REVISION"
    assert first.modification == "FORM_FILLING"
    assert second.coverage == "ENTIRE_FILE"
    # Changing the file after both signatures breaks both.
    report = verify_pdf(_append_page_content(both))
    assert not report.ok
    assert all(s.problems for s in report.signatures)


def test_a_slot_is_signed_once(signed_case: bytes, signer: Any) -> None:
    with pytest.raises(SigningError, match="该文书已有“审核”签章，不能重复签署"):
        sign_pdf(signed_case, signer, meaning="审核")


# -- trust ---------------------------------------------------------------------


def test_trust_is_explicit_never_the_operating_system(signed_case: bytes) -> None:
    report = verify_pdf(signed_case, use_local_ca=False)
    assert not report.ok
    assert report.trust_roots == ()
    (signature,) = report.signatures
    assert signature.intact
    assert signature.valid
    assert not signature.trusted
    assert signature.problems == (
        "没有可信根证书，无法确认签署人身份（请用 --trust 指定签发机构的根证书）。",
    )


def test_the_receiver_trusts_the_exported_root(signed_case: bytes) -> None:
    anchor, _ = keys.export_trust_anchor()
    report = verify_pdf(signed_case, trust=[(anchor, "--trust ca.pem")], use_local_ca=False)
    _ok(report)
    (signature,) = report.signatures
    assert signature.trusted_by is not None
    assert signature.trusted_by.startswith("--trust ca.pem：")


def test_a_signature_from_another_ca_is_not_trusted(case_filing: Any, tmp_path: Path) -> None:
    _, rendered = case_filing
    ca_key, ca = make_ca("外部测试根证书")
    key, cert = issue(ca_key, ca, "冒名者")
    path = tmp_path / "other.p12"
    path.write_bytes(p12(key, cert, [ca], PASSPHRASE))
    keys.import_pkcs12(path, passphrase=PASSPHRASE)
    signed = sign_pdf(rendered.pdf, keys.load_signer(PASSPHRASE))
    _own_ca_key, own_ca = make_ca("四川省某某人民医院 电子签名根证书")
    report = verify_pdf(signed, trust=[(own_ca, "--trust own.pem")])
    assert not report.ok
    (signature,) = report.signatures
    assert signature.intact
    assert signature.valid
    assert not signature.trusted
    assert signature.problems[0].startswith("签署人证书不能链接到任何可信根证书")
    _ok(verify_pdf(signed, trust=[(ca, "--trust other.pem")]))


def test_unsigned_and_broken_files_do_not_pass(case_filing: Any) -> None:
    _, rendered = case_filing
    assert verify_pdf(rendered.pdf).problems == ("文件中没有数字签名。",)
    garbage = verify_pdf(b"%PDF-1.7\nthis is not a pdf")
    assert not garbage.ok
    assert garbage.problems[0].startswith("文件无法解析为 PDF")


def test_a_pdf_from_elsewhere_gets_a_signature_field_of_its_own(signer: Any) -> None:
    import weasyprint

    other = weasyprint.HTML(string="<p>Referral letter</p>").write_pdf()
    signed = sign_pdf(other, signer, meaning="批准")
    report = verify_pdf(signed)
    _ok(report)
    assert report.signatures[0].field == "rtech-approver"


def test_a_non_pdf_cannot_be_signed(signer: Any) -> None:
    with pytest.raises(SigningError, match="不是有效的 PDF 文件"):
        sign_pdf(b"not a pdf at all", signer)


# -- PAdES B-T: a real RFC 3161 exchange over HTTP ---------------------------------


class _TSA:
    """A timestamp authority on 127.0.0.1, answering with pyHanko's DummyTimeStamper."""

    def __init__(self) -> None:
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        root_key, root = make_ca("测试时间戳根证书")
        key, cert = issue(root_key, root, "测试时间戳服务", time_stamping=True)
        self.root = root
        self.requests = 0
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
        )
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                response = tsa.stamper.request_tsa_response(tsp.TimeStampReq.load(body))
                tsa.requests += 1
                data = response.dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tsa() -> Iterator[_TSA]:
    server = _TSA()
    yield server
    server.close()


def test_with_a_timestamp_server_the_signature_is_pades_b_t(
    case_filing: Any, signer: Any, tsa: _TSA
) -> None:
    _, rendered = case_filing
    signed = sign_pdf(rendered.pdf, signer, tsa_url=tsa.url)
    assert tsa.requests >= 1  # pyHanko also asks once to size the signature container
    trusted = verify_pdf(signed, trust=[(tsa.root, "--trust tsa.pem")])
    _ok(trusted)
    (signature,) = trusted.signatures
    assert signature.timestamp is not None
    # Without the TSA's root the timestamp, and so the file, is not trusted.
    report = verify_pdf(signed)
    assert not report.ok
    assert report.signatures[0].problems == (
        "签名时间戳的签发机构不可信（请用 --trust 指定时间戳服务的根证书）。",
    )


def test_the_configured_timestamp_server_is_used(case_filing: Any, signer: Any, tsa: _TSA) -> None:
    from rtech.filing import settings

    _, rendered = case_filing
    settings.save_tsa_url(tsa.url)
    sign_pdf(rendered.pdf, signer)
    asked = tsa.requests
    assert asked >= 1
    settings.save_tsa_url(None)
    sign_pdf(rendered.pdf, signer)
    assert tsa.requests == asked


def test_an_unreachable_timestamp_server_is_a_chinese_error(case_filing: Any, signer: Any) -> None:
    _, rendered = case_filing
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]  # a port nobody listens on once closed
    with pytest.raises(SigningError, match=f"http://127.0.0.1:{port}/tsa"):
        sign_pdf(rendered.pdf, signer, tsa_url=f"http://127.0.0.1:{port}/tsa")
