"""A database of N synthetic submitted cases of one technology, for the indicator benchmark.

The answers come from the technology's own demo generator (``rtech_demo``), so
they are valid against its form and varied like the demonstration hospital;
they are written with bulk inserts (cases and their first revision; no audit
entries, which the indicators never read), in chunks, so that 100,000 cases
load in well under a minute on either backend.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import insert

from rtech.demo import DemoContext
from rtech.host import Host
from rtech.store import Store, registry
from rtech.store.cases import case_facts
from rtech.store.models import Case, CaseRevision

__all__ = ["fill"]

CHUNK = 5000


def _answers(host: Host, slug: str, count: int, seed: int) -> Iterator[dict[str, object]]:
    supplied = host.demo(slug)
    if supplied is None:
        raise SystemExit(f"{slug} supplies no demo generator")
    with_staff = [(i + 1, member.name, member.title) for i, member in enumerate(supplied.staff)]
    context = DemoContext(rnd=random.Random(seed), staff=with_staff, count=count)
    yield from supplied.cases(context)


def fill(store: Store, host: Host, slug: str, count: int, *, seed: int = 7) -> int:
    """Write ``count`` submitted cases of ``slug``; returns the institution's id."""
    now = datetime.now(UTC)
    with store.write() as session:
        institution = registry.create_institution(
            session, name="基准测试医院", code="BENCH-0001", actor="bench"
        )
        institution_id = institution.id
    cases: list[dict[str, object]] = []
    revisions: list[dict[str, object]] = []

    def flush() -> None:
        with store.write() as session:
            session.execute(insert(Case), cases)
            session.execute(insert(CaseRevision), revisions)
        cases.clear()
        revisions.clear()

    for number, answers in enumerate(_answers(host, slug, count, seed), start=1):
        facts = case_facts(answers)
        cases.append(
            {
                "id": number,
                "technology": slug,
                "edition": "2023" if facts["procedure_date"] >= date(2023, 1, 1) else "2022",
                "institution_id": institution_id,
                "status": "submitted",
                "form_version": "1",
                "draft_answers": answers,
                "cursor": {},
                "has_changes": False,
                "current_revision": 1,
                "version": 2,
                "created_by": "bench",
                "updated_by": "bench",
                "created_at": now,
                "updated_at": now,
                **facts,
            }
        )
        revisions.append(
            {
                "case_id": number,
                "number": 1,
                "answers": answers,
                "form_version": "1",
                "author": "bench",
                "reason": "",
                "created_at": now,
            }
        )
        if len(cases) >= CHUNK:
            flush()
    if cases:
        flush()
    return institution_id
