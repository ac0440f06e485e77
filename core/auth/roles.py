"""Roles, actions and the permission matrix: decided here, once, for every front end.

A user holds one or more roles and belongs to one or more institutions (or to
every institution: provincial reviewers and system administrators). Core
services ask :func:`rtech.store.users.require` before they act; it consults
:data:`PERMISSIONS` and the principal's institutions, and a refusal is a
:class:`PermissionDenied` (a Chinese message, exit 2) that the store records in
the audit log. ``docs/security.md`` is generated from this module
(``rtech users matrix --check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from rtech.errors import UserError

__all__ = [
    "ACTION_LABELS",
    "MEANING_ACTIONS",
    "PERMISSIONS",
    "ROLE_LABELS",
    "SYSTEM",
    "Action",
    "PermissionDenied",
    "Principal",
    "Role",
    "allowed",
    "mask_id_number",
    "mask_name",
    "parse_role",
    "roles_for",
]


class Role(StrEnum):
    """The five roles of the issue (电子病历应用管理规范 arts. 14–16: access by role)."""

    CLINICIAN = "clinician"
    QUALITY_MANAGER = "quality_manager"
    INSTITUTION_ADMIN = "institution_admin"
    PROVINCIAL_REVIEWER = "provincial_reviewer"
    SYSTEM_ADMIN = "system_admin"


ROLE_LABELS: Final[dict[Role, str]] = {
    Role.CLINICIAN: "临床医师",
    Role.QUALITY_MANAGER: "医务/质控管理",
    Role.INSTITUTION_ADMIN: "机构管理员",
    Role.PROVINCIAL_REVIEWER: "省级审核",
    Role.SYSTEM_ADMIN: "系统管理员",
}

#: Roles whose users see every institution (the others see only their own).
CROSS_INSTITUTION: Final = frozenset({Role.PROVINCIAL_REVIEWER, Role.SYSTEM_ADMIN})


class Action(StrEnum):
    """What a user may be allowed to do. The value is the stable name in the audit log."""

    CASE_RECORD = "case.record"
    CASE_REVISE_OWN = "case.revise_own"
    CASE_REVISE_ANY = "case.revise_any"
    CASE_REVISE_SIGNED = "case.revise_signed"
    CASE_READ = "case.read"
    CASE_UNMASK = "case.unmask"
    CASE_EXPORT = "case.export"
    CASE_IMPORT = "case.import"
    SIGN_REPORT = "sign.填报"
    SIGN_REVIEW = "sign.审核"
    SIGN_APPROVE = "sign.批准"
    FILING_CREATE = "filing.create"
    FILING_READ = "filing.read"
    SIGNING_KEY = "signing.key"
    INDICATORS = "indicators.compute"
    ELIGIBILITY = "eligibility.check"
    AGGREGATES_WRITE = "aggregates.write"
    AGGREGATES_READ = "aggregates.read"
    QA_WRITE = "qa.write"
    FOLLOWUPS = "followups.read"
    REGISTRY_WRITE = "registry.write"
    INSTITUTION_CREATE = "institution.create"
    USERS_INSTITUTION = "users.institution"
    USERS_ALL = "users.all"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_CHECKPOINT = "audit.checkpoint"
    DATABASE = "database.admin"
    RULES = "rules.admin"
    CODES = "codes.admin"
    EDITIONS = "editions.admin"


ACTION_LABELS: Final[dict[Action, str]] = {
    Action.CASE_RECORD: "录入本机构病例与草稿并提交",
    Action.CASE_REVISE_OWN: "修改本人提交的病例（须填原因）",
    Action.CASE_REVISE_ANY: "修改本机构他人提交的病例（须填原因）",
    Action.CASE_REVISE_SIGNED: "修改已签名病例（须填原因并确认作废的签名）",
    Action.CASE_READ: "查看病例（列表、详情、指标所依据的病例）",
    Action.CASE_UNMASK: "查看未遮蔽的患者姓名与证件号（--unmask，记入审计）",
    Action.CASE_EXPORT: "导出病例（cases export，记入审计）",
    Action.CASE_IMPORT: "导入病例（cases import）",
    Action.SIGN_REPORT: "以“填报”含义签名",
    Action.SIGN_REVIEW: "以“审核”含义签名",
    Action.SIGN_APPROVE: "以“批准”含义签名",
    Action.FILING_CREATE: "生成报送文书（病例上报表、自评表、质控报告）",
    Action.FILING_READ: "查看收到的报送文书（已签名的上报表、自评表、质控报告）",
    Action.SIGNING_KEY: "生成或导入本人的签名密钥（绑定本人与本机构，电子签名法第十三条）",
    Action.INDICATORS: "计算质控指标、仪表盘",
    Action.ELIGIBILITY: "机构与医师条件自评",
    Action.AGGREGATES_WRITE: "录入汇总数据（非病例分母）",
    Action.AGGREGATES_READ: "查看汇总数据",
    Action.QA_WRITE: "录入设备质控记录",
    Action.FOLLOWUPS: "查看到期随访",
    Action.REGISTRY_WRITE: "登记本机构信息、医师与档案",
    Action.INSTITUTION_CREATE: "登记新的医疗机构",
    Action.USERS_INSTITUTION: "管理本机构的用户",
    Action.USERS_ALL: "管理全部用户（含系统管理员）、开启或关闭操作系统账户登录",
    Action.AUDIT_VERIFY: "校验审计链",
    Action.AUDIT_CHECKPOINT: "签署审计链检查点（用本人的签名密钥）",
    Action.DATABASE: "数据库结构升级",
    Action.RULES: "编码规则表的导入、撤回与版本生效日期",
    Action.CODES: "医院编码字典的导入与撤回",
    Action.EDITIONS: "设置目录版本生效日期",
}

_C, _Q, _I, _P, _S = (
    Role.CLINICIAN,
    Role.QUALITY_MANAGER,
    Role.INSTITUTION_ADMIN,
    Role.PROVINCIAL_REVIEWER,
    Role.SYSTEM_ADMIN,
)

#: role x action: who may do what. The only place this is decided.
PERMISSIONS: Final[dict[Action, frozenset[Role]]] = {
    Action.CASE_RECORD: frozenset({_C}),
    Action.CASE_REVISE_OWN: frozenset({_C}),
    Action.CASE_REVISE_ANY: frozenset({_Q, _I}),
    Action.CASE_REVISE_SIGNED: frozenset({_I}),
    Action.CASE_READ: frozenset({_C, _Q, _I, _P}),
    Action.CASE_UNMASK: frozenset({_C, _I}),
    Action.CASE_EXPORT: frozenset({_I}),
    Action.CASE_IMPORT: frozenset({_I}),
    Action.SIGN_REPORT: frozenset({_C, _I}),
    Action.SIGN_REVIEW: frozenset({_Q, _I}),
    Action.SIGN_APPROVE: frozenset({_I}),
    Action.FILING_CREATE: frozenset({_C, _Q, _I}),
    # The filings received: the province's reviewers across institutions; an
    # institution's quality managers and administrators see what it sent.
    Action.FILING_READ: frozenset({_Q, _I, _P}),
    Action.SIGNING_KEY: frozenset({_C, _Q, _I}),
    Action.INDICATORS: frozenset({_Q, _I, _P}),
    Action.ELIGIBILITY: frozenset({_Q, _I, _P}),
    Action.AGGREGATES_WRITE: frozenset({_Q, _I}),
    Action.AGGREGATES_READ: frozenset({_Q, _I, _P}),
    Action.QA_WRITE: frozenset({_Q, _I}),
    Action.FOLLOWUPS: frozenset({_C, _Q, _I}),
    Action.REGISTRY_WRITE: frozenset({_I}),
    Action.INSTITUTION_CREATE: frozenset({_S}),
    Action.USERS_INSTITUTION: frozenset({_I, _S}),
    Action.USERS_ALL: frozenset({_S}),
    Action.AUDIT_VERIFY: frozenset({_Q, _I, _P, _S}),
    # Signed with the signer's own key, bound to their institution: the roles that
    # answer for the institution's records. (Signing a case report also signs a
    # checkpoint, under the signing right, with the same key.)
    Action.AUDIT_CHECKPOINT: frozenset({_Q, _I}),
    Action.DATABASE: frozenset({_S}),
    Action.RULES: frozenset({_S}),
    Action.CODES: frozenset({_S}),
    Action.EDITIONS: frozenset({_S}),
}

#: The action a signature of each meaning needs.
MEANING_ACTIONS: Final[dict[str, Action]] = {
    "填报": Action.SIGN_REPORT,
    "审核": Action.SIGN_REVIEW,
    "批准": Action.SIGN_APPROVE,
}


def roles_for(action: Action) -> frozenset[Role]:
    return PERMISSIONS[action]


def parse_role(text: str) -> Role:
    """A role by its name (clinician) or its Chinese label (临床医师)."""
    wanted = text.strip()
    for role in Role:
        if wanted in (role.value, ROLE_LABELS[role]):
            return role
    listed = "、".join(f"{r.value}（{ROLE_LABELS[r]}）" for r in Role)
    raise UserError(f"未知的角色“{text}”，可用：{listed}")


class PermissionDenied(UserError):  # noqa: N818 - the name says what the user hears
    """A refused action. The store writes an audit entry (``access.denied``) when
    the transaction that raised it has ended."""

    def __init__(
        self,
        message: str,
        *,
        action: str,
        actor: str,
        entity: str = "",
        entity_id: str | int = "",
        hint: str = "",
    ) -> None:
        super().__init__(message, hint=hint)
        self.action = action
        self.actor = actor
        self.entity = entity
        self.entity_id = str(entity_id)
        self.audited = False


@dataclass(frozen=True)
class Principal:
    """Who is acting: a user with roles and institutions.

    ``institution_ids`` None means every institution. :data:`SYSTEM` is the
    trusted internal caller (migrations, tests, a store opened on an engine
    directly); front ends never act as it: ``Store.open()`` resolves the
    logged-in user.
    """

    login: str
    name: str
    roles: frozenset[Role]
    institution_ids: frozenset[int] | None = field(default=frozenset())
    user_id: int | None = None
    #: the login token this principal acts under (None: no login, e.g. a demo
    #: database's administrator); checked again before every write
    token_id: int | None = None
    #: the operating-system account this principal acts for without a password
    #: (a site's choice, ``rtech users os-login``); rechecked before every write
    os_account: str | None = None
    system: bool = False
    demo: bool = False
    setup: bool = False

    @property
    def label(self) -> str:
        """The actor written into revisions, signatures and the audit log."""
        if self.system or self.name == self.login:
            return self.login
        return f"{self.name}（{self.login}）"

    @property
    def all_institutions(self) -> bool:
        return self.institution_ids is None

    def can(self, action: Action) -> bool:
        return allowed(self.roles, action)

    def sees(self, institution_id: int | None) -> bool:
        """Whether this principal may touch ``institution_id``'s data."""
        if self.institution_ids is None:
            return True
        return institution_id is not None and institution_id in self.institution_ids

    def sees_all(self, institution_ids: frozenset[int]) -> bool:
        """Whether every one of ``institution_ids`` is this principal's."""
        if self.institution_ids is None:
            return True
        return institution_ids <= self.institution_ids

    def roles_text(self) -> str:
        return "、".join(ROLE_LABELS[r] for r in Role if r in self.roles) or "（无角色）"


def allowed(roles: frozenset[Role], action: Action) -> bool:
    return bool(roles & PERMISSIONS[action])


SYSTEM: Final = Principal(
    login="rtech", name="rtech", roles=frozenset(Role), institution_ids=None, system=True
)


def mask_name(name: str | None) -> str | None:
    """张三杰 -> 张*杰, 李明 -> 李*, 欧阳娜娜 -> 欧**娜."""
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str | None) -> str | None:
    """510104199001011233 -> 5101**********1233: the region and the last four kept."""
    if not number:
        return number
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
