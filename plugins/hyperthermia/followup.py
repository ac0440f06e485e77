"""Follow-up of 肿瘤深部热疗和全身热疗技术: four and eight weeks after the session.

The response and the quality of life count only what holds four weeks
(2023 S02 注4: “并维持4周以上”; 注5: “持续4周以上”), so the case is seen at four
weeks and again four weeks later, when each is confirmed; the norm asks for the
assessment and follow-up system (三(六)).
"""

from __future__ import annotations

from rtech import F, FollowUpSchedule, ScheduledVisit, VisitScore
from rtech.plugins.hyperthermia.meta import TECHNOLOGY

__all__ = ["SCHEDULE"]

SCORES = (
    VisitScore("pain", "疼痛评分（VAS）", 0, 10, help="0表示无痛，10代表最痛（2023 S02 注5(2)）。"),
    VisitScore("kps", "KPS评分", 0, 100, help="Karnofsky评分，百分法（2023 S02 注5(3)）。"),
)

SCHEDULE = FollowUpSchedule(
    visits=(
        ScheduledVisit(
            "治疗后4周评估", days=28, anchor="procedure.date", early=0, late=14, scores=SCORES
        ),
        ScheduledVisit(
            "治疗后8周评估", days=56, anchor="procedure.date", early=0, late=21, scores=SCORES
        ),
    ),
    citation=TECHNOLOGY.cite(
        "2023", "管理规范 三(六)", "建立健全肿瘤热疗技术评估和随访制度，并按规定进行随访、记录。"
    ),
    applies=F("followup.plan").ne("none"),
)
