"""Issue 16 item 7: times are the institution's (Asia/Shanghai unless set)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rtech.errors import UserError
from rtech.localtime import TIMEZONE_ENV, local, local_text

MIDNIGHT_UTC = datetime(2023, 3, 12, 16, 0, tzinfo=UTC)


def test_shown_in_shanghai_by_default() -> None:
    assert local_text(MIDNIGHT_UTC) == "2023-03-13 00:00"  # past midnight in Beijing
    assert local_text(MIDNIGHT_UTC.replace(tzinfo=None)) == "2023-03-13 00:00"  # naive is UTC
    assert local_text(datetime(2023, 3, 12, 15, 59, tzinfo=UTC)) == "2023-03-12 23:59"
    assert local(MIDNIGHT_UTC).utcoffset() is not None
    assert local_text(None) == ""


def test_a_setting_names_another_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEZONE_ENV, "Asia/Urumqi")
    assert local_text(MIDNIGHT_UTC) == "2023-03-12 22:00"
    monkeypatch.setenv(TIMEZONE_ENV, "Mars/Olympus")
    with pytest.raises(UserError, match="不是有效的时区名称"):
        local_text(MIDNIGHT_UTC)
