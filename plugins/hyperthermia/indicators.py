"""Quality-control indicators of 肿瘤深部热疗和全身热疗技术 (2023 S02 质量控制指标).

Every 计算公式 lost its fraction body (“=×100%”); each indicator follows its 定义.
The seed prints no targets. How the notes are read:

* 一 (注1): the indication chosen is one of the modality's list and no
  contraindication of its list is present (absolute or relative: both are
  禁忌证, and the definition asks for “无技术应用禁忌证”).
* 二 (注2): deep — real-time monitoring, 40 ℃ ≤ temperature ≤ 45 ℃ (以上、以下
  include the bound), 40–60 min; whole-body — real-time monitoring, and either
  ≥ 39 ℃ rectal or oesophageal for at least 2 h (“维持2h”), or under general
  anaesthesia 41.0–41.8 ℃ for 1–2 h.
* 三 (注3): a complication dated within 30 days of the (first) session, per
  例次; a case whose 30 days have not elapsed is not yet observable.
* 四: death in hospital or discharge for an irreversible disease, per patient.
* 五 (注4): the confirmed response computed by core's ``response`` from the sums
  of diameters (never typed). The text's SD (“肿瘤消退＜30%”) has no lower bound:
  any change short of PD is read as SD. A case whose response is not yet
  confirmed (no assessment four weeks on) is incomplete.
* 六: necrotic area after over tumour area before, at the slice of largest
  diameter, pooled over the cases (sum over sum).
* 七: |before − after| over before, pooled over the cases with an effusion.
* 八 (注5、注6): core's ``qol_improved`` from pain, KPS and weight (its reading of
  “疼痛评分比基线提高≥50%” as relief is noted there); the KPS table of 注5(3) is
  garbled (scores 10…0 printed apart from the descriptions) and read as 100…0
  in the order of the descriptions (the form's help lists the reading).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    COMPLICATION_EVENTS,
    F,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    Value,
    qol_improved,
    response,
)
from rtech.plugins.hyperthermia.meta import TECHNOLOGY

__all__ = ["INDICATORS", "SCORES"]

kit = IndicatorKit(TECHNOLOGY)

FORMULA_LOST = "原文计算公式残缺（“=×100%”），按定义计算。"


TREATED = F("procedure.date").present()
MODALITY = F("procedure.modality")

# 一 (注1)
INDICATED = F("indication.category").isin(
    ("head_neck", "chest", "abdomen", "pelvis", "limbs", "unresectable", "systemic_malignancy")
)
NO_CONTRAINDICATION = Predicate(
    lambda a: (
        None
        if not isinstance((a.get("indication") or {}).get("contraindications"), list)
        else not a["indication"]["contraindications"]
    ),
    {"indication.contraindications"},
    "no contraindication",
)


# 二 (注2)
def _within(value: Any, low: float, high: float) -> bool | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return low <= value <= high


def _temperature_and_time(answers: Mapping[str, Any]) -> bool | None:
    p = answers.get("procedure") or {}
    modality, monitored = p.get("modality"), p.get("realtime_monitoring")
    temperature, minutes = p.get("temperature_c"), p.get("duration_min")
    if monitored is None or modality not in ("deep", "whole_body"):
        return None
    if monitored is False:
        return False
    if modality == "deep":
        ok_t, ok_m = _within(temperature, 40, 45), _within(minutes, 40, 60)
        return None if ok_t is None or ok_m is None else ok_t and ok_m
    site, anaesthesia = p.get("temperature_site"), p.get("anaesthesia")
    plain_t, plain_m = _within(temperature, 39, 100), _within(minutes, 120, 100000)
    if plain_t is None or plain_m is None or anaesthesia is None or site is None:
        return None
    plain = site in ("rectal", "oesophageal") and plain_t and plain_m
    deep_anaesthesia = (
        anaesthesia is True
        and bool(_within(temperature, 41.0, 41.8))
        and bool(_within(minutes, 60, 120))
    )
    return bool(plain or deep_anaesthesia)


TEMPERATURE_AND_TIME = Predicate(
    _temperature_and_time,
    {
        "procedure.modality",
        "procedure.realtime_monitoring",
        "procedure.temperature_c",
        "procedure.duration_min",
        "procedure.temperature_site",
        "procedure.anaesthesia",
    },
    "注2 temperature and time",
)

# 三 (注3)
COMPLICATION_30D = (
    F("complications.occurred").is_true()
    & COMPLICATION_EVENTS.within(30, after="procedure.date").any()
)

# 四
DIED = F("outcome.status").isin(("died", "irreversible_discharge")) | F(
    "admission.discharge_disposition"
).eq("5")

# 五 (注4), 八 (注5、注6): computed, never typed
RESPONSE = response("response.baseline_sum_mm", "response.assessments", id="response.recist")
QOL = qol_improved("qol.baseline", "qol.assessments", id="qol.improved")
SCORES = (RESPONSE, QOL)
SOLID = F("response.solid_tumour").is_true()


def _number(answers: Mapping[str, Any], section: str, key: str) -> float | None:
    value = (answers.get(section) or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


NECROSIS = F("necrosis.assessed").is_true()
NECROTIC_AREA = Value(
    lambda a: _number(a, "necrosis", "necrosis_area_cm2"),
    {"necrosis.necrosis_area_cm2"},
    "necrotic area",
)
TUMOUR_AREA = Value(
    lambda a: _number(a, "necrosis", "tumour_area_cm2"), {"necrosis.tumour_area_cm2"}, "area"
)
EFFUSION = F("effusion.present").is_true()


def _resolved(answers: Mapping[str, Any]) -> float | None:
    before, after = (
        _number(answers, "effusion", "before_ml"),
        _number(answers, "effusion", "after_ml"),
    )
    return None if before is None or after is None else abs(before - after)


EFFUSION_CHANGE = Value(_resolved, {"effusion.before_ml", "effusion.after_ml"}, "|before - after|")
EFFUSION_BEFORE = Value(
    lambda a: _number(a, "effusion", "before_ml"), {"effusion.before_ml"}, "before"
)
#: 八: a patient is counted once assessed after the treatment (without an assessment the
#: verdict would be "not improved" for want of data).
QOL_RECORDED = Predicate(
    lambda a: bool((a.get("qol") or {}).get("assessments")),
    {"qol.assessments"},
    "assessed after treatment",
)

_RR = (
    "实体肿瘤热疗有效是指实体肿瘤实施肿瘤热疗治疗后实体肿瘤完全缓解或部分缓解。"
    "实体肿瘤热疗控制是指实体肿瘤实施肿瘤热疗治疗后实体肿瘤完全缓解、部分缓解或稳定。"
    "实体肿瘤热疗有效率（RR）是指实体肿瘤热疗有效的患者数占同期实体肿瘤热疗治疗患者总数的比例。"
)
_DCR = "实体肿瘤热疗控制率（DCR）是指实体肿瘤热疗控制的患者数占同期实体肿瘤热疗治疗患者总数的比例。"
_RESPONSE_NOTE = (
    FORMULA_LOST + "疗效（CR/PR/SD/PD）由治疗前后肿瘤最大直径（和）计算，CR、PR、SD需维持4周以上"
    "（注4）；原文SD仅写“肿瘤消退＜30%”，未写下限，按未达PD的任何变化计为SD；疗效尚未确认的病例"
    "列为资料不全。按患者计。"
)

INDICATORS = (
    kit.indicator(
        id="indication_compliance",
        name="适应证符合率",
        clause="一",
        quote="肿瘤深部热疗或全身热疗技术适应证选择正确且无技术应用禁忌证的患者例数占同期肿瘤深部热"
        "疗或全身热疗技术总患者例数的比例。",
        type="结果",
        direction="提高",
        denominator=TREATED,
        numerator=INDICATED & NO_CONTRAINDICATION,
        note=FORMULA_LOST
        + "适应证为注1所列（按深部或全身热疗）且无注1所列禁忌证（含相对禁忌证）。",
    ),
    kit.indicator(
        id="temperature_and_time",
        name="肿瘤热疗治疗温度和时间选择正确率",
        clause="二",
        quote="肿瘤深部热疗或全身热疗温度和时间选择正确的例数占同期肿瘤深部热疗或全身热疗技术总例数"
        "的比例。",
        type="结果",
        direction="提高",
        denominator=TREATED,
        numerator=TEMPERATURE_AND_TIME,
        note=FORMULA_LOST + "注2：深部40-45℃（含）维持40-60分钟；全身≥39℃（直肠或食道）维持≥2小时，"
        "或全身麻醉下41.0-41.8℃维持1-2小时；均须有治疗温度实时监控。",
    ),
    kit.indicator(
        id="perioperative_complications",
        name="围手术期并发症发生率",
        clause="三",
        quote="围手术期（术后30天内）并发症发生的例次数占同期肿瘤深部热疗或全身热疗技术总例次数的比"
        "例。",
        type="结果",
        direction="降低",
        denominator=TREATED,
        numerator=COMPLICATION_30D,
        observe=30,
        note=FORMULA_LOST
        + "术后30天自热疗日起算，第30天发生的并发症计入；未满30天的病例尚不可观察。",
    ),
    kit.indicator(
        id="postoperative_mortality",
        name="术后死亡率",
        clause="四",
        quote="术后死亡率是指术后患者死亡人数占同期肿瘤深部热疗或全身热疗治疗患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=TREATED,
        numerator=DIED,
        per="患者",
        note=FORMULA_LOST + "术后（住院期间内）死亡，包括因不可逆疾病而自动出院的患者；按患者计。",
    ),
    kit.indicator(
        id="response_rate",
        name="实体肿瘤热疗有效率（RR）",
        clause="五",
        quote="实体肿瘤热疗有效是指实体肿瘤实施肿瘤热疗治疗后实体肿瘤完全缓解或部分缓解。实体肿瘤热"
        "疗控制是指实体肿瘤实施肿瘤热疗治疗后实体肿瘤完全缓解、部分缓解或稳定。实体肿瘤热疗有"
        "效率（RR）是指实体肿瘤热疗有效的患者数占同期实体肿瘤热疗治疗患者总数的比例。",
        type="结果",
        direction="提高",
        denominator=TREATED & SOLID,
        numerator=RESPONSE.isin("CR", "PR"),
        per="患者",
        note=_RESPONSE_NOTE,
    ),
    kit.indicator(
        id="disease_control_rate",
        name="实体肿瘤热疗控制率（DCR）",
        clause="五",
        quote="实体肿瘤热疗控制率（DCR）是指实体肿瘤热疗控制的患者数占同期实体肿瘤热疗治疗患者总数"
        "的比例。",
        type="结果",
        direction="提高",
        denominator=TREATED & SOLID,
        numerator=RESPONSE.isin("CR", "PR", "SD"),
        per="患者",
        note=_RESPONSE_NOTE,
    ),
    kit.indicator(
        id="necrosis_rate",
        name="实体肿瘤坏死率",
        clause="六",
        quote="实体肿瘤热疗治疗后，CT扫描肿瘤最大直径层面肿瘤坏死面积与治疗前CT扫描肿瘤最大直径层面"
        "肿瘤面积的比值。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=TREATED & NECROSIS,
        numerator_value=NECROTIC_AREA,
        denominator_value=TUMOUR_AREA,
        note=FORMULA_LOST + "同期各例坏死面积之和与治疗前肿瘤面积之和的比值。",
    ),
    kit.indicator(
        id="effusion_resolution",
        name="胸（腹、盆）腔积液消退率",
        clause="七",
        quote="肿瘤热疗治疗前、后胸（腹、盆）腔积液体积差值的绝对值与治疗前胸（腹、盆）腔积液体积的"
        "比值。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=TREATED & EFFUSION,
        numerator_value=EFFUSION_CHANGE,
        denominator_value=EFFUSION_BEFORE,
        note=FORMULA_LOST + "同期各例治疗前后积液体积差值绝对值之和与治疗前积液体积之和的比值。",
    ),
    kit.indicator(
        id="quality_of_life",
        name="患者生活质量改善率",
        clause="八",
        quote="肿瘤热疗治疗后生活质量改善的患者数占同期肿瘤热疗治疗患者总数的比例。",
        type="过程",
        direction="提高",
        denominator=TREATED & QOL_RECORDED,
        numerator=QOL.is_true(),
        per="患者",
        note=FORMULA_LOST + "生活质量改善由疼痛（VAS）、KPS与体重按注5、注6计算，均需持续4周以上；"
        "分母为治疗后至少评估一次的患者；"
        "注5(3) KPS表格分值错位，按百分法依次读作100至0；按患者计。",
    ),
)
