"""The JSON Lines writer builds exactly what json.dumps would."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from rtech.screening.evaluate import Match
from rtech.screening.output import json_line

text = st.text(max_size=12)


@given(
    record_id=text,
    codes=st.lists(text, max_size=3),
    review=st.booleans(),
    reasons=st.lists(text, max_size=2),
)
def test_json_line_equals_json_dumps(
    record_id: str, codes: list[str], review: bool, reasons: list[str]
) -> None:
    match = Match(
        record_id, "cardio", "S03", "2022", "any_procedure", tuple(codes), review, tuple(reasons)
    )
    expected = json.dumps(match.to_dict(), ensure_ascii=False) + "\n"
    assert json_line(match) == expected
