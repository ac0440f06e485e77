"""Follow-up of 呼吸内镜诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S10 三(六));
the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due.
"""

from rtech import FollowUpSchedule
from rtech.plugins.resp_endoscopy.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite("2023", "管理规范 三(六)", "建立健全术后随访制度，按规定进行随访、记录")
)
