"""Predicates and values over the shared fragments, for any technology's indicators."""

from __future__ import annotations

from rtech import DIED_IN_HOSPITAL, DIED_OR_IRREVERSIBLE, LENGTH_OF_STAY, TOTAL_COST


def stay(admitted: str, discharged: str, disposition: str = "1") -> dict[str, object]:
    return {
        "admission": {
            "admission_date": admitted,
            "discharge_date": discharged,
            "discharge_disposition": disposition,
            "total_cost": 12345.6,
        }
    }


def test_died_in_hospital_is_disposition_5() -> None:
    assert DIED_IN_HOSPITAL(stay("2024-01-01", "2024-01-03", "5")) is True
    assert DIED_IN_HOSPITAL(stay("2024-01-01", "2024-01-03", "4")) is False
    assert DIED_IN_HOSPITAL({}) is None


def test_length_of_stay_counts_a_same_day_discharge_as_one() -> None:
    assert LENGTH_OF_STAY(stay("2024-01-01", "2024-01-01")) == 1
    assert LENGTH_OF_STAY(stay("2024-01-01", "2024-01-02")) == 1
    assert LENGTH_OF_STAY(stay("2024-01-01", "2024-01-03")) == 2
    assert TOTAL_COST(stay("2024-01-01", "2024-01-03")) == 12345.6


def test_died_or_discharged_for_an_irreversible_disease() -> None:
    assert DIED_OR_IRREVERSIBLE({"death": {"status": "died"}}) is True
    assert DIED_OR_IRREVERSIBLE({"death": {"status": "irreversible_discharge"}}) is True
    assert DIED_OR_IRREVERSIBLE({"death": {"status": "alive"}}) is False
