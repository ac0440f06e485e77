"""docs/examples/craniofacial_profiles.toml fails exactly what its header announces."""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.eligibility import service
from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.host import get_host
from rtech.store import Store
from tests.seeds import ROOT

SAMPLE = ROOT / "docs" / "examples" / "craniofacial_profiles.toml"
AS_OF = date(2024, 12, 31)


def failed(assessment: dict[str, Any]) -> set[str]:
    return {f["check_id"] for f in assessment["findings"] if f["outcome"] == "fail"}


def test_the_example_fails_the_announced_clauses_in_each_edition() -> None:
    host = get_host()
    store = Store.open()
    try:
        with store.write() as session:
            report = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
        institution = report["institution"]["id"]
        ids = {p["name"]: p["id"] for p in report["physicians"]}
        expected = {
            "2022": {"icu_setup"},
            "2023": {"support"},
        }
        people = {
            "2022": {"孙建国": set(), "黄丽": set(), "周宁": set(), "吴迪": {"attending_route"}},
            "2023": {
                "孙建国": set(),
                "黄丽": set(),
                "周宁": {"title", "training"},
                "吴迪": {"title", "experience"},
            },
        }
        with store.read() as session:
            for edition in ("2022", "2023"):
                found = service.assess_institution(
                    session, host, "craniofacial", institution, edition=edition, as_of=AS_OF
                )
                names = {f"craniofacial.institution.{n}" for n in expected[edition]}
                assert failed(found) == names, edition
                outcomes = {f["outcome"] for f in found["findings"]}
                assert "unknown" not in outcomes, edition
                for name, checks in people[edition].items():
                    person = service.assess_physician(
                        session, host, "craniofacial", ids[name], edition=edition, as_of=AS_OF
                    )
                    wanted = {f"craniofacial.personnel.{n}" for n in checks}
                    assert failed(person) == wanted, (edition, name)
                    assert "unknown" not in {f["outcome"] for f in person["findings"]}
    finally:
        store.dispose()
