"""``rtech plugin new``: an installable technology plugin in the built-ins' layout.

The package holds its parts under the names the host finds by convention
(:mod:`rtech.conventions`): ``meta.py`` (the Technology), ``form.schema.json``
(a stub case form built from the shared fragments), ``checks.py`` (a
:class:`rtech.Norm` on the standard norm) and ``indicators.py``; its tests run
rtech's conformance suite (:mod:`rtech.testing`). A technology in no edition
(a local one) cannot cite a seed, so its checks and indicators start empty and
the suite skips them with that reason.

Everything the user typed (the name, the definition) reaches the generated
files only through ``repr`` (Python) or ``json.dumps`` (JSON, TOML strings),
never pasted into source text: ``--name '测"试'`` stays a name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rtech.catalog import EDITIONS, Technology
from rtech.errors import UserError

__all__ = ["scaffold_plugin"]

_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def scaffold_plugin(
    slug: str,
    name: str,
    directory: Path,
    *,
    edition: str | None = None,
    catalog_no: str | None = None,
    definition: str = "",
) -> Path:
    """Write the package ``rtech-<slug>`` under ``directory``; return its root."""
    if not _SLUG.match(slug):
        raise UserError(
            f"插件标识“{slug}”无效：只能使用小写字母、数字和下划线，以字母开头，2～40 个字符。"
        )
    if not name.strip():
        raise UserError("请用 --name 给出技术的中文名称。")
    if any(ch in name for ch in "\r\n\x00") or any(ch in definition for ch in "\x00"):
        raise UserError("技术名称不能包含换行或空字符。")
    if (edition is None) != (catalog_no is None):
        raise UserError("--edition 与 --catalog-no 需同时给出。")
    if edition is not None and edition not in EDITIONS:
        raise UserError(f"未知的版本“{edition}”。可用的版本：{'、'.join(EDITIONS)}")
    editions = {edition: catalog_no} if edition and catalog_no else {}
    definitions = {edition: definition} if edition and definition else {}
    try:  # validate exactly as the host will
        Technology(slug=slug, name=name, editions=editions, definitions=definitions)
    except ValueError as exc:
        raise UserError(f"插件元数据无效：{exc}") from exc

    package = f"rtech_{slug}"
    root = directory / f"rtech-{slug.replace('_', '-')}"
    if root.exists() and any(root.iterdir()):
        raise UserError(f"目录 {root} 已存在且不为空，未做任何改动。")
    (root / package).mkdir(parents=True, exist_ok=True)
    (root / "tests").mkdir(exist_ok=True)

    files = {
        root / "pyproject.toml": _pyproject(slug, package, name),
        root / "README.md": _README.format(slug=slug, package=package),
        root / package / "__init__.py": f'"""{_safe_doc(name)}: an rtech technology plugin."""\n',
        root / package / "meta.py": _meta(slug, name, editions, definitions),
        root / package / "form.schema.json": _form(name),
        root / package / "checks.py": _checks(package, edition),
        root / package / "indicators.py": _indicators(package, edition),
        root / "tests" / "test_conformance.py": _CONFORMANCE,
        root / "tests" / f"test_{slug}.py": _TEST.format(slug=repr(slug), name=repr(name)),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return root


def _safe_doc(text: str) -> str:
    """Text for a docstring: no quotes or backslashes that could end or bend it."""
    return re.sub(r'["\\]', "", text)


def _pyproject(slug: str, package: str, name: str) -> str:
    def toml(value: str) -> str:  # a TOML basic string: JSON's escaping is valid TOML
        return json.dumps(value, ensure_ascii=False)

    return f"""\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "rtech-{slug.replace("_", "-")}"
version = "0.1.0"
description = {toml("rtech plugin: " + name)}
requires-python = ">=3.11"
dependencies = ["rtech"]

[project.entry-points."rtech.technologies"]
{slug} = "{package}"

[tool.setuptools]
packages = ["{package}"]

[tool.setuptools.package-data]
{package} = ["*.json"]

[tool.pytest.ini_options]
# rtech's conformance suite (rtech.testing) runs for this technology.
rtech_technologies = ["{slug}"]
"""


_README = """\
# rtech plugin `{slug}`

The built-ins' layout: the host finds each part by its name (no hook wiring).

| file | what it is |
|---|---|
| `{package}/meta.py` | the Technology: slug, name, editions, quoted definitions |
| `{package}/form.schema.json` | the case form (rtech's docs/forms.md; shared fragments by `$ref`) |
| `{package}/checks.py` | the 管理规范 on rtech's standard norm (`rtech.Norm`) |
| `{package}/indicators.py` | the 质量控制指标 (`rtech.Indicator`) |

    pip install -e .
    rtech plugins
    pytest                     # your tests and rtech's conformance suite

rtech's `docs/plugin-guide.md` walks through a whole technology. Import only
from `rtech`; quote the seed and cite the clause for every rule and indicator.
"""


def _meta(slug: str, name: str, editions: dict[str, str], definitions: dict[str, str]) -> str:
    sources = "".join(
        f"\n        Citation({e!r}, {n!r}, {'临床应用管理规范'!r}),"
        f"\n        Citation({e!r}, {n!r}, {'临床应用质量控制指标'!r}),"
        for e, n in editions.items()
    )
    return f'''\
"""The technology: names, editions and catalog numbers, definitions quoted from the seed."""

from rtech import Citation, Technology

TECHNOLOGY = Technology(
    slug={slug!r},
    name={name!r},
    # edition -> catalog number, e.g. {{"2023": "S14"}}; empty for a local technology
    editions={editions!r},
    # edition -> the definition (技术定义), quoted from the norm
    definitions={definitions!r},
    # the sections of the seed this plugin is built from
    sources=({sources}
    ),
)
'''


def _checks(package: str, edition: str | None) -> str:
    if edition is None:
        return '''\
"""The 管理规范's checks. A local technology (in no edition) cites no seed clause,
so it has none yet: declare ``TECHNOLOGY.editions`` first, then a ``Norm`` here."""

from rtech import Check

CHECKS: tuple[Check, ...] = ()
'''
    return f'''\
"""The 管理规范 on rtech's standard norm: each clause with this technology's numbers.

Replace the clause numbers and quotes with the seed's; add every clause of
一、二、三、四 (rtech's docs/plugin-guide.md lists the standard clauses).
"""

from rtech import Norm
from rtech import norm as n
from {package}.meta import TECHNOLOGY


class TechnologyNorm(Norm):
    technology = TECHNOLOGY
    skill = TECHNOLOGY.name

    capacity = n.Capacity("一(一)")
    physicians = n.Physicians("一(二)", 2)
    consent = n.Consent("三(一)", "实施前，应当向患者及其家属告知，并签署知情同意书。")


NORM = TechnologyNorm
'''


def _indicators(package: str, edition: str | None) -> str:
    if edition is None:
        return '''\
"""The 质量控制指标. A local technology (in no edition) cites no seed clause, so it has
none yet."""

from rtech import Indicator

INDICATORS: tuple[Indicator, ...] = ()
'''
    return f'''\
"""The 质量控制指标, each citing its clause with the seed's definition sentence."""

from rtech import F, IndicatorKit
from {package}.meta import TECHNOLOGY

kit = IndicatorKit(TECHNOLOGY)

INDICATORS = (
    kit.indicator(
        id="success",
        name="治疗成功率",
        clause="一",
        quote="治疗成功的患者数占同期治疗患者总数的比例。",
        type="结果",
        direction="提高",
        denominator=F("procedure.success").isin((True, False)),
        numerator=F("procedure.success").is_true(),
    ),
)
'''


_CONFORMANCE = '''\
"""rtech's conformance suite (rtech.testing), run for this plugin's technology."""

from rtech.testing.suite import *  # noqa: F403 - the suite's tests, collected here
'''

_TEST = '''\
"""The plugin is found by rtech's host, declares its technology, and has an askable form."""

from rtech import lint_form
from rtech.host import Host, make_plugin_manager


def test_rtech_loads_the_plugin() -> None:
    host = Host.from_plugin_manager(make_plugin_manager())
    assert not [e for e in host.load_errors if e.name == {slug}]
    technology = host.technology({slug})
    assert technology.name == {name}


def test_the_case_form_passes_the_engine_lint() -> None:
    host = Host.from_plugin_manager(make_plugin_manager())
    schema = host.case_form({slug})
    assert schema is not None
    assert [str(problem) for problem in lint_form(schema)] == []
'''


def _form(name: str) -> str:
    """A minimal working case form: the shared sections and one section of its own."""
    base = "https://schemas.rtech.local/forms/"
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{name}病例信息",
        "x-form-version": "1",
        "type": "object",
        "properties": {
            "patient": {"$ref": base + "patient.schema.json", "x-order": 10},
            "admission": {"$ref": base + "admission.schema.json", "x-order": 20},
            "procedure": {
                "type": "object",
                "title": "诊疗情况",
                "x-order": 30,
                "properties": {
                    "date": {
                        "type": "string",
                        "format": "date",
                        "title": "手术日期",
                        "x-order": 10,
                        "x-not-before": "admission.admission_date",
                        "x-prompt": "手术（治疗）日期？",
                    },
                    "success": {
                        "type": "boolean",
                        "title": "治疗成功",
                        "x-order": 20,
                        "x-prompt": "本次治疗是否成功？",
                        "x-help": "按本技术质量控制指标的定义填写，并注明所依据的条款。",
                    },
                },
                "required": ["date", "success"],
                "unevaluatedProperties": False,
            },
            "coding": {"$ref": base + "coding.schema.json", "x-order": 40},
            "team": {"$ref": base + "operator.schema.json", "x-order": 50},
            "consent": {"$ref": base + "consent.schema.json", "x-order": 60},
            "followup": {"$ref": base + "followup.schema.json", "x-order": 70},
        },
        "required": ["patient", "admission", "procedure", "coding", "team", "consent", "followup"],
        "unevaluatedProperties": False,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
