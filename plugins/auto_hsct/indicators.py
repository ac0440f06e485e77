"""Quality-control indicators of 自体造血干细胞移植技术 (2023 S06 质量控制指标).

Six headings, each from its 定义 sentence, with the 指标类型 and 表达方式 as
printed and the 合格标准 of each as its threshold (the text prints every one):

* 一 适应证符合率: the case form's 适应证选择正确 among every transplant (100 %).
* 二 移植相关死亡率: non-relapse death within 100 days of the reinfusion
  (:mod:`.outcomes`), per patient as the definition counts 患者数; a transplant
  whose 100 days have not elapsed is not yet observable (< 5 %).
* 三、四 1-year overall and disease-free survival, 失访者按未存活患者统计: the core
  SURVIVAL kind at 365 days after the reinfusion, lost counted as dead; a
  transplant is immature (not yet observable) until its first anniversary
  (> 80 %, > 50 %).
* 五 平均住院日: bed days of the discharged over the discharged (< 23 天); the
  stay is counted from admission to discharge, a same-day stay as one day.
* 六 平均住院费用: total cost of the discharged over the discharged
  (< 20万元/人次); its 计算公式 misprints 移植 as “抑制”, the definition is followed.
"""

from __future__ import annotations

from rtech import (
    Citation,
    F,
    IndicatorKind,
    IndicatorKit,
    Survival,
    Threshold,
)
from rtech.plugins.auto_hsct.meta import TECHNOLOGY
from rtech.plugins.auto_hsct.outcomes import TRANSPLANT_RELATED_DEATH, WINDOW_DAYS

__all__ = ["INDICATORS"]

kit = IndicatorKit(TECHNOLOGY)


def _cite(clause: str, quote: str) -> Citation:
    return TECHNOLOGY.cite("2023", f"质量控制指标 {clause}", quote)


def _limit(op: str, value: float, clause: str, printed: str) -> Threshold:
    return Threshold(op, value, _cite(clause, printed))


TRANSPLANTED = F("procedure.date").present()
DISCHARGED = TRANSPLANTED & F("admission.discharge_date").present()

INDICATORS = (
    kit.indicator(
        id="indication_compliance",
        name="自体造血干细胞移植适应证符合率",
        clause="一",
        quote="造血干细胞移植技术适应证选择正确的例数占同期造血干细胞移植技术总例数的比例。",
        type="结果",
        direction="提高",
        denominator=TRANSPLANTED,
        numerator=F("indication.appropriate").is_true(),
        threshold=_limit(">=", 100, "一", "指标类型：结果质控(合格标准100%)"),
    ),
    kit.indicator(
        id="transplant_related_mortality",
        name="自体造血干细胞移植相关死亡率",
        clause="二",
        quote="自体造血干细胞移植技术后100天内非复发死亡患者数占同期自体造血干细胞移植患者总数的比"
        "例。",
        type="结果",
        direction="降低",
        denominator=TRANSPLANTED,
        numerator=TRANSPLANT_RELATED_DEATH,
        observe=WINDOW_DAYS,
        per="患者",
        threshold=_limit("<", 5, "二", "指标类型：结果质控(合格标准<5%)"),
        note="100天自回输日（移植日）起算，第100天的死亡计入；死亡前（或记录死亡的随访）疾病状态为"
        "复发或进展者为复发死亡，不计入；移植住院期间的死亡无复发记录者按非复发死亡计。"
        "按患者计（同一患者多次移植计一次）。",
    ),
    kit.indicator(
        id="overall_survival_1y",
        name="自体造血干细胞移植总体生存率",
        clause="三",
        quote="自体造血干细胞移植后 1 年（失访者按未存活患者统计）尚存活的患者数占同期自体造血干细"
        "胞移植患者总数的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.SURVIVAL,
        denominator=TRANSPLANTED,
        survival=Survival(365, anchor="procedure.date", lost="dead"),
        threshold=_limit(">", 80, "三", "指标类型：结果质控(合格标准>80%)"),
        note="1年按回输日后365天计；移植未满1年者尚不可观察，不计入分母；1年时未经随访证实存活者"
        "（失访）按未存活统计。",
    ),
    kit.indicator(
        id="disease_free_survival_1y",
        name="自体造血干细胞移植无病生存率",
        clause="四",
        quote="自体造血干细胞移植后1年（失访者按未存活患者统计）无病存活的患者数占同期自体造血干细"
        "胞移植患者总数的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.SURVIVAL,
        denominator=TRANSPLANTED,
        survival=Survival(365, anchor="procedure.date", disease_free=True, lost="dead"),
        threshold=_limit(">", 50, "四", "指标类型：结果质控(合格标准>50%)"),
        note="1年按回输日后365天计；1年内随访记录复发或进展、或死亡者为非无病生存；移植未满1年者"
        "尚不可观察；1年时未经随访证实无病存活者（失访）按未存活统计。",
    ),
    kit.mean_stay(
        id="length_of_stay",
        name="自体造血干细胞平均住院日",
        clause="五",
        quote="实施自体造血干细胞移植治疗的患者出院时占用总床日数与同期自体造血干细胞移植患者出院人"
        "数之比。",
        direction="降低",
        denominator=DISCHARGED,
        threshold=_limit("<", 23, "五", "指标类型：结果质控(合格标准<23天)"),
        note="占用床日数为出院日期减入院日期（当日出院计1日）；尚未出院者不计入。",
    ),
    kit.mean_cost(
        id="cost_per_stay",
        name="自体造血干细胞移植平均住院费用",
        clause="六",
        quote="实施自体造血干细胞移植治疗的患者出院时住院总费用与同期自体造血干细胞移植治疗患者出院"
        "人数之比。",
        direction="降低",
        denominator=DISCHARGED,
        threshold=_limit("<", 200000, "六", "指标类型：结果质控(合格标准<20万元/人次)"),
        note="计算公式“自体造血干细胞抑制患者”应为“移植患者”之误，按定义计算；20万元即200000元。",
    ),
)
