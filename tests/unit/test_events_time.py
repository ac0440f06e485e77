"""Events whose date and time of day are two fields (the rescue fragment)."""

from __future__ import annotations

from rtech import Events

RESCUES = Events("rescue.events", date="date", time="time")


def answers(*events: tuple[str, str, bool]) -> dict[str, object]:
    items = [{"date": d, "time": t, "survived_24h": s} for d, t, s in events]
    return {"rescue": {"rescued": bool(items), "events": items}}


def test_rescues_within_24_hours_of_the_first_are_one_episode() -> None:
    # 23:00 and 22:59 next day: 23 h 59 min apart, one 例次; 23:00 next day: 24 h, two.
    count = RESCUES.count(dedupe_hours=24)
    assert count(answers(("2024-03-01", "23:00", False), ("2024-03-02", "22:59", True))) == 1
    assert count(answers(("2024-03-01", "23:00", False), ("2024-03-02", "23:00", True))) == 2
    # by date alone both would be midnights a day apart: the time decides
    assert count(answers(("2024-03-01", "08:00", True), ("2024-03-01", "20:00", True))) == 1
    assert count(answers()) == 0


def test_an_episode_succeeds_by_its_last_rescue_and_a_missing_time_is_unknown() -> None:
    survived = RESCUES.count_episodes(hours=24, outcome=lambda e: e.get("survived_24h"))
    two = answers(("2024-03-01", "23:00", False), ("2024-03-02", "01:00", True))
    assert survived(two) == 1
    assert survived(answers(("2024-03-01", "23:00", True), ("2024-03-03", "01:00", False))) == 1
    broken = {"rescue": {"events": [{"date": "2024-03-01", "survived_24h": True}]}}
    assert RESCUES.count(dedupe_hours=24)(broken) is None
    assert RESCUES.where(survived_24h=True).time == "time"
