"""The byte-level prefilter never misses a cell that normalises to a trigger code."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rtech.codes.normalize import squeeze
from rtech.host import get_host
from rtech.screening.prefilter import Prefilter, exotic_characters


@cache
def trigger_keys() -> tuple[str, ...]:
    host = get_host()
    keys: set[str] = set()
    for technology in host.technologies:
        rules = host.code_rules(technology.slug, "2022") if "2022" in technology.editions else None
        if rules is not None:
            keys |= {k for _, k in rules.rule.trigger_keys() or ()}
    return tuple(sorted(keys))


@cache
def prefilter(encoding: str, engine: str) -> Prefilter:
    return Prefilter(trigger_keys(), encoding, engine=engine)


@cache
def lookalikes() -> dict[str, list[str]]:
    """code character -> every character that normalises to it."""
    table: dict[str, list[str]] = {}
    for char in sorted(exotic_characters()):
        form = unicodedata.normalize("NFKC", char).upper()
        if len(form) == 1 and not form.isspace():
            table.setdefault(form, []).append(char)
    return table


SPACES = [" ", "\t", "\u3000", "\u00a0", "\u2003", "  "]


@st.composite
def noisy_cells(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(st.sampled_from(trigger_keys()))
    out = []
    for char in key:
        if draw(st.booleans()) and draw(st.booleans()):
            out.append(draw(st.sampled_from(SPACES)))
        variants = [char, char.lower(), *lookalikes().get(char, [])]
        out.append(draw(st.sampled_from(variants)))
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(SPACES)))
    return key, "".join(out)


def test_exotic_characters_cover_all_of_unicode() -> None:
    assert exotic_characters() == exotic_characters(everything=True)


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@settings(max_examples=300, deadline=None)
@given(cell=noisy_cells(), before=st.text(max_size=20), quoted=st.booleans())
def test_no_noisy_trigger_code_is_missed(
    encoding: str, engine: str, cell: tuple[str, str], before: str, quoted: bool
) -> None:
    key, raw = cell
    assert squeeze(raw) == key
    shown = f'"{raw}"' if quoted else raw
    line = f"BA001,{before.replace(chr(10), '')},2023-01-01,{shown},X\n"
    try:
        data = ("H1,H2\n" + line + "A,B\n").encode(encoding)
    except UnicodeEncodeError:
        return
    positions = prefilter(encoding, engine).positions(data)
    start = data.index(b"BA001")
    stop = data.index(b"\n", start)
    assert any(start < p <= stop for p in positions), (key, raw)


@pytest.mark.parametrize("delimiter", [",", "\t"])
@settings(max_examples=400, deadline=None)
@given(cell=noisy_cells(), before=st.text(max_size=20), quoted=st.booleans())
def test_no_noisy_trigger_code_is_missed_in_the_canonical_form(
    delimiter: str, cell: tuple[str, str], before: str, quoted: bool
) -> None:
    """The canonical lane (fastcsv._canonical: full-width code characters as ASCII,
    spaces dropped) scans a block as normalisation sees it; it still flags every
    line with a cell that normalises to a trigger key."""
    import numpy as np

    from rtech.screening.fastcsv import _canonical

    key, raw = cell
    if delimiter in raw:
        return  # a tab inside a cell of a tab-separated file is quoted: covered above
    shown = f'"{raw}"' if quoted else raw
    other = before.replace("\n", "").replace(delimiter, "")
    line = delimiter.join(["BA001", other, "2023-01-01", shown, "X"])
    data = f"H1{delimiter}H2\nA{delimiter}B\n{line}\nA{delimiter}B\n".encode(errors="replace")
    try:
        line.encode()
    except UnicodeEncodeError:
        return  # lone surrogates
    text = _canonical(np.frombuffer(data, dtype=np.uint8), ord(delimiter))
    assert text.count(b"\n") == data.count(b"\n")
    positions = prefilter("utf-8", "hyperscan").positions(text)
    lines = {text.count(b"\n", 0, p - 1) for p in positions}
    assert 2 in lines, (key, raw, text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("３７．３４０１", b"37.3401"),
        (" 37 .3401\u3000", b"37.3401"),
        ("２３．６ｘ００Ｘ００３", b"23.6x00X003"),
        ("（３）、张 三，", "（3）、张三，".encode()),  # only code characters are mapped
    ],
)
def test_the_canonical_form(raw: str, expected: bytes) -> None:
    import numpy as np

    from rtech.screening.fastcsv import _canonical

    data = f"A,{raw},B\n".encode()
    assert _canonical(np.frombuffer(data, dtype=np.uint8), ord(",")) == b"A," + expected + b",B\n"


@st.composite
def ascii_spaced_cells(draw: st.DrawFn) -> tuple[str, str]:
    """Plain ASCII: the code with ASCII spaces only, at least one beside its dot."""
    key = draw(st.sampled_from([k for k in trigger_keys() if "." in k and k.isascii()]))
    dot = key.index(".")
    head, tail = key[:dot], key[dot + 1 :]
    side = draw(st.sampled_from(["before", "after", "both"]))
    before = " " * draw(st.integers(1, 2)) if side != "after" else ""
    after = " " * draw(st.integers(1, 2)) if side != "before" else ""
    if draw(st.booleans()):
        head, tail = head.lower(), tail.lower()
    return key, f"{head}{before}.{after}{tail}"


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
@settings(max_examples=200, deadline=None)
@given(cell=ascii_spaced_cells(), quoted=st.booleans())
def test_no_ascii_code_with_a_space_beside_its_dot_is_missed(
    engine: str, cell: tuple[str, str], quoted: bool
) -> None:
    # Non-ASCII look-alikes trigger other patterns; here only the spaces can.
    key, raw = cell
    assert raw.isascii()
    assert squeeze(raw) == key
    shown = f'"{raw}"' if quoted else raw
    data = f"H1,H2\nBA001,2023-01-01,{shown},X\nA,B\n".encode()
    positions = prefilter("utf-8", engine).positions(data)
    start = data.index(b"BA001")
    stop = data.index(b"\n", start)
    assert any(start < p <= stop for p in positions), (key, raw)


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
@pytest.mark.parametrize("raw", ["37 .3401", "37. 3401", "37 . 3401"])
def test_a_space_on_either_side_of_the_dot_is_a_candidate(engine: str, raw: str) -> None:
    data = f"BA1,{raw},x\n".encode()
    assert prefilter("utf-8", engine).positions(data), raw


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
def test_ordinary_lines_are_not_candidates(engine: str) -> None:
    lines = [
        "BA1,张三,2023-01-05 08:00:00,I25.103,99.0401,1234.56,四川省成都市人民南路３号（二楼）",
        "BA2,李四,2023/1/5,C22.000,88.7101,0.00,，。、（）",
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # '３' is a full-width digit: that line is a candidate, the other is not.
    positions = prefilter("utf-8", engine).positions(data)
    candidates = {data.rfind(b"\n", 0, p) + 1 for p in positions}
    assert candidates == {0}


def test_wrongly_encoded_fullwidth_digits_are_candidates() -> None:
    gbk_digits = "３７．３４０１".encode("gb18030")
    data = b"BA1," + gbk_digits + b",x\n"
    assert prefilter("utf-8", "hyperscan").positions(data)
    assert prefilter("gb18030", "hyperscan").positions("BA1,３７,x\n".encode())


def test_patterns_are_cached_and_a_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rtech.screening import prefilter as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    keys = trigger_keys()
    built = module._patterns(keys, "utf-8")
    assert module._cached_patterns(keys, "utf-8") == built  # built and written
    (cached,) = tmp_path.rglob("patterns-*.bin")
    assert module._cached_patterns(keys, "utf-8") == built  # read back
    cached.write_bytes(cached.read_bytes()[:-7] + b"garbage")
    assert module._cached_patterns(keys, "utf-8") == built  # damaged: rebuilt
    assert module._cached_patterns(keys, "gb18030") == module._patterns(keys, "gb18030")
    assert len(list(tmp_path.rglob("patterns-*.bin"))) == 2


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
def test_count_lines_counts_flagged_lines_up_to_enough(engine: str) -> None:
    """The lane probe's count: lines holding a possible trigger code (two in one line
    count once, a blank line never), and the search stops at ``enough``."""
    import numpy as np

    key = trigger_keys()[0]
    lines = [f"A,{key},", "B,I10.x00,", f"C,{key},{key}", "", f"D,x,{key}", "E,,"]
    data = ("\n".join(lines) + "\n").encode()
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    found = prefilter("utf-8", engine)
    assert found.count_lines(data, newlines, 100) == 3
    assert found.count_lines(data, newlines, 3) == 3
    assert found.count_lines(data, newlines, 2) == 2  # enough: no need to look further
    assert found.count_lines(data, newlines, 1) == 1
    assert found.count_lines(b"B,I10.x00,\n\n", np.array([10, 11]), 5) == 0
