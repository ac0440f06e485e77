"""``rtech plugin new``: a working, installable technology plugin package."""

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
        root / "pyproject.toml": _PYPROJECT.format(slug=slug, package=package, name=name),
        root / "README.md": _README.format(slug=slug, package=package, name=name),
        root / package / "__init__.py": _INIT.format(
            slug=slug,
            name=name,
            editions=json.dumps(editions, ensure_ascii=False),
            definitions=json.dumps(definitions, ensure_ascii=False),
            sources="".join(
                f'\n        Citation("{e}", "{n}", "临床应用管理规范"),'
                for e, n in editions.items()
            ),
        ),
        root / package / "form.schema.json": _form(name),
        root / "tests" / f"test_{slug}.py": _TEST.format(slug=slug, name=name),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return root


_PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "rtech-{slug_dash}"
version = "0.1.0"
description = "rtech plugin: {name}"
requires-python = ">=3.11"
dependencies = ["rtech"]

[project.entry-points."rtech.technologies"]
{slug} = "{package}"

[tool.setuptools]
packages = ["{package}"]

[tool.setuptools.package-data]
{package} = ["*.json"]
""".replace("{slug_dash}", "{slug}")

_README = """\
# {name} — rtech plugin `{slug}`

Install next to rtech, then check that rtech sees it:

    pip install -e .
    rtech plugins
    pytest tests

The hooks a plugin may implement are documented in rtech's `docs/plugin-hooks.md`.
Import only from `rtech` (its public API); cite the clause of the norm for every
rule, threshold and indicator.
"""

_INIT = '''\
"""{name}: an rtech technology plugin."""

from collections.abc import Mapping
from typing import Any

from rtech import Citation, Technology, hookimpl, load_schema

__version__ = "0.1.0"

TECHNOLOGY = Technology(
    slug="{slug}",
    name="{name}",
    # edition -> catalog number, e.g. {{"2023": "S14"}}; empty for a local technology
    editions={editions},
    # edition -> the definition (技术定义), quoted from the norm
    definitions={definitions},
    # the sections of the norm this plugin is built from
    sources=({sources}
    ),
)


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_case_form() -> Mapping[str, Any]:
    """The case form (form.schema.json): see rtech's docs/forms.md."""
    return load_schema(__name__)
'''

_TEST = '''\
"""The plugin is found by rtech's host, declares its technology, and has an askable form."""

from rtech import lint_form
from rtech.host import Host, make_plugin_manager


def test_rtech_loads_the_plugin() -> None:
    host = Host.from_plugin_manager(make_plugin_manager())
    assert not [e for e in host.load_errors if e.name == "{slug}"]
    technology = host.technology("{slug}")
    assert technology.name == "{name}"


def test_the_case_form_passes_the_engine_lint() -> None:
    host = Host.from_plugin_manager(make_plugin_manager())
    schema = host.case_form("{slug}")
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
