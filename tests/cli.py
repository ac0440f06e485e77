"""Run the real ``rtech`` entry point in-process and capture what it prints."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import pytest

from rtech.cli import DEBUG_ENV, main


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def rtech(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    capsys.readouterr()
    # A bug raises here with its traceback (not the user's "程序内部出错" message).
    debug = os.environ.get(DEBUG_ENV)
    os.environ[DEBUG_ENV] = "1"
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        if debug is None:
            os.environ.pop(DEBUG_ENV, None)
        else:
            os.environ[DEBUG_ENV] = debug
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)
