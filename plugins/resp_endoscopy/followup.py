"""Follow-up of 呼吸内镜诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S10 三(六));
the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due.
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit
from rtech.plugins.resp_endoscopy.meta import TECHNOLOGY

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
        "2023", "管理规范 三(六)", "建立健全术后随访制度，按规定进行随访、记录"
    ),
    applies=F("followup.plan").ne("none"),
)
