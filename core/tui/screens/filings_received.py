"""收到的报送: the signed filings — case reports, self-assessments, quality reports.

The province's reviewers see every institution's, an institution's quality
managers and administrators their own (core decides: :mod:`rtech.store.filings`).
Filtered by institution and technology; ``x`` also lists voided signatures; the
list pages like the case list (``m`` or the end of the table reads the next).
Enter on a case report opens the case, read-only unless the role may change it.
``rtech file received`` lists the same, with ``--verify``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select, Static

from rtech.auth.roles import Action
from rtech.errors import UserError
from rtech.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from rtech.store.filings import ReceivedFiling, ReceivedFilter
    from rtech.tui.workspace import Workspace

__all__ = ["FilingsReceivedScreen"]

#: filings read at a time
PAGE = 100
COLUMNS = ("机构", "技术", "文书", "修订", "签名人", "含义", "签名时间", "SHA-256", "作废")


class FilingsReceivedScreen(Screen[None]):
    """收到的报送."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "查看病例", show=False),
        Binding("i", "focus_filter('institution')", "机构"),
        Binding("t", "focus_filter('technology')", "技术"),
        Binding("x", "toggle_voided", "含作废"),
        Binding("m", "more", "更多", show=False),
        Binding("escape", "back", "返回"),
    ]

    AUTO_FOCUS = "#received"

    DEFAULT_CSS = """
    FilingsReceivedScreen #filters { height: 3; padding: 0 1; }
    FilingsReceivedScreen #filters Select { width: 1fr; max-width: 40; }
    FilingsReceivedScreen #summary { padding: 0 1; height: auto; }
    FilingsReceivedScreen #received { height: 1fr; margin: 0 1; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.institution_id: int | None = None
        self.technology: str | None = None
        self.include_voided = False
        self.shown: list[ReceivedFiling] = []
        self.total = 0

    def compose(self) -> ComposeResult:
        from rtech.store.filings import institutions_with_filings

        ws = self.workspace
        try:
            with ws.store.read() as session:
                institutions = institutions_with_filings(session)
        except UserError:
            institutions = []  # refused: reload() says so
        yield AppHeader()
        with Horizontal(id="filters"):
            yield Select[int](
                [(f"{name}（{code}）", i) for i, name, code in institutions],
                prompt="全部机构",
                id="institution",
            )
            yield Select[str](
                [(t.name, t.slug) for t in ws.host.technologies],
                prompt="全部技术",
                id="technology",
            )
        yield Static("", id="summary")
        yield DataTable(id="received", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "收到的报送"
        self.query_one("#received", DataTable).add_columns(*COLUMNS)
        self.reload()
        table = self.query_one("#received", DataTable)
        self.watch(table, "scroll_y", self._scrolled, init=False)

    def on_screen_resume(self) -> None:
        if self.shown:
            self.reload()

    # -- data -----------------------------------------------------------------

    def _filter(self) -> ReceivedFilter:
        from rtech.localtime import institution_zone
        from rtech.store.filings import ReceivedFilter

        return ReceivedFilter(
            institution_id=self.institution_id,
            technology=self.technology,
            include_voided=self.include_voided,
            zone=institution_zone(),
        )

    def _read(self, *, offset: int, limit: int) -> tuple[int, list[ReceivedFiling]]:
        from rtech.store.filings import count_received, list_received

        wanted = self._filter()
        with self.workspace.store.read() as session:
            return (
                count_received(session, wanted),
                list_received(session, wanted, limit=limit, offset=offset),
            )

    def reload(self) -> None:
        """Read the filings again (as many as were shown, at least a page)."""
        try:
            self.total, found = self._read(offset=0, limit=max(PAGE, len(self.shown)))
        except UserError as exc:
            self._refused(exc)
            return
        table = self.query_one("#received", DataTable)
        kept = table.cursor_row
        table.clear()
        self.shown = []
        self._add(found)
        if self.shown:
            table.move_cursor(row=min(kept, len(self.shown) - 1))
        self._show_summary()

    def load_more(self) -> None:
        if len(self.shown) >= self.total:
            return
        try:
            self.total, found = self._read(offset=len(self.shown), limit=PAGE)
        except UserError as exc:
            self._refused(exc)
            return
        self._add(found)
        self._show_summary()

    def _add(self, found: list[ReceivedFiling]) -> None:
        from rtech.localtime import local_text

        table = self.query_one("#received", DataTable)
        host = self.workspace.host
        names = {t.slug: t.name for t in host.technologies}
        for filing in found:
            subject = filing.subject + (f"（{filing.document_no}）" if filing.document_no else "")
            voided = ""
            if filing.voided_at is not None:
                voided = f"{local_text(filing.voided_at)} {filing.void_reason or ''}".strip()
            table.add_row(
                filing.institution,
                names.get(filing.technology, filing.technology),
                subject,
                "" if filing.revision is None else str(filing.revision),
                filing.signer,
                filing.meaning,
                local_text(filing.signed_at),
                filing.document_sha256[:16] + "…",
                Text(voided, style="red") if voided else "",
                key=str(len(self.shown)),
            )
            self.shown.append(filing)

    def _show_summary(self) -> None:
        if not self.total:
            text = "没有符合条件的已签名文书。"
        else:
            text = f"已签名的报送文书 {self.total} 份（最新的在前）"
            if len(self.shown) < self.total:
                text += f"，已列出 {len(self.shown)} 份（m 或移到末尾读取更多）"
        text += "　回车查看病例，i 机构，t 技术，x " + (
            "隐藏作废的签名" if self.include_voided else "也列出作废的签名"
        )
        self.query_one("#summary", Static).update(Text(text))

    def _refused(self, exc: UserError) -> None:
        from rtech.tui.app import RtechApp

        if isinstance(self.app, RtechApp):
            self.app.refused(exc)
        else:
            self.notify(exc.message, severity="error")
        self.query_one("#summary", Static).update(Text(exc.message))

    def _current(self) -> ReceivedFiling | None:
        table = self.query_one("#received", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    # -- events and actions ---------------------------------------------------

    @on(Select.Changed, "#institution")
    def _institution_chosen(self, event: Select.Changed) -> None:
        value = event.value
        self.institution_id = value if isinstance(value, int) else None
        self.shown = []
        self.reload()

    @on(Select.Changed, "#technology")
    def _technology_chosen(self, event: Select.Changed) -> None:
        value = event.value
        self.technology = value if isinstance(value, str) else None
        self.shown = []
        self.reload()

    @on(DataTable.RowSelected, "#received")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    @on(DataTable.RowHighlighted, "#received")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.shown) - 1:
            self.load_more()

    def _scrolled(self, _old: float, new: float) -> None:
        table = self.query_one("#received", DataTable)
        if new >= table.max_scroll_y and table.max_scroll_y > 0:
            self.load_more()

    def action_open(self) -> None:
        from rtech.tui.screens.case import CaseScreen

        filing = self._current()
        if filing is None:
            return
        if filing.case_id is None:
            self.notify(
                f"{filing.subject}不对应单个病例；文件：{filing.file or '（未记录）'}",
                timeout=6,
            )
            return
        if not self.workspace.can(Action.CASE_READ):
            self.notify("您的角色不能查看病例。", severity="warning")
            return
        self.app.push_screen(CaseScreen(self.workspace, filing.case_id))

    def action_focus_filter(self, name: str) -> None:
        self.query_one(f"#{name}").focus()

    def action_toggle_voided(self) -> None:
        self.include_voided = not self.include_voided
        self.reload()

    def action_more(self) -> None:
        self.load_more()

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in ("institution", "technology"):
            self.query_one("#received", DataTable).focus()
            return
        self.app.pop_screen()

    def help_sections(self) -> list[tuple[str, str]]:
        return [
            (
                "收到的报送",
                "已签名的病例信息上报表、技术备案自评表与质量控制指标报告（最新的在前）："
                "机构、技术、文书、修订版次、签名人、签名含义（填报/审核/批准）、签名时间、"
                "文书的 SHA-256 与作废情况。省级审核人员看到全部机构的，医务/质控管理与"
                "机构管理员看到本机构的。\n"
                "i 按机构筛选，t 按技术筛选，x 也列出已作废的签名（病例修订后原签名作废）；"
                "回车查看该病例（只读，除非您的角色可以修改）。"
                "命令行 rtech file received --verify 还可核对文件的哈希与签名。",
            )
        ]
