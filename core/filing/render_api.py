"""What rendering produces, without the renderer (no WeasyPrint import).

The signing, verification and extraction layers depend on these types and
names only; :mod:`rtech.filing.render` implements them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["ATTACHMENT_NAME", "RenderedDocument", "SignatureSlot"]

#: The name of the JSON attachment every filing carries.
ATTACHMENT_NAME: Final = "rtech-document.json"


@dataclass(frozen=True, slots=True)
class SignatureSlot:
    """Where a role signs: page index and box in PDF points (x1, y1, x2, y2)."""

    field_name: str
    meaning: str
    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A rendered, unsigned filing."""

    pdf: bytes
    document_no: str
    kind: str
    pages: int
    slots: tuple[SignatureSlot, ...]
    data: Mapping[str, Any] = field(repr=False)

    @property
    def filename(self) -> str:
        return f"{self.document_no}.pdf"
