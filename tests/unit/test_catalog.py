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
