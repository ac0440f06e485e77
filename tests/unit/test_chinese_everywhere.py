"""Issue 16 item 4: every user-facing string is Chinese. Every ``--help`` of the
command line, its common usage errors, every screen's key bindings and the
command palette: an English word outside the allow-list (command and option
names, choice values, codes, units, formats and product names) fails."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest

from rtech.cli import _zh, cli
from tests.cli import rtech

#: Names a user types or reads as they are: formats, products, standards, units.
ALLOWED = {
    "rtech",
    "PDF",
    "pdf",
    "JSON",
    "json",
    "jsonl",
    "XLSX",
    "xlsx",
    "CSV",
    "csv",
    "TOML",
    "toml",
    "md",
    "Markdown",
    "UTF",
    "GB",
    "GBK",
    "BOM",
    "SQL",
    "sql",
    "SQLite",
    "PostgreSQL",
    "postgresql",
    "peer",  # PostgreSQL's authentication method, as pg_hba.conf names it
    "postgres",
    "psql",
    "DuckDB",
    "duckdb",
    "Spark",
    "spark",
    "PAdES",
    "PEM",
    "DER",
    "PKCS",
    "pfx",
    "CA",
    "CN",
    "RFC",
    "URL",
    "CPU",
    "HIS",
    "HQMS",
    "ICD",
    "CM",
    "TSA",
    "UUID",
    "cGy",
    "min",
    "YYYY",
    "MM",
    "DD",
    "Textual",
    "Ctrl",
    "Tab",
    "Enter",
    "Esc",
    "F1",
    # Column names of rule exports and screening files, as their readers see them.
    "record_id",
    "catalog_no",
    "edition",
    "rule",
    "matched_codes",
    "needs_review",
    "review_reasons",
    "rstrip",
    "public",
    "discharge_date",
    "diagnoses",
    "procedures",
    "dose_rate",
    "numerator",
    "denominator",
    "incomplete",
    "layout",
    "wide",
    "head",
    "docs",
    "data",
    "config",
    "effective",
    "open",
    "read",
    "key",
    "value",
    "period",
    "diagnosis",
    "procedure",
    "draft",
    "submitted",
    "signed",
    "filing",
    "technology",
}


def _commands(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None
            yield from _commands(sub, [*path, name])


def _typed_names() -> set[str]:
    """Command names, choice values and technology slugs: what the user types."""
    from rtech.host import get_host

    names = {t.slug for t in get_host().technologies}
    for path, command in _commands(cli, []):
        names.update(path)
        names.update(part for name in path for part in name.split("-"))  # os-login: os
        for parameter in command.params:
            if isinstance(parameter.type, click.Choice):
                names.update(str(c) for c in parameter.type.choices)
    return names


def _english(text: str, allowed: set[str]) -> set[str]:
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", text)  # options as typed
    text = re.sub(r"RTECH_[A-Z_]+", " ", text)  # environment variables
    words = set(re.findall(r"[A-Za-z][A-Za-z_]+", text))
    return {w for w in words if w not in allowed and w.lower() not in allowed}


def test_every_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    _zh.install()
    allowed = ALLOWED | _typed_names()
    found: dict[str, set[str]] = {}
    for path, _command in _commands(cli, []):
        shown = rtech(capsys, *path, "--help")
        assert shown.code == 0, shown.err
        if english := _english(shown.out, allowed):
            found[" ".join(path) or "rtech"] = english
    assert found == {}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("cases", "show", "abc"), "不是有效的整数"),
        (("cases", "show"), "缺少参数"),
        (("eligibility", "check", "--physician", "x", "--technology", "cardio"), "整数"),
        (("eligibility", "check"), "缺少选项"),
        (("cases", "lst"), "没有命令"),
        (("cases", "list", "--bogus"), "没有选项"),
        (("cases", "list", "--format", "xml"), "不在可选值"),
        (("cases", "show", "1", "2"), "多余的参数"),
        (("indicators", "compute", "--period"), "需要一个取值"),
    ],
)
def test_usage_errors_are_chinese(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    shown = rtech(capsys, *args)
    assert shown.code == 2
    assert expected in shown.err
    echoed = {w for a in args for w in re.findall(r"[A-Za-z]+", a)}  # the user's own input
    assert _english(shown.err, ALLOWED | _typed_names() | echoed) == set()


def test_every_help_fits_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese help wraps by display width (a character is two columns), and its
    option column lines up as the terminal draws it."""
    from rich.cells import cell_len

    _zh.install()
    monkeypatch.setenv("COLUMNS", "80")
    too_wide: dict[str, list[str]] = {}
    for path, _command in _commands(cli, []):
        shown = rtech(capsys, *path, "--help")
        wide = [line for line in shown.out.splitlines() if cell_len(line) > 80]
        if wide:
            too_wide[" ".join(path) or "rtech"] = wide
    assert too_wide == {}
    shown = rtech(capsys, "verify", "--help").out
    starts = {
        cell_len(line[: line.index(text)])
        for line in shown.splitlines()
        for text in ("信任此证书", "不信任本机配置", "输出格式")
        if text in line
    }
    assert len(starts) == 1  # one description column
