"""Issue 16 item 9: what the intake shows reads as a clinician means it."""

from __future__ import annotations

from rtech.forms.display import display_value
from rtech.forms.model import compile_form
from rtech.host import get_host
from rtech.intake.cases import case_form


def test_months_read_as_a_count_of_months() -> None:
    form = case_form(get_host(), "cardio")
    node = form.node(["followup", "interval_months"])
    assert node is not None
    assert display_value(node, 6) == "6个月"  # 6月 reads as June
    assert node.unit_hint == "月"


def test_a_calendar_year_has_no_unit_hint() -> None:
    from rtech.forms.loader import FRAGMENT_BASE, fragment_registry

    resource = fragment_registry().get_or_retrieve(FRAGMENT_BASE + "physician.schema.json")
    form = compile_form(resource.value.contents)
    year = form.node(["clinical_since"])
    assert year is not None
    assert year.unit == "年"
    assert year.unit_hint == ""  # 哪一年开始从事临床工作？ is not a number of years
    bounded = compile_form(
        {
            "type": "object",
            "properties": {"years": {"type": "integer", "minimum": 999, "x-unit": "年"}},
        }
    ).node(["years"])
    assert bounded is not None
    assert bounded.unit_hint == "年"  # below a calendar year: a count of years
