"""The filing docs stay true: every JSON key is documented, every documented command exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import click
import pytest

from rtech.cli import cli
from rtech.filing.documents import document_from_json, document_to_json
from tests.seeds import ROOT
from tests.unit.filing.helpers import cochlear_report, example

DOCS = ROOT / "docs" / "filing"
#: Free-form content: the form's answers and the JSON Schema are not ours to document.
OPAQUE = {"answers", "form"}


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            if key not in OPAQUE:
                yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize("name", ["case-cardio", "registration-cardio", "report-cardio"])
def test_every_key_of_the_json_shape_is_documented(name: str) -> None:
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    data = document_to_json(document_from_json(example(name)))
    if name == "report-cardio":
        data["indicators"] += document_to_json(document_from_json(cochlear_report()))["indicators"]
    missing = sorted(set(_keys(data)) - documented)
    assert missing == []


def _commands(text: str) -> Iterator[list[str]]:
    """``rtech file|sign|verify …`` in inline code and in indented code blocks."""
    spans = re.findall(r"`rtech ((?:file|sign|verify)\b[^`]*)`", text)
    blocks = re.findall(r"^ {4}rtech ((?:file|sign|verify)\b[^#\n]*)", text, re.MULTILINE)
    for span in [*spans, *blocks]:
        words = [w.strip("[]()…") for w in span.split()]
        # `file case|registration|report`: any alternative will do, take the first.
        yield [w if w.startswith("-") else w.split("|")[0] for w in words if w]


@pytest.mark.parametrize("doc", ["README.md", "docs/filing/README.md"])
def test_the_documented_commands_and_options_exist(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    commands = list(_commands(text))
    assert commands, f"{doc} documents no filing command"
    context = click.Context(cli)
    for words in commands:
        command: click.Command | None = cli
        used = []
        while isinstance(command, click.Group) and words and not words[0].startswith("-"):
            used.append(words[0])
            command = command.get_command(context, words.pop(0))
            assert command is not None, f"{doc}: rtech {' '.join(used)}"
        assert command is not None
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for word in words:
            if word.startswith("--"):
                assert word in options, f"{doc}: rtech {' '.join(used)} has no {word}"
