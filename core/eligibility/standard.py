"""The standard norm: the skeleton every 管理规范 shares, with each technology's numbers.

Every management norm of both seeds is built on one skeleton:

* 一 医疗机构基本要求: 与功能、任务和技术能力相适应; registered departments with
  years and beds; rooms and equipment; an ICU with trained staff; at least N
  physicians able to perform the technology, and other staff;
* 二 人员基本要求: the physician's licence and practice scope, years in the
  specialty, title, training at a filed base; other staff trained;
* 三 技术管理基本要求: indications and contraindications, who decides, informed
  consent, a follow-up system, a case database with staff, capability
  assessments, approved devices not reused, a device register and barcodes;
* 四 培训管理要求: the trainee's licence and title, months and cases at a base,
  training abroad, exemptions; the training base's grade, volume, tutors,
  curriculum and records.

A technology declares its norm as a :class:`Norm` subclass whose attributes
are clauses (Django-model style): each clause is built with the technology's
numbers and clause number, and quotes the seed. A quote is either given, or a
template in the standard wording with ``{skill}`` (how the norm names the
technology) and the clause's numbers; the conformance suite checks every quote
against the seed, so a template that does not match the text fails and the
technology gives the words. ``Quote`` values may be one text or a mapping
edition -> text where the editions word a clause differently::

    class CardioNorm(Norm):
        technology = TECHNOLOGY
        skill = "心血管疾病介入诊疗技术"

        capacity = Capacity("一(一)")
        cardiology = Department("一(二)1", "心血管内科", years=5, beds=40, path="cardiology")
        physicians = Physicians("一(三)", 2)
        ...

Each clause gives its :class:`Check` objects (ids ``<slug>.<section>.<attribute>``)
and the profile fields it reads; :meth:`Norm.profile_form` assembles the
technology's part of the institution and physician profiles from them, so the
checks and the questions can never disagree. Clauses no other technology has
are :class:`Require` with a condition of :mod:`rtech.eligibility.conditions`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rtech.catalog import Technology
from rtech.eligibility import conditions as c
from rtech.eligibility.conditions import TrainingRule
from rtech.eligibility.model import Check, Condition, Level
from rtech.forms.loader import FRAGMENT_BASE
from rtech.schedule import FollowUpSchedule

__all__ = [
    "BASE_TEACHING",
    "BASE_TEACHING_HEADED",
    "BELOW_3A",
    "BELOW_III",
    "CLEAN_GRADES",
    "ENDOSCOPY_BASE_TEACHING",
    "GRADE4_CASE",
    "GRADE4_INSTITUTION",
    "GRADE4_PHYSICIAN",
    "GRADE_3A",
    "ICU_EQUIPMENT",
    "ICU_ROLES",
    "IMAGING",
    "OR_EMERGENCY",
    "RESUSCITATION",
    "STANDARD_GROUPS",
    "TRAINING_BASE",
    "ApprovedDevices",
    "Ask",
    "Assessment",
    "BaseTeaching",
    "Capacity",
    "Clause",
    "Consent",
    "Count",
    "CriticalCare",
    "Database",
    "Deciders",
    "Department",
    "DeviceBarcodes",
    "DeviceRegister",
    "Equipment",
    "Experience",
    "Followup",
    "FollowupSystem",
    "Indications",
    "Licence",
    "Norm",
    "Numbered",
    "Operator",
    "OtherStaff",
    "OtherStaffTraining",
    "Physicians",
    "Quote",
    "RegisteredDecider",
    "Reporting",
    "Require",
    "Statement",
    "Title",
    "TrainedAtBase",
    "TrainedStaff",
    "Training",
    "TrainingBase",
    "TrainingRoutes",
    "at_least",
    "base_clause",
    "base_resources",
    "base_tutors",
    "choice",
    "clean_grade",
    "date_field",
    "exempted",
    "grade4_switches",
    "includes",
    "invasive_care",
    "multiple",
    "number",
    "since",
    "training_base_switch",
    "yes",
    "yes_no",
]

Quote = str | Mapping[str, str]
#: A clause number, or edition -> number where the editions number the clause differently
#: (2022 S05 二(一) is 2023 S03 二(一)1).
Numbered = str | Mapping[str, str]

#: Vocabularies several norms share (keys are stored; labels are the seeds' words).
RESUSCITATION = {
    "oxygen": "氧气通道",
    "defibrillator": "除颤器",
    "suction": "吸引器",
    "emergency_drugs": "急救药品",
}
IMAGING = {"mri": "磁共振（MRI）", "ct": "计算机X线断层摄影（CT）", "pacs": "医学影像图像管理系统"}
BELOW_III = {"IV": "Ⅳ级", "none": "未达到洁净用房标准"}
#: The 洁净辅助用房 grades that reach "Ⅲ级洁净辅助用房标准" (those below: BELOW_III).
CLEAN_GRADES = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级"}
#: 空气层流设施、多功能监护仪和呼吸机: the 重症监护室's equipment in several norms.
ICU_EQUIPMENT = {
    "laminar_flow": "空气层流设施",
    "multifunction_monitor": "多功能监护仪",
    "ventilator": "呼吸机",
}
#: 氧气通道、麻醉机、除颤仪、吸引器等必要的急救设备和药品: an operating room's, as
#: several 2023 norms word them (RESUSCITATION is the older wording, 除颤器).
OR_EMERGENCY = {
    "oxygen": "氧气通道",
    "anesthesia_machine": "麻醉机",
    "defibrillator": "除颤仪",
    "suction": "吸引器",
    "emergency_drugs": "急救药品",
}
#: 医院等级: 三级甲等, and the grades below it a profile question offers besides.
GRADE_3A = {"3A": "三级甲等"}
BELOW_3A = {
    "3B": "三级乙等",
    "3": "三级（未定等）",
    "2A": "二级甲等",
    "2B": "二级乙等",
    "1": "一级及以下",
}
#: The ICU's 专职医师和护士 (:class:`TrainedStaff`).
ICU_ROLES = {"physicians": "专职医师", "nurses": "专职护士"}

INSTITUTION, PERSONNEL, CASE, BASE = "institution", "personnel", "case", "training_base"
#: The titles of the profile groups the standard clauses fill (:attr:`Norm.groups`).
STANDARD_GROUPS = {"management": "技术管理", "other_staff": "其他专业技术人员", BASE: "培训基地"}
_LEVELS = {
    INSTITUTION: Level.INSTITUTION,
    PERSONNEL: Level.PERSONNEL,
    CASE: Level.CASE,
    BASE: Level.INSTITUTION,
}


# -------------------------------------------------------------------------
# Profile fields: the questions a clause asks (JSON Schema, docs/forms.md)
# -------------------------------------------------------------------------


def yes_no(title: str, prompt: str = "", help: str = "") -> dict[str, Any]:
    """A yes/no question; the prompt defaults to ``是否{title}？``."""
    field: dict[str, Any] = {
        "type": "boolean",
        "title": title,
        "x-prompt": prompt or f"是否{title}？",
    }
    if help:
        field["x-help"] = help
    return field


def number(
    title: str, unit: str, *, prompt: str = "", maximum: int = 100000, integer: bool = True
) -> dict[str, Any]:
    return {
        "type": "integer" if integer else "number",
        "minimum": 0,
        "maximum": maximum,
        "title": title,
        "x-unit": unit,
        "x-prompt": prompt or f"{title}（{unit}）？",
    }


def date_field(title: str, prompt: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "title": title, "x-prompt": prompt}


def multiple(title: str, options: Mapping[str, str], prompt: str = "") -> dict[str, Any]:
    return {
        "type": "array",
        "title": title,
        "uniqueItems": True,
        "x-prompt": prompt or f"{title}？（可多选；均无则输入“无”）",
        "items": {"oneOf": [{"const": k, "title": v} for k, v in options.items()]},
    }


# -------------------------------------------------------------------------
# 按照四级手术管理: the tier several norms add (2023 S10-S13 一、二(一)2、三(二))
# -------------------------------------------------------------------------


def grade4_switches(skill: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The institution switch (``grade4``: performs the 四级 tier) and the physician
    switch (``grade4_independent``: 拟独立开展), for ``Norm.switches`` and
    ``Norm.personnel_switches``; the tiered clauses read them with ``when=``
    (:data:`GRADE4_INSTITUTION`, :data:`GRADE4_PHYSICIAN`)."""
    what = f"按照四级手术管理的{skill}"
    return (
        {"grade4": yes_no(f"开展{what}", f"本机构是否开展（或拟开展）{what}？")},
        {"grade4_independent": yes_no(f"拟独立开展{what}", f"该医师是否（拟）独立开展{what}？")},
    )


GRADE4_INSTITUTION = c.is_true("profile.grade4", label="开展按照四级手术管理的技术")
GRADE4_PHYSICIAN = c.is_true("profile.grade4_independent", label="拟独立开展按照四级手术管理的技术")
#: The case's grade (the ``grade`` fragment mounted as the ``grade`` section).
GRADE4_CASE = c.one_of(
    "answers.grade.grade", {"4": "四级手术"}, label="手术分级", others={"3": "三级手术"}
)


def exempted() -> Condition:
    """A test for ``when=``: the physician took the exemption route of 四(一) (a count the
    exemption block does not hold is asked beside it, e.g. 其中四级手术N例)."""
    return c.one_of(
        "profile.training.route",
        {"exempt": c.ROUTES["exempt"]},
        label="培训途径",
        others={k: v for k, v in c.ROUTES.items() if k != "exempt"},
    )


# -- 四(二) written clause by clause, where a norm's base differs from TrainingBase --

#: The institution is (or applies to become) a training base: ``training_base.applies``.
TRAINING_BASE = c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地")


def training_base_switch(skill: str, cited: str) -> dict[str, dict[str, Any]]:
    """The switch of a base written as :func:`base_clause` s (for ``Norm.switches``;
    ``asked_when = {"training_base": "training_base.applies"}`` asks the rest after it)."""
    return {
        "training_base.applies": yes_no(
            "本机构为（或申请成为）培训基地",
            f"本机构是否为（或申请成为）{skill}培训基地？",
            f"不申请可答“否”，培训基地条件（{cited}）不适用。",
        )
    }


def base_clause(clause: Numbered, quote: Quote, *asks: Ask, title: str) -> Require:
    """One condition of 四(二) told by its questions, applying to a training base only."""
    return Require(
        clause,
        quote,
        *asks,
        title=title,
        when=TRAINING_BASE,
        otherwise="本机构不是（也未申请成为）培训基地",
    )


def invasive_care(
    clause: Numbered, *, path: str = "icu", title: str = "能够开展有创监测项目和有创呼吸机治疗"
) -> Require:
    """一: the 重症监护室 (at ``path``) 能够开展有创监测项目和有创呼吸机治疗, as every norm
    that asks it words it."""
    return Require(
        clause,
        "能够开展有创监测项目和有创呼吸机治疗。",
        yes(f"{path}.invasive_monitoring", "能够开展有创监测项目"),
        yes(f"{path}.invasive_ventilation", "能够开展有创呼吸机治疗"),
        title=title,
    )


def base_tutors(clause: Numbered, quote: Quote, *, tutors: int, chiefs: int) -> Require:
    """四(二)1: 有不少于``tutors``名具备按照四级手术管理的…技术临床应用能力的指导医师，
    其中至少``chiefs``名主任医师, as the 四级 endoscopy norms ask it (``quote`` in the
    norm's words), applying to a training base only."""
    return base_clause(
        clause,
        quote,
        at_least("training_base.tutors", tutors, "具备四级能力的指导医师", "名"),
        at_least("training_base.chief_tutors", chiefs, "其中主任医师", "名"),
        title=f"培训基地：指导医师不少于{tutors}名，其中主任医师至少{chiefs}名",
    )


def base_resources(
    clause: Numbered, quote: Quote, *, title: str = "培训基地：有相适应的人员、技术、设备和设施"
) -> Require:
    """四(二)1: 有与开展…培训工作相适应的人员、技术、设备和设施等条件 (``quote`` names the
    technology as the norm does), applying to a training base only."""
    return base_clause(
        clause,
        quote,
        yes("training_base.resources", "有与开展培训工作相适应的人员、技术、设备和设施"),
        title=title,
    )


@dataclass(frozen=True)
class BaseTeaching:
    """四(二)2(1)-(4) of a training base — curriculum, training on schedule, final
    assessment, archives — in a norm's words: for each, the seed's sentence (a quote,
    per edition where they differ), the profile question's label and the check's
    title. The defaults are the words most norms share; a norm states only where its
    own differ, and unpacks the four clauses into attributes::

        base_curriculum, base_schedule, base_assessment, base_archives = (
            n.BASE_TEACHING.clauses(assessment="培训结束后，…并出具考核结论。")
        )

    ``path`` is the profile group the questions sit in; the clauses apply when
    ``when`` holds (the institution is, or applies to become, a training base) and
    are checked in ``section``.
    """

    curriculum: Quote = "培训教材和培训大纲满足培训要求，课程设置包括理论学习、临床实践。"
    curriculum_label: str = "培训教材和培训大纲满足培训要求"
    curriculum_title: str = "培训教材和培训大纲满足培训要求"
    schedule: Quote = "保证接受培训的医师在规定时间内完成规定的培训。"
    schedule_label: str = "保证接受培训的医师在规定时间内完成规定的培训"
    schedule_title: str = "保证接受培训的医师在规定时间内完成规定的培训"
    assessment: Quote = "培训结束后，对接受培训的医师进行考试、考核，并出具是否合格的结论。"
    assessment_label: str = "培训结束后进行考试、考核并出具结论"
    assessment_title: str = "培训结束后进行考试、考核并出具结论"
    archives: Quote = "为每位接受培训的医师建立培训及考试、考核档案。"
    archives_label: str = "为每位接受培训的医师建立培训及考试、考核档案"
    archives_title: str = "为每位接受培训的医师建立档案"
    path: str = "training_base"
    when: Condition = TRAINING_BASE
    section: str = INSTITUTION

    def clauses(self, **changes: Any) -> tuple[Require, Require, Require, Require]:
        """The four clauses, in these words with ``changes`` (field -> value) made."""
        w = replace(self, **changes)
        items = (
            ("四(二)2(1)", w.curriculum, "curriculum", w.curriculum_label, w.curriculum_title),
            ("四(二)2(2)", w.schedule, "on_schedule", w.schedule_label, w.schedule_title),
            (
                "四(二)2(3)",
                w.assessment,
                "final_assessment",
                w.assessment_label,
                w.assessment_title,
            ),
            ("四(二)2(4)", w.archives, "archives", w.archives_label, w.archives_title),
        )
        curriculum, schedule, assessment, archives = (
            Require(
                clause,
                quote,
                yes(f"{w.path}.{key}", label),
                title=title,
                section=w.section,
                when=w.when,
                otherwise="本机构不是（也未申请成为）培训基地",
            )
            for clause, quote, key, label, title in items
        )
        return curriculum, schedule, assessment, archives


#: 四(二)2(1)-(4) in the words most norms share (titles without a heading).
BASE_TEACHING = BaseTeaching()
#: The same words, the checks titled under "培训基地：" (2023 S02, S06).
BASE_TEACHING_HEADED = BaseTeaching(
    curriculum_title="培训基地：培训教材和大纲满足要求",
    schedule_title="培训基地：保证在规定时间内完成培训",
    assessment_title="培训基地：培训结束后考试、考核并出具结论",
    archives_title="培训基地：为每位受训医师建立档案",
)
#: As the 2023 endoscopy norms (鼻科、咽喉科、呼吸内镜) word them: animal training in
#: the curriculum, the checks titled under "培训基地：".
ENDOSCOPY_BASE_TEACHING = BaseTeaching(
    curriculum="培训教材和培训大纲满足培训要求，课程设置包括理论学习、动物训练及临床实践。",
    curriculum_label="培训教材和大纲满足要求，含理论学习、动物训练及临床实践",
    curriculum_title="培训基地：培训教材和大纲满足要求",
    schedule_label="保证在规定时间内完成规定的培训",
    schedule_title="培训基地：保证按时完成培训",
    assessment="培训结束后，对接受培训的医师进行考试、考核、并出具是否合格的结论。",
    assessment_label="培训结束后考试、考核并出具结论",
    assessment_title="培训基地：培训结束后考试、考核并出具结论",
    archives_label="为每位受训医师建立培训及考试、考核档案",
    archives_title="培训基地：建立培训及考试、考核档案",
)


# -------------------------------------------------------------------------
# Clauses
# -------------------------------------------------------------------------


class Clause:
    """One requirement of a norm: its clause number, its quote, its check(s) and fields.

    :param clause: the clause number as the seed prints it (``一(二)4(5)``), or
        edition -> number where the editions number it differently.
    :param quote: the seed's words (or edition -> words); default: the class's
        standard wording, formatted with the norm's ``skill`` and the clause's numbers.
    :param title: the check's short Chinese title; default: the class's.
    :param editions: the editions the clause belongs to; default: all the
        technology's editions.
    :param when: a condition under which the requirement applies (elsewhere it
        is not applicable), e.g. ``c.performs(...)`` for a sub-technology.
    :param otherwise: why it does not apply, when ``when`` fails.
    """

    section: ClassVar[str] = INSTITUTION
    template: ClassVar[str] = ""
    default_title: ClassVar[str] = ""

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        title: str = "",
        editions: Sequence[str] | None = None,
        when: Condition | None = None,
        otherwise: str = "",
    ) -> None:
        self.clause = clause
        self.quote = quote
        self.title = title or self.default_title
        self.editions = tuple(editions) if editions is not None else None
        self.when = when
        self.otherwise = otherwise
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    # -- what a subclass supplies ---------------------------------------------

    def params(self, norm: type[Norm]) -> dict[str, Any]:
        """The numbers and words the quote template and the title are formatted with."""
        return {"skill": norm.skill, "skill_cases": norm.skill_cases}

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        raise NotImplementedError

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        """Profile fields (dotted path under the technology's part -> schema)."""
        return {}

    # -- shared ---------------------------------------------------------------

    def applies_to(self, norm: type[Norm], edition: str) -> bool:
        return edition in (self.editions or tuple(norm.technology.editions))

    def clause_for(self, edition: str) -> str:
        """The clause number in ``edition``."""
        return _pick(self.clause, edition)

    def quote_for(self, norm: type[Norm], edition: str) -> str:
        quote = self.quote if self.quote is not None else self.template
        if isinstance(quote, Mapping):
            quote = quote[edition]
        return quote.format(**self.params(norm)) if self.quote is None else quote

    def title_for(self, norm: type[Norm], edition: str) -> str:
        return self.title.format(**self.params(norm))

    def checks(self, norm: type[Norm], edition: str) -> list[Check]:
        rule = self.condition(norm, edition)
        if self.when is not None:
            rule = c.when(self.when, rule, otherwise=self.otherwise or "本项不适用于本机构")
        citation = norm.technology.cite(edition, f"管理规范 {self.clause_for(edition)}", "")
        citation = replace(citation, quote=self.quote_for(norm, edition))
        title = self.title_for(norm, edition)
        check_id = f"{norm.technology.slug}.{self.section}.{self.name}"
        return [Check(check_id, _LEVELS[self.section], title, citation, rule)]


@dataclass(frozen=True)
class Ask:
    """A profile question and the requirement on its answer (a Django-style field).

    ``path`` is relative to the technology's profile part; ``schema`` is the
    question (JSON Schema, docs/forms.md); ``rule`` the condition on the
    subject (``profile.<path>``). Built by :func:`yes`, :func:`at_least`,
    :func:`includes`, :func:`choice`, :func:`since`.
    """

    path: str
    schema: Mapping[str, Any]
    rule: Condition


def yes(path: str, label: str, *, prompt: str = "", help: str = "") -> Ask:
    """A yes/no answer that must be yes (``label：是``)."""
    return Ask(path, yes_no(label, prompt, help), c.is_true(f"profile.{path}", label=label))


def clean_grade(path: str) -> Ask:
    """达到Ⅲ级洁净辅助用房标准: the room's 洁净辅助用房级别, Ⅲ级 or better."""
    return choice(path, CLEAN_GRADES, "洁净辅助用房级别", others=BELOW_III)


def at_least(
    path: str, minimum: float, label: str, unit: str, *, prompt: str = "", maximum: int = 100000
) -> Ask:
    """A number not below ``minimum`` (``床位 45张（要求不少于40张）``)."""
    schema = number(label, unit, prompt=prompt, maximum=maximum, integer=unit not in _DECIMAL)
    return Ask(path, schema, c.at_least(f"profile.{path}", minimum, label=label, unit=unit))


_DECIMAL = frozenset({"平方米", "m²", "mA", "kV"})


def includes(path: str, items: Mapping[str, str], label: str, *, prompt: str = "") -> Ask:
    """A multiple choice that must hold every item (key -> Chinese name)."""
    return Ask(
        path, multiple(label, items, prompt), c.includes(f"profile.{path}", items, label=label)
    )


def choice(
    path: str,
    allowed: Mapping[str, str],
    label: str,
    *,
    others: Mapping[str, str],
    prompt: str = "",
) -> Ask:
    """A single choice among ``allowed`` and ``others``; only ``allowed`` passes."""
    options = {**allowed, **others}
    schema = {
        "title": label,
        "x-prompt": prompt or f"{label}？",
        "oneOf": [{"const": k, "title": v} for k, v in options.items()],
    }
    return Ask(path, schema, c.one_of(f"profile.{path}", allowed, label=label, others=others))


def since(path: str, years: int, label: str) -> Ask:
    """A start date at least ``years`` full years before the assessment date."""
    schema = date_field(f"{label}起始日期", f"{label}从哪一天开始？") | {
        "x-help": f"须满{years}年（自起始日期逐日计算）。"
    }
    return Ask(path, schema, c.years_since(f"profile.{path}", years, label=label))


class Require(Clause):
    """A clause told by its questions: every :class:`Ask` must hold (or ``condition``,
    one or edition -> condition where the editions ask different numbers of the same
    questions).

    The clauses no other technology has are written this way, with the
    technology's own questions; the section defaults to institution.
    """

    def __init__(
        self,
        clause: Numbered,
        quote: Quote,
        *asks: Ask,
        title: str,
        condition: Condition | Mapping[str, Condition] | None = None,
        section: str = INSTITUTION,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, title=title, **options)
        self.asks = asks
        self._condition = condition
        self.section = section  # type: ignore[misc]

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        if isinstance(self._condition, Mapping):
            return self._condition[edition]
        if self._condition is not None:
            return self._condition
        rules = [ask.rule for ask in self.asks]
        return rules[0] if len(rules) == 1 else c.all_of(*rules)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        found = {ask.path: dict(ask.schema) for ask in self.asks}
        first = next(iter(found.values()), None)
        if first is not None and "x-help" not in first:
            first["x-help"] = norm.cite_text(self)
        return found


class Statement(Clause):
    """A yes/no declaration of the institution (a system, a capability, a room).

    :param label: the field's and the check's Chinese label (``有血管造影室``).
    :param path: where the answer sits in the technology's profile part.
    """

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        label: str = "",
        path: str = "",
        help: str = "",
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.label = label
        self.path = path
        self.help = help

    def the_label(self, norm: type[Norm]) -> str:
        return (self.label or self.title).format(**self.params(norm))

    def the_path(self) -> str:
        return self.path or self.name

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.is_true(f"profile.{self.the_path()}", label=self.the_label(norm))

    def title_for(self, norm: type[Norm], edition: str) -> str:
        return super().title_for(norm, edition) or self.the_label(norm)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        help = self.help or f"{norm.cite_text(self)}"
        return {self.the_path(): yes_no(self.the_label(norm), help=help)}


class Capacity(Statement):
    """一(一): 开展本技术与机构功能、任务和技术能力相适应."""

    template = "医疗机构开展{skill}应当与其功能、任务和技术能力相适应。"
    default_title = "开展本技术与机构功能、任务和技术能力相适应"

    def __init__(self, clause: Numbered = "一(一)", quote: Quote | None = None, **options: Any):
        super().__init__(clause, quote, path="capacity_appropriate", **options)


class Count(Clause):
    """A number not below ``minimum`` (beds, cases a year, staff)."""

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        path: str,
        minimum: float,
        label: str,
        unit: str,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.path, self.minimum, self.label, self.unit = path, minimum, label, unit
        self.title = self.title or f"{label}不少于{minimum:g}{unit}"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.at_least(f"profile.{self.path}", self.minimum, label=self.label, unit=self.unit)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        field = number(self.label, self.unit, integer=float(self.minimum).is_integer())
        field["x-help"] = norm.cite_text(self)
        return {self.path: field}


class Equipment(Clause):
    """Every item of ``items`` (key -> Chinese name) present: a multiple choice."""

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        path: str,
        items: Mapping[str, str],
        label: str,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.path, self.items, self.label = path, dict(items), label
        self.title = self.title or f"{label}：{'、'.join(self.items.values())}"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.includes(f"profile.{self.path}", self.items, label=self.label)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        field = multiple(self.label, self.items)
        field["x-help"] = norm.cite_text(self)
        return {self.path: field}


class Department(Clause):
    """A registered department (诊疗科目) in service ``years`` years with ``beds`` beds.

    Fields ``{path}.registered``, ``{path}.since`` (the date clinical work began)
    and ``{path}.beds``.
    """

    template = "开展{name}临床诊疗工作{years}年以上，床位不少于{beds}张"

    def __init__(
        self,
        clause: Numbered,
        name: str,
        quote: Quote | None = None,
        *,
        years: int,
        beds: int,
        path: str,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.department, self.years, self.beds, self.path = name, years, beds, path
        self.title = self.title or f"{name}开展临床诊疗工作{years}年以上，床位不少于{beds}张"

    def params(self, norm: type[Norm]) -> dict[str, Any]:
        return {
            **super().params(norm),
            "name": self.department,
            "years": self.years,
            "beds": self.beds,
        }

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.department(
            f"profile.{self.path}", self.department, min_years=self.years, min_beds=self.beds
        )

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        name, p = self.department, self.path
        return {
            f"{p}.registered": yes_no(
                f"已核准登记{name}诊疗科目", f"是否有卫生健康行政部门核准登记的{name}诊疗科目？"
            ),
            f"{p}.since": date_field(
                f"开展{name}临床诊疗工作起始日期", f"{name}哪一天开始开展临床诊疗工作？"
            )
            | {"x-help": f"须满{self.years}年（自起始日期逐日计算）；{norm.cite_text(self)}"},
            f"{p}.beds": number("床位数", "张", prompt=f"{name}床位数？", maximum=5000),
        }


class CriticalCare(Statement):
    """一: the 重症监护室 符合…专业危重患者救治要求 (the specialties in ``quote``, as the
    norm names them), declared at ``icu.critical_care``."""

    def __init__(self, clause: Numbered, quote: Quote, **options: Any):
        options.setdefault("label", "符合相关专业危重患者救治要求")
        super().__init__(clause, quote, path="icu.critical_care", **options)


class TrainedStaff(Clause):
    """Full-time staff trained and with ``years`` of experience: by default the
    重症监护室's 专职医师和护士 with 5年以上重症监护工作经验, as the norms ask it.

    Fields: one count per role (``{path}.{role}_{years}y``) and ``{path}.staff_trained``.
    """

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        path: str = "icu",
        roles: Mapping[str, str] = ICU_ROLES,
        years: int = 5,
        unit_name: str = "重症监护",
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.path, self.roles, self.years, self.unit_name = path, dict(roles), years, unit_name
        names = "和".join(self.roles.values())
        self.title = self.title or f"有经过专业培训、具备{years}年以上{unit_name}工作经验的{names}"

    def _count(self, role: str) -> str:
        return f"{self.path}.{role}_{self.years}y"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        counts = [
            c.staff_count(
                f"profile.{self._count(role)}",
                1,
                label=f"具备{self.years}年以上{self.unit_name}工作经验的{name}",
            )
            for role, name in self.roles.items()
        ]
        trained = c.is_true(f"profile.{self.path}.staff_trained", label="上述人员经过专业培训")
        return c.all_of(*counts, trained)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        found = {
            self._count(role): number(
                f"具备{self.years}年以上{self.unit_name}工作经验的{name}人数",
                "名",
                prompt=f"具备{self.years}年以上{self.unit_name}工作经验的{name}有几名？",
                maximum=1000,
            )
            for role, name in self.roles.items()
        }
        found[f"{self.path}.staff_trained"] = yes_no(
            "上述人员均经过专业培训", help=norm.cite_text(self)
        )
        return found


class Physicians(Clause):
    """At least ``count`` physicians registered here who meet every personnel requirement
    (and hold at least ``min_title``, where the clause names a title)."""

    template = "有至少{count}名具有{skill}临床应用能力的本医疗机构注册医师"
    default_title = "有至少{count}名具有本技术临床应用能力的本医疗机构注册医师"

    def __init__(
        self,
        clause: Numbered,
        count: int,
        quote: Quote | None = None,
        *,
        min_title: str | None = None,
        **options: Any,
    ):
        super().__init__(clause, quote, **options)
        self.count, self.min_title = count, min_title
        if min_title is not None and self.title == self.default_title:
            titled = c.TITLES[min_title]
            self.title = (
                f"有至少{{count}}名具有本技术临床应用能力的本医疗机构注册的{titled}及以上医师"
            )

    def params(self, norm: type[Norm]) -> dict[str, Any]:
        return {**super().params(norm), "count": self.count}

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.qualified_physicians(
            self.count, technology_label=norm.skill, min_title=self.min_title
        )


class OtherStaff(Count):
    """有开展本技术相适应的其他专业技术人员 (at least one, counted in the profile)."""

    template = "有开展{skill}相适应的其他专业技术人员。"

    def __init__(self, clause: Numbered, quote: Quote | None = None, **options: Any):
        options.setdefault("title", "有开展本技术相适应的其他专业技术人员")
        super().__init__(
            clause,
            quote,
            path="other_staff.count",
            minimum=1,
            label="其他专业技术人员",
            unit="名",
            **options,
        )

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.staff_count(f"profile.{self.path}", 1, label=self.label)


class OtherStaffTraining(Statement):
    """二(二): 其他相关卫生专业技术人员经过相关专业系统培训."""

    template = "经过{skill}相关专业系统培训"
    default_title = "其他相关卫生专业技术人员经过相关专业系统培训"

    def __init__(self, clause: Numbered = "二(二)", quote: Quote | None = None, **options: Any):
        options.setdefault("label", "其他相关卫生专业技术人员均经过{skill}相关专业系统培训")
        super().__init__(clause, quote, path="other_staff.trained", **options)


# -- 三 技术管理: institution-level declarations -----------------------------------


class Indications(Statement):
    """三(一): 严格遵守操作规范和诊疗指南，严格掌握适应证和禁忌证 (a declaration)."""

    template = (
        "严格遵守{skill}操作规范和诊疗指南，根据患者病情、可选择的治疗方案等因素综合判断治疗措施，"
        "因病施治，合理治疗，严格掌握{skill}的适应证和禁忌证。"
    )
    default_title = "严格遵守操作规范和诊疗指南，严格掌握适应证和禁忌证"

    def __init__(self, clause: Numbered, quote: Quote | None = None, **options: Any):
        options.setdefault("label", "本机构严格遵守操作规范和诊疗指南、严格掌握适应证和禁忌证")
        super().__init__(clause, quote, path="management.indications", **options)


class Reporting(Statement):
    """三: 按照卫生健康行政部门要求报告相关病例信息, declared at ``management.reporting``."""

    template = "按照卫生健康行政部门要求报告相关病例信息"

    def __init__(self, clause: Numbered, quote: Quote | None = None, **options: Any):
        options.setdefault("label", "按照卫生健康行政部门要求报告相关病例信息")
        super().__init__(clause, quote, path="management.reporting", **options)


class FollowupSystem(Statement):
    """三: 建立健全随访制度 (the institution's follow-up system; the case's plan is
    :class:`Followup`).

    :param planned_visit: for a norm that fixes no follow-up times, the label of the
        visit the case form plans (``"首次随访"``): the technology's follow-up
        schedule is then :meth:`FollowUpSchedule.planned`, cited to this clause
        (:meth:`Norm.followup_schedule`; a package's ``followup.SCHEDULE`` wins).
    """

    template = "建立健全{skill_cases}后随访制度，并按规定进行随访、记录。"
    default_title = "建立健全随访制度"

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        planned_visit: str | None = None,
        **options: Any,
    ):
        options.setdefault("label", "已建立健全本技术的随访制度")
        super().__init__(clause, quote, path="management.followup_system", **options)
        self.planned_visit = planned_visit


class Database(Clause):
    """三: 建立病例信息数据库并配备人员进行严格管理, reporting each case."""

    template = (
        "建立病例信息数据库并配备人员进行严格管理，在完成每例{skill_cases}后，"
        "应当按要求保留并按规定及时上报相关病例数据信息。"
    )
    default_title = "建立病例信息数据库并配备人员管理，按规定上报病例数据"

    def __init__(
        self, clause: Numbered, quote: Quote | None = None, *, staffed: bool = True, **options: Any
    ):
        super().__init__(clause, quote, **options)
        self.staffed = staffed

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        parts = [
            c.is_true("profile.management.database", label="已建立病例信息数据库"),
            c.is_true("profile.management.reporting", label="按规定及时上报病例数据信息"),
        ]
        if self.staffed:
            parts.insert(
                1,
                c.staff_count("profile.management.database_staff", 1, label="数据库管理人员"),
            )
        return c.all_of(*parts)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        help = norm.cite_text(self)
        found = {"management.database": yes_no("已建立病例信息数据库", help=help)}
        if self.staffed:
            found["management.database_staff"] = number(
                "数据库管理人员人数",
                "名",
                prompt="配备几名人员管理病例信息数据库？（可在名册中登记为“数据管理人员”）",
                maximum=1000,
            )
        found["management.reporting"] = yes_no("完成每例后按要求保留并按规定及时上报病例数据信息")
        return found


class Assessment(Statement):
    """三: 医疗机构和医师按照规定接受临床应用能力评估."""

    template = (
        "医疗机构和医师按照规定接受{skill}临床应用能力评估，包括病例选择、手术成功率、严重并发症、"
        "医疗事故发生情况、术后患者管理，患者生存质量以及随访情况和病历质量等。"
    )
    default_title = "按照规定接受临床应用能力评估"

    def __init__(self, clause: Numbered, quote: Quote | None = None, **options: Any):
        options.setdefault("label", "本机构和医师按照规定开展或接受本技术临床应用能力评估")
        super().__init__(clause, quote, path="management.assessment", **options)


class ApprovedDevices(Clause):
    """三: 使用经批准的器材，不得违规重复使用一次性医用器材 (two declarations)."""

    default_title = "使用经批准的器材，不重复使用一次性医用器材"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.all_of(
            c.is_true("profile.management.approved_devices", label="使用经药品监管部门批准的器材"),
            c.is_true("profile.management.no_reuse", label="不违规重复使用一次性医用器材"),
        )

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        return {
            "management.approved_devices": yes_no(
                "使用经药品监管部门批准的本技术相关器材", help=norm.cite_text(self)
            ),
            "management.no_reuse": yes_no(
                "不违规重复使用一次性医用器材", "是否保证不违规重复使用一次性医用器材？"
            ),
        }


class DeviceRegister(Statement):
    """三: 建立器材登记制度，保证器材来源可追溯."""

    default_title = "建立器材登记制度，保证器材来源可追溯"

    def __init__(self, clause: Numbered, quote: Quote, **options: Any):
        options.setdefault("label", "已建立器材登记制度，保证器材来源可追溯")
        super().__init__(clause, quote, path="management.device_register", **options)


# -- 三: case-level ---------------------------------------------------------------


class TrainedAtBase(Clause):
    """四(一): what a physician trained at a base has done there (参与不少于N例患者全过程的
    管理, 参与完成至少N例): met by the training route the physician profile records,
    under the norm's training rule; it asks no question of its own."""

    section = PERSONNEL

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.training_route("base", norm.training_rule(edition))


class Deciders(Clause):
    """三: 由N名副主任医师以上、具有临床应用能力的（本机构）人员决定."""

    section = CASE

    def __init__(
        self,
        clause: Numbered,
        quote: Quote,
        *,
        count: int = 2,
        min_title: str = "associate_chief",
        same_institution: bool | Mapping[str, bool] = False,
        title_years: int = 0,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.count, self.min_title, self.same = count, min_title, same_institution
        self.title_years = title_years

    def _same(self, edition: str) -> bool:
        return self.same[edition] if isinstance(self.same, Mapping) else self.same

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.decided_by(
            self.count,
            min_title=self.min_title,
            same_institution=self._same(edition),
            title_years=self.title_years,
        )

    def title_for(self, norm: type[Norm], edition: str) -> str:
        held = f"任职资格{self.title_years}年" if self.title_years else ""
        return self.title or (
            f"由{self.count}名{c.TITLES[self.min_title]}{held}以上、具有本技术临床应用能力的"
            + ("本机构" if self._same(edition) else "")
            + "专业技术人员决定"
        )


class RegisteredDecider(Deciders):
    """三: 由本机构注册（执业）医师决定 — one physician of the institution, of any title."""

    def __init__(self, clause: Numbered, quote: Quote, **options: Any):
        super().__init__(
            clause, quote, count=1, min_title="resident", same_institution=True, **options
        )


class Operator(Clause):
    """三: 术者具有本技术临床应用能力（2022: 本医疗机构注册医师）."""

    section = CASE

    def __init__(
        self,
        clause: Numbered,
        quote: Quote,
        *,
        registered_here: bool | Mapping[str, bool] = False,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.registered_here = registered_here

    def _here(self, edition: str) -> bool:
        here = self.registered_here
        return here[edition] if isinstance(here, Mapping) else here

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.operator_qualified(registered_here=self._here(edition))

    def title_for(self, norm: type[Norm], edition: str) -> str:
        return self.title or "术者具有本技术临床应用能力" + (
            "，为本医疗机构注册医师" if self._here(edition) else ""
        )


class Consent(Clause):
    """三: 实施前告知并签署知情同意书 (the case's consent, signed before the procedure)."""

    section = CASE
    default_title = "实施前告知并签署知情同意书"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.consent_signed()


class Followup(Clause):
    """三: 按规定进行随访、记录 (the case records a follow-up plan)."""

    section = CASE
    template = "建立健全{skill_cases}后随访制度，并按规定进行随访、记录。"
    default_title = "按规定进行随访、记录"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.followup_planned()


class DeviceBarcodes(Clause):
    """三: 手术记录留存器材条形码或其他合格证明文件 (every device of the case)."""

    section = CASE
    default_title = "手术记录留存器材条形码"

    def __init__(self, clause: Numbered, quote: Quote, *, required: bool = True, **options: Any):
        super().__init__(clause, quote, **options)
        self.required = required

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.device_barcodes(required=self.required)


# -- 二 and 四(一): personnel -----------------------------------------------------


class Licence(Clause):
    """二(一)1: 《医师执业证书》, practice scope among ``scopes`` (2022: 本医疗机构注册医师)."""

    section = PERSONNEL

    def __init__(
        self,
        clause: Numbered,
        quote: Quote,
        *,
        scopes: Mapping[str, str],
        registered_here: bool | Mapping[str, bool] = False,
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.scopes, self.registered_here = dict(scopes), registered_here

    def _here(self, edition: str) -> bool:
        here = self.registered_here
        return here[edition] if isinstance(here, Mapping) else here

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.licence_scope(self.scopes, registered_here=self._here(edition))

    def title_for(self, norm: type[Norm], edition: str) -> str:
        return self.title or "取得《医师执业证书》，执业范围为相关专业" + (
            "，为本医疗机构注册医师" if self._here(edition) else ""
        )


class Experience(Clause):
    """二(一)2: ``years`` years or more in the specialty, from the date the physician began."""

    section = PERSONNEL
    template = "有{years}年以上开展{skill}相关专业临床诊疗工作经验"

    def __init__(
        self,
        clause: Numbered,
        quote: Quote | None = None,
        *,
        years: int,
        what: str = "",
        path: str = "specialty_since",
        **options: Any,
    ) -> None:
        super().__init__(clause, quote, **options)
        self.years, self.what, self.path = years, what, path
        self.title = self.title or f"有{years}年以上相关专业临床诊疗工作经验"

    def params(self, norm: type[Norm]) -> dict[str, Any]:
        return {**super().params(norm), "years": self.years}

    def _what(self, norm: type[Norm]) -> str:
        return self.what or f"从事{norm.skill}相关专业临床诊疗工作"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.years_since(f"profile.{self.path}", self.years, label=self._what(norm))

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        return {
            self.path: date_field(
                f"开始{self._what(norm)}的日期", f"哪一天开始{self._what(norm)}？"
            )
            | {"x-help": f"须满{self.years}年（自该日逐日计算）；{norm.cite_text(self)}"}
        }


class Title(Clause):
    """A title (专业技术职务任职资格) of at least ``minimum``; with ``years``, held
    that many full years (the physician's ``title_since``, forms/physician)."""

    section = PERSONNEL

    def __init__(
        self,
        clause: Numbered,
        quote: Quote,
        *,
        minimum: str = "attending",
        years: int = 0,
        **options: Any,
    ):
        super().__init__(clause, quote, **options)
        self.minimum, self.years = minimum, years
        held = f"{years}年" if years else ""
        self.title = self.title or f"具有{c.TITLES[minimum]}以上专业技术职务任职资格{held}"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.title_at_least(self.minimum, years=self.years)

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        if not self.years:
            return {}
        return {"title_since": _title_since(self.minimum, self.years, norm.cite_text(self))}


def _title_since(minimum: str, years: int, cited: str) -> dict[str, Any]:
    name = c.TITLES[minimum]
    return date_field(f"取得{name}任职资格的日期", f"哪一天取得{name}专业技术职务任职资格？") | {
        "x-help": f"须满{years}年（自该日逐日计算；职称高于{name}者视为已满）；{cited}"
    }


class Training(Clause):
    """二(一)3: trained at a filed base, or by a route 四(一) accepts instead.

    The training block of the physician profile is the shared fragment
    ``forms/training.schema.json``; its help text states this norm's numbers,
    from the same :class:`TrainingRule` the check uses.
    """

    section = PERSONNEL
    default_title = "经过培训基地系统培训（或按培训管理要求视为达到、免于培训）"

    def condition(self, norm: type[Norm], edition: str) -> Condition:
        return c.training_or_exemption(norm.training_rule(edition))

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        # Every edition's rule: where an edition has no 二(一)3 of its own (2022 S05 asks
        # the training inside a route of 二(一)), its physicians still read its numbers.
        declared = norm.training_rules
        editions = [
            e
            for e in norm.technology.editions
            if self.applies_to(norm, e) or (isinstance(declared, Mapping) and e in declared)
        ]
        rules = "；".join(
            f"{norm.technology.cite(e, '管理规范 四(一)')}：{norm.training_rule(e).describe()}"
            for e in editions
        )
        return {"training": {"$ref": FRAGMENT_BASE + "training.schema.json", "x-help": rules}}


class TrainingRoutes(Clause):
    """四(一): the trainee's licence and title (1), and each training route of the rule.

    Gives ``personnel.trainee_requirements`` and ``personnel.training_<route>``
    (``training_base``, ``training_overseas``, ``training_nhc_base``,
    ``training_exemption``), one per route the edition's rule has, with the
    clause numbers in ``clauses`` (route -> clause) and ``quotes``. A quote names
    the base as the edition's rule does (``base_term``) where it writes ``{base}``.
    """

    section = PERSONNEL
    _IDS: ClassVar[dict[str, str]] = {
        "base": "training_base",
        "overseas": "training_overseas",
        "nhc_base": "training_nhc_base",
        "exempt": "training_exemption",
    }

    def __init__(
        self,
        clauses: Mapping[str, Numbered],
        quotes: Mapping[str, Quote],
        *,
        titles: Mapping[str, str] | None = None,
        min_title: str = "attending",
        min_title_years: int = 0,
        scopes: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(clauses["trainee"], quotes["trainee"], **options)
        self.clauses, self.quotes = dict(clauses), dict(quotes)
        self.titles = dict(titles or {})
        self.min_title, self.scopes = min_title, dict(scopes or {})
        self.min_title_years = min_title_years

    def checks(self, norm: type[Norm], edition: str) -> list[Check]:
        rule = norm.training_rule(edition)
        slug = norm.technology.slug
        first = Check(
            f"{slug}.personnel.trainee_requirements",
            Level.PERSONNEL,
            self.titles.get(
                "trainee",
                f"拟开展本技术的医师具有《医师执业证书》和{c.TITLES[self.min_title]}及以上职称",
            ),
            norm.technology.cite(
                edition,
                f"管理规范 {_pick(self.clauses['trainee'], edition)}",
                _pick(self.quotes["trainee"], edition),
            ),
            self._gate(
                c.all_of(
                    c.licence_scope(self.scopes),
                    c.title_at_least(self.min_title, years=self.min_title_years),
                )
            ),
        )
        found = [first]
        for route, name in self._IDS.items():
            if route not in self.quotes or not rule.has_route(route):
                continue
            quote = self.quotes[route]
            if isinstance(quote, Mapping) and edition not in quote:
                continue
            found.append(
                Check(
                    f"{slug}.personnel.{name}",
                    Level.PERSONNEL,
                    self.titles.get(route, rule.route_title(route)),
                    norm.technology.cite(
                        edition,
                        f"管理规范 {_pick(self.clauses[route], edition)}",
                        _pick(quote, edition).replace("{base}", rule.base_term),
                    ),
                    self._gate(c.training_route(route, rule)),
                )
            )
        return found

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        if not self.min_title_years:
            return {}
        return {
            "title_since": _title_since(self.min_title, self.min_title_years, norm.cite_text(self))
        }

    def _gate(self, rule: Condition) -> Condition:
        """The rule under ``when`` (a tiered route: only for those who take up the tier)."""
        if self.when is None:
            return rule
        return c.when(self.when, rule, otherwise=self.otherwise or "本项不适用")


def _pick(quote: Quote, edition: str) -> str:
    return quote[edition] if isinstance(quote, Mapping) else quote


# -- 四(二): the training base ---------------------------------------------------


@dataclass(frozen=True)
class _BaseItem:
    name: str
    clause: str
    title: str
    template: str


_BASE_WORK = (
    _BaseItem(
        "curriculum",
        "四(二)2(1)",
        "培训教材和培训大纲满足培训要求",
        "培训教材和培训大纲满足培训要求，课程设置包括理论学习、临床实践。",
    ),
    _BaseItem(
        "schedule",
        "四(二)2(2)",
        "保证接受培训的医师在规定时间内完成规定的培训",
        "保证接受培训的医师在规定时间内完成规定的培训。",
    ),
    _BaseItem(
        "assessment",
        "四(二)2(3)",
        "培训结束后进行考试、考核并出具结论",
        "培训结束后，对接受培训的医师进行考试、考核，并出具是否合格的结论。",
    ),
    _BaseItem(
        "archives",
        "四(二)2(4)",
        "为每位接受培训的医师建立档案",
        "为每位接受培训的医师建立培训及考试、考核档案。",
    ),
)


class TrainingBase(Clause):
    """四(二): the conditions of a training base, for an institution that is (or
    applies to become) one; elsewhere every check is not applicable.

    Gives ``training_base.grade`` (三级甲等 and 符合本规范要求),
    ``training_base.experience`` (``years`` performing, ``beds``),
    ``training_base.volume`` (``annual_cases`` and ``annual_therapeutic`` in each
    of the last three years), ``training_base.tutors`` (``tutors``, of whom
    ``chief_tutors`` 主任医师), ``training_base.resources``, and the four items
    of 培训工作基本要求. ``quotes`` replaces the standard wording item by item
    (keys as above); ``clauses`` the clause numbers.
    """

    section = BASE
    _ITEMS = (
        _BaseItem(
            "grade",
            "四(二)1(1)",
            "培训基地为三级甲等医院，符合本技术管理规范要求",
            "三级甲等医院，符合{skill}管理规范要求。",
        ),
        _BaseItem(
            "experience",
            "四(二)1(2)",
            "开展本技术不少于{years}年，病房床位数不少于{beds}张",
            "开展{skill}不少于{years}年，具有符合{skill}要求的病房床位数不少于{beds}张。",
        ),
        _BaseItem(
            "volume",
            "四(二)1(3)",
            "近3年每年病例不少于{annual_cases}例，其中治疗性病例不少于{annual_therapeutic}例",
            "近3年每年开展{skill_cases}病例不少于{annual_cases}例，"
            "其中治疗性病例不少于{annual_therapeutic}例。",
        ),
        _BaseItem(
            "tutors",
            "四(二)1(4)",
            "有不少于{tutors}名指导医师，其中至少{chief_tutors}名主任医师",
            "有不少于{tutors}名具有{skill}临床应用能力的指导医师",
        ),
        _BaseItem(
            "resources",
            "四(二)1(5)",
            "有与开展培训工作相适应的人员、技术、设备和设施",
            "有与开展{skill}培训工作相适应的人员、技术、设备和设施等条件。",
        ),
        *_BASE_WORK,
    )

    def __init__(
        self,
        *,
        years: int,
        beds: int,
        annual_cases: int,
        annual_therapeutic: int,
        tutors: int,
        chief_tutors: int,
        quotes: Mapping[str, Quote] | None = None,
        clauses: Mapping[str, str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__("四(二)", **options)
        self.numbers = {
            "years": years,
            "beds": beds,
            "annual_cases": annual_cases,
            "annual_therapeutic": annual_therapeutic,
            "tutors": tutors,
            "chief_tutors": chief_tutors,
        }
        self.quotes = dict(quotes or {})
        self.clauses = dict(clauses or {})

    def params(self, norm: type[Norm]) -> dict[str, Any]:
        return {**super().params(norm), **self.numbers}

    def _conditions(self, norm: type[Norm]) -> dict[str, Condition]:
        n, b = self.numbers, "profile.training_base"
        grades = {"3A": "三级甲等"}
        others = {"3B": "三级乙等", "3": "三级（未定等）", "2A": "二级甲等", "2B": "二级乙等"}
        return {
            "grade": c.all_of(
                c.one_of(
                    "general.grade", grades, label="医院等级", others={**others, "1": "一级及以下"}
                ),
                c.is_true(f"{b}.meets_norm", label=f"符合{norm.skill}管理规范要求"),
            ),
            "experience": c.all_of(
                c.at_least(f"{b}.years_performing", n["years"], label="开展本技术", unit="年"),
                c.at_least(
                    f"{b}.ward_beds", n["beds"], label="符合本技术要求的病房床位", unit="张"
                ),
            ),
            "volume": c.all_of(
                c.at_least(
                    f"{b}.min_annual_cases",
                    n["annual_cases"],
                    label="近3年病例最少的一年",
                    unit="例",
                ),
                c.at_least(
                    f"{b}.min_annual_therapeutic",
                    n["annual_therapeutic"],
                    label="近3年治疗性病例最少的一年",
                    unit="例",
                ),
            ),
            "tutors": c.all_of(
                c.staff_count(f"{b}.tutors", n["tutors"], label="指导医师"),
                c.staff_count(
                    f"{b}.chief_tutors", n["chief_tutors"], label="具有主任医师职称的指导医师"
                ),
            ),
            "resources": c.is_true(
                f"{b}.resources", label="有与开展培训工作相适应的人员、技术、设备和设施"
            ),
            "curriculum": c.is_true(f"{b}.curriculum", label="培训教材和培训大纲满足培训要求"),
            "schedule": c.is_true(f"{b}.on_schedule", label="保证在规定时间内完成规定的培训"),
            "assessment": c.is_true(
                f"{b}.final_assessment", label="培训结束后考试、考核并出具结论"
            ),
            "archives": c.is_true(f"{b}.archives", label="为每位受训医师建立培训及考试、考核档案"),
        }

    def checks(self, norm: type[Norm], edition: str) -> list[Check]:
        applies = c.is_true("profile.training_base.applies", label="本机构为（或申请成为）培训基地")
        conditions = self._conditions(norm)
        params = self.params(norm)
        found = []
        for item in self._ITEMS:
            quote = self.quotes.get(item.name)
            text = _pick(quote, edition) if quote is not None else item.template.format(**params)
            found.append(
                Check(
                    f"{norm.technology.slug}.training_base.{item.name}",
                    Level.INSTITUTION,
                    item.title.format(**params),
                    norm.technology.cite(
                        edition, f"管理规范 {self.clauses.get(item.name, item.clause)}", text
                    ),
                    c.when(
                        applies,
                        conditions[item.name],
                        otherwise="本机构不是（也未申请成为）培训基地",
                    ),
                )
            )
        return found

    def fields(self, norm: type[Norm]) -> dict[str, dict[str, Any]]:
        # The whole block is one object: "applies" first, the rest asked only when it holds.
        n, skill = self.numbers, norm.skill
        then = {
            "meets_norm": yes_no(f"符合{skill}管理规范要求"),
            "years_performing": number(
                f"开展{skill}年数", "年", prompt=f"本机构开展{skill}多少年？", maximum=200
            ),
            "ward_beds": number(
                "符合本技术要求的病房床位数", "张", prompt=f"具有符合{skill}要求的病房床位多少张？"
            ),
            "min_annual_cases": number(
                "近3年每年开展病例数（最少一年）",
                "例",
                prompt="近3年中开展本技术病例最少的一年是多少例？",
            ),
            "min_annual_therapeutic": number(
                "近3年每年治疗性病例数（最少一年）",
                "例",
                prompt="近3年中治疗性病例最少的一年是多少例？",
            ),
            "tutors": number(
                "指导医师人数",
                "名",
                prompt=f"具有{skill}临床应用能力的指导医师有几名？",
                maximum=1000,
            ),
            "chief_tutors": number(
                "主任医师职称的指导医师人数",
                "名",
                prompt="其中具有主任医师专业技术职务任职资格的有几名？",
                maximum=1000,
            ),
            "resources": yes_no("有与开展培训工作相适应的人员、技术、设备和设施"),
            "curriculum": yes_no("培训教材和培训大纲满足培训要求，课程设置包括理论学习、临床实践"),
            "on_schedule": yes_no(
                "保证接受培训的医师在规定时间内完成规定的培训",
                "能否保证接受培训的医师在规定时间内完成规定的培训？",
            ),
            "final_assessment": yes_no("培训结束后进行考试、考核，并出具是否合格的结论"),
            "archives": yes_no("为每位接受培训的医师建立培训及考试、考核档案"),
        }
        for order, field in enumerate(then.values(), 2):
            field["x-order"] = order * 10
        help = (
            f"培训基地：开展本技术不少于{n['years']}年，病房床位不少于{n['beds']}张，近3年每年病例"
            f"不少于{n['annual_cases']}例（治疗性不少于{n['annual_therapeutic']}例），指导医师不少于"
            f"{n['tutors']}名（主任医师至少{n['chief_tutors']}名）（{norm.cite_text(self)}）。"
            "不申请可答“否”，以下各项不适用。"
        )
        return {
            "training_base": {
                "type": "object",
                "title": "培训基地",
                "properties": {
                    "applies": yes_no(
                        "本机构为（或申请成为）培训基地",
                        f"本机构是否为（或申请成为）{skill}培训基地？",
                        help,
                    )
                    | {"x-order": 10}
                },
                "required": ["applies"],
                "allOf": [
                    {
                        "if": {"properties": {"applies": {"const": True}}, "required": ["applies"]},
                        "then": {"properties": then},
                    }
                ],
                "unevaluatedProperties": False,
            }
        }


# -------------------------------------------------------------------------
# The norm
# -------------------------------------------------------------------------


class Norm:
    """A technology's 管理规范: its clauses, declared as class attributes.

    :cvar technology: the :class:`Technology` (its editions and catalog numbers).
    :cvar skill: how the norm's text names the technology (``心血管疾病介入诊疗技术``);
        the standard wordings are formatted with it.
    :cvar skill_cases: how it names a case count (``心血管疾病介入诊疗``).
    :cvar training_rules: the 四(一) training rule, one or edition -> rule.
    :cvar groups: titles (and help, after ``|``) of the objects the profile fields
        sit in, by path (``{"icu": "重症监护室"}``); the standard clauses' own groups
        (:data:`STANDARD_GROUPS`: 技术管理, 其他专业技术人员, 培训基地) need none.
    :cvar switches: institution profile fields that decide which clauses apply
        (the sub-technologies performed), asked first: path -> schema.
    :cvar personnel_switches: the same for the physician profile (拟独立开展四级手术:
        the tiered personnel clauses read it with ``when=``).
    :cvar asked_when: group path -> the yes/no switch (a sibling of the group, or a
        field inside it) without which the group's questions are not asked
        (``{"grade4_conditions": "grade4", "training_base": "training_base.applies"}``);
        the clauses reading them are not applicable then anyway.
    """

    technology: ClassVar[Technology]
    skill: ClassVar[str] = ""
    skill_cases: ClassVar[str] = ""
    training_rules: ClassVar[TrainingRule | Mapping[str, TrainingRule]] = TrainingRule()
    groups: ClassVar[Mapping[str, str]] = {}
    switches: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    personnel_switches: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    asked_when: ClassVar[Mapping[str, str]] = {}
    _clauses: ClassVar[tuple[Clause, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        inherited = [c for c in cls._clauses if c.name not in vars(cls)]
        own = [v for v in vars(cls).values() if isinstance(v, Clause)]
        cls._clauses = (*inherited, *own)
        if not cls.skill_cases:
            cls.skill_cases = cls.skill.removesuffix("技术")

    @classmethod
    def clauses(cls) -> tuple[Clause, ...]:
        return cls._clauses

    @classmethod
    def training_rule(cls, edition: str) -> TrainingRule:
        rule = cls.training_rules
        return rule[edition] if isinstance(rule, Mapping) else rule

    @classmethod
    def cite_text(cls, clause: Clause) -> str:
        """``2023 S05 一(二)1``-style text for help (every edition the clause is in)."""
        editions = [e for e in cls.technology.editions if clause.applies_to(cls, e)]
        if isinstance(clause.clause, Mapping):
            return "、".join(
                f"{e} {cls.technology.editions[e]} {clause.clause_for(e)}"
                for e in sorted(editions, reverse=True)
            )
        numbers = "、".join(
            f"{e} {cls.technology.editions[e]}" for e in sorted(editions, reverse=True)
        )
        return f"{numbers} {clause.clause}"

    @classmethod
    def followup_schedule(cls) -> FollowUpSchedule | None:
        """The visit the case form plans, when the 随访制度 clause names one
        (``FollowupSystem(planned_visit=…)``), cited to that clause in the newest
        edition that has it; None otherwise."""
        for clause in cls._clauses:
            if isinstance(clause, FollowupSystem) and clause.planned_visit:
                edition = max(e for e in cls.technology.editions if clause.applies_to(cls, e))
                citation = cls.technology.cite(
                    edition,
                    f"管理规范 {clause.clause_for(edition)}",
                    clause.quote_for(cls, edition),
                )
                return FollowUpSchedule.planned(citation, label=clause.planned_visit)
        return None

    @classmethod
    def checks(cls, edition: str) -> list[Check]:
        """Every check of ``edition``, in the order the clauses are declared."""
        return [
            check
            for clause in cls._clauses
            if clause.applies_to(cls, edition)
            for check in clause.checks(cls, edition)
        ]

    @classmethod
    def all_checks(cls) -> Iterator[Check]:
        for edition in cls.technology.editions:
            yield from cls.checks(edition)

    @classmethod
    def declared(cls, group: str = "management", **values: Any) -> dict[str, Any]:
        """The answers to an institution profile group that declare every clause of it:
        each yes/no question answered yes, the others (staff counts…) from ``values``.

        For an institution that meets the norm (a demo's, an example's):
        ``NORM.declared("management", database_staff=2)``.

        :raises ValueError: a question that is not yes/no without a value, or a value
            for a question the group does not ask.
        """
        node: Mapping[str, Any] = cls.profile_form("institution") or {}
        for key in group.split("."):
            node = _asked(node).get(key) or {}
        asked = _asked(node)
        slug = cls.technology.slug
        if not asked:
            raise ValueError(f"{slug} asks no {group}")
        unknown = sorted(set(values) - set(asked))
        unanswered = [k for k, f in asked.items() if f.get("type") != "boolean" and k not in values]
        if unknown or unanswered:
            raise ValueError(f"{slug} {group}: no value for {unanswered}, no question {unknown}")
        return {k: values.get(k, True) for k in asked}

    @classmethod
    def profile_form(cls, kind: str) -> dict[str, Any] | None:
        """The technology's part of the ``institution`` or ``physician`` profile, or None."""
        level = {"institution": (INSTITUTION, BASE), "physician": (PERSONNEL,)}[kind]
        fields: dict[str, dict[str, Any]] = {}
        first = cls.switches if kind == "institution" else cls.personnel_switches
        fields.update({path: dict(schema) for path, schema in first.items()})
        for clause in cls._clauses:
            if clause.section in level:
                for path, schema in clause.fields(cls).items():
                    fields[path] = _merge_field(fields[path], schema) if path in fields else schema
        if not fields:
            return None
        noun = {"institution": "医疗机构条件", "physician": "医师条件"}[kind]
        root = _tree(fields, {**STANDARD_GROUPS, **cls.groups})
        for group, switch in cls.asked_when.items():
            _ask_when(root, group, switch)
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://schemas.rtech.local/plugins/{cls.technology.slug}/profile_{kind}.schema.json",
            "title": f"{cls.technology.name} {noun}",
            "description": f"{cls.technology.name}管理规范所核查的{noun}（由标准规范生成）。",
            "x-form-version": "2",
            **root,
        }


def _asked(node: Mapping[str, Any]) -> dict[str, Any]:
    """An object's questions: its own, then those asked after a switch (``asked_when``)."""
    found = dict(node.get("properties", {}))
    for branch in node.get("allOf", ()):
        found.update(branch.get("then", {}).get("properties", {}))
    return found


def _merge_field(first: dict[str, Any], again: Mapping[str, Any]) -> dict[str, Any]:
    """A field two clauses ask: a multiple choice offers the options of both."""
    items, more = first.get("items"), again.get("items")
    if isinstance(items, Mapping) and isinstance(more, Mapping) and "oneOf" in items:
        known = {o["const"] for o in items["oneOf"]}
        extra = [o for o in more.get("oneOf", ()) if o["const"] not in known]
        return {**first, "items": {"oneOf": [*items["oneOf"], *extra]}}
    return first


def _ask_when(root: dict[str, Any], group: str, switch: str) -> None:
    """Move the group's questions under ``if switch is true`` (see ``Norm.asked_when``)."""
    where, name = group.split("."), switch.split(".")
    parent = root
    for key in where[:-1]:
        parent = parent["properties"].get(key) or {}
    found = parent.get("properties", {}).get(where[-1])
    if found is None:
        return  # the group is not part of this profile (the other kind)
    if name[:-1] == where:  # the switch is the group's own first question
        kept = {name[-1]: found["properties"][name[-1]]}
        rest = {k: v for k, v in found["properties"].items() if k != name[-1]}
        found["properties"] = kept
        holder, key, moved = found, name[-1], rest
    elif name[:-1] == where[:-1]:  # the switch sits beside the group
        holder, key, moved = parent, name[-1], {where[-1]: parent["properties"].pop(where[-1])}
    else:
        raise ValueError(f"asked_when: {switch!r} is neither in nor beside {group!r}")
    holder.setdefault("allOf", []).append(
        {
            "if": {"properties": {key: {"const": True}}, "required": [key]},
            "then": {"properties": moved},
        }
    )


def _tree(fields: Mapping[str, dict[str, Any]], groups: Mapping[str, str]) -> dict[str, Any]:
    """Nested objects from dotted paths, ordered as declared; objects titled from ``groups``."""
    root: dict[str, Any] = {"type": "object", "properties": {}, "unevaluatedProperties": False}
    for path, schema in fields.items():
        node = root
        parts = path.split(".")
        for depth, key in enumerate(parts[:-1]):
            properties = node["properties"]
            if key not in properties:
                group = ".".join(parts[: depth + 1])
                title, _, help = groups.get(group, key).partition("|")
                child: dict[str, Any] = {
                    "type": "object",
                    "title": title,
                    "x-order": (len(properties) + 1) * 10,
                    "properties": {},
                    "unevaluatedProperties": False,
                }
                if help:
                    child["x-help"] = help
                properties[key] = child
            node = properties[key]
        leaf = dict(schema)
        leaf.setdefault("x-order", (len(node["properties"]) + 1) * 10)
        node["properties"][parts[-1]] = leaf
    return root
