"""Codes a clinician types (issue 16, item 1), on the built-in plugins alone.

A cardio case searches cardio's curated lists first (the diagnoses and
procedures its form asks about), then the hospital's dictionary, then every
other list; another technology's catalog codes never come first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from rtech.host import get_host
from rtech.intake import Intake
from rtech.store import Store, make_engine, upgrade
from tests.support.intake import PCI_LINES, answer_until, open_case, say, seed_registry


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    engine = make_engine(make_url(f"sqlite:///{tmp_path / 'codes.sqlite3'}"))
    upgrade(engine)
    store = Store(engine)
    seed_registry(store)
    yield store
    store.dispose()


@pytest.fixture
def diagnosis(store: Store) -> Intake:
    """A cardio case at 主要诊断, with no code list but the plugins' own."""
    intake = open_case(store, get_host())
    answer_until(intake, "coding.main_diagnosis", PCI_LINES)
    return intake


def codes(intake: Intake, text: str) -> list[str]:
    return [s.label for s in intake.suggestions(text, 8)]


def test_the_diagnoses_a_cardiologist_types_are_found(diagnosis: Intake) -> None:
    assert codes(diagnosis, "急性前壁心肌梗死")[0] == "I21.0 急性前壁心肌梗死"
    infarctions = codes(diagnosis, "心肌梗死")
    assert "I21.0 急性前壁心肌梗死" in infarctions
    assert all("心肌梗死" in label for label in infarctions)
    assert codes(diagnosis, "gxb")[0] == "I25.1 动脉粥样硬化性心脏病"  # 冠心病, as in the README
    assert codes(diagnosis, "I21")[0].startswith("I21.0 ")
    assert all(label.startswith("I21.") for label in codes(diagnosis, "I21"))


def test_gxb_is_taken_at_once_as_in_the_readme(diagnosis: Intake) -> None:
    say(diagnosis, "gxb")
    assert diagnosis.answers["coding"]["main_diagnosis"] == {
        "code": "I25.1",
        "name": "动脉粥样硬化性心脏病",
    }


@pytest.fixture
def procedures(diagnosis: Intake) -> Intake:
    say(diagnosis, "I21.0", "无")
    assert diagnosis.prompt.path == "coding.procedures"
    return diagnosis


def test_coronary_angiography_is_found_by_its_initials(procedures: Intake) -> None:
    assert codes(procedures, "zgzy")[0] == "88.5500 单根导管的冠状动脉造影术"
    assert codes(procedures, "冠状动脉造影")[0] == "88.5500 单根导管的冠状动脉造影术"


def test_another_technologys_codes_never_come_first(procedures: Intake) -> None:
    ablations = codes(procedures, "消融")
    assert ablations
    assert "50.2400x001 肝病损聚焦超声消融术" not in ablations[:1]
    hifu = [i for i, label in enumerate(ablations) if "聚焦超声" in label]
    cardiac = [i for i, label in enumerate(ablations) if "心" in label]
    assert cardiac
    assert not hifu or max(cardiac) < min(hifu)


def test_coronary_stents_come_before_pulmonary_ones(procedures: Intake) -> None:
    stents = codes(procedures, "支架")
    coronary = [i for i, label in enumerate(stents) if "冠状动脉" in label]
    pulmonary = [i for i, label in enumerate(stents) if "肺动脉" in label]
    assert coronary
    assert not pulmonary or max(coronary) < min(pulmonary)
