"""Quality-control indicators of 口腔颌面部肿瘤颅颌联合根治技术 (2022 S04, 2023 S04 质量控制指标).

Both editions print the same ten headings (一 to 十, 九 holding two indicators: 术后抢救率
and 术后抢救成功率) with the same definitions, so each indicator cites both editions.

Reading the damaged text (seeds/README.md):

* every 计算公式 lost its fraction body; numerators and denominators follow the
  definition sentences (定义);
* the 2022 indicators' heading was lost in extraction (the text runs from the norm
  straight into 一、诊断符合率);
* 指标类型 and 表达方式: 2022 prints neither; 2023 prints, under 一 and 二 only, the
  template text "指标类型：结果质控（过程质控）" and "表达方式：提高（降低）" with no choice
  made, and nothing under 三 to 十 (whose 意义 calls each "重要结果指标之一"). Every
  indicator is therefore 结果 (outcome), and its direction is inferred from what it
  measures; each ``note`` says so.

Counting units, as the definitions say: "患者数 / 患者总数" is counted per patient
(一, 二, 六, 七, 八, 十); "例次数 / 总例数" with "同一患者行多次手术探查，记为‘多例次’"
counts every exploration (三, 四: a ratio of explorations to operations); 五 counts a
case once however many explorations ("记为‘1例’"); 九 counts rescue episodes, the
rescues of one patient within 24 hours being one (“同一患者24小时内行多次抢救，记为
‘一例次’”), over the operations (抢救率) or over the rescue episodes (抢救成功率).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    Direction,
    Events,
    F,
    IndicatorKind,
    IndicatorKit,
    Predicate,
    constant,
    value_if,
)
from rtech.plugins.maxillofacial_tumor.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)

UP, DOWN = Direction.UP, Direction.DOWN
SKILL = "口腔颌面部肿瘤颅颌联合根治"

INFERRED = (
    "2022 S04 未规定指标类型与表达方式；2023 S04 仅在一、二下印有未作选择的模板"
    "“结果质控（过程质控）”“提高（降低）”，三至十未印。按定义与意义推断为结果指标，"
)


def _inferred(direction: Direction) -> str:
    return INFERRED + f"表达方式为“{direction.value}”。"


# -------------------------------------------------------------------------
# Fields and sets
# -------------------------------------------------------------------------

#: Every operation of the period (the form requires its date).
OPERATED = F("procedure.date").present()

EXPLORATIONS = Events("explorations.events")
RESCUES = Events("rescue.events", date="date", time="time")
EXPLORED = F("explorations.performed").is_true()
RESCUED = F("rescue.rescued").is_true()

SYSTEMIC = (
    "myocardial_infarction",
    "ischaemic_stroke",
    "cerebral_haemorrhage",
    "other_cardiovascular",
    "pulmonary_embolism",
    "respiratory_failure",
    "liver_failure",
    "renal_failure",
    "dvt",
    "other",
)


def _subcategory(value: Any) -> str | None:
    """An ICD-10 code's subcategory (亚目, ``C41.1`` of ``C41.100x002``), or None."""
    code = value.get("code") if isinstance(value, Mapping) else None
    if not isinstance(code, str) or not code.strip():
        return None
    return code.strip().upper()[:5]


def _diagnoses_agree() -> Predicate:
    """术前诊断与术后诊断符合: the two ICD-10 codes agree to the subcategory (亚目)."""
    pre, post = "diagnosis.preop_diagnosis", "diagnosis.postop_diagnosis"

    def test(answers: Mapping[str, Any]) -> bool | None:
        section = answers.get("diagnosis")
        if not isinstance(section, Mapping):
            return None
        before = _subcategory(section.get("preop_diagnosis"))
        after = _subcategory(section.get("postop_diagnosis"))
        if before is None or after is None:
            return None
        return before == after

    return Predicate(test, (pre, post), "preop diagnosis agrees with postop (ICD-10 亚目)")


def _explorations(reason: str) -> Any:
    """Explorations for ``reason``, every one counted; none when none was performed."""
    return value_if(EXPLORED, EXPLORATIONS.where(reason=reason).count(), constant(0))


def _survived(event: Mapping[str, Any]) -> bool | None:
    value = event.get("survived_24h")
    return value if isinstance(value, bool) else None


RESCUE_EPISODES = value_if(RESCUED, RESCUES.count(dedupe_hours=24), constant(0))
SUCCESSFUL_EPISODES = RESCUES.count_episodes(hours=24, outcome=_survived)

# 九's definition is one paragraph: each indicator quotes it from its own first sentence.
_RESCUE = (
    f"术后抢救是指{SKILL}术患者，术后因紧急情况（呼吸心跳骤停、休克、颅内感染等）出现生命危险，"
    "需立即进行气管插管或切开、心肺复苏等治疗。"
)
_RESCUE_SUCCESS = "术后抢救成功是指经抢救的术后患者存活超过24小时。"
_RATE = f"术后抢救率是指术后抢救的患者例次数占同期{SKILL}术患者总数的比例。"
_SUCCESS_RATE = "术后抢救成功率是指术后抢救成功的患者例次数占同期术后抢救患者总例次数的比例。"
_ONE_EPISODE = "同一患者24小时内行多次抢救，记为“一例次”。"

INDICATORS = (
    kit.indicator(
        id="diagnosis_agreement",
        name="诊断符合率",
        clause="一",
        quote=f"{SKILL}术前诊断与术后诊断符合的患者数占同期{SKILL}术患者总数的比例。",
        type="结果",
        direction="提高",
        denominator=OPERATED,
        numerator=_diagnoses_agree(),
        per="患者",
        note=_inferred(UP) + "术前、术后诊断按ICD-10编码的亚目（如 C41.1）比较。",
    ),
    kit.indicator(
        id="surgical_site_infection",
        name="术后手术部位感染率",
        clause="二",
        quote=f"{SKILL}术患者，术后经病原学检验确诊发生手术部位感染的患者数占同期{SKILL}术患者"
        "总数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATED,
        numerator=F("complications.ssi").is_true()
        & F("complications.ssi_pathogen_confirmed").is_true(),
        per="患者",
        note=_inferred(DOWN) + "未经病原学检验确诊的手术部位感染不计入分子。",
    ),
    kit.indicator(
        id="hematoma_exploration",
        name="术后血肿手术探查率",
        clause="三",
        quote=f"{SKILL}术患者，术后局部伤口血肿形成行手术探查的例次数占同期{SKILL}术总例数的比例。"
        "同一患者行多次手术探查，记为“多例次”。",
        type="结果",
        direction="降低",
        kind=IndicatorKind.RATIO,
        denominator=OPERATED,
        numerator_value=_explorations("hematoma"),
        denominator_value=constant(1),
        note=_inferred(DOWN) + "每次探查计1例次，分母为手术例数。",
    ),
    kit.indicator(
        id="vascular_crisis_exploration",
        name="血管危象手术探查率",
        clause="四",
        quote=f"{SKILL}术患者，术后皮瓣发生血管危象行手术探查的例次数占同期{SKILL}术总例数的比例。"
        "同一患者行多次手术探查，记为“多例次”。",
        type="结果",
        direction="降低",
        kind=IndicatorKind.RATIO,
        denominator=OPERATED,
        numerator_value=_explorations("vascular_crisis"),
        denominator_value=constant(1),
        note=_inferred(DOWN) + "每次探查计1例次，分母为手术例数。",
    ),
    kit.indicator(
        id="flap_survival_after_exploration",
        name="手术探查后皮瓣成活率",
        clause="五",
        quote=f"{SKILL}术患者，术后皮瓣发生血管危象行手术探查后皮瓣成活的例数占同期{SKILL}术后"
        "皮瓣血管危象手术探查总例数的比例。同一患者行多次手术探查，记为“1例”。",
        type="结果",
        direction="提高",
        denominator=EXPLORED & EXPLORATIONS.where(reason="vascular_crisis").any(),
        numerator=F("flap.survived").is_true(),
        note=_inferred(UP) + "因血管危象行过手术探查的病例计1例，皮瓣最终成活者计入分子。",
    ),
    kit.indicator(
        id="csf_leak",
        name="术后脑脊液漏发生率",
        clause="六",
        quote=f"{SKILL}术患者，术后发生脑脊液漏的患者数占同期{SKILL}术患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATED,
        numerator=F("complications.csf_leak").is_true(),
        per="患者",
        note=_inferred(DOWN),
    ),
    kit.indicator(
        id="intracranial_infection",
        name="术后颅内感染发生率",
        clause="七",
        quote=f"{SKILL}术患者，术后发生颅内感染的患者数占同期{SKILL}术患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATED,
        numerator=F("complications.intracranial_infection").is_true(),
        per="患者",
        note=_inferred(DOWN),
    ),
    kit.indicator(
        id="systemic_complications",
        name="术后全身系统严重并发症发生率",
        clause="八",
        quote="术后全身系统严重并发症发生率是指术后发生全身系统严重并发症的患者数占同期"
        f"{SKILL}术患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATED,
        numerator=F("complications.systemic").contains_any(SYSTEMIC),
        per="患者",
        note=_inferred(DOWN)
        + "全身系统严重并发症：心脑血管意外（如心肌梗死、缺血性脑卒中、脑出血等）、肺栓塞、"
        "呼吸衰竭、肝衰竭、肾衰竭、深静脉血栓等。",
    ),
    kit.indicator(
        id="rescue_rate",
        name="术后抢救率",
        clause="九",
        quote=_RESCUE + _RESCUE_SUCCESS + _RATE + _SUCCESS_RATE + _ONE_EPISODE,
        type="结果",
        direction="降低",
        kind=IndicatorKind.RATIO,
        denominator=OPERATED,
        numerator_value=RESCUE_EPISODES,
        denominator_value=constant(1),
        note=_inferred(DOWN) + "同一患者24小时内行多次抢救记为一例次；分母按手术例数计。",
    ),
    kit.indicator(
        id="rescue_success",
        name="术后抢救成功率",
        clause="九",
        quote=_RESCUE_SUCCESS + _RATE + _SUCCESS_RATE + _ONE_EPISODE,
        type="结果",
        direction="提高",
        kind=IndicatorKind.RATIO,
        denominator=RESCUED,
        numerator_value=SUCCESSFUL_EPISODES,
        denominator_value=RESCUES.count(dedupe_hours=24),
        note=_inferred(UP)
        + "同一患者24小时内行多次抢救记为一例次，以该例次最后一次抢救后存活超过24小时为成功。",
    ),
    kit.indicator(
        id="postoperative_mortality",
        name="术后死亡率",
        clause="十",
        quote=f"术后死亡是指{SKILL}术患者，术后（住院期间内）死亡，包括因不可逆疾病而自动出院的患者。"
        f"术后死亡率是指术后患者死亡人数占同期{SKILL}技术患者总数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATED,
        numerator=F("death.status").isin(("died", "irreversible_discharge")),
        per="患者",
        note=_inferred(DOWN),
    ),
)
