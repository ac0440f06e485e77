"""Helpers for intake tests: a host with code lists, a seeded registry, scripts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rtech.host import Host, make_plugin_manager
from rtech.intake import Intake, Reply, open_case_intake
from rtech.store import Store, registry
from tests.support import codelists

TODAY = date(2023, 6, 1)

#: name, title, licence number
PHYSICIANS = (
    ("李明", "chief", "110000000001"),
    ("王芳", "associate_chief", "110000000002"),
    ("张伟", "associate_chief", "110000000003"),
    ("张蔚", "attending", "110000000004"),
    ("单勇", "attending", "110000000005"),
)


def host_with_codes() -> Host:
    """The built-in technologies plus the test code lists (a real extension plugin)."""
    return Host.from_plugin_manager(make_plugin_manager(plugins=[("testcodes", codelists)]))


def seed_registry(store: Store, code: str = "SC0001") -> dict[str, int]:
    """An institution and five physicians; returns name -> id (and "institution")."""
    ids: dict[str, int] = {}
    with store.write() as session:
        institution = registry.create_institution(
            session,
            name="四川省示例医院",
            code=code,
            actor="admin",
            profile={"general": {"name": "四川省示例医院", "code": code}},
        )
        ids["institution"] = institution.id
        for name, title, licence in PHYSICIANS:
            physician = registry.create_physician(
                session,
                institution_id=institution.id,
                name=name,
                title=title,
                licence_no=licence,
                actor="admin",
            )
            ids[name] = physician.id
    return ids


def open_case(store: Store, host: Host, actor: str = "李明", **kwargs: object) -> Intake:
    return open_case_intake(store, host, "cardio", actor=actor, today=TODAY, **kwargs)  # type: ignore[arg-type]


def say(intake: Intake, *lines: str) -> list[Reply]:
    """Type each line; every one must be accepted without an error."""
    replies = []
    for line in lines:
        reply = intake.handle(line)
        assert not reply.errors, f"{line!r} at {intake.prompt.path}: {reply.errors}"
        replies.append(reply)
    return replies


def answer_until(intake: Intake, path: str, lines: Iterable[str]) -> None:
    """Answer until the prompt reaches ``path``."""
    for line in lines:
        if intake.prompt.path == path:
            return
        say(intake, line)
    assert intake.prompt.path == path, intake.prompt.path


#: A full PCI case, as a clinician types it (messy where it may be).
PCI_LINES = (
    "张三",  # name
    "男 65岁",  # sex and age at once (x-patterns)
    "跳过",  # birth date
    "11010519491231002x",  # resident ID, lower-case check character
    "ZY0001",
    "2023-3-1",  # admission
    "2023年3月6日",  # discharge
    "1",  # 医嘱离院
    "3.2万",  # cost in 万元 -> 32000 元
    "冠脉",  # category by abbreviation
    "2023/3/2",  # procedure date
    "stemi",
    "是",
    "直接",  # P-PCI
    "1、3",  # lesion types
    "支架",
    "两个",
    "15%",
    "3",  # TIMI 3 (coded options are picked by their code)
    "无",
    "gxb",  # 冠心病 by pinyin initials
    "I10",
    "急性前壁透壁性心肌梗死",
    "完成",
    "36.07",  # ambiguous prefix -> pick
    "1",
    "完成",
    "lm",  # 李明 by initials
    "无",
    "王芳、张伟",
    "完成",
    "是",
    "2023-3-1",
    "药物洗脱支架",
    "(01)06901234567892(17)251231(10)A123",
    "跳过",
    "完成",
    "门诊",
    "1个月",
    "无",
)

PCI_EXPECTED = {
    "patient": {
        "name": "张三",
        "sex": "1",
        "age": 65,
        "id_number": "11010519491231002X",
        "record_no": "ZY0001",
    },
    "admission": {
        "admission_date": "2023-03-01",
        "discharge_date": "2023-03-06",
        "discharge_disposition": "1",
        "total_cost": 32000,
    },
    "procedure": {"category": "coronary", "date": "2023-03-02"},
    "coronary": {
        "presentation": "stemi",
        "stemi_in_window": True,
        "pci_setting": "primary",
        "lesion_types": ["cto", "left_main"],
        "pci_type": "stent",
        "stent_count": 2,
        "residual_stenosis_pct": 15,
        "timi_flow": "3",
        "complications": [],
    },
    "coding": {
        "main_diagnosis": {"code": "I25.1", "name": "动脉粥样硬化性心脏病"},
        "other_diagnoses": [
            {"code": "I10", "name": "原发性高血压"},
            {"code": "I21.0", "name": "急性前壁心肌梗死"},
        ],
        "procedures": [{"code": "36.0700", "name": "药物洗脱冠状动脉支架置入"}],
    },
    "team": {
        "operator": {"id": "1", "name": "李明"},
        "assistants": [],
        "deciders": [{"id": "2", "name": "王芳"}, {"id": "3", "name": "张伟"}],
    },
    "consent": {"signed": True, "date": "2023-03-01"},
    "devices": {
        "items": [{"name": "药物洗脱支架", "barcode": "(01)06901234567892(17)251231(10)A123"}]
    },
    "followup": {"plan": "clinic", "interval_months": 1, "visits": []},
}
