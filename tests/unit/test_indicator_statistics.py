"""A bulk refresh of the indicator outcomes renews PostgreSQL's planner statistics.

Issue 19, item 13: after 100,000 outcomes were packed, the planner still took
``indicator_outcomes`` for empty (autovacuum may be off, and is slow to come) and
sorted the indicators' scan on disk. A real PostgreSQL database and real cases.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from rtech.host import get_host
from rtech.indicators import service
from rtech.store import Store, make_engine, upgrade
from tests import db
from tests.bench.indicator_data import fill


def _estimated_rows(store: Store, table: str) -> float:
    with store.engine.connect() as connection:
        return float(
            connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
            ).scalar_one()
        )


@pytest.mark.parametrize(("cases", "analyzed"), [(service.ANALYZE_AFTER, True), (40, False)])
def test_a_bulk_refresh_analyzes_and_a_small_one_does_not(cases: int, analyzed: bool) -> None:
    with db.fresh_postgres_database() as url:
        engine = make_engine(url)
        upgrade(engine)
        store = Store(engine)
        try:
            host = get_host()
            fill(store, host, "cardio", cases)
            assert _estimated_rows(store, "indicator_outcomes") <= 0  # never analyzed
            assert service.refresh_outcomes(store, host, "cardio") == cases
            estimated = _estimated_rows(store, "indicator_outcomes")
            if analyzed:
                assert estimated == cases
                assert _estimated_rows(store, "cases") == cases
            else:
                assert estimated <= 0
        finally:
            store.dispose()
