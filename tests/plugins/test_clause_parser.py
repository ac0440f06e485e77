"""The clause parser of the conformance suite reads the seed as written."""

from __future__ import annotations

from rtech.testing.test_quality import norm_lines, required_clauses


def test_the_clause_parser_reads_cardio_as_written() -> None:
    from rtech.host import get_host

    cardio = get_host().technology("cardio")
    clauses = required_clauses(norm_lines("2023", cardio))
    # 一(二)3, 一(二)4 and 一(二)5 are headings of sub-items; 一(二) has items 1-5.
    assert clauses == {
        "一(一)",
        "一(二)1",
        "一(二)2",
        *(f"一(二)3({n})" for n in range(1, 7)),
        *(f"一(二)4({n})" for n in range(1, 6)),
        "一(二)5(1)",
        "一(二)5(2)",
        "一(三)",
        "二(一)1",
        "二(一)2",
        "二(一)3",
        "二(二)",
        *(f"四(一){n}" for n in range(1, 5)),
    }
    assert required_clauses(norm_lines("2022", cardio)) == clauses
