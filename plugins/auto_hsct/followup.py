"""Follow-up of 自体造血干细胞移植技术: 100 days and 1 year after the transplant.

The indicators judge each transplant at these horizons (2023 S06 质量控制指标
二: 移植后100天内非复发死亡; 三、四: 移植后1年 overall and disease-free survival,
失访者按未存活患者统计), counted from the day of reinfusion (``procedure.date``).
The 1-year visit is due on the anniversary and not before (a visit before the
horizon does not show the patient alive at 1 year); the norm asks for the
follow-up system (三(四)).
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit
from rtech.plugins.auto_hsct.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

SCHEDULE = FollowUpSchedule(
    visits=(
        ScheduledVisit("移植后100天随访", days=100, anchor="procedure.date", early=0, late=30),
        ScheduledVisit("移植后1年随访", days=365, anchor="procedure.date", early=0, late=60),
    ),
    citation=TECHNOLOGY.cite(
        "2023",
        "管理规范 三(四)",
        "加强自体造血干细胞移植技术质量管理，建立健全患者移植前后的诊疗规范与随访制度，"
        "按规定进行随访与记录。",
    ),
    applies=F("followup.plan").ne("none"),
)
