"""选择医疗机构: with several institutions registered, whom this session works for."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from rtech.tui.workspace import Workspace

__all__ = ["InstitutionScreen"]


class InstitutionScreen(ModalScreen[str | None]):
    """Dismisses with the chosen institution's code (``None``: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消")]

    DEFAULT_CSS = """
    InstitutionScreen { align: center middle; }
    InstitutionScreen #box {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $accent; background: $panel;
    }
    InstitutionScreen #institutions { height: auto; max-height: 16; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static("选择本次工作的医疗机构（下次打开时沿用）：")
            yield DataTable(id="institutions", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#institutions", DataTable)
        table.add_columns("机构代码", "名称")
        for code, name in self.workspace.institutions():
            table.add_row(code, name, key=code)
        table.focus()

    @on(DataTable.RowSelected, "#institutions")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
