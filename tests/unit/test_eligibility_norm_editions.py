"""A clause numbered differently in each edition, and a Require whose numbers differ."""

from __future__ import annotations

from datetime import date

from rtech import Outcome, Technology
from rtech import norm as n

TECH = Technology(
    slug="demo_editions",
    name="示例技术",
    editions={"2022": "S09", "2023": "S19"},
    definitions={"2022": "示例", "2023": "示例"},
)

LOW, HIGH = (
    n.at_least("base.cases", 700, "病例", "例"),
    n.at_least("base.cases", 1000, "病例", "例"),
)


class EditionsNorm(n.Norm):
    technology = TECH
    skill = "示例技术"
    licence = n.Require(
        {"2022": "二(一)", "2023": "二(一)1"},
        {"2022": "应取得《医师执业证书》", "2023": "取得《医师执业证书》"},
        n.yes("licensed", "取得《医师执业证书》"),
        title="取得《医师执业证书》",
        section="personnel",
    )
    volume = n.Require(
        "四(二)1(2)",
        "病例",
        HIGH,
        title="病例数",
        condition={"2022": HIGH.rule, "2023": LOW.rule},
    )


def test_clause_numbers_and_conditions_per_edition() -> None:
    checks = {e: {k.id: k for k in EditionsNorm.checks(e)} for e in ("2022", "2023")}
    licence = "demo_editions.personnel.licence"
    assert checks["2022"][licence].citation.clause.endswith("二(一)")
    assert checks["2023"][licence].citation.clause.endswith("二(一)1")
    assert checks["2023"][licence].citation.quote == "取得《医师执业证书》"
    assert EditionsNorm.cite_text(EditionsNorm.licence) == "2023 S19 二(一)1、2022 S09 二(一)"
    volume = "demo_editions.institution.volume"
    for cases, in_2022, in_2023 in (
        (699, "fail", "fail"),
        (700, "fail", "pass"),
        (999, "fail", "pass"),
        (1000, "pass", "pass"),
    ):
        subject = {"profile": {"base": {"cases": cases}}, "as_of": date(2024, 1, 1)}
        assert checks["2022"][volume].evaluate(subject).outcome is Outcome(in_2022)
        assert checks["2023"][volume].evaluate(subject).outcome is Outcome(in_2023)
    form = EditionsNorm.profile_form("institution")
    assert form is not None
    assert "cases" in form["properties"]["base"]["properties"]
