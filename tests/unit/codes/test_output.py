"""The JSON Lines writer builds exactly what json.dumps would."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rtech.screening.evaluate import Match
from rtech.screening.output import json_line, open_writer

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


def _template(codes: list[str], review: bool, reasons: list[str]) -> tuple[object, ...]:
    return ("cardio", "S03", "2022", "any_procedure", tuple(codes), review, tuple(reasons))


@given(
    record_ids=st.lists(text, max_size=6),
    outcomes=st.lists(
        st.lists(
            st.builds(
                _template, st.lists(text, max_size=2), st.booleans(), st.lists(text, max_size=1)
            ),
            min_size=0,
            max_size=3,
        ),
        min_size=1,
        max_size=3,
    ),
    data=st.data(),
)
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_batch_is_written_as_its_matches_one_by_one(
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    record_ids: list[str],
    outcomes: list[list[tuple[object, ...]]],
    data: st.DataObject,
) -> None:
    """write_batch (the fast path's matches: record ids, an outcome each, outcomes of
    zero, one or more matches) writes what write does, match by match."""
    which = [data.draw(st.integers(0, len(outcomes) - 1)) for _ in record_ids]
    folder = tmp_path_factory.mktemp("out")
    batch, single = open_writer(fmt, folder / f"a.{fmt}"), open_writer(fmt, folder / f"b.{fmt}")
    batch.write_batch(record_ids, which, [tuple(o) for o in outcomes])
    for record_id, index in zip(record_ids, which, strict=True):
        for template in outcomes[index]:
            single.write(Match(record_id, *template))  # type: ignore[arg-type]
    assert batch.count == single.count == sum(len(outcomes[i]) for i in which)
    batch.close()
    single.close()
    assert (folder / f"a.{fmt}").read_bytes() == (folder / f"b.{fmt}").read_bytes()
