"""Export documents of many cases, for import tests, fuzzers and the reliability script."""

from __future__ import annotations

import copy
from typing import Any

from rtech.host import Host
from rtech.intake.exchange import export_cases
from rtech.store import Store, cases
from tests.support.intake import PCI_LINES, open_case, say, seed_registry


def one_case_document(store: Store, host: Host) -> dict[str, Any]:
    """Seed ``store`` (institution, five physicians), submit one PCI case, export it."""
    seed_registry(store)
    intake = open_case(store, host)
    say(intake, *PCI_LINES, "提交")
    with store.read() as session:
        assert cases.get_case(session, 1).status == "submitted"
        return export_cases(session, host)


def many_cases(document: dict[str, Any], count: int, prefix: str = "IMP") -> dict[str, Any]:
    """``document`` with its first case repeated ``count`` times, record numbers ``<prefix>n``."""
    result = copy.deepcopy(document)
    (template,) = result["cases"][:1]
    result["cases"] = []
    for number in range(1, count + 1):
        item = copy.deepcopy(template)
        item["id"] = number
        record_no = f"{prefix}{number}"
        item["answers"]["patient"]["record_no"] = record_no
        for revision in item["revisions"]:
            revision["answers"]["patient"]["record_no"] = record_no
        result["cases"].append(item)
    return result
