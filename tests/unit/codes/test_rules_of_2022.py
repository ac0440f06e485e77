"""CodeRules.of_2022: a technology's 2022 rules cited to 编制说明 二 for the rule's shape."""

from __future__ import annotations

import pytest

from rtech import (
    AnchorWithPartner,
    AnyProcedure,
    Citation,
    CodeEntry,
    CodeKind,
    CodeRange,
    CodeRules,
    DiagnosisAndProcedure,
    ValueSet,
)
from rtech.plugins.cardio import codes as cardio_codes

PROCEDURES = ValueSet(
    "demo.2022.procedures",
    CodeKind.PROCEDURE,
    "手术",
    entries=(CodeEntry("00.6600", "甲"), CodeEntry("36.0700", "乙")),
)
DIAGNOSES = ValueSet(
    "demo.2022.diagnoses",
    CodeKind.DIAGNOSIS,
    "诊断",
    ranges=(CodeRange("C00", "C97", "诊断编码为C00-C97"),),
)


def test_any_procedure_is_cited_to_the_direct_identification() -> None:
    rules = CodeRules.of_2022("S03", AnyProcedure(PROCEDURES))
    assert rules.edition == "2022"
    assert rules.value_sets == (PROCEDURES,)
    assert rules.citation.catalog_no == "S03"
    assert rules.citation.clause == "第二部分 编制说明 二"
    assert rules.citation.quote.startswith("部分限制类技术现有手术/操作名称及编码")
    assert rules.notes == (
        "编制说明 三：未纳入本《编码》的疾病诊断、手术/操作不作为省级限制类技术进行管理。",
    )
    # cardio's generated rules are exactly these
    assert CodeRules.of_2022("S03", cardio_codes.RULE) == cardio_codes.CODE_RULES_2022


def test_diagnosis_and_procedure_reads_both_sets_in_order() -> None:
    rules = CodeRules.of_2022("S02", DiagnosisAndProcedure(DIAGNOSES, PROCEDURES))
    assert rules.value_sets == (DIAGNOSES, PROCEDURES)
    assert rules.citation.quote == (
        "部分限制类技术需要疾病诊断与手术/操作编码相结合进行识别；备注：需结合诊断"
    )


def test_a_shape_of_its_own_needs_its_own_citation() -> None:
    rule = AnchorWithPartner(PROCEDURES, anchors=("00.6600",), partners=("36.0700",))
    with pytest.raises(ValueError, match="anchor_with_partner is no shape of 编制说明 二"):
        CodeRules.of_2022("S01", rule)
    note = Citation("2022", "S01", "第二部分 二、对应手术/操作名称及编码 注", quote="可以通过1+2")
    assert CodeRules.of_2022("S01", rule, note).citation == note
