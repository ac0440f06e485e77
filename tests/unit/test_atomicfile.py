"""Files written whole or not at all (issue 19 item 3)."""

from __future__ import annotations

import os
from pathlib import Path

from rtech.atomicfile import discard, publish, stage, staged_path, write_atomic


def test_a_staged_file_has_no_name_until_published(tmp_path: Path) -> None:
    target = tmp_path / "case.pdf"
    target.write_bytes(b"old")
    temporary = stage(target, b"new")
    assert temporary == staged_path(target)
    assert temporary.name == f".case.pdf.{os.getpid()}.part"
    assert target.read_bytes() == b"old"  # readers still see the whole old file
    publish(temporary, target)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.pdf"]


def test_a_discarded_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "case.pdf"
    discard(stage(target, b"signed"))
    assert list(tmp_path.iterdir()) == []
    discard(tmp_path / ".gone.part")  # already gone: no error


def test_leftovers_of_a_killed_run_are_removed_when_the_name_is_written_again(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a[1]*.pdf"  # glob characters in the name are literal
    (tmp_path / ".a[1]*.pdf.99999.part").write_bytes(b"half")
    (tmp_path / ".other.pdf.99999.part").write_bytes(b"someone else's")
    write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.pdf.99999.part", "a[1]*.pdf"]
