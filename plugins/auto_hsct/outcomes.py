"""移植相关死亡 (2023 S06 质量控制指标 二, and 管理规范 三(六)): a death within 100 days of
the transplant that is not a relapse death (“100天内非复发死亡”).

A death is a relapse death when the follow-up records the disease back
(疾病状态 复发 or 进展) at a visit within the 100 days, or at the visit that
records the death. A death in hospital during the transplant stay, with no such
visit, counts as non-relapse (the stay records no disease status).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rtech import Predicate, died_within

WINDOW_DAYS = 100
RELAPSE = ("relapse", "progression")


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _relapsed(answers: Mapping[str, Any]) -> bool | None:
    start = _day((answers.get("procedure") or {}).get("date"))
    if start is None:
        return None
    visits = (answers.get("followup") or {}).get("visits") or []
    for visit in visits:
        if not isinstance(visit, Mapping) or visit.get("disease_status") not in RELAPSE:
            continue
        if visit.get("status") == "dead":
            return True
        day = _day(visit.get("date"))
        if day is None:
            return None
        if day <= start + timedelta(days=WINDOW_DAYS):
            return True
    return False


RELAPSED = Predicate(
    _relapsed, {"procedure.date", "followup.visits"}, "relapse or progression within 100 d"
)
DIED_100 = died_within(WINDOW_DAYS)
TRANSPLANT_RELATED_DEATH = DIED_100 & ~RELAPSED
RELAPSE_DEATH = DIED_100 & RELAPSED
