"""Users, passwords, login tokens and the one permission check (issue 18).

Passwords are hashed with scrypt (``hashlib.scrypt``: N=2**15, r=8, p=1, a
16-byte salt, 32-byte key; RFC 7914), compared in constant time. A login is a
random token whose SHA-256 is stored with an expiry; the token itself lives in
the user's data directory (``sessions.json``, mode 0600), one per database.

Every core service calls :func:`require` with the action it is about to do (and
the institution it touches); the principal comes from the session
(``Store.read()``/``Store.write()`` put it there). Which principal a front end
acts as is decided by :func:`resolve_principal`:

1. a valid login token for this database -> that user;
2. otherwise, when the site has turned the operating-system mapping on
   (:func:`set_os_login`, off by default), the active user mapped to this
   process's operating-system account -> that user, without a password. The
   account is the effective uid's (``pwd``), never ``$USER`` or ``$LOGNAME``,
   which anyone can set; each process writes one ``user.os_login`` entry;
3. otherwise, if the database has users of its own -> refused ("请先登录");
4. a database holding only demo data and demo users -> its demo administrator;
5. a database with no users at all (a new installation) -> the installer, the
   operating-system account, with every role, until ``rtech users add`` creates
   the first administrator.

A principal is read once, when a front end opens the store; a long-running one
(the TUI) would go on acting for a user who has since been disabled. So every
write transaction checks the principal again first (:func:`check_principal`,
one query by primary keys): a disabled account, a revoked or an expired login,
an operating-system mapping turned off or changed ends the session with
:class:`SessionEnded` (a Chinese reason, audited as a denial) and nothing is
written.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.orm import Session

from rtech.auth.roles import (
    ACTION_LABELS,
    CROSS_INSTITUTION,
    ROLE_LABELS,
    SYSTEM,
    Action,
    PermissionDenied,
    Principal,
    Role,
    parse_role,
)
from rtech.errors import UserError
from rtech.paths import data_dir
from rtech.store import audit
from rtech.store.models import Institution, Setting, SigningKeyBinding, User, UserToken
from rtech.store.settings import get_setting, set_setting

__all__ = [
    "DEMO_ADMIN",
    "DEMO_INSTITUTION_CODE",
    "DEMO_PASSWORD",
    "MIN_PASSWORD",
    "OS_LOGIN_SETTING",
    "SESSION_HOURS",
    "SessionEnded",
    "UserInfo",
    "add_user",
    "authenticate",
    "authorize_key",
    "bind_signing_key",
    "change_password",
    "check_principal",
    "database_key",
    "disable_user",
    "enable_user",
    "grantable_roles",
    "has_users",
    "hash_password",
    "list_users",
    "login",
    "logout",
    "may_see_identities",
    "os_account_name",
    "os_login_enabled",
    "os_login_status",
    "principal_of",
    "require",
    "require_institution",
    "resolve_principal",
    "scope_institutions",
    "sessions_file",
    "set_os_account",
    "set_os_login",
    "signing_institution",
    "update_user",
    "verify_password",
]

MIN_PASSWORD: Final = 8
#: How long a login lasts unless ``rtech login --hours`` says otherwise.
SESSION_HOURS: Final = 8
MAX_SESSION_HOURS: Final = 24 * 7
#: The demo administrator of a demo database, and the demo users' password.
DEMO_ADMIN: Final = "demo-admin"
DEMO_PASSWORD: Final = "rtech-demo"
#: The institution code of ``rtech demo``'s hospital.
DEMO_INSTITUTION_CODE: Final = "DEMO-0001"

_SCRYPT_N: Final = 2**15
_SCRYPT_R: Final = 8
_SCRYPT_P: Final = 1
_SCRYPT_MAXMEM: Final = 64 * 1024 * 1024
_LOGIN_CHARS: Final = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
#: The setting that lets operating-system accounts act as their mapped users.
OS_LOGIN_SETTING: Final = "users.os_login"
OS_ACCOUNT_MAX: Final = 64


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- passwords ---------------------------------------------------------------


def hash_password(password: str, *, n: int = _SCRYPT_N) -> str:
    """``scrypt$N$r$p$salt$key`` (base64): the salt is random, the key 32 bytes."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${n}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少需要 {MIN_PASSWORD} 个字符。")
    if password.strip() != password or any(ord(c) < 32 for c in password):
        raise UserError("密码不能以空格开头或结尾，也不能含控制字符。")


# --- principals ----------------------------------------------------------------


def _roles(text: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in text.split(",") if part)


def _institutions(text: str) -> frozenset[int] | None:
    if text.strip() == "*":
        return None
    return frozenset(int(part) for part in text.split(",") if part.strip())


def principal_for(user: User) -> Principal:
    return Principal(
        login=user.login,
        name=user.name,
        roles=_roles(user.roles),
        institution_ids=_institutions(user.institutions),
        user_id=user.id,
        demo=user.demo,
    )


def principal_of(session: Session) -> Principal:
    """The principal acting in ``session`` (:data:`SYSTEM` for internal callers)."""
    principal = session.info.get("principal")
    return principal if isinstance(principal, Principal) else SYSTEM


def _denied(principal: Principal, action: Action, message: str, **where: Any) -> PermissionDenied:
    return PermissionDenied(
        message,
        action=action.value,
        actor=principal.label,
        entity=str(where.get("entity", "")),
        entity_id=where.get("entity_id", ""),
        hint=str(where.get("hint") or ""),
    )


def require(
    session: Session,
    action: Action,
    *,
    institution_id: int | None = None,
    entity: str = "",
    entity_id: str | int = "",
) -> Principal:
    """The acting principal, if it may do ``action`` (at ``institution_id``).

    A refusal raises :class:`PermissionDenied` (a Chinese message naming the
    user, their roles and what was refused); the store audits it.
    """
    principal = principal_of(session)
    if not principal.can(action):
        raise _denied(
            principal,
            action,
            f"用户 {principal.label}（角色：{principal.roles_text()}）"
            f"无权{ACTION_LABELS[action]}。",
            entity=entity,
            entity_id=entity_id,
            hint="如需此权限，请联系本机构管理员调整角色。",
        )
    if institution_id is not None and not principal.sees(institution_id):
        institution = session.get(Institution, institution_id)
        named = f"{institution.name}（{institution.code}）" if institution else f"{institution_id}"
        raise _denied(
            principal,
            action,
            f"用户 {principal.label} 不属于医疗机构 {named}，无权{ACTION_LABELS[action]}"
            f"（{entity_text(entity, entity_id)}）。",
            entity=entity or "institution",
            entity_id=entity_id or institution_id,
        )
    return principal


def entity_text(entity: str, entity_id: str | int) -> str:
    names = {"case": "病例", "institution": "机构", "user": "用户"}
    return f"{names.get(entity, entity or '对象')} {entity_id}".strip()


def require_institution(session: Session, action: Action, institution_id: int) -> Principal:
    return require(session, action, institution_id=institution_id)


def may_see_identities(session: Session) -> bool:
    """Whether lists show the acting principal patients' names unmasked (roles
    that record or administer cases); the others see 张*杰."""
    return principal_of(session).can(Action.CASE_UNMASK)


def scope_institutions(session: Session) -> frozenset[int] | None:
    """The institutions the acting principal may see (None: all of them)."""
    return principal_of(session).institution_ids


# --- users -----------------------------------------------------------------------


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    name: str
    roles: tuple[str, ...]
    institutions: tuple[str, ...]  # institution codes, or ("*",)
    department: str
    active: bool
    demo: bool
    #: the operating-system account mapped to this user (None: none)
    os_account: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "roles": list(self.roles),
            "institutions": list(self.institutions),
            "department": self.department,
            "active": self.active,
            "demo": self.demo,
            "os_account": self.os_account,
        }


def _info(session: Session, user: User) -> UserInfo:
    scope = _institutions(user.institutions)
    if scope is None:
        codes: tuple[str, ...] = ("*",)
    else:
        rows = session.execute(
            select(Institution.id, Institution.code).where(Institution.id.in_(sorted(scope)))
        ).all()
        found = dict(rows)
        codes = tuple(found.get(i, str(i)) for i in sorted(scope))
    return UserInfo(
        id=user.id,
        login=user.login,
        name=user.name,
        roles=tuple(r.value for r in Role if r in _roles(user.roles)),
        institutions=codes,
        department=user.department,
        active=user.active,
        demo=user.demo,
        os_account=user.os_account,
    )


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def _check_login(login: str) -> str:
    value = login.strip().lower()
    if not value or len(value) > 64 or not set(value) <= _LOGIN_CHARS:
        raise UserError(f"登录名“{login}”无效：只能用小写英文字母、数字和 . _ -，最长 64 个字符。")
    return value


def _institution_ids(session: Session, codes: Sequence[str]) -> str:
    if any(code.strip() == "*" for code in codes):
        return "*"
    ids = []
    for code in codes:
        institution = session.scalar(select(Institution).where(Institution.code == code.strip()))
        if institution is None and code.strip().isdigit():
            institution = session.get(Institution, int(code))
        if institution is None:
            raise UserError(
                f"没有机构代码为“{code}”的医疗机构。", hint="请先登记：rtech registry institution"
            )
        ids.append(institution.id)
    return ",".join(str(i) for i in sorted(set(ids)))


def _scope(roles: frozenset[Role], scope: str) -> str:
    """The stored institutions of a user with ``roles``: none given is every
    institution for cross-institution roles only; every institution (``*``) needs
    a role that works across institutions (a clinician belongs to hospitals)."""
    cross = bool(roles & CROSS_INSTITUTION)
    if scope == "" and not roles <= CROSS_INSTITUTION:
        raise UserError(
            "请指定该用户所属的医疗机构（可多个；全部机构仅限省级审核与系统管理员）。",
            hint="命令行：--institution 机构代码（可多次；* 表示全部机构）",
        )
    if scope == "*" and not cross:
        raise UserError(
            "全部机构（*）仅限省级审核与系统管理员；请指定该用户所属的医疗机构。",
            hint="命令行：--institution 机构代码（可多次）",
        )
    return scope or "*"


def add_user(
    session: Session,
    *,
    login: str,
    name: str,
    roles: Iterable[str | Role],
    institutions: Sequence[str] = (),
    department: str = "",
    password: str | None,
    demo: bool = False,
    os_account: str | None = None,
) -> UserInfo:
    """A new user. The first user of a database may be created by anyone (it is the
    first administrator); later ones need the right to manage users (of the
    institutions given, or of every institution for cross-institution roles).
    A user mapped to an operating-system account (``os_account``) may have no
    password: they act as themselves only where the site turns the mapping on."""
    login = _check_login(login)
    name = name.strip()
    if not name or len(name) > 50:
        raise UserError("姓名不能为空，最长 50 个字符。")
    parsed = frozenset(r if isinstance(r, Role) else parse_role(r) for r in roles)
    if not parsed:
        raise UserError("请至少指定一个角色。", hint="命令行：--role 角色（可多次）")
    if principal_of(session).setup and Role.SYSTEM_ADMIN not in parsed and not has_users(session):
        raise UserError(
            "数据库的第一个用户须为系统管理员，否则无人能管理用户。",
            hint="请用 --admin（全部角色）或 --role system_admin 添加第一个用户。",
        )
    scope = _scope(parsed, _institution_ids(session, institutions))
    first = not has_users(session)
    principal = principal_of(session)
    if not first:
        _may_manage(session, principal, parsed, _institutions(scope), entity_id=login)
    if session.scalar(select(User.id).where(User.login == login)):
        raise UserError(f"登录名“{login}”已被使用。")
    if os_account is not None:
        os_account = _check_os_account(session, os_account, login)
    if password is None:
        if demo:
            stored = hash_password(DEMO_PASSWORD, n=2**14)
        elif os_account is not None and has_users(session):
            stored = ""  # no password login until one is set (rtech users passwd)
        elif os_account is not None:
            raise UserError(
                "数据库的第一位管理员须设密码：操作系统账户登录默认关闭，"
                "没有密码将无人能登录管理。",
                hint="请同时给出 --password-file 文件。",
            )
        else:
            raise UserError("请设置密码（--password-file 或交互输入）。")
    else:
        _check_password(password)
        stored = hash_password(password)
    user = User(
        login=login,
        name=name,
        roles=",".join(r.value for r in Role if r in parsed),
        institutions=scope,
        department=department.strip()[:100],
        password_hash=stored,
        active=True,
        demo=demo,
        created_by=principal.label,
        created_at=_now(),
        password_changed_at=_now() if stored else None,
        os_account=os_account,
    )
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor=principal.label,
        action="user.add",
        entity="user",
        entity_id=login,
        payload={
            "name": name,
            "roles": user.roles,
            "institutions": scope,
            "department": user.department,
            "first_administrator": first,
            **({"os_account": os_account} if os_account is not None else {}),
        },
    )
    return _info(session, user)


def grantable_roles(principal: Principal) -> frozenset[Role]:
    """The roles ``principal`` may give (or manage) a user: every role with the
    right to manage all users; with the right to manage their institution's, the
    roles that stay inside an institution; else none. A front end offers these."""
    if principal.can(Action.USERS_ALL):
        return frozenset(Role)
    if principal.can(Action.USERS_INSTITUTION):
        return frozenset(Role) - CROSS_INSTITUTION
    return frozenset()


def _may_manage(
    session: Session,
    principal: Principal,
    roles: frozenset[Role],
    scope: frozenset[int] | None,
    *,
    entity_id: str,
) -> None:
    if principal.can(Action.USERS_ALL):
        return
    require(session, Action.USERS_INSTITUTION, entity="user", entity_id=entity_id)
    if scope is None or not roles <= grantable_roles(principal) or not principal.sees_all(scope):
        raise _denied(
            principal,
            Action.USERS_ALL,
            f"用户 {principal.label} 只能管理本机构的用户，无权授予跨机构角色"
            "（省级审核、系统管理员）或其他机构的用户权限。",
            entity="user",
            entity_id=entity_id,
        )


def _get(session: Session, login: str) -> User:
    user = session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None:
        raise UserError(f"没有登录名为“{login}”的用户。")
    return user


def list_users(session: Session) -> list[UserInfo]:
    """The users the acting principal may see: all for cross-institution roles,
    else those sharing one of its institutions."""
    principal = principal_of(session)
    users = session.scalars(select(User).order_by(User.id)).all()
    shown = []
    for user in users:
        scope = _institutions(user.institutions)
        if principal.all_institutions or (
            scope is not None and principal.institution_ids and scope & principal.institution_ids
        ):
            shown.append(_info(session, user))
    return shown


def disable_user(session: Session, login: str) -> UserInfo:
    user = _get(session, login)
    principal = principal_of(session)
    _may_manage(
        session, principal, _roles(user.roles), _institutions(user.institutions), entity_id=login
    )
    if user.login == principal.login:
        raise UserError("不能停用自己的账号。")
    user.active = False
    _end_logins(session, user)
    audit.append(
        session, actor=principal.label, action="user.disable", entity="user", entity_id=user.login
    )
    session.flush()
    return _info(session, user)


def enable_user(session: Session, login: str) -> UserInfo:
    """Re-enable a disabled user (they log in again; their old logins stay revoked)."""
    user = _get(session, login)
    principal = principal_of(session)
    _may_manage(
        session, principal, _roles(user.roles), _institutions(user.institutions), entity_id=login
    )
    if user.active:
        raise UserError(f"用户 {user.login} 未停用，无需启用。")
    user.active = True
    audit.append(
        session, actor=principal.label, action="user.enable", entity="user", entity_id=user.login
    )
    session.flush()
    return _info(session, user)


def update_user(
    session: Session,
    login: str,
    *,
    name: str | None = None,
    roles: Iterable[str | Role] | None = None,
    institutions: Sequence[str] | None = None,
    department: str | None = None,
) -> UserInfo:
    """Change a user's name, roles, institutions or department (``None``: kept).

    The administrator must be allowed to manage the user both as they are and as
    they will be. A change of roles or institutions ends the user's logins: what a
    user may do is read when they log in, so they log in again under the new rights.
    The last active system administrator keeps that role (someone must manage users).
    """
    user = _get(session, login)
    principal = principal_of(session)
    old_roles, old_scope = _roles(user.roles), user.institutions
    _may_manage(session, principal, old_roles, _institutions(old_scope), entity_id=user.login)
    new_roles = (
        old_roles
        if roles is None
        else frozenset(r if isinstance(r, Role) else parse_role(r) for r in roles)
    )
    if not new_roles:
        raise UserError("请至少保留一个角色。", hint="命令行：--role 角色（可多次）")
    scope = _scope(
        new_roles, old_scope if institutions is None else _institution_ids(session, institutions)
    )
    _may_manage(session, principal, new_roles, _institutions(scope), entity_id=user.login)
    new_name = user.name if name is None else name.strip()
    if not new_name or len(new_name) > 50:
        raise UserError("姓名不能为空，最长 50 个字符。")
    new_department = user.department if department is None else department.strip()[:100]
    if Role.SYSTEM_ADMIN in old_roles and Role.SYSTEM_ADMIN not in new_roles and user.active:
        others = [
            other
            for other in session.scalars(
                select(User).where(User.active.is_(True), User.id != user.id)
            )
            if Role.SYSTEM_ADMIN in _roles(other.roles)
        ]
        if not others:
            raise UserError(
                f"{user.name}（{user.login}）是唯一在用的系统管理员，不能移除其系统管理员角色"
                "（否则无人能管理用户与数据库）。",
                hint="请先添加另一位系统管理员。",
            )
    after = {
        "name": new_name,
        "roles": ",".join(r.value for r in Role if r in new_roles),
        "institutions": scope,
        "department": new_department,
    }
    before = {key: getattr(user, key) for key in after}
    changed = {key for key in after if after[key] != before[key]}
    if not changed:
        raise UserError(f"用户 {user.login} 的信息没有变化。")
    for key in changed:
        setattr(user, key, after[key])
    # Rights are read at login: a change of them ends the user's logins.
    ended = _end_logins(session, user) if changed & {"roles", "institutions"} else 0
    audit.append(
        session,
        actor=principal.label,
        action="user.update",
        entity="user",
        entity_id=user.login,
        payload={
            "before": {k: before[k] for k in sorted(changed)},
            "after": {k: after[k] for k in sorted(changed)},
            "logins_ended": ended,
        },
    )
    session.flush()
    return _info(session, user)


def _end_logins(session: Session, user: User) -> int:
    """Revoke every login of ``user`` still in force; how many."""
    now = _now()
    ended = 0
    for token in session.scalars(
        select(UserToken).where(UserToken.user_id == user.id, UserToken.revoked_at.is_(None))
    ):
        token.revoked_at = now
        ended += 1
    return ended


def change_password(session: Session, login: str, *, old: str | None, new: str) -> None:
    """A user changes their own password (``old`` needed); an administrator sets
    another user's, which ends that user's logins (a reset is often because the
    old password got out: whoever holds a login made with it must log in again)."""
    user = _get(session, login)
    principal = principal_of(session)
    own = user.login == principal.login and not principal.system
    if own:
        if old is None or not verify_password(old, user.password_hash):
            raise UserError("原密码不正确，密码未修改。")
    else:
        _may_manage(
            session,
            principal,
            _roles(user.roles),
            _institutions(user.institutions),
            entity_id=login,
        )
    _check_password(new)
    user.password_hash = hash_password(new)
    user.password_changed_at = _now()
    revoked = 0 if own else _end_logins(session, user)
    audit.append(
        session,
        actor=principal.label,
        action="user.passwd",
        entity="user",
        entity_id=user.login,
        payload={"logins_ended": revoked} if revoked else None,
    )
    session.flush()


# --- operating-system accounts ------------------------------------------------------


def os_account_name() -> str | None:
    """This process's operating-system account: the name of its effective uid.

    Never ``$USER`` or ``$LOGNAME`` (anyone can set them); None where the uid
    has no name (a container without a passwd entry) or there is no ``pwd``."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name or None
    except (ImportError, KeyError, OSError):
        return None


def os_login_enabled(session: Session) -> bool:
    """Whether the site lets operating-system accounts act as their mapped users."""
    return get_setting(session, OS_LOGIN_SETTING, False) is True


def set_os_login(session: Session, enabled: bool) -> bool:
    """Turn the operating-system mapping on or off (system administrators only,
    audited ``os_login.enable``/``os_login.disable``); whether it changed."""
    principal = require(session, Action.USERS_ALL, entity="setting", entity_id=OS_LOGIN_SETTING)
    if os_login_enabled(session) == enabled:
        return False
    if not enabled and not _password_admin(session):
        raise UserError(
            "关闭后将没有能用密码登录的系统管理员，无人能再管理用户，未关闭。",
            hint="请先为一位系统管理员设置密码：rtech users passwd 登录名",
        )
    set_setting(session, OS_LOGIN_SETTING, enabled, actor=principal.label, audited=False)
    mapped = session.scalar(
        select(func.count()).select_from(User).where(User.os_account.is_not(None))
    )
    audit.append(
        session,
        actor=principal.label,
        action="os_login.enable" if enabled else "os_login.disable",
        entity="setting",
        entity_id=OS_LOGIN_SETTING,
        payload={"mapped_users": int(mapped or 0)},
    )
    return True


def os_login_status(session: Session, account: str | None) -> tuple[bool, int, str | None]:
    """Whether the mapping is on, how many users are mapped, and the login mapped to
    ``account`` (None: nobody)."""
    mapped = session.scalar(
        select(func.count()).select_from(User).where(User.os_account.is_not(None))
    )
    mine = session.scalar(select(User.login).where(User.os_account == account)) if account else None
    return os_login_enabled(session), int(mapped or 0), mine


def _password_admin(session: Session) -> bool:
    """Whether an active system administrator can log in with a password."""
    admins = session.execute(
        select(User.roles).where(
            User.active.is_(True), User.demo.is_(False), User.password_hash != ""
        )
    ).scalars()
    return any(Role.SYSTEM_ADMIN in _roles(roles) for roles in admins)


def _check_os_account(session: Session, account: str, login: str) -> str:
    """``account`` as stored: a valid name no other user is mapped to."""
    name = account.strip()
    if (
        not name
        or len(name) > OS_ACCOUNT_MAX
        or any(c.isspace() or ord(c) < 32 or c in ":/" for c in name)
    ):
        raise UserError(
            f"操作系统账户名“{account}”无效：不能为空，不能含空白、冒号、斜杠或控制字符，"
            f"最长 {OS_ACCOUNT_MAX} 个字符。"
        )
    holder = session.scalar(select(User.login).where(User.os_account == name))
    if holder is not None and holder != login:
        raise UserError(
            f"操作系统账户 {name} 已对应用户 {holder}，一个操作系统账户只能对应一个用户。",
            hint=f"如需改由 {login} 使用，请先取消：rtech users os-account {holder} --clear",
        )
    return name


def set_os_account(session: Session, login: str, account: str | None) -> UserInfo:
    """Map ``login`` to the operating-system account ``account`` (None: no longer
    mapped). Who may reset the user's password may do it; audited ``user.os_account``.
    A session acting through the previous mapping ends at its next write."""
    user = _get(session, login)
    principal = principal_of(session)
    _may_manage(
        session, principal, _roles(user.roles), _institutions(user.institutions), entity_id=login
    )
    name = _check_os_account(session, account, user.login) if account is not None else None
    if name == user.os_account:
        raise UserError(
            f"用户 {user.login} 已对应操作系统账户 {name}，未修改。"
            if name
            else f"用户 {user.login} 没有对应的操作系统账户，无需取消。"
        )
    before, user.os_account = user.os_account, name
    session.flush()
    audit.append(
        session,
        actor=principal.label,
        action="user.os_account",
        entity="user",
        entity_id=user.login,
        payload={"before": before, "after": name},
    )
    return _info(session, user)


#: (database, user id) of the operating-system logins this process has recorded
_os_logins_recorded: set[tuple[str, int]] = set()
_os_logins_lock = threading.Lock()


def _from_os_account(session: Session) -> Principal | None:
    """The active user mapped to this process's operating-system account, when the
    site has turned the mapping on; a disabled one is refused."""
    if not os_login_enabled(session):
        return None
    account = os_account_name()
    if account is None:
        return None
    user = session.scalar(select(User).where(User.os_account == account))
    if user is None:
        return None
    if not user.active:
        raise UserError(
            f"用户 {user.login} 的账户已停用（操作系统账户 {account}）。",
            hint="如有疑问请联系本机构管理员；其他用户请登录：rtech login 登录名",
        )
    return replace(principal_for(user), os_account=account)


def _record_os_login(engine: Engine, principal: Principal) -> None:
    """``user.os_login`` in the audit log, once per process and database."""
    assert principal.user_id is not None
    key = (database_key(engine), principal.user_id)
    with _os_logins_lock:
        if key in _os_logins_recorded:
            return
        _os_logins_recorded.add(key)
    try:
        with Session(engine) as session, session.begin():
            audit.append(
                session,
                actor=principal.label,
                action="user.os_login",
                entity="user",
                entity_id=principal.login,
                payload={"os_account": principal.os_account, "uid": os.geteuid()},
            )
    except BaseException:
        with _os_logins_lock:
            _os_logins_recorded.discard(key)
        raise


# --- logging in ---------------------------------------------------------------------


def authenticate(session: Session, login: str, password: str) -> User:
    """The user whose login and password these are; a refusal is audited by the caller."""
    user = session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None or not verify_password(password, user.password_hash):
        if user is None:  # spend the same time as a real check
            verify_password(password, _DUMMY_HASH)
        raise UserError("登录名或密码不正确。")
    if not user.active:
        raise UserError(f"用户 {user.login} 已停用。")
    return user


_DUMMY_HASH: Final = (
    "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)


def database_key(engine: Engine) -> str:
    """A short key of ``engine``'s database (its URL without the password)."""
    rendered = engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(rendered.encode()).hexdigest()[:24]


def sessions_file() -> Path:
    return data_dir() / "sessions.json"


def _read_sessions() -> dict[str, Any]:
    path = sessions_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_sessions(data: dict[str, Any]) -> None:
    path = sessions_file()
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def login(
    engine: Engine, login_name: str, password: str, *, hours: float = SESSION_HOURS
) -> Principal:
    """Check the password, store a new token (expiring after ``hours``) and write it
    to the sessions file; a failure is audited (``user.login_failed``)."""
    if not 0 < hours <= MAX_SESSION_HOURS:
        raise UserError(f"登录时长应在 0～{MAX_SESSION_HOURS} 小时之间。")
    failure: UserError | None = None
    with Session(engine, expire_on_commit=False) as session, session.begin():
        try:
            user = authenticate(session, login_name, password)
        except UserError as refused:
            failure = refused
        else:
            token = secrets.token_urlsafe(32)
            now = _now()
            row = UserToken(
                user_id=user.id,
                token_sha256=hashlib.sha256(token.encode()).hexdigest(),
                created_at=now,
                expires_at=now + timedelta(hours=hours),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=principal_for(user).label,
                action="user.login",
                entity="user",
                entity_id=user.login,
                payload={"expires_at": (now + timedelta(hours=hours)).isoformat()},
            )
            principal = replace(principal_for(user), token_id=row.id)
    if failure is not None:
        with Session(engine) as session, session.begin():
            audit.append(
                session,
                actor=login_name.strip()[:100] or "?",
                action="user.login_failed",
                entity="user",
                entity_id=login_name.strip()[:50],
                payload={"reason": failure.message},
            )
        raise failure
    data = _read_sessions()
    data[database_key(engine)] = {"login": principal.login, "token": token}
    _write_sessions(data)
    return principal


def logout(engine: Engine) -> str | None:
    """Revoke this database's token and forget it; the login it belonged to."""
    data = _read_sessions()
    entry = data.pop(database_key(engine), None)
    if not isinstance(entry, dict):
        return None
    with Session(engine) as session, session.begin():
        token = session.scalar(
            select(UserToken).where(
                UserToken.token_sha256
                == hashlib.sha256(str(entry.get("token")).encode()).hexdigest()
            )
        )
        if token is not None and token.revoked_at is None:
            token.revoked_at = _now()
            audit.append(
                session,
                actor=str(entry.get("login")),
                action="user.logout",
                entity="user",
                entity_id=str(entry.get("login")),
            )
    _write_sessions(data)
    return str(entry.get("login"))


def _from_token(session: Session, entry: Any) -> Principal | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
        return None
    digest = hashlib.sha256(entry["token"].encode()).hexdigest()
    row = session.execute(
        select(UserToken, User)
        .join(User, User.id == UserToken.user_id)
        .where(UserToken.token_sha256 == digest)
    ).first()
    if row is None:
        return None
    token, user = row
    if not user.active:
        raise UserError(
            f"用户 {user.login} 的账户已停用。",
            hint="如有疑问请联系本机构管理员；其他用户请登录：rtech login 登录名",
        )
    if token.revoked_at is not None:
        return None
    if _aware(token.expires_at) <= _now():
        hint = f"请重新登录：rtech login {user.login}"
        try:
            mapped = _from_os_account(session)
        except UserError:  # mapped to a disabled user: nothing to return to
            mapped = None
        if mapped is not None:  # the login still wins until it is given up
            hint += f"；或退出登录（rtech logout），以操作系统账户对应的用户 {mapped.login} 操作"
        raise UserError(f"用户 {user.login} 的登录已过期。", hint=hint)
    return replace(principal_for(user), token_id=token.id)


class SessionEnded(PermissionDenied):
    """The acting user's account was disabled, or their login revoked or expired,
    since the front end read it: nothing is written (audited as a denial).

    ``reason`` is ``disabled``, ``revoked``, ``expired`` or ``unmapped`` (the
    operating-system mapping it acted through was turned off or changed);
    ``short`` the words a login screen shows (账户已停用 / 登录已注销 / 登录已过期 /
    操作系统账户登录已取消)."""

    SHORT: Final = {
        "disabled": "账户已停用",
        "revoked": "登录已注销",
        "expired": "登录已过期",
        "unmapped": "操作系统账户登录已取消",
    }

    def __init__(self, principal: Principal, reason: str) -> None:
        detail = {
            "disabled": "管理员已停用该账户",
            "revoked": "该登录已在其他终端退出，或密码、角色或机构已由管理员修改",
            "expired": "登录有效期已过",
            "unmapped": "管理员已关闭操作系统账户登录，或更改了该用户对应的操作系统账户",
        }[reason]
        super().__init__(
            f"{self.SHORT[reason]}：{principal.label}（{detail}），本次操作未执行。",
            action=f"session.{reason}",
            actor=principal.label,
            entity="user",
            entity_id=principal.login,
            hint="请重新登录后继续。" if reason != "disabled" else "请联系本机构管理员。",
        )
        self.reason = reason
        self.login = principal.login
        #: whose session ended: a front end ignores the news once someone else
        #: (or the same user with a new login) acts
        self.session = (principal.user_id, principal.token_id)

    @property
    def short(self) -> str:
        return self.SHORT[self.reason]


def check_principal(session: Session, principal: Principal) -> None:
    """Raise :class:`SessionEnded` unless ``principal`` (a user) is still active and
    its login (if it has one) neither revoked nor expired. One query on primary
    keys; the trusted caller and the installer have no user and pass. A user acting
    through their operating-system account also needs the mapping unchanged and
    still turned on."""
    if principal.user_id is None:
        return
    query = (
        select(User.active, UserToken.id, UserToken.revoked_at, UserToken.expires_at)
        .select_from(User)
        .outerjoin(
            UserToken, and_(UserToken.id == principal.token_id, UserToken.user_id == User.id)
        )
        .where(User.id == principal.user_id)
    )
    if principal.os_account is not None:
        query = query.add_columns(User.os_account, Setting.value.label("os_login")).outerjoin(
            Setting, Setting.key == OS_LOGIN_SETTING
        )
    row = session.execute(query).first()
    if row is None or not row.active:
        raise SessionEnded(principal, "disabled")
    if principal.os_account is not None and (
        row.os_account != principal.os_account or row.os_login is not True
    ):
        raise SessionEnded(principal, "unmapped")
    if principal.token_id is None:
        return
    if row.id is None or row.revoked_at is not None:
        raise SessionEnded(principal, "revoked")
    if _aware(row.expires_at) <= _now():
        raise SessionEnded(principal, "expired")


def _holds_only_demo_data(session: Session) -> bool:
    real = session.scalar(
        select(Institution.id).where(Institution.code != DEMO_INSTITUTION_CODE).limit(1)
    )
    return real is None


def _installer() -> Principal:
    try:
        name = getpass.getuser()[:60] or "rtech"
    except Exception:  # noqa: BLE001 - no login name (containers)
        name = "rtech"
    return Principal(login=name, name=name, roles=frozenset(Role), institution_ids=None, setup=True)


def resolve_principal(engine: Engine) -> Principal:
    """Whom a front end acts as on ``engine``'s database (see the module docstring)."""
    entry = _read_sessions().get(database_key(engine))
    with Session(engine) as session:
        principal = _from_token(session, entry)
        if principal is not None:
            return principal
        principal = _from_os_account(session)
        if principal is None:
            principal = _without_login(session)
    if principal.os_account is not None:
        _record_os_login(engine, principal)
    return principal


def _without_login(session: Session) -> Principal:
    """Whom a front end acts as without a login (see the module docstring, 3-5)."""
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    real = [u for u in users if not u.demo]
    if real:
        account = os_account_name() if os_login_enabled(session) else None
        raise UserError(
            "请先登录。"
            if account is None
            else f"请先登录（操作系统账户 {account} 未对应任何用户）。",
            hint="rtech login 登录名（脚本：rtech login 登录名 --password-file 文件）",
        )
    demo_admin = next((u for u in users if u.login == DEMO_ADMIN), None)
    if demo_admin is not None and _holds_only_demo_data(session):
        return principal_for(demo_admin)
    if users:
        raise UserError("请先登录。", hint="rtech login 登录名")
    return _installer()


ROLE_NAMES: Final = {role.value: label for role, label in ROLE_LABELS.items()}


# --- signing keys -------------------------------------------------------------------


def signing_institution(session: Session, code: str | None) -> int | None:
    """The institution a new signing key is for: ``code``, else the user's only
    institution, else the only institution registered (None: a new installation
    without institutions, whose key stays unbound until ``rtech sign keygen`` is
    run again by a user)."""
    principal = principal_of(session)
    if code:
        found = session.scalar(select(Institution).where(Institution.code == code.strip()))
        if found is None:
            raise UserError(f"没有机构代码为“{code}”的医疗机构。")
        return found.id
    scope = principal.institution_ids
    if scope is not None and len(scope) == 1:
        return next(iter(scope))
    ids = list(session.scalars(select(Institution.id)))
    if len(ids) == 1:
        return ids[0]
    if not ids and (principal.setup or principal.system):
        return None
    if not ids:
        raise UserError(
            "尚未登记医疗机构，签名密钥无法绑定。", hint="请先登记：rtech registry institution"
        )
    raise UserError(
        "签名密钥须绑定到一个医疗机构。", hint="请用 --bind-institution 机构代码 指定。"
    )


def bind_signing_key(session: Session, fingerprint: str, institution_id: int) -> None:
    """Bind the certificate ``fingerprint`` to the acting user and ``institution_id``."""
    principal = require(
        session, Action.SIGNING_KEY, institution_id=institution_id, entity="institution"
    )
    binding = session.scalar(
        select(SigningKeyBinding).where(SigningKeyBinding.fingerprint == fingerprint)
    )
    if binding is None:
        binding = SigningKeyBinding(fingerprint=fingerprint, created_at=_now())
        session.add(binding)
    binding.user_id = principal.user_id
    binding.user_login = principal.login
    binding.institution_id = institution_id
    session.flush()
    audit.append(
        session,
        actor=principal.label,
        action="signing.bind",
        entity="institution",
        entity_id=institution_id,
        payload={"fingerprint": fingerprint, "user": principal.login},
    )


def authorize_key(
    session: Session,
    fingerprint: str | None,
    meaning: str,
    institution_id: int | None,
    *,
    entity: str = "",
    entity_id: str | int = "",
) -> Principal:
    """The acting user may sign with ``meaning``, the key is bound to them, and (when
    the document names its institution) to that institution."""
    from rtech.auth.roles import MEANING_ACTIONS

    action = MEANING_ACTIONS.get(meaning)
    if action is None:
        raise UserError(f"签名含义“{meaning}”无效，应为 {'、'.join(MEANING_ACTIONS)} 之一。")
    principal = require(
        session, action, institution_id=institution_id, entity=entity, entity_id=entity_id
    )
    binding = (
        session.scalar(
            select(SigningKeyBinding).where(SigningKeyBinding.fingerprint == fingerprint)
        )
        if fingerprint
        else None
    )
    if principal.system or (principal.setup and binding is None):
        return principal
    if binding is None or binding.user_login != principal.login:
        owner = f"属于用户 {binding.user_login}" if binding else "未绑定到任何用户"
        raise PermissionDenied(
            f"签名密钥{owner}，用户 {principal.label} 不能用它签名"
            f"（{entity_text(entity, entity_id)}）。",
            action="sign.key",
            actor=principal.label,
            entity=entity,
            entity_id=entity_id,
            hint="请用本人的签名密钥：rtech sign keygen（由本人生成，自动绑定到本人与本机构）。",
        )
    if institution_id is not None and binding.institution_id != institution_id:
        mine = session.get(Institution, binding.institution_id)
        theirs = session.get(Institution, institution_id)
        raise PermissionDenied(
            f"签名密钥属于 {_named(mine)}，不能签署 {_named(theirs)} 的文书"
            f"（{entity_text(entity, entity_id)}）。",
            action="sign.institution",
            actor=principal.label,
            entity=entity,
            entity_id=entity_id,
        )
    return principal


def _named(institution: Institution | None) -> str:
    return f"{institution.name}（{institution.code}）" if institution else "未知机构"
