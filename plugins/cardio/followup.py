"""Follow-up of 心血管疾病介入诊疗技术: the first visit the case form plans.

The norm asks for a follow-up system without fixing its times (2023 S05 三(四),
2022 S03 三(四)).
"""

from rtech import FollowUpSchedule
from rtech.plugins.cardio.meta import TECHNOLOGY

SCHEDULE = FollowUpSchedule.planned(
    TECHNOLOGY.cite(
        "2023", "管理规范 三(四)", "建立健全心血管疾病介入诊疗后随访制度，并按规定进行随访、记录。"
    )
)
