"""Case answers as nested JSON: dotted paths, flattening and differences.

A path names a field by its keys and list indexes: ``coronary.stent_count``,
``devices.items.0.barcode``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "MISSING",
    "delete_path",
    "diff",
    "flatten",
    "get_path",
    "join_path",
    "set_path",
    "split_path",
]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


Path = str | tuple[str, ...]


def split_path(path: Path) -> tuple[str, ...]:
    """``"a.b"`` or ``("a", "b")`` -> ``("a", "b")``; the empty path is the root."""
    if isinstance(path, tuple):
        return path
    return tuple(path.split(".")) if path else ()


def join_path(path: Path) -> str:
    return path if isinstance(path, str) else ".".join(path)


def get_path(answers: Mapping[str, Any], path: Path, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when any step is absent."""
    current: Any = answers
    for key in split_path(path):
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


def set_path(answers: dict[str, Any], path: Path, value: Any) -> None:
    """Set the value at ``path`` (keys only), creating the objects on the way."""
    keys = split_path(path)
    if not keys:
        raise ValueError("cannot set the root")
    current = answers
    for key in keys[:-1]:
        child = current.get(key)
        if not isinstance(child, dict):
            child = {}
            current[key] = child
        current = child
    current[keys[-1]] = value


def delete_path(answers: dict[str, Any], path: Path) -> Any:
    """Remove the value at ``path`` and return it (``MISSING`` when absent).

    Objects left empty on the way are removed too, so a dropped branch leaves
    no trace in the answers.
    """
    keys = split_path(path)
    trail: list[dict[str, Any]] = []
    current: Any = answers
    for key in keys[:-1]:
        if not isinstance(current, dict) or not isinstance(current.get(key), dict):
            return MISSING
        trail.append(current)
        current = current[key]
    if not isinstance(current, dict) or keys[-1] not in current:
        return MISSING
    value = current.pop(keys[-1])
    for parent, key in zip(reversed(trail), reversed(keys[:-1]), strict=True):
        if parent[key] == {}:
            del parent[key]
        else:
            break
    return value
