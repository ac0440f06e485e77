"""The host loads entry points, isolates broken plugins and calls hooks per technology."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from rtech import Check, Citation, Level, Technology, conditions, hookimpl
from rtech.errors import UserError
from rtech.host import ENTRY_POINT_GROUP, Host, make_plugin_manager
from tests.support.bare_plugin import SLUG, bare_host

GOOD = """
from rtech import Check, Citation, Level, Technology, conditions, hookimpl

TECHNOLOGY = Technology(slug="{slug}", name="测试技术{slug}", editions={{}}, definitions={{}})

@hookimpl
def rtech_technology():
    return TECHNOLOGY

@hookimpl
def rtech_case_form():
    return {{"title": "{slug}"}}
"""


def install_fake_distribution(site: Path, dist: str, modules: dict[str, str]) -> None:
    """A distribution with entry points in ``rtech.technologies``, on sys.path."""
    info = site / f"{dist}-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.3\n")
    lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{name} = {name}" for name in modules]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for name, source in modules.items():
        (site / f"{name}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    importlib.invalidate_caches()
    yield path
    for name in list(sys.modules):
        if name.startswith("fake_"):
            del sys.modules[name]


def host() -> Host:
    return Host.from_plugin_manager(make_plugin_manager())


def test_the_fifteen_builtins_load_through_entry_points() -> None:
    loaded = host()
    assert loaded.load_errors == []
    assert len(loaded.technologies) == 15
    assert [t.slug for t in loaded.technologies][:5] == [
        "s01_implant",
        "s02_hifu",
        "cardio",
        "maxillofacial_tumor",
        "craniofacial",
    ]
    cardio = loaded.plugin_for("cardio")
    assert cardio.distribution == "rtech"
    assert cardio.technology is not None
    assert cardio.technology.version == cardio.version


def test_a_broken_plugin_is_reported_by_name_and_the_others_load(site: Path) -> None:
    install_fake_distribution(
        site,
        "fake-plugins",
        {
            "fake_broken": "raise ImportError('no such module: numpyy')\n",
            "fake_good": GOOD.format(slug="fake_good"),
            "fake_misspelled": "from rtech import hookimpl\n\n"
            "@hookimpl\ndef rtech_technolgy():\n    return None\n",
            "fake_bad_return": "from rtech import hookimpl\n\n"
            "@hookimpl\ndef rtech_technology():\n    return 'cardio'\n",
        },
    )
    loaded = host()
    errors = {e.name: e for e in loaded.load_errors}
    assert set(errors) == {"fake_broken", "fake_misspelled", "fake_bad_return"}
    assert "numpyy" in errors["fake_broken"].message
    assert "插件“fake_broken”" in errors["fake_broken"].message
    assert "rtech_technolgy" in errors["fake_misspelled"].error
    assert len(loaded.technologies) == 16
    good = loaded.plugin_for("fake_good")
    assert good.version == "0.3"
    assert good.distribution == "fake-plugins"


def test_technology_hooks_reach_only_their_own_plugin(site: Path) -> None:
    install_fake_distribution(
        site,
        "fake-two",
        {"fake_one": GOOD.format(slug="fake_one"), "fake_two": GOOD.format(slug="fake_two")},
    )
    loaded = host()
    assert loaded.case_form("fake_one") == {"title": "fake_one"}
    assert loaded.case_form("fake_two") == {"title": "fake_two"}


def _check(technology: Technology, edition: str) -> Check:
    number = technology.catalog_no(edition) or "S99"
    return Check(
        f"{technology.slug}.ext.{edition}",
        Level.INSTITUTION,
        "扩展的检查",
        Citation(edition, number, "管理规范 一(一)", "原文"),
        conditions.is_true("profile.x", label="x"),
    )


def test_extensions_see_every_technology_and_the_host_filters_by_edition() -> None:
    class Extension:
        @hookimpl
        def rtech_eligibility_checks(self, technology: Technology) -> list[Check]:
            # Every edition at once: the host keeps the edition asked about.
            return [_check(technology, "2022"), _check(technology, "2023")]

    loaded = bare_host(("ext", Extension()))
    # Beside cardio's own checks, the extension's result.
    ids = [c.id for c in loaded.eligibility_checks("cardio", "2023")]
    assert "cardio.ext.2023" in ids
    assert "cardio.ext.2022" not in ids
    assert [c.id for c in loaded.eligibility_checks(SLUG, "2023")] == [f"{SLUG}.ext.2023"]
    assert loaded.plugins[-1].technology is None
    assert all(c.citation.edition == "2022" for c in loaded.eligibility_checks("cardio", "2022"))


CONVENTIONAL = {
    "__init__.py": '"""A technology whose parts are found by convention."""\n',
    "meta.py": """
        from rtech import Technology

        TECHNOLOGY = Technology(
            slug="fake_conv", name="约定技术", editions={"2022": "S01", "2023": "S02"},
            definitions={},
        )
        """,
    "form.schema.json": '{"title": "约定技术病例信息"}',
    "profile_physician.schema.json": '{"title": "约定技术 医师条件"}',
    "checks.py": """
        from rtech import Check, Citation, Level, conditions
        from fake_conv.meta import TECHNOLOGY

        CHECKS = tuple(
            Check(
                f"fake_conv.c{e}", Level.INSTITUTION, "检查",
                TECHNOLOGY.cite(e, "管理规范 一(一)", "原文"),
                conditions.is_true("profile.x", label="x"),
            )
            for e in ("2022", "2023")
        )
        """,
    "indicators.py": """
        from rtech import F, Indicator, IndicatorType, Direction
        from fake_conv.meta import TECHNOLOGY

        INDICATORS = (
            Indicator(
                id="only_2023", name="指标", type=IndicatorType.OUTCOME,
                direction=Direction.UP,
                citations=(TECHNOLOGY.cite("2023", "质量控制指标 一", "定义"),),
                denominator=F("a").is_true(), numerator=F("b").is_true(),
            ),
        )
        """,
}


def install_package(site: Path, name: str, files: dict[str, str], *, implements: str = "") -> None:
    package = site / name
    package.mkdir()
    for filename, text in files.items():
        (package / filename).write_text(textwrap.dedent(text), encoding="utf-8")
    if implements:
        with (package / "__init__.py").open("a", encoding="utf-8") as out:
            out.write(textwrap.dedent(implements))
    info = site / f"{name}-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.3\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {name}\n")


def test_a_package_is_wired_by_convention(site: Path) -> None:
    install_package(site, "fake_conv", CONVENTIONAL)
    loaded = host()
    assert loaded.load_errors == []
    info = loaded.plugin_for("fake_conv")
    assert info.hooks == (
        "rtech_case_form",
        "rtech_eligibility_checks",
        "rtech_followup_schedule",  # a norm in checks may plan a visit
        "rtech_indicators",
        "rtech_profile_form",
        "rtech_technology",
    )
    assert set(info.by_convention) == set(info.hooks)  # the package implements no hook
    assert loaded.technology("fake_conv").name == "约定技术"
    assert loaded.case_form("fake_conv") == {"title": "约定技术病例信息"}
    assert loaded.profile_form("fake_conv", "physician") == {"title": "约定技术 医师条件"}
    assert loaded.profile_form("fake_conv", "institution") is None
    assert [c.id for c in loaded.eligibility_checks("fake_conv", "2022")] == ["fake_conv.c2022"]
    assert [c.citation.catalog_no for c in loaded.eligibility_checks("fake_conv", "2023")] == [
        "S02"
    ]
    assert loaded.indicators("fake_conv", "2022") == []
    assert [i.id for i in loaded.indicators("fake_conv", "2023")] == ["only_2023"]
    assert loaded.code_rules("fake_conv", "2022") is None
    assert loaded.followup_schedule("fake_conv") is None  # CHECKS, but no norm


def test_a_hook_the_package_implements_wins_over_its_parts(site: Path) -> None:
    install_package(
        site,
        "fake_conv",
        CONVENTIONAL,
        implements="""
            from rtech import hookimpl

            @hookimpl
            def rtech_case_form():
                return {"title": "亲自实现的表单"}
            """,
    )
    loaded = host()
    info = loaded.plugin_for("fake_conv")
    assert "rtech_case_form" in info.hooks
    assert "rtech_case_form" not in info.by_convention
    assert loaded.case_form("fake_conv") == {"title": "亲自实现的表单"}
    # The other parts are still found.
    assert [c.id for c in loaded.eligibility_checks("fake_conv", "2023")] == ["fake_conv.c2023"]


def test_the_builtins_are_wired_by_convention() -> None:
    cardio = host().plugin_for("cardio")
    assert set(cardio.by_convention) == {
        "rtech_technology",
        "rtech_case_form",
        "rtech_profile_form",
        "rtech_eligibility_checks",
        "rtech_indicators",
        "rtech_code_rules",
        "rtech_followup_schedule",
        "rtech_demo",
        "rtech_curated_codes",
    }
    assert bare_host().plugin_for(SLUG).hooks == ("rtech_technology",)


def test_duplicate_slug_is_refused(site: Path) -> None:
    install_fake_distribution(site, "fake-dup", {"fake_dup": GOOD.format(slug="cardio")})
    loaded = host()
    assert [e.name for e in loaded.load_errors] == ["fake_dup"]
    assert loaded.technology("cardio").name == "心血管疾病介入诊疗技术"


def test_autoload_switch_keeps_builtins_and_named_plugins(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_distribution(
        site,
        "fake-opt",
        {"fake_a": GOOD.format(slug="fake_a"), "fake_b": GOOD.format(slug="fake_b")},
    )
    monkeypatch.setenv("RTECH_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert len(host().technologies) == 15
    monkeypatch.setenv("RTECH_PLUGINS", "fake_b")
    slugs = [t.slug for t in host().technologies]
    assert "fake_b" in slugs
    assert "fake_a" not in slugs


def test_tracing_writes_hook_calls_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RTECH_TRACE_PLUGINS", "1")
    host().case_form("cardio")
    assert "rtech_case_form" in capsys.readouterr().err


def test_unknown_technology_and_edition_are_user_errors() -> None:
    loaded = host()
    with pytest.raises(UserError, match="未知的技术“heart”"):
        loaded.technology("heart")
    with pytest.raises(UserError, match="未知的版本“2021”"):
        loaded.indicators("cardio", "2021")


def test_no_plugin_manager_exists_at_import_time() -> None:
    import rtech.host

    assert not any(
        type(value).__name__ == "RtechPluginManager" for value in vars(rtech.host).values()
    )
    assert rtech.host.get_host.cache_info().currsize == 0
