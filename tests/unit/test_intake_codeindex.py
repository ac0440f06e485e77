"""The code index: matching order, code lists by id and kind, speed on large lists."""

from __future__ import annotations

import random
import statistics
import time

from rtech.codes.model import CodeEntry, CodeKind, ValueSet
from rtech.intake.codeindex import CodeIndex, code_index, looks_like_code, normalise_code
from tests.support.intake import host_with_codes

SETS = [
    ValueSet(
        "a.dx",
        CodeKind.DIAGNOSIS,
        "甲",
        (CodeEntry("I25.9", "冠心病"), CodeEntry("I25.1", "动脉硬化性心脏病")),
    ),
    ValueSet(
        "b.dx",
        CodeKind.DIAGNOSIS,
        "乙",
        (CodeEntry("I25.9", "冠心病"), CodeEntry("I10", "原发性高血压")),
    ),
    ValueSet("b.px", CodeKind.PROCEDURE, "丙", (CodeEntry("36.0700", "药物洗脱冠状动脉支架置入"),)),
]


def test_one_entry_per_code_listing_every_set() -> None:
    index = CodeIndex.from_value_sets(SETS)
    assert len(index) == 4
    item = index.get("i25.9", "icd10")
    assert item is not None
    assert item.sets == ("a.dx", "b.dx")
    assert index.get("I10", "a.dx") is None  # a set searches only its own codes
    assert index.get("36.07", "icd10") is None  # procedures are not diagnoses
    assert index.kind_of("b.px") is CodeKind.PROCEDURE
    assert index.set_ids == {"a.dx", "b.dx", "b.px"}


def test_matching_order() -> None:
    index = CodeIndex.from_value_sets(SETS)
    assert [m.how for m in index.search("I25.9", "icd10")][:1] == ["code"]
    assert index.search("gxb", "icd10")[0].item.name == "冠心病"
    assert index.search("guanxin", "icd10")[0].item.name == "冠心病"
    assert index.search("高血压", "icd10")[0].item.code == "I10"
    assert [m.item.code for m in index.search("I25", "icd10")] == ["I25.1", "I25.9"]
    assert index.search("", "icd10") == []


def test_codes_and_their_shapes() -> None:
    assert normalise_code(" i25.9 ") == "I259"
    assert looks_like_code("I21.900", CodeKind.DIAGNOSIS)
    assert looks_like_code("36.0700x004", CodeKind.PROCEDURE)
    assert not looks_like_code("36.07", CodeKind.DIAGNOSIS)
    assert not looks_like_code("冠心病", None)


def test_the_host_index_holds_the_plugins_lists() -> None:
    host = host_with_codes()
    index = code_index(host)
    assert code_index(host) is index
    assert {"test.diagnoses", "test.procedures"} <= index.set_ids
    assert index.search("房间隔缺损封堵", "icd9cm3")[0].item.code == "35.5200x001"


def test_keystrokes_are_fast_on_tens_of_thousands_of_entries() -> None:
    rnd = random.Random(7)
    words = "冠状动脉粥样硬化性心脏病急性心肌梗死高血压房颤经皮支架置入术球囊扩张肺炎糖尿病骨折胃癌"
    entries = tuple(
        CodeEntry(
            f"{rnd.choice('ABCDEIJKQ')}{rnd.randrange(100):02d}.{rnd.randrange(1000):03d}x{n:03d}",
            "".join(rnd.choice(words) for _ in range(rnd.randrange(3, 15))),
        )
        for n in range(40000)
    )
    index = CodeIndex.from_value_sets([ValueSet("big", CodeKind.DIAGNOSIS, "大", entries)])
    index.warm(["icd10"])
    timings = []
    for query in [
        "g",
        "gx",
        "gxb",
        "冠",
        "冠心",
        "心肌梗",
        "I2",
        "I25",
        "I25.1",
        "zh",
        "guanz",
        "xyz",
    ]:
        start = time.perf_counter()
        index.search(query, "icd10", limit=8)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.02, timings
    assert max(timings) < 0.1, timings
