"""Rendering the three cardio filings: content, fonts, attachment, fields, PDF/A, plugins."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from rtech import Technology, hookimpl
from rtech.filing.documents import document_from_json, document_to_json
from rtech.filing.extract import read_document_data
from rtech.filing.render import FilingError, Renderer
from rtech.filing.slots import ROLES
from rtech.host import Host, make_plugin_manager
from tests.unit.filing.helpers import (
    CLEAR_ID,
    MASKED_ID,
    cochlear_report,
    example,
    pdf_fonts,
    pdf_text,
    reader,
)


def _flat(text: str) -> str:
    """Text without the layout's spaces and line breaks (CJK wraps anywhere)."""
    return re.sub(r"\s+", "", text)


def test_the_case_report_prints_every_part_of_the_case(case_filing: Any, tmp_path: Path) -> None:
    _document, rendered = case_filing
    text = pdf_text(rendered.pdf, tmp_path)
    flat = _flat(text)
    assert rendered.pages == 3
    for expected in (
        "心血管疾病介入诊疗技术",
        "病例信息上报表",
        "四川省某某人民医院",
        "编号：BL-S05-C2024-000123-R2",
        "第2版（已提交）",
        MASKED_ID,
        "I25.103",
        "经皮冠状动脉球囊扩张成形术",
        "决策医师二",
        "刘芳",
        "(01)06938290912345(17)261231(10)B2024A113",
        "NSTE-ACS急诊PCI",  # the form's label of the answer
        "TIMI3级",
        "冠状动脉造影示前降支近中段弥漫性狭窄约90%",  # a long answer, wrapped
        "2023S05三(七)2",
        "无法判断",
        "审核人（签章）",
    ):
        assert expected in flat, expected
    assert CLEAR_ID not in flat
    assert "第1页/共3页" in flat
    assert "第3页/共3页" in flat
    assert "生成时间：" in flat


def test_the_self_assessment_lists_requirements_values_and_physicians(
    registration_filing: Any, tmp_path: Path
) -> None:
    _, rendered = registration_filing
    flat = _flat(pdf_text(rendered.pdf, tmp_path))
    for expected in (
        "技术备案自评表",
        "医疗机构基本要求",
        "人员基本要求",
        "床位42张；2023年体外循环手术38例",
        "2023S05一(二)2",
        "不符合",
        "共16项：符合13项，不符合1项，无法判断2项；拟开展医师4名",
        "赵磊",
        "经备案培训基地系统培训（无法判断：培训证明未上传）",
        "承诺以上内容真实、准确",
    ):
        assert expected in flat, expected


def test_the_quality_report_has_every_indicator_and_its_trend(
    report_filing: Any, tmp_path: Path
) -> None:
    document, rendered = report_filing
    flat = _flat(pdf_text(rendered.pdf, tmp_path))
    for indicator in document.indicators:
        assert _flat(indicator.name) in flat
    for expected in ("质量控制指标报告", "2024年第四季度", "冠状动脉介入诊疗", "455例", "98.11%"):
        assert expected in flat, expected
    assert "无病例" in flat  # 室性心律失常导管消融: no case this quarter
    # The SVG charts are drawn as text and vectors: their period labels are in the PDF.
    assert flat.count("2024Q1") >= len(document.indicators)


def test_threshold_verdicts_print_as_the_seed_states_them(renderer: Any, tmp_path: Path) -> None:
    rendered = renderer.render(document_from_json(cochlear_report()))
    flat = _flat(pdf_text(rendered.pdf, tmp_path))
    assert "阈值≥98%" in flat  # the chart's threshold line
    assert "未达标" in flat  # 手术成功率 95.83% < 98% (2023 S08 二)
    assert "达标" in flat.replace("未达标", "")


def test_only_the_three_cjk_faces_are_embedded_as_subsets(case_filing: Any, tmp_path: Path) -> None:
    _, rendered = case_filing
    rows = pdf_fonts(rendered.pdf, tmp_path)
    names = sorted(row[0].split("+", 1)[1] for row in rows)
    assert names == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC"]
    for row in rows:
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, ToUnicode


def test_the_attached_data_re_imports_to_the_same_document(case_filing: Any) -> None:
    document, rendered = case_filing
    data = read_document_data(rendered.pdf)
    assert data["generator"].startswith("rtech ")
    assert "generated_at" in data
    assert data["patient"]["id_number"] == MASKED_ID
    assert CLEAR_ID not in str(data)
    assert document_from_json(data) == document


def test_three_empty_signature_fields_lie_over_the_slots(case_filing: Any) -> None:
    from pyhanko.sign.fields import enumerate_sig_fields

    _, rendered = case_filing
    pdf = reader(rendered.pdf)
    found = {name: value for name, value, _ in enumerate_sig_fields(pdf)}
    assert found == {role.field_name: None for role in ROLES}
    last_page = pdf.root["/Pages"]["/Kids"][-1].get_object()
    width, height = float(last_page["/MediaBox"][2]), float(last_page["/MediaBox"][3])
    previous_right = 0.0
    for slot in rendered.slots:
        x1, y1, x2, y2 = slot.box
        assert slot.page == rendered.pages - 1
        assert 0 < x1 < x2 < width
        assert 0 < y1 < y2 < height
        assert x1 >= previous_right  # side by side: 填报, 审核, 批准
        assert 150 < x2 - x1 < 180
        assert 60 < y2 - y1 < 90
        previous_right = x2


def test_the_pdfa_variant_declares_pdfa_3b_and_its_attachment(
    renderer: Any, case_filing: Any
) -> None:
    document, _ = case_filing
    rendered = renderer.render(document, pdfa=True)
    pdf = reader(rendered.pdf)
    # The XMP survives the incremental update that adds the signature fields.
    metadata = pdf.root["/Metadata"].get_object().data.decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', metadata)
    assert re.search(r'pdfaid:conformance(="|>)B', metadata)
    assert "心血管疾病介入诊疗技术病例信息上报表" in metadata
    # WeasyPrint 70 lists the file specification twice; it is one object.
    references = {f.idnum: f for f in pdf.root["/AF"]}
    assert len(references) == 1
    spec = next(iter(references.values())).get_object()
    assert str(spec["/AFRelationship"]) == "/Data"
    assert str(spec["/UF"]) == "rtech-document.json"
    assert read_document_data(rendered.pdf)["case_id"] == "C2024-000123"


# -- plugins add sections --------------------------------------------------


class _Extension:
    """An extension plugin (no technology of its own) that adds a section."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, Mapping[str, Any]]] = []

    @hookimpl
    def rtech_filing_sections(
        self, technology: Technology, document: str, context: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        self.seen.append((technology.slug, document, context))
        if document != "case":
            return []
        return [
            {
                "title": "冠脉介入补充信息",
                "rows": [["病变血管数", len(context["answers"]["procedure"]["vessels"])]],
            }
        ]


def _host(*plugins: tuple[str, object]) -> Host:
    return Host.from_plugin_manager(make_plugin_manager(plugins=plugins))


def test_plugins_append_sections_from_the_read_only_data(
    renderer: Any, case_filing: Any, tmp_path: Path
) -> None:
    document, _ = case_filing
    extension = _Extension()
    rendered = Renderer(fonts=renderer.fonts, host=_host(("filing_ext", extension))).render(
        document
    )
    flat = _flat(pdf_text(rendered.pdf, tmp_path))
    assert "七、冠脉介入补充信息" in flat
    assert "病变血管数2" in flat
    ((slug, kind, context),) = extension.seen
    assert (slug, kind) == ("cardio", "case")
    assert context["case_id"] == "C2024-000123"
    with pytest.raises(TypeError):
        context["case_id"] = "changed"  # type: ignore[index]


def test_a_malformed_plugin_section_is_a_chinese_error(renderer: Any, case_filing: Any) -> None:
    class Broken:
        @hookimpl
        def rtech_filing_sections(self) -> list[dict[str, Any]]:
            return [{"title": "缺行", "rows": "not a list"}]

    document, _ = case_filing
    broken = Renderer(fonts=renderer.fonts, host=_host(("broken_ext", Broken())))
    with pytest.raises(FilingError, match="技术“cardio”的插件为备案文书添加的内容格式不正确"):
        broken.render(document)


def test_sections_in_the_data_are_printed_too(renderer: Any, tmp_path: Path) -> None:
    data = example("report-cardio")
    data["sections"] = [{"title": "数据说明", "rows": [["数据来源", "病案首页与介入手术记录"]]}]
    rendered = renderer.render(document_from_json(data))
    assert "数据来源病案首页与介入手术记录" in _flat(pdf_text(rendered.pdf, tmp_path))


def test_an_outpatient_case_without_deciders_prints_neither(renderer: Any, tmp_path: Path) -> None:
    # A form that asks no deciders (2022 S01) and a case without a stay (门诊): the report
    # shows the operator alone and says the case was not admitted.
    data = example("case-cardio")
    data["deciders"] = []
    for key in ("admission_date", "discharge_date"):
        data["patient"].pop(key)
    flat = _flat(pdf_text(renderer.render(document_from_json(data)).pdf, tmp_path))
    assert "术者与决策医师" not in flat
    assert "决策医师一" not in flat
    assert "门诊（未住院）" in flat
    assert "器材追溯" in flat


def test_a_case_decided_by_one_physician_prints_one_decider(renderer: Any, tmp_path: Path) -> None:
    # 2023 S11 三(三): 由本机构执业医师决定 — one decider, no empty second row.
    data = example("case-cardio")
    data["deciders"] = data["deciders"][:1]
    flat = _flat(pdf_text(renderer.render(document_from_json(data)).pdf, tmp_path))
    assert "决策医师一" in flat
    assert "决策医师二" not in flat


def test_a_long_unit_goes_under_its_value_in_the_summary_table(renderer: Any) -> None:
    # 医患比 in 人/万例次 (2023 S03 一) would overflow the result column on one line.
    data = example("report-cardio")
    first = data["indicators"][0]
    data["indicators"] = [
        {**first, "id": "ratio", "name": "医患比", "value": 419.58, "unit": "人/万例次"},
        first,
    ]
    html = renderer.html(document_from_json(data))
    assert '419.58<br><span class="small">人/万例次</span>' in html
    assert "98.11%</td>" in html  # a short unit stays beside its value


def test_only_a_document_to_be_signed_says_it_is_signed_electronically(renderer: Any) -> None:
    # Issue 16 item 7: an unsigned PDF must not carry "本文书以电子签名签署".
    document = document_from_json(example("case-cardio"))
    assert "本文书以电子签名签署" not in renderer.html(document)
    assert "本文书以电子签名签署" in renderer.html(document, signed=True)


def test_a_physicians_title_never_wraps_in_the_self_assessment(
    registration_filing: Any, tmp_path: Path
) -> None:
    # Issue 16 item 7: 副主任医师 printed as 副主任医/师 in the physicians' table.
    _, rendered = registration_filing
    lines = [line.strip() for line in pdf_text(rendered.pdf, tmp_path).splitlines()]
    assert "副主任医师" in lines
    assert "副主任医" not in lines


def test_findings_without_values_put_their_facts_under_the_institutions_column(
    renderer: Any,
) -> None:
    # Issue 16 item 7: the assessment states the facts in its explanation; they read
    # under 本机构情况, not squeezed into 说明 beside an empty column of dashes.
    data = example("registration-cardio")
    data["findings"] = [
        {**f, "value": "", "explanation": f"事实{n}"} for n, f in enumerate(data["findings"])
    ]
    html = renderer.html(document_from_json(data))
    assert "<th>说明</th>" not in html
    assert '<td class="small">事实0</td><td class="center outcome-pass">' in html
    with_values = renderer.html(document_from_json(example("registration-cardio")))
    assert "<th>说明</th>" in with_values


def test_the_assistants_are_listed_with_the_operator(renderer: Any) -> None:
    # Issue 16 item 5: 术者与决策医师 omitted the assistant the case records.
    data = example("case-cardio")
    assistant = {"name": "郑涛", "title": "住院医师", "department": "心血管内科"}
    data["assistants"] = [assistant]
    document = document_from_json(data)
    assert document.assistants[0].name == "郑涛"
    html = renderer.html(document)
    assert '<td class="label">助手</td>' in html
    assert "郑涛" in html
    data["assistants"] = [assistant, {**assistant, "name": "钱进"}]
    html = renderer.html(document_from_json(data))
    assert '<td class="label">助手一</td>' in html
    assert '<td class="label">助手二</td>' in html
    assert document_to_json(document)["assistants"][0]["name"] == "郑涛"
