"""Case answers as nested JSON: dotted paths, flattening and differences.

A path names a field by its keys and list indexes: ``coronary.stent_count``,
``devices.items.0.barcode``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MISSING", "diff", "flatten", "get_path"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def get_path(answers: Mapping[str, Any], path: str, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when any step is absent."""
    current: Any = answers
    for key in path.split("."):
        if isinstance(current, Mapping) and key in current:
            current = current[key]
        elif isinstance(current, list) and key.isdigit() and int(key) < len(current):
            current = current[int(key)]
        else:
            return default
    return current


def flatten(answers: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Leaf paths -> values. Empty lists and objects are leaves too."""
    flat: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping) and value:
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value:
            for index, item in enumerate(value):
                walk(item, f"{path}.{index}" if path else str(index))
        else:
            flat[path] = value

    walk(answers, prefix)
    return flat


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What changed, leaf by leaf: ``[{"path", "before", "after"}]`` (absent = omitted key)."""
    old, new = flatten(before), flatten(after)
    changes = []
    for path in sorted(set(old) | set(new)):
        if old.get(path, MISSING) != new.get(path, MISSING):
            change: dict[str, Any] = {"path": path}
            if path in old:
                change["before"] = old[path]
            if path in new:
                change["after"] = new[path]
            changes.append(change)
    return changes
