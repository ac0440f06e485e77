"""Institutions and the physician registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.store import audit
from rtech.store.models import Department, Institution, Physician
from rtech.store.users import require

__all__ = [
    "TITLES",
    "ConcurrentEditError",
    "create_institution",
    "create_physician",
    "get_institution",
    "get_physician",
    "list_institutions",
    "list_physicians",
    "lock_registry",
    "update_institution_profile",
    "update_physician",
]

#: 专业技术职务任职资格, lowest first (forms/physician.schema.json).
TITLES: dict[str, str] = {
    "resident": "住院医师",
    "attending": "主治医师",
    "associate_chief": "副主任医师",
    "chief": "主任医师",
}


class ConcurrentEditError(UserError):
    """Somebody saved the same record since it was opened: the save is refused."""

    def __init__(self, what: str, current: int | None, expected: int) -> None:
        shown = (
            "已被删除"
            if current is None
            else f"已被他人修改（当前版本 {current}，您打开时为 {expected}）"
        )
        super().__init__(
            f"{what}{shown}，您的这次修改未保存，以免覆盖他人的修改。",
            hint="请重新打开后再修改；您输入的内容仍显示在屏幕上，可复制后重新填写。",
        )
        self.current = current
        self.expected = expected


#: The PostgreSQL advisory lock that serialises registry imports (any fixed number).
_REGISTRY_LOCK = 0x72746563_68726567  # "rtechreg"


def lock_registry(session: Session) -> None:
    """Wait until no other transaction is changing the registry, for the rest of this one.

    Find-or-create of institutions and physicians then never races (two
    transactions both inserting one institution code). SQLite needs nothing:
    its write transactions begin IMMEDIATE, one at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_REGISTRY_LOCK)))


def create_institution(
    session: Session,
    *,
    name: str,
    code: str,
    actor: str,
    profile: Mapping[str, Any] | None = None,
    departments: Sequence[Mapping[str, Any]] = (),
) -> Institution:
    lock_registry(session)
    require(session, Action.INSTITUTION_CREATE, entity="institution", entity_id=code)
    if session.scalar(select(Institution.id).where(Institution.code == code)) is not None:
        raise UserError(f"机构代码“{code}”已登记，不能重复登记。")
    institution = Institution(name=name, code=code, profile=dict(profile or {}), version=1)
    session.add(institution)
    session.flush()
    for item in departments:
        session.add(
            Department(
                institution_id=institution.id,
                name=str(item["name"]),
                beds=item.get("beds"),
                since_year=item.get("since_year"),
            )
        )
    audit.append(
        session,
        actor=actor,
        action="institution.create",
        entity="institution",
        entity_id=institution.id,
        payload={
            "name": name,
            "code": code,
            "profile": institution.profile,
            "departments": [dict(d) for d in departments],
        },
    )
    session.flush()
    return institution


def get_institution(session: Session, institution_id: int) -> Institution:
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise UserError(f"没有编号为 {institution_id} 的医疗机构。")
    return institution


def list_institutions(session: Session) -> list[Institution]:
    return list(session.scalars(select(Institution).order_by(Institution.id)))


def find_institution(session: Session, text: str) -> Institution:
    """The institution named on the command line: by its code, or by its number
    when no institution has that text as its code and the number names one."""
    wanted = text.strip()
    institutions = list_institutions(session)
    by_code = [i for i in institutions if i.code == wanted]
    by_id = [i for i in institutions if wanted.isdigit() and i.id == int(wanted)]
    if by_code and by_id and by_code[0].id != by_id[0].id:
        raise UserError(
            f"“{wanted}”既是{by_code[0].name}的机构代码，又是{by_id[0].name}的编号。",
            hint=f"请改用{by_id[0].name}的机构代码 {by_id[0].code}。",
        )
    if by_code:
        return by_code[0]
    if by_id:
        return by_id[0]
    known = "、".join(f"{i.code}（{i.name}）" for i in institutions) or "（尚未登记）"
    raise UserError(f"没有机构代码或编号为“{wanted}”的医疗机构。已登记：{known}")


def update_institution_profile(
    session: Session,
    institution_id: int,
    *,
    expected_version: int,
    profile: Mapping[str, Any],
    actor: str,
    reason: str = "",
) -> int:
    """Replace the profile if nobody changed it since ``expected_version``."""
    before = get_institution(session, institution_id)
    require(session, Action.REGISTRY_WRITE, institution_id=institution_id, entity="institution")
    old = dict(before.profile)
    result = session.execute(
        update(Institution)
        .where(Institution.id == institution_id, Institution.version == expected_version)
        .values(profile=dict(profile), version=Institution.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(before)
        raise ConcurrentEditError("医疗机构档案", before.version, expected_version)
    audit.append(
        session,
        actor=actor,
        action="institution.update",
        entity="institution",
        entity_id=institution_id,
        payload={"before": old, "after": dict(profile), "reason": reason},
    )
    session.expire(before)
    return expected_version + 1


def create_physician(
    session: Session,
    *,
    institution_id: int,
    name: str,
    title: str,
    actor: str,
    clinical_since: int | None = None,
    registered_here: bool = True,
    licence_no: str | None = None,
    department: str | None = None,
    profile: Mapping[str, Any] | None = None,
) -> Physician:
    get_institution(session, institution_id)
    require(session, Action.REGISTRY_WRITE, institution_id=institution_id, entity="institution")
    if title not in TITLES:
        raise UserError(f"职称“{title}”无效，应为：{'、'.join(TITLES.values())}。")
    department_id = None
    if department:
        found = session.scalar(
            select(Department).where(
                Department.institution_id == institution_id, Department.name == department
            )
        )
        if found is None:
            found = Department(institution_id=institution_id, name=department)
            session.add(found)
            session.flush()
        department_id = found.id
    physician = Physician(
        institution_id=institution_id,
        department_id=department_id,
        name=name,
        title=title,
        clinical_since=clinical_since,
        registered_here=registered_here,
        licence_no=licence_no,
        profile=dict(profile or {}),
        active=True,
        version=1,
    )
    session.add(physician)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="physician.create",
        entity="physician",
        entity_id=physician.id,
        payload={
            "name": name,
            "title": title,
            "clinical_since": clinical_since,
            "registered_here": registered_here,
            "licence_no": licence_no,
            "department": department,
            "profile": physician.profile,
        },
    )
    return physician


def get_physician(session: Session, physician_id: int) -> Physician:
    physician = session.get(Physician, physician_id)
    if physician is None:
        raise UserError(f"没有编号为 {physician_id} 的医师。")
    return physician


def list_physicians(
    session: Session, institution_id: int | None = None, *, active_only: bool = True
) -> list[Physician]:
    query = select(Physician).order_by(Physician.id)
    if institution_id is not None:
        query = query.where(Physician.institution_id == institution_id)
    if active_only:
        query = query.where(Physician.active.is_(True))
    return list(session.scalars(query))


_PHYSICIAN_FIELDS = (
    "name",
    "title",
    "clinical_since",
    "registered_here",
    "licence_no",
    "active",
    "profile",
)


def update_physician(
    session: Session,
    physician_id: int,
    *,
    expected_version: int,
    changes: Mapping[str, Any],
    actor: str,
    reason: str = "",
) -> int:
    """Change some fields of a physician if nobody changed them since ``expected_version``."""
    require(
        session,
        Action.REGISTRY_WRITE,
        institution_id=get_physician(session, physician_id).institution_id,
        entity="physician",
        entity_id=physician_id,
    )
    unknown = set(changes) - set(_PHYSICIAN_FIELDS)
    if unknown:
        raise ValueError(f"not physician fields: {sorted(unknown)}")
    if "title" in changes and changes["title"] not in TITLES:
        raise UserError(f"职称“{changes['title']}”无效，应为：{'、'.join(TITLES.values())}。")
    before = get_physician(session, physician_id)
    old = {k: getattr(before, k) for k in changes}
    result = session.execute(
        update(Physician)
        .where(Physician.id == physician_id, Physician.version == expected_version)
        .values(**dict(changes), version=Physician.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(before)
        raise ConcurrentEditError(f"医师“{before.name}”的档案", before.version, expected_version)
    audit.append(
        session,
        actor=actor,
        action="physician.update",
        entity="physician",
        entity_id=physician_id,
        payload={"before": old, "after": dict(changes), "reason": reason},
    )
    session.expire(before)
    return expected_version + 1
