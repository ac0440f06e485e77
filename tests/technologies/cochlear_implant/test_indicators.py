"""人工耳蜗植入技术 indicators over 16 hand-counted cases (cases.py).

Every expected figure was counted by hand from cases.py following the seed's
definitions (2023 S08 质量控制指标 一 to 三): both the row engine and
``rtech indicators compute`` over stored cases must give them.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from rtech.eligibility.formfields import schema_registry
from rtech.host import get_host
from rtech.indicators.compute import compute_indicator
from rtech.indicators.outcomes import Layout
from rtech.plugins.cochlear_implant.indicators import INDICATORS, SUCCESS
from rtech.store import Store, registry
from rtech.store import cases as store_cases
from tests.cli import rtech
from tests.technologies.cochlear_implant.cases import AS_OF, CASES, answers

BY_ID = {i.id: i for i in INDICATORS}
ALL = set(range(1, 17))

# id -> (numerator, denominator), counted by hand; every case is in each denominator.
COUNTED: dict[str, tuple[set[int], set[int]]] = {
    # 术前诊断与术后诊断符合: all but 3 (H90.5 -> Q16.5) and 12 (H91.3 -> H93.3);
    # 2 (H90.3 -> H90.300) agrees on the 亚目. 14/16 = 87.5 %.
    "diagnosis_agreement": (ALL - {3, 12}, ALL),
    # 成功: not 5 (0.99 turn), 7 (no imaging), 8 (impedance), 9 (NRT);
    # 4 (1.0 turn) and 6 (X-ray) succeed. 12/16 = 75 %.
    "surgical_success": (ALL - {5, 7, 8, 9}, ALL),
    # 术后并发症: 10 and 11 (two events, one case). 2/16 = 12.5 %.
    "complication_rate": ({10, 11}, ALL),
}


def test_every_case_is_valid_against_the_form() -> None:
    schema = get_host().case_form("cochlear_implant")
    assert schema is not None
    registry_, _ = schema_registry(schema)
    validator = Draft202012Validator(dict(schema), registry=registry_)
    for case in CASES:
        assert [e.message for e in validator.iter_errors(dict(case.answers))] == [], case.id


def test_every_heading_is_an_indicator() -> None:
    assert [i.name for i in INDICATORS] == ["诊断符合率", "手术成功率", "并发症发生率"]
    assert set(COUNTED) == set(BY_ID)


@pytest.mark.parametrize("indicator_id", sorted(COUNTED))
def test_hand_counted_figures(indicator_id: str) -> None:
    numerator, denominator = COUNTED[indicator_id]
    indicator = BY_ID[indicator_id]
    figure = compute_indicator(indicator, CASES, as_of=AS_OF).overall
    assert set(figure.numerator_case_ids) == numerator
    assert set(figure.denominator_case_ids) == denominator
    assert figure.value(indicator) == pytest.approx(100 * len(numerator) / len(denominator))
    # 87.5 % < 90 %, 75 % < 98 %, 12.5 % > 10 %: every target missed by this hospital.
    assert figure.to_json(indicator)["verdict"] == "not_met"


@pytest.mark.parametrize(
    ("indicator_id", "passing", "failing"),
    [
        ("diagnosis_agreement", 90.0, 89.99),  # 诊断符合率≥90%
        ("surgical_success", 98.0, 97.99),  # 手术成功率≥98%
        ("complication_rate", 10.0, 10.01),  # 并发症发生率≤10%
    ],
)
def test_targets_at_their_bounds(indicator_id: str, passing: float, failing: float) -> None:
    threshold = BY_ID[indicator_id].threshold
    assert threshold is not None
    assert threshold.met(passing)
    assert not threshold.met(failing)


def test_one_turn_is_the_bound_of_success() -> None:
    assert SUCCESS(answers(1, turns=1.0)) is True
    assert SUCCESS(answers(1, turns=0.99)) is False
    assert SUCCESS(answers(1, imaging="xray", turns=1.0)) is True


def test_missing_diagnosis_is_incomplete_not_a_disagreement() -> None:
    case = answers(1)
    del case["diagnosis"]["postop"]
    assert BY_ID["diagnosis_agreement"].numerator(case) is None  # type: ignore[misc]


def test_the_packed_engine_agrees_with_the_row_engine() -> None:
    layout = Layout("cochlear_implant", list(INDICATORS), "1")
    rows = [(c.id, 1, date(2024, 6, 1), *layout.evaluate(c.answers, c.id)) for c in CASES]
    packed = layout.pack(rows)
    mask = np.ones(len(rows), dtype=bool)
    for indicator in INDICATORS:
        by_rows = compute_indicator(indicator, CASES, as_of=AS_OF).overall
        by_pack = layout.figure(indicator, packed, mask, as_of=AS_OF).overall
        assert by_pack.to_json(indicator) == by_rows.to_json(indicator), indicator.id


def test_indicators_compute_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open()
    try:
        with store.write() as session:
            hospital = registry.create_institution(
                session, name="示例耳鼻喉医院", code="H-0908", actor="管理员"
            ).id
            for case in CASES:
                stored = store_cases.create_case(
                    session,
                    technology="cochlear_implant",
                    edition="2023",
                    institution_id=hospital,
                    actor="t",
                    answers=case.answers,
                )
                store_cases.submit_case(
                    session, stored.id, expected_version=stored.version, actor="t"
                )
    finally:
        store.dispose()
    shown = rtech(
        capsys,
        "indicators",
        "compute",
        "--period",
        "2024",
        "--technology",
        "cochlear_implant",
        "--format",
        "json",
    )
    assert shown.code == 0, shown.err
    rows = {row["id"]: row for row in shown.json()}
    for indicator_id, (numerator, denominator) in COUNTED.items():
        row = rows[indicator_id]
        assert (row["numerator"], row["denominator"]) == (len(numerator), len(denominator))
        assert row["verdict"] == "not_met"
