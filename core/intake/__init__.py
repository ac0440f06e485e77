"""The conversational intake engine, UI-free.

A front end opens an intake and loops: show :attr:`Intake.prompt`, read a line,
show what :meth:`Intake.handle` replies. Everything else — parsing, validation,
branching, saving, review, submission — happens here.

- :func:`open_case_intake` — a case of a technology (new, resumed, or revised);
- :func:`open_registration` — the institution or a physician;
- :func:`registration_needed` — what a first run must register first;
- :func:`code_index` — the searchable code lists (for live suggestions).
"""

from rtech.intake.cases import CaseBackend, case_form, open_case_intake, resolve_institution
from rtech.intake.codeindex import CodeIndex, CodeItem, CodeMatch, code_index
from rtech.intake.engine import (
    REVIEW,
    Backend,
    Dropped,
    Finding,
    Intake,
    IntakeContext,
    Message,
    Prompt,
    Reply,
    Review,
    Suggestion,
)
from rtech.intake.registration import open_registration, registration_needed

__all__ = [
    "REVIEW",
    "Backend",
    "CaseBackend",
    "CodeIndex",
    "CodeItem",
    "CodeMatch",
    "Dropped",
    "Finding",
    "Intake",
    "IntakeContext",
    "Message",
    "Prompt",
    "Reply",
    "Review",
    "Suggestion",
    "case_form",
    "code_index",
    "open_case_intake",
    "open_registration",
    "registration_needed",
    "resolve_institution",
]
