"""``rtech profile``, ``rtech eligibility`` and ``rtech indicators``, run as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rtech.store import Store
from tests.seeds import ROOT
from tests.unit.indicators_data import CASES, cardio_answers, store_cases

pytestmark = pytest.mark.e2e

SAMPLE = ROOT / "docs" / "examples" / "cardio_profiles.toml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("rtech", path=str(Path(os.sys.executable).parent))  # type: ignore[attr-defined]
    assert exe, "the rtech console script is installed in the test environment"
    # A wide terminal, so that table cells are not wrapped mid-phrase.
    env = {**os.environ, "COLUMNS": "240"}
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, check=False, timeout=120, env=env
    )


def run_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def sample_site() -> dict[str, Any]:
    """The sample profiles imported through the CLI, and the 27 fixture cases stored."""
    report = run_json("profile", "import", str(SAMPLE), "--actor", "管理员")
    store = Store.open()
    try:
        ids = store_cases(store, report["institution"]["id"], CASES)
    finally:
        store.dispose()
    return {"report": report, "cases": ids}


def test_import_check_and_compute_from_the_command_line(sample_site: dict[str, Any]) -> None:
    report = sample_site["report"]
    assert report["institution"]["action"] == "created"
    assert [p["name"] for p in report["physicians"]] == ["王建国", "李华", "张敏", "赵强", "陈晨"]
    institution = str(report["institution"]["id"])

    [assessment] = run_json(
        "eligibility", "check", "--technology", "cardio", "--institution", institution
    )
    assert assessment["edition"] == "2023"
    assert assessment["outcome"] == "fail"
    failed = [f["citation"] for f in assessment["findings"] if f["outcome"] == "fail"]
    assert failed == ["2023 S05 管理规范 一(二)2", "2023 S05 管理规范 一(二)3(6)"]
    assert {p["subject"]["name"]: p["outcome"] for p in assessment["physicians"]}["赵强"] == "fail"

    table = run("eligibility", "check", "--technology", "cardio", "--edition", "2022")
    assert table.returncode == 0, table.stderr
    assert "2022 S03 心血管疾病介入诊疗技术" in table.stdout
    assert "每年开展体外循环手术" in table.stdout

    [case] = run_json(
        "eligibility", "check", "--technology", "cardio", "--case", str(sample_site["cases"][1])
    )
    assert case["level"] == "case"
    assert {f["check_id"]: f["outcome"] for f in case["findings"]} == {
        "cardio.case.deciders": "pass",  # 王建国 (主任医师) and 李华 (副主任医师)
        "cardio.case.operator": "pass",
        "cardio.case.consent": "pass",
        "cardio.case.followup": "pass",
        "cardio.case.device_barcodes": "pass",
    }

    listed = run_json("indicators", "list", "--technology", "cardio")
    assert len(listed) == 14 + 26
    for entry in listed:
        assert {"id", "name", "catalog_no", "edition", "type", "direction"} <= set(entry)
    names = {e["name"] for e in listed if e["edition"] == "2022"}
    assert {"择期冠脉介入治疗死亡率", "STEMI急诊血运重建百分比"} <= names
    assert "卵圆孔未闭介入患者中既往有脑卒中患者比率" in names
    assert "起搏器围术期抗菌素使用时间合理率" in names

    rows = run_json("indicators", "compute", "--period", "2023Q1", "--technology", "cardio")
    ids = sample_site["cases"]
    elective = next(r for r in rows if r["id"] == "coronary_elective_mortality")
    # Hand count: elective PCI 2, 5, 6, 7; death 5.
    assert elective["numerator_case_ids"] == [ids[5]]
    assert elective["denominator_case_ids"] == [ids[2], ids[5], ids[6], ids[7]]
    assert elective["display"] == "25.00%"
    stemi = next(r for r in rows if r["id"] == "stemi_emergency_revascularization")
    assert (stemi["numerator"], stemi["denominator"]) == (1, 2)

    drill = run_json(
        "indicators",
        "cases",
        "coronary_elective_mortality",
        "--period",
        "2023Q1",
        "--edition",
        "2022",
        "--part",
        "numerator",
    )
    assert [c["record_no"] for c in drill["cases"]] == ["ZY00005"]

    shown = run("indicators", "compute", "--period", "2023-04", "--edition", "2023", "--trend", "4")
    assert shown.returncode == 0, shown.stderr
    assert "2023年4月" in shown.stdout
    assert "无病例" in shown.stdout
    assert "趋势（4期）" in shown.stdout


def test_errors_are_chinese_and_exit_2() -> None:
    for args, message in (
        (("indicators", "compute", "--period", "2023Q5"), "无法识别的统计期"),
        (("indicators", "list", "--technology", "nope"), "未知的技术"),
        (("indicators", "list", "--edition", "2021"), "未知的版本"),
        (("eligibility", "check", "--technology", "cardio"), "尚未登记医疗机构"),
        (("eligibility", "check", "--technology", "cardio", "--case", "9"), "没有编号为 9 的病例"),
        (("profile", "import", "missing.toml"), "找不到档案文件"),
    ):
        result = run(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_template_fill_and_import(tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    made = run("profile", "template", "--technology", "cardio", "-o", str(template))
    assert made.returncode == 0, made.stderr
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["机构"]
    values = {"机构名称": "模板医院", "机构代码": "TPL000001"}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    workbook.save(template)
    checked = run("profile", "import", str(template), "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "校验通过" in checked.stdout
    imported = run_json("profile", "import", str(template))
    assert imported["institution"]["name"] == "模板医院"
    [assessment] = run_json(
        "eligibility", "check", "--technology", "cardio", "--institution",
        str(imported["institution"]["id"]),
    )  # fmt: skip
    # An empty technology part: nothing can be decided, nothing passes by default.
    assert assessment["counts"]["pass"] == 0
    assert assessment["outcome"] in ("unknown", "fail")


def test_a_draft_case_is_checked_before_submission() -> None:
    report = run_json("profile", "import", str(SAMPLE))
    store = Store.open()
    try:
        from tests.unit.indicators_data import Case

        answers = cardio_answers(
            1,
            "structural",
            {"structural_type": "asd", "success": True, "complications": []},
            consent=False,
        )
        ids = store_cases(store, report["institution"]["id"], [Case(1, answers)], submit=False)
    finally:
        store.dispose()
    [case] = run_json("eligibility", "check", "--technology", "cardio", "--case", str(ids[1]))
    assert case["subject"]["revision"] == 0
    consent = next(f for f in case["findings"] if f["check_id"] == "cardio.case.consent")
    assert (consent["outcome"], consent["explanation"]) == ("fail", "知情同意书：未签署")
