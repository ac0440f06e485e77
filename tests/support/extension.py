"""An extension plugin for tests: a physician profile part and eligibility checks.

Cardio supplies real checks and profile forms of its own; this extension adds
checks beside them (one that raises) and a profile part for a technology that
has none (``bare_test``, tests/support/bare_plugin.py), so the intake's generic
handling of both hooks is tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import Check, Citation, Level, Outcome, Technology, Verdict, hookimpl

__version__ = "1.0"

TRAINING = {
    "type": "object",
    "title": "专项培训",
    "properties": {
        "trained": {
            "type": "boolean",
            "title": "已完成系统培训",
            "x-order": 10,
            "x-prompt": "是否已在备案培训基地完成本技术的系统培训？",
        },
        "cases": {
            "type": "integer",
            "minimum": 0,
            "title": "参与病例数",
            "x-unit": "例",
            "x-order": 20,
            "x-prompt": "培训期间参与介入诊疗多少例？",
        },
    },
    "required": ["trained"],
    "unevaluatedProperties": False,
}


@hookimpl
def rtech_profile_form(technology: Technology, profile: str) -> Mapping[str, Any] | None:
    if technology.slug == "bare_test" and profile == "physician":
        return TRAINING
    return None


def _deciders(subject: Mapping[str, Any]) -> Verdict:
    deciders = ((subject.get("answers") or {}).get("team") or {}).get("deciders") or []
    if len(deciders) >= 2:
        return Verdict(Outcome.PASS, f"决策医师 {len(deciders)} 名")
    return Verdict(Outcome.FAIL, f"决策医师仅 {len(deciders)} 名")


def _title(physician: Mapping[str, Any]) -> Verdict:
    ok = physician.get("title") in ("associate_chief", "chief")
    return Verdict(Outcome.PASS if ok else Outcome.FAIL, f"职称为 {physician.get('title')}")


def _broken(_: Mapping[str, Any]) -> Verdict:
    raise KeyError("missing")


@hookimpl
def rtech_eligibility_checks(technology: Technology, edition: str) -> list[Check] | None:
    if technology.slug != "cardio":
        return None
    number = technology.editions[edition]
    return [
        Check(
            "test.deciders",
            Level.CASE,
            "两名医师决定",
            Citation(edition, number, "三(二)"),
            _deciders,
        ),
        Check(
            "test.title",
            Level.PERSONNEL,
            "副主任医师以上",
            Citation(edition, number, "三(二)"),
            _title,
        ),
        Check(
            "test.broken", Level.CASE, "出错的检查", Citation(edition, number, "三(七)"), _broken
        ),
    ]
