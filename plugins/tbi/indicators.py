"""Quality-control indicators of 全身高能X线（及钴60γ线）照射技术 (2023 S07 质量控制指标).

Six headings. Two are not about cases:

* 一 上岗人员资质符合率 ("指标参考依据：人员档案记录") counts the registry's staff
  of the technology (those with a TBI part) and those who meet their
  profession's requirements of 管理规范 二: a physician or a physicist of
  副高级 or above with the certificates of 二(一)1 / 二(二)1, a technician of
  中级 or above with those of 二(三);
* 二 设备定期检测合格率 ("设备检测记录") counts the equipment checks recorded in
  the period (``rtech qa record``, the items of 附件1) and those that passed.

三 to 六 are rates over the irradiated patients. 四 "体中心剂量控制合格" is not
defined by the indicator; it is read from 附件2, the technology's own physical
requirements: 体中心剂量率控制在6-10cGy/min (2-4), 与处方要求剂量的偏差小于10%
(2-2) and 全肺剂量要求小于7Gy (2-3), all three (a derived score, shown in the
review). 五 is the block's placement as verified for the case (2-3: 体表勾画肺
轮廓，以保证肺挡块放置位置的准确).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rtech import (
    Derived,
    Explained,
    F,
    IndicatorKind,
    IndicatorKit,
    QaPassRate,
    StaffQualified,
)
from rtech.plugins.tbi.meta import TECHNOLOGY

__all__ = ["DOSE_CONTROL", "INDICATORS", "SCORES"]

kit = IndicatorKit(TECHNOLOGY)


IRRADIATED = F("procedure.date").present()

# -------------------------------------------------------------------------
# 一 staff (registry records: role, title, profile; the TBI part under profile)
# -------------------------------------------------------------------------

PART = "profile.technologies.tbi"
ROLE = F(f"{PART}.role")
SENIOR = F("title").isin(("associate_chief", "chief"))
INTERMEDIATE = F("title").isin(("attending", "associate_chief", "chief"))
STAFF = F("technologies").contains_any(["tbi"]) & F("active").is_true()
QUALIFIED = (
    (ROLE.eq("physician") & SENIOR & F(f"{PART}.certificates.la_physician").is_true())
    | (
        ROLE.eq("physicist")
        & SENIOR
        & F(f"{PART}.certificates.physicist").is_true()
        & F(f"{PART}.certificates.la_physicist").is_true()
    )
    | (
        ROLE.eq("technician")
        & INTERMEDIATE
        & F(f"{PART}.certificates.technician").is_true()
        & F(f"{PART}.certificates.la_technician").is_true()
    )
)

# -------------------------------------------------------------------------
# 四 体中心剂量控制合格 (附件2 2-2, 2-3, 2-4)
# -------------------------------------------------------------------------

RATE_LOW, RATE_HIGH = 6.0, 10.0  # 2-4 体中心剂量率控制在6-10cGy/min
DEVIATION_BELOW = 10.0  # 2-2 与处方要求剂量的偏差小于10%
LUNG_BELOW = 7.0  # 2-3 全肺剂量要求小于7Gy
_DOSE_FIELDS = ("tbi.dose_rate", "tbi.dose_deviation_pct", "tbi.lung_dose_gy")


def _number(answers: Mapping[str, Any], path: str) -> float | None:
    value: Any = answers
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _dose_control(answers: Mapping[str, Any]) -> Explained | None:
    rate, deviation, lung = (_number(answers, p) for p in _DOSE_FIELDS)
    if rate is None or deviation is None or lung is None:
        return None
    ok = RATE_LOW <= rate <= RATE_HIGH and deviation < DEVIATION_BELOW and lung < LUNG_BELOW
    return Explained(
        ok,
        "合格" if ok else "不合格",
        {"体中心剂量率(cGy/min)": rate, "剂量偏差(%)": deviation, "全肺剂量(Gy)": lung},
    )


DOSE_CONTROL = Derived(
    "dose_control",
    "体中心剂量控制合格",
    _DOSE_FIELDS,
    _dose_control,
    "2023 S07 附件2 2-2、2-3、2-4",
)
SCORES = (DOSE_CONTROL,)

INDICATORS = (
    kit.indicator(
        id="staff_qualified",
        name="上岗人员资质符合率",
        clause="一",
        quote="上岗人员资质符合人数占工作人员总数的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.STRUCTURE,
        denominator=IRRADIATED,
        structure=StaffQualified(staff=STAFF, qualified=QUALIFIED),
        note="工作人员：名册中在职、登记了本技术专属档案者；资质符合：放疗医师副高级以上并持LA医师"
        "上岗合格证（管理规范 二(一)），放射物理（剂量）师副高级以上并持物理师资格证书和LA物理师"
        "上岗合格证（二(二)），放疗技师中级以上并持技师执业证书和LA技师上岗合格证（二(三)）。",
    ),
    kit.indicator(
        id="equipment_qa_pass",
        name="设备定期检测合格率",
        clause="二",
        quote="在一定的时间频次内，设备检测合格的项目占设备检测总项目的比例。",
        type="结果",
        direction="提高",
        kind=IndicatorKind.STRUCTURE,
        denominator=IRRADIATED,
        structure=QaPassRate(),
        note="统计期内登记的设备检测记录（rtech qa record，检测项目见管理规范附件1）中合格的项目"
        "所占比例。",
    ),
    kit.indicator(
        id="indication_compliance",
        name="临床适应症符合率",
        clause="三",
        quote="符合全身高能X线（及钴60γ线）照射适应症病人数占全身高能X线（及钴60γ线）照射病人总数的"
        "比例。",
        type="结果",
        direction="提高",
        denominator=IRRADIATED,
        numerator=F("tbi.indication_appropriate").is_true(),
    ),
    kit.indicator(
        id="dose_control",
        name="体中心剂量控制合格率",
        clause="四",
        quote="体中心剂量控制合格病人数占全身高能X线（及钴60γ线）照射病人总数的比例。",
        type="结果",
        direction="提高",
        denominator=IRRADIATED,
        numerator=DOSE_CONTROL.is_true(),
        note="“合格”按管理规范附件2判定：体中心剂量率6-10cGy/min（含6与10），实测剂量与处方剂量"
        "偏差小于10%，全肺剂量小于7Gy，三者均满足。",
    ),
    kit.indicator(
        id="lung_block_accuracy",
        name="肺挡块位置放置准确率",
        clause="五",
        quote="肺挡块位置放置准确的病人数占全身高能X线（及钴60γ线）照射病人总数的比例",
        type="结果",
        direction="提高",
        denominator=IRRADIATED,
        numerator=F("tbi.lung_block_position_accurate").is_true(),
        note="以本例验证的肺挡块位置是否准确计（附件2 2-3：体表勾画肺轮廓以保证放置位置准确）。",
    ),
    kit.indicator(
        id="complications",
        name="并发症发生率",
        clause="六",
        quote="全身高能X线（及钴60γ线）照射过程中产生并发症的病人数占全身高能X线（及钴60γ线）照射总"
        "病人数的比例。",
        type="过程",
        direction="降低",
        denominator=IRRADIATED,
        numerator=F("tbi.complications").contains_any(
            (
                "nausea_vomiting",
                "parotitis",
                "fever",
                "diarrhea",
                "mucositis",
                "skin",
                "hypotension",
                "pneumonitis",
                "other",
            )
        ),
    ),
)
