"""Quality-control indicators of 咽喉内镜诊疗技术 (2023 S13 质量控制指标).

The three indicators of the edition over every laryngeal endoscopic operation of
the period, stratified by grade (三级/四级手术). The text is damaged beyond the
lost fractions (seeds/README.md), and is read as follows:

* 指标类型 and 表达方式 kept the template's alternatives ("结果质控（过程质控）",
  "提高（降低）"); the type is taken from each indicator's 意义 and the direction
  from the sentence that follows the alternatives.
* 二 is named 规范使用率 (a compliance rate) but says "逐渐降低" / "较前降低，最低为0":
  the name wins (a rate of use according to the guideline should rise), and the
  note says so. Its definition's denominator is "同期内镜手术总例数", every
  laryngeal endoscopic operation.
* 三 is named 并发症发生率 while its definition opens with 严重并发症发生率 and
  lists complications that are not all severe (舌体麻木、牙齿松动): the name wins,
  every listed complication counts.
"""

from __future__ import annotations

from rtech import F, IndicatorKit, Stratifier
from rtech.plugins.laryngeal_endoscopy.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)

OPERATION = F("procedure.category").present()
BY_GRADE = Stratifier("grade.grade", "手术分级", {"3": "三级手术", "4": "四级手术"})
#: 2023 S13 指标 三: 术后出血，舌体麻木、咽侧壁黏膜撕裂、牙齿松动、感染、心跳呼吸骤停、死亡等.
COMPLICATIONS = (
    "bleeding",
    "tongue_numbness",
    "pharyngeal_tear",
    "loose_teeth",
    "infection",
    "arrest",
    "death",
    "other",
)
NO_FRACTION = "原文计算公式缺分子分母，按定义计算。"
GARBLED = "原文指标类型与表达方式保留了模板的备选项（“结果质控（过程质控）”“提高（降低）”）；"


INDICATORS = (
    kit.indicator(
        id="laryngeal_indication_compliance",
        name="咽喉内镜手术适应证符合率",
        clause="一",
        quote="咽喉内镜手术适应证符合率，是指咽喉内镜手术适应证符合现有指南的例数占同期咽喉内镜手术"
        "总例数的比例。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=F("indication.meets_guideline").is_true(),
        stratify=BY_GRADE,
        note=NO_FRACTION + GARBLED + "按意义“重要过程指标之一”取过程质控，按“指标结果逐渐增高，"
        "最高100%”取提高。现有指南：“喉癌外科手术及综合治疗专家共识”。",
    ),
    kit.indicator(
        id="laryngeal_antibiotic_prophylaxis",
        name="咽喉内镜手术预防抗生素规范使用率",
        clause="二",
        quote="咽喉内镜手术预防性抗生素规范使用率，是指咽喉内镜手术按照现有指南术前规范使用预防性抗"
        "生素的例数占同期内镜手术总例数的比例。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=F("indication.antibiotic_per_guideline").is_true(),
        stratify=BY_GRADE,
        note=NO_FRACTION + GARBLED + "原文写“指标结果逐渐降低”“指标结果较前降低，最低为0”，与指标"
        "名称“规范使用率”相悖（规范使用应当提高）：以名称为准取提高，类型取过程质控。"
        "分母“同期内镜手术总例数”即同期咽喉内镜手术总例数。",
    ),
    kit.indicator(
        id="laryngeal_complications",
        name="咽喉内镜手术并发症发生率",
        clause="三",
        quote="咽喉内镜手术严重并发症发生率，是指咽喉内镜手术后发生术后出血，舌体麻木、咽侧壁黏膜撕"
        "裂、牙齿松动、感染、心跳呼吸骤停、死亡等并发症的例数占同期咽喉内镜手术总例数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATION,
        numerator=F("outcome.complications").contains_any(COMPLICATIONS),
        stratify=BY_GRADE,
        note=NO_FRACTION + GARBLED + "取结果质控、降低（“指标结果逐渐降低，最低为0”）。定义开头写"
        "“严重并发症发生率”而所列并非都是严重并发症：以指标名称为准，所列各项（及“等”所含的"
        "其他并发症）均计入。",
    ),
)
