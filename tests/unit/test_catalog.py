from __future__ import annotations

import pytest

from rtech.catalog import Citation, Technology


def make(**overrides: object) -> Technology:
    values: dict[str, object] = {
        "slug": "cardio",
        "name": "心血管疾病介入诊疗技术",
        "editions": {"2022": "S03", "2023": "S05"},
        "definitions": {"2023": "定义"},
    }
    values.update(overrides)
    return Technology(**values)  # type: ignore[arg-type]


def test_catalog_number_belongs_to_an_edition() -> None:
    technology = make()
    assert technology.catalog_no("2022") == "S03"
    assert technology.catalog_no("2023") == "S05"
    assert technology.latest_edition == "2023"
    assert technology.label() == "S05 心血管疾病介入诊疗技术"
    assert technology.label("2022") == "S03 心血管疾病介入诊疗技术"


def test_technology_is_immutable() -> None:
    technology = make()
    with pytest.raises(TypeError):
        technology.editions["2024"] = "S01"  # type: ignore[index]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Cardio"}, "slug"),
        ({"slug": "x"}, "slug"),
        ({"name": " "}, "no name"),
        ({"editions": {"2021": "S01"}}, "unknown edition"),
        ({"editions": {"2022": "3"}}, "catalog number"),
        ({"definitions": {"2024": "x"}}, "definition"),
    ],
)
def test_bad_metadata_is_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make(**overrides)


def test_citation_prints_like_the_seed_reference() -> None:
    assert str(Citation("2023", "S05", "一(二)1")) == "2023 S05 一(二)1"
    with pytest.raises(ValueError):
        Citation("2023", "S05", " ")
    with pytest.raises(ValueError):
        Citation("1999", "S05", "一")


def test_cite_indicator_names_each_edition_s_clause() -> None:
    technology = make()
    assert technology.cite_indicator({"2022": "二(七)"}, "定义。") == (
        Citation("2022", "S03", "质量控制指标 二(七)", "定义。"),
    )
    # One number in every edition of the technology, in the order given.
    assert technology.cite_indicator("一(二)", "定义。") == (
        Citation("2022", "S03", "质量控制指标 一(二)", "定义。"),
        Citation("2023", "S05", "质量控制指标 一(二)", "定义。"),
    )
    assert technology.cite_indicator(
        {"2023": "一(三)", "2022": "一(四)"}, {"2022": "甲。", "2023": "乙。"}
    ) == (
        Citation("2023", "S05", "质量控制指标 一(三)", "乙。"),
        Citation("2022", "S03", "质量控制指标 一(四)", "甲。"),
    )


def test_cite_indicator_refuses_an_edition_without_its_quote_or_clause() -> None:
    technology = make(editions={"2023": "S05"}, definitions={})
    with pytest.raises(ValueError, match="not in the 2022 edition"):
        technology.cite_indicator({"2022": "一"}, "定义。")
    with pytest.raises(ValueError, match="quotes for"):
        technology.cite_indicator({"2023": "一"}, {"2022": "甲。", "2023": "乙。"})
    with pytest.raises(ValueError, match="quotes for"):
        make().cite_indicator("一", {"2023": "乙。"})


def test_sources_default_to_every_seed_section_of_its_editions() -> None:
    assert make().sources == (
        Citation("2022", "S03", "第二部分 对应疾病诊断、手术/操作编码"),
        Citation("2022", "S03", "附件2 管理规范"),
        Citation("2022", "S03", "附件2 质量控制指标"),
        Citation("2023", "S05", "临床应用管理规范"),
        Citation("2023", "S05", "临床应用质量控制指标"),
    )
    only_2023 = make(editions={"2023": "S05"})
    assert [str(c) for c in only_2023.sources] == [
        "2023 S05 临床应用管理规范",
        "2023 S05 临床应用质量控制指标",
    ]
    named = (Citation("2023", "S05", "临床应用管理规范"),)
    assert make(editions={"2023": "S05"}, sources=named).sources == named
    assert make(editions={}, definitions={}).sources == ()
