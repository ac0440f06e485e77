"""Quality-control indicators of 聚焦超声消融恶性肿瘤治疗技术 (2022 S02 质量控制指标).

All nine headings; 八 患者随访率 is one indicator per time point it names (6月、1年、
2年、3年、5年). Every 计算公式 lost its fraction body (seeds/README.md): numerators
and denominators follow the definitions. The edition prints no 指标类型 or 表达方式:
both are inferred and each ``note`` says so.

Units, as each definition counts them: 一 and 七 count patients (患者例数, 患者数:
``per="患者"``, a patient treated several times counts once); 二, 五, 六 and 八
count treatments (例次, one case each); 三 counts lesions (病灶总数) and 四 areas of
lesions (面积): ratios of sums over the lesions of every treatment. 九 is a mean
over discharges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rtech import (
    COMPLICATION_EVENTS,
    Derived,
    Events,
    F,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    Value,
    date_within,
    died_within,
    response,
)
from rtech.plugins.s02_hifu.meta import TECHNOLOGY

__all__ = [
    "DEAD_30",
    "DERIVED",
    "FOLLOWUP_POINTS",
    "INDICATIONS",
    "INDICATORS",
    "RESPONSE",
    "SERIOUS_30",
]

kit = IndicatorKit(TECHNOLOGY)


INFERRED = "2022 S02 未规定指标类型与表达方式，按定义推断。"
DAY0 = "procedure.date"

#: 附录 一、适应证（一）至（十三）, as the form's ``indication.site`` stores them.
INDICATIONS = (
    "liver",
    "pancreas",
    "spleen",
    "kidney",
    "adrenal",
    "ovary",
    "uterus",
    "bone",
    "soft_tissue",
    "breast",
    "abdominal_pelvic_metastasis",
    "prostate",
    "lung",
)
#: 附录 二、禁忌证（一）至（七）.
CONTRAINDICATIONS = (
    "no_window",
    "anesthesia",
    "hollow_organ",
    "cns",
    "acoustic_path_skin",
    "acoustic_path_vessel",
    "organ_failure",
)


def _sum(items: str, field: str) -> Value:
    """The sum of ``field`` over the entries of the list at ``items`` (``None`` when the
    list is missing or an entry lacks the number: the case is incomplete)."""

    def compute(answers: Mapping[str, Any]) -> float | None:
        node: Any = answers
        for key in items.split("."):
            node = node.get(key) if isinstance(node, Mapping) else None
        if not isinstance(node, list):
            return None
        total = 0.0
        for entry in node:
            value = entry.get(field) if isinstance(entry, Mapping) else None
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None
            total += value
        return total

    return Value(compute, (items,), f"sum {items}[].{field}")


ALL = F(DAY0).present()
INDICATED = F("indication.site").isin(INDICATIONS) & ~F(
    "indication.contraindications"
).contains_any(CONTRAINDICATIONS)
LESIONS = Events("lesions.items")

#: 五: the local response by 《改良实体瘤疗效评估标准》(mRECIST): the core rule on the sum
#: of viable (enhancing) target diameters, a response confirmed four weeks on.
RESPONSE: Derived = replace(
    response("response.baseline_sum_mm", "response.assessments", id="response.mrecist"),
    title="局部疗效（mRECIST）",
    citation="2022 S02 指标 五 注（mRECIST）",
)
DERIVED = (RESPONSE,)
CONTROLLED = RESPONSE.isin("CR", "PR", "SD")

#: 六: a serious complication within 30 days of the treatment.
SERIOUS_30 = (
    F("complications.occurred").is_true()
    & COMPLICATION_EVENTS.where(serious=True).within(30, after=DAY0).any()
)


def _dead_within(days: int) -> Predicate:
    """Died within ``days`` of the treatment: in hospital, at follow-up, or as the case's
    death section records it, "包括因不可逆疾病而自动出院的患者"."""
    return died_within(days, after=DAY0) | (
        F("death.status").isin(("died", "irreversible_discharge"))
        & date_within("death.date", days, after=DAY0)
    )


#: 七: died within 30 days, "包括因不可逆疾病而自动出院的患者".
DEAD_30 = _dead_within(30)

#: 八: (label, days after the treatment, tolerance before, tolerance after).
FOLLOWUP_POINTS: tuple[tuple[str, str, int, int, int], ...] = (
    ("6m", "6月", 182, 30, 30),
    ("1y", "1年", 365, 60, 60),
    ("2y", "2年", 730, 60, 60),
    ("3y", "3年", 1095, 60, 60),
    ("5y", "5年", 1826, 90, 90),
)


def followed_at(days: int, before: int, after: int) -> Predicate:
    """A follow-up visit (not 失访) dated from ``days - before`` to ``days + after`` days
    after the treatment; a death known before that window counts as followed up."""

    def test(answers: Mapping[str, Any]) -> bool | None:
        raw = answers.get("procedure", {}).get("date")
        try:
            start = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            start = None
        if start is None:
            return None
        first, last = start + timedelta(days=days - before), start + timedelta(days=days + after)
        visits = (answers.get("followup") or {}).get("visits") or []
        for visit in visits:
            if not isinstance(visit, Mapping) or visit.get("status") == "lost":
                continue
            try:
                day = date.fromisoformat(str(visit.get("date")))
            except ValueError:
                continue
            if first <= day <= last:
                return True
        return bool(_dead_within(days - before - 1)(answers))

    return Predicate(
        test,
        ("procedure.date", "followup.visits", "admission.discharge_disposition", "death.status"),
        f"followed up {days - before}-{days + after} d after {DAY0}",
    )


_FOLLOWUP = (
    "肿瘤消融治疗后一定时间（6月、1年、2年、3年、5年）内完成随访的例次数占同期肿瘤消融治疗"
    "总例次数的比例。"
)

INDICATORS_LIST = [
    kit.indicator(
        id="indication_conformity",
        name="适应证符合率",
        clause="一",
        quote="肿瘤聚焦超声消融适应证选择正确且无技术应用禁忌证的患者例数占同期肿瘤聚焦超声消融治疗"
        "总患者例数的比例。",
        type="过程",
        direction="提高",
        denominator=ALL,
        numerator=INDICATED,
        per="患者",
        note=INFERRED + "适应证为附录（及本指标注）所列13类，禁忌证为附录所列7项；按患者计，"
        "同一患者多次治疗计一次（任一例次符合即计为符合，核心按患者计数的规则）。",
    ),
    kit.indicator(
        id="parameters_correct",
        name="肿瘤聚焦超声消融治疗参数选择正确率",
        clause="二",
        quote="肿瘤聚焦超声消融治疗参数选择正确的例数占同期肿瘤聚焦超声消融技术总例数的比例。",
        type="过程",
        direction="提高",
        denominator=ALL,
        numerator=F("parameters.correct").is_true(),
        note=INFERRED
        + "原文未给出参数正确的判定标准，由术者按设备规范与本机构治疗方案判定并记录。",
    ),
    kit.indicator(
        id="ablation_completion",
        name="肿瘤消融治疗完成率",
        clause="三",
        quote="按照肿瘤消融计划，实际完成消融治疗的病灶总数占同期计划完成消融治疗的病灶总数的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=ALL,
        numerator_value=LESIONS.where(ablated=True).count(),
        denominator_value=LESIONS.count(),
        note=INFERRED + "按病灶计：各例次计划消融病灶之和为分母，其中按计划完成消融者之和为分子。",
    ),
    kit.indicator(
        id="necrosis_ratio",
        name="实体肿瘤聚焦超声消融率",
        clause="四",
        quote="实体肿瘤聚焦超声消融治疗后，超声造影、增强CT或者增强MRI提示肿瘤最大直径切面肿瘤坏死"
        "面积与治疗前超声造影、肿瘤最大直径切面肿瘤面积的比值。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=ALL,
        numerator_value=_sum("lesions.items", "necrosis_cm2"),
        denominator_value=_sum("lesions.items", "area_cm2"),
        note=INFERRED
        + "公式名为“实体肿瘤聚焦超声消融率（坏死率）”；按面积之和计（各病灶坏死面积之和 / "
        "治疗前肿瘤面积之和），不是各病灶比值的平均；有病灶未录坏死面积者为资料不全。",
    ),
    kit.indicator(
        id="local_control",
        name="肿瘤消融治疗后局部病灶有效控制率",
        clause="五",
        quote="肿瘤消融治疗后局部病灶有效控制的例次数占同期肿瘤消融治疗总例次数的比例。",
        type="结果",
        direction="提高",
        denominator=ALL,
        numerator=CONTROLLED,
        note=INFERRED
        + "按mRECIST评价（存活肿瘤直径和）：完全缓解、部分缓解或稳定计为有效控制，进展"
        "不计；疗效须维持4周以上方确认，尚未确认者为资料不全。",
    ),
    kit.indicator(
        id="serious_complications_30d",
        name="肿瘤消融治疗后30天内严重并发症发生率",
        clause="六",
        quote="肿瘤消融治疗后30天内严重并发症发生率是指肿瘤消融治疗后30天内严重并发症发生的例次数占"
        "同期肿瘤消融治疗总例次数的比例。",
        type="结果",
        direction="降低",
        denominator=ALL,
        numerator=SERIOUS_30,
        observe=30,
        note=INFERRED + "30天按治疗日至其后第30天计，满30天后方可判断。",
    ),
    kit.indicator(
        id="mortality_30d",
        name="肿瘤消融治疗后30天内死亡率",
        clause="七",
        quote="肿瘤消融治疗后30天内死亡（包括因不可逆疾病而自动出院的患者）患者数占同期肿瘤消融治疗"
        "患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=ALL,
        numerator=DEAD_30,
        observe=30,
        per="患者",
        note=INFERRED + "按患者计；住院死亡、随访得知的死亡与因不可逆疾病而自动出院均计入。",
    ),
    *(
        kit.indicator(
            id=f"followup_{key}",
            name=f"患者随访率（{label}）",
            clause="八",
            quote="肿瘤消融治疗后一定时间（6月、1年、2年、3年、5年）内完成随访的例次数占同期肿瘤消"
            "融治疗总例次数的比例。",
            type="过程",
            direction="提高",
            denominator=ALL,
            numerator=followed_at(days, before, after),
            observe=days + after,
            note=INFERRED + f"{label}随访：治疗后第{days - before}至{days + after}天内有随访记录"
            "（失访不计）；此前已知死亡（含因不可逆疾病而自动出院）者计为完成随访；随访窗口结束后方可判断。",
        )
        for key, label, days, before, after in FOLLOWUP_POINTS
    ),
    kit.mean_stay(
        id="length_of_stay",
        name="平均住院日",
        clause="九",
        quote="实施肿瘤消融治疗的患者出院时占用总床日数与同期肿瘤消融治疗患者出院人数之比。",
        direction="降低",
        denominator=F("admission.discharge_date").present(),
        scale=1.0,
        note=INFERRED + "床日数按出院日期减入院日期计（当日出院计1日）。",
    ),
]

INDICATORS = tuple(INDICATORS_LIST)
