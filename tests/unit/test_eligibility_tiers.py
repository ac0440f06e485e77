"""The 四级 tier and the clause-by-clause training base of the standard norm."""

from __future__ import annotations

from rtech import Outcome
from rtech import norm as n


def test_grade4_tests() -> None:
    assert n.GRADE4_CASE({"answers": {"grade": {"grade": "4"}}}).outcome is Outcome.PASS
    assert n.GRADE4_CASE({"answers": {"grade": {"grade": "3"}}}).outcome is Outcome.FAIL
    assert n.GRADE4_CASE({"answers": {}}).outcome is Outcome.UNKNOWN
    assert n.GRADE4_INSTITUTION({"profile": {"grade4": True}}).outcome is Outcome.PASS
    assert n.GRADE4_PHYSICIAN({"profile": {"grade4_independent": False}}).outcome is Outcome.FAIL
    institution, physician = n.grade4_switches("鼻科内镜诊疗技术")
    assert set(institution) == {"grade4"}
    assert set(physician) == {"grade4_independent"}


def test_exempted_is_the_exemption_route_only() -> None:
    test = n.exempted()
    assert test({"profile": {"training": {"route": "exempt"}}}).outcome is Outcome.PASS
    assert test({"profile": {"training": {"route": "base"}}}).outcome is Outcome.FAIL
