"""Every group of every technology's profile forms is titled in Chinese.

A group the norm's ``groups`` does not title falls back to its English key
(``_tree`` in rtech.eligibility.standard), which the form then shows the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from rtech.catalog import Technology
from rtech.host import get_host

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _groups(node: Mapping[str, Any], path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, key, title) of each object with questions, those asked after a switch too."""
    for key, child in node.get("properties", {}).items():
        if child.get("type") == "object" and "properties" in child:
            yield f"{path}{key}", key, child.get("title")
            yield from _groups(child, f"{path}{key}.")
    for branch in node.get("allOf", ()):
        yield from _groups(branch.get("then", {}), path)


def test_every_technology_of_both_editions_is_checked() -> None:
    technologies = get_host().technologies
    assert len(technologies) == 15
    assert {e for t in technologies for e in t.editions} == {"2022", "2023"}


@pytest.mark.parametrize("kind", ["institution", "physician"])
def test_profile_groups_have_chinese_titles(technology: Technology, kind: str) -> None:
    form = get_host().profile_form(technology.slug, kind)
    if form is None:
        pytest.skip(f"{technology.slug} has no {kind} profile")
    groups = list(_groups(form))
    untitled = [
        (path, title)
        for path, key, title in groups
        if not isinstance(title, str) or title == key or not _CHINESE.search(title)
    ]
    assert untitled == [], f"{technology.slug} {kind}: groups without a Chinese title"


def test_the_walk_finds_groups_behind_a_switch() -> None:
    """neurovascular asks ``base`` only after ``base_applies``: the walk reaches it."""
    form = get_host().profile_form("neurovascular", "institution")
    assert form is not None
    assert "base" in {path for path, _, _ in _groups(form)}
