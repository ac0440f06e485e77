"""Follow-up of 鼻科内镜诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S12 三(四));
the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due.
"""

from rtech import FollowUpSchedule
from rtech.plugins.nasal_endoscopy.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite(
        "2023", "管理规范 三(四)", "建立健全鼻科内镜诊疗术后随访制度，并按规定进行随访、记录"
    )
)
