"""修改用户 in the TUI: an institution administrator changes a clinician's
department and roles (the clinician's logins end), and is refused a user who also
belongs to another hospital. Technology: cardio (the demo hospitals' registry)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from textual.widgets import SelectionList

from rtech.host import Host
from rtech.store import Store
from rtech.store.models import User, UserToken
from rtech.store.users import login as log_in_cli
from rtech.store.users import sessions_file
from rtech.tui.screens.users import UserFormScreen, UsersScreen
from rtech.tui.widgets.plain_input import PlainInput
from tests.functional.conftest import settle, type_line
from tests.functional.test_users_admin import (
    PASSWORD,
    audit,
    finish,
    hospitals,  # noqa: F401 - the fixture
    log_in,
    open_app,
    rows,
)


async def edit(pilot: Any, app: Any) -> UserFormScreen:
    """Press ``e`` on the list: the edit form of the user under the cursor."""
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, UserFormScreen)
    return form


def tokens_of(store: Store, login: str) -> list[UserToken]:
    with store.read() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        return list(session.scalars(select(UserToken).where(UserToken.user_id == user.id)))


async def test_an_administrator_edits_a_clinician_whose_logins_end(
    store: Store,
    host: Host,
    hospitals: dict[str, int],  # noqa: F811
) -> None:
    log_in_cli(store.engine, "chenjing", PASSWORD)  # a login of 陈静's, to be ended
    sessions_file().unlink()  # made elsewhere: this terminal asks who works
    assert [t.revoked_at for t in tokens_of(store, "chenjing")] == [None]
    app = open_app(host)
    async with app.run_test(size=(120, 44)) as pilot:
        await settle(pilot)
        await log_in(pilot, "liuqiang")
        await pilot.press("u")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, UsersScreen)
        # The department alone: the logins stay.
        form = await edit(pilot, app)  # 陈静, the first row
        assert form.query_one("#login", PlainInput).disabled
        assert form.query_one("#name", PlainInput).value == "陈静"
        assert form.query_one("#roles", SelectionList).selected == ["clinician"]
        assert form.query_one("#institutions", SelectionList).selected == ["SC0001"]
        assert not form.query("#password")
        form.query_one("#department", PlainInput).focus()
        await type_line(pilot, "心内科")
        await type_line(pilot, "")  # the OS account: none, as before
        await finish(pilot, "user-add")
        assert app.screen is listing
        assert rows(listing)[0][:5] == ["chenjing", "陈静", "临床医师", "四川省示例医院", "心内科"]
        assert [t.revoked_at for t in tokens_of(store, "chenjing")] == [None]
        # A role added: 陈静's logins end.
        form = await edit(pilot, app)
        roles = form.query_one("#roles", SelectionList)
        roles.focus()
        await pilot.press("down", "space")  # 医务/质控管理
        assert roles.selected == ["clinician", "quality_manager"]
        form.query_one("#os_account", PlainInput).focus()
        await pilot.press("enter")
        await finish(pilot, "user-add")
        assert app.screen is listing, str(form.query_one("#form-status").render())
        assert rows(listing)[0][2] == "临床医师、医务/质控管理"
        assert "其已有的登录随之失效" in str(listing.query_one("#users-status").render())
        # An operating-system account alone: set, shown, audited; the logins stay.
        form = await edit(pilot, app)
        form.query_one("#os_account", PlainInput).focus()
        await type_line(pilot, "chenjing-os")
        await finish(pilot, "user-add")
        assert app.screen is listing, str(form.query_one("#form-status").render())
        assert rows(listing)[0][6] == "chenjing-os"
        # Nothing changed is said, and the form stays.
        form = await edit(pilot, app)
        form.query_one("#os_account", PlainInput).focus()
        await pilot.press("enter")
        await finish(pilot, "user-add")
        assert app.screen is form
        assert "没有变化" in str(form.query_one("#form-status").render())
        await pilot.press("escape")
        await settle(pilot)
        # 孙怡 also belongs to SC0002: 刘强 may not change her.
        listing.query_one("#users").move_cursor(row=3)
        form = await edit(pilot, app)
        form.query_one("#department", PlainInput).focus()
        await type_line(pilot, "外科")
        await type_line(pilot, "")
        await finish(pilot, "user-add")
        assert app.screen is form
        assert "只能管理本机构的用户" in str(form.query_one("#form-status").render())
    assert [t.revoked_at is not None for t in tokens_of(store, "chenjing")] == [True]
    updates = audit(store, "user.update")
    assert [(actor, who, payload["after"]) for actor, who, payload in updates] == [
        ("刘强（liuqiang）", "chenjing", {"department": "心内科"}),
        ("刘强（liuqiang）", "chenjing", {"roles": "clinician,quality_manager"}),
    ]
    assert updates[1][2]["logins_ended"] == 1
    assert [(who, payload) for _, who, payload in audit(store, "user.os_account")] == [
        ("chenjing", {"before": None, "after": "chenjing-os"})
    ]
