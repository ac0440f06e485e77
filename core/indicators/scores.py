"""Scores derived from recorded measurements, never typed by the user.

Each score is a pure function of measurements (with the seed's rule cited) and
a :class:`Derived` declaration that reads them from the answers by field path,
so an indicator uses it as a :class:`~rtech.indicators.expr.Value` or
:class:`~rtech.indicators.expr.Predicate` and the review shows the computed
result beside the inputs it came from (:meth:`Derived.explain`).

* tumour response CR/PR/SD/PD from sums of diameters, confirmed after 4 weeks
  (2023 S02 注4);
* quality-of-life improvement from pain, KPS and weight (2023 S02 注5、注6);
* SIRS, two of four criteria (2023 S11 六 说明 3);
* severe bleeding as a haemoglobin drop of 30 g/L within three days (2023 S11 六 说明 1);
* symptomatic intracranial haemorrhage as NIHSS +4 (2023 S09 四 说明);
* successful reperfusion as mTICI 2b/3 (2023 S09 三 说明);
* the Karnofsky score from its description (2023 S02 注5(3) table).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rtech.answers import get_path
from rtech.indicators.events import _as_day, as_datetime
from rtech.indicators.expr import Predicate, Value, _number

__all__ = [
    "KPS_LEVELS",
    "Derived",
    "Explained",
    "derived_rows",
    "hb_drop",
    "kps_from_description",
    "mtici_success",
    "nihss_worsened",
    "qol_improved",
    "response",
    "sirs",
]

Answers = Mapping[str, Any]

#: 2023 S02 注4: "并维持4周以上".
CONFIRM_DAYS = 28

#: 2023 S02 注5(3) Karnofsky评分: the table's score column is garbled in the text
#: (printed 10, 9 … 0 beside the eleven descriptions, with the descriptions all
#: first); read as 100, 90 … 0 in the order of the descriptions, as the KPS is
#: "百分法".
KPS_LEVELS: tuple[tuple[int, str], ...] = (
    (100, "正常，无症状和体征，无疾病证据"),
    (90, "能正常活动，有轻微症状和体征"),
    (80, "勉强可进行正常活动，有一些症状或体征"),
    (70, "生活可自理，但不能维持正常生活或工作"),
    (60, "生活能大部分自理，但偶尔需要别人帮助，不能从事正常工作"),
    (50, "需要一定帮助和护理，以及给与药物治疗"),
    (40, "生活不能自理，需要特别照顾和治疗"),
    (30, "生活严重不能自理，有住院指征，尚不到病重"),
    (20, "病重，完全失去自理能力，需要住院和积极的支持治疗"),
    (10, "重危，临近死亡"),
    (0, "死亡"),
)


@dataclass(frozen=True)
class Explained:
    """A derived result with the inputs it was computed from (for the review)."""

    value: Any
    display: str
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Derived:
    """A score the form never asks: ``compute`` reads the answers at ``fields``.

    :param id: where the review shows it (``response.recist``).
    :param title: its Chinese label.
    :param compute: answers -> :class:`Explained` (``None``: not computable yet).
    :param citation: the clause that defines the rule (``2023 S02 注4``).
    """

    id: str
    title: str
    fields: tuple[str, ...]
    compute: Callable[[Answers], Explained | None]
    citation: str = ""

    def explain(self, answers: Answers) -> Explained | None:
        return self.compute(answers)

    def value(self) -> Value:
        """The score as a number (for a mean or a ratio)."""

        def number(answers: Answers) -> float | None:
            found = self.compute(answers)
            return None if found is None else _number(found.value)

        return Value(number, self.fields, self.id)

    def isin(self, *wanted: Any) -> Predicate:
        """The score is one of ``wanted`` (``response.isin("CR", "PR")``)."""

        def test(answers: Answers) -> bool | None:
            found = self.compute(answers)
            return None if found is None else found.value in wanted

        return Predicate(test, self.fields, f"{self.id} in {list(wanted)}")

    def is_true(self) -> Predicate:
        return self.isin(True)


def derived_rows(scores: Sequence[Derived], answers: Answers) -> list[tuple[str, str]]:
    """(title, "value（inputs；clause）") of each score, for a review; a score the
    answers cannot yet give says so."""
    rows = []
    for score in scores:
        found = score.explain(answers)
        if found is None:
            rows.append((score.title, f"尚不能计算（所需测量未录齐；{score.citation}）"))
            continue
        inputs = "；".join(f"{k} {_shown(v)}" for k, v in found.inputs.items())
        rows.append((score.title, f"{found.display}（依据：{inputs}；{score.citation}）"))
    return rows


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) for v in value) or "无"
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


# -- tumour response (2023 S02 注4) --------------------------------------------------

RESPONSE_LABELS = {"CR": "完全缓解", "PR": "部分缓解", "SD": "稳定", "PD": "进展"}
_RANK = {"CR": 0, "PR": 1, "SD": 2}
_NAMES = {rank: name for name, rank in _RANK.items()}


def classify(baseline: float, current: float, new_lesions: bool) -> str:
    """One assessment against the baseline sum of diameters (mm).

    PD: "肿瘤增大≥20%，或肿瘤直径…增加至少5mm，出现一个或多个新病灶";
    CR: "肿瘤完全消失"; PR: "肿瘤消退≥30%"; SD: "肿瘤消退＜30%". The text's
    SD sets no lower bound: any change short of PD is read as SD.
    """
    if new_lesions or current >= baseline * 1.2 or current - baseline >= 5:
        return "PD"
    if current == 0:
        return "CR"
    if baseline > 0 and (baseline - current) / baseline >= 0.3:
        return "PR"
    return "SD"


def best_response(baseline: float, assessments: Sequence[tuple[date, float, bool]]) -> str | None:
    """The best confirmed response. A response at one assessment is confirmed at the
    worst grade seen from it to the first assessment at least 28 days later
    ("并维持4周以上"): CR then PR four weeks on confirms a PR. PD needs no
    confirmation; after a confirmed response it does not undo it. ``None``:
    nothing confirmed yet."""
    ordered = sorted(assessments)
    grades = [(day, classify(baseline, total, new)) for day, total, new in ordered]
    best: int | None = None
    for index, (day, grade) in enumerate(grades):
        if grade == "PD":
            return _NAMES[best] if best is not None else "PD"
        worst = _RANK[grade]
        for later_day, later in grades[index + 1 :]:
            if later == "PD":
                break
            worst = max(worst, _RANK[later])
            if later_day - day >= timedelta(days=CONFIRM_DAYS):
                best = worst if best is None else min(best, worst)
                break
    return None if best is None else _NAMES[best]


def response(
    baseline: str,
    assessments: str,
    *,
    when: str = "date",
    total: str = "sum_mm",
    new: str = "new_lesions",
    id: str = "response",
) -> Derived:
    """The confirmed tumour response from the baseline sum at ``baseline`` and the
    list of assessments at ``assessments`` (each ``date``, ``sum_mm``, ``new_lesions``)."""

    def compute(answers: Answers) -> Explained | None:
        base = _number(get_path(answers, baseline))
        items = get_path(answers, assessments)
        if base is None or not isinstance(items, list):
            return None
        points = []
        for item in items:
            if not isinstance(item, Mapping):
                return None
            day, size = _as_day(item.get(when)), _number(item.get(total))
            if day is None or size is None:
                return None
            points.append((day, size, item.get(new) is True))
        grade = best_response(base, points)
        if grade is None:
            return None
        return Explained(
            grade,
            f"{grade}（{RESPONSE_LABELS[grade]}）",
            {"基线直径和(mm)": base, "评估": [(d.isoformat(), s, n) for d, s, n in sorted(points)]},
        )

    return Derived(id, "实体肿瘤疗效", (baseline, assessments), compute, "2023 S02 注4")


# -- quality of life (2023 S02 注5、注6) ----------------------------------------------


def _sustained(points: Sequence[tuple[date, float]], holds: Callable[[float], bool]) -> bool:
    """``holds`` at some assessment and at every one after it up to one 28+ days later."""
    for index, (day, value) in enumerate(points):
        if not holds(value):
            continue
        for later_day, later in points[index + 1 :]:
            if not holds(later):
                break
            if later_day - day >= timedelta(days=CONFIRM_DAYS):
                return True
    return False


def aspect(
    baseline: float,
    points: Sequence[tuple[date, float]],
    *,
    better: Callable[[float], bool],
    worse: Callable[[float], bool],
) -> str:
    """``有效`` / ``无效`` / ``稳定`` for one aspect, each sustained four weeks."""
    if _sustained(points, better):
        return "有效"
    if _sustained(points, worse):
        return "无效"
    return "稳定"


def qol_verdict(pain: str, kps: str, weight_gain: bool) -> bool:
    """注6: (1) both effective; (2) one effective, the other stable; (3) both stable
    and weight +7 %: improved. (4) any negative; (5) both stable, weight not up: not."""
    if "无效" in (pain, kps):
        return False
    if "有效" in (pain, kps):
        return True
    return weight_gain


def qol_improved(
    baseline: str,
    assessments: str,
    *,
    when: str = "date",
    pain: str = "pain",
    kps: str = "kps",
    weight: str = "weight_kg",
    id: str = "qol_improved",
) -> Derived:
    """生活质量改善 by 注5/注6 from the baseline object (``pain``, ``kps``,
    ``weight_kg``) and the later assessments. Reading of 注5(2): "疼痛评分比基线
    提高≥50%" is read as relief — the pain score at most half the baseline — since
    a higher VAS is more pain; any higher score, sustained, is "无效". The third-space
    fluid exclusion of 注5(1) cannot be checked from numbers: weight is taken as given."""

    def compute(answers: Answers) -> Explained | None:
        base = get_path(answers, baseline)
        items = get_path(answers, assessments)
        if not isinstance(base, Mapping) or not isinstance(items, list):
            return None
        b_pain, b_kps, b_weight = (_number(base.get(k)) for k in (pain, kps, weight))
        if b_pain is None or b_kps is None or b_weight is None:
            return None
        series: dict[str, list[tuple[date, float]]] = {pain: [], kps: [], weight: []}
        for item in items:
            day = _as_day(item.get(when)) if isinstance(item, Mapping) else None
            if day is None:
                return None
            for key, points in series.items():
                number = _number(item.get(key))
                if number is not None:
                    points.append((day, number))
        for points in series.values():
            points.sort()
        pain_state = aspect(
            b_pain,
            series[pain],
            better=lambda v: v <= b_pain * 0.5 and b_pain > 0,
            worse=lambda v: v > b_pain,
        )
        kps_state = aspect(
            b_kps, series[kps], better=lambda v: v - b_kps >= 20, worse=lambda v: b_kps - v >= 20
        )
        weight_gain = _sustained(series[weight], lambda v: v >= b_weight * 1.07)
        improved = qol_verdict(pain_state, kps_state, weight_gain)
        return Explained(
            improved,
            "生活质量改善" if improved else "生活质量未改善",
            {"疼痛": pain_state, "KPS": kps_state, "体重增长≥7%": weight_gain},
        )

    return Derived(id, "生活质量", (baseline, assessments), compute, "2023 S02 注5、注6")


# -- SIRS, haemoglobin, NIHSS, mTICI, KPS ---------------------------------------------


def sirs_criteria(values: Mapping[str, Any]) -> list[str] | None:
    """Which of the four criteria hold (2023 S11 六 说明 3); ``None`` if one cannot
    be judged. Keys: ``temperature`` ℃, ``heart_rate`` /min, ``respiratory_rate``
    /min, ``paco2`` mmHg, ``wbc`` ×10⁹/L, ``immature_pct`` %."""
    met = []
    temperature, heart = _number(values.get("temperature")), _number(values.get("heart_rate"))
    breath, paco2 = _number(values.get("respiratory_rate")), _number(values.get("paco2"))
    wbc, immature = _number(values.get("wbc")), _number(values.get("immature_pct"))
    if (
        temperature is None
        or heart is None
        or (breath is None and paco2 is None)
        or (wbc is None and immature is None)
    ):
        return None
    if temperature > 38 or temperature < 36:
        met.append("体温>38℃或<36℃")
    if heart > 90:
        met.append("心率>90次/分")
    if (breath is not None and breath > 20) or (paco2 is not None and paco2 < 32):
        met.append("呼吸频率>20次/分或PaCO2<32mmHg")
    if (wbc is not None and (wbc > 12 or wbc < 4)) or (immature is not None and immature > 10):
        met.append("白细胞>12×10⁹/L或<4×10⁹/L或未成熟细胞>10%")
    return met


def sirs(path: str, *, id: str = "sirs") -> Derived:
    """全身感染: "具有2项（或以上）下述临床表现" over the measurements at ``path``."""

    def compute(answers: Answers) -> Explained | None:
        values = get_path(answers, path)
        if not isinstance(values, Mapping):
            return None
        met = sirs_criteria(values)
        if met is None:
            return None
        return Explained(len(met) >= 2, f"符合 {len(met)} 项", {"符合": met, **values})

    return Derived(id, "全身感染（SIRS）", (path,), compute, "2023 S11 六 说明 3")


def hb_drop(
    before: str,
    after: str,
    *,
    anchor: str = "procedure.date",
    days: int = 3,
    drop: float = 30,
    id: str = "hb_drop",
) -> Derived:
    """ "术后三天内血红蛋白降低30g/L以上": a measurement in ``after`` (a list of
    ``{"at", "hb"}``, g/L) within ``days`` days of the procedure at least ``drop``
    below the pre-operative value at ``before``. "以上" includes 30."""

    def compute(answers: Answers) -> Explained | None:
        base = _number(get_path(answers, before))
        start = _as_day(get_path(answers, anchor))
        items = get_path(answers, after)
        if base is None or start is None or not isinstance(items, list):
            return None
        lowest: float | None = None
        for item in items:
            if not isinstance(item, Mapping):
                return None
            moment = as_datetime(item.get("at")) or None
            day = moment.date() if moment else _as_day(item.get("at"))
            value = _number(item.get("hb"))
            if day is None or value is None:
                return None
            if 0 <= (day - start).days <= days:
                lowest = value if lowest is None else min(lowest, value)
        fell = lowest is not None and base - lowest >= drop
        return Explained(
            fell,
            f"下降 {base - lowest:g} g/L" if lowest is not None else "无复查",
            {"术前(g/L)": base, "术后三天内最低(g/L)": lowest},
        )

    return Derived(id, "血红蛋白下降", (before, after, anchor), compute, "2023 S11 六 说明 1")


def nihss_worsened(before: str, after: str, *, by: float = 4, id: str = "nihss_up") -> Derived:
    """ "神经功能缺损加重NIHSS评分增加≥4分": the post-operative score at ``after``
    at least ``by`` above the pre-operative one at ``before``."""

    def compute(answers: Answers) -> Explained | None:
        first, last = _number(get_path(answers, before)), _number(get_path(answers, after))
        if first is None or last is None:
            return None
        worse = last - first >= by
        return Explained(worse, "是" if worse else "否", {"术前": first, "术后": last})

    return Derived(id, "NIHSS 增加≥4分", (before, after), compute, "2023 S09 四 说明")


def mtici_success(path: str, *, id: str = "mtici_success") -> Derived:
    """ "成功再灌注指改良脑梗死溶栓分级（mTICI）为2b/3级"; 2c, a grade between 2b
    and 3 added after the text was written, is read as success too."""

    def compute(answers: Answers) -> Explained | None:
        grade = get_path(answers, path)
        if grade in (None, ""):
            return None
        grade = str(grade).lower()
        success = grade in ("2b", "2c", "3")
        return Explained(success, "是" if success else "否", {"mTICI": grade})

    return Derived(id, "成功再灌注", (path,), compute, "2023 S09 三 说明")


def kps_from_description(text: str) -> int | None:
    """The KPS of one of the table's descriptions (exact words), else ``None``."""
    for score, description in KPS_LEVELS:
        if text.strip() == description:
            return score
    return None
