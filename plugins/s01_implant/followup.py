"""Follow-up of 口腔颌面复杂种植技术: the visits its indicators read.

The norm asks for a follow-up system without fixing its times (2022 S01 三(三));
the indicators fix two: the check at suture removal, within 2 weeks of the
operation (指标 三(二) 种植体松动/脱落率), and the restoration within 6 months
(指标 三(三) 六月内完成种植修复比例). 种植体周炎 (三(四)) has no time and is asked at
each visit.
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit
from rtech.plugins.s01_implant.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

SCHEDULE = FollowUpSchedule(
    visits=(
        # "种植手术术后2周内（拆线时）": due on day 14, from day 7 on.
        ScheduledVisit("拆线复查（术后2周内）", days=14, early=7, late=7),
        # "种植体在植入后6个月以内进行上部结构的修复": the restoration visit.
        ScheduledVisit("种植修复（术后6个月内）", months=6, early=60, late=30),
    ),
    citation=TECHNOLOGY.cite(
        "2022",
        "管理规范 三(三)",
        "建立健全口腔颌面复杂种植术后随访制度，并按规定进行随访、记录。",
    ),
    applies=F("followup.plan").ne("none"),
)
