"""The case report (病例信息上报表) of a hyperthermia case prints what was computed:
the confirmed response and the quality-of-life verdict, with their inputs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import URL

from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.filing_sources import case_document
from rtech.host import get_host
from rtech.store import Store, make_engine, upgrade
from rtech.store import cases as case_store
from tests.seeds import ROOT
from tests.technologies.hyperthermia.cases import CASES

SAMPLE = ROOT / "docs" / "examples" / "hyperthermia_profiles.toml"


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


def test_the_case_report_lists_the_computed_scores(store: Store) -> None:
    host = get_host()
    with store.write() as session:
        report = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
        created = case_store.create_case(
            session,
            technology="hyperthermia",
            edition="2023",
            institution_id=report["institution"]["id"],
            actor="测试",
            answers=CASES[0].answers,  # PR confirmed; pain and KPS 有效
        )
        case_id = created.id
        case_store.submit_case(session, case_id, expected_version=created.version, actor="测试")
    with store.read() as session:
        document = case_document(session, host, case_id)
    (section,) = document.sections
    assert section.title.startswith("计算所得")
    rows = dict(section.rows)
    assert rows["实体肿瘤疗效"].startswith("PR（部分缓解）")
    assert "2023 S02 注4" in rows["实体肿瘤疗效"]
    assert rows["生活质量"].startswith("生活质量改善")
    assert "疼痛 有效；KPS 有效" in rows["生活质量"]
