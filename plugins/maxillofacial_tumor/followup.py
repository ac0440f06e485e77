"""Follow-up of 口腔颌面部肿瘤颅颌联合根治技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2022 S04 and 2023
S04 三(四)); the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due.
"""

from rtech import FollowUpSchedule
from rtech.plugins.maxillofacial_tumor.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite(
        "2023",
        "管理规范 三(四)",
        "建立健全口腔颌面部肿瘤颅颌联合根治术后随访制度，并按规定进行随访、记录。",
    )
)
