"""心血管疾病介入诊疗技术 (2022 S03, 2023 S05): hook implementations."""

from collections.abc import Mapping
from typing import Any

from core import Technology, hookimpl, load_schema
from plugins.cardio.meta import TECHNOLOGY


@hookimpl
def rtech_technology() -> Technology:
    return TECHNOLOGY


@hookimpl
def rtech_case_form() -> Mapping[str, Any]:
    return load_schema(__name__)
