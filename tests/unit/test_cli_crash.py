"""Issue 19 item 1: a bug is a Chinese message and a log line, never patient data on screen."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rtech import cli


@click.command("boom")
def boom_command() -> None:
    raise RuntimeError("患者 张三 病案号 ZY0001 费用 32000")


def test_an_unexpected_error_is_chinese_and_logged_without_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli.cli.lazy, "boom", f"{__name__}:boom_command")  # type: ignore[attr-defined]
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main(["boom"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    log = tmp_path / "logs" / "errors.log"
    assert captured.err == (
        "错误：程序内部出错（RuntimeError），本次操作未完成。\n"
        f"详细信息（不含病例数据）已写入 {log}，请交给技术支持。\n"
    )
    written = log.read_text(encoding="utf-8")
    assert "RuntimeError" in written
    assert "in boom_command" in written
    for secret in ("张三", "ZY0001", "32000"):
        assert secret not in captured.out + captured.err + written


def test_rtech_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(cli.cli.lazy, "boom", f"{__name__}:boom_command")  # type: ignore[attr-defined]
    monkeypatch.setenv("RTECH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        cli.main(["boom"])
