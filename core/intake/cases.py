"""Case intakes: open (new or resumed), save after every answer, submit.

:func:`open_case_intake` is what a front end calls; it returns an
:class:`~rtech.intake.engine.Intake` whose backend is a :class:`CaseBackend`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rtech.answers import get_path
from rtech.catalog import EDITIONS, Technology
from rtech.errors import UserError
from rtech.forms.model import Form, compile_form
from rtech.intake.codeindex import DICTIONARY_SETS, code_index, dictionary_signature
from rtech.intake.editions import edition_for, effective_dates
from rtech.intake.engine import REVIEW, Finding, Intake, IntakeContext
from rtech.intake.findings import evaluate
from rtech.intake.parsers import PhysicianRef
from rtech.store import Store, cases, registry
from rtech.store.models import Case, CaseRevision

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rtech.host import Host

__all__ = [
    "CaseBackend",
    "case_form",
    "code_tiers",
    "open_case_intake",
    "physician_refs",
    "resolve_institution",
    "submit_revision",
]

log = logging.getLogger("rtech.intake")


def case_form(host: Host, slug: str) -> Form:
    """The compiled case form of a technology (a Chinese error when it has none)."""
    technology = host.technology(slug)
    schema = host.case_form(slug)
    if schema is None:
        raise UserError(f"技术“{technology.name}”（{slug}）尚无病例表单，暂不能录入病例。")
    return compile_form(schema)


def resolve_institution(store: Store, code: str | None = None) -> int:
    """The institution to work for: by code (or number), or the only one registered
    that the acting user belongs to (issue 18: a user of one hospital among several
    registered needs no ``--institution``)."""
    with store.read() as session:
        institutions = [
            i for i in registry.list_institutions(session) if store.principal.sees(i.id)
        ]
        if code:
            return registry.find_institution(session, code).id
    if not institutions:
        raise UserError("尚未登记医疗机构。", hint="请先登记：rtech registry institution --plain")
    if len(institutions) > 1:
        listed = "、".join(f"{i.name}（{i.code}）" for i in institutions)
        raise UserError(f"已登记多个医疗机构：{listed}。", hint="请用 --institution 指定机构代码。")
    return institutions[0].id


def physician_refs(
    store: Store, institution_id: int, technology: str | None = None
) -> list[PhysicianRef]:
    """The institution's physicians; those with a profile for ``technology`` first.

    Each carries its licence number, shown where two physicians share a name and title.
    """
    with store.read() as session:
        physicians = registry.list_physicians(session, institution_id)
        refs = [
            (
                technology is None or technology not in (p.profile or {}).get("technologies", {}),
                PhysicianRef.of(
                    p.id,
                    p.name,
                    registry.TITLES.get(p.title, p.title),
                    detail=f"执业证书编码 {p.licence_no}" if p.licence_no else f"编号 {p.id}",
                ),
            )
            for p in physicians
        ]
    return [ref for _, ref in sorted(refs, key=lambda pair: pair[0])]


def code_tiers(host: Host, slug: str) -> tuple[tuple[str, ...], ...]:
    """The code lists a case of ``slug`` searches first, in turn: the technology's
    curated lists, its catalog lists (code rules of both editions), the hospital's
    dictionaries. Every other list comes after them."""
    catalog: list[str] = []
    for edition in EDITIONS:
        try:
            rules = host.code_rules(slug, edition)
        except Exception:
            log.exception("code rules of %s %s failed", slug, edition)
            continue
        if rules is not None:
            catalog.extend(v.id for v in rules.value_sets)
    try:
        curated = tuple(v.id for v in host.curated_codes(slug))
    except Exception:
        log.exception("curated codes of %s failed", slug)
        curated = ()
    return (curated, tuple(catalog), tuple(DICTIONARY_SETS.values()))


class CaseBackend:
    """Keeps an intake's answers in one case of the store."""

    submit_word = "提交"

    def __init__(
        self,
        store: Store,
        host: Host,
        technology: Technology,
        case: Case,
        *,
        actor: str,
        form: Form,
    ) -> None:
        self.store = store
        self.host = host
        self.technology = technology
        self.case_id = case.id
        self.version = case.version
        self.edition = case.edition
        self.institution_id = case.institution_id
        self.current_revision = case.current_revision
        self.actor = actor
        self.form = form
        self._void_ids: list[int] | None = None
        with store.read() as session:
            self.dates = effective_dates(session)

    @property
    def title(self) -> str:
        return f"病例 {self.case_id}（{self.technology.label(self.edition)}，{self.edition}年版）"

    def edition_for(self, answers: Mapping[str, Any]) -> str:
        """The edition the procedure date selects (today's while it is unknown)."""
        raw = get_path(answers, "procedure.date")
        try:
            on = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            on = None
        return edition_for(self.technology, on, self.dates)

    def save(
        self,
        answers: Mapping[str, Any],
        cursor: Mapping[str, Any],
        *,
        dropped: Mapping[str, Any],
        reason: str,
    ) -> None:
        edition = self.edition_for(answers)
        with self.store.write() as session:
            self.version = cases.save_draft(
                session,
                self.case_id,
                expected_version=self.version,
                answers=answers,
                cursor=cursor,
                actor=self.actor,
                dropped=dropped or None,
                reason=reason,
                edition=edition if edition != self.edition else None,
                form_version=self.form.version,
            )
        self.edition = edition

    def reload(self) -> tuple[dict[str, Any], dict[str, Any]]:
        with self.store.read() as session:
            case = cases.get_case(session, self.case_id)
            self.version = case.version
            self.edition = case.edition
            self.current_revision = case.current_revision
            return dict(case.draft_answers), dict(case.cursor)

    @property
    def needs_reason(self) -> bool:
        return self.current_revision > 0

    def void_notice(self) -> str:
        """The signatures a revision would void, named for the user to confirm
        (empty when the case is not signed); the ones named are the ones voided."""
        with self.store.read() as session:
            live = cases.live_signatures(session, self.case_id)
            self._void_ids = [s.id for s in live]
            if not live:
                return ""
            named = "、".join(cases.describe_signature(s) for s in live)
        return f"注意：本病例已签名：{named}。提交修订将作废该签名。"

    def submit(self, answers: Mapping[str, Any], reason: str) -> str:
        number, self.version = submit_revision(
            self.store,
            self.host,
            self.technology.slug,
            self.case_id,
            version=self.version,
            actor=self.actor,
            reason=reason,
            void_signatures=self._void_ids,
        )
        self.current_revision = number
        what = "已提交" if number == 1 else "已提交修订"
        return (
            f"{what}：病例 {self.case_id} 第 {number} 版（{self.technology.label(self.edition)}）。"
        )

    def baseline(self) -> Mapping[str, Any]:
        if not self.current_revision:
            return {}
        with self.store.read() as session:
            revision = session.scalar(
                select(CaseRevision).where(
                    CaseRevision.case_id == self.case_id,
                    CaseRevision.number == self.current_revision,
                )
            )
            return dict(revision.answers) if revision is not None else {}

    def describe(self, answers: Mapping[str, Any]) -> str:
        facts = cases.case_facts(answers)
        who = [str(facts["patient_name"] or "")]
        if facts["record_no"]:
            who.append(f"病案号 {facts['record_no']}")
        named = "，".join(w for w in who if w)
        edition = self.edition_for(answers)
        what = f"{self.technology.label(edition)}，{edition}年版"
        return (
            f"病例 {self.case_id}（{named}；{what}）" if named else f"病例 {self.case_id}（{what}）"
        )

    def derived(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        from rtech.indicators.scores import derived_rows

        return derived_rows(self.host.derived_scores(self.technology.slug), answers)

    def findings(self, answers: Mapping[str, Any]) -> list[Finding]:
        with self.store.read() as session:
            return evaluate(
                self.host,
                session,
                self.technology.slug,
                self.edition_for(answers),
                answers,
                self.institution_id,
                case_id=self.case_id,
            )


def submit_revision(
    store: Store,
    host: Host,
    slug: str,
    case_id: int,
    *,
    version: int,
    actor: str,
    reason: str,
    void_signatures: list[int] | None = None,
) -> tuple[int, int]:
    """Submit the case's working copy as a revision and tell the plugins; returns
    the revision's number and the case's new version. ``void_signatures``: the
    signatures the user confirmed this revision voids (a signed case)."""
    with store.write() as session:
        revision = cases.submit_case(
            session,
            case_id,
            expected_version=version,
            actor=actor,
            reason=reason,
            void_signatures=void_signatures,
        )
        number = revision.number
        stored = dict(revision.answers)
        version = cases.get_case(session, case_id).version
    host.notify_case_submitted(slug, str(case_id), number, stored)
    return number, version


def _resumable(session: Session, slug: str, institution_id: int, actor: str) -> Case | None:
    return session.scalar(
        select(Case)
        .where(
            Case.technology == slug,
            Case.institution_id == institution_id,
            Case.status == "draft",
            Case.updated_by == actor,
        )
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(1)
    )


def open_case_intake(
    store: Store,
    host: Host,
    slug: str,
    *,
    actor: str,
    case_id: int | None = None,
    new: bool = False,
    institution_code: str | None = None,
    today: date | None = None,
) -> Intake:
    """An intake for a case of ``slug``.

    ``case_id`` opens that case (a submitted one is revised: its submission will
    need a reason); otherwise the actor's latest draft of the technology is
    resumed, unless ``new`` asks for a new case.
    """
    technology = host.technology(slug)
    form = case_form(host, slug)
    today = today or date.today()
    greeting = ""
    with store.write() as session:
        if case_id is not None:
            case = cases.get_case(session, case_id)
            cases.authorize_edit(session, case)
            if case.technology != slug:
                raise UserError(
                    f"病例 {case_id} 属于技术“{case.technology}”，不是“{slug}”。",
                    hint=f"请用 --technology {case.technology}",
                )
            institution_id = case.institution_id
            if case.current_revision:
                greeting = (
                    f"打开已提交的病例 {case.id}（第 {case.current_revision} 版）；"
                    "修改后再次提交需填写修改原因。"
                )
            else:
                greeting = f"继续录入病例 {case.id}（草稿）。"
        else:
            institution_id = resolve_institution(store, institution_code)
            found = None if new else _resumable(session, slug, institution_id, actor)
            if found is not None:
                case = found
                greeting = (
                    f"继续录入病例 {case.id}（草稿，上次保存于 {_when(case)}）；"
                    "新建病例请加 --new。"
                )
            else:
                edition = edition_for(technology, today, effective_dates(session))
                case = cases.create_case(
                    session,
                    technology=slug,
                    edition=edition,
                    institution_id=institution_id,
                    actor=actor,
                    form_version=form.version,
                )
                greeting = f"新建病例 {case.id}：{technology.name}。"
        session.flush()
        answers, cursor = dict(case.draft_answers), dict(case.cursor)
        if case.current_revision and not cursor.get("path"):
            cursor["path"] = REVIEW
    backend = CaseBackend(store, host, technology, case, actor=actor, form=form)
    signature = dictionary_signature(store)
    context = IntakeContext(
        today=today,
        physicians=physician_refs(store, institution_id, slug),
        codes=lambda: code_index(host, store, signature),
        tiers=code_tiers(host, slug),
    )
    intake = Intake(form, backend, answers=answers, cursor=cursor, context=context)
    intake.greeting = greeting
    return intake


def _when(case: Case) -> str:
    at = case.updated_at
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"
