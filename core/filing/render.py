"""Rendering: document data -> HTML (Jinja2) -> PDF (WeasyPrint), ready to sign.

:func:`render_document` (or a :class:`Renderer`, to render many documents with one
font configuration) does, in order:

1. assemble the template context from the document and the plugin's form, and
   append the sections plugins add through ``rtech_filing_sections``;
2. render the HTML and check with fontTools that the fonts cover every character
   (a Chinese :class:`~rtech.filing.fonts.FontError` otherwise, before any PDF);
3. lay the pages out with WeasyPrint (A4, CJK fonts embedded as subsets, no
   network access: only ``data:`` URLs may be fetched), optionally as PDF/A-3b,
   with the document's JSON data attached (``rtech-document.json``, re-importable);
4. turn the three signature boxes into empty PDF signature fields (written with
   the page, one revision), so that rtech or any PDF tool can sign into them.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe

from rtech.catalog import EDITION_TITLES
from rtech.eligibility.model import Level, Outcome
from rtech.errors import UserError
from rtech.filing.charts import trend_chart_svg
from rtech.filing.documents import (
    CaseDocument,
    Document,
    RegistrationDocument,
    ReportDocument,
    Section,
    document_to_json,
    format_number,
    generated_now,
)
from rtech.filing.fonts import FontSet, check_coverage, resolve_fonts
from rtech.filing.formview import FormRow, FormSection, answer_sections
from rtech.filing.render_api import ATTACHMENT_NAME, RenderedDocument, SignatureSlot
from rtech.filing.slots import ROLES

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = [
    "ATTACHMENT_NAME",
    "FilingError",
    "RenderedDocument",
    "Renderer",
    "SignatureSlot",
    "render_document",
]

log = logging.getLogger("rtech.filing.render")

_TEMPLATES = Path(__file__).parent / "templates"
_PX_TO_PT = 0.75  # CSS px -> PDF points (96 px = 72 pt)


class FilingError(UserError):
    """A document cannot be rendered (bad plugin section, layout problem)."""


def _chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (section numbers stay below a hundred)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def _css_string(value: Any) -> markupsafe.Markup:
    """A quoted CSS string, safe inside ``<style>`` (no HTML escaping applies there)."""
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(raw, escaped)
    text = " ".join(text.split())
    return markupsafe.Markup(f'"{text}"')


def _citation(value: str) -> markupsafe.Markup:
    """A seed citation that breaks only between its parts (``2023`` ``S05`` ``一(二)1``)."""
    parts = [markupsafe.escape(p) for p in str(value).split()]
    spans = [markupsafe.Markup('<span class="nobr">{}</span>').format(p) for p in parts]
    return markupsafe.Markup(" ").join(spans)


def _pair_rows(rows: Sequence[FormRow]) -> list[tuple[FormRow, ...]]:
    """Short answers two to a line (label|value|label|value); long ones alone."""
    lines: list[tuple[FormRow, ...]] = []
    pending: FormRow | None = None
    for row in rows:
        short = not row.group and row.depth == 0 and len(row.label) <= 10 and len(row.value) <= 16
        if short and pending is None:
            pending = row
            continue
        if short and pending is not None:
            lines.append((pending, row))
            pending = None
            continue
        if pending is not None:
            lines.append((pending,))
            pending = None
        lines.append((row,))
    if pending is not None:
        lines.append((pending,))
    return lines


def _count(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for outcome in outcomes:
        counts[outcome.value] += 1
    return counts


class Renderer:
    """Renders filings; keep one to render many (fonts and templates are reused)."""

    def __init__(self, *, fonts: FontSet | None = None, host: Host | None = None) -> None:
        self.fonts = fonts if fonts is not None else resolve_fonts()
        self._host = host
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
            autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["css_string"] = _css_string
        self.env.filters["cn"] = _chinese_number
        self.env.filters["pair_rows"] = _pair_rows
        self.env.filters["fmt"] = format_number
        self.env.filters["citation"] = _citation
        self._font_config: Any = None
        self._fetcher: Any = None

    # -- the pieces --------------------------------------------------------

    @property
    def host(self) -> Host:
        if self._host is None:
            from rtech.host import get_host

            self._host = get_host()
        return self._host

    def _knows(self, slug: str) -> bool:
        return any(t.slug == slug for t in self.host.technologies)

    def plugin_sections(self, document: Document, data: Mapping[str, Any]) -> list[Section]:
        """Sections the technology's plugin (and extensions) append to this document."""
        slug = document.technology.slug
        if not self._knows(slug):
            return []
        context = MappingProxyType(json.loads(json.dumps(data, ensure_ascii=False)))
        sections = []
        for raw in self.host.filing_sections(slug, document.kind.value, context):
            sections.append(_checked_section(raw, slug))
        return sections

    def form_sections(self, document: CaseDocument) -> list[FormSection]:
        form = document.form
        if form is None and self._knows(document.technology.slug):
            form = self.host.case_form(document.technology.slug)
        return answer_sections(form, document.answers)

    def html(
        self,
        document: Document,
        *,
        generated_at: datetime | None = None,
        data: Mapping[str, Any] | None = None,
        signed: bool = False,
    ) -> str:
        """The document as HTML (fonts not yet checked).

        :param data: the document's JSON, when the caller has it already.
        :param signed: it will be signed: the note on electronic signatures is printed.
        """
        generated = generated_at or generated_now()
        data = data if data is not None else document_to_json(document)
        context: dict[str, Any] = {
            "doc": document,
            "kind": document.kind.value,
            "kind_label": document.kind.label,
            "technology": document.technology,
            "institution": document.institution,
            "edition_title": EDITION_TITLES.get(document.edition, document.edition),
            "catalog_no": document.catalog_no,
            "document_no": document.document_no,
            "generated": generated.strftime("%Y-%m-%d %H:%M"),
            "generated_iso": generated.isoformat(timespec="seconds"),
            "fonts": self.fonts,
            "roles": ROLES,
            "signed": signed,
            "sections": [*document.sections, *self.plugin_sections(document, data)],
            "Level": Level,
            "version": _version(),
        }
        if isinstance(document, CaseDocument):
            context["form_sections"] = self.form_sections(document)
        elif isinstance(document, RegistrationDocument):
            context["institution_findings"] = [
                f for f in document.findings if f.level is Level.INSTITUTION
            ]
            context["personnel_findings"] = [
                f for f in document.findings if f.level is not Level.INSTITUTION
            ]
            context["counts"] = _count(f.outcome for f in document.findings)
        elif isinstance(document, ReportDocument):
            context["charts"] = {
                result.id: trend_chart_svg(
                    result.trend,
                    unit=result.unit,
                    threshold=result.threshold,
                    title=result.name,
                    font_family=self.fonts.sans,
                )
                for result in document.indicators
            }
        template = self.env.get_template(f"{document.kind.value}.html.j2")
        return template.render(context)

    # -- the whole -----------------------------------------------------------

    def render(
        self,
        document: Document,
        *,
        pdfa: bool = False,
        generated_at: datetime | None = None,
        attach_data: bool = True,
        signed: bool = False,
    ) -> RenderedDocument:
        """Render ``document`` to an unsigned PDF with empty signature fields.

        :param pdfa: produce PDF/A-3b (archival; the JSON attachment is allowed
            in PDF/A-3). Signing appends an incremental update, which PDF/A permits.
        :param generated_at: the generation time printed in the footer (now).
        :param attach_data: embed the document's JSON data.
        :param signed: it is to be signed electronically (else no note says it is).
        """
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        generated = generated_at or generated_now()
        data = document_to_json(document)
        html = self.html(document, generated_at=generated, data=data, signed=signed)
        check_coverage(html, self.fonts)

        if self._font_config is None:
            self._font_config = FontConfiguration()
            # Templates are self-contained: nothing may be fetched but data: URLs.
            self._fetcher = URLFetcher(allowed_protocols=["data"])
            _warn_without_harfbuzz_subset()
        data = data | {
            "generated_at": generated.isoformat(timespec="seconds"),
            "generator": f"rtech {_version()}",
        }
        attachments = []
        if attach_data:
            payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
            attachments.append(
                weasyprint.Attachment(
                    file_obj=io.BytesIO(payload),
                    name=ATTACHMENT_NAME,
                    description=f"{document.kind.label}数据（{document.document_no}）",
                    created=generated,
                    modified=generated,
                    relationship="Data",
                )
            )
        page_set = weasyprint.HTML(
            string=html, base_url=str(_TEMPLATES), url_fetcher=self._fetcher
        ).render(font_config=self._font_config)
        slots = _slots(page_set.pages)
        options: dict[str, Any] = {"attachments": attachments}
        if pdfa:
            options["pdf_variant"] = "pdf/a-3b"
        pdf = page_set.write_pdf(finisher=_signature_fields(slots), **options)
        return RenderedDocument(
            pdf=pdf,
            document_no=document.document_no,
            kind=document.kind.value,
            pages=len(page_set.pages),
            slots=slots,
            data=data,
        )


def render_document(
    document: Document,
    *,
    pdfa: bool = False,
    generated_at: datetime | None = None,
    fonts: FontSet | None = None,
    host: Host | None = None,
    signed: bool = False,
) -> RenderedDocument:
    """Render one document (see :meth:`Renderer.render`)."""
    return Renderer(fonts=fonts, host=host).render(
        document, pdfa=pdfa, generated_at=generated_at, signed=signed
    )


def _checked_section(raw: Any, slug: str) -> Section:
    problem = f"技术“{slug}”的插件为备案文书添加的内容格式不正确"
    if not isinstance(raw, Mapping):
        raise FilingError(f"{problem}：每一节应为含 title 和 rows 的对象。")
    title, rows = raw.get("title"), raw.get("rows")
    if not isinstance(title, str) or not title.strip():
        raise FilingError(f"{problem}：缺少标题（title）。")
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise FilingError(f"{problem}：“{title}”的 rows 应为列表。")
    checked = []
    for row in rows:
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != 2:
            raise FilingError(f"{problem}：“{title}”的每一行应为 [标签, 内容]。")
        checked.append((str(row[0]), "" if row[1] is None else str(row[1])))
    return Section(title, tuple(checked))


def _slots(pages: Sequence[Any]) -> tuple[SignatureSlot, ...]:
    """The signature boxes, located through the pages' anchors (element ids)."""
    found: list[SignatureSlot] = []
    for role in ROLES:
        for index, page in enumerate(pages):
            box = page.anchors.get(role.slot_id)
            if box is None:
                continue
            x1, y1, x2, y2 = box
            height = page.height
            found.append(
                SignatureSlot(
                    role.field_name,
                    role.meaning,
                    index,
                    (
                        round(x1 * _PX_TO_PT, 2),
                        round((height - y2) * _PX_TO_PT, 2),
                        round(x2 * _PX_TO_PT, 2),
                        round((height - y1) * _PX_TO_PT, 2),
                    ),
                )
            )
            break
    if len(found) != len(ROLES):
        raise FilingError("文书模板缺少签章区，无法生成签名域。")
    return tuple(found)


def _signature_fields(slots: Sequence[SignatureSlot]) -> Any:
    """A WeasyPrint finisher adding an empty signature field over each slot.

    Written with the rest of the file (one revision, no pyHanko involved): a
    widget per field, with an empty appearance stream (PDF/A wants one on every
    widget), and the AcroForm listing them. Signing fills them in.
    """
    import pydyf

    labels = {role.field_name: role.signer_label for role in ROLES}

    def finish(_document: Any, pdf: Any) -> None:
        kids = pdf.pages["Kids"][::3]
        form = pdf.catalog.get("AcroForm")
        if form is None:
            form = pydyf.Dictionary({"Fields": pydyf.Array()})
            pdf.catalog["AcroForm"] = form
        for slot in slots:
            page = pdf.objects[kids[slot.page]]
            x1, y1, x2, y2 = slot.box
            appearance = pydyf.Stream(
                [],
                extra={
                    "Type": "/XObject",
                    "Subtype": "/Form",
                    "BBox": pydyf.Array([0, 0, round(x2 - x1, 2), round(y2 - y1, 2)]),
                    "Resources": pydyf.Dictionary(),
                },
            )
            pdf.add_object(appearance)
            widget = pydyf.Dictionary(
                {
                    "Type": "/Annot",
                    "Subtype": "/Widget",
                    "FT": "/Sig",
                    "T": pydyf.String(slot.field_name),
                    "TU": pydyf.String(f"{labels[slot.field_name]}（签章）"),
                    "Rect": pydyf.Array([x1, y1, x2, y2]),
                    "F": 4,  # print
                    "P": page.reference,
                    "AP": pydyf.Dictionary({"N": appearance.reference}),
                }
            )
            pdf.add_object(widget)
            if "Annots" not in page:
                page["Annots"] = pydyf.Array()
            page["Annots"].append(widget.reference)
            form["Fields"].append(widget.reference)

    return finish


def _version() -> str:
    from rtech import __version__

    return __version__


_warned = False


def _warn_without_harfbuzz_subset() -> None:
    global _warned
    if _warned:
        return
    _warned = True
    try:
        from weasyprint.text.ffi import harfbuzz_subset
    except ImportError:  # pragma: no cover - internal module moved
        return
    if not harfbuzz_subset:
        log.warning(
            "HarfBuzz-Subset is not installed (Debian: libharfbuzz-subset0): WeasyPrint "
            "falls back to fontTools and rendering CJK filings is ~50x slower"
        )
