"""Derived scores on hand-worked measurements, each rule on its boundary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rtech import hookimpl
from rtech.answers import get_path
from rtech.host import Host, make_plugin_manager
from rtech.indicators.scores import (
    KPS_LEVELS,
    Derived,
    Explained,
    best_response,
    classify,
    hb_drop,
    kps_from_description,
    mtici_success,
    nihss_worsened,
    qol_improved,
    qol_verdict,
    response,
    sirs,
)
from rtech.store import Store
from tests.seeds import seed_text
from tests.support import codelists
from tests.support.intake import PCI_LINES, open_case, say, seed_registry


def test_response_classes_on_their_boundaries() -> None:
    # Baseline sum 100 mm. 2023 S02 注4.
    assert classify(100, 0, False) == "CR"
    assert classify(100, 70, False) == "PR"  # 30 % smaller: "消退≥30%"
    assert classify(100, 71, False) == "SD"  # 29 %
    assert classify(100, 104, False) == "SD"  # +4 mm
    assert classify(100, 105, False) == "PD"  # +5 mm: "增加至少5mm"
    assert classify(10, 12, False) == "PD"  # +20 %: "增大≥20%"
    assert classify(10, 11.9, False) == "SD"
    assert classify(100, 50, True) == "PD"  # a new lesion


def test_responses_need_four_weeks_to_be_confirmed() -> None:
    # PR on 03-01, PR again on 03-29 (28 days): confirmed PR.
    # PR on 03-01, PR on 03-28 (27 days): not yet confirmed.
    d = date
    assert best_response(100, [(d(2024, 3, 1), 60, False), (d(2024, 3, 29), 65, False)]) == "PR"
    assert best_response(100, [(d(2024, 3, 1), 60, False), (d(2024, 3, 28), 65, False)]) is None
    # CR on 03-01, PR (20 mm) on 04-01: the CR is not maintained, a PR is.
    assert best_response(100, [(d(2024, 3, 1), 0, False), (d(2024, 4, 1), 20, False)]) == "PR"
    # PR, then PD before four weeks: nothing confirmed, the PD stands.
    assert best_response(100, [(d(2024, 3, 1), 60, False), (d(2024, 3, 15), 125, False)]) == "PD"
    # PD needs no confirmation.
    assert best_response(100, [(d(2024, 3, 1), 130, False)]) == "PD"
    # Gone and still gone four weeks later: a confirmed CR; SD likewise.
    assert best_response(100, [(d(2024, 3, 1), 0, False), (d(2024, 3, 29), 0, False)]) == "CR"
    assert best_response(100, [(d(2024, 3, 1), 90, False), (d(2024, 3, 29), 95, False)]) == "SD"


def test_response_from_answers_shows_its_inputs() -> None:
    derived = response("tumour.baseline_sum_mm", "tumour.assessments")
    answers = {
        "tumour": {
            "baseline_sum_mm": 80,
            "assessments": [
                {"date": "2024-03-01", "sum_mm": 50, "new_lesions": False},
                {"date": "2024-04-01", "sum_mm": 48, "new_lesions": False},
            ],
        }
    }
    explained = derived.explain(answers)
    assert explained is not None
    assert explained.value == "PR"  # 37.5 % smaller, kept 31 days
    assert explained.display == "PR（部分缓解）"
    assert explained.inputs["基线直径和(mm)"] == 80
    assert derived.isin("CR", "PR")(answers) is True
    assert derived.isin("CR", "PR")({"tumour": {}}) is None


def test_quality_of_life_by_the_seed_table() -> None:
    # 注6 (1)-(5).
    assert qol_verdict("有效", "有效", False) is True
    assert qol_verdict("有效", "稳定", False) is True
    assert qol_verdict("稳定", "稳定", True) is True
    assert qol_verdict("有效", "无效", True) is False
    assert qol_verdict("稳定", "稳定", False) is False


def test_quality_of_life_from_measurements() -> None:
    # Baseline pain 6, KPS 60, weight 50 kg. Pain 3 (half: relief) on 03-01 and
    # 03-29 (28 days) -> 有效; KPS 70 (+10) -> 稳定 -> improved (注6(2)).
    derived = qol_improved("qol.baseline", "qol.visits")
    visits = [
        {"date": "2024-03-01", "pain": 3, "kps": 70, "weight_kg": 50},
        {"date": "2024-03-29", "pain": 3, "kps": 70, "weight_kg": 50},
    ]
    answers = {"qol": {"baseline": {"pain": 6, "kps": 60, "weight_kg": 50}, "visits": visits}}
    explained = derived.explain(answers)
    assert explained is not None
    assert explained.value is True
    assert explained.inputs["疼痛"] == "有效"
    assert explained.inputs["KPS"] == "稳定"
    # Pain 4 is not half of 6: pain stable, KPS stable, weight flat -> not improved.
    visits[0]["pain"] = visits[1]["pain"] = 4
    assert derived.explain(answers).value is False  # type: ignore[union-attr]
    # KPS down 20 sustained -> 无效 -> not improved whatever the weight.
    for v in visits:
        v["kps"], v["weight_kg"] = 40, 60
    found = derived.explain(answers)
    assert found is not None
    assert found.inputs["KPS"] == "无效"
    assert found.value is False


def test_sirs_two_of_four_on_the_boundaries() -> None:
    derived = sirs("vitals")
    normal = {"temperature": 38.0, "heart_rate": 90, "respiratory_rate": 20, "wbc": 12}
    assert derived.explain({"vitals": normal}).value is False  # type: ignore[union-attr]
    one = {**normal, "temperature": 38.1}
    assert derived.explain({"vitals": one}).value is False  # type: ignore[union-attr]
    two = {**one, "heart_rate": 91}
    assert derived.explain({"vitals": two}).value is True  # type: ignore[union-attr]
    paco2 = {**one, "respiratory_rate": None, "paco2": 31.9}
    assert derived.explain({"vitals": paco2}).value is True  # type: ignore[union-attr]
    assert derived.explain({"vitals": {"temperature": 39}}) is None


def test_haemoglobin_drop_of_30_within_three_days() -> None:
    derived = hb_drop("labs.hb_before", "labs.hb_after")

    def answers(hb: float, day: int) -> dict[str, object]:
        return {
            "procedure": {"date": "2024-03-01"},
            "labs": {"hb_before": 130, "hb_after": [{"at": f"2024-03-0{1 + day}", "hb": hb}]},
        }

    assert derived.explain(answers(100, 3)).value is True  # type: ignore[union-attr]  # 30, day 3
    assert derived.explain(answers(101, 3)).value is False  # type: ignore[union-attr]  # 29
    assert derived.explain(answers(90, 4)).value is False  # type: ignore[union-attr]  # day 4


def test_nihss_mtici_and_kps() -> None:
    up = nihss_worsened("nihss.before", "nihss.after")
    assert up.is_true()({"nihss": {"before": 10, "after": 14}}) is True
    assert up.is_true()({"nihss": {"before": 10, "after": 13}}) is False
    assert up.explain({"nihss": {"before": 10}}) is None
    assert up.explain({"nihss": {"after": 14}}) is None
    success = mtici_success("mtici")
    assert [success.is_true()({"mtici": g}) for g in ("2a", "2b", "2c", "3")] == [
        False,
        True,
        True,
        True,
    ]
    assert kps_from_description("死亡") == 0
    assert kps_from_description("能正常活动，有轻微症状和体征") == 90
    assert kps_from_description("不知道") is None


def test_kps_descriptions_stand_in_the_seed() -> None:
    text = seed_text("2023")  # skips where the seeds are absent
    for _score, description in KPS_LEVELS:
        assert description in text


class _Scores:
    """An extension plugin computing one score of cardio cases (for the review)."""

    @hookimpl
    def rtech_derived_scores(self) -> list[Derived]:
        def compute(answers: Mapping[str, Any]) -> Explained | None:
            residual = get_path(answers, "coronary.residual_stenosis_pct")
            if residual is None:
                return None
            grade = "理想" if residual < 20 else "欠佳"
            return Explained(grade, grade, {"残余狭窄(%)": residual})

        return [
            Derived(
                "residual_grade",
                "残余狭窄分级",
                ("coronary.residual_stenosis_pct",),
                compute,
                "测试条款",
            )
        ]


def test_the_review_shows_computed_scores_with_their_inputs(tmp_path: Path) -> None:
    host = Host.from_plugin_manager(
        make_plugin_manager(plugins=[("testcodes", codelists), ("scores", _Scores())])
    )
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        seed_registry(store)
        intake = open_case(store, host)
        assert intake.review().derived == [
            ("残余狭窄分级", "尚不能计算（所需测量未录齐；测试条款）")
        ]
        say(intake, *PCI_LINES)
        assert intake.review().derived == [
            ("残余狭窄分级", "理想（依据：残余狭窄(%) 15；测试条款）")
        ]
    finally:
        store.dispose()


# -- every bound of the derived scores (found by tools/mutation.py) --------------


@pytest.mark.parametrize(
    ("changed", "counted"),
    [
        ({"temperature": 38.0}, False),
        ({"temperature": 38.1}, True),
        ({"temperature": 36.0}, False),
        ({"temperature": 35.9}, True),
        ({"respiratory_rate": 20}, False),
        ({"respiratory_rate": 21}, True),
        ({"respiratory_rate": None, "paco2": 32}, False),
        ({"respiratory_rate": None, "paco2": 31.9}, True),
        ({"wbc": 12}, False),
        ({"wbc": 12.1}, True),
        ({"wbc": 4}, False),
        ({"wbc": 3.9}, True),
        ({"wbc": None, "immature_pct": 10}, False),
        ({"wbc": None, "immature_pct": 10.1}, True),
    ],
)
def test_each_sirs_criterion_on_its_bound(changed: dict[str, Any], counted: bool) -> None:
    # Heart rate 91 is one criterion; the changed value decides whether a second holds.
    base = {"temperature": 37, "heart_rate": 91, "respiratory_rate": 16, "wbc": 8}
    explained = sirs("v").explain({"v": {**base, **changed}})
    assert explained is not None
    assert explained.value is counted


def test_heart_rate_bound_and_what_sirs_cannot_judge() -> None:
    fever = {"temperature": 38.5, "respiratory_rate": 16, "wbc": 8}
    assert sirs("v").explain({"v": {**fever, "heart_rate": 90}}).value is False  # type: ignore[union-attr]
    assert sirs("v").explain({"v": {**fever, "heart_rate": 91}}).value is True  # type: ignore[union-attr]
    full = {**fever, "heart_rate": 91}
    for missing in ({"temperature": None}, {"heart_rate": None}):
        assert sirs("v").explain({"v": {**full, **missing}}) is None
    assert sirs("v").explain({"v": {**full, "respiratory_rate": None}}) is None
    assert sirs("v").explain({"v": {**full, "wbc": None}}) is None


def test_the_kps_table_runs_from_100_to_0_in_tens() -> None:
    assert [score for score, _ in KPS_LEVELS] == list(range(100, -1, -10))
    for score, description in KPS_LEVELS:
        assert kps_from_description(description) == score


def _qol(pain: float, kps: float, weight: float) -> dict[str, Any]:
    visits = [
        {"date": day, "pain": pain, "kps": kps, "weight_kg": weight}
        for day in ("2024-03-01", "2024-03-29")
    ]
    return {"q": {"baseline": {"pain": 6, "kps": 60, "weight_kg": 50}, "visits": visits}}


@pytest.mark.parametrize(
    ("pain", "kps", "weight", "states"),
    [
        (3, 60, 50, ("有效", "稳定", False)),  # pain exactly half of 6: relief
        (3.1, 60, 50, ("稳定", "稳定", False)),
        (6, 60, 50, ("稳定", "稳定", False)),  # no higher than the baseline: not worse
        (6.1, 60, 50, ("无效", "稳定", False)),
        (6, 80, 50, ("稳定", "有效", False)),  # KPS +20 exactly
        (6, 79, 50, ("稳定", "稳定", False)),
        (6, 40, 50, ("稳定", "无效", False)),  # KPS -20 exactly
        (6, 41, 50, ("稳定", "稳定", False)),
        (6, 60, 53.5, ("稳定", "稳定", True)),  # weight +7 % exactly
        (6, 60, 53.4, ("稳定", "稳定", False)),
    ],
)
def test_quality_of_life_aspects_on_their_bounds(
    pain: float, kps: float, weight: float, states: tuple[str, str, bool]
) -> None:
    explained = qol_improved("q.baseline", "q.visits").explain(_qol(pain, kps, weight))
    assert explained is not None
    assert (
        explained.inputs["疼痛"],
        explained.inputs["KPS"],
        explained.inputs["体重增长≥7%"],
    ) == states


def test_pain_relief_needs_pain_at_baseline() -> None:
    # Baseline 0: nothing to relieve (稳定); baseline 1 down to 0 is relief (有效).
    derived = qol_improved("q.baseline", "q.visits")
    for baseline, state in ((0, "稳定"), (1, "有效")):
        answers = _qol(0, 60, 50)
        answers["q"]["baseline"]["pain"] = baseline
        explained = derived.explain(answers)
        assert explained is not None
        assert explained.inputs["疼痛"] == state


def test_quality_of_life_needs_every_baseline_value() -> None:
    derived = qol_improved("q.baseline", "q.visits")
    for key in ("pain", "kps", "weight_kg"):
        answers = _qol(3, 60, 50)
        del answers["q"]["baseline"][key]
        assert derived.explain(answers) is None
    assert derived.explain({"q": {"baseline": {"pain": 6, "kps": 60, "weight_kg": 50}}}) is None


def test_haemoglobin_on_the_procedure_day_counts_and_the_day_before_does_not() -> None:
    derived = hb_drop("labs.before", "labs.after")

    def answers(at: str, hb: float = 100) -> dict[str, object]:
        return {
            "procedure": {"date": "2024-03-10"},
            "labs": {"before": 130, "after": [{"at": at, "hb": hb}]},
        }

    assert derived.explain(answers("2024-03-10")).value is True  # type: ignore[union-attr]
    assert derived.explain(answers("2024-03-09")).value is False  # type: ignore[union-attr]
    assert derived.explain(answers("2024-03-10 23:30")).value is True  # type: ignore[union-attr]
    assert derived.explain(answers("不详")) is None
    assert derived.explain({"procedure": {"date": "2024-03-10"}, "labs": {"after": []}}) is None
    no_date = {"labs": {"before": 130, "after": []}}
    assert derived.explain(no_date) is None


def test_response_needs_a_baseline_and_readable_assessments() -> None:
    derived = response("t.baseline", "t.visits")
    visit = {"date": "2024-03-01", "sum_mm": 10, "new_lesions": False}
    assert derived.explain({"t": {"visits": [visit]}}) is None
    assert derived.explain({"t": {"baseline": 40}}) is None
    assert derived.explain({"t": {"baseline": 40, "visits": [{**visit, "sum_mm": None}]}}) is None
    assert derived.explain({"t": {"baseline": 40, "visits": [{**visit, "date": "?"}]}}) is None
    assert derived.explain({"t": {"baseline": 40, "visits": ["x"]}}) is None
