"""``--institution``: an institution named by its code (or its number)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["institution_id_of"]


def institution_id_of(session: Session, text: str | None) -> int | None:
    """The id of the institution whose code is ``text`` (or whose number it is)."""
    from rtech.store import registry

    if text is None or not text.strip():
        return None
    wanted = text.strip()
    institutions = registry.list_institutions(session)
    for institution in institutions:
        if institution.code == wanted:
            return institution.id
    if wanted.isdigit():
        for institution in institutions:
            if institution.id == int(wanted):
                return institution.id
    known = "、".join(f"{i.code}（{i.name}）" for i in institutions) or "（尚未登记）"
    raise UserError(f"没有机构代码或编号为“{wanted}”的医疗机构。已登记：{known}")
