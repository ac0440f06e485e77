"""Eligibility checks: data plus small pure functions, each citing its clause."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.catalog import Citation

__all__ = ["Check", "Level", "Outcome", "Verdict"]


class Level(StrEnum):
    """Who or what a check is about (the norm's sections)."""

    INSTITUTION = "institution"  # 医疗机构基本要求
    PERSONNEL = "personnel"  # 人员基本要求, 培训管理要求
    CASE = "case"  # 技术管理基本要求, indications

    @property
    def label(self) -> str:
        return {"institution": "医疗机构", "personnel": "人员", "case": "病例"}[self.value]


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # data missing; never counted as pass

    @property
    def label(self) -> str:
        return {"pass": "符合", "fail": "不符合", "unknown": "无法判断"}[self.value]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A check's result and a Chinese explanation naming the values it used."""

    outcome: Outcome
    explanation: str


@dataclass(frozen=True)
class Check:
    """One requirement of a management norm.

    ``evaluate`` receives the profile (institution or physician) or the case
    answers, as plain JSON-like data, and returns a :class:`Verdict`.
    """

    id: str
    level: Level
    title: str
    citation: Citation
    evaluate: Callable[[Mapping[str, Any]], Verdict]
