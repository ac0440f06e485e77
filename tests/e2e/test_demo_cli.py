"""``rtech demo`` in a fresh process: its own database, ``rtech --demo`` to open it,
a refusal (exit 2, Chinese) when a named database holds real data, and every
indicator of every technology computable on it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_filing_cli import run


def env_for(home: Path) -> dict[str, str]:
    return {
        "RTECH_DATA_DIR": str(home / "data"),
        "RTECH_CONFIG_DIR": str(home / "config"),
        "RTECH_DATABASE_URL": "",  # unset: the embedded databases
    }


def test_demo_loads_apart_from_the_working_database(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    loaded = run(tmp_path, "demo", "--cases", "40", "--format", "json", **env)
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(loaded.stdout)
    assert report["open_with"] == "rtech --demo"
    assert report["database"].endswith("demo.sqlite3")
    assert report["cases"] == 40 * len(report["technologies"])
    working = run(tmp_path, "cases", "list", "--format", "json", **env)
    assert json.loads(working.stdout) == []
    demo = run(tmp_path, "--demo", "cases", "list", "--format", "json", **env)
    assert len(json.loads(demo.stdout)) > 0
    again = run(tmp_path, "demo", **env)
    assert again.returncode == 2
    assert "演示数据已载入" in again.stderr
    # Every technology that has indicators: every indicator computes for 2024.
    plugins = json.loads(run(tmp_path, "plugins", "--format", "json", **env).stdout)
    for slug in (p["slug"] for p in plugins if p.get("slug")):
        listed = run(
            tmp_path, "indicators", "list", "--technology", slug, "--format", "json", **env
        )
        if not json.loads(listed.stdout):
            continue
        computed = run(
            tmp_path,
            "--demo",
            "indicators",
            "compute",
            "--technology",
            slug,
            "--period",
            "2024",
            "--format",
            "json",
            **env,
        )
        assert computed.returncode == 0, computed.stderr
        assert len(json.loads(computed.stdout)) == len(json.loads(listed.stdout))


def test_demo_refuses_a_named_database_with_real_data(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    url = f"sqlite:///{tmp_path / 'hospital.sqlite3'}"
    from rtech.store import Store, registry

    store = Store.open(url)
    try:
        with store.write() as session:
            registry.create_institution(session, name="真实医院", code="H-0001", actor="管理员")
    finally:
        store.dispose()
    env["RTECH_DATABASE_URL"] = url
    refused = run(tmp_path, "demo", **env)
    assert refused.returncode == 2
    assert "真实的医疗机构或病例" in refused.stderr
    assert "Traceback" not in refused.stderr
    flag = run(tmp_path, "--demo", "cases", "list", **env)
    assert flag.returncode == 2
    assert "--demo 不适用" in flag.stderr
