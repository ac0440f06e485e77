"""The plugin contract: every hook a technology plugin (or an extension) may implement.

Hooks are grouped by what they supply. Each docstring says when the hook is
called, what its arguments are and what it returns; ``firstresult`` hooks stop at
the first non-None result.

*Technology hooks* take a ``technology`` argument. The host calls them only on the
plugin that declared that technology (through :func:`rtech_technology`) and on
plugins that declare no technology (extensions), so a technology plugin never
has to check which technology it is asked about and may leave the argument out
of its implementation. Extensions receive every technology and decide for
themselves.

The reference page ``docs/plugin-hooks.md`` is generated from this module
(``rtech plugin docs``); a test fails when the two disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pluggy

from rtech.catalog import Technology
from rtech.codes.model import CodeRules, ValueSet
from rtech.demo import TechnologyDemo
from rtech.eligibility.model import Check
from rtech.indicators.model import Indicator
from rtech.indicators.scores import Derived
from rtech.schedule import FollowUpSchedule

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("rtech")
hookimpl = pluggy.HookimplMarker("rtech")


# -------------------------------------------------------------------------
# Identity: which technology a plugin supplies
# -------------------------------------------------------------------------


@hookspec
def rtech_technology() -> Technology | None:
    """Declare the technology this plugin supplies.

    Called once per plugin, when the host loads the plugins.

    :return: the plugin's :class:`core.Technology` (slug, Chinese name as in the
        seed, edition -> catalog number, definitions quoted from the seed, seed
        sections it is built from), or ``None`` for an extension plugin that
        supplies no technology of its own. The host fills ``version`` from the
        plugin's distribution.
    """


# -------------------------------------------------------------------------
# Codes: identifying cases in coded discharge records
# -------------------------------------------------------------------------


@hookspec(firstresult=True)
def rtech_code_rules(technology: Technology, edition: str) -> CodeRules | None:
    """Supply the code rules that identify the technology's cases in one edition.

    Called when screening discharge records and by ``rtech rules show``.

    :param technology: the technology asked about.
    :param edition: ``"2022"`` or ``"2023"``.
    :return: a :class:`core.CodeRules` (value sets transcribed from the seed and a
        rule composed from the shapes in ``rtech``), or ``None`` when the edition
        defines no codes for the technology. A table an administrator imported
        with ``rtech rules import`` takes precedence over the plugin's.

    Stops at first non-None result.
    """


@hookspec
def rtech_code_lists() -> Sequence[ValueSet] | None:
    """Supply code lists the intake searches when a form field names them.

    Called once when the code index is built (first code question of a session,
    or ``rtech codes``). A form field's ``x-codeset`` names a list by its ``id``.

    :return: value sets to add to the searchable index (for example the whole
        national ICD-10 clinical edition, shipped by an extension plugin), or
        ``None``.
    """


@hookspec
def rtech_curated_codes(technology: Technology) -> Sequence[ValueSet] | None:
    """Supply the technology's curated code lists: the diagnoses and procedures its form asks about.

    Called once when the code index is built. A case of the technology
    searches these lists first, then the hospital's dictionary (``rtech codes
    import``), then every other list; another technology's codes never come
    before them. Codes and names are those of the national clinical editions
    (疾病分类与代码国家临床版2.0, 手术操作分类代码国家临床版3.0), each list citing
    where it comes from; an entry's ``aliases`` are other names clinicians type
    (冠心病 for 动脉粥样硬化性心脏病) and are searched but never recorded.

    :param technology: the technology asked about.
    :return: value sets (ids prefixed with the technology's slug), or ``None``.
    """


# -------------------------------------------------------------------------
# Forms: what is recorded for each case
# -------------------------------------------------------------------------


@hookspec(firstresult=True)
def rtech_case_form(technology: Technology) -> Mapping[str, Any] | None:
    """Supply the technology's case form as a JSON Schema (Draft 2020-12).

    Called when an intake starts, when a case is validated or rendered, and by
    the conformance suite. The schema may ``$ref`` the shared fragments in
    ``forms/`` and uses the form conventions (``x-prompt``, ``x-help``,
    ``x-order``, ``x-unit``, ``x-codeset``, ``x-warning``, ``if``/``then``).

    :param technology: the technology asked about.
    :return: the schema as a mapping, or ``None`` when the plugin has no form yet.

    Stops at first non-None result.
    """


@hookspec(firstresult=True)
def rtech_profile_form(technology: Technology, profile: str) -> Mapping[str, Any] | None:
    """Supply the technology-specific part of an institution or physician profile.

    Called when a profile is entered or imported for a technology, and by the
    self-assessment filing. The shared part of each profile is
    ``forms/institution.schema.json`` or ``forms/physician.schema.json``; this
    part holds what the technology's norm asks about (departments and beds,
    equipment, training at a filed base, exemption conditions).

    :param technology: the technology asked about.
    :param profile: ``"institution"`` or ``"physician"``.
    :return: a JSON Schema (Draft 2020-12) for the technology's part of that
        profile, or ``None`` when the technology asks nothing beyond the shared part.

    Stops at first non-None result.
    """


# -------------------------------------------------------------------------
# Eligibility: who may perform the technology, and on which cases
# -------------------------------------------------------------------------


@hookspec
def rtech_eligibility_checks(technology: Technology, edition: str) -> Sequence[Check] | None:
    """Supply the eligibility checks of the technology's management norm.

    Called when eligibility is evaluated (``rtech eligibility check``, the review
    step of an intake, the self-assessment filing). Results of all
    implementations are concatenated.

    :param technology: the technology asked about.
    :param edition: the edition whose norm applies.
    :return: :class:`core.Check` objects at the institution, personnel and case
        levels, each citing its seed clause, or ``None``.
    """


# -------------------------------------------------------------------------
# Indicators: quality control
# -------------------------------------------------------------------------


@hookspec
def rtech_indicators(technology: Technology, edition: str) -> Sequence[Indicator] | None:
    """Supply the technology's quality-control indicators for one edition.

    Called when indicators are listed or computed (``rtech indicators``, the
    dashboard, the quality report). Results of all implementations are
    concatenated.

    :param technology: the technology asked about.
    :param edition: the edition whose indicators apply.
    :return: :class:`core.Indicator` objects, each citing its seed clause, with
        numerator and denominator as predicates over the fields of the plugin's
        case form, or ``None``.
    """


@hookspec
def rtech_derived_scores(technology: Technology) -> Sequence[Derived] | None:
    """Supply the scores the technology computes from recorded measurements.

    Called when a case is reviewed (the review shows each computed value with the
    inputs it came from, under 计算所得). Results of all implementations are
    concatenated. The same objects serve as predicates and values in indicators.

    :param technology: the technology asked about.
    :return: :class:`core.Derived` scores (tumour response, SIRS, Hb drop…), or ``None``.
    """


# -------------------------------------------------------------------------
# Follow-up and demonstration data
# -------------------------------------------------------------------------


@hookspec(firstresult=True)
def rtech_followup_schedule(technology: Technology) -> FollowUpSchedule | None:
    """Supply the technology's follow-up schedule.

    Called when follow-ups due are listed (``rtech followups due``, the home
    screen) and when a follow-up visit is recorded (``rtech intake --case ID
    --followup``: the visit's scores are asked by the form).
    Stops at first non-None result.

    :param technology: the technology asked about.
    :return: a :class:`core.FollowUpSchedule` (the visits, days or months after an
        anchor date, with the clause that asks for them), or ``None`` when the
        technology schedules no follow-up.
    """


@hookspec(firstresult=True)
def rtech_demo(technology: Technology) -> TechnologyDemo | None:
    """Supply the technology's part of the synthetic demonstration hospital.

    Called by ``rtech demo`` (every installed technology, or ``--technology``):
    the core creates one hospital and asks each technology for its profile part,
    staff, cases (with follow-up visits), aggregate denominators and equipment QA
    checks.
    Stops at first non-None result.

    :param technology: the technology asked about.
    :return: a :class:`core.TechnologyDemo`, or ``None`` when it supplies no demo.
    """


# -------------------------------------------------------------------------
# Filing: the documents sent to the health commission
# -------------------------------------------------------------------------


@hookspec
def rtech_filing_sections(
    technology: Technology, document: str, context: Mapping[str, Any]
) -> Sequence[Mapping[str, Any]] | None:
    """Add technology-specific sections to a filing document.

    Called while a document is rendered, after the core has assembled its
    context. Results of all implementations are appended in order.

    :param technology: the technology the document is about.
    :param document: ``"case"`` (病例信息上报表), ``"registration"`` (技术备案自评表)
        or ``"report"`` (质量控制指标报告).
    :param context: the read-only data the document is rendered from: the
        document's JSON as ``docs/filing/data-format.md`` describes it (the same
        JSON the PDF carries as its attachment).
    :return: sections, each a mapping with ``title`` (Chinese) and ``rows``
        (a list of ``[label, value]`` pairs), or ``None``.
    """


# -------------------------------------------------------------------------
# Events: notifications, results ignored
# -------------------------------------------------------------------------


@hookspec
def rtech_case_submitted(
    technology: Technology, case_id: str, revision: int, answers: Mapping[str, Any]
) -> None:
    """A case was submitted (a new revision was stored and audited).

    Called after the transaction that stored the revision committed. Use it to
    notify other systems; the return value is ignored and an exception is
    logged, never propagated to the clinician.

    :param technology: the case's technology.
    :param case_id: the case's identifier.
    :param revision: the revision number just stored (1 for a first submission).
    :param answers: the submitted answers, read-only.
    """
