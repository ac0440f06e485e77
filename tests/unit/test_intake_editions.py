"""The edition of a case follows its procedure date; the dates are a site setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rtech.errors import UserError
from rtech.host import get_host
from rtech.intake.editions import edition_for, effective_dates, set_effective_dates
from rtech.store import Store


def test_editions_by_date_and_by_what_the_technology_is_in(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    try:
        host = get_host()
        cardio, tbi = host.technology("cardio"), host.technology("tbi")
        with store.read() as session:
            dates = effective_dates(session)
        assert dates == {"2022": date(2022, 1, 1), "2023": date(2023, 1, 1)}
        assert edition_for(cardio, date(2022, 6, 1), dates) == "2022"
        assert edition_for(cardio, date(2023, 1, 1), dates) == "2023"
        assert edition_for(cardio, date(2020, 1, 1), dates) == "2022"  # before both: the first
        assert edition_for(tbi, date(2022, 6, 1), dates) == "2023"  # only in 2023
        with store.write() as session:
            changed = set_effective_dates(session, {"2023": "2023-07-01"}, actor="admin")
        assert edition_for(cardio, date(2023, 3, 1), changed) == "2022"
        with store.write() as session, pytest.raises(UserError, match="应按版本先后递增"):
            set_effective_dates(session, {"2022": "2024-01-01"}, actor="admin")
        with store.write() as session, pytest.raises(UserError, match="不是 YYYY-MM-DD"):
            set_effective_dates(session, {"2023": "明年"}, actor="admin")
    finally:
        store.dispose()


def test_only_the_editions_set_are_stored(tmp_path: Path) -> None:
    from rtech.intake.editions import SETTING_KEY
    from rtech.store.settings import get_setting

    store = Store.open(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    try:
        with store.write() as session:
            set_effective_dates(session, {"2023": "2023-07-01"}, actor="admin")
        with store.read() as session:
            assert get_setting(session, SETTING_KEY) == {"2023": "2023-07-01"}
            assert effective_dates(session)["2022"] == date(2022, 1, 1)
    finally:
        store.dispose()


def test_one_set_of_defaults_for_intake_and_screening() -> None:
    from rtech.editions import check_order, with_defaults

    dates, defaulted = with_defaults({"2023": "2023-07-01", "2099": "2099-01-01", "2022": "?"})
    assert dates == {"2022": date(2022, 1, 1), "2023": date(2023, 7, 1)}
    assert defaulted == ["2022"]
    with pytest.raises(UserError, match="应按版本先后递增"):
        check_order({"2022": date(2024, 1, 1), "2023": date(2023, 1, 1)})
