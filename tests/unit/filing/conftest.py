"""Fixtures of the filing tests: documents rendered once per worker, and keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.unit.filing.helpers import PASSPHRASE, example


@pytest.fixture(scope="session")
def _render_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session renders use a data directory of their own (the fonts' cmap cache)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RTECH_DATA_DIR", str(tmp_path_factory.mktemp("render-data")))
        patch.setenv("RTECH_CONFIG_DIR", str(tmp_path_factory.mktemp("render-config")))
        for name in ("RTECH_FILING_SERIF_FONT", "RTECH_FILING_SANS_FONT", "RTECH_TSA_URL"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def renderer(_render_env: None) -> Any:
    from rtech.filing.render import Renderer

    return Renderer()


def _render(renderer: Any, name: str) -> Any:
    from rtech.filing.documents import document_from_json

    document = document_from_json(example(name))
    return document, renderer.render(document)


@pytest.fixture(scope="session")
def case_filing(renderer: Any) -> Any:
    """(CaseDocument, RenderedDocument) of docs/filing/examples/case-cardio.json."""
    return _render(renderer, "case-cardio")


@pytest.fixture(scope="session")
def registration_filing(renderer: Any) -> Any:
    return _render(renderer, "registration-cardio")


@pytest.fixture(scope="session")
def report_filing(renderer: Any) -> Any:
    return _render(renderer, "report-cardio")


@pytest.fixture
def signer(tmp_path: Path) -> Any:
    """A keygen'd institution key in this test's data directory, decrypted."""
    from rtech.filing import keys

    keys.generate(
        institution="四川省某某人民医院",
        printed_name="陈静",
        title="医务部主任",
        code="12510000MB0000000X",
        passphrase=PASSPHRASE,
    )
    loaded = keys.load_signer(PASSPHRASE)
    assert os.environ["RTECH_DATA_DIR"].startswith(str(tmp_path))
    return loaded
