"""docs/examples/gi_endoscopy_profiles.toml fails exactly what its header announces."""

from __future__ import annotations

from datetime import date
from typing import Any

from rtech.eligibility import service
from rtech.eligibility.profiles import apply_profiles, read_profiles
from rtech.host import get_host
from rtech.store import Store
from tests.seeds import ROOT

SAMPLE = ROOT / "docs" / "examples" / "gi_endoscopy_profiles.toml"
AS_OF = date(2024, 12, 31)


def failed(assessment: dict[str, Any]) -> set[str]:
    return {f["check_id"] for f in assessment["findings"] if f["outcome"] == "fail"}


def test_the_example_fails_the_announced_clauses() -> None:
    host = get_host()
    store = Store.open()
    try:
        with store.write() as session:
            report = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
        institution = report["institution"]["id"]
        ids = {p["name"]: p["id"] for p in report["physicians"]}
        people = {
            "何志刚": set(),
            "唐建华": {"tier4_physician"},
            "邓丽": set(),
            "许文": {"training", "trainee_requirements", "experience"},
        }
        with store.read() as session:
            found = service.assess_institution(
                session, host, "gi_endoscopy", institution, edition="2023", as_of=AS_OF
            )
            wanted = {f"gi_endoscopy.institution.{n}" for n in ("room_area", "tier4_volume")}
            assert failed(found) == wanted
            assert "unknown" not in {f["outcome"] for f in found["findings"]}
            for name, checks in people.items():
                person = service.assess_physician(
                    session, host, "gi_endoscopy", ids[name], edition="2023", as_of=AS_OF
                )
                assert failed(person) == {f"gi_endoscopy.personnel.{n}" for n in checks}, name
                assert "unknown" not in {f["outcome"] for f in person["findings"]}, name
    finally:
        store.dispose()
