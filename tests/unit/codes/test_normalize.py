"""Normalisation of code cells (issue 7: NFKC, spaces, case, placeholders, suffixes)."""

from __future__ import annotations

import pytest

from rtech.codes.model import CodeKind
from rtech.codes.normalize import CellStatus, is_plausible, normalize_cell

DX, PX = CodeKind.DIAGNOSIS, CodeKind.PROCEDURE


@pytest.mark.parametrize(
    ("raw", "kind", "codes"),
    [
        ("３７．３４０１", PX, ("37.3401",)),
        ("  37.3401\t", PX, ("37.3401",)),
        ("37. 34 01", PX, ("37.3401",)),
        ("37.3401\u3000", PX, ("37.3401",)),
        ("23.6X00X003", PX, ("23.6X00X003",)),
        ("23.6x00x003", PX, ("23.6X00X003",)),
        ("ｃ２２．１０１", DX, ("C22.101",)),
        ("C22.101M81600/3", DX, ("C22.101",)),
        ("C22.101 M8160/3", DX, ("C22.101",)),
        ("C22.101 81600/3", DX, ("C22.101",)),  # the morphology without its M
        ("A01.000x003+G01*", DX, ("A01.000X003", "G01")),
        ("A01.000†G01*", DX, ("A01.000", "G01")),
        ("C01.x00", DX, ("C01.X00",)),
    ],
)
def test_codes_are_normalised(raw: str, kind: CodeKind, codes: tuple[str, ...]) -> None:
    cell = normalize_cell(raw, kind)
    assert cell.status is CellStatus.CODE
    assert cell.codes == codes


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty_cells_are_no_code(raw: str) -> None:
    assert normalize_cell(raw, PX).status is CellStatus.EMPTY


@pytest.mark.parametrize("raw", ["-", "无", "/", "－", "／", " 无 ", "NULL", "null", "—"])
def test_placeholders_are_no_code(raw: str) -> None:
    assert normalize_cell(raw, DX).status is CellStatus.PLACEHOLDER
    assert normalize_cell(raw, PX).status is CellStatus.PLACEHOLDER


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("abc", PX),
        ("37,3401", PX),
        ("37.34O1", PX),
        ("３７、３４", PX),
        ("I2S.103", DX),
        ("？", DX),
        ("37.3401", DX),  # a procedure code in a diagnosis column
        ("C22.101", PX),
    ],
)
def test_implausible_cells_are_reported(raw: str, kind: CodeKind) -> None:
    cell = normalize_cell(raw, kind)
    assert cell.status is CellStatus.IMPLAUSIBLE
    assert cell.codes == ()


@pytest.mark.parametrize(
    ("key", "kind", "plausible"),
    [
        ("C22.101", DX, True),
        ("C22.101", PX, False),
        ("37.3401", PX, True),
        ("37.3401", DX, False),
        ("C22.1011", DX, False),  # four digits after the dot: not a national code
    ],
)
def test_plausibility_is_per_kind(key: str, kind: CodeKind, plausible: bool) -> None:
    assert is_plausible(key, kind) is plausible
