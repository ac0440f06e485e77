"""Follow-up visits of a submitted case, recorded through the intake engine.

``rtech intake --case ID --followup`` (and ``f`` on a case in the TUI) asks
the questions of one visit: the items of the technology's ``followup.visits``
(forms/followup.schema.json: date, status, death date, disease status,
complications found later) plus the scores the technology's schedule names.
Every accepted answer is saved at once into the case's working copy (so a
killed process loses nothing); submitting stores the case with the visit as a
new revision, audited with the reason ``随访：<date>``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from rtech.answers import get_path
from rtech.catalog import Technology
from rtech.errors import UserError
from rtech.forms.model import Form, inline_schema
from rtech.intake.cases import physician_refs, submit_revision
from rtech.intake.engine import Finding, Intake, IntakeContext
from rtech.store import Store, cases

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = ["FollowUpBackend", "followup_form", "open_followup_intake"]

CURSOR_KEY = "followup"


def followup_form(host: Host, slug: str) -> Form:
    """One visit's questions: the case form's visit item plus the schedule's scores."""
    technology = host.technology(slug)
    schema = host.case_form(slug)
    if schema is None:
        raise UserError(f"技术“{technology.name}”（{slug}）尚无病例表单，暂不能录入随访。")
    inlined = inline_schema(schema)
    item = get_path(inlined, "properties.followup.properties.visits.items")
    if not isinstance(item, Mapping):
        raise UserError(f"技术“{technology.name}”的病例表单没有随访记录（followup.visits）。")
    visit = copy.deepcopy(dict(item))
    visit["title"] = "随访"
    schedule = host.followup_schedule(slug)
    scores = {s.key: s for v in (schedule.visits if schedule else ()) for s in v.scores}
    properties = visit.setdefault("properties", {})
    if scores and "scores" in properties:
        block = dict(properties["scores"])
        block["properties"] = {
            key: score.schema(10 * index) for index, (key, score) in enumerate(scores.items(), 1)
        }
        properties["scores"] = block
    elif "scores" in properties:
        del properties["scores"]  # nothing to ask: no question for an empty group
    return Form.from_inlined(visit)


class FollowUpBackend:
    """Keeps one visit in the case's working copy until it is submitted."""

    submit_word = "提交"
    needs_reason = False

    def __init__(
        self,
        store: Store,
        host: Host,
        technology: Technology,
        case_id: int,
        *,
        actor: str,
        index: int,
        version: int,
        case_answers: Mapping[str, Any],
    ) -> None:
        self.store = store
        self.host = host
        self.technology = technology
        self.case_id = case_id
        self.actor = actor
        self.index = index
        self.version = version
        self.case_answers = copy.deepcopy(dict(case_answers))

    @property
    def title(self) -> str:
        return f"病例 {self.case_id} 第 {self.index + 1} 次随访（{self.technology.name}）"

    def _with_visit(self, visit: Mapping[str, Any]) -> dict[str, Any]:
        answers = copy.deepcopy(self.case_answers)
        followup = answers.setdefault("followup", {})
        visits = list(followup.get("visits") or [])
        if self.index < len(visits):
            visits[self.index] = dict(visit)
        else:
            visits.append(dict(visit))
        followup["visits"] = visits
        return answers

    def save(
        self,
        answers: Mapping[str, Any],
        cursor: Mapping[str, Any],
        *,
        dropped: Mapping[str, Any],
        reason: str,
    ) -> None:
        with self.store.write() as session:
            self.version = cases.save_draft(
                session,
                self.case_id,
                expected_version=self.version,
                answers=self._with_visit(answers),
                cursor={CURSOR_KEY: {"index": self.index, "cursor": dict(cursor)}},
                actor=self.actor,
                dropped={f"followup.visits.{self.index}.{k}": v for k, v in dropped.items()}
                or None,
                reason=reason,
            )

    def reload(self) -> tuple[dict[str, Any], dict[str, Any]]:
        with self.store.read() as session:
            case = cases.get_case(session, self.case_id)
            self.version = case.version
            visits = get_path(case.draft_answers, "followup.visits") or []
            visit = visits[self.index] if self.index < len(visits) else {}
            return dict(visit), dict((case.cursor.get(CURSOR_KEY) or {}).get("cursor") or {})

    def _check_dates(self, visit: Mapping[str, Any]) -> None:
        """The case's date rules (forms/dates.py) over the case with this visit."""
        from rtech.forms.dates import date_problems

        prefix = ("followup", "visits", str(self.index))
        for problem in date_problems(self._with_visit(visit)):
            if problem.path[:3] == prefix:
                raise UserError(problem.message + "。")

    def submit(self, answers: Mapping[str, Any], reason: str) -> str:
        self._check_dates(answers)
        on = answers.get("date", "")
        why = f"随访：{on}" + (f"；{reason}" if reason else "")
        number, self.version = submit_revision(
            self.store,
            self.host,
            self.technology.slug,
            self.case_id,
            version=self.version,
            actor=self.actor,
            reason=why,
        )
        return f"已提交随访：病例 {self.case_id} 第 {number} 版（{on} 随访）。"

    def findings(self, answers: Mapping[str, Any]) -> list[Finding]:
        return []

    def derived(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The technology's scores over the case with this visit added."""
        from rtech.indicators.scores import derived_rows

        scores = self.host.derived_scores(self.technology.slug)
        return derived_rows(scores, self._with_visit(answers)) if scores else []

    def describe(self, answers: Mapping[str, Any]) -> str:
        name = get_path(self.case_answers, "patient.name") or ""
        who = f"，{name}" if name else ""
        return f"病例 {self.case_id}{who}的第 {self.index + 1} 次随访"

    def baseline(self) -> Mapping[str, Any]:
        return {}


def open_followup_intake(
    store: Store, host: Host, case_id: int, *, actor: str, today: date | None = None
) -> Intake:
    """An intake of one follow-up visit of a submitted case (a visit begun and not
    submitted is resumed)."""
    with store.read() as session:
        case = cases.get_case(session, case_id)
        if case.current_revision == 0:
            raise UserError(f"病例 {case_id} 尚未提交，不能录入随访。", hint="请先完成并提交病例。")
        slug = case.technology
        pending = case.cursor.get(CURSOR_KEY) if isinstance(case.cursor, Mapping) else None
        submitted = cases.current_answers(session, case)
        draft = dict(case.draft_answers)
        version = case.version
        institution_id = case.institution_id
    technology = host.technology(slug)
    form = followup_form(host, slug)
    done = list(get_path(submitted, "followup.visits") or [])
    visit: dict[str, Any] = {}
    cursor: dict[str, Any] = {}
    index = len(done)
    greeting = f"录入病例 {case_id} 的第 {index + 1} 次随访（{technology.name}）。"
    if isinstance(pending, Mapping) and pending.get("index") == index:
        drafted = get_path(draft, "followup.visits") or []
        if index < len(drafted):
            visit = dict(drafted[index])
            cursor = dict(pending.get("cursor") or {})
            greeting = f"继续录入病例 {case_id} 的第 {index + 1} 次随访（草稿）。"
    backend = FollowUpBackend(
        store,
        host,
        technology,
        case_id,
        actor=actor,
        index=index,
        version=version,
        case_answers=submitted,
    )
    context = IntakeContext(
        today=today or date.today(), physicians=physician_refs(store, institution_id)
    )
    intake = Intake(form, backend, answers=visit, cursor=cursor, context=context)
    intake.greeting = greeting
    return intake
