"""The standard norm on a real norm (cardio): declared answers, the base named per edition."""

from __future__ import annotations

import pytest

from rtech.plugins.cardio.checks import NORM


def test_every_yes_no_answered_yes_and_the_rest_given() -> None:
    declared = NORM.declared("management", database_staff=2)
    assert declared == {
        "indications": True,
        "followup_system": True,
        "database": True,
        "database_staff": 2,
        "reporting": True,
        "assessment": True,
        "approved_devices": True,
        "no_reuse": True,
        "device_register": True,
    }
    # In the order the profile asks them.
    assert list(declared)[:4] == ["indications", "followup_system", "database", "database_staff"]
    assert NORM.declared("imaging", equipment=["mri", "ct", "pacs"]) == {
        "doppler_echo": True,
        "equipment": ["mri", "ct", "pacs"],
    }


def test_a_question_without_its_answer_or_an_answer_without_its_question() -> None:
    with pytest.raises(ValueError, match=r"no value for \['database_staff'\]"):
        NORM.declared("management")
    with pytest.raises(ValueError, match=r"no question \['staff'\]"):
        NORM.declared("management", database_staff=2, staff=3)
    with pytest.raises(ValueError, match="cardio asks no nowhere"):
        NORM.declared("nowhere")


def test_a_route_quote_names_the_base_as_each_edition_does() -> None:
    quotes = {
        e: next(
            c for c in NORM.checks(e) if c.id == "cardio.personnel.training_overseas"
        ).citation.quote
        for e in ("2022", "2023")
    }
    assert "并经省级卫生行政部门指定的培训基地考核合格后" in quotes["2022"]
    assert "并经省级卫生健康行政部门备案的培训基地考核合格后" in quotes["2023"]
    assert not any("{base}" in q for q in quotes.values())
