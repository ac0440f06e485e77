"""Profile import from TOML and XLSX: validation with Chinese errors, merging, storing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import URL, select

from rtech.eligibility.profiles import ProfileImportError, apply_profiles, read_profiles
from rtech.eligibility.template import write_template
from rtech.errors import UserError
from rtech.host import Host, get_host
from rtech.store import Store, make_engine, registry, upgrade
from rtech.store.models import AuditEntry
from tests.seeds import ROOT

SAMPLE = ROOT / "docs" / "examples" / "cardio_profiles.toml"


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    return get_host()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profiles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path, host: Host) -> list[str]:
    with pytest.raises(ProfileImportError) as caught:
        read_profiles(path, host)
    assert "未导入任何内容" in caught.value.message
    return caught.value.errors


def test_sample_imports_then_reimports_unchanged_then_updates(
    store: Store, host: Host, tmp_path: Path
) -> None:
    with store.write() as session:
        first = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
    assert first["institution"]["action"] == "created"
    assert [p["action"] for p in first["physicians"]] == ["created"] * 5
    with store.read() as session:
        hospital = registry.get_institution(session, first["institution"]["id"])
        assert hospital.profile["general"]["grade"] == "3A"  # "三级甲等" read as its value
        assert hospital.profile["technologies"]["cardio"]["cardiology"]["beds"] == 60
        wang = registry.get_physician(session, first["physicians"][0]["id"])
        assert (wang.title, wang.clinical_since, wang.licence_no) == (
            "chief",
            1995,
            "110510100000001",
        )
        assert wang.profile["general"]["practice_scopes"] == ["internal_medicine"]
        assert wang.profile["technologies"]["cardio"]["training"]["route"] == "nhc_base"

    with store.write() as session:
        again = apply_profiles(session, read_profiles(SAMPLE, host), actor="测试")
    assert again["institution"]["action"] == "unchanged"
    assert {p["action"] for p in again["physicians"]} == {"unchanged"}

    # Another technology's part, stored beforehand, survives a cardio import.
    with store.write() as session:
        hospital = registry.get_institution(session, first["institution"]["id"])
        profile = dict(hospital.profile)
        profile["technologies"] = {**profile["technologies"], "tbi": {"note": "kept"}}
        registry.update_institution_profile(
            session, hospital.id, expected_version=hospital.version, profile=profile, actor="测试"
        )
    changed = SAMPLE.read_text(encoding="utf-8").replace("beds = 60", "beds = 38")
    changed = changed.replace(
        'title = "副主任医师"\nclinical_since = 2003', 'title = "主任医师"\nclinical_since = 2003'
    )
    with store.write() as session:
        updated = apply_profiles(
            session, read_profiles(write(tmp_path, changed), host), actor="管理员"
        )
    assert updated["institution"]["action"] == "updated"
    assert [p["action"] for p in updated["physicians"]] == [
        "unchanged",
        "updated",
        "unchanged",
        "unchanged",
        "unchanged",
    ]
    with store.read() as session:
        hospital = registry.get_institution(session, first["institution"]["id"])
        assert hospital.profile["technologies"]["cardio"]["cardiology"]["beds"] == 38
        assert hospital.profile["technologies"]["tbi"] == {"note": "kept"}
        li = registry.get_physician(session, first["physicians"][1]["id"])
        assert li.title == "chief"
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.actor == "管理员").order_by(AuditEntry.id)
        ).all()
        assert [a.action for a in audit] == ["institution.update", "physician.update"]
        assert audit[0].payload["reason"] == "导入档案文件"


def test_errors_name_the_record_the_field_and_the_value(tmp_path: Path, host: Host) -> None:
    path = write(
        tmp_path,
        """
[institution]
name = "某医院"
code = "X1"
grade = "特等"

[institution.cardio]
scope = ["coronary", "veins"]
tavi = "也许"
colour = "red"

[institution.cardio.cardiology]
beds = "四十"
since = 1800

[[physicians]]
name = "甲"
title = "chief"
registered_here = true

[physicians.cardio]
specialty_since = 2010-09-01

[physicians.cardio.training]
route = "base"
months = 12

[[physicians]]
title = "教授"
registered_here = true
""",
    )
    errors = errors_of(path, host)
    expected = [
        "[institution]“机构代码”：“X1”格式不正确",
        "[institution]“医院等级”：“特等”不是可选值，可选：三级甲等（3A）",
        "[institution]“心血管疾病介入诊疗技术 › 开展的技术类别”：“veins”不是可选值",
        "[institution]“心血管疾病介入诊疗技术 › 开展经皮主动脉瓣植入术”：“也许”应为“是”或“否”",
        "[institution]：未知字段“cardio.colour”",
        "[institution]“心血管疾病介入诊疗技术 › 心血管内科 › 床位数”：“四十”不是数字",
        "第1位医师（甲）“心血管疾病介入诊疗技术 › 培训情况”：缺少必填项“考核合格”",
        "第2位医师“专业技术职务任职资格”：“教授”不是可选值",
        "第2位医师：缺少必填项“姓名”",
    ]
    for fragment in expected:
        assert any(fragment in e for e in errors), (fragment, errors)


def test_values_out_of_range_are_reported_after_reading(tmp_path: Path, host: Host) -> None:
    path = write(
        tmp_path,
        """
[institution]
name = "某医院"
code = "X000001"

[institution.cardio]
scope = ["coronary"]

[institution.cardio.cardiology]
beds = 9999
""",
    )
    assert errors_of(path, host) == [
        "[institution]“心血管疾病介入诊疗技术 › 心血管内科 › 床位数”：9999 大于最大值 5000"
    ]


def test_a_conditional_field_outside_its_branch_is_refused(tmp_path: Path, host: Host) -> None:
    path = write(
        tmp_path,
        """
[[physicians]]
name = "甲"
title = "chief"
registered_here = true

[physicians.cardio]
specialty_since = 2010-09-01

[physicians.cardio.training]
route = "none"
months = 12
""",
    )
    errors = errors_of(path, host)
    assert any("不应填写“months”" in e for e in errors), errors


def test_physicians_only_need_an_institution(store: Store, host: Host, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[physicians]]
name = "甲"
title = "主治医师"
registered_here = true
""",
    )
    profiles = read_profiles(path, host)
    with store.write() as session, pytest.raises(UserError, match="--institution"):
        apply_profiles(session, profiles, actor="测试")
    with store.write() as session:
        hospital = registry.create_institution(session, name="某医院", code="X000002", actor="测试")
        report = apply_profiles(session, profiles, actor="测试", institution_id=hospital.id)
    assert report["physicians"][0]["action"] == "created"
    assert report["technologies"] == []


def test_technology_filter_skips_other_parts(tmp_path: Path, host: Host) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    profiles = read_profiles(write(tmp_path, text), host, technology="tbi")
    assert profiles.technologies == []
    assert profiles.skipped == ["cardio"]
    assert profiles.institution is not None
    assert profiles.institution["technologies"] == {}
    with pytest.raises(UserError, match="未知的技术"):
        read_profiles(write(tmp_path, text), host, technology="nope")


def test_unreadable_files_are_chinese_errors(tmp_path: Path, host: Host) -> None:
    with pytest.raises(UserError, match="不是有效的 TOML"):
        read_profiles(write(tmp_path, "[institution\n"), host)
    with pytest.raises(UserError, match="找不到档案文件"):
        read_profiles(tmp_path / "missing.toml", host)
    csv = tmp_path / "x.csv"
    csv.write_text("a,b", encoding="utf-8")
    with pytest.raises(UserError, match="不支持的档案文件类型"):
        read_profiles(csv, host)
    with pytest.raises(UserError, match="没有医疗机构"):
        read_profiles(write(tmp_path, "# empty\n"), host)


def fill_template(host: Host, path: Path) -> None:
    """Fill a generated template with the sample's institution and two physicians."""
    write_template(host, "cardio", path)
    sample = read_profiles(SAMPLE, host)
    assert sample.institution is not None
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["机构"]
    general = sample.institution["general"]
    cardio = sample.institution["technologies"]["cardio"]
    values = {
        "机构名称": general["name"],
        "机构代码": general["code"],
        "医院等级": "三级甲等",
        "心血管疾病介入诊疗技术.开展的技术类别": "冠状动脉介入诊疗、结构性心脏病介入诊疗",
        "心血管疾病介入诊疗技术.开展经皮主动脉瓣植入术": "否",
        "心血管疾病介入诊疗技术.心血管内科.床位数": cardio["cardiology"]["beds"],
        "心血管疾病介入诊疗技术.心血管内科.已核准登记心血管内科诊疗科目": "是",
        "心血管疾病介入诊疗技术.培训基地.本机构为（或申请成为）培训基地": "否",
    }
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values.pop(row[0].value)
    assert values == {}, "every field is a row of the template"
    doctors = workbook["医师"]
    headers = [cell.value for cell in doctors[1]]

    def physician(**cells: object) -> list[object]:
        return [cells.get(h) for h in headers]

    doctors.append(
        physician(
            **{
                "姓名": "王建国",
                "医师执业证书编码": "110510100000001",
                "执业范围": "内科专业",
                "专业技术职务任职资格": "主任医师",
                "开始从事临床工作年份": 1995,
                "本医疗机构注册医师": "是",
                "心血管疾病介入诊疗技术.开始从事心血管疾病介入诊疗相关专业临床工作的年份": 1998,
                "心血管疾病介入诊疗技术.培训情况.培训途径": "nhc_base",
                "心血管疾病介入诊疗技术.培训情况.考核合格": "是",
            }
        )
    )
    doctors.append(
        physician(姓名="李华", 专业技术职务任职资格="副主任医师", 本医疗机构注册医师="是")
    )
    workbook.save(path)


def test_a_filled_template_imports(store: Store, host: Host, tmp_path: Path) -> None:
    path = tmp_path / "profiles.xlsx"
    fill_template(host, path)
    profiles = read_profiles(path, host)
    assert profiles.institution is not None
    cardio = profiles.institution["technologies"]["cardio"]
    assert cardio["scope"] == ["coronary", "structural"]
    assert cardio["tavi"] is False
    assert cardio["cardiology"] == {"beds": 60, "registered": True}
    wang, li = profiles.physicians
    assert wang["general"]["licence_no"] == "110510100000001"  # a number cell kept as text
    assert wang["technologies"]["cardio"]["training"] == {"route": "nhc_base", "passed": True}
    assert li["technologies"] == {}
    with store.write() as session:
        report = apply_profiles(session, profiles, actor="测试")
    assert [p["name"] for p in report["physicians"]] == ["王建国", "李华"]


def test_workbook_errors_name_the_sheet_and_row(host: Host, tmp_path: Path) -> None:
    path = tmp_path / "profiles.xlsx"
    fill_template(host, path)
    workbook = openpyxl.load_workbook(path)
    doctors = workbook["医师"]
    headers = [cell.value for cell in doctors[1]]
    doctors.cell(row=3, column=headers.index("专业技术职务任职资格") + 1, value="院士")
    doctors.cell(row=1, column=len(headers) + 1, value="心血管疾病介入诊疗技术.爱好")
    doctors.cell(row=2, column=len(headers) + 1, value="跑步")
    workbook.create_sheet("杂项")
    workbook.save(path)
    errors = errors_of(path, host)
    assert "工作表“杂项”：无法识别（应为“机构”或“医师”）" in errors
    assert any(
        e.startswith("工作表“医师”第3行“专业技术职务任职资格”：“院士”不是可选值") for e in errors
    )
    assert "工作表“医师”第2行：未知字段“心血管疾病介入诊疗技术.爱好”" in errors
