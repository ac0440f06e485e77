"""The subjects checks are evaluated against: plain JSON-like data from the store.

Keys at each level (a check's ``fields`` name paths into these):

institution
    ``id``, ``name``, ``code``, ``general`` (forms/institution answers),
    ``profile`` (the technology's part, the plugin's institution profile form),
    ``departments`` (``[{name, beds, since_year}]`` of the registry),
    ``physicians`` (one summary per physician with a profile for the technology,
    see below), ``cases`` (the institution's submitted cases of the technology,
    ``[{id, procedure_date, answers}]``, supplied only when a check reads them),
    ``as_of``.
personnel (a physician)
    ``id``, ``name``, ``title``, ``clinical_since``, ``registered_here``,
    ``licence_no``, ``active``, ``institution_id`` (registry columns),
    ``general`` (forms/physician answers), ``profile`` (the technology's part,
    the plugin's physician profile form), ``as_of``.
case
    ``id``, ``institution_id``, ``answers`` (the case's answers),
    ``physicians`` (``{id: summary}`` for every physician the answers name), ``as_of``.

A physician *summary* is ``{id, name, title, registered_here, active,
institution_id, title_since, qualified, role}`` (``title_since``: the date of the
title, from the technology's part of the profile where a norm counts years of a
title, :class:`rtech.norm.Title`; ``role``: the post the technology's part
declares, where its norm has several professions, e.g. 2023 S07 二) where
``qualified`` is the outcome of all the technology's personnel checks for that
physician (``pass`` / ``fail`` / ``unknown``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rtech.store.models import Institution, Physician

__all__ = [
    "CORE_KEYS",
    "institution_subject",
    "physician_subject",
    "physician_summary",
    "technology_profile",
]

#: Top-level subject keys the core supplies, per level (besides profile/general/answers).
CORE_KEYS: Mapping[str, frozenset[str]] = {
    "institution": frozenset({"id", "name", "code", "departments", "physicians", "cases", "as_of"}),
    "personnel": frozenset(
        {
            "id",
            "name",
            "title",
            "clinical_since",
            "registered_here",
            "licence_no",
            "active",
            "institution_id",
            "as_of",
        }
    ),
    "case": frozenset({"id", "institution_id", "physicians", "as_of"}),
}


def technology_profile(profile: Mapping[str, Any] | None, slug: str) -> dict[str, Any] | None:
    """The technology's part of a stored profile, or None when it was never entered."""
    technologies = (profile or {}).get("technologies") or {}
    part = technologies.get(slug)
    return dict(part) if isinstance(part, Mapping) else None


def institution_subject(
    institution: Institution,
    slug: str,
    physicians: list[dict[str, Any]],
    as_of: date,
    cases: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    profile = institution.profile or {}
    found = {
        "id": institution.id,
        "name": institution.name,
        "code": institution.code,
        "general": dict(profile.get("general") or {}),
        "profile": technology_profile(profile, slug) or {},
        "departments": [
            {"name": d.name, "beds": d.beds, "since_year": d.since_year}
            for d in institution.departments
        ],
        "physicians": physicians,
        "as_of": as_of.isoformat(),
    }
    if cases is not None:
        found["cases"] = cases
    return found


def physician_subject(physician: Physician, slug: str, as_of: date) -> dict[str, Any]:
    profile = physician.profile or {}
    return {
        "id": physician.id,
        "name": physician.name,
        "title": physician.title,
        "clinical_since": physician.clinical_since,
        "registered_here": physician.registered_here,
        "licence_no": physician.licence_no,
        "active": physician.active,
        "institution_id": physician.institution_id,
        "general": dict(profile.get("general") or {}),
        "profile": technology_profile(profile, slug) or {},
        "as_of": as_of.isoformat(),
    }


def physician_summary(
    physician: Physician, qualified: str, slug: str | None = None
) -> dict[str, Any]:
    profile = physician.profile or {}
    part = technology_profile(profile, slug) if slug else None
    since = (part or {}).get("title_since") or (profile.get("general") or {}).get("title_since")
    return {
        "id": physician.id,
        "name": physician.name,
        "title": physician.title,
        "registered_here": physician.registered_here,
        "active": physician.active,
        "institution_id": physician.institution_id,
        "title_since": since,
        "qualified": qualified,
        # the post the technology's part declares (放疗医师/物理师/技师), where it has one
        "role": (part or {}).get("role"),
    }
