"""The signature slots every filing reserves: who signs, and what the signature means.

Each document ends with three boxes, 填报人 / 审核人 / 批准人（签章）. The renderer
turns them into empty PDF signature fields (named below) so that rtech, or any
PDF signing tool, signs into them; the signature's meaning (``/Reason``) is the
role's verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from rtech.errors import UserError

__all__ = ["MEANINGS", "ROLES", "SignatureRole", "role_for"]


@dataclass(frozen=True, slots=True)
class SignatureRole:
    """``meaning`` 审核 -> field ``rtech-reviewer``, box labelled 审核人（签章）."""

    meaning: str
    field_name: str
    signer_label: str

    @property
    def slot_id(self) -> str:
        """The id of the slot's box in the HTML templates."""
        return f"slot-{self.field_name}"


ROLES: Final[tuple[SignatureRole, ...]] = (
    SignatureRole("填报", "rtech-reporter", "填报人"),
    SignatureRole("审核", "rtech-reviewer", "审核人"),
    SignatureRole("批准", "rtech-approver", "批准人"),
)

MEANINGS: Final[tuple[str, ...]] = tuple(r.meaning for r in ROLES)


def role_for(meaning: str) -> SignatureRole:
    for role in ROLES:
        if role.meaning == meaning:
            return role
    raise UserError(f"签名含义“{meaning}”无效，应为 {'、'.join(MEANINGS)} 之一。")
