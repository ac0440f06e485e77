"""Signing a filing with pyHanko: PAdES B-B offline, B-T with a timestamp server.

The signature goes into the empty field of its role (``rtech-reviewer`` for
审核 …, see :mod:`rtech.filing.slots`) as an incremental update, with a visible
appearance drawn in the embedded CJK font: the meaning and the signer's printed
name, the institution, and the signing time. ``/Reason`` carries the meaning
and ``/Name`` the printed name, inside the signed bytes.

Signing never alters what was signed before: a second signature (批准 after
审核) is one more incremental update, which the first signature's verification
reports as form filling.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import TextStampStyle

from rtech.errors import UserError
from rtech.filing import settings
from rtech.filing.fonts import FontFace, FontSet, resolve_fonts, subset_font
from rtech.filing.slots import role_for
from rtech.localtime import local, now

if TYPE_CHECKING:
    from rtech.filing.keys import LoadedSigner

__all__ = ["SigningError", "sign_pdf", "stamp_text"]

log = logging.getLogger("rtech.filing.sign")

_STAMP_RED = (0.72, 0.05, 0.05)
_FALLBACK_BOX = (360, 60, 540, 130)  # bottom right of the last page, in points


class SigningError(UserError):
    """The document cannot be signed as asked."""


def stamp_text(meaning: str, name: str, institution: str, when: datetime) -> str:
    """The visible signature's text (three lines)."""
    offset = when.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{meaning}：{name}\n{institution}\n{when:%Y-%m-%d %H:%M:%S} {zone}".rstrip()


class _SubsetFontFactory(FontEngineFactory):
    """A pyHanko font engine factory over an in-memory OpenType subset."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data = data
        self.size = size

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(self.data),
            font_size=self.size,
            bcp47_lang_code="zh-CN",
            obj_stream=obj_stream,
        )


def _stamp_style(face: FontFace, text: str) -> Any:
    factory = _SubsetFontFactory(subset_font(face, text), 10)
    return TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(font=factory, font_size=10, leading=14, text_color=_STAMP_RED),
        border_width=1,
        border_color=_STAMP_RED,
        background=None,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(6, 6, 5, 5),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _reserved_bytes(signer: LoadedSigner) -> int:
    """Room for a B-B CMS container: the certificates plus ample room for the rest.

    The rest (signature value up to RSA-4096, signed attributes with the signing
    certificate's digest, algorithm identifiers) stays well under 4 KiB.
    """
    from cryptography.hazmat.primitives.serialization import Encoding

    certificates = sum(
        len(c.public_bytes(Encoding.DER)) for c in (signer.certificate, *signer.chain)
    )
    return (certificates + 4096 + 1023) // 1024 * 1024


def _timestamper(url: str) -> Any:
    if not url.startswith(("http://", "https://")):
        raise SigningError(f"时间戳服务器地址“{url}”无效，应以 http:// 或 https:// 开头。")
    return HTTPTimeStamper(url, timeout=15)


def sign_pdf(
    pdf: bytes,
    signer: LoadedSigner,
    *,
    meaning: str = "审核",
    tsa_url: str | None = None,
    fonts: FontSet | None = None,
    location: str | None = None,
    when: datetime | None = None,
) -> bytes:
    """Sign ``pdf`` into the slot of ``meaning``; return the signed file.

    :param tsa_url: an RFC 3161 timestamp server: the signature gets a signature
        timestamp (PAdES B-T). ``None``: the configured one
        (:func:`rtech.filing.settings.tsa_url`), else B-B, offline. ``""``: B-B.
    :param when: the time printed in the appearance (now).
    :raises SigningError: not a PDF, the slot is already signed, the timestamp
        server fails.
    """
    role = role_for(meaning)
    fonts = fonts if fonts is not None else resolve_fonts()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise SigningError(f"不是有效的 PDF 文件，无法签名：{exc}") from exc
    if writer.prev.encrypted:
        raise SigningError("PDF 文件已加密，无法签名。")

    known = {name: value for name, value, _ in fields.enumerate_sig_fields(writer)}
    new_field = None
    if role.field_name in known:
        if known[role.field_name] is not None:
            raise SigningError(f"该文书已有“{role.meaning}”签章，不能重复签署。")
    else:
        # Not an rtech filing (or from an older template): add the field ourselves.
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
        new_field = fields.SigFieldSpec(
            sig_field_name=role.field_name, on_page=last_page, box=_FALLBACK_BOX
        )

    info = signer.info
    moment = local(when) if when is not None else now()
    text = stamp_text(role.meaning, info.printed_name, info.institution, moment)
    url = (tsa_url if tsa_url is not None else settings.tsa_url()) or None
    metadata = signers.PdfSignatureMetadata(
        field_name=role.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=role.meaning,
        name=info.printed_name,
        location=location or info.institution or None,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer.signer,
        timestamper=_timestamper(url) if url else None,
        stamp_style=_stamp_style(fonts.stamp_face, text),
        new_field_spec=new_field,
    )
    try:
        out = pdf_signer.sign_pdf(
            writer,
            appearance_text_params={"text": text},
            # Offline, the container's size is known from the certificates: reserving
            # it spares pyHanko a dummy signing run. A timestamp token's size is not.
            bytes_reserved=None if url else _reserved_bytes(signer),
        )
    except TimestampRequestError as exc:
        raise SigningError(f"时间戳服务器 {url} 请求失败：{exc}") from exc
    except OSError as exc:
        if url:
            raise SigningError(f"无法连接时间戳服务器 {url}：{exc}") from exc
        raise
    except Exception as exc:
        if url and type(exc).__module__.startswith("aiohttp"):
            raise SigningError(f"无法连接时间戳服务器 {url}：{exc}") from exc
        raise
    data: bytes = out.getvalue()
    log.info("signed %s as %s (%s)", role.field_name, role.meaning, "B-T" if url else "B-B")
    return data
