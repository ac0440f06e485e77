"""Predicates and values over the shared form fragments (``forms/``), for any technology.

A technology whose case form mounts a fragment under its usual name (``admission``,
``death``) reads these instead of spelling the paths again.
"""

from __future__ import annotations

from rtech.indicators.events import Events
from rtech.indicators.expr import F, days_between

__all__ = [
    "COMPLICATION_EVENTS",
    "DIED_IN_HOSPITAL",
    "DIED_OR_IRREVERSIBLE",
    "LENGTH_OF_STAY",
    "TOTAL_COST",
]

#: 离院方式 5 (死亡): died in hospital (the admission fragment, from 病案首页).
DIED_IN_HOSPITAL = F("admission.discharge_disposition").eq("5")
#: 住院天数: discharge day minus admission day, a same-day discharge counting 1.
LENGTH_OF_STAY = days_between("admission.admission_date", "admission.discharge_date", minimum=1)
#: 住院总费用 (元).
TOTAL_COST = F("admission.total_cost").number()
#: Died, or discharged for an irreversible disease (因不可逆疾病而自动出院; the death fragment).
DIED_OR_IRREVERSIBLE = F("death.status").isin(("died", "irreversible_discharge"))
#: The complications as dated events (the complications fragment: ``onset_date`` each),
#: for windows such as "术后30天内": ``COMPLICATION_EVENTS.within(30, after="procedure.date")``.
COMPLICATION_EVENTS = Events("complications.events", date="onset_date")
