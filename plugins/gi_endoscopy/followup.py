"""Follow-up of 消化内镜诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S11 三(六));
the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due. The
indicators that need later outcomes (十一 半年后, 十三 12周内, 二十二 8周, 二十三
1年) read whatever visits are recorded.
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit
from rtech.plugins.gi_endoscopy.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

SCHEDULE = FollowUpSchedule(
    visits=(
        ScheduledVisit(
            "首次随访",
            months_at="followup.interval_months",
            anchor="admission.discharge_date",
            early=7,
            late=30,
        ),
    ),
    citation=TECHNOLOGY.cite(
        "2023",
        "管理规范 三(六)",
        "加强消化内镜诊疗的质量管理，建立健全术后随访制度，按照规定进行随访和记录",
    ),
    applies=F("followup.plan").ne("none"),
)
