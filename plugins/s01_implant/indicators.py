"""Quality-control indicators of 口腔颌面复杂种植技术 (2022 S01 质量控制指标).

All ten headings of the three groups, computed from the case form. Reading the
damaged text (seeds/README.md): every 计算公式 lost its fraction body, so
numerators and denominators follow the definition sentences (定义). The 2022
edition prints no 指标类型 or 表达方式: both are inferred from the definition
and each ``note`` says so. Two headings print no formula at all (二(二) 远位取骨
例数, a count with the bands of its 注; 二(三) 植体及相关植入材料, read as the share
of cases whose implants are recorded for tracing).

Windows: "术后一周内" is the procedure day to day 7, for an inpatient after the
operation and for an outpatient after leaving (the same day); "术后2周内（拆线时）"
is judged from day 14; "6个月以内" is 183 days.
"""

from __future__ import annotations

from dataclasses import replace

from rtech import (
    Band,
    Citation,
    Events,
    F,
    IndicatorKind,
    IndicatorKit,
    Threshold,
    date_within,
)
from rtech.plugins.s01_implant.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)


INFERRED = "2022 S01 未规定指标类型与表达方式，按定义推断。"
SIX_MONTHS = 183  # "6个月以内": half a year of days (a 6-month calendar span is 181-184 days)


def _c(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2022", f"质量控制指标 {clause}", quote)


ALL = F("procedure.date").present()
DAY0 = "procedure.date"
ZYGOMATIC = F("procedure.techniques").contains_any(["zygomatic"])
REOPERATED_IN_WEEK = (
    F("reoperation.unplanned").is_true() & Events("reoperation.events").within(7, after=DAY0).any()
)

_CT = "复杂种植技术术前应行CT检查以全面了解局部组织情况。可用多通道螺旋CT或CBCT。检查率应为100%。"
_LOOSE = "种植手术术后2周内（拆线时）植体松动或脱落的比例。反映种植效果。预设松脱率不大于8%。"
_RESTORED = (
    "种植体在植入后6个月以内进行上部结构的修复的比例。反映种植体与骨结合效果。"
    "预设6月内完成比例不低于80%。"
)
_DISTANT_NOTE = (
    "年度病例超过12例可视作常规开展，1-11例可视作时有开展，未开展的说明在该方面技术缺乏。"
)

PREPARATION = (
    kit.indicator(
        id="preop_ct",
        name="术前CT检查率",
        clause="一(一)",
        quote="复杂种植技术术前应行CT检查以全面了解局部组织情况。可用多通道螺旋CT或CBCT。检查率应为"
        "100%。",
        type="过程",
        direction="提高",
        denominator=ALL,
        numerator=F("imaging.preop").contains_any(["ct", "cbct"]),
        threshold=Threshold(">=", 100.0, _c("一(一)", "检查率应为100%。")),
        note=INFERRED + "多通道螺旋CT或CBCT均计入。",
    ),
    kit.indicator(
        id="preop_cad",
        name="术前计算机辅助率",
        clause="一(二)",
        quote="术前计算机辅助设计、手术模拟和导航技术可帮助提高种植成功率。",
        type="过程",
        direction="监测比较",
        denominator=ALL,
        numerator=F("imaging.cad").is_true(),
        note=INFERRED + "原文：可作为非评价的考核指标，仅检测计算机辅助技术在复杂种植中应用情况，"
        "不设预定值。",
    ),
    kit.indicator(
        id="intraop_navigation",
        name="术中使用导航率",
        clause="一(三)",
        quote="术中使用导航可以提高手术准确性和植体植入的精确度。",
        type="过程",
        direction="监测比较",
        denominator=ALL,
        numerator=F("imaging.navigation").is_true(),
        note=INFERRED + "原文：非考核指标，不设预定值。",
    ),
)

DIFFICULTY = (
    kit.indicator(
        id="zygomatic_orbit_entry",
        name="穿颧种植进入眶内比例",
        clause="二(一)",
        quote="穿颧种植术中涉及眼眶内会增加手术难度和风险。",
        type="结果",
        direction="降低",
        denominator=ZYGOMATIC,
        numerator=F("procedure.orbit_entry").is_true(),
        note=INFERRED + "分母为穿颧种植病例，分子为其中术中进入眶内者（意义：穿颧种植进入眶内为"
        "术中并发症）。",
    ),
    kit.indicator(
        id="distant_bone_harvest",
        name="远位取骨例数",
        clause="二(二)",
        quote="严重骨量不足的骨增量技术涉及骨块移植，口内取骨和远位取骨技术难度相差甚大。",
        type="结构",
        direction="监测比较",
        kind=IndicatorKind.COUNT,
        denominator=ALL,
        numerator=F("procedure.bone_harvest").eq("distant"),
        unit="例",
        scale=1.0,
        bands=(
            Band(13, None, "常规开展"),
            Band(1, 11, "时有开展"),
            Band(0, 0, "未开展"),
        ),
        note=INFERRED
        + "原文无计算公式，计远位取骨（非口腔内取骨）的病例数；注："
        + _DISTANT_NOTE
        + "分档按年度病例，宜按年计算；原文“超过12例”与“1-11例”之间恰为12例者不属任何一档。",
    ),
    kit.indicator(
        id="implant_materials_recorded",
        name="植体及相关植入材料",
        clause="二(三)",
        quote="种植体和涉及高值耗材的相关植入材料（三类）应有具体数据记录以便追踪。",
        type="过程",
        direction="提高",
        denominator=ALL,
        numerator=Events("devices.items").any(),
        note=INFERRED
        + "原文无计算公式，按定义计植入材料有具体数据记录（名称与条形码/UDI）的病例比例。",
    ),
)

OUTCOMES = (
    kit.indicator(
        id="reoperation_within_week",
        name="一周内二次手术率",
        clause="三(一)",
        quote="指住院复杂种植手术患者术后一周内非预期再次手术或门诊手术患者离院后一周内再次返回手术"
        "的比例。",
        type="结果",
        direction="降低",
        denominator=ALL,
        numerator=REOPERATED_IN_WEEK,
        observe=7,
        note=INFERRED + "一周按手术日（门诊病例即离院日）至其后第7天计，满7天后方可判断。",
    ),
    kit.indicator(
        id="implant_loosening",
        name="种植体松动/脱落率",
        clause="三(二)",
        quote="种植手术术后2周内（拆线时）植体松动或脱落的比例。反映种植效果。预设松脱率不大于8%。",
        type="结果",
        direction="降低",
        kind=IndicatorKind.RATIO,
        denominator=ALL,
        numerator_value=F("early.loose_implants").number(),
        denominator_value=F("procedure.implant_count").number(),
        threshold=Threshold("<=", 8.0, _c("三(二)", "预设松脱率不大于8%。")),
        observe=14,
        note=INFERRED
        + "按种植体枚数计（松动或脱落的种植体数 / 植入种植体数）；术后满14天方可判断，"
        "未记录复查结果者列为资料不全。",
    ),
    kit.indicator(
        id="restoration_within_6_months",
        name="六月内完成种植修复比例",
        clause="三(三)",
        quote="种植体在植入后6个月以内进行上部结构的修复的比例。反映种植体与骨结合效果。预设6月内完"
        "成比例不低于80%。",
        type="结果",
        direction="提高",
        denominator=ALL,
        numerator=date_within("restoration.date", SIX_MONTHS, after=DAY0),
        threshold=Threshold(">=", 80.0, _c("三(三)", "预设6月内完成比例不低于80%。")),
        observe=SIX_MONTHS,
        note=INFERRED + "6个月按手术日后183天计；满183天方可判断，届时未记录修复日期者计为未完成。",
    ),
    kit.indicator(
        id="peri_implantitis",
        name="种植体周炎发生率",
        clause="三(四)",
        quote="种植体植入后或完成修复后，出现种植体周炎的比例。",
        type="结果",
        direction="降低",
        denominator=ALL,
        numerator=F("peri_implant.occurred").is_true(),
        note=INFERRED + "原文未规定观察期，计至今已记录的种植体周炎。",
    ),
)

GROUPS = (
    ("诊断技术及术前准备完善性项目", PREPARATION),
    ("难度指标及真实性核查指标", DIFFICULTY),
    ("结局指标", OUTCOMES),
)

INDICATORS = tuple(
    replace(indicator, group=title) for title, group in GROUPS for indicator in group
)
