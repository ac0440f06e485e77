"""docs/plugin-hooks.md is generated from core/hookspecs.py and must agree with it."""

from __future__ import annotations

import inspect
import re

import pluggy

from rtech import hookspecs
from rtech.hookdoc import hook_docs, render_hook_reference
from tests.seeds import ROOT

DOC = ROOT / "docs" / "plugin-hooks.md"


def specs() -> dict[str, object]:
    return {n: f for n, f in vars(hookspecs).items() if n.startswith("rtech_") and callable(f)}


def test_reference_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_hook_reference(), (
        "docs/plugin-hooks.md is stale: run `rtech plugin docs -o docs/plugin-hooks.md`"
    )


def test_every_hook_is_documented_with_its_signature() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `(rtech_\w+)`$", text, re.MULTILINE))
    assert documented == set(specs())
    for doc in hook_docs():
        assert f"```python\n{doc.signature}\n```" in text
        parameters = inspect.signature(specs()[doc.name]).parameters  # type: ignore[arg-type]
        for name in parameters:
            assert f"{name}:" in doc.signature


def test_every_hookspec_says_when_it_is_called_and_what_it_returns() -> None:
    for doc in hook_docs():
        assert doc.group, f"{doc.name} sits under a banner"
        assert "Called" in doc.doc, f"{doc.name}: say when it is called"
        if doc.signature.endswith("-> None") and "ignored" not in doc.doc:
            raise AssertionError(f"{doc.name}: say that the result is ignored")
        if not doc.signature.endswith("-> None"):
            assert ":return:" in doc.doc, f"{doc.name}: document the return value"
        for parameter in re.findall(r"(\w+):", doc.signature.split("(", 1)[1].split(")")[0]):
            if parameter != "technology" or ":param technology:" in doc.doc:
                assert f":param {parameter}:" in doc.doc, f"{doc.name}: document {parameter}"
        if doc.firstresult:
            assert "Stops at first non-None result" in doc.doc


def test_specs_are_registered_under_the_rtech_project() -> None:
    manager = pluggy.PluginManager("rtech")
    manager.add_hookspecs(hookspecs)
    assert {c.name for c in manager.hook.__dict__.values() if hasattr(c, "name")} >= set(specs())
