"""Follow-up of 神经血管介入技术: the 90-day mRS after endovascular stroke treatment.

The norm asks for a follow-up system (2023 S09 三(五) "健全术后随访制度，按规范进行
随访、记录"); indicator 五 fixes one visit: "术后 90 天行 mRS 评估". The visit is
due on day 90 after the procedure, expected from 7 days before to 30 days after
(the indicator reads the mRS of a visit in that window, indicators.MRS_*).
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit, VisitScore
from rtech.plugins.neurovascular.indicators import MRS_DAYS, MRS_EARLY, MRS_LATE
from rtech.plugins.neurovascular.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

MRS = VisitScore(
    "mrs",
    "改良Rankin量表（mRS）评分",
    0,
    6,
    help="良好神经功能预后定义为mRS 评分0-2（2023 S09 指标 五 说明）；死亡为6分。",
)

SCHEDULE = FollowUpSchedule(
    visits=(
        ScheduledVisit(
            "术后90天 mRS 评估",
            days=MRS_DAYS,
            anchor="procedure.date",
            early=MRS_EARLY,
            late=MRS_LATE,
            scores=(MRS,),
        ),
    ),
    citation=TECHNOLOGY.cite(
        "2023",
        "质量控制指标 五",
        "单位时间内，发病24小时内脑梗死患者行血管内治疗并在术后 90 天行 mRS 评估的患者中，"
        "达到良好神经功能预后的患者所占比例。",
    ),
    applies=F("procedure.subtype").eq("stroke_evt"),
    note="其他类别按本机构随访制度随访（2023 S09 三(五)）。",
)
