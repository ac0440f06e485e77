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


def test_a_lost_heading_starts_the_norm_at_its_preamble() -> None:
    """2022 S04 lost its norm heading and its indicators' heading: the norm runs from
    its preamble 为规范… to the first indicator (一、诊断符合率, then 定义：)."""
    from rtech.host import get_host

    tumour = get_host().technology("maxillofacial_tumor")
    lines = norm_lines("2022", tumour)
    assert lines[0].startswith("为规范口腔颌面部肿瘤颅颌联合根治技术临床应用")
    assert lines[-1].startswith("（4）为每位接受培训的医师建立培训及考试、考核档案")
    clauses = required_clauses(lines)
    assert {"一(九)3", "二4", "四(一)4"} <= clauses
    assert not any(c.startswith(("五", "六", "十")) for c in clauses)


def test_a_heading_broken_in_two_lines_is_found() -> None:
    """2022 S05's heading is split: ``S05四川省颅颌面畸形颅面外科矫治`` / ``技术管理规范``."""
    from rtech.host import get_host

    lines = norm_lines("2022", get_host().technology("craniofacial"))
    assert lines[0] == "技术管理规范"
    assert "二、人员基本要求" in lines
