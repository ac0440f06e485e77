"""Norm.declared: a profile group answered as an institution that declares every clause."""

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
