"""The first run: on an empty database the bot itself registers the institution
and its physicians, in the same conversation as a case."""

from __future__ import annotations

from rtech.intake import registration_needed
from rtech.store import Store, registry
from rtech.tui.screens.confirm import ConfirmScreen
from rtech.tui.screens.home import HomeScreen
from rtech.tui.screens.intake import IntakeScreen
from rtech.tui.screens.review import ReviewScreen
from rtech.tui.widgets.chat_message import ChatMessage
from tests.functional.conftest import AppFactory, settle, type_line

INSTITUTION = ("四川省示例医院", "SC-000123", "综合", "三甲", "四川")
LI_MING = ("李明", "110105000001", "临床", "内科", "主任", "2001", "是", "心内科")
WANG_FANG = ("王芳", "跳过", "1", "1", "副主任医师", "2005", "是", "跳过")


async def test_the_first_run_registers_the_institution_and_physicians(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        notes = [m.text.plain for m in screen.transcript.query(ChatMessage)]
        assert notes[0].startswith("欢迎使用。首次使用请先登记本医疗机构")
        assert screen.intake.prompt.path == "general.name"
        for line in INSTITUTION:
            await type_line(pilot, line)

        review = app.screen
        assert isinstance(review, ReviewScreen)
        # One key, the registration's own word: s 登记.
        assert review.check_action("register", ()) is True
        assert review.check_action("submit", ()) is False
        await pilot.press("s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.message == "登记医疗机构“四川省示例医院”（机构代码 SC-000123）？"
        await pilot.press("y")
        await settle(pilot)
        assert registration_needed(store) == ["physician"]

        physician = app.screen
        assert isinstance(physician, IntakeScreen)
        notes = [m.text.plain for m in physician.transcript.query(ChatMessage)]
        assert notes[0].startswith("请登记医师")
        for line in LI_MING:
            await type_line(pilot, line)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        more = app.screen
        assert isinstance(more, ConfirmScreen)
        assert more.message == "继续登记下一位医师？"
        await pilot.press("y")
        await settle(pilot)
        for line in WANG_FANG:
            await type_line(pilot, line)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "四川省示例医院" in str(home.query_one("#who").render())

    assert registration_needed(store) == []
    with store.read() as session:
        (institution,) = registry.list_institutions(session)
        assert (institution.name, institution.code) == ("四川省示例医院", "SC-000123")
        assert institution.profile["general"]["grade"] == "3A"
        physicians = registry.list_physicians(session, institution.id)
        assert [(p.name, p.title) for p in physicians] == [
            ("李明", "chief"),
            ("王芳", "associate_chief"),
        ]


async def test_leaving_the_first_run_keeps_what_was_registered(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        for line in INSTITUTION[:2]:
            await type_line(pilot, line)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # A case cannot start before the registration: n goes back to it.
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.intake.prompt.path == "general.kind"
        assert screen.intake.greeting.startswith("继续登记医疗机构档案")
