"""The transcription script and its strict parser; rules show carries all 606 codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.cli import rtech
from tests.seeds import ROOT, require_seeds, seed_text
from tools.seed_codes import SeedFormatError, parse_seed


def test_plugins_are_what_the_script_writes_from_the_seed() -> None:
    seeds = require_seeds()
    result = subprocess.run(
        [
            sys.executable,
            "tools/transcribe_codes.py",
            "--check",
            "--seed",
            str(seeds / "000_f43f902933ed9296.txt"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "606 codes in all; stale: []" in result.stderr


def test_a_code_where_a_name_belongs_is_refused() -> None:
    text = (
        "第二部分\nS05颅颌面畸形颅面外科矫治技术\n二、对应手术/操作名称及编码\n"
        "\tICD-9-CM-3\n\t手术/操作名称\n\t备注\n\n"
        "\t08.5903\n\t76.6905\n\t颧骨增高术\n\n附件2\n"
    )
    with pytest.raises(SeedFormatError, match=r"row '08\.5903' has no name"):
        parse_seed(text)
    with pytest.raises(SeedFormatError, match="expected code / name / remark"):
        parse_seed(text.replace("\t76.6905\n", ""))


def test_the_stored_seed_has_no_code_without_a_name() -> None:
    s05 = parse_seed(seed_text("2022"))["S05"].tables[0].rows
    assert s05[0] == ("08.5903", "眶距增宽矫正术", "")
    assert s05[-1] == ("76.6905", "颧骨增高术", "")


def test_rules_show_json_carries_every_code_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    result = rtech(capsys, "rules", "show", "--edition", "2022", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["codes"] == 606
    shipped = [
        (c["code"], c["name"], c["remark"])
        for t in data["technologies"]
        for v in t["value_sets"]
        for c in v["codes"]
    ]
    printed = [
        row
        for tech in parse_seed(seed_text("2022")).values()
        for table in tech.tables
        for row in table.rows
    ]
    assert shipped == printed
    hifu = next(t for t in data["technologies"] if t["technology"] == "s02_hifu")
    assert hifu["value_sets"][0]["ranges"] == [
        {"start": "C00", "end": "C97", "name": "诊断编码为C00-C97"}
    ]
    assert hifu["rule"]["shape"] == "diagnosis_and_procedure"
    implant = next(t for t in data["technologies"] if t["technology"] == "s01_implant")
    assert implant["rule"]["anchors"] == ["23.6x00x003"]
    assert implant["citation_quote"] == "可以通过1+2、1+3、1+4或者1+5来筛选检查病历。"
    table = rtech(capsys, "rules", "show", "cardio")
    assert "00.6600" in table.out
    assert "针对心房纤颤" in table.out
