"""Follow-up of 聚焦超声消融恶性肿瘤治疗技术: the five time points of 指标 八.

三(三) asks a follow-up system and monitoring after treatment (利用造影技术等);
质量控制指标 八 counts the treatments followed up at 6 months and 1, 2, 3 and 5
years. The windows here are those the indicators count (indicators.FOLLOWUP_POINTS).
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit
from rtech.plugins.s02_hifu.indicators import FOLLOWUP_POINTS
from rtech.plugins.s02_hifu.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

SCHEDULE = FollowUpSchedule(
    visits=tuple(
        ScheduledVisit(f"治疗后{label}随访", days=days, early=before, late=after)
        for _key, label, days, before, after in FOLLOWUP_POINTS
    ),
    citation=TECHNOLOGY.cite(
        "2022",
        "质量控制指标 八",
        "肿瘤消融治疗后一定时间（6月、1年、2年、3年、5年）内完成随访的例次数占同期肿瘤消融治疗"
        "总例次数的比例。",
    ),
    applies=F("followup.plan").ne("none"),
)
