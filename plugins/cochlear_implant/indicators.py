"""Quality-control indicators of 人工耳蜗植入技术 (2023 S08 质量控制指标).

Three headings, each from its 定义 sentence (every 计算公式 lost its fraction
body in the text; seeds/README.md); 指标类型 and 表达方式 as printed; the
targets of each 意义 paragraph (诊断符合率≥90%, 手术成功率≥98%, 并发症发生率≤10%).

Readings:

* 诊断符合率: 术前诊断 and 术后诊断 are the form's two ICD-10 diagnoses
  (``diagnosis.preop`` / ``diagnosis.postop``); they agree when their 亚目 (the
  first five characters, ``H90.3``) is the same, so that a more specific
  clinical-edition extension of the same diagnosis still agrees.
* 手术成功率 (指标参考依据): both 1. 电极植入正常，术后耳蜗摄片或者CT显示电极植入
  耳蜗一圈以上 ("一圈以上" includes one turn) and 2. 术中电阻及神经遥测检查合格. A
  case without post-operative imaging cannot show 1 and is not a success.
* 并发症发生率: a case with at least one complication recorded after the operation
  (the list of 指标参考依据 and 其他).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    Citation,
    Events,
    F,
    IndicatorKit,
    Predicate,
    Threshold,
)
from rtech.plugins.cochlear_implant.meta import TECHNOLOGY

__all__ = ["INDICATORS", "SUCCESS"]

kit = IndicatorKit(TECHNOLOGY)


def _cite(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2023", f"质量控制指标 {clause}", quote)


def _subcategory(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    code = str(value.get("code") or "").strip().upper()
    return code[:5] if len(code) >= 3 else None


def _agree(answers: Mapping[str, Any]) -> bool | None:
    section = answers.get("diagnosis")
    if not isinstance(section, Mapping):
        return None
    before, after = _subcategory(section.get("preop")), _subcategory(section.get("postop"))
    if before is None or after is None:
        return None
    return before == after


CASES = F("procedure.date").present()
DIAGNOSIS_AGREES = Predicate(
    _agree,
    ("diagnosis.preop", "diagnosis.postop"),
    "diagnosis.preop[:5] == diagnosis.postop[:5]",
)
#: 指标参考依据 二: 电极植入耳蜗一圈以上 (on 耳蜗摄片 or CT) and 电阻及神经遥测检查合格.
SUCCESS = (
    F("implant.postop_imaging").isin(("xray", "ct"))
    & F("implant.electrode_turns").ge(1)
    & F("implant.impedance_ok").is_true()
    & F("implant.nrt_ok").is_true()
)
COMPLICATION = Events("implant.complications", date="onset_date").any()

INDICATORS = (
    kit.indicator(
        id="diagnosis_agreement",
        name="诊断符合率",
        clause="一",
        quote="人工耳蜗植入术前诊断与术后诊断符合的例数占同期人工耳蜗植入术总例数的比例。",
        type="结果",
        direction="提高",
        denominator=CASES,
        numerator=DIAGNOSIS_AGREES,
        threshold=Threshold(">=", 90.0, _cite("一 意义", "诊断符合率≥90%")),
        note="术前、术后诊断按ICD-10亚目（编码前5位，如H90.3）比较；表达方式“指标较前逐渐提高”。",
    ),
    kit.indicator(
        id="surgical_success",
        name="手术成功率",
        clause="二",
        quote="人工耳蜗植入成功例数占同期人工耳蜗植入术总例数的比例。",
        type="结果",
        direction="提高",
        denominator=CASES,
        numerator=SUCCESS,
        threshold=Threshold(">=", 98.0, _cite("二 意义", "手术成功率≥98%")),
        note="成功：术后耳蜗摄片或CT显示电极植入耳蜗一圈以上（含一圈），且术中电阻及神经遥测"
        "检查合格（指标参考依据 1、2）；未行术后影像者不计为成功。",
    ),
    kit.indicator(
        id="complication_rate",
        name="并发症发生率",
        clause="三",
        quote="人工耳蜗植入术后发生并发症的例数占同期人工耳蜗植入术总例数的比例。",
        type="结果",
        direction="降低",
        denominator=CASES,
        numerator=COMPLICATION,
        threshold=Threshold("<=", 10.0, _cite("三 意义", "并发症发生率≤10%")),
        note="并发症：面瘫（暂时性和永久性）、脑脊液耳漏、皮下血肿、植入体移位、植入体外露、"
        "术后感染及其他（指标参考依据）。",
    ),
)
