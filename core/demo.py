"""What a technology supplies to the demonstration hospital (``rtech_demo``).

``rtech demo`` builds one synthetic hospital and asks every installed
technology for its part: the technology's part of the institution profile, its
departments and staff, a generator of cases (with follow-up visits, spread over
2023 and 2024), aggregate denominators and equipment QA checks. The loader
(:mod:`rtech.intake.demo`) validates every case against the technology's form,
submits it, records each follow-up visit as a revision, and writes the rest.

A technology's ``demo`` module builds a :class:`TechnologyDemo`; the helpers of
:class:`DemoContext` give it invented people, resident ids, device barcodes and
care teams from the one seed, so the same seed gives the same hospital.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = [
    "DEMO_PERIODS",
    "DEMO_TODAY",
    "DemoAggregate",
    "DemoCases",
    "DemoContext",
    "DemoQaCheck",
    "DemoStaff",
    "TechnologyDemo",
]

#: The demonstration spans these years, quarter by quarter (both editions apply).
DEMO_YEARS = (2023, 2024)
#: The first day of each quarter the cases are spread over.
DEMO_PERIODS: tuple[date, ...] = tuple(
    date(year, month, 1) for year in DEMO_YEARS for month in (1, 4, 7, 10)
)
#: The demonstration's "today": follow-up visits are recorded up to this day.
DEMO_TODAY = date(2025, 3, 31)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰春梅海波斌宇浩凯鹏云飞"


@dataclass(frozen=True)
class DemoStaff:
    """A staff member of the demonstration hospital.

    ``general`` holds the answers of the shared physician profile beyond name
    and title (practice category and scopes…); ``profile`` the technology's part.
    """

    name: str
    title: str
    clinical_since: int
    department: str
    general: Mapping[str, Any] = field(default_factory=dict)
    profile: Mapping[str, Any] = field(default_factory=dict)

    @staticmethod
    def base_training(base: str, *, months: int, cases: int, managed: int = 0) -> dict[str, Any]:
        """The training part of a physician profile: trained at ``base`` (a 备案 base)
        for ``months``, ``cases`` taken part in and ``managed`` managed throughout, passed."""
        return {
            "route": "base",
            "base_name": base,
            "base_filed": True,
            "months": months,
            "cases": cases,
            "managed_cases": managed,
            "passed": True,
        }

    @staticmethod
    def exempt_training(*, clinical_years: int, title: str, recent_cases: int) -> dict[str, Any]:
        """The training part of a physician profile: exempt (免于培训) by years, title and
        recent cases, without a serious adverse event."""
        exemption = {
            "clinical_years": clinical_years,
            "title": title,
            "recent_cases": recent_cases,
            "serious_adverse_event": False,
        }
        return {"route": "exempt", "exemption": exemption}

    @classmethod
    def physicians(
        cls,
        rows: Iterable[tuple[Any, ...]],
        *,
        department: str,
        scopes: Sequence[str],
        profile: Callable[..., Mapping[str, Any]],
        category: str = "clinical",
    ) -> list[DemoStaff]:
        """Physicians of one department, from ``(name, title, clinical_since, …)`` rows.

        ``scopes`` are their practice scopes (执业范围) in the practice ``category``;
        ``profile(title, since, …)`` gives each one's part of the technology's physician
        profile (a row's further items are passed on after ``since``).
        """
        general = {"practice_category": category, "practice_scopes": list(scopes)}
        return [
            cls(name, title, since, department, general, profile(title, since, *extra))
            for name, title, since, *extra in rows
        ]


@dataclass(frozen=True)
class DemoAggregate:
    """An aggregate denominator entered for the demonstration hospital."""

    key: str
    period: str  # a period label: 2024, 2024Q1, 2024-03
    value: int


@dataclass(frozen=True)
class DemoQaCheck:
    device: str
    item: str
    performed_on: date
    passed: bool
    measured: float | None = None
    unit: str = ""


@dataclass
class DemoContext:
    """The seeded random source and what a technology's generator may ask for."""

    rnd: random.Random
    staff: Sequence[tuple[int, str, str]]  # (registry id, name, title) of this technology
    count: int
    serial: int = 0
    today: date = DEMO_TODAY

    # -- chance --------------------------------------------------------------

    def pick(self, weighted: Mapping[str, float]) -> str:
        keys = list(weighted)
        return self.rnd.choices(keys, weights=[weighted[k] for k in keys])[0]

    def chance(self, probability: float) -> bool:
        return self.rnd.random() < probability

    def quarters(self) -> Iterator[date]:
        """The first day of the quarter of each of the ``count`` cases, in order."""
        for number in range(self.count):
            yield DEMO_PERIODS[number * len(DEMO_PERIODS) // self.count]

    def day_in(self, quarter: date, *, days: int = 88) -> date:
        return quarter + timedelta(days=self.rnd.randrange(0, days))

    def stay(
        self, quarter: date, operated_after: Sequence[int], discharged_after: Sequence[int]
    ) -> tuple[date, date, date]:
        """A hospital stay in ``quarter``: (admitted, operated, discharged), the days from
        admission to the operation and from it to discharge drawn from the two choices."""
        admitted = self.day_in(quarter)
        operated = admitted + timedelta(days=self.rnd.choice(operated_after))
        return admitted, operated, operated + timedelta(days=self.rnd.choice(discharged_after))

    def numbered(self, case: Callable[[int, date], dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``case(number, quarter)`` for each of the ``count`` cases, numbered from 1."""
        for number, quarter in enumerate(self.quarters(), start=1):
            yield case(number, quarter)

    # -- case sections -------------------------------------------------------

    @staticmethod
    def coding(
        main: tuple[str, str],
        others: Iterable[tuple[str, str]] = (),
        procedures: Iterable[tuple[str, str]] = (),
    ) -> dict[str, Any]:
        """The coding section: ``(code, name)`` of the main and other diagnoses, procedures."""
        return {
            "main_diagnosis": {"code": main[0], "name": main[1]},
            "other_diagnoses": [{"code": c, "name": n} for c, n in others],
            "procedures": [{"code": c, "name": n} for c, n in procedures],
        }

    def consent(
        self, operated: date, *, unsigned: float = 0.02, days_before: Sequence[int] = (0, 1)
    ) -> dict[str, Any]:
        """Informed consent, signed (but for the share ``unsigned``) some ``days_before``."""
        if self.chance(unsigned):
            return {"signed": False}
        before = self.rnd.choice(days_before)
        return {"signed": True, "date": (operated - timedelta(days=before)).isoformat()}

    def device(self, name: str, manufacturer: str, expiry: date) -> dict[str, Any]:
        """A device used in a case, with an invented barcode (UDI) that expires on ``expiry``."""
        return {"name": name, "barcode": self.barcode(expiry), "manufacturer": manufacturer}

    def event(
        self,
        kind: str,
        after: date,
        days: Sequence[int],
        *,
        severity: str | Mapping[str, float],
        outcome: str | Mapping[str, float],
        treatment: str | None = None,
    ) -> dict[str, Any]:
        """A dated event of the shared events fragment (a complication): its onset one of
        ``days`` after ``after``; ``severity`` and ``outcome`` given or picked by weight."""
        onset = after + timedelta(days=self.rnd.choice(days))
        event: dict[str, Any] = {"kind": kind, "onset_date": onset.isoformat()}
        event["severity"] = severity if isinstance(severity, str) else self.pick(severity)
        if treatment is not None:
            event["treatment"] = treatment
        event["outcome"] = outcome if isinstance(outcome, str) else self.pick(outcome)
        return event

    def followup(
        self,
        discharged: date,
        plans: Mapping[str, float],
        months: Sequence[int],
        *,
        statuses: Mapping[str, float] | None = None,
        alive: bool = True,
        missed: float = 0.1,
    ) -> dict[str, Any]:
        """A follow-up plan picked from ``plans`` and, where it came, its first visit.

        Unless the plan is ``"none"``, the interval is one of ``months`` after
        ``discharged``; a visit due by :attr:`today` is recorded for a patient
        discharged ``alive``, except for the share ``missed`` who has not come back
        yet (a reminder overdue). Its status is picked from ``statuses`` ("well"
        without them).
        """
        followup: dict[str, Any] = {"plan": self.pick(plans)}
        if followup["plan"] == "none":
            return followup
        interval = months[0] if len(months) == 1 else self.rnd.choice(months)
        followup["interval_months"] = interval
        visit = discharged + timedelta(days=30 * interval)
        if visit <= self.today and alive and not self.chance(missed):
            status = self.pick(statuses) if statuses else "well"
            followup["visits"] = [{"date": visit.isoformat(), "status": status}]
        return followup

    # -- people --------------------------------------------------------------

    def person(self) -> dict[str, Any]:
        name = self.rnd.choice(_SURNAMES) + "".join(
            self.rnd.choice(_GIVEN) for _ in range(self.rnd.choice((1, 2)))
        )
        return {"name": name, "sex": self.rnd.choice(("1", "2"))}

    def resident_id(self, born: date, sex: str) -> str:
        from rtech.forms.formats import resident_id_check_digit

        sequence = self.rnd.randrange(0, 100) * 10 + self.rnd.randrange(0, 10, 1)
        order = sequence - sequence % 2 + (1 if sex == "1" else 0)
        body = f"510104{born:%Y%m%d}{order:03d}"
        return body + resident_id_check_digit(body)

    def patient(self, record_no: str, age: int, on: date) -> dict[str, Any]:
        """A patient of ``age`` on ``on``: with birth date and resident id most of the time."""
        person = self.person()
        patient: dict[str, Any] = {**person, "record_no": record_no}
        if self.chance(0.7):
            born = date(on.year - age, self.rnd.randrange(1, 13), self.rnd.randrange(1, 29))
            patient["birth_date"] = born.isoformat()
            patient["id_number"] = self.resident_id(born, person["sex"])
        else:
            patient["age"] = age
        return patient

    def barcode(self, expiry: date) -> str:
        self.serial += 1
        gtin = f"0690{self.rnd.randrange(10**9, 10**10)}"
        return f"(01){gtin}(17){expiry:%y%m%d}(10)L{self.serial:06d}"

    def team(self) -> dict[str, Any]:
        """An operator, assistants and two deciders (seniors, now and then a junior)."""
        seniors = [p for p in self.staff if p[2] in ("chief", "associate_chief")]
        operators = [p for p in self.staff if p[2] != "resident"]
        operator = self.rnd.choice(operators)
        pool = seniors
        if self.chance(0.04):  # an occasional decision by a junior doctor, for the checks
            pool = [p for p in self.staff if p[0] != operator[0]]
        deciders = self.rnd.sample(pool, 2)
        assistants = self.rnd.sample(
            [p for p in self.staff if p[0] != operator[0]], self.rnd.choice((0, 1, 1, 2))
        )
        return {
            "operator": {"id": str(operator[0]), "name": operator[1]},
            "assistants": [{"id": str(p[0]), "name": p[1]} for p in assistants],
            "deciders": [{"id": str(p[0]), "name": p[1]} for p in deciders],
        }


class DemoCases:
    """Base of a technology's case generator, with the context's helpers at hand.

    A subclass writes ``case(number, quarter)``, one case's answers; ``each`` (what
    :class:`TechnologyDemo` takes as ``cases``) calls it for every case of the demo.
    """

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rnd = ctx.rnd
        self.pick = ctx.pick
        self.chance = ctx.chance

    def case(self, number: int, quarter: date) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def each(cls, ctx: DemoContext) -> Iterator[dict[str, Any]]:
        """Every case of the demonstration, numbered from 1 over the quarters."""
        return ctx.numbered(cls(ctx).case)


@dataclass(frozen=True)
class TechnologyDemo:
    """A technology's part of the demonstration hospital.

    :param institution: the technology's part of the institution profile.
    :param departments: departments to register (``name``, ``beds``, ``since_year``).
    :param staff: the technology's staff (registered before the cases).
    :param cases: the generator of case answers; follow-up visits go in
        ``followup.visits`` and are recorded as revisions, oldest first.
    :param aggregates: aggregate denominators per period.
    :param qa_checks: equipment QA checks.
    :param default_cases: how many cases ``rtech demo`` makes without ``--cases``.
    """

    institution: Mapping[str, Any]
    staff: Sequence[DemoStaff]
    cases: Callable[[DemoContext], Iterable[dict[str, Any]]]
    departments: Sequence[Mapping[str, Any]] = ()
    aggregates: Callable[[DemoContext], Iterable[DemoAggregate]] | None = None
    qa_checks: Callable[[DemoContext], Iterable[DemoQaCheck]] | None = None
    default_cases: int = 300
