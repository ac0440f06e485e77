"""Registering the institution and its physicians through the intake engine.

The profile form is the shared part (``forms/institution.schema.json`` or
``forms/physician.schema.json``) under ``general``, plus each technology's own
part (``Host.profile_form(slug, kind)``) under ``technologies.<slug>``, so the
answers have exactly the shape the registry stores in ``profile``::

    {"general": {...}, "technologies": {"cardio": {...}}}

A registration in progress is kept in the ``settings`` table (one draft per
kind and user) after every answer, like a case draft.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rtech.answers import get_path
from rtech.errors import UserError
from rtech.forms.loader import FRAGMENT_BASE
from rtech.forms.model import Form, compile_form
from rtech.intake.engine import Finding, Intake, IntakeContext
from rtech.store import Store, registry
from rtech.store.settings import delete_setting, get_setting, set_setting

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = [
    "KINDS",
    "ProfileBackend",
    "open_registration",
    "profile_schema",
    "registration_needed",
]

#: kind -> (shared fragment, Chinese name)
KINDS = {
    "institution": ("institution.schema.json", "医疗机构"),
    "physician": ("physician.schema.json", "医师"),
}

_FORMS: dict[tuple[Any, ...], tuple[Mapping[str, Any], Form]] = {}


def _parts(host: Host, kind: str, technologies: Sequence[str]) -> dict[str, Mapping[str, Any]]:
    parts: dict[str, Mapping[str, Any]] = {}
    for slug in technologies:
        part = host.profile_form(slug, kind)
        if part is not None:
            parts[slug] = part
    return parts


def profile_schema(
    host: Host, kind: str, technologies: Sequence[str] = (), *, general: bool = True
) -> dict[str, Any]:
    """The profile form of ``kind``: the shared part and the technologies' parts."""
    if kind not in KINDS:
        raise ValueError(f"unknown profile kind {kind!r}")
    fragment, name = KINDS[kind]
    properties: dict[str, Any] = {}
    required: list[str] = []
    if general:
        properties["general"] = {"$ref": FRAGMENT_BASE + fragment, "x-order": 10}
        required.append("general")
    parts = _parts(host, kind, technologies)
    if parts:
        properties["technologies"] = {
            "type": "object",
            "title": "技术专属信息",
            "x-order": 20,
            "properties": {
                slug: {
                    **dict(part),
                    "title": part.get("title") or host.technology(slug).name,
                    "x-order": index * 10 + 10,
                }
                for index, (slug, part) in enumerate(parts.items())
            },
            "required": list(parts),
            "unevaluatedProperties": False,
        }
        required.append("technologies")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{name}档案",
        "x-form-version": "1",
        "type": "object",
        "properties": properties,
        "required": required,
        "unevaluatedProperties": False,
    }


def _form(host: Host, kind: str, technologies: Sequence[str], general: bool) -> Form:
    key = (id(host), kind, tuple(technologies), general)
    cached = _FORMS.get(key)
    if cached is None:
        schema = profile_schema(host, kind, technologies, general=general)
        cached = (schema, compile_form(schema))
        _FORMS[key] = cached
    return cached[1]


def registration_needed(store: Store, institution_id: int | None = None) -> list[str]:
    """What a first run must register before a case: ``institution``, ``physician``."""
    with store.read() as session:
        institutions = registry.list_institutions(session)
        if not institutions:
            return ["institution", "physician"]
        target = institution_id or (institutions[0].id if len(institutions) == 1 else None)
        if target is not None and not registry.list_physicians(session, target):
            return ["physician"]
    return []


class ProfileBackend:
    """Keeps a registration draft in the settings; creates (or updates) on 登记."""

    submit_word = "登记"

    def __init__(
        self,
        store: Store,
        kind: str,
        *,
        actor: str,
        institution_id: int | None,
        existing_id: int | None = None,
        base_profile: Mapping[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.kind = kind
        self.actor = actor
        self.institution_id = institution_id
        self.existing_id = existing_id
        self.base_profile = dict(base_profile or {})
        self.draft_key = f"intake.draft.{kind}.{existing_id or 'new'}.{actor}"[:100]
        self.created_id: int | None = None

    @property
    def title(self) -> str:
        name = KINDS[self.kind][1]
        return f"{'更新' if self.existing_id else '登记'}{name}档案"

    def save(
        self,
        answers: Mapping[str, Any],
        cursor: Mapping[str, Any],
        *,
        dropped: Mapping[str, Any],
        reason: str,
    ) -> None:
        with self.store.write() as session:
            set_setting(
                session,
                self.draft_key,
                {"answers": dict(answers), "cursor": dict(cursor)},
                actor=self.actor,
                audited=False,
            )

    def load(self) -> tuple[dict[str, Any], dict[str, Any]]:
        with self.store.read() as session:
            draft = get_setting(session, self.draft_key) or {}
        return dict(draft.get("answers") or {}), dict(draft.get("cursor") or {})

    def reload(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return self.load()

    @property
    def needs_reason(self) -> bool:
        return False

    def submit(self, answers: Mapping[str, Any], reason: str) -> str:
        general = dict(answers.get("general") or {})
        technologies = dict(answers.get("technologies") or {})
        with self.store.write() as session:
            if self.existing_id is not None:
                message = self._update(session, general, technologies)
            elif self.kind == "institution":
                institution = registry.create_institution(
                    session,
                    name=str(general["name"]),
                    code=str(general["code"]),
                    actor=self.actor,
                    profile={"general": general, "technologies": technologies},
                )
                self.created_id = institution.id
                message = (
                    f"已登记医疗机构“{institution.name}”"
                    f"（编号 {institution.id}，机构代码 {institution.code}）。"
                )
            else:
                if self.institution_id is None:
                    raise UserError("请先登记医疗机构。")
                physician = registry.create_physician(
                    session,
                    institution_id=self.institution_id,
                    name=str(general["name"]),
                    title=str(general["title"]),
                    actor=self.actor,
                    clinical_since=general.get("clinical_since"),
                    registered_here=bool(general.get("registered_here", True)),
                    licence_no=general.get("licence_no"),
                    department=general.get("department"),
                    profile={"general": general, "technologies": technologies},
                )
                self.created_id = physician.id
                title = registry.TITLES.get(physician.title, physician.title)
                message = f"已登记医师“{physician.name}”（{title}，编号 {physician.id}）。"
            delete_setting(session, self.draft_key)
        return message

    def _update(
        self, session: Any, general: Mapping[str, Any], technologies: Mapping[str, Any]
    ) -> str:
        assert self.existing_id is not None
        profile = dict(self.base_profile)
        merged = dict(profile.get("technologies") or {})
        merged.update(technologies)
        profile["technologies"] = merged
        if general:
            profile["general"] = dict(general)
        if self.kind == "institution":
            institution = registry.get_institution(session, self.existing_id)
            registry.update_institution_profile(
                session,
                self.existing_id,
                expected_version=institution.version,
                profile=profile,
                actor=self.actor,
                reason="登记技术专属信息",
            )
            return f"已更新医疗机构“{institution.name}”的档案。"
        physician = registry.get_physician(session, self.existing_id)
        registry.update_physician(
            session,
            self.existing_id,
            expected_version=physician.version,
            changes={"profile": profile},
            actor=self.actor,
            reason="登记技术专属信息",
        )
        return f"已更新医师“{physician.name}”的档案。"

    def findings(self, answers: Mapping[str, Any]) -> list[Finding]:
        return []

    def derived(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        return []

    def baseline(self) -> Mapping[str, Any]:
        return {}  # a registration is never revised through the intake

    def describe(self, answers: Mapping[str, Any]) -> str:
        name = KINDS[self.kind][1]
        general = answers.get("general") or {}
        called = str(general.get("name") or "") if isinstance(general, Mapping) else ""
        if self.existing_id is not None:
            return f"{name}档案（编号 {self.existing_id}）的技术专属信息"
        if self.kind == "institution":
            code = str(general.get("code") or "") if isinstance(general, Mapping) else ""
            return f"医疗机构“{called}”" + (f"（机构代码 {code}）" if code else "")
        return f"医师“{called}”"


def open_registration(
    store: Store,
    host: Host,
    kind: str,
    *,
    actor: str,
    technologies: Sequence[str] = (),
    institution_id: int | None = None,
    existing_id: int | None = None,
    today: date | None = None,
) -> Intake:
    """An intake that registers an institution or a physician (or, with
    ``existing_id``, adds the technologies' parts to an existing profile)."""
    if kind not in KINDS:
        raise UserError(f"未知的档案类别“{kind}”（可用：institution、physician）。")
    base: dict[str, Any] = {}
    if existing_id is not None:
        with store.read() as session:
            entity = (
                registry.get_institution(session, existing_id)
                if kind == "institution"
                else registry.get_physician(session, existing_id)
            )
            base = dict(entity.profile or {})
        if not _parts(host, kind, technologies):
            names = "、".join(technologies) or "（未指定）"
            raise UserError(f"技术 {names} 没有{KINDS[kind][1]}档案的专属部分，无需补充登记。")
    form = _form(host, kind, technologies, existing_id is None)
    backend = ProfileBackend(
        store,
        kind,
        actor=actor,
        institution_id=institution_id,
        existing_id=existing_id,
        base_profile=base,
    )
    answers, cursor = backend.load()
    if not answers and existing_id is not None:
        existing = {
            slug: part
            for slug, part in (base.get("technologies") or {}).items()
            if slug in technologies
        }
        if existing:
            answers = {"technologies": existing}
    intake = Intake(
        form,
        backend,
        answers=answers,
        cursor=cursor,
        context=IntakeContext(today=today or date.today()),
    )
    name = KINDS[kind][1]
    if get_path(answers, "general") or cursor:
        intake.greeting = f"继续{backend.title}（上次未完成的登记已保存）。"
    else:
        intake.greeting = f"{backend.title}：请逐项回答，输入“帮助”查看说明。"
    if existing_id is None and kind == "physician" and institution_id is None:
        raise UserError(f"登记{name}前请先登记医疗机构。")
    return intake
