"""The form walker the profile import and the conformance suite rely on."""

from __future__ import annotations

from rtech.eligibility.formfields import choices, form_fields
from rtech.host import get_host
from tests.support.bare_plugin import SLUG, bare_host


def test_case_form_fields_follow_refs_branches_and_array_items() -> None:
    schema = get_host().case_form("cardio")
    assert schema is not None
    fields = form_fields(schema)
    # $ref into forms/ (operator, device fragments) and into the form's own $defs.
    assert fields["devices.items.barcode"].titles == ("器材追溯", "器材", "条形码/UDI")
    assert "team.operator.id" in fields
    assert fields["coronary.timi_flow"].title == "术后TIMI血流"
    # if/then branches; a field declared in two exclusive branches keeps both.
    setting = fields["coronary.pci_setting"]
    assert len(setting.schemas) == 2
    assert [choices(s) for s in setting.schemas] == [
        {
            "primary": "直接PCI（P-PCI，急诊血运重建）",
            "elective": "择期PCI",
            "rescue": "补救PCI（溶栓失败后）",
            "pharmaco_invasive": "药物-介入策略PCI（溶栓成功后2-24小时）",
            "emergency_cabg": "急诊冠状动脉旁路移植术（CABG）",
        },
        {"urgent": "急诊PCI", "elective": "择期PCI"},
    ]
    # dependentSchemas and nested branches (arrhythmia: device -> pacemaker -> chambers).
    assert "arrhythmia.chambers" in fields
    assert "arrhythmia.cha2ds2_vasc" in fields
    assert "coronary.no_such_field" not in fields


def test_profile_form_fields() -> None:
    host = get_host()
    physician = host.profile_form("cardio", "physician")
    assert physician is not None
    fields = form_fields(physician)
    assert fields["training.exemption.recent_cases"].title_path == (
        "培训情况 › 免训条件（截至规范印发之日） › 规范规定年限内独立开展例数"
    )
    assert bare_host().profile_form(SLUG, "institution") is None
