"""The hospital's code dictionary: ``rtech codes import|list|withdraw|search``.

A HIS export (CSV in GB18030 or UTF-8, or XLSX; a title line above the header
is common) is checked row by row, stored as a new version, audited, and
searched in a case after the technology's own lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from rtech.store import Store
from rtech.store.audit import verify
from rtech.store.models import AuditEntry
from tests.cli import Result, rtech

#: A HIS export of diagnoses: a title line, then 编码/名称/拼音码, GB18030.
DIAGNOSES = """\
本院疾病诊断字典（导出于 2024-03-01）
疾病编码,疾病名称,拼音码,备注
I21.000,急性前壁心肌梗死,JXQBXJGS,
I21.000x001,急性前间壁心肌梗死,JXQJBXJGS,
I25.103,冠状动脉粥样硬化性心脏病,GXB,
I10.x00x032,高血压病3级(极高危),GXYB3J,
J18.900,肺炎,FY,
M81400/3,腺癌,XA,形态学编码
I25.103,冠心病,GXB,
"""

PROCEDURES = """\
手术操作编码,手术操作名称
88.5500,单根导管的冠状动脉造影术
36.0700,药物洗脱冠状动脉支架置入
39.9000x022,肺动脉支架置入术
50.2400x001,肝病损聚焦超声消融术
47.0900,阑尾切除术
"""


def write(path: Path, text: str, encoding: str = "gb18030") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def test_a_his_export_is_imported_listed_and_audited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write(tmp_path / "诊断字典.csv", DIAGNOSES)
    done = ok(rtech(capsys, "codes", "import", str(source), "--version", "2024-03"))
    assert "已导入本院诊断字典 2024-03：6 个编码" in done.out
    assert "1 行与前面的编码重复，其名称作为别名" in done.out
    listed = ok(rtech(capsys, "codes", "list", "--format", "json")).json()
    assert [(d["kind"], d["version"], d["entries"], d["in_force"]) for d in listed] == [
        ("diagnosis", "2024-03", 6, True)
    ]
    store = Store.open()
    with store.read() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.action == "codes.import").all()
        assert len(entries) == 1
        assert entries[0].payload["entries"] == 6
        assert verify(session).ok
    store.dispose()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("I21.000", "I21.000 急性前壁心肌梗死"),  # by code
        ("i21000x001", "I21.000x001 急性前间壁心肌梗死"),  # code, however typed
        ("高血压病3级", "I10.x00x032 高血压病3级(极高危)"),  # by name
        ("fy", "J18.900 肺炎"),  # by pinyin initials of the name
        ("gxyb3j", "I10.x00x032 高血压病3级(极高危)"),  # by the HIS 拼音码
        ("腺癌", "M81400/3 腺癌"),  # morphology codes belong to the diagnoses
    ],
)
def test_the_dictionary_is_searched_by_code_name_and_pinyin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, query: str, first: str
) -> None:
    ok(rtech(capsys, "codes", "import", str(write(tmp_path / "dx.csv", DIAGNOSES))))
    found = ok(rtech(capsys, "codes", "search", query, "--format", "json")).json()
    assert found[0]["label"] == first


def test_a_cardio_case_searches_cardio_first_then_the_dictionary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(rtech(capsys, "codes", "import", str(write(tmp_path / "px.csv", PROCEDURES, "utf-8"))))
    found = ok(
        rtech(
            capsys,
            "codes",
            "search",
            "切除术",
            "--technology",
            "cardio",
            "--kind",
            "procedure",
            "--limit",
            "40",
            "--format",
            "json",
        )
    ).json()
    sources = [f["source"] for f in found]
    assert sources == sorted(sources, key=["本技术", "本技术目录", "本院字典", "其他"].index)
    assert sources[0] == "本技术"
    assert "本院字典" in sources  # 47.0900 阑尾切除术 is only in the dictionary
    labels = [f["label"] for f in found]
    assert labels.index("47.0900 阑尾切除术") > labels.index("17.5500 经管腔冠状动脉粥样硬化切除术")
    assert sources[-1] == "其他"  # 2022 S04's resections: another technology's, last


def test_an_xlsx_export_with_a_kind_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编码", "名称", "助记码"])
    sheet.append(["88.5500", "单根导管的冠状动脉造影术", "DGDGGZDMZY"])
    sheet.append(["37.2100", "右心导管检查", "YXDGJC"])
    book.save(tmp_path / "px.xlsx")
    done = ok(rtech(capsys, "codes", "import", str(tmp_path / "px.xlsx"), "--kind", "procedure"))
    assert "已导入本院手术/操作字典 1：2 个编码" in done.out
    found = ok(rtech(capsys, "codes", "search", "yxdgjc", "--format", "json")).json()
    assert found[0]["label"] == "37.2100 右心导管检查"


def test_bad_rows_are_named_and_nothing_is_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "bad.csv",
        "编码,名称\nI21.000,急性前壁心肌梗死\n,无编码的名称\nXYZ,乱码\nI21.100,\n36.0700,药物洗脱冠状动脉支架置入\n",
    )
    result = rtech(capsys, "codes", "import", str(bad))
    assert result.code == 2
    assert "编码字典 bad.csv 有 4 处错误，未导入" in result.err
    assert "第 3 行：编码为空（名称“无编码的名称”）" in result.err
    assert "第 4 行：编码“XYZ”不是有效的 ICD-10 诊断编码或 ICD-9-CM-3 手术/操作编码" in result.err
    assert "第 5 行：编码“I21.100”没有名称" in result.err
    assert "既有诊断编码" in result.err
    assert "请用 --kind 指定" in result.err
    assert "Traceback" not in result.err
    assert ok(rtech(capsys, "codes", "list", "--format", "json")).json() == []
    wrong = rtech(capsys, "codes", "import", str(bad), "--kind", "diagnosis")
    assert (
        "第 6 行：编码“36.0700”是手术/操作（ICD-9-CM-3）编码，与导入的类别“疾病诊断（ICD-10）”不符"
        in wrong.err
    )
    header = write(tmp_path / "header.csv", "代号,说明\nI21.000,急性前壁心肌梗死\n")
    missing = rtech(capsys, "codes", "import", str(header))
    assert missing.code == 2
    assert "找不到编码列和名称列" in missing.err


def test_versions_replace_and_withdraw(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write(tmp_path / "v1.csv", "编码,名称\nJ18.900,肺炎\n")
    second = write(tmp_path / "v2.csv", "编码,名称\nJ18.900,肺炎\nJ20.900,急性支气管炎\n")
    ok(rtech(capsys, "codes", "import", str(first), "--version", "2023"))
    again = rtech(capsys, "codes", "import", str(first), "--version", "2023")
    assert again.code == 2
    assert "诊断字典已有版本“2023”" in again.err
    ok(rtech(capsys, "codes", "import", str(second), "--version", "2024"))
    listed = ok(rtech(capsys, "codes", "list", "--format", "json")).json()
    assert [(d["version"], d["in_force"]) for d in listed] == [("2023", False), ("2024", True)]
    assert ok(rtech(capsys, "codes", "search", "急性支气管炎", "--format", "json")).json()
    withdrawn = ok(rtech(capsys, "codes", "withdraw", "--kind", "diagnosis"))
    assert "已撤销本院诊断字典 2024；现行：2023" in withdrawn.out
    listed = ok(rtech(capsys, "codes", "list", "--format", "json")).json()
    assert [(d["version"], d["in_force"]) for d in listed] == [("2023", True), ("2024", False)]
    assert ok(rtech(capsys, "codes", "search", "急性支气管炎", "--format", "json")).json() == []
    table = ok(rtech(capsys, "codes", "list"))
    assert "现行" in table.out
    assert "已撤销" in table.out
    nothing = rtech(capsys, "codes", "withdraw", "--kind", "procedure")
    assert nothing.code == 2
    assert "没有生效中的手术/操作字典可撤销" in nothing.err
    text = json.dumps(listed, ensure_ascii=False)
    assert "v1.csv" in text
    assert "v2.csv" in text
