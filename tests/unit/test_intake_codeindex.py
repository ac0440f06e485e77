"""The code index: matching order, code lists by id and kind, speed on large lists."""

from __future__ import annotations

import random

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


def test_tiers_come_first_however_many_other_entries_match() -> None:
    """A technology's few codes are found before 40 000 others that match as well.

    (How fast a keystroke is at this size is measured by tests/bench/tui_bench.py.)
    """
    rnd = random.Random(7)
    words = "冠状动脉粥样硬化性心脏病急性心肌梗死高血压房颤经皮支架置入术球囊扩张肺炎糖尿病骨折胃癌"
    entries = tuple(
        CodeEntry(
            f"{rnd.choice('ABCDEJKQ')}{rnd.randrange(100):02d}.{n // 1000:03d}x{n % 1000:03d}",
            "".join(rnd.choice(words) for _ in range(rnd.randrange(3, 15))) + "心肌梗死",
        )
        for n in range(40000)
    )
    own = ValueSet(
        "own.dx",
        CodeKind.DIAGNOSIS,
        "本技术",
        (CodeEntry("I21.0", "急性前壁心肌梗死"), CodeEntry("I21.9", "急性心肌梗死")),
    )
    dictionary = ValueSet("dictionary.diagnoses", CodeKind.DIAGNOSIS, "字典", entries[:30000])
    rest = ValueSet("other.dx", CodeKind.DIAGNOSIS, "其他", entries[30000:])
    index = CodeIndex.from_value_sets([rest, dictionary, own])
    tiers = (("own.dx",), ("dictionary.diagnoses",))
    found = index.search("心肌梗死", "icd10", limit=8, tiers=tiers)
    assert [m.item.code for m in found[:2]] == ["I21.9", "I21.0"]
    assert [m.tier for m in found] == [0, 0, 1, 1, 1, 1, 1, 1]
    assert index.search("心肌梗死", "icd10", limit=8)[0].item.code not in {"I21.0", "I21.9"}
    exact = index.search(entries[35000].code, "icd10", tiers=tiers)
    assert (exact[0].item.code, exact[0].rank, exact[0].tier) == (entries[35000].code, 0, 2)


def test_aliases_find_a_code_but_rank_below_its_name() -> None:
    index = CodeIndex.from_value_sets(
        [
            ValueSet(
                "a.dx",
                CodeKind.DIAGNOSIS,
                "甲",
                (
                    CodeEntry("I25.1", "动脉粥样硬化性心脏病", aliases=("冠心病", "GXB")),
                    CodeEntry("I20.9", "冠心病心绞痛"),
                ),
            ),
            ValueSet("b.dx", CodeKind.DIAGNOSIS, "乙", (CodeEntry("I25.1", "冠状动脉粥样硬化"),)),
        ]
    )
    item = index.get("I25.1", "icd10")
    assert item is not None
    assert item.name == "动脉粥样硬化性心脏病"  # the first list's name; the others' are aliases
    assert item.aliases == ("冠心病", "GXB", "冠状动脉粥样硬化")
    assert [(m.item.code, m.rank) for m in index.search("冠心病", "icd10")] == [
        ("I25.1", 0.5),
        ("I20.9", 2),
    ]
    assert index.search("gxb", "icd10")[0].item.code == "I25.1"  # the alias's initials
    assert index.search("冠状动脉粥样", "icd10")[0].item.code == "I25.1"
