"""The installed ``rtech`` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.seeds import catalog_from_readme

pytestmark = pytest.mark.e2e


def rtech_exe() -> str:
    exe = shutil.which("rtech", path=str(Path(os.sys.executable).parent))  # type: ignore[attr-defined]
    assert exe, "the rtech console script is installed in the test environment"
    return exe


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [rtech_exe(), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_plugins_json_lists_the_fifteen_technologies_as_in_the_seed() -> None:
    result = run("plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) == 15
    for entry in entries:
        assert {"slug", "name", "editions", "version", "hooks"} <= set(entry)
        assert "rtech_technology" in entry["hooks"]
    expected = catalog_from_readme()
    assert {e["slug"]: {"name": e["name"], "editions": e["editions"]} for e in entries} == expected
    cardio = next(e for e in entries if e["slug"] == "cardio")
    assert cardio["editions"] == {"2022": "S03", "2023": "S05"}


def test_plugins_table_and_help_speak_chinese() -> None:
    table = run("plugins")
    assert table.returncode == 0
    assert "限制类技术插件（15 项）" in table.stdout
    helptext = run("--help")
    assert "用法：" in helptext.stdout
    assert "显示本帮助并退出" in helptext.stdout


def test_plugins_table_names_a_follow_up_plan_only_where_there_is_one() -> None:
    """The schedule hook is taken from a ``checks`` module by its name; tbi's and
    skin_allograft's norms plan no visit, so their rows do not offer 随访计划."""
    table = run("plugins", env={"COLUMNS": "250"})  # one line per technology
    assert table.returncode == 0, table.stderr
    rows = {line.split("│")[1].strip(): line for line in table.stdout.splitlines() if "│" in line}
    for slug in ("tbi", "skin_allograft"):
        assert "资质核查*" in rows[slug]
        assert "随访计划" not in rows[slug]
    for slug in ("cardio", "auto_hsct", "neurovascular"):
        assert "随访计划*" in rows[slug]
    entries = json.loads(run("plugins", "--format", "json").stdout)
    tbi = next(e for e in entries if e["slug"] == "tbi")
    assert "rtech_followup_schedule" in tbi["hooks"]  # the hook names stay as implemented


def test_bad_option_value_is_a_chinese_error() -> None:
    result = run("plugins", "--format", "xml")
    assert result.returncode == 2
    assert "错误：" in result.stderr
    assert "'xml'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_is_a_chinese_error() -> None:
    result = run("plugns")
    assert result.returncode == 2
    assert "没有命令" in result.stderr


def test_a_broken_third_party_plugin_is_named_and_does_not_stop_the_others(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    info = site / "rtech_broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rtech-broken\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[rtech.technologies]\nbroken = rtech_broken\n")
    (site / "rtech_broken.py").write_text("import does_not_exist\n")
    result = run("plugins", "--format", "json", env={"PYTHONPATH": str(site)})
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 15
    assert "插件“broken”（rtech-broken）加载失败" in result.stderr
    assert "does_not_exist" in result.stderr
