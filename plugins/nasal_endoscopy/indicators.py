"""Quality-control indicators of 鼻科内镜诊疗技术 (2023 S12 质量控制指标).

The three indicators of the edition, over every nasal endoscopic operation of the
period (同期鼻内镜手术总例数), each stratified by the operation's grade
(三级/四级手术, the tier of the norm). Every 计算公式 lost its fraction body
(seeds/README.md): numerators and denominators follow the definition sentences.
"""

from __future__ import annotations

from rtech import Events, F, IndicatorKit, Stratifier
from rtech.plugins.nasal_endoscopy.meta import TECHNOLOGY

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)

#: Every nasal endoscopic operation (the form records only those: 不包括无创性检查操作).
OPERATION = F("procedure.category").present()
BY_GRADE = Stratifier("grade.grade", "手术分级", {"3": "三级手术", "4": "四级手术"})
#: 2023 S12 指标 二: 颅内并发症、眶内并发症、大出血、心跳呼吸骤停、死亡等严重并发症.
SEVERE = ("intracranial", "orbital", "major_bleeding", "arrest", "death", "other_severe")
#: 2023 S12 指标 三: 因各种意外原因再次进行相同部位的手术.
SAME_SITE_REOPERATION = Events("reoperation.events").where(same_site=True)
NO_FRACTION = "原文计算公式缺分子分母，按定义计算。"


INDICATORS = (
    kit.indicator(
        id="nasal_indication_compliance",
        name="鼻内镜手术适应证符合率",
        clause="一",
        quote="鼻内镜手术适应证符合率，是指鼻内镜手术适应证符合现有指南的例数占同期鼻内镜手术总例数"
        "的比例。",
        type="结果",
        direction="提高",
        denominator=OPERATION,
        numerator=F("indication.meets_guideline").is_true(),
        stratify=BY_GRADE,
        note=NO_FRACTION + "指标类型“结果质控”、表达方式“逐渐增高，最高100%”照原文；"
        "现有指南：指标参考依据《鼻内镜外科学》。",
    ),
    kit.indicator(
        id="nasal_severe_complications",
        name="鼻内镜手术严重并发症发生率",
        clause="二",
        quote="鼻内镜手术严重并发症发生率，是指鼻内镜手术术中及术后发生颅内并发症、眶内并发症、大出"
        "血、心跳呼吸骤停、死亡等严重并发症的例数占同期鼻内镜手术总例数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATION,
        numerator=F("outcome.severe_complications").contains_any(SEVERE),
        stratify=BY_GRADE,
        note=NO_FRACTION + "“等严重并发症”：所列五项之外，表单“其他严重并发症”亦计入。",
    ),
    kit.indicator(
        id="nasal_unplanned_reoperation",
        name="鼻内镜手术非计划再次手术率",
        clause="三",
        quote="鼻内镜手术非计划再次手术率，是指鼻内镜手术后因各种意外原因再次进行相同部位的手术的例"
        "数占同期鼻内镜手术总例数的比例。",
        type="结果",
        direction="降低",
        denominator=OPERATION,
        numerator=F("reoperation.unplanned").is_true() & SAME_SITE_REOPERATION.any(),
        stratify=BY_GRADE,
        note=NO_FRACTION + "只计相同部位的非计划再次手术（再次手术记录“同一部位：是”）。",
    ),
)
