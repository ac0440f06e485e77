"""Errors a user can act on. Their messages are Chinese and name the bad value."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """A problem with the user's input or setup, not a bug.

    The CLI prints the message (already Chinese) without a traceback and exits
    with status 2; the TUI shows it in place.
    """

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message
