"""A screening worker killed mid-run (the system's OOM killer, a signal): the
screening stops with a Chinese message instead of waiting for ever for the task
the dead worker held, and ``--out`` keeps no half-written file."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from rtech.screening import fastcsv
from tests.cli import rtech

HEADER = "病案号,出院日期,主要诊断编码,主要手术操作编码,其他手术操作编码1"
GOOD = "G{},2023-01-01,I10.x00,37.3401,"  # 37.3401 (a listed procedure) matches by itself
#: The first byte of the task whose worker dies (set by the test before forking).
DEATH_AT = -1
SCAN = fastcsv._scan_task


def dies_on_one_task(task: tuple[int, int]) -> fastcsv.TaskResult:
    """Forked workers inherit this in place of the task function: the worker given
    the task at ``DEATH_AT`` is killed, as the OOM killer would."""
    if task[0] == DEATH_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    return SCAN(task)


def test_a_killed_worker_ends_the_screening_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.csv"
    path.write_text("\n".join([HEADER, *(GOOD.format(i) for i in range(400))]) + "\n")
    monkeypatch.setattr(fastcsv, "TASK", 1000)
    monkeypatch.setattr(fastcsv, "MIN_TASK", 1000)
    monkeypatch.setattr(fastcsv, "_WATCH", 0.2)
    from rtech.screening.sources import sniff_csv

    tasks = fastcsv.split_tasks(sniff_csv(path), 1000, 2)
    assert len(tasks) > 3
    monkeypatch.setattr(sys.modules[__name__], "DEATH_AT", tasks[2][0])
    monkeypatch.setattr(fastcsv, "_scan_task", dies_on_one_task)
    out = tmp_path / "matches.jsonl"
    result = rtech(
        capsys, "screen", str(path), "--edition", "2022", "--jobs", "2", "--out", str(out)
    )
    assert result.code != 0
    assert "筛查的工作进程意外终止" in result.err
    assert not out.exists()
    assert not list(tmp_path.glob("*.tmp*"))
    # Without the death the same file screens whole.
    monkeypatch.setattr(fastcsv, "_scan_task", SCAN)
    whole = rtech(
        capsys, "screen", str(path), "--edition", "2022", "--jobs", "2", "--out", str(out)
    )
    assert whole.code == 0, whole.err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 400
