"""Filings: the documents sent to the health commission, rendered and signed.

Layers, each depending only on those above it (as in pyHanko):

``documents``   the document-data interfaces (plain dataclasses + their JSON)
``slots``       the signature roles every document reserves (填报 / 审核 / 批准)
``render_api``  what rendering produces (:class:`RenderedDocument`), no WeasyPrint
``fonts``       the CJK faces (fontconfig) and the glyph-coverage check (fontTools)
``formview``    a case's answers labelled and grouped by its JSON-Schema form
``charts``      SVG trend charts of the quality report
``render``      Jinja2 + WeasyPrint: data -> PDF with empty signature fields
``keys``        the institution's key: keygen (self-issued CA) / import (PKCS#12)
``settings``    the timestamp server (PAdES B-T)
``sign``        pyHanko signing with a visible Chinese appearance
``verify``      pyHanko validation with explicit trust roots
``extract``     reading a filing's attached JSON data back

Importing this package is cheap: WeasyPrint and pyHanko load with the modules
that need them. Storage never imports this package; this package never imports
storage or the UI.
"""

import warnings

from rtech.filing.documents import (
    CaseCount,
    CaseDocument,
    CodingEntry,
    DataError,
    Device,
    Document,
    DocumentKind,
    Finding,
    IndicatorResult,
    Institution,
    PatientIdentity,
    Physician,
    PhysicianAssessment,
    RegistrationDocument,
    ReportDocument,
    Section,
    Threshold,
    ThresholdVerdict,
    TrendPoint,
    document_from_json,
    document_to_json,
    mask_id_number,
)
from rtech.filing.render_api import ATTACHMENT_NAME, RenderedDocument, SignatureSlot
from rtech.filing.slots import MEANINGS, ROLES, SignatureRole

# pyHanko imports cryptography's DSA types, which cryptography marks deprecated:
# a warning about a library's internals that users of the CLI and the TUI must
# not see on their terminal (rtech never signs with DSA). pyHanko loads later,
# with the modules that need it, so the filter is in place by then.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko(\.|$)")

__all__ = [
    "ATTACHMENT_NAME",
    "MEANINGS",
    "ROLES",
    "CaseCount",
    "CaseDocument",
    "CodingEntry",
    "DataError",
    "Device",
    "Document",
    "DocumentKind",
    "Finding",
    "IndicatorResult",
    "Institution",
    "PatientIdentity",
    "Physician",
    "PhysicianAssessment",
    "RegistrationDocument",
    "RenderedDocument",
    "ReportDocument",
    "Section",
    "SignatureRole",
    "SignatureSlot",
    "Threshold",
    "ThresholdVerdict",
    "TrendPoint",
    "document_from_json",
    "document_to_json",
    "mask_id_number",
]
