"""Follow-up of 人工耳蜗植入技术: the first visit the case form plans.

The norm asks for a follow-up system and records of 术后效果、并发症 without fixing
the times (2023 S08 三(四)); the case form records the interval the physician
planned (``followup.interval_months``, after discharge), which is what falls due.
"""

from rtech import FollowUpSchedule
from rtech.plugins.cochlear_implant.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite(
        "2023",
        "管理规范 三(四)",
        "建立健全人工耳蜗植入术后随访制度，并按规定进行随访。术后效果、并发症等要做好记录。",
    ),
    label="首次随访（开机调试）",
)
