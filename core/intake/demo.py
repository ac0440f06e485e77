"""Synthetic demonstration data: one hospital, every technology that supplies a demo.

``rtech demo`` asks each installed technology for its part (``rtech_demo``,
:class:`rtech.demo.TechnologyDemo`): profile, staff, cases with follow-up
visits, aggregate denominators, equipment QA checks. This module writes them
into one invented hospital (机构代码 ``DEMO-0001``): every case is validated
against its technology's form and submitted; each follow-up visit becomes a
revision of its own (as ``rtech intake --followup`` records it); a few cases
stay drafts and a few are revised. The same seed gives the same hospital.

Demonstration data never mixes with real data (:func:`holds_real_data`): the
command line loads it into a database of its own unless told otherwise, and
refuses a database that holds a real institution or case.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rtech.auth.roles import Role
from rtech.demo import DemoContext, TechnologyDemo
from rtech.errors import UserError
from rtech.forms.model import compile_form
from rtech.forms.validation import FormValidator
from rtech.indicators.periods import parse_period
from rtech.intake.cases import case_form
from rtech.intake.editions import edition_for, effective_dates
from rtech.intake.registration import profile_schema
from rtech.store import Store, aggregates, cases, registry, users
from rtech.store.models import Case, Institution, User
from rtech.store.users import DEMO_ADMIN, DEMO_INSTITUTION_CODE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host

__all__ = ["DEMO_CODE", "DemoReport", "holds_real_data", "load_demo"]

DEMO_CODE = DEMO_INSTITUTION_CODE
DEMO_ACTOR = "演示数据"
MAX_CASES = 20000

HOSPITAL: Mapping[str, Any] = {
    "name": "示例市第一人民医院（演示）",
    "code": DEMO_CODE,
    "kind": "general",
    "grade": "3A",
    "province": "四川",
}


@dataclass
class TechnologyReport:
    physicians: int = 0
    cases: int = 0
    submitted: int = 0
    drafts: int = 0
    revised: int = 0
    followups: int = 0
    aggregates: int = 0
    qa_checks: int = 0


@dataclass
class DemoReport:
    institution_id: int
    technologies: dict[str, TechnologyReport] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.technologies.values())

    @property
    def physicians(self) -> int:
        return self.total("physicians")

    @property
    def cases(self) -> int:
        return self.total("cases")

    @property
    def submitted(self) -> int:
        return self.total("submitted")

    @property
    def drafts(self) -> int:
        return self.total("drafts")

    @property
    def revised(self) -> int:
        return self.total("revised")

    @property
    def followups(self) -> int:
        return self.total("followups")

    def to_json(self) -> dict[str, Any]:
        names = ("physicians", "cases", "submitted", "drafts", "revised", "followups")
        return {
            "institution_id": self.institution_id,
            "institution_code": DEMO_CODE,
            **{name: self.total(name) for name in (*names, "aggregates", "qa_checks")},
            "technologies": {slug: r.__dict__ for slug, r in self.technologies.items()},
        }


def holds_real_data(session: Session) -> bool:
    """Whether the database holds an institution or a case other than the demo's."""
    real = session.scalar(select(Institution.id).where(Institution.code != DEMO_CODE).limit(1))
    if real is not None:
        return True
    demo = select(Institution.id).where(Institution.code == DEMO_CODE).scalar_subquery()
    return session.scalar(select(Case.id).where(Case.institution_id != demo).limit(1)) is not None


def _demos(host: Host, technology: str | None) -> list[tuple[str, TechnologyDemo]]:
    slugs = [technology] if technology else [t.slug for t in host.technologies]
    found = []
    for slug in slugs:
        supplied = host.demo(slug)
        if supplied is not None:
            found.append((slug, supplied))
        elif technology:
            name = host.technology(slug).name
            raise UserError(f"技术“{name}”（{slug}）尚未提供演示数据。")
    if not found:
        raise UserError("已安装的技术均未提供演示数据。")
    return found


def _check(validator: FormValidator, answers: Mapping[str, Any], what: str) -> None:
    problems = validator.errors(answers)
    if problems:  # a generator bug, never the user's: say exactly what
        raise RuntimeError(f"demo {what} is invalid: {[p.message for p in problems]}")


def load_demo(
    store: Store,
    host: Host,
    *,
    technology: str | None = None,
    cases_count: int | None = None,
    seed: int = 20230101,
) -> DemoReport:
    """Write the demonstration hospital (refused if it is there, or if the database
    holds real data). ``cases_count``: cases per technology (default: each
    technology's own number)."""
    if cases_count is not None and not 1 <= cases_count <= MAX_CASES:
        raise UserError(f"演示病例数 {cases_count} 超出范围（1～{MAX_CASES}）。")
    demos = _demos(host, technology)
    slugs = [slug for slug, _ in demos]
    institution_validator = FormValidator(compile_form(profile_schema(host, "institution", slugs)))
    with store.write() as session:
        if session.scalar(select(Institution.id).where(Institution.code == DEMO_CODE)):
            raise UserError(f"演示数据已载入（机构代码 {DEMO_CODE}），未重复载入。")
        if holds_real_data(session):
            raise UserError(
                "该数据库已有真实的医疗机构或病例，演示数据不能与真实数据混在一起，未载入。",
                hint="不设置 RTECH_DATABASE_URL 时，rtech demo 载入独立的演示数据库"
                "（用 rtech --demo 打开）。",
            )
        institution = _hospital(session, host, demos, institution_validator)
        _demo_users(session, institution.code)
        report = DemoReport(institution.id)
        for slug, supplied in demos:
            report.technologies[slug] = _technology(
                session,
                host,
                slug,
                supplied,
                institution.id,
                # Each technology's staff carry its own part of the physician profile.
                FormValidator(compile_form(profile_schema(host, "physician", [slug]))),
                count=cases_count or supplied.default_cases,
                rnd=random.Random(f"{seed}:{slug}"),
            )
        return report


#: The demo users, one of every role (password ``rtech-demo``); commands on a
#: demo database act as ``demo-admin`` without logging in.
DEMO_USERS: tuple[tuple[str, str, tuple[Role, ...], bool], ...] = (
    (DEMO_ADMIN, "演示管理员", tuple(Role), True),
    ("demo-clinician", "演示医师", (Role.CLINICIAN,), False),
    ("demo-quality", "演示质控", (Role.QUALITY_MANAGER,), False),
    ("demo-hospital-admin", "演示机构管理员", (Role.INSTITUTION_ADMIN,), False),
    ("demo-reviewer", "演示省级审核", (Role.PROVINCIAL_REVIEWER,), True),
    ("demo-sysadmin", "演示系统管理员", (Role.SYSTEM_ADMIN,), True),
)


def _demo_users(session: Session, code: str) -> None:
    existing = set(session.scalars(select(User.login)))
    for login, name, roles, everywhere in DEMO_USERS:
        if login in existing:
            continue
        users.add_user(
            session,
            login=login,
            name=name,
            roles=roles,
            institutions=("*",) if everywhere else (code,),
            password=None,
            demo=True,
        )


def _hospital(
    session: Session,
    host: Host,
    demos: Sequence[tuple[str, TechnologyDemo]],
    validator: FormValidator,
) -> Institution:
    parts = {
        slug: dict(supplied.institution)
        for slug, supplied in demos
        if host.profile_form(slug, "institution") is not None
    }
    profile = {"general": dict(HOSPITAL), "technologies": parts}
    _check(validator, profile, "institution profile")
    departments: dict[str, Mapping[str, Any]] = {}
    for _slug, supplied in demos:
        for department in supplied.departments:
            departments.setdefault(str(department["name"]), department)
    return registry.create_institution(
        session,
        name=str(HOSPITAL["name"]),
        code=DEMO_CODE,
        actor=DEMO_ACTOR,
        profile=profile,
        departments=list(departments.values()),
    )


def _technology(
    session: Session,
    host: Host,
    slug: str,
    supplied: TechnologyDemo,
    institution_id: int,
    physician_validator: FormValidator,
    *,
    count: int,
    rnd: random.Random,
) -> TechnologyReport:
    report = TechnologyReport()
    wants_part = host.profile_form(slug, "physician") is not None
    people = []
    known = len(registry.list_physicians(session, institution_id, active_only=False))
    for index, member in enumerate(supplied.staff, start=known + 1):
        general = {
            "name": member.name,
            "licence_no": f"1105100000{index:04d}",
            "title": member.title,
            "clinical_since": member.clinical_since,
            "registered_here": True,
            "department": member.department,
            **member.general,
        }
        profile = {
            "general": general,
            "technologies": {slug: dict(member.profile)} if wants_part else {},
        }
        _check(physician_validator, profile, f"physician {member.name}")
        physician = registry.create_physician(
            session,
            institution_id=institution_id,
            name=member.name,
            title=member.title,
            clinical_since=member.clinical_since,
            licence_no=general["licence_no"],
            department=member.department,
            actor=DEMO_ACTOR,
            profile=profile,
        )
        people.append((physician.id, member.name, member.title))
    report.physicians = len(people)
    context = DemoContext(rnd=rnd, staff=people, count=count)
    form = case_form(host, slug)
    validator = FormValidator(form)
    technology = host.technology(slug)
    dates = effective_dates(session)
    for number, answers in enumerate(supplied.cases(context), start=1):
        _check(validator, answers, f"{slug} case {number}")
        procedure_date = date.fromisoformat(answers["procedure"]["date"])
        case = cases.create_case(
            session,
            technology=slug,
            edition=edition_for(technology, procedure_date, dates),
            institution_id=institution_id,
            actor=DEMO_ACTOR,
            form_version=form.version,
        )
        report.cases += 1
        if context.chance(0.08):
            partial: dict[str, Any] = {
                k: answers[k] for k in ("patient", "admission", "procedure") if k in answers
            }
            cases.save_draft(
                session,
                case.id,
                expected_version=case.version,
                answers=partial,
                cursor={"path": "coding.main_diagnosis"},
                actor=DEMO_ACTOR,
            )
            report.drafts += 1
            continue
        report.followups += _submit_with_followups(session, case.id, case.version, answers)
        report.submitted += 1
        if context.chance(0.05) and isinstance(
            answers.get("admission", {}).get("total_cost"), float
        ):
            answers["admission"]["total_cost"] = round(
                answers["admission"]["total_cost"] + 1200.0, 2
            )
            _submit(session, case.id, answers, "补录出院结算费用")
            report.revised += 1
    for aggregate in supplied.aggregates(context) if supplied.aggregates else ():
        period = parse_period(aggregate.period)
        aggregates.set_aggregate(
            session,
            institution_id=institution_id,
            technology=slug,
            key=aggregate.key,
            period=aggregates.PeriodSpan(period.label, period.start, period.end),
            value=aggregate.value,
            actor=DEMO_ACTOR,
            source="演示数据",
        )
        report.aggregates += 1
    for check in supplied.qa_checks(context) if supplied.qa_checks else ():
        aggregates.record_qa_check(
            session,
            institution_id=institution_id,
            technology=slug,
            device=check.device,
            item=check.item,
            performed_on=check.performed_on,
            passed=check.passed,
            measured=check.measured,
            unit=check.unit,
            actor=DEMO_ACTOR,
        )
        report.qa_checks += 1
    return report


def _submit(session: Session, case_id: int, answers: Mapping[str, Any], reason: str) -> None:
    version = cases.get_case(session, case_id).version
    version = cases.save_draft(
        session,
        case_id,
        expected_version=version,
        answers=answers,
        cursor={"path": "@review"},
        actor=DEMO_ACTOR,
    )
    cases.submit_case(session, case_id, expected_version=version, actor=DEMO_ACTOR, reason=reason)


def _submit_with_followups(
    session: Session, case_id: int, version: int, answers: dict[str, Any]
) -> int:
    """Submit the case as discharged, then each follow-up visit as a revision."""
    followup = answers.get("followup")
    visits = list(followup.get("visits") or ()) if isinstance(followup, dict) else []
    first = dict(answers)
    if visits:
        first["followup"] = {k: v for k, v in answers["followup"].items() if k != "visits"}
    version = cases.save_draft(
        session,
        case_id,
        expected_version=version,
        answers=first,
        cursor={"path": "@review"},
        actor=DEMO_ACTOR,
    )
    cases.submit_case(session, case_id, expected_version=version, actor=DEMO_ACTOR)
    recorded: list[Any] = []
    for visit in sorted(visits, key=lambda v: str(v.get("date"))):
        recorded.append(visit)
        step = {**answers, "followup": {**answers["followup"], "visits": list(recorded)}}
        _submit(session, case_id, step, f"随访：{visit.get('date')}")
    return len(visits)
