"""Quality-control indicators of 同种异体皮肤移植技术 (2023 S01 质量控制指标 一 to 七).

Every heading's 计算公式 survived in the text and agrees with its 定义. The seed
prints no 指标类型 and no 表达方式 for any of them: both are inferred from the
definition and its 意义 sentence, and each indicator's ``note`` says so. The seed
states no target.

A case is one 例次: one allograft operation (a patient grafted three times is
three cases, with the same 病案号). Readings:

* Areas are summed over the period's 例次 before dividing (a ratio of sums, so a
  large wound weighs as much as its area): 深度创面比例 = Σ深度创面面积 /
  Σ全身体表面积; 异体移植皮肤面积比例 = Σ异体皮肤面积 / Σ受体体表面积; 成活率 =
  Σ1周时成活面积 / Σ异体移植皮肤面积. The form records 全身体表面积 in m², the deep
  wound in % of it (as burns are estimated), the allograft and surviving areas in
  cm².
* 成活 is judged at one week (定义 三: 1周内无脱落、感染、溶解等现象，与基底粘附好):
  a 例次 whose week has not elapsed is not yet observable. 自异体皮肤混合移植成活
  (四) takes the same one-week reading; its denominator is every 皮肤移植例次.
* 活体供体 (五 to 七) are the donors the form records as living (donor.living);
  the donor's figures fall in the period of the recipient's discharge.
  供皮区并发症 (六) is 感染, 创面延迟愈合（超过3周: healing after day 21, or
  marked so) and the other complications recorded; judged once three weeks have
  elapsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    F,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    Value,
    Window,
)
from rtech.plugins.skin_allograft.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)

INFERRED = "2023 S01 未印指标类型与表达方式，按定义与意义推断。"
DELAYED_DAYS = 21  # 创面延迟愈合（超过3周）


def _number(answers: Mapping[str, Any], section: str, field: str) -> float | None:
    part = answers.get(section)
    value = part.get(field) if isinstance(part, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _deep_area(answers: Mapping[str, Any]) -> float | None:
    """深度创面面积 in m²: its % of 全身体表面积 times that area."""
    share = _number(answers, "wound", "deep_wound_pct")
    surface = _number(answers, "wound", "body_surface_m2")
    return None if share is None or surface is None else share / 100 * surface


def _cm2_as_m2(field: str) -> Value:
    def compute(answers: Mapping[str, Any]) -> float | None:
        area = _number(answers, "graft", field)
        return None if area is None else area / 10000

    return Value(compute, (f"graft.{field}",), f"graft.{field} / 10000")


def _donor_complication(answers: Mapping[str, Any]) -> bool | None:
    donor = answers.get("donor")
    if not isinstance(donor, Mapping):
        return None
    listed = donor.get("site_complications")
    days = _number(answers, "donor", "healing_days")
    if isinstance(listed, list) and listed:
        return True
    if days is not None and days > DELAYED_DAYS:
        return True
    if isinstance(listed, list) and days is not None:
        return False
    return None  # not healed (or not recorded) and nothing listed: cannot tell yet


CASES = F("procedure.date").present()
SURFACE = F("wound.body_surface_m2").number()
DEEP_AREA = Value(
    _deep_area, ("wound.deep_wound_pct", "wound.body_surface_m2"), "deep_wound_pct% x surface"
)
ALLOGRAFT_M2 = _cm2_as_m2("allograft_cm2")
MIXED_SURVIVED = F("graft.technique").eq("mixed") & F("graft.mixed_survived").is_true()
#: A product case has no donor: not a living donor (False, never unknown).
LIVING = F("graft.source").eq("donor") & F("donor.living").is_true()
DONOR_COMPLICATION = Predicate(
    _donor_complication,
    ("donor.site_complications", "donor.healing_days"),
    "donor.site_complications or donor.healing_days > 21",
)
ONE_WEEK = Window("procedure.date", 7)

INDICATORS = (
    kit.indicator(
        id="deep_wound_ratio",
        name="深度创面比例",
        clause="一",
        quote="深度创面比例是指深度创面面积占全身体表面积的比例。",
        type="过程",
        direction="监测比较",
        kind=IndicatorKind.RATIO,
        denominator=CASES,
        numerator_value=DEEP_AREA,
        denominator_value=SURFACE,
        note=INFERRED + "深度创面是指深Ⅱ度以上烧伤创面或全层皮肤缺损；各例次面积相加后相除。",
    ),
    kit.indicator(
        id="allograft_area_ratio",
        name="异体移植皮肤面积比例",
        clause="二",
        quote="异体移植皮肤面积占受体体表面积的比例。",
        type="过程",
        direction="监测比较",
        kind=IndicatorKind.RATIO,
        denominator=CASES,
        numerator_value=ALLOGRAFT_M2,
        denominator_value=SURFACE,
        note=INFERRED + "体现适应证和禁忌证掌握情况；各例次面积相加后相除。",
    ),
    kit.indicator(
        id="allograft_survival",
        name="异体移植皮肤成活率",
        clause="三",
        quote="异体移植皮肤成活率是指异体移植皮肤成活面积占同期异体移植皮肤总面积的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=CASES,
        numerator_value=F("graft.survived_cm2").number(),
        denominator_value=F("graft.allograft_cm2").number(),
        observe=ONE_WEEK,
        note=INFERRED
        + "成活：异体皮肤移植1周内无脱落、感染、溶解等现象，与基底粘附好；按面积加权，"
        "移植满1周方可判断。",
    ),
    kit.indicator(
        id="mixed_graft_survival",
        name="自异体皮肤混合移植成活率",
        clause="四",
        quote="自异体皮肤混合移植成活例次数占同期皮肤移植总例次数的比例。",
        type="结果",
        direction="提高",
        denominator=CASES,
        numerator=MIXED_SURVIVED,
        observe=ONE_WEEK,
        note=INFERRED + "分母为同期全部皮肤移植例次（按定义）；成活按移植后1周判断。",
    ),
    kit.indicator(
        id="donor_healing_days",
        name="活体供体供皮区平均愈合时间",
        clause="五",
        quote="活体供体供皮区平均愈合时间是指活体供体从手术取皮到供皮区愈合的平均时间（以天数为单位"
        "）。",
        type="结果",
        direction="降低",
        kind=IndicatorKind.MEAN,
        denominator=LIVING,
        value=F("donor.healing_days").number(),
        unit="天",
        scale=1.0,
        note=INFERRED + "尚未愈合（愈合天数未填）的供体不计入，列为资料不全。",
    ),
    kit.indicator(
        id="donor_site_complications",
        name="活体供体供皮区并发症发生率",
        clause="六",
        quote="活体供体供皮区并发症发生率是指活体供体供皮区并发症发生的例次数占同期同种异体活体皮肤"
        "移植总例次数的比例。",
        type="结果",
        direction="降低",
        denominator=LIVING,
        numerator=DONOR_COMPLICATION,
        observe=DELAYED_DAYS,
        note=INFERRED
        + "供皮区并发症：感染、创面延迟愈合（超过3周，即愈合天数大于21天）等；取皮满3周方可判断。",
    ),
    kit.indicator(
        id="donor_mean_stay",
        name="活体供体平均住院日",
        clause="七",
        quote="出院时所有活体供体占用总床日数与同期活体供体出院人数之比。",
        type="结果",
        direction="降低",
        kind=IndicatorKind.MEAN,
        denominator=LIVING,
        value=F("donor.stay_days").number(),
        unit="天",
        scale=1.0,
        note=INFERRED + "供体出院计入受体出院所在统计期。",
    ),
)
