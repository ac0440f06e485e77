"""Follow-up of 消化内镜诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S11 三(六));
the case form records the interval the physician planned
(``followup.interval_months``, after discharge), which is what falls due. The
indicators that need later outcomes (十一 半年后, 十三 12周内, 二十二 8周, 二十三
1年) read whatever visits are recorded.
"""

from rtech import FollowUpSchedule
from rtech.plugins.gi_endoscopy.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite(
        "2023",
        "管理规范 三(六)",
        "加强消化内镜诊疗的质量管理，建立健全术后随访制度，按照规定进行随访和记录",
    )
)
