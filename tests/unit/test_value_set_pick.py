"""ValueSet.pick: rows of a seed's table by code, with what clinicians type for them."""

from __future__ import annotations

import pytest

from rtech import CodeEntry, CodeKind, ValueSet

TABLE = ValueSet(
    id="demo.table",
    kind=CodeKind.PROCEDURE,
    title="编码表",
    entries=(
        CodeEntry("00.6600", "经皮冠状动脉腔内血管成形术[PTCA]", remark="需结合诊断"),
        CodeEntry("36.0700", "药物洗脱冠状动脉支架置入"),
    ),
)


def test_pick_keeps_the_table_s_name_in_the_order_asked() -> None:
    assert TABLE.pick({"36.0700": ("药物支架", "DES"), "00.6600": ()}) == (
        CodeEntry("36.0700", "药物洗脱冠状动脉支架置入", aliases=("药物支架", "DES")),
        CodeEntry("00.6600", "经皮冠状动脉腔内血管成形术[PTCA]"),
    )


def test_pick_refuses_a_code_the_table_does_not_list() -> None:
    with pytest.raises(KeyError, match=r"demo\.table does not list 88\.5500"):
        TABLE.pick({"00.6600": (), "88.5500": ("冠脉造影",)})
