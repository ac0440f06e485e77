"""A tiny run of the reliability script (the full campaigns are run by hand)."""

from __future__ import annotations

import pytest

from tests.reliability.run import main


@pytest.mark.e2e
@pytest.mark.slow
def test_the_reliability_script_runs_and_loses_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--backend", "sqlite", "--quick", "--only", "kill-import", "writers", "submitters"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "kill-import       sqlite     tried    1  survived    1  lost   0" in out
    assert "writers           sqlite     tried   12  survived   12  lost   0" in out
    assert out.rstrip().endswith("lost 0")
