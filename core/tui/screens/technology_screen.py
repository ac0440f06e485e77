"""What the indicator dashboard and the self-assessment share: one technology,
an edition to choose, an institution to choose, a store (the app's or its own)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Select

from rtech.host import get_host
from rtech.store import Store

__all__ = ["TechnologyScreen"]


class TechnologyScreen(Screen[None]):
    """A screen about one technology in one edition, for one institution (or all).

    Subclasses compose ``edition_select()`` and ``institution_select(prompt)``
    into their controls and implement :meth:`load`, which re-reads what they show
    after any choice changes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "app.pop_screen", "返回"),
        ("e", "next_edition", "切换版本"),
        ("r", "reload", "刷新"),
    ]

    def __init__(
        self,
        slug: str,
        *,
        edition: str | None = None,
        institution_id: int | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__()
        self.technology = get_host().technology(slug)
        self._own_store = store is None
        self.store = store or Store.open()
        self.editions = sorted(self.technology.editions, reverse=True)
        self.edition = edition or (self.editions[0] if self.editions else "")
        self.institution_id = institution_id

    def load(self) -> None:
        raise NotImplementedError

    # -- controls ------------------------------------------------------------

    def institution_options(self) -> list[tuple[str, int]]:
        from rtech.store import registry

        with self.store.read() as session:
            return [(i.name, i.id) for i in registry.list_institutions(session)]

    def edition_select(self) -> Select[str]:
        return Select[str](
            [(f"{e}年版 {self.technology.editions[e]}", e) for e in self.editions],
            value=self.edition,
            allow_blank=False,
            id="edition",
        )

    def institution_select(self, prompt: str, options: list[tuple[str, int]]) -> Select[int]:
        chosen = self.institution_id if self.institution_id is not None else Select.NULL
        return Select[int](options, value=chosen, prompt=prompt, id="institution")

    @on(Select.Changed, "#edition")
    def _edition_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.edition:
            self.edition = event.value
            self.load()

    @on(Select.Changed, "#institution")
    def _institution_changed(self, event: Select.Changed) -> None:
        chosen = event.value if isinstance(event.value, int) else None
        if chosen != self.institution_id:
            self.institution_id = chosen
            self.load()

    # -- actions and life -------------------------------------------------------

    def action_next_edition(self) -> None:
        if len(self.editions) > 1:
            index = self.editions.index(self.edition) if self.edition in self.editions else -1
            self.query_one("#edition", Select).value = self.editions[
                (index + 1) % len(self.editions)
            ]

    def action_reload(self) -> None:
        self.load()

    def on_unmount(self) -> None:
        if self._own_store:
            self.store.dispose()
