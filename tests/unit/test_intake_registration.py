"""Registering the institution and physicians through the intake engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import URL

from rtech.host import Host
from rtech.intake import open_registration, registration_needed
from rtech.store import Store, make_engine, registry, upgrade
from tests.support import extension
from tests.support.bare_plugin import BarePlugin, bare_host
from tests.support.intake import say


@pytest.fixture
def store(database_url: URL) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    store = Store(engine)
    yield store
    store.dispose()


@pytest.fixture
def host() -> Host:
    other = BarePlugin("bare_other", "测试用空白技术二", "S97")
    return bare_host(("ext", extension), ("bare_other", other))


def test_institution_then_physician_with_a_technology_part(store: Store, host: Host) -> None:
    assert registration_needed(store) == ["institution", "physician"]
    intake = open_registration(
        store, host, "institution", actor="admin", technologies=["bare_test"]
    )
    say(intake, "四川省示例医院", "SC-0001", "综合医院", "三级甲等", "四川")
    assert intake.prompt.stage == "review"
    assert intake.handle("登记").messages[0].text.startswith("已登记医疗机构“四川省示例医院”")
    assert registration_needed(store) == ["physician"]

    with store.read() as session:
        (institution,) = registry.list_institutions(session)
    physician = open_registration(
        store,
        host,
        "physician",
        actor="admin",
        technologies=["bare_test"],
        institution_id=institution.id,
    )
    assert [q.dotted for q in physician.questions()][-2:] == [
        "technologies.bare_test.trained",
        "technologies.bare_test.cases",
    ]
    say(physician, "李明", "110000000001", "临床", "1 12", "副主任", "2003年", "是", "心血管内科")
    assert physician.prompt.text.startswith("是否已在备案培训基地")
    say(physician, "是", "60例", "登记")
    assert physician.finished
    assert registration_needed(store) == []
    with store.read() as session:
        (doctor,) = registry.list_physicians(session, institution.id)
        assert (doctor.name, doctor.title, doctor.clinical_since, doctor.licence_no) == (
            "李明",
            "associate_chief",
            2003,
            "110000000001",
        )
        assert doctor.profile["general"]["practice_scopes"] == ["internal_medicine", "emergency"]
        assert doctor.profile["technologies"] == {"bare_test": {"trained": True, "cases": 60}}


def test_an_unfinished_registration_is_kept_and_resumed(store: Store, host: Host) -> None:
    intake = open_registration(store, host, "institution", actor="admin")
    say(intake, "四川省示例医院", "SC-0001")
    again = open_registration(store, host, "institution", actor="admin")
    assert again.greeting.startswith("继续登记医疗机构档案")
    assert again.prompt.path == "general.kind"
    assert again.answers == {"general": {"name": "四川省示例医院", "code": "SC-0001"}}


def test_a_technology_part_is_added_to_an_existing_physician(store: Store, host: Host) -> None:
    with store.write() as session:
        hospital = registry.create_institution(session, name="医院", code="H000001", actor="a")
        doctor = registry.create_physician(
            session,
            institution_id=hospital.id,
            name="王芳",
            title="chief",
            actor="a",
            profile={"general": {"name": "王芳"}},
        )
    intake = open_registration(
        store, host, "physician", actor="admin", technologies=["bare_test"], existing_id=doctor.id
    )
    assert [q.dotted for q in intake.questions()] == [
        "technologies.bare_test.trained",
        "technologies.bare_test.cases",
    ]
    say(intake, "否", "跳过", "登记")
    with store.read() as session:
        profile = registry.get_physician(session, doctor.id).profile
    assert profile == {
        "general": {"name": "王芳"},
        "technologies": {"bare_test": {"trained": False}},
    }
    with pytest.raises(Exception, match="没有医师档案的专属部分"):
        open_registration(
            store,
            host,
            "physician",
            actor="a",
            technologies=["bare_other"],
            existing_id=doctor.id,
        )


def test_the_cardio_profile_parts_can_be_asked(store: Store) -> None:
    from rtech.host import get_host

    host = get_host()
    with store.write() as session:
        hospital = registry.create_institution(session, name="医院", code="H000001", actor="a")
    intake = open_registration(
        store, host, "institution", actor="admin", technologies=["cardio"], existing_id=hospital.id
    )
    questions = [q.dotted for q in intake.questions()]
    assert questions[0].startswith("technologies.cardio.")
    assert "technologies.cardio.cardiology.beds" in questions
    say(intake, "1 2", "否", "是")
    assert intake.answers["technologies"]["cardio"]["scope"] == ["coronary", "structural"]
