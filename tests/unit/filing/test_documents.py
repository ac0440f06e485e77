"""The document-data interfaces: ID masking, JSON shape, Chinese errors, verdicts."""

from __future__ import annotations

import json

import pytest

from rtech.eligibility.model import Level, Outcome
from rtech.errors import UserError
from rtech.filing.documents import (
    CaseDocument,
    DataError,
    Finding,
    IndicatorResult,
    RegistrationDocument,
    ReportDocument,
    Threshold,
    ThresholdVerdict,
    document_from_json,
    document_to_json,
    mask_id_number,
    mask_id_numbers,
    overall_outcome,
)
from tests.unit.filing.helpers import CLEAR_ID, MASKED_ID, cochlear_report, example

# -- 居民身份证号 ------------------------------------------------------------


def test_an_id_number_keeps_region_and_last_four() -> None:
    assert mask_id_number(CLEAR_ID) == MASKED_ID
    assert mask_id_number("51010719580707442" + "6") == "510107********4426"


def test_a_lowercase_check_x_is_accepted_and_printed_upper() -> None:
    # 11010519491231002X is the standard's own example number.
    assert mask_id_number("11010519491231002x") == "110105********002X"


def test_a_masked_number_stays_as_it_is() -> None:
    assert mask_id_number(MASKED_ID) == MASKED_ID


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("51010419650312123", "应为 18 位"),
        ("5101041965031212AB", "应为 18 位"),
        ("510104196503121234", "校验位不正确"),
    ],
)
def test_a_bad_id_number_is_a_chinese_error_that_does_not_repeat_it(
    number: str, message: str
) -> None:
    with pytest.raises(DataError) as error:
        mask_id_number(number)
    assert message in error.value.message
    assert number not in error.value.message


def test_id_numbers_inside_answers_are_masked_and_other_numbers_left_alone() -> None:
    answers = {
        "contact": {"id": CLEAR_ID, "note": f"家属身份证 {CLEAR_ID}，电话 13800138000"},
        "list": [CLEAR_ID, "123456789012345678"],  # the second fails the checksum: not an ID
        "count": 3,
    }
    masked = mask_id_numbers(answers)
    assert masked["contact"]["id"] == MASKED_ID
    assert masked["contact"]["note"] == f"家属身份证 {MASKED_ID}，电话 13800138000"
    assert masked["list"] == [MASKED_ID, "123456789012345678"]
    assert masked["count"] == 3
    assert CLEAR_ID not in json.dumps(masked)


# -- the JSON shape ----------------------------------------------------------


def test_the_case_example_builds_a_masked_case_document() -> None:
    document = document_from_json(example("case-cardio"))
    assert isinstance(document, CaseDocument)
    assert document.technology.slug == "cardio"
    assert document.catalog_no == "S05"
    assert document.document_no == "BL-S05-C2024-000123-R2"
    assert document.patient.id_number == MASKED_ID
    assert document.answers["patient_contact_id"] == MASKED_ID
    assert CLEAR_ID not in json.dumps(document_to_json(document), ensure_ascii=False)
    assert [p.name for p in document.deciders] == ["王建国", "刘芳"]
    assert document.status_label == "已提交"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("case-cardio", CaseDocument),
        ("registration-cardio", RegistrationDocument),
        ("report-cardio", ReportDocument),
    ],
)
def test_every_example_survives_a_round_trip_through_json(name: str, kind: type) -> None:
    document = document_from_json(example(name))
    assert isinstance(document, kind)
    text = json.dumps(document_to_json(document), ensure_ascii=False)
    again = document_from_json(json.loads(text))
    assert again == document


def test_document_numbers_name_kind_catalog_and_subject() -> None:
    registration = document_from_json(example("registration-cardio"))
    report = document_from_json(example("report-cardio"))
    assert registration.document_no == "BA-S05-12510000MB0000000X-2023"
    assert report.document_no == "ZK-S05-12510000MB0000000X-2024Q4"
    data = example("report-cardio") | {"document_no": "川卫医〔2025〕17号"}
    assert document_from_json(data).document_no == "川卫医〔2025〕17号"


def test_a_missing_field_is_named_with_its_path() -> None:
    data = example("case-cardio")
    del data["patient"]["name"]
    with pytest.raises(DataError) as error:
        document_from_json(data, where="cases.json")
    assert error.value.message == "cases.json.patient.name 缺失或不是非空文本。"


def test_a_wrong_outcome_lists_the_allowed_ones() -> None:
    data = example("registration-cardio")
    data["findings"][3]["outcome"] = "failed"
    with pytest.raises(DataError) as error:
        document_from_json(data)
    assert (
        "数据.findings[3].outcome 应为 pass、fail、unknown、not_applicable 之一，收到“failed”"
        in str(error.value)
    )


def test_a_bad_id_number_in_the_data_names_the_file() -> None:
    data = example("case-cardio")
    data["patient"]["id_number"] = "510104196503121234"
    with pytest.raises(DataError) as error:
        document_from_json(data, where="批量.json 第 2 项")
    assert error.value.message.startswith("批量.json 第 2 项：居民身份证号")


def test_an_edition_the_technology_is_not_in_is_refused() -> None:
    data = example("registration-cardio") | {"technology": "s01_implant"}
    with pytest.raises(DataError) as error:
        document_from_json(data)
    assert (
        "“口腔颌面复杂种植技术”不在《限制类技术临床应用管理规范和质量控制指标（2023年版）》中"
        in (error.value.message)
    )


def test_an_unknown_technology_is_the_hosts_chinese_error() -> None:
    with pytest.raises(UserError) as error:
        document_from_json(example("case-cardio") | {"technology": "cardiology"})
    assert "未知的技术“cardiology”" in error.value.message


def test_a_foreign_schema_is_refused() -> None:
    with pytest.raises(DataError) as error:
        document_from_json(example("case-cardio") | {"schema": "other/2"})
    assert "不支持的数据格式“other/2”" in error.value.message


# -- verdicts --------------------------------------------------------------


def _indicator(value: float | None, threshold: Threshold | None) -> IndicatorResult:
    return IndicatorResult(
        id="x",
        name="并发症发生率",
        citation="2023 S08 质控指标 三",
        numerator=None,
        denominator=None,
        value=value,
        threshold=threshold,
    )


def test_threshold_verdicts_follow_the_seed_limit() -> None:
    at_most_ten = Threshold("<=", 10)  # 2023 S08 三: 并发症发生率≤10%
    assert _indicator(4.17, at_most_ten).verdict is ThresholdVerdict.MET
    assert _indicator(10, at_most_ten).verdict is ThresholdVerdict.MET
    assert _indicator(12.5, at_most_ten).verdict is ThresholdVerdict.NOT_MET
    assert _indicator(None, at_most_ten).verdict is ThresholdVerdict.NO_CASES
    assert _indicator(3, None).verdict is ThresholdVerdict.NO_THRESHOLD
    assert _indicator(None, at_most_ten).value_text == "无病例"
    assert _indicator(12.5, at_most_ten).threshold_text == "≤10%"


def test_the_cochlear_report_derives_met_and_not_met() -> None:
    report = document_from_json(cochlear_report())
    assert isinstance(report, ReportDocument)
    verdicts = {i.name: i.verdict for i in report.indicators}
    assert verdicts == {
        "诊断符合率": ThresholdVerdict.MET,
        "手术成功率": ThresholdVerdict.NOT_MET,  # 95.83% < 98% (2023 S08 二)
        "并发症发生率": ThresholdVerdict.MET,
    }


def test_a_stated_verdict_wins_over_the_derived_one() -> None:
    data = cochlear_report()
    data["indicators"][1]["verdict"] = "met"
    report = document_from_json(data)
    assert isinstance(report, ReportDocument)
    assert report.indicators[1].verdict is ThresholdVerdict.MET


def test_a_bad_threshold_operator_is_refused() -> None:
    with pytest.raises(DataError, match="阈值比较符“=<”无效"):
        Threshold("=<", 10)


def test_overall_outcome_fail_beats_unknown_beats_pass() -> None:
    assert overall_outcome([Outcome.PASS, Outcome.UNKNOWN, Outcome.FAIL]) is Outcome.FAIL
    assert overall_outcome([Outcome.PASS, Outcome.UNKNOWN]) is Outcome.UNKNOWN
    assert overall_outcome([Outcome.PASS, Outcome.PASS]) is Outcome.PASS
    assert overall_outcome([]) is Outcome.UNKNOWN


def test_the_registration_example_adds_up() -> None:
    document = document_from_json(example("registration-cardio"))
    assert isinstance(document, RegistrationDocument)
    assert document.outcome is Outcome.FAIL
    assert [a.outcome for a in document.physicians] == [
        Outcome.PASS,
        Outcome.PASS,
        Outcome.PASS,
        Outcome.UNKNOWN,
    ]
    levels = {f.level for f in document.findings}
    assert levels == {Level.INSTITUTION, Level.PERSONNEL}
    finding = document.findings[3]
    assert finding == Finding(
        Level.INSTITUTION,
        "心脏大血管外科或者胸外科开展临床诊疗工作5年以上，床位不少于30张，每年开展体外循环手术不少于50例",
        "2023 S05 一(二)2",
        Outcome.FAIL,
        "体外循环手术例数不足 50 例",
        "床位 42 张；2023年体外循环手术 38 例",
    )
