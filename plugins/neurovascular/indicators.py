"""Quality-control indicators of 神经血管介入技术 (2023 S09 临床应用质量控制指标).

Nine headings, computed from the neurovascular case form; each cites its
clause with the definition sentence (定义). Readings of the text:

* "发病24小时内行血管内治疗": a case of 急性脑梗死血管内治疗 whose arterial
  puncture came at most 24 h (1440 min) after onset, with at least one of the
  five endovascular procedures the 说明 of 一 lists; "仅行颅脑DSA检查" does
  not count (说明).
* 一's denominator is every patient with cerebral infarction admitted within
  24 h of onset, most of whom never reach the cath lab: it is an aggregate the
  administrator enters per period (``stroke_admissions_24h``).
* 三 counts, among all treated patients, those reperfused (mTICI 2b/3, 说明)
  within 60 min of puncture: a patient not reperfused is in the denominator
  and never in the numerator, so it is a rate, not a duration of the
  reperfused alone (the median PRT would hide the failures).
* 四's sICH is "术后 CT 扫描显示脑出血或蛛网膜下腔出血，神经功能缺损加重NIHSS评分
  增加≥4分或死亡" (说明): a haemorrhage on CT with NIHSS +4 or an in-hospital death.
* 五 reads the 90-day follow-up visit (followup.SCHEDULE): a visit dated from
  day 83 to day 120 after the procedure with an mRS recorded is "术后90天行mRS
  评估"; mRS 0-2 is good (说明).
* 六、八、九: "1个月内致残或致死性并发症" is a complication dated from the
  procedure day to day 30 that disabled (``disabling``) or killed (转归 死亡).
* 九: the formula's denominator says "同期所有未破裂颅内动脉瘤患者行血管内栓塞治疗人数",
  a slip of the text: its name and definition are about ruptured aneurysms, so
  the denominator is the ruptured ones (note on the indicator).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import (
    COMPLICATION_EVENTS,
    Aggregate,
    Citation,
    F,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    Value,
    Window,
    minutes_between,
    mtici_success,
    nihss_worsened,
)
from rtech.plugins.neurovascular.meta import TECHNOLOGY

__all__ = ["INDICATORS", "SCORES"]

kit = IndicatorKit(TECHNOLOGY)


def _cite(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2023", f"质量控制指标 {clause}", quote)


def at_most(value: Value, limit: float) -> Predicate:
    """The value is known and not above ``limit`` (unknown when it cannot be computed)."""

    def test(answers: Mapping[str, Any]) -> bool | None:
        found = value(answers)
        return None if found is None else found <= limit

    return Predicate(test, value.fields, f"{value.text} <= {limit:g}")


# -------------------------------------------------------------------------
# Fields and sets
# -------------------------------------------------------------------------

SUBTYPE = F("procedure.subtype")
DEAD = F("admission.discharge_disposition").eq("5")  # 离院方式 5 = 死亡

#: 2023 S09 指标 一 说明: 血管内治疗包含：动脉溶栓术、支架取栓术、血栓抽吸术、
#: 球囊扩张术、支架置入术.
ENDOVASCULAR = ("ia_thrombolysis", "stent_retriever", "aspiration", "balloon", "stenting")
ONSET_TO_PUNCTURE = minutes_between("stroke.onset_at", "stroke.puncture_at")
DOOR_TO_PUNCTURE = minutes_between("stroke.door_at", "stroke.puncture_at")
PUNCTURE_TO_REPERFUSION = minutes_between("stroke.puncture_at", "stroke.reperfusion_at")
WITHIN_24H = 24 * 60

EVT_24H = (
    SUBTYPE.eq("stroke_evt")
    & F("stroke.methods").contains_any(ENDOVASCULAR)
    & at_most(ONSET_TO_PUNCTURE, WITHIN_24H)
)

MTICI = mtici_success("stroke.mtici")
NIHSS_UP = nihss_worsened("stroke.nihss_before", "stroke.nihss_after")
SCORES = (MTICI, NIHSS_UP)

SICH = F("stroke.ich").is_true() & (NIHSS_UP.is_true() | DEAD)

#: 2023 S09 指标 五: the 90-day visit (followup.SCHEDULE: due day 90, from 7 days
#: before to 30 days after).
MRS_DAYS, MRS_EARLY, MRS_LATE = 90, 7, 30


def _mrs_at_90(answers: Mapping[str, Any]) -> float | None:
    """The mRS recorded at the first visit of the 90-day window, else None."""
    raw = (answers.get("procedure") or {}).get("date")
    try:
        start = date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    if start is None:
        return None
    first = start + timedelta(days=MRS_DAYS - MRS_EARLY)
    last = start + timedelta(days=MRS_DAYS + MRS_LATE)
    visits = (answers.get("followup") or {}).get("visits") or []
    for visit in sorted(visits, key=lambda v: str(v.get("date", ""))):
        try:
            day = date.fromisoformat(visit.get("date", ""))
        except (TypeError, ValueError):
            continue
        score = (visit.get("scores") or {}).get("mrs")
        if first <= day <= last and isinstance(score, int | float) and not isinstance(score, bool):
            return float(score)
    return None


MRS_90 = Value(_mrs_at_90, ("procedure.date", "followup.visits"), "mRS at day 90")
MRS_ASSESSED = Predicate(
    lambda answers: _mrs_at_90(answers) is not None,
    MRS_90.fields,
    "mRS assessed at day 90",
)

STENOSIS = SUBTYPE.eq("stenosis") & F("stenosis.symptomatic").is_true()
UNRUPTURED = SUBTYPE.eq("unruptured")
RUPTURED = SUBTYPE.eq("ruptured")

COMPLICATIONS = COMPLICATION_EVENTS
_MONTH = 30
#: No complication (``complications.any`` no) decides the case without an events list.
DISABLING_OR_FATAL = F("complications.any").is_true() & (
    COMPLICATIONS.where(disabling=True).within(_MONTH, after="procedure.date").any()
    | COMPLICATIONS.where(outcome="died").within(_MONTH, after="procedure.date").any()
)
#: "1个月内": the procedure day to day 30, observable once day 30 has passed.
MONTH = Window("procedure.date", _MONTH)

STROKE_24H = Aggregate(
    "stroke_admissions_24h",
    "同期收治发病24小时内脑梗死患者总数",
    _cite("一", "同期收治发病24小时内脑梗死患者总数"),
    help="本期收治的发病24小时内脑梗死患者总数（含未行血管内治疗者），由管理员按期录入。",
)

G_STROKE = "急性脑梗死血管内治疗"
G_STENOSIS = "症状性颅内动脉狭窄血管内治疗"
G_ANEURYSM = "颅内动脉瘤血管内栓塞治疗"

INDICATORS = (
    kit.indicator(
        id="evt_rate_24h",
        name="发病24小时内脑梗死患者血管内治疗率",
        clause="一",
        quote="单位时间内，发病24小时内行血管内治疗脑梗死患者数与同期收治发病24小时内脑梗死患者总数"
        "的比例。",
        type="结果",
        direction="提高",
        denominator=EVT_24H,
        numerator=EVT_24H,
        aggregate=STROKE_24H,
        group=G_STROKE,
        note="分母为同期收治的发病24小时内脑梗死患者总数（多数未行介入，不在病例库中），"
        "由管理员按期录入汇总数据；分子为发病至动脉穿刺不超过24小时、实施了说明所列血管内治疗"
        "操作的病例（仅行DSA检查者不计）。",
    ),
    kit.indicator(
        id="dpt_90",
        name="发病24小时内脑梗死患者行血管内治疗90分钟内完成动脉穿刺率",
        clause="二",
        quote="单位时间内，发病24小时内脑梗死患者行血管内治疗者中，从入院到完成动脉穿刺时间（DPT）"
        "在 90分钟内的患者所占比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.DURATION,
        denominator=EVT_24H,
        value=DOOR_TO_PUNCTURE,
        limit=90,
        group=G_STROKE,
        note="“90分钟内”含第90分钟。",
    ),
    kit.indicator(
        id="prt_60",
        name="发病24小时内脑梗死患者行血管内治疗60分钟内成功再灌注率",
        clause="三",
        quote="单位时间内，发病24小时内脑梗死患者行血管内治疗者中，从完成动脉穿刺到成功再灌注时间（"
        "PRT）在60分钟内的患者所占比例。",
        type="结果",
        direction="提高",
        denominator=EVT_24H,
        numerator=MTICI.is_true() & at_most(PUNCTURE_TO_REPERFUSION, 60),
        group=G_STROKE,
        note="成功再灌注指mTICI 2b/3级（2c级亦计）；未达成功再灌注者在分母、不在分子，"
        "故按比率计算而非仅统计再灌注者的时长；“60分钟内”含第60分钟。",
    ),
    kit.indicator(
        id="sich",
        name="发病24小时内脑梗死患者行血管内治疗术后症状性颅内出血发生率",
        clause="四",
        quote="单位时间内，发病24小时内脑梗死患者行血管内治疗者中，术后住院期间发生症状性颅内出血（"
        "sICH）的患者所占比例。",
        type="结果",
        direction="降低",
        denominator=EVT_24H,
        numerator=SICH,
        group=G_STROKE,
        note="症状性颅内出血：术后CT示脑出血或蛛网膜下腔出血，且NIHSS较术前增加≥4分或住院期间死亡。",
    ),
    kit.indicator(
        id="mrs90_good",
        name="发病24小时内脑梗死患者行血管内治疗术后90天良好神经功能预后率",
        clause="五",
        quote="单位时间内，发病24小时内脑梗死患者行血管内治疗并在术后 90 天行 mRS 评估的患者中，达"
        "到良好神经功能预后的患者所占比例。",
        type="结果",
        direction="提高",
        denominator=EVT_24H & MRS_ASSESSED,
        numerator=at_most(MRS_90, 2),
        observe=MRS_DAYS,
        group=G_STROKE,
        note="术后90天mRS取术后第83～120天随访记录的mRS；良好神经功能预后为mRS 0-2分；"
        "未行mRS评估者不计入分母。",
    ),
    kit.indicator(
        id="stenosis_complications",
        name="症状性颅内动脉狭窄患者行血管内治疗并发症发生率",
        clause="六",
        quote="单位时间内，症状性颅内动脉狭窄血管内治疗术后出现1个月内致残或致死性并发症的比例。",
        type="结果",
        direction="降低",
        denominator=STENOSIS,
        numerator=DISABLING_OR_FATAL,
        observe=MONTH,
        group=G_STENOSIS,
        note="1个月内：手术日至术后第30天；致残（遗留残疾）或转归为死亡的并发症。",
    ),
    kit.indicator(
        id="unruptured_preop_assessment",
        name="未破裂颅内动脉瘤患者行血管内栓塞治疗术前规范评估率",
        clause="七",
        quote="未破裂颅内动脉瘤患者拟行血管内栓塞治疗，需完善脑血管造影，高分辨血管壁MRI+/±血流动力"
        "学危险因素评估等检查。",
        type="结果",
        direction="提高",
        denominator=UNRUPTURED,
        numerator=F("preop.hr_vwi").is_true(),
        group=G_ANEURYSM,
        note="表达方式原文为“升高”；分子按计算公式为完善高分辨血管壁检查者"
        "（“±血流动力学危险因素评估”为可选项，不作要求）。",
    ),
    kit.indicator(
        id="unruptured_complications",
        name="未破裂颅内动脉瘤患者行血管内栓塞治疗并发症发生率",
        clause="八",
        quote="未破裂颅内动脉瘤患者行血管内栓塞治疗，在一个月内出现致残、致死并发症的发生率。",
        type="结果",
        direction="降低",
        denominator=UNRUPTURED,
        numerator=DISABLING_OR_FATAL,
        observe=MONTH,
        group=G_ANEURYSM,
        note="一个月内：手术日至术后第30天。",
    ),
    kit.indicator(
        id="ruptured_complications",
        name="破裂颅内动脉瘤患者行血管内栓塞治疗并发症发生率",
        clause="九",
        quote="破裂颅内动脉瘤患者行血管内栓塞治疗，在一个月内出现致残、致死并发症的发生率。",
        type="结果",
        direction="降低",
        denominator=RUPTURED,
        numerator=DISABLING_OR_FATAL,
        observe=MONTH,
        group=G_ANEURYSM,
        note="原文计算公式的分母写作“同期所有未破裂颅内动脉瘤患者行血管内栓塞治疗人数”，"
        "与指标名称及定义（破裂颅内动脉瘤）矛盾，按名称以破裂颅内动脉瘤栓塞病例为分母。",
    ),
)
