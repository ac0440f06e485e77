"""The faults a clause-by-clause reading of cardio found (issue 11 item 6), each fixed.

Every test here failed before its fix: a clause without a check, a declaration
the profile could not record, a quote cut short, two indicators one name, a
choice the form did not offer.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.eligibility.model import Check, Outcome
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from tests.unit.indicators_data import Case, cardio_answers

MANAGEMENT = {
    "indications": True,
    "followup_system": True,
    "database": True,
    "database_staff": 2,
    "reporting": True,
    "assessment": True,
    "approved_devices": True,
    "no_reuse": True,
    "device_register": True,
}


def checks(edition: str) -> dict[str, Check]:
    return {c.id: c for c in get_host().eligibility_checks("cardio", edition)}


def outcome(check: Check, profile: dict[str, Any], **subject: Any) -> Outcome:
    return check({"as_of": "2024-06-30", "profile": profile, **subject}).outcome


@pytest.mark.parametrize("edition", ["2022", "2023"])
@pytest.mark.parametrize(
    ("check_id", "clause", "field"),
    [
        ("indications", "三(一)", "indications"),
        ("followup_system", "三(四)", "followup_system"),
        ("database", "三(五)", "database_staff"),
        ("assessment", "三(六)", "assessment"),
        ("approved_devices", "三(七)1", "no_reuse"),
        ("device_register", "三(七)2", "device_register"),
    ],
)
def test_technical_management_declarations_are_checked(
    edition: str, check_id: str, clause: str, field: str
) -> None:
    check = checks(edition)[f"cardio.institution.{check_id}"]
    assert check.citation.clause == f"管理规范 {clause}"
    assert outcome(check, {"management": MANAGEMENT}) is Outcome.PASS
    lacking = {**MANAGEMENT, field: 0 if field == "database_staff" else False}
    assert outcome(check, {"management": lacking}) is Outcome.FAIL
    assert outcome(check, {}) is Outcome.UNKNOWN


def test_the_two_editions_word_the_assessment_and_the_approving_body_differently() -> None:
    old, new = checks("2022"), checks("2023")
    assert "按照规定接受" in old["cardio.institution.assessment"].citation.quote
    assert "按照规定开展或接受" in new["cardio.institution.assessment"].citation.quote
    assert "国家市场监督管理总局" in old["cardio.institution.approved_devices"].citation.quote
    assert "药品监管部门" in new["cardio.institution.approved_devices"].citation.quote


def test_icu_staff_must_be_trained() -> None:
    check = checks("2023")["cardio.institution.icu_staff"]
    icu = {"physicians_5y": 3, "nurses_5y": 10}
    assert outcome(check, {"icu": {**icu, "staff_trained": True}}) is Outcome.PASS
    assert outcome(check, {"icu": {**icu, "staff_trained": False}}) is Outcome.FAIL
    assert outcome(check, {"icu": icu}) is Outcome.UNKNOWN  # training not recorded
    assert outcome(check, {"icu": {**icu, "nurses_5y": 0, "staff_trained": True}}) is Outcome.FAIL


def test_a_training_base_must_meet_the_norm_besides_its_grade() -> None:
    check = checks("2023")["cardio.training_base.grade"]
    base = {"applies": True, "meets_norm": True}
    assert outcome(check, {"training_base": base}, general={"grade": "3A"}) is Outcome.PASS
    not_meeting = {"training_base": {**base, "meets_norm": False}}
    assert outcome(check, not_meeting, general={"grade": "3A"}) is Outcome.FAIL
    assert outcome(check, {"training_base": base}, general={"grade": "3B"}) is Outcome.FAIL


@pytest.mark.parametrize(
    ("since", "expected"),
    [("2019-06-30", Outcome.PASS), ("2019-07-01", Outcome.FAIL), (2019, Outcome.UNKNOWN)],
)
def test_years_in_the_specialty_are_counted_to_the_day(since: object, expected: Outcome) -> None:
    check = checks("2023")["cardio.personnel.experience"]
    assert outcome(check, {"specialty_since": since}) is expected


def _indicators(edition: str) -> dict[str, Any]:
    return {i.id: i for i in get_host().indicators("cardio", edition)}


def test_the_immediate_success_quote_is_not_cut_before_its_grade() -> None:
    success = _indicators("2023")["coronary_immediate_success"]
    assert success.citation_for("2023").quote.endswith("且TIMI 3级。")
    assert success.citation_for("2022").quote.endswith("且TIMI 3 级。")  # as the 2022 seed prints


def test_the_two_2022_in_hospital_mortalities_are_told_apart() -> None:
    names = [i.name for i in get_host().indicators("cardio", "2022")]
    assert names.count("住院死亡率") == 1
    assert "住院死亡率（先心病及卵圆孔未闭）" in names


def _valid(answers: dict[str, Any]) -> list[str]:
    schema = get_host().case_form("cardio")
    assert schema is not None
    registry, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry)
    return [e.message for e in validator.iter_errors(answers)]


STEMI = {
    "presentation": "stemi",
    "stemi_in_window": True,
    "lesion_types": [],
    "pci_type": "stent",
    "stent_count": 1,
    "residual_stenosis_pct": 10,
    "timi_flow": "3",
    "complications": [],
}


def test_stemi_revascularisation_can_be_rescue_pharmaco_invasive_or_emergency_cabg() -> None:
    revascularized = _indicators("2022")["stemi_emergency_revascularization"]
    cases = []
    for number, setting in enumerate(
        ("primary", "rescue", "pharmaco_invasive", "emergency_cabg", "elective"), 1
    ):
        answers = cardio_answers(number, "coronary", {**STEMI, "pci_setting": setting})
        assert _valid(answers) == [], setting
        cases.append(Case(number, answers))
    figure = compute_indicator(revascularized, cases).overall
    assert set(figure.numerator_case_ids) == {1, 2, 3, 4}
    assert len(figure.denominator_case_ids) == 5


@pytest.mark.parametrize("kind", ["ecmo", "impella_vad", "mitraclip", "leak_closure"])
def test_structural_types_of_the_2022_code_table(kind: str) -> None:
    section = {"structural_type": kind, "success": True, "complications": []}
    assert _valid(cardio_answers(1, "structural", section)) == []


def test_an_avb_is_recorded_as_a_dated_complication_event() -> None:
    section = {"structural_type": "vsd", "success": True, "complications": ["avb_complete"]}
    event = {
        "kind": "avb_complete",
        "onset_date": "2023-02-04",
        "severity": "severe",
        "treatment": "临时起搏",
        "outcome": "recovered",
    }
    answers = cardio_answers(1, "structural", {**section, "complication_events": [event]})
    assert _valid(answers) == []
    undated = copy.deepcopy(answers)
    del undated["structural"]["complication_events"][0]["onset_date"]
    assert any("onset_date" in message for message in _valid(undated))
    # Today's figure is kept: the AVB counts in 2022 三度房室传导阻滞发生比率.
    avb = _indicators("2022")["vsd_complete_avb"]
    assert compute_indicator(avb, [Case(1, answers)]).overall.numerator_case_ids == [1]


@pytest.mark.parametrize(("onset", "counted"), [("2023-02-08", True), ("2023-02-09", False)])
def test_2022_avb_counts_within_a_week_of_the_procedure(onset: str, counted: bool) -> None:
    # 2022 S03 二(二) "介入治疗后1周内": procedure on 2023-02-01; day 7 (02-08) counts,
    # day 8 (02-09) does not. 2023 S05 二(二) "术中或术后" has no window: both count.
    section = {"structural_type": "vsd", "success": True, "complications": ["avb_complete"]}
    event = {
        "kind": "avb_complete",
        "onset_date": onset,
        "severity": "severe",
        "outcome": "recovered",
    }
    answers = cardio_answers(1, "structural", {**section, "complication_events": [event]})
    assert _valid(answers) == []
    week = compute_indicator(_indicators("2022")["vsd_complete_avb"], [Case(1, answers)])
    assert week.overall.numerator_case_ids == ([1] if counted else [])
    assert week.overall.denominator_case_ids == [1]
    severe = compute_indicator(_indicators("2023")["chd_severe_avb"], [Case(1, answers)])
    assert severe.overall.numerator_case_ids == [1]


def test_2022_avb_without_its_date_is_incomplete_and_a_fresh_case_not_yet_observable() -> None:
    section = {"structural_type": "vsd", "success": True, "complications": ["avb_complete"]}
    answers = cardio_answers(1, "structural", section)  # no complication_events recorded
    avb = _indicators("2022")["vsd_complete_avb"]
    assert compute_indicator(avb, [Case(1, answers)]).overall.incomplete_case_ids == [1]
    clean = cardio_answers(2, "structural", {**section, "complications": []})
    early = compute_indicator(avb, [Case(2, clean)], as_of=date(2023, 2, 7))
    assert early.overall.not_observable_case_ids == [2]
    on_time = compute_indicator(avb, [Case(2, clean)], as_of=date(2023, 2, 8))
    assert on_time.overall.denominator_case_ids == [2]
