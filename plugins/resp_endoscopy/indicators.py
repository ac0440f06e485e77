"""Quality-control indicators of 呼吸内镜诊疗技术 (2023 S10 质量控制指标 一至七).

Each heading of the edition, from its 定义 and 计算公式 (printed whole here, unlike
most seeds); 指标类型 and 指标导向 as printed. 一 and 六 read their 说明: a
规范 report holds six elements; the positive biopsy is a malignant tumour
(以恶性肿瘤作为统计指标).

Denominators. 二 (四级手术占比) is over every respiratory endoscopy of the period,
most of which (diagnostic bronchoscopies below 三级) are not filed here: it is an
aggregate the administrator enters (``rtech aggregates set``), the filed 四级
cases giving the numerator. The other indicators need each case's own record
(the report, the tests before, the monitoring, the biopsy, the complications),
so their denominators are the filed cases of the period.
"""

from __future__ import annotations

from functools import reduce

from rtech import (
    Aggregate,
    Citation,
    F,
    IndicatorKit,
    Predicate,
    Stratifier,
)
from rtech.plugins.resp_endoscopy.meta import TECHNOLOGY

__all__ = ["ALL_ENDOSCOPY", "INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)


OPERATION = F("procedure.category").present()
GRADE4 = F("grade.grade").eq("4")
BY_GRADE = Stratifier("grade.grade", "手术分级", {"3": "三级手术", "4": "四级手术"})
#: 2023 S10 指标 一 说明: the six elements of a 规范 report.
REPORT_ELEMENTS = ("patient", "anaesthesia", "procedure", "diagnosis", "images", "signatures")
REPORT_COMPLETE = F("report.electronic").is_true() & reduce(
    Predicate.__and__,
    (F("report.elements").contains_any((element,)) for element in REPORT_ELEMENTS),
)
#: 2023 S10 指标 七 说明.
SEVERE = (
    "malignant_arrhythmia",
    "arrest",
    "severe_bleeding",
    "massive_pneumothorax",
    "transfer_intervention",
)
BIOPSY = F("biopsy.sent").is_true() & F("biopsy.result").ne("pending")


def _cite(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2023", f"质量控制指标 {clause}", quote)


ALL_ENDOSCOPY = Aggregate(
    "resp_endoscopy_total",
    "同期呼吸内镜手术总例数",
    _cite("二", "单位时间内，按四级手术管理的呼吸内镜诊疗技术例数占同期呼吸内镜总例数的比例。"),
    help="本机构同期完成的全部呼吸内镜诊疗例数（可弯曲支气管镜、硬质气管/支气管镜、内科胸腔镜，"
    "含未在本系统登记病例的诊断性支气管镜检查）。",
)

INDICATORS = (
    kit.indicator(
        id="resp_report_compliance",
        name="呼吸内镜中心电子化图文报告规范率",
        clause="一",
        quote="单位时间内，呼吸内镜规范的电子化图文报告例数占同期呼吸内镜报告总例数的比例。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=REPORT_COMPLETE,
        stratify=BY_GRADE,
        note="规范：电子化图文报告且含说明所列六项（患者一般资料、麻醉方式、完整操作过程、呼吸内镜"
        "诊断、主要呼吸内镜图片、操作者与审核者签名及日期）。分母为同期登记的呼吸内镜病例"
        "（公式写“同期呼吸内镜检查总例数”，定义写“报告总例数”，每例一份报告，二者相同）。",
    ),
    kit.indicator(
        id="resp_grade4_share",
        name="呼吸内镜四级手术占比率",
        clause="二",
        quote="单位时间内，按四级手术管理的呼吸内镜诊疗技术例数占同期呼吸内镜总例数的比例。",
        type="结果",
        direction="提高",
        denominator=OPERATION,
        numerator=GRADE4,
        aggregate=ALL_ENDOSCOPY,
        note="分母为同期全部呼吸内镜例数（汇总数据，含未登记的诊断性检查）；分子为登记的按四级"
        "手术管理的病例（说明所列技术：热消融、冷冻切除、支架、瘘封堵、腔内近距离放疗、光动力、"
        "肺减容、热成形、硬质气管镜等）。原文以“指标导向”代“表达方式”。",
    ),
    kit.indicator(
        id="resp_preop_blood_tests",
        name="呼吸内镜操作前血常规和凝血功能化验率",
        clause="三",
        quote="单位时间内，受检者接受呼吸内镜操作前行血常规和凝血功能测定的例数占同期呼吸内镜总例数"
        "的比例。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=F("preop.blood_count").is_true() & F("preop.coagulation").is_true(),
        stratify=BY_GRADE,
        note="血常规和凝血功能两项均测定方计入分子。分母为同期登记的呼吸内镜病例。",
    ),
    kit.indicator(
        id="resp_preop_chest_ct",
        name="呼吸内镜操作前胸部CT检查率",
        clause="四",
        quote="单位时间内，呼吸内镜操作前行胸部CT检查的例数与同期呼吸内镜手术总例数的比例。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=F("preop.chest_ct").is_true(),
        stratify=BY_GRADE,
        note="分母为同期登记的呼吸内镜病例。",
    ),
    kit.indicator(
        id="resp_ecg_spo2_monitoring",
        name="呼吸内镜操作过程中心电及脉搏氧饱和度监测率",
        clause="五",
        quote="单位时间内，呼吸内镜操作中给予心电及脉搏氧饱和度监护的例数与同期支气管镜总例数的比例"
        "。",
        type="过程",
        direction="提高",
        denominator=OPERATION,
        numerator=F("monitoring.ecg_spo2").is_true(),
        stratify=BY_GRADE,
        note="定义写“同期支气管镜总例数”，公式写“同期开展呼吸内镜手术总例数”：按公式以同期登记的"
        "呼吸内镜病例（含内科胸腔镜）为分母。",
    ),
    kit.indicator(
        id="resp_biopsy_malignant_yield",
        name="经呼吸内镜活检获得阳性病理学结果的阳性率",
        clause="六",
        quote="单位时间内，经呼吸内镜活检送检，获得阳性病理学结果的例数与同期送检支气管镜总例数的比"
        "值。",
        type="结果",
        direction="提高",
        denominator=BIOPSY,
        numerator=F("biopsy.result").eq("malignant"),
        stratify=BY_GRADE,
        note="以恶性肿瘤作为统计指标（意义）：阳性即病理为恶性肿瘤。分母为活检送检的病例；"
        "结果未回者暂不计入，结果回报后修订病例即计入。",
    ),
    kit.indicator(
        id="resp_severe_complications",
        name="呼吸内镜操作相关严重并发症发生率",
        clause="七",
        quote="单位时间内，呼吸内镜操作过程中出现相关严重并发症的例数占同期呼吸内镜手术总例数的比例"
        "。",
        type="结果",
        direction="降低",
        denominator=OPERATION,
        numerator=F("outcome.severe_complications").contains_any(SEVERE),
        stratify=BY_GRADE,
        note="严重并发症按说明：恶性心律失常、心跳骤停、重度或极重度出血、大量气胸以及其他需要转入"
        "重症监护室、介入科、外科或其他科并进行干预的严重并发症。分母为同期登记的呼吸内镜病例。",
    ),
)
