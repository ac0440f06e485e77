"""The rule shapes: exact matching, no child codes, review flags, ranges."""

from __future__ import annotations

import pytest

from rtech import (
    AnchorWithPartner,
    AnyProcedure,
    Citation,
    CodeEntry,
    CodeKind,
    CodeRange,
    DiagnosisAndProcedure,
    ValueSet,
)

CITE = Citation("2022", "S03", "第二部分 二、对应手术/操作名称及编码")
PX = ValueSet(
    "t.px",
    CodeKind.PROCEDURE,
    "手术",
    (
        CodeEntry("23.6x00x003", "义齿种植一期手术"),
        CodeEntry("76.4300", "下颌骨其他重建术"),
        CodeEntry("00.6600", "PTCA", "针对复杂冠状动脉病变"),
        CodeEntry("37.3401", "射频消融", "针对心房纤颤"),
        CodeEntry("00.0901", "HIFU", "需结合诊断"),
    ),
    citation=CITE,
)
DX_RANGE = ValueSet("t.dx", CodeKind.DIAGNOSIS, "诊断", ranges=(CodeRange("C00", "C97"),))
DX_LIST = ValueSet("t.dx2", CodeKind.DIAGNOSIS, "诊断", (CodeEntry("C01.x00", "舌根恶性肿瘤"),))


def test_any_procedure_matches_exactly_without_child_codes() -> None:
    rule = AnyProcedure(PX)
    assert rule.evaluate([], ["76.4300X001"]) is None  # a child code is not listed
    assert rule.evaluate([], ["76.43"]) is None  # nor is the parent
    match = rule.evaluate([], ["76.4300"])
    assert match is not None
    assert match.matched_codes == ("76.4300",)
    assert match.needs_review is False


def test_qualified_remarks_flag_review_only_when_all_matched_codes_carry_them() -> None:
    rule = AnyProcedure(PX)
    only_qualified = rule.evaluate([], ["00.6600", "37.3401"])
    assert only_qualified is not None
    assert only_qualified.needs_review is True
    assert only_qualified.review_reasons == (
        "00.6600：针对复杂冠状动脉病变",
        "37.3401：针对心房纤颤",
    )
    mixed = rule.evaluate([], ["00.6600", "76.4300"])
    assert mixed is not None
    assert mixed.needs_review is False
    needs_diagnosis = rule.evaluate([], ["00.0901"])
    assert needs_diagnosis is not None
    assert needs_diagnosis.needs_review is False  # 需结合诊断 is a rule, not a qualifier


def test_diagnosis_range_by_category() -> None:
    rule = DiagnosisAndProcedure(DX_RANGE, PX)
    for code in ("C00.000", "C97.X00", "C50.900X001", "C22.101"):
        match = rule.evaluate([code], ["00.0901"])
        assert match is not None, code
        assert match.matched_codes == (code, "00.0901")
    for code in ("D00.000", "B99.X00", "C98.000"):
        assert rule.evaluate([code], ["00.0901"]) is None, code
    assert rule.evaluate(["C22.101"], []) is None


def test_listed_diagnosis_and_procedure_in_any_field() -> None:
    rule = DiagnosisAndProcedure(DX_LIST, PX)
    match = rule.evaluate(["I10.X00", "C01.X00"], ["99.0401", "00.0901"])
    assert match is not None
    assert match.matched_codes == ("C01.x00", "00.0901")
    assert rule.evaluate(["C01.X00X003"], ["00.0901"]) is None


def test_anchor_with_partner() -> None:
    rule = AnchorWithPartner(PX, anchors=("23.6x00x003",), partners=("76.4300",))
    assert rule.evaluate([], ["23.6X00X003"]) is None
    assert rule.evaluate([], ["76.4300"]) is None
    match = rule.evaluate([], ["76.4300", "23.6X00X003"])
    assert match is not None
    assert match.matched_codes == ("23.6x00x003", "76.4300")
    assert rule.trigger_keys() == frozenset({(CodeKind.PROCEDURE, "23.6X00X003")})


def test_shapes_refuse_wrong_kinds_and_unknown_codes() -> None:
    with pytest.raises(ValueError, match="procedure value set"):
        AnyProcedure(DX_LIST)
    with pytest.raises(ValueError, match="not in the value set"):
        AnchorWithPartner(PX, anchors=("99.9999",), partners=("76.4300",))
    for anchors, partners in ((("23.6x00x003",), ()), ((), ("76.4300",))):
        with pytest.raises(ValueError, match="anchors and partners"):
            AnchorWithPartner(PX, anchors=anchors, partners=partners)


def test_2022_rules_cite_their_shape_or_the_given_citation() -> None:
    from rtech.codes.model import CodeRules

    plain = CodeRules.of_2022("S03", AnyProcedure(PX))
    assert plain.citation.clause == "第二部分 编制说明 二"
    assert plain.citation.quote is not None
    assert plain.citation.quote.startswith("部分限制类技术现有手术/操作名称及编码")
    anchored = AnchorWithPartner(PX, anchors=("23.6x00x003",), partners=("76.4300",))
    # 编制说明 二 does not describe the "1+2、1+3…" shape: its own table's note is cited.
    with pytest.raises(ValueError, match="give its citation"):
        CodeRules.of_2022("S01", anchored)
    own = CodeRules.of_2022("S01", anchored, CITE)
    assert own.citation is CITE


def test_picking_entries_by_code_keeps_the_aliases_order_and_refuses_unknown_codes() -> None:
    picked = PX.pick({"76.4300": ("下颌重建",), "23.6x00x003": ()})
    assert [e.code for e in picked] == ["76.4300", "23.6x00x003"]
    with pytest.raises(KeyError, match=r"99\.9999"):
        PX.pick({"99.9999": ()})
