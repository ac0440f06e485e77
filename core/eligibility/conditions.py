"""Reusable conditions for eligibility checks: what two plugins would both write.

Every function returns a :class:`Condition` (``subject -> Verdict``) that knows
the subject paths it reads. Missing data gives ``UNKNOWN``, never ``PASS``; every
explanation names the values it used and the requirement it compared them to.

Subject paths (see :mod:`rtech.eligibility.subjects`): ``profile.…`` is the
technology's part of the profile, ``general.…`` the shared part, registry columns
(``title``, ``clinical_since``, ``registered_here``, ``licence_no``) sit at the
top of a physician subject, ``answers.…`` are a case's answers; ``physicians``
and ``as_of`` are supplied by the core.

The composite conditions at the end read profile blocks of a fixed shape, which
every technology's profile form reuses:

* a department block (``department``): ``registered`` (bool), ``since`` (a
  date), ``beds`` (int);
* a physician's training block (``training_or_exemption``): ``route`` (``base`` |
  ``overseas`` | ``nhc_base`` | ``exempt`` | ``none``), then per route
  ``base_filed``, ``months``, ``cases``, ``managed_cases``, ``passed``,
  ``certificate``, ``assessed_by_filed_base`` and, for ``exempt``, an
  ``exemption`` object with ``clinical_years``, ``title``, ``recent_cases`` and
  ``serious_adverse_event``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rtech.answers import MISSING, get_path
from rtech.eligibility.model import Condition, Outcome, Verdict, summarize

__all__ = [
    "ExemptionRule",
    "TrainingRule",
    "all_of",
    "anniversary",
    "any_of",
    "at_least",
    "case_share_at_least",
    "case_share_below",
    "cases_per_year",
    "consent_signed",
    "decided_by",
    "department",
    "device_barcodes",
    "equipment_present",
    "exemption_rule",
    "followup_planned",
    "icu_beds_and_area",
    "includes",
    "includes_any",
    "is_true",
    "licence_scope",
    "one_of",
    "operator_qualified",
    "performs",
    "qualified_physicians",
    "staff_count",
    "title_at_least",
    "title_held_years",
    "training_or_exemption",
    "training_route",
    "when",
    "years_since",
]

#: 专业技术职务任职资格, lowest first: the registry's titles (``rtech.store.registry.TITLES``,
#: kept equal by a test; not imported, so that plugins need not load the store).
TITLES: dict[str, str] = {
    "resident": "住院医师",
    "attending": "主治医师",
    "associate_chief": "副主任医师",
    "chief": "主任医师",
}
_TITLE_RANK = {title: rank for rank, title in enumerate(TITLES)}


def _get(subject: Mapping[str, Any], path: str) -> Any:
    value = get_path(subject, path, MISSING)
    return MISSING if value is None else value


def _as_of(subject: Mapping[str, Any]) -> date:
    raw = subject.get("as_of")
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        return date.fromisoformat(raw)
    return date.today()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fmt(number: float) -> str:
    return f"{number:g}"


def _yes(value: bool) -> str:
    return "是" if value else "否"


# -------------------------------------------------------------------------
# Primitives
# -------------------------------------------------------------------------


def is_true(path: str, *, label: str, expected: bool = True) -> Condition:
    """A yes/no answer that must be ``expected`` (``label：是``)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写")
        if not isinstance(value, bool):
            return Verdict(Outcome.UNKNOWN, f"{label}：“{value}”不是“是/否”")
        outcome = Outcome.PASS if value is expected else Outcome.FAIL
        return Verdict(outcome, f"{label}：{_yes(value)}")

    return Condition(evaluate, (path,))


def at_least(path: str, minimum: float, *, label: str, unit: str = "") -> Condition:
    """A number not below ``minimum`` (``床位 45张（要求不少于40张）``)."""
    wanted = f"要求不少于{_fmt(minimum)}{unit}"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（{wanted}）")
        number = _number(value)
        if number is None:
            return Verdict(Outcome.UNKNOWN, f"{label}：“{value}”不是数字（{wanted}）")
        outcome = Outcome.PASS if number >= minimum else Outcome.FAIL
        return Verdict(outcome, f"{label} {_fmt(number)}{unit}（{wanted}）")

    return Condition(evaluate, (path,))


def anniversary(start: date, years: int) -> date:
    """The day ``years`` full years from ``start`` are complete.

    民法典 第二百零三条: a period counted in years ends on the corresponding day
    of the last year, or on the last day of that month where it has no such day
    (29 February). The period includes that day, so on it the years are complete.
    """
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


def _start_date(value: Any) -> date | int | None:
    """A start as a date, a bare year (``int``, older profiles), or None if unreadable."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    return None


def years_since(path: str, minimum: int, *, label: str) -> Condition:
    """At least ``minimum`` full years from the start date at ``path`` to the assessment date.

    The seed's "N年以上" includes N (以上 counts the number itself), counted from
    day to day (:func:`anniversary`): started on 2019-03-15, five years are
    complete on 2024-03-15 and not on 2024-03-14. A bare year (an older profile
    that recorded only the year) decides only when every day of that year gives
    the same answer; otherwise the outcome is unknown and the date is asked for.
    """
    wanted = f"要求{minimum}年以上"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}起始日期：未填写（{wanted}）")
        start = _start_date(value)
        if start is None:
            return Verdict(Outcome.UNKNOWN, f"{label}起始日期：“{value}”不是日期（{wanted}）")
        as_of = _as_of(subject)
        if isinstance(start, int):
            earliest = anniversary(date(start, 1, 1), minimum)
            latest = anniversary(date(start, 12, 31), minimum)
            if as_of >= latest:
                outcome, shown = Outcome.PASS, "已满"
            elif as_of < earliest:
                outcome, shown = Outcome.FAIL, "未满"
            else:
                return Verdict(
                    Outcome.UNKNOWN,
                    f"{label}自{start}年起，仅填写年份，无法判断至{as_of.isoformat()}是否已满"
                    f"{minimum}年（{wanted}）；请填写起始日期",
                )
            return Verdict(
                outcome,
                f"{label}自{start}年起，至{as_of.isoformat()}{shown}{minimum}年（{wanted}）",
            )
        complete = anniversary(start, minimum)
        outcome = Outcome.PASS if as_of >= complete else Outcome.FAIL
        shown = "已满" if outcome is Outcome.PASS else f"未满（{complete.isoformat()}满）"
        return Verdict(
            outcome,
            f"{label}自{start.isoformat()}起，至{as_of.isoformat()}{shown}{minimum}年（{wanted}）",
        )

    return Condition(evaluate, (path,))


def includes(path: str, required: Mapping[str, str], *, label: str) -> Condition:
    """A multiple-choice answer holding every key of ``required`` (key -> label)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        needed = "、".join(required.values())
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求具备{needed}）")
        if not isinstance(value, list):
            return Verdict(Outcome.UNKNOWN, f"{label}：“{value}”不是清单")
        missing = [text for key, text in required.items() if key not in value]
        if missing:
            return Verdict(Outcome.FAIL, f"{label}：缺少{'、'.join(missing)}（要求具备{needed}）")
        return Verdict(Outcome.PASS, f"{label}：具备{needed}")

    return Condition(evaluate, (path,))


def includes_any(path: str, accepted: Mapping[str, str], *, label: str) -> Condition:
    """A multiple-choice answer holding at least one key of ``accepted``."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        wanted = "、".join(accepted.values())
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求为{wanted}之一）")
        if not isinstance(value, list):
            return Verdict(Outcome.UNKNOWN, f"{label}：“{value}”不是清单")
        found = [text for key, text in accepted.items() if key in value]
        if found:
            return Verdict(Outcome.PASS, f"{label}：{'、'.join(found)}")
        shown = "、".join(str(v) for v in value) or "（空）"
        return Verdict(Outcome.FAIL, f"{label}：{shown}（要求为{wanted}之一）")

    return Condition(evaluate, (path,))


def one_of(
    path: str,
    allowed: Mapping[str, str],
    *,
    label: str,
    others: Mapping[str, str] | None = None,
) -> Condition:
    """A choice whose value must be a key of ``allowed`` (``others`` labels the rest)."""
    names = {**(others or {}), **allowed}

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        wanted = "、".join(allowed.values())
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（要求为{wanted}）")
        shown = names.get(str(value), str(value))
        outcome = Outcome.PASS if str(value) in allowed else Outcome.FAIL
        suffix = "" if outcome is Outcome.PASS else f"（要求为{wanted}）"
        return Verdict(outcome, f"{label}：{shown}{suffix}")

    return Condition(evaluate, (path,))


def title_held_years(
    title: Any, since: Any, minimum: str, years: int, as_of: date
) -> tuple[Outcome, str]:
    """Whether a title of at least ``minimum`` has been held ``years`` full years by ``as_of``.

    The seed's "具有副主任医师专业技术职务任职资格3年以上": a physician of exactly
    ``minimum`` counts from ``since`` (the date of the title, day to day, as
    :func:`years_since`); a higher title passes, since it is conferred only on
    those who held ``minimum`` for longer (主任医师 after at least five years as
    副主任医师).
    """
    wanted = f"要求{TITLES[minimum]}任职资格{years}年以上"
    rank = _TITLE_RANK.get(str(title), -1)
    if rank < _TITLE_RANK[minimum]:
        shown = TITLES.get(str(title), "未填写")
        return Outcome.FAIL, f"职称{shown}（{wanted}）"
    if rank > _TITLE_RANK[minimum]:
        return Outcome.PASS, f"职称{TITLES[str(title)]}，高于{TITLES[minimum]}（{wanted}）"
    start = _start_date(since)
    if since is MISSING or since is None or start is None:
        return Outcome.UNKNOWN, f"取得{TITLES[minimum]}任职资格的日期未填写（{wanted}）"
    if isinstance(start, int):
        start = date(start, 12, 31)  # only a year: counted from its last day
    complete = anniversary(start, years)
    if as_of >= complete:
        return Outcome.PASS, f"{TITLES[minimum]}任职资格自{start.isoformat()}起已满{years}年"
    return (
        Outcome.FAIL,
        f"{TITLES[minimum]}任职资格自{start.isoformat()}起，至{as_of.isoformat()}未满{years}年"
        f"（{complete.isoformat()}满）",
    )


def title_at_least(
    minimum: str,
    *,
    path: str = "title",
    label: str = "专业技术职务任职资格",
    years: int = 0,
    since_path: str = "profile.title_since",
) -> Condition:
    """A title (住院医师 < 主治医师 < 副主任医师 < 主任医师) of at least ``minimum``;
    with ``years``, held that many full years (:func:`title_held_years`, the date of
    the title at ``since_path``)."""
    if minimum not in _TITLE_RANK:
        raise ValueError(f"unknown title {minimum!r}")

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        wanted = f"要求{TITLES[minimum]}及以上"
        if value is MISSING:
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写（{wanted}）")
        if value not in _TITLE_RANK:
            return Verdict(Outcome.UNKNOWN, f"{label}：“{value}”无法识别（{wanted}）")
        if years:
            outcome, text = title_held_years(
                value, _get(subject, since_path), minimum, years, _as_of(subject)
            )
            return Verdict(outcome, f"{label}：{text}")
        outcome = Outcome.PASS if _TITLE_RANK[value] >= _TITLE_RANK[minimum] else Outcome.FAIL
        return Verdict(outcome, f"{label}：{TITLES[value]}（{wanted}）")

    return Condition(evaluate, (path, since_path) if years else (path,))


# -------------------------------------------------------------------------
# Combinators
# -------------------------------------------------------------------------


def _join(verdicts: Sequence[Verdict]) -> str:
    return "；".join(v.explanation for v in verdicts if v.explanation)


def all_of(*conditions: Condition) -> Condition:
    """Every condition holds: fails if one fails, unknown if one is unknown."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        verdicts = [c(subject) for c in conditions]
        return Verdict(summarize(v.outcome for v in verdicts), _join(verdicts))

    return Condition(evaluate, frozenset().union(*(c.fields for c in conditions)))


def any_of(*conditions: Condition) -> Condition:
    """One condition holds: passes if one passes, fails only if every one fails."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        verdicts = [c(subject) for c in conditions]
        passed = [v for v in verdicts if v.outcome is Outcome.PASS]
        if passed:
            return Verdict(Outcome.PASS, _join(passed))
        outcomes = {v.outcome for v in verdicts}
        outcome = Outcome.UNKNOWN if Outcome.UNKNOWN in outcomes else Outcome.FAIL
        if outcomes == {Outcome.NOT_APPLICABLE}:
            outcome = Outcome.NOT_APPLICABLE
        return Verdict(outcome, _join(verdicts))

    return Condition(evaluate, frozenset().union(*(c.fields for c in conditions)))


def when(test: Condition, then: Condition, *, otherwise: str) -> Condition:
    """``then`` applies only where ``test`` passes; elsewhere not applicable (``otherwise``
    says why). An unknown ``test`` leaves the requirement unknown."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        applies = test(subject)
        if applies.outcome is Outcome.PASS:
            return then(subject)
        if applies.outcome is Outcome.UNKNOWN:
            return Verdict(Outcome.UNKNOWN, f"无法判断本项是否适用：{applies.explanation}")
        return Verdict(Outcome.NOT_APPLICABLE, f"{otherwise}（{applies.explanation}）")

    return Condition(evaluate, test.fields | then.fields)


def _contains(path: str, key: str, *, label: str, key_label: str) -> Condition:
    """Whether a multiple-choice answer holds ``key`` (PASS: yes, FAIL: no)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        value = _get(subject, path)
        if value is MISSING or not isinstance(value, list):
            return Verdict(Outcome.UNKNOWN, f"{label}：未填写")
        if key in value:
            return Verdict(Outcome.PASS, f"{label}包括{key_label}")
        return Verdict(Outcome.FAIL, f"{label}不包括{key_label}")

    return Condition(evaluate, (path,))


def performs(path: str, key: str, *, label: str, key_label: str) -> Condition:
    """A test for :func:`when`: the profile lists ``key`` among what it performs."""
    return _contains(path, key, label=label, key_label=key_label)


# -------------------------------------------------------------------------
# Institution
# -------------------------------------------------------------------------


def department(path: str, name: str, *, min_years: int, min_beds: int) -> Condition:
    """A registered department (诊疗科目) in service ``min_years`` years with ``min_beds`` beds.

    Reads ``{path}.registered``, ``{path}.since`` (the date its clinical work
    began) and ``{path}.beds``.
    """
    return all_of(
        is_true(f"{path}.registered", label=f"已核准登记{name}诊疗科目"),
        years_since(f"{path}.since", min_years, label=f"开展{name}临床诊疗工作"),
        at_least(f"{path}.beds", min_beds, label=f"{name}床位", unit="张"),
    )


def equipment_present(path: str, required: Mapping[str, str], *, label: str) -> Condition:
    """Every piece of equipment in ``required`` (key -> Chinese name) is listed at ``path``."""
    return includes(path, required, label=label)


def icu_beds_and_area(path: str, *, min_beds: int, min_area: float) -> Condition:
    """An ICU with ``min_beds`` beds and ``min_area`` m² of net floor space per bed.

    Reads ``{path}.beds`` and ``{path}.area_per_bed``.
    """
    return all_of(
        at_least(f"{path}.beds", min_beds, label="重症监护室病床", unit="张"),
        at_least(f"{path}.area_per_bed", min_area, label="每病床净使用面积", unit="平方米"),
    )


def staff_count(path: str, minimum: int, *, label: str) -> Condition:
    """At least ``minimum`` staff of a kind (``label``) recorded at ``path``."""
    return at_least(path, minimum, label=label, unit="名")


def qualified_physicians(
    minimum: int, *, technology_label: str, min_title: str | None = None
) -> Condition:
    """At least ``minimum`` physicians registered at the institution (本医疗机构注册医师)
    who meet every personnel requirement of the technology (and, with ``min_title``,
    hold at least that title: 2022 S04 二4 的"主任医师").

    Reads the subject's ``physicians``: the core assesses each physician who has
    a profile for the technology and records ``qualified`` (an outcome value).
    """
    if min_title is not None and min_title not in _TITLE_RANK:
        raise ValueError(f"unknown title {min_title!r}")
    rank = _TITLE_RANK[min_title] if min_title is not None else -1
    titled = f"{TITLES[min_title]}及以上" if min_title is not None else ""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        physicians = subject.get("physicians")
        if not isinstance(physicians, list):
            return Verdict(Outcome.UNKNOWN, "医师名册：未提供")
        eligible = [
            p
            for p in physicians
            if p.get("registered_here")
            and p.get("active", True)
            and _TITLE_RANK.get(str(p.get("title")), -1) >= rank
        ]
        passed = [p["name"] for p in eligible if p.get("qualified") == Outcome.PASS.value]
        unknown = [p["name"] for p in eligible if p.get("qualified") == Outcome.UNKNOWN.value]
        wanted = f"要求至少{minimum}名"
        text = (
            f"本医疗机构注册且具备{technology_label}临床应用能力的{titled}医师 {len(passed)} 名"
            + (f"：{'、'.join(passed)}" if passed else "")
            + f"（{wanted}）"
        )
        if unknown:
            text += f"；另有 {len(unknown)} 名资质无法判断：{'、'.join(unknown)}"
        if len(passed) >= minimum:
            return Verdict(Outcome.PASS, text)
        if len(passed) + len(unknown) >= minimum:
            return Verdict(Outcome.UNKNOWN, text)
        return Verdict(Outcome.FAIL, text)

    return Condition(evaluate, ("physicians",))


# -------------------------------------------------------------------------
# The institution's own cases (``cases`` of the institution subject)
# -------------------------------------------------------------------------


def _case_year(subject: Mapping[str, Any], lag_days: int) -> tuple[date, date]:
    """The year (first day, last day) ending ``lag_days`` before the assessment day."""
    last = _as_of(subject) - timedelta(days=lag_days)
    first = anniversary(last, -1) + timedelta(days=1)
    return first, last


def _cases_in(
    subject: Mapping[str, Any], first: date, last: date
) -> list[Mapping[str, Any]] | None:
    cases = subject.get("cases")
    if not isinstance(cases, list):
        return None
    found = []
    for case in cases:
        day = _start_date(case.get("procedure_date")) if isinstance(case, Mapping) else None
        if isinstance(day, date) and first <= day <= last:
            found.append(case)
    return found


def cases_per_year(minimum: int, *, label: str) -> Condition:
    """At least ``minimum`` cases of the technology recorded on the platform with a
    procedure date in the year up to the assessment day (每年完成…至少N例): the
    institution's own submitted cases, never a number typed into the profile."""
    wanted = f"要求至少{minimum}例"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        first, last = _case_year(subject, 0)
        cases = _cases_in(subject, first, last)
        if cases is None:
            return Verdict(Outcome.UNKNOWN, f"{label}：本机构病例未提供（{wanted}）")
        outcome = Outcome.PASS if len(cases) >= minimum else Outcome.FAIL
        span = f"{first.isoformat()}至{last.isoformat()}"
        return Verdict(outcome, f"{span}本平台登记的{label} {len(cases)} 例（{wanted}）")

    return Condition(evaluate, ("cases",))


def case_share_below(
    limit: float,
    test: Callable[[Mapping[str, Any]], bool | None],
    *,
    label: str,
    lag_days: int = 0,
) -> Condition:
    """Below ``limit`` % of the year's cases meet ``test`` (an indicator predicate over a
    case's answers: 移植相关死亡率低于5%). The year ends ``lag_days`` before the
    assessment day, so that every case's window (100 days after the procedure) has
    elapsed. Cases ``test`` cannot decide count both ways: the outcome is unknown
    when they could change it; no case in the year is unknown too."""
    wanted = f"要求低于{_fmt(limit)}%"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        first, last = _case_year(subject, lag_days)
        cases = _cases_in(subject, first, last)
        if cases is None:
            return Verdict(Outcome.UNKNOWN, f"{label}：本机构病例未提供（{wanted}）")
        span = f"手术日期{first.isoformat()}至{last.isoformat()}的病例"
        if not cases:
            return Verdict(Outcome.UNKNOWN, f"{label}：{span}无登记，无法计算（{wanted}）")
        results = [test(c.get("answers") or {}) for c in cases]
        hits = sum(1 for r in results if r is True)
        open_ = sum(1 for r in results if r is None)
        total = len(cases)
        low, high = 100.0 * hits / total, 100.0 * (hits + open_) / total
        text = f"{label}：{span} {total} 例，其中 {hits} 例（{low:.1f}%）"
        if open_:
            text += f"，另有 {open_} 例资料不全"
        if high < limit:
            return Verdict(Outcome.PASS, f"{text}（{wanted}）")
        if low >= limit:
            return Verdict(Outcome.FAIL, f"{text}（{wanted}）")
        return Verdict(Outcome.UNKNOWN, f"{text}，补全后方可判断（{wanted}）")

    return Condition(evaluate, ("cases",))


def case_share_at_least(
    minimum: float,
    test: Callable[[Mapping[str, Any]], bool | None],
    *,
    label: str,
    lag_days: int = 0,
) -> Condition:
    """At least ``minimum`` % of the year's cases meet ``test`` (an indicator predicate
    over a case's answers: 每年完成的手术成功率应不低于98%); the mirror of
    :func:`case_share_below`, with the same year, lag and rule for open cases."""
    wanted = f"要求不低于{_fmt(minimum)}%"

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        first, last = _case_year(subject, lag_days)
        cases = _cases_in(subject, first, last)
        if cases is None:
            return Verdict(Outcome.UNKNOWN, f"{label}：本机构病例未提供（{wanted}）")
        span = f"手术日期{first.isoformat()}至{last.isoformat()}的病例"
        if not cases:
            return Verdict(Outcome.UNKNOWN, f"{label}：{span}无登记，无法计算（{wanted}）")
        results = [test(c.get("answers") or {}) for c in cases]
        hits = sum(1 for r in results if r is True)
        open_ = sum(1 for r in results if r is None)
        total = len(cases)
        low, high = 100.0 * hits / total, 100.0 * (hits + open_) / total
        text = f"{label}：{span} {total} 例，其中 {hits} 例（{low:.1f}%）"
        if open_:
            text += f"，另有 {open_} 例资料不全"
        if low >= minimum:
            return Verdict(Outcome.PASS, f"{text}（{wanted}）")
        if high < minimum:
            return Verdict(Outcome.FAIL, f"{text}（{wanted}）")
        return Verdict(Outcome.UNKNOWN, f"{text}，补全后方可判断（{wanted}）")

    return Condition(evaluate, ("cases",))


# -------------------------------------------------------------------------
# Personnel
# -------------------------------------------------------------------------


def licence_scope(scopes: Mapping[str, str], *, registered_here: bool = False) -> Condition:
    """《医师执业证书》 held, practice scope (执业范围) among ``scopes``; with
    ``registered_here``, also 本医疗机构注册医师."""

    def licence(subject: Mapping[str, Any]) -> Verdict:
        number = _get(subject, "licence_no")
        if number is MISSING or not str(number).strip():
            return Verdict(Outcome.UNKNOWN, "《医师执业证书》编码：未填写")
        return Verdict(Outcome.PASS, f"《医师执业证书》编码：{number}")

    parts = [
        Condition(licence, ("licence_no",)),
        includes_any("general.practice_scopes", scopes, label="执业范围"),
    ]
    if registered_here:
        parts.append(is_true("registered_here", label="本医疗机构注册医师"))
    return all_of(*parts)


@dataclass(frozen=True)
class ExemptionRule:
    """An exemption from training for those who practised before the norm (e.g. 2022
    S03 四(一)4): before the norm was issued, ``min_clinical_years`` of clinical
    work, a title of at least ``min_title``, ``min_cases`` cases performed
    independently in the last ``window_years`` years (each year, with
    ``per_year``; ``None``: in all, 累计), and no serious adverse event. Some norms
    count the years of one kind of work (``clinical_work``: 从事消化内镜诊疗工作)
    and the years held in the title (``min_title_years``: 取得主治医师专业技术职务
    任职资格5年以上, 2023 S11 四(一)5); some ask a total and a minimum in each year
    besides (``min_each_year``: 近3年累计完成…20例以上，其中每年独立完成至少5例,
    2023 S06 四(一)4)."""

    min_cases: int
    window_years: int | None
    min_clinical_years: int | None = None
    min_title: str | None = None
    per_year: bool = False
    min_title_years: int | None = None
    clinical_work: str = "临床工作"
    min_each_year: int | None = None

    def window_text(self) -> str:
        if self.window_years is None:
            return "累计"
        return f"近{self.window_years}年" + ("每年" if self.per_year else "")

    def describe(self) -> str:
        parts = []
        if self.min_clinical_years:
            parts.append(f"从事{self.clinical_work}满{self.min_clinical_years}年")
        if self.min_title:
            held = f"{self.min_title_years}年以上" if self.min_title_years else ""
            parts.append(f"{TITLES[self.min_title]}{held}")
        each = f"（其中每年至少{self.min_each_year}例）" if self.min_each_year else ""
        parts.append(f"{self.window_text()}独立开展{self.min_cases}例以上{each}且无严重不良事件")
        return "规范印发之日前" + "、".join(parts)


@dataclass(frozen=True)
class TrainingRule:
    """A norm's 培训管理要求 (四(一)): system training at a filed base for
    ``min_months`` (to ``max_months`` where the norm gives a range, "3-6个月"),
    ``min_cases`` assisted and ``min_managed`` managed through the whole course,
    assessed; or equivalent training abroad (``overseas_months``, 0 where the norm
    names no length, certificate, assessed at a filed base); or training at a
    base the National Health Commission recognised (``nhc_base``); or an
    ``exemption``. ``learners`` are the roles the rule trains (physicians; some
    norms also physicists, technicians or nurses).

    ``base_term`` names the filed base as 四(一) words it (where an overseas
    training is assessed); ``training_base_term`` the base of the system training
    where the personnel clause words it otherwise (auto-HSCT 二(一)2: "省级以上…
    备案的造血干细胞移植技术培训基地"), else ``base_term``."""

    min_months: int = 12
    min_cases: int = 50
    min_managed: int = 30
    overseas_months: int | None = 12
    nhc_base: bool = False
    exemption: ExemptionRule | None = None
    base_term: str = "省级卫生健康行政部门备案的培训基地"
    training_base_term: str | None = None
    max_months: int | None = None
    learners: tuple[str, ...] = ("physician",)

    def months_text(self, months: int | None = None) -> str:
        low = self.min_months if months is None else months
        high = self.max_months if months is None else None
        return f"{low}-{high}个月" if high else f"{low}个月"

    def has_route(self, route: str) -> bool:
        return {
            "base": True,
            "overseas": self.overseas_months is not None,
            "nhc_base": self.nhc_base,
            "exempt": self.exemption is not None,
        }.get(route, False)

    def route_title(self, route: str) -> str:
        """A short Chinese title of one route's requirements."""
        if route == "base":
            managed = f"、全过程管理{self.min_managed}例以上" if self.min_managed else ""
            return (
                f"至少{self.months_text()}系统培训，参与{self.min_cases}例以上{managed}并考核合格"
            )
        if route == "overseas":
            months = f"{self.overseas_months}个月以上" if self.overseas_months else ""
            return f"境外培训{months}、有培训证明并经培训基地考核合格"
        if route == "nhc_base":
            return "经国家卫生健康委认定的培训基地系统培训并考核合格，可免于培训"
        if route == "exempt" and self.exemption is not None:
            return self.exemption.describe() + "，可免于培训"
        raise ValueError(f"the rule has no route {route!r}")

    def describe(self) -> str:
        """Every route of the rule in one sentence, for the profile form's help."""
        return "；".join(self.route_title(r) for r in ROUTES if self.has_route(r))


ROUTES = {
    "base": "培训基地系统培训",
    "overseas": "境外培训",
    "nhc_base": "国家卫生健康委认定的培训基地培训",
    "exempt": "符合免训条件",
    "none": "尚未培训",
}


def exemption_rule(rule: ExemptionRule, *, path: str = "profile.training.exemption") -> Condition:
    """The exemption conditions as the physician declared them at the norm's issue date."""
    parts = []
    if rule.min_clinical_years is not None:
        parts.append(
            at_least(
                f"{path}.clinical_years",
                rule.min_clinical_years,
                label=f"规范印发之日前从事{rule.clinical_work}",
                unit="年",
            )
        )
    if rule.min_title is not None:
        parts.append(
            title_at_least(rule.min_title, path=f"{path}.title", label="规范印发时专业技术职务")
        )
    if rule.min_title_years is not None:
        parts.append(
            at_least(
                f"{path}.title_years",
                rule.min_title_years,
                label=f"规范印发之日前取得{TITLES[rule.min_title or 'attending']}任职资格",
                unit="年",
            )
        )
    parts.append(
        at_least(
            f"{path}.recent_cases",
            rule.min_cases,
            label=f"{rule.window_text()}独立开展本技术",
            unit="例",
        )
    )
    if rule.min_each_year is not None:
        parts.append(
            at_least(
                f"{path}.fewest_year_cases",
                rule.min_each_year,
                label=f"近{rule.window_years}年中独立开展最少的一年",
                unit="例",
            )
        )
    parts.append(is_true(f"{path}.serious_adverse_event", label="发生严重不良事件", expected=False))
    return all_of(*parts)


def _route_condition(route: str, rule: TrainingRule, path: str) -> Condition:
    if route == "base":
        parts = [
            is_true(
                f"{path}.base_filed",
                label=f"培训基地为{rule.training_base_term or rule.base_term}",
            ),
            at_least(f"{path}.months", rule.min_months, label="系统培训", unit="个月"),
            at_least(f"{path}.cases", rule.min_cases, label="在指导医师指导下参与病例", unit="例"),
        ]
        if rule.min_managed:  # a norm that asks no whole-course management asks nothing here
            parts.append(
                at_least(
                    f"{path}.managed_cases", rule.min_managed, label="参与病例全过程管理", unit="例"
                )
            )
        return all_of(*parts, is_true(f"{path}.passed", label="考核合格"))
    if route == "overseas":
        if rule.overseas_months is None:
            return Condition(lambda _s: Verdict(Outcome.FAIL, "本版规范未规定境外培训途径"))
        parts = [
            is_true(f"{path}.certificate", label="有境外培训机构的培训证明"),
            is_true(f"{path}.assessed_by_filed_base", label=f"经{rule.base_term}考核合格"),
        ]
        if rule.overseas_months:  # 0: the norm names no length (2023 S13 四(一)4)
            months = at_least(f"{path}.months", rule.overseas_months, label="境外培训", unit="个月")
            parts.insert(0, months)
        return all_of(*parts)
    if route == "nhc_base":
        if not rule.nhc_base:
            return Condition(
                lambda _s: Verdict(Outcome.FAIL, "本版规范未规定经国家卫生健康委认定的基地免训")
            )
        return is_true(f"{path}.passed", label="经国家卫生健康委认定的培训基地系统培训并考核合格")
    if route == "exempt":
        if rule.exemption is None:
            return Condition(
                lambda _s: Verdict(Outcome.FAIL, "本版规范没有按临床年限、职称与例数免于培训的条款")
            )
        return exemption_rule(rule.exemption, path=f"{path}.exemption")
    return Condition(lambda _s: Verdict(Outcome.FAIL, "尚未接受系统培训"))


def training_or_exemption(rule: TrainingRule, *, path: str = "profile.training") -> Condition:
    """Trained at a filed base, or by one of the routes the norm accepts instead
    (abroad, a national base, the exemption rule). Reads ``{path}.route`` and the
    fields of the chosen route."""
    routes = {route: _route_condition(route, rule, path) for route in ROUTES}

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        route = _get(subject, f"{path}.route")
        if route is MISSING:
            return Verdict(Outcome.UNKNOWN, "培训途径：未填写")
        if route not in routes:
            return Verdict(Outcome.UNKNOWN, f"培训途径：“{route}”无法识别")
        verdict = routes[route](subject)
        return Verdict(verdict.outcome, f"培训途径：{ROUTES[route]}；{verdict.explanation}")

    fields = frozenset({f"{path}.route"}).union(*(c.fields for c in routes.values()))
    return Condition(evaluate, fields)


def training_route(route: str, rule: TrainingRule, *, path: str = "profile.training") -> Condition:
    """The requirements of one training route; not applicable to physicians who took another."""
    if route not in ROUTES:
        raise ValueError(f"unknown training route {route!r}")
    then = _route_condition(route, rule, path)

    def test(subject: Mapping[str, Any]) -> Verdict:
        chosen = _get(subject, f"{path}.route")
        if chosen is MISSING:
            return Verdict(Outcome.UNKNOWN, "培训途径：未填写")
        shown = ROUTES.get(str(chosen), str(chosen))
        return Verdict(Outcome.PASS if chosen == route else Outcome.FAIL, f"培训途径：{shown}")

    return when(Condition(test, (f"{path}.route",)), then, otherwise=f"未经“{ROUTES[route]}”途径")


# -------------------------------------------------------------------------
# Case
# -------------------------------------------------------------------------


def _physician(subject: Mapping[str, Any], ref: Any) -> Mapping[str, Any] | None:
    if not isinstance(ref, Mapping) or "id" not in ref:
        return None
    found = (subject.get("physicians") or {}).get(str(ref["id"]))
    return found if isinstance(found, Mapping) else None


def _describe(person: Mapping[str, Any]) -> str:
    title = TITLES.get(str(person.get("title")), "职称未填写")
    qualified = Outcome(person.get("qualified", Outcome.UNKNOWN.value)).label
    return f"{person.get('name', '?')}（{title}，资质{qualified}）"


def decided_by(
    minimum: int,
    *,
    min_title: str,
    same_institution: bool,
    path: str = "answers.team.deciders",
    title_years: int = 0,
    date_path: str = "answers.procedure.date",
) -> Condition:
    """The case was decided by ``minimum`` physicians of at least ``min_title`` who meet
    the personnel requirements (and, with ``same_institution``, work at the case's
    institution: 本机构); with ``title_years``, each has held ``min_title`` that many
    years on the procedure date at ``date_path`` (else the assessment date;
    :func:`title_held_years`, the summary's ``title_since``)."""
    if min_title not in _TITLE_RANK:
        raise ValueError(f"unknown title {min_title!r}")

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        deciders = _get(subject, path)
        held = f"任职资格{title_years}年以上" if title_years else "及以上"
        # The years are those held when the case was decided: by its procedure date.
        done = _start_date(_get(subject, date_path))
        decided_on = done if isinstance(done, date) else _as_of(subject)
        wanted = f"要求{minimum}名{TITLES[min_title]}{held}且具备临床应用能力" + (
            "的本机构人员" if same_institution else "的人员"
        )
        if deciders is MISSING or not isinstance(deciders, list):
            return Verdict(Outcome.UNKNOWN, f"决策医师：未填写（{wanted}）")
        good, open_, notes = set(), set(), []
        for ref in deciders:
            person = _physician(subject, ref)
            if person is None:
                name = ref.get("name", "?") if isinstance(ref, Mapping) else str(ref)
                notes.append(f"{name}（不在医师名册中）")
                continue
            notes.append(_describe(person))
            if _TITLE_RANK.get(str(person.get("title")), -1) < _TITLE_RANK[min_title]:
                continue
            unsure_years = False
            if title_years:
                outcome, text = title_held_years(
                    person.get("title"),
                    person.get("title_since"),
                    min_title,
                    title_years,
                    decided_on,
                )
                if outcome is Outcome.FAIL:
                    notes[-1] += f"（{text}）"
                    continue
                unsure_years = outcome is Outcome.UNKNOWN
                if unsure_years:
                    notes[-1] += f"（{text}）"
            if same_institution and person.get("institution_id") != subject.get("institution_id"):
                notes[-1] += "（非本机构人员）"
                continue
            qualified = person.get("qualified")
            if qualified == Outcome.PASS.value and not unsure_years:
                good.add(person["id"])
            elif qualified == Outcome.UNKNOWN.value or qualified == Outcome.PASS.value:
                open_.add(person["id"])
        text = f"决策医师：{'、'.join(notes) or '无'}；符合条件 {len(good)} 名（{wanted}）"
        if len(good) >= minimum:
            return Verdict(Outcome.PASS, text)
        if len(good) + len(open_) >= minimum:
            return Verdict(Outcome.UNKNOWN, text)
        return Verdict(Outcome.FAIL, text)

    fields = (path, "physicians", "institution_id") + ((date_path,) if title_years else ())
    return Condition(evaluate, fields)


def operator_qualified(*, registered_here: bool, path: str = "answers.team.operator") -> Condition:
    """The operator (术者) meets the personnel requirements; with ``registered_here``
    also 本医疗机构注册医师 of the case's institution."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        ref = _get(subject, path)
        if ref is MISSING:
            return Verdict(Outcome.UNKNOWN, "术者：未填写")
        person = _physician(subject, ref)
        if person is None:
            name = ref.get("name", "?") if isinstance(ref, Mapping) else str(ref)
            return Verdict(Outcome.UNKNOWN, f"术者：{name}（不在医师名册中）")
        text = f"术者：{_describe(person)}"
        if registered_here and not (
            person.get("registered_here")
            and person.get("institution_id") == subject.get("institution_id")
        ):
            return Verdict(Outcome.FAIL, text + "，非本医疗机构注册医师")
        return Verdict(Outcome(person.get("qualified", Outcome.UNKNOWN.value)), text)

    return Condition(evaluate, (path, "physicians", "institution_id"))


def consent_signed(
    *,
    path: str = "answers.consent.signed",
    date_path: str = "answers.consent.date",
    procedure_date_path: str = "answers.procedure.date",
) -> Condition:
    """The informed consent was signed, and not after the procedure (实施…前)."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        signed = _get(subject, path)
        if signed is MISSING:
            return Verdict(Outcome.UNKNOWN, "知情同意书：未填写")
        if signed is not True:
            return Verdict(Outcome.FAIL, "知情同意书：未签署")
        signed_on, done_on = _get(subject, date_path), _get(subject, procedure_date_path)
        if signed_on is MISSING:
            return Verdict(Outcome.UNKNOWN, "知情同意书已签署，签署日期未填写")
        if done_on is not MISSING and str(signed_on) > str(done_on):
            return Verdict(Outcome.FAIL, f"知情同意书签署于 {signed_on}，晚于手术日期 {done_on}")
        suffix = f"，手术日期 {done_on}" if done_on is not MISSING else ""
        return Verdict(Outcome.PASS, f"知情同意书签署于 {signed_on}{suffix}")

    return Condition(evaluate, (path, date_path, procedure_date_path))


def device_barcodes(*, required: bool, path: str = "answers.devices.items") -> Condition:
    """Every device used has its barcode/UDI recorded; with ``required``, a case of
    this technology always uses devices, so an empty list fails."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        items = _get(subject, path)
        if items is MISSING or not isinstance(items, list):
            return Verdict(Outcome.UNKNOWN, "器材：未填写")
        if not items:
            if required:
                return Verdict(Outcome.FAIL, "器材：未记录任何器材及其条形码")
            return Verdict(Outcome.NOT_APPLICABLE, "器材：本例未使用器材")
        lacking = [
            str(item.get("name", f"第{n}件")) if isinstance(item, Mapping) else f"第{n}件"
            for n, item in enumerate(items, 1)
            if not (isinstance(item, Mapping) and str(item.get("barcode") or "").strip())
        ]
        if lacking:
            return Verdict(
                Outcome.FAIL, f"器材 {len(items)} 件，缺少条形码/UDI：{'、'.join(lacking)}"
            )
        names = "、".join(str(item.get("name", "?")) for item in items)
        return Verdict(Outcome.PASS, f"器材 {len(items)} 件均留存条形码/UDI：{names}")

    return Condition(evaluate, (path,))


FOLLOWUP_PLANS = {
    "clinic": "门诊复诊",
    "phone": "电话随访",
    "online": "互联网随访",
    "none": "不随访",
}


def followup_planned(*, path: str = "answers.followup.plan") -> Condition:
    """A follow-up plan is recorded for the case (and is not "不随访")."""

    def evaluate(subject: Mapping[str, Any]) -> Verdict:
        plan = _get(subject, path)
        if plan is MISSING:
            return Verdict(Outcome.UNKNOWN, "随访计划：未填写")
        shown = FOLLOWUP_PLANS.get(str(plan), str(plan))
        outcome = Outcome.FAIL if plan == "none" else Outcome.PASS
        return Verdict(outcome, f"随访计划：{shown}")

    return Condition(evaluate, (path,))
