"""``--institution``: an institution named by its code (or its number)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtech.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["institution_id_of", "the_institution"]


def institution_id_of(session: Session, text: str | None) -> int | None:
    """The id of the institution whose code is ``text`` (or whose number it is)."""
    from rtech.store import registry

    if text is None or not text.strip():
        return None
    return registry.find_institution(session, text).id


def the_institution(session: Session, text: str | None) -> int:
    """``--institution`` when given, else the only institution registered."""
    from rtech.store import registry

    chosen = institution_id_of(session, text)
    if chosen is not None:
        return chosen
    institutions = registry.list_institutions(session)
    if len(institutions) == 1:
        return institutions[0].id
    if not institutions:
        raise UserError("尚未登记医疗机构。", hint="请先登记：rtech registry institution --plain")
    listed = "、".join(f"{i.name}（{i.code}）" for i in institutions)
    raise UserError(f"已登记多个医疗机构：{listed}。", hint="请用 --institution 指定机构代码。")
