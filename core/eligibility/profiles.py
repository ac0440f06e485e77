"""Import institution and physician profiles from TOML or XLSX.

A profile has a shared part (``forms/institution.schema.json``,
``forms/physician.schema.json``) and one part per technology (the plugin's
``rtech_profile_form``). Files hold both, the technology parts under the
technology's slug::

    [institution]            # shared part
    name = "…"
    code = "…"
    [institution.cardio]     # cardio's part
    scope = ["coronary"]

    [[physicians]]
    name = "…"
    title = "主任医师"       # a choice by its value or its Chinese label
    [physicians.cardio]
    specialty_since = 2008

A workbook has a sheet 机构 (two columns: field, value) and a sheet 医师 (a header
row of fields, one physician per row). A field is named by its path of keys or
of Chinese titles (``cardio.training.months`` or ``心血管疾病介入诊疗技术.培训情况.
系统培训时长``); a list is written 1、2、3; yes/no as 是/否.

Everything is validated before anything is stored; errors are Chinese and
name the row, the field and the value.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from sqlalchemy.orm import Session

from rtech.eligibility.formfields import FormField, choices, form_fields, schema_registry
from rtech.eligibility.template import GUIDE_SHEET
from rtech.errors import UserError
from rtech.host import Host
from rtech.store import registry
from rtech.store.models import Institution, Physician

__all__ = [
    "ProfileImportError",
    "ProfileSet",
    "apply_profiles",
    "read_profiles",
]

_SHARED = {"institution": "institution.schema.json", "physician": "physician.schema.json"}
_YES = {"是", "有", "对", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "无", "没有", "不", "n", "no", "false", "0", "×", "✗"}
_SPLIT = re.compile(r"\s*[,，、;；/\n]\s*|\s+")
_MAX_ERRORS = 60


class ProfileImportError(UserError):
    """The file has errors; nothing was stored."""

    def __init__(self, source: str, errors: Sequence[str]) -> None:
        shown = list(errors[:_MAX_ERRORS])
        more = len(errors) - len(shown)
        lines = "\n".join(f"  - {e}" for e in shown)
        if more > 0:
            lines += f"\n  ……另有 {more} 处错误"
        super().__init__(
            f"档案文件 {source} 有 {len(errors)} 处错误，未导入任何内容：\n{lines}",
            hint="改正后重新导入；示例见 docs/examples/。",
        )
        self.errors = list(errors)


@dataclass
class _Form:
    """One profile part: its schema and its fields, for reading and validating."""

    schema: Mapping[str, Any]
    fields: dict[str, FormField]
    by_title: dict[str, str]

    @classmethod
    def of(cls, schema: Mapping[str, Any]) -> _Form:
        fields = form_fields(schema)
        by_title = {".".join(f.titles): path for path, f in fields.items()}
        return cls(schema, fields, by_title)

    def path_for(self, segments: Sequence[str]) -> str | None:
        joined = ".".join(segments)
        if joined in self.fields:
            return joined
        return self.by_title.get(joined)


@dataclass
class ProfileSet:
    """What a file holds, normalised and validated, ready to store."""

    source: str
    institution: dict[str, Any] | None = None  # {"general": …, "technologies": {slug: …}}
    physicians: list[dict[str, Any]] = field(default_factory=list)  # same, plus "where"
    technologies: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, host: Host, only: str | None) -> None:
        from rtech.forms.loader import load_fragment

        self.host = host
        self.only = only
        if only is not None:
            host.technology(only)  # an unknown slug is a UserError naming the known ones
        self.shared = {
            kind: _Form.of(load_fragment(filename)) for kind, filename in _SHARED.items()
        }
        self._parts: dict[tuple[str, str], _Form | None] = {}
        self.errors: list[str] = []
        self.used: set[str] = set()
        self.skipped: set[str] = set()

    # -- technologies --------------------------------------------------------

    def slug_for(self, key: str) -> str | None:
        for technology in self.host.technologies:
            if key in (technology.slug, technology.name):
                return technology.slug
        return None

    def part(self, slug: str, kind: str) -> _Form | None:
        if (slug, kind) not in self._parts:
            schema = self.host.profile_form(slug, kind)
            self._parts[(slug, kind)] = _Form.of(schema) if schema else None
        return self._parts[(slug, kind)]

    # -- values --------------------------------------------------------------

    def value(self, where: str, form_field: FormField, raw: Any, part: str = "") -> Any:
        """``raw`` as the field's schema wants it; an error is recorded, None returned."""
        schema = form_field.schemas[0]
        label = _label(where, part, form_field.title_path)
        options = _all_choices(form_field)
        kind = schema.get("type")
        if options is not None:
            return self._choice(label, options, raw)
        if kind == "array":
            items = schema.get("items") or {}
            item_options = choices(items) if isinstance(items, Mapping) else None
            values = raw if isinstance(raw, list) else _split(raw)
            if item_options is None:
                return values
            picked = [self._choice(label, item_options, v) for v in values]
            return None if any(p is None for p in picked) else picked
        if kind == "boolean":
            return self._boolean(label, raw)
        if kind in ("integer", "number"):
            return self._number(label, raw, integer=kind == "integer")
        if kind == "string":
            if isinstance(raw, datetime):
                raw = raw.date()
            if isinstance(raw, date):
                return raw.isoformat()
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            return str(raw).strip()
        return raw

    def _choice(self, label: str, options: Mapping[Any, str], raw: Any) -> Any:
        text = str(raw).strip()
        for const, title in options.items():
            if raw == const or text == str(const) or text == title:
                return const
        for const, title in options.items():
            if text.lower() == str(const).lower() or _squash(text) == _squash(title):
                return const
        shown = "、".join(f"{t}（{c}）" for c, t in options.items())
        self.errors.append(f"{label}：“{raw}”不是可选值，可选：{shown}")
        return None

    def _boolean(self, label: str, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        self.errors.append(f"{label}：“{raw}”应为“是”或“否”")
        return None

    def _number(self, label: str, raw: Any, *, integer: bool) -> int | float | None:
        if isinstance(raw, bool):
            self.errors.append(f"{label}：“{raw}”不是数字")
            return None
        number: float
        if isinstance(raw, int | float):
            number = raw
        else:
            text = re.sub(r"[^\d.\-]", "", str(raw)) if re.search(r"\d", str(raw)) else ""
            try:
                number = float(text)
            except ValueError:
                self.errors.append(f"{label}：“{raw}”不是数字")
                return None
        try:
            finite = math.isfinite(number)
        except OverflowError:  # an integer past a float
            finite = False
        if not finite:
            self.errors.append(f"{label}：“{str(raw)[:30]}”超出范围")
            return None
        if integer:
            if float(number) != int(number):
                self.errors.append(f"{label}：“{raw}”应为整数")
                return None
            return int(number)
        return number

    # -- records -------------------------------------------------------------

    def record(self, kind: str, where: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """One institution or physician from nested data (TOML)."""
        general: dict[str, Any] = {}
        technologies: dict[str, dict[str, Any]] = {}
        shared = self.shared[kind]
        for key, raw in data.items():
            slug = self.slug_for(key) if isinstance(raw, Mapping) else None
            if slug is not None:
                part = self._part_or_error(slug, kind, where)
                if part is not None:
                    technologies[slug] = self._nested(where, slug, part, raw, "")
                continue
            if key in shared.fields or key in shared.by_title:
                path = shared.path_for([key]) or key
                _assign(general, path, self.value(where, shared.fields[path], raw))
                continue
            self.errors.append(f"{where}：未知字段“{key}”")
        return self._finish(kind, where, general, technologies)

    def flat_record(self, kind: str, where: str, cells: Mapping[str, Any]) -> dict[str, Any]:
        """One institution or physician from ``{header path: cell}`` (XLSX)."""
        general: dict[str, Any] = {}
        technologies: dict[str, dict[str, Any]] = {}
        shared = self.shared[kind]
        for header, raw in cells.items():
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            segments = [s.strip() for s in str(header).split(".") if s.strip()]
            slug = self.slug_for(segments[0]) if len(segments) > 1 else None
            if slug is not None:
                part = self._part_or_error(slug, kind, where)
                if part is None:
                    continue
                path = part.path_for(segments[1:])
                if path is None:
                    self.errors.append(f"{where}：未知字段“{header}”")
                    continue
                _assign(
                    technologies.setdefault(slug, {}),
                    path,
                    self.value(where, part.fields[path], raw, self.host.technology(slug).name),
                )
                continue
            path = shared.path_for(segments)
            if path is None:
                self.errors.append(f"{where}：未知字段“{header}”")
                continue
            _assign(general, path, self.value(where, shared.fields[path], raw))
        return self._finish(kind, where, general, technologies)

    def _part_or_error(self, slug: str, kind: str, where: str) -> _Form | None:
        if self.only is not None and slug != self.only:
            self.skipped.add(slug)
            return None
        part = self.part(slug, kind)
        if part is None:
            name = self.host.technology(slug).name
            label = "医疗机构" if kind == "institution" else "医师"
            self.errors.append(f"{where}：技术“{name}”没有{label}专属档案，不应填写“{slug}”部分")
        return part

    def _nested(
        self, where: str, slug: str, part: _Form, data: Mapping[str, Any], prefix: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        name = self.host.technology(slug).name
        for key, raw in data.items():
            path = f"{prefix}.{key}" if prefix else key
            if path not in part.fields:
                self.errors.append(f"{where}：未知字段“{slug}.{path}”")
                continue
            if isinstance(raw, Mapping):
                out[key] = self._nested(where, slug, part, raw, path)
            elif isinstance(raw, list) and raw and all(isinstance(r, Mapping) for r in raw):
                out[key] = [self._nested(where, slug, part, r, path) for r in raw]
            else:
                out[key] = self.value(where, part.fields[path], raw, name)
        return out

    def _finish(
        self,
        kind: str,
        where: str,
        general: dict[str, Any],
        technologies: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        self._validate(where, self.shared[kind], general, "")
        for slug, answers in technologies.items():
            part = self.part(slug, kind)
            assert part is not None
            self._validate(where, part, answers, self.host.technology(slug).name)
            self.used.add(slug)
        return {"general": general, "technologies": technologies, "where": where}

    def _validate(self, where: str, form: _Form, data: dict[str, Any], part: str) -> None:
        # Values that failed to read are already reported: validate the rest
        # without them, and do not report them again as missing.
        unread = _drop_unread(data, "")
        registry_, _uri = schema_registry(form.schema)
        validator = Draft202012Validator(dict(form.schema), registry=registry_)
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        for error in errors:
            if error.validator == "unevaluatedProperties" and len(errors) > 1:
                # A branch that fails for another reason leaves its fields
                # "unevaluated"; report only the real cause.
                names = re.findall(r"'([^']+)'", error.message)
                base = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
                if all((f"{base}.{n}" if base else n) in form.fields for n in names):
                    continue
            if error.validator == "required":
                missing = re.search(r"'([^']+)' is a required property", error.message)
                base = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
                key = missing.group(1) if missing else ""
                if (f"{base}.{key}" if base else key) in unread:
                    continue
            self.errors.append(_message(where, part, form, error))


def _all_choices(form_field: FormField) -> dict[Any, str] | None:
    """The union of a choice field's options over every branch it is declared in."""
    merged: dict[Any, str] = {}
    for schema in form_field.schemas:
        options = choices(schema)
        if options is None:
            return None
        merged.update(options)
    return merged


def _squash(text: str) -> str:
    return re.sub(r"[\s（）()]+", "", text)


def _split(raw: Any) -> list[Any]:
    if raw is None:
        return []
    text = str(raw).strip()
    if text in {"", "无"}:
        return []
    return [part for part in _SPLIT.split(text) if part]


def _assign(target: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def _drop_unread(data: dict[str, Any], prefix: str) -> set[str]:
    """Remove the values that failed to read (None); return their paths."""
    unread = set()
    for key in list(data):
        path = f"{prefix}.{key}" if prefix else key
        value = data[key]
        if value is None:
            del data[key]
            unread.add(path)
        elif isinstance(value, dict):
            unread |= _drop_unread(value, path)
    return unread


_TYPES = {
    "integer": "整数",
    "number": "数字",
    "string": "文字",
    "boolean": "“是/否”",
    "array": "清单",
    "object": "一组字段",
}


def _label(where: str, part: str, named: str) -> str:
    """``第1位医师（甲）“心血管疾病介入诊疗技术 › 培训情况”``; the record alone at the root."""
    shown = " › ".join(p for p in (part, named) if p)
    return f"{where}“{shown}”" if shown else where


def _message(where: str, part: str, form: _Form, error: ValidationError) -> str:
    path = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
    form_field = form.fields.get(path)
    named = form_field.title_path if form_field else path
    prefix = _label(where, part, named)
    value = error.instance
    validator, expected = error.validator, error.validator_value
    if validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        key = missing.group(1) if missing else "?"
        child = form.fields.get(f"{path}.{key}" if path else key)
        title = child.title if child else key
        return f"{prefix}：缺少必填项“{title}”"
    if validator == "type":
        return f"{prefix}：“{value}”应为{_TYPES.get(str(expected), str(expected))}"
    if validator == "minimum":
        return f"{prefix}：{value} 小于最小值 {expected}"
    if validator == "maximum":
        return f"{prefix}：{value} 大于最大值 {expected}"
    if validator == "minLength":
        return f"{prefix}：“{value}”太短（至少 {expected} 个字符）"
    if validator == "maxLength":
        return f"{prefix}：“{value}”太长（至多 {expected} 个字符）"
    if validator == "pattern":
        return f"{prefix}：“{value}”格式不正确"
    if validator == "minItems":
        return f"{prefix}：至少应选 {expected} 项"
    if validator == "uniqueItems":
        return f"{prefix}：有重复项"
    if validator in ("oneOf", "const", "enum"):
        return f"{prefix}：“{value}”不是可选值"
    if validator in ("unevaluatedProperties", "additionalProperties"):
        names = re.findall(r"'([^']+)'", error.message)
        return f"{prefix}：不应填写“{'、'.join(names) or value}”（该项不适用或未知）"
    return f"{prefix}：{error.message}"


# -------------------------------------------------------------------------
# Files
# -------------------------------------------------------------------------


def read_profiles(path: Path, host: Host, *, technology: str | None = None) -> ProfileSet:
    """Read, normalise and validate ``path`` (``.toml`` or ``.xlsx``).

    :param technology: import only this technology's parts (others are skipped).
    :raises ProfileImportError: listing every error; nothing is half-read.
    """
    if not path.exists():
        raise UserError(f"找不到档案文件：{path}")
    reader = _Reader(host, technology)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        result = _read_toml(path, reader)
    elif suffix in (".xlsx", ".xlsm"):
        result = _read_xlsx(path, reader)
    else:
        raise UserError(f"不支持的档案文件类型“{path.suffix}”：请使用 .toml 或 .xlsx。")
    _repeated_licences(result, reader.errors)
    if reader.errors:
        raise ProfileImportError(str(path), reader.errors)
    if result.institution is None and not result.physicians:
        raise UserError(
            f"档案文件 {path} 中没有医疗机构（institution / 机构）或医师（physicians / 医师）。"
        )
    result.technologies = sorted(reader.used)
    result.skipped = sorted(reader.skipped)
    return result


def _repeated_licences(profiles: ProfileSet, errors: list[str]) -> None:
    """A licence number belongs to one physician: two rows with it are an error."""
    first: dict[str, str] = {}
    for physician in profiles.physicians:
        licence = physician["general"].get("licence_no")
        if not licence:
            continue
        where = str(physician["where"])
        if licence in first:
            errors.append(
                f"{where}：执业证书编码“{licence}”与{first[licence]}相同（一个编码只属于一位医师）"
            )
        else:
            first[licence] = where


def _read_toml(path: Path, reader: _Reader) -> ProfileSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"档案文件 {path} 不是有效的 TOML：{exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"档案文件 {path} 不是 UTF-8 编码的文本。") from exc
    result = ProfileSet(str(path))
    for key in data:
        if key not in ("institution", "physicians"):
            reader.errors.append(f"顶层：未知的表“{key}”（应为 institution 或 physicians）")
    institution = data.get("institution")
    if institution is not None:
        if isinstance(institution, Mapping):
            result.institution = reader.record("institution", "[institution]", institution)
        else:
            reader.errors.append("[institution] 应为一个表")
    physicians = data.get("physicians", [])
    if not isinstance(physicians, list):
        reader.errors.append("[[physicians]] 应为表的数组")
        physicians = []
    for number, entry in enumerate(physicians, 1):
        name = entry.get("name", "") if isinstance(entry, Mapping) else ""
        where = f"第{number}位医师{f'（{name}）' if name else ''}"
        if not isinstance(entry, Mapping):
            reader.errors.append(f"{where}应为一个表")
            continue
        result.physicians.append(reader.record("physician", where, entry))
    return result


_SHEETS = {"institution": ("机构", "医疗机构", "institution"), "physician": ("医师", "physicians")}


def _read_xlsx(path: Path, reader: _Reader) -> ProfileSet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UserError(f"无法读取工作簿 {path}：{exc}") from exc
    result = ProfileSet(str(path))
    sheets = {name.strip(): workbook[name] for name in workbook.sheetnames}
    known = {n for names in _SHEETS.values() for n in names} | {GUIDE_SHEET}
    for name in sheets:
        if name not in known:
            reader.errors.append(f"工作表“{name}”：无法识别（应为“机构”或“医师”）")
    for name in _SHEETS["institution"]:
        if name in sheets:
            cells: dict[str, Any] = {}
            for row in sheets[name].iter_rows(values_only=True):
                if not row or row[0] is None or str(row[0]).strip() in ("", "字段"):
                    continue
                cells[str(row[0]).strip()] = row[1] if len(row) > 1 else None
            result.institution = reader.flat_record("institution", f"工作表“{name}”", cells)
            break
    for name in _SHEETS["physician"]:
        if name in sheets:
            rows = list(sheets[name].iter_rows(values_only=True))
            if not rows:
                break
            headers = [str(h).strip() if h is not None else "" for h in rows[0]]
            for number, row in enumerate(rows[1:], 2):
                if not any(v not in (None, "") for v in row):
                    continue
                cells = {h: v for h, v in zip(headers, row, strict=False) if h}
                where = f"工作表“{name}”第{number}行"
                result.physicians.append(reader.flat_record("physician", where, cells))
            break
    workbook.close()
    return result


# -------------------------------------------------------------------------
# Storing
# -------------------------------------------------------------------------


def _merged(stored: Mapping[str, Any] | None, imported: Mapping[str, Any]) -> dict[str, Any]:
    """The stored profile with the imported shared part and technology parts replaced."""
    profile = dict(stored or {})
    if imported["general"]:
        profile["general"] = imported["general"]
    technologies = dict(profile.get("technologies") or {})
    technologies.update(imported["technologies"])
    profile["technologies"] = technologies
    return profile


def _store_institution(
    session: Session, imported: Mapping[str, Any], actor: str
) -> tuple[Institution, str]:
    general = imported["general"]
    code = general.get("code")
    found = None
    if code:
        found = next((i for i in registry.list_institutions(session) if i.code == code), None)
    if found is None:
        if not general.get("name") or not code:
            raise UserError("新登记的医疗机构须填写机构名称（name）与机构代码（code）。")
        created = registry.create_institution(
            session, name=general["name"], code=code, actor=actor, profile=_merged({}, imported)
        )
        return created, "created"
    profile = _merged(found.profile, imported)
    if profile == found.profile:
        return found, "unchanged"
    registry.update_institution_profile(
        session,
        found.id,
        expected_version=found.version,
        profile=profile,
        actor=actor,
        reason="导入档案文件",
    )
    session.refresh(found)
    return found, "updated"


def _store_physician(
    session: Session, institution_id: int, imported: Mapping[str, Any], actor: str
) -> tuple[Physician, str]:
    general = imported["general"]
    staff = registry.list_physicians(session, institution_id, active_only=False)
    found = None
    if general.get("licence_no"):
        found = next((p for p in staff if p.licence_no == general["licence_no"]), None)
    if found is None and general.get("name"):
        namesakes = [p for p in staff if p.name == general["name"] and not p.licence_no]
        found = namesakes[0] if len(namesakes) == 1 else None
    if found is None:
        missing = [k for k in ("name", "title", "registered_here") if k not in general]
        if missing:
            raise UserError(
                f"{imported['where']}：新登记的医师须填写"
                + "、".join(
                    {"name": "姓名", "title": "职称", "registered_here": "是否本机构注册"}[k]
                    for k in missing
                )
            )
        created = registry.create_physician(
            session,
            institution_id=institution_id,
            name=general["name"],
            title=general["title"],
            clinical_since=general.get("clinical_since"),
            registered_here=general["registered_here"],
            licence_no=general.get("licence_no"),
            department=general.get("department"),
            profile=_merged({}, imported),
            actor=actor,
        )
        return created, "created"
    changes: dict[str, Any] = {}
    for column in ("name", "title", "clinical_since", "registered_here", "licence_no"):
        if column in general and getattr(found, column) != general[column]:
            changes[column] = general[column]
    profile = _merged(found.profile, imported)
    if profile != found.profile:
        changes["profile"] = profile
    if not changes:
        return found, "unchanged"
    registry.update_physician(
        session,
        found.id,
        expected_version=found.version,
        changes=changes,
        actor=actor,
        reason="导入档案文件",
    )
    session.refresh(found)
    return found, "updated"


def _licence_conflicts(
    session: Session, institution_id: int, physicians: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Rows whose licence number is registered to a physician of another name.

    Matching them would overwrite that physician with this row (王建国's record
    becoming 李华's): refused, naming the row and the registered physician.
    """
    staff = registry.list_physicians(session, institution_id, active_only=False)
    by_licence = {p.licence_no: p for p in staff if p.licence_no}
    found = []
    for imported in physicians:
        general = imported["general"]
        registered = by_licence.get(general.get("licence_no"))
        if registered is not None and general.get("name") and registered.name != general["name"]:
            found.append(
                f"{imported['where']}：执业证书编码“{general['licence_no']}”已登记为医师"
                f"{registered.name}（编号 {registered.id}），与本行的姓名“{general['name']}”不符"
                "（请核对编码；若确为同一位医师更名，请先在医师名册中修改姓名）"
            )
    return found


def apply_profiles(
    session: Session, profiles: ProfileSet, *, actor: str, institution_id: int | None = None
) -> dict[str, Any]:
    """Store what ``profiles`` holds (in the caller's write transaction).

    The institution is found by its code (created when new); physicians by
    their licence number within the institution, else by a unique name without
    one (created when new). A licence number registered to a physician of
    another name is refused (nothing is stored), never overwritten. Profiles
    are merged: the parts in the file replace the stored parts of the same
    name, other technologies' parts are kept.

    :param institution_id: the institution the physicians belong to when the
        file has no institution.
    """
    report: dict[str, Any] = {
        "source": profiles.source,
        "technologies": profiles.technologies,
        "skipped_technologies": profiles.skipped,
        "institution": None,
        "physicians": [],
    }
    # Parallel imports take turns: two never both find "no such institution"
    # and both insert it (uq_institutions_code), nor both add one physician.
    registry.lock_registry(session)
    target: int | None = institution_id
    if profiles.institution is not None:
        institution, action = _store_institution(session, profiles.institution, actor)
        if institution_id is not None and institution.id != institution_id:
            raise UserError(
                f"文件中的医疗机构（{institution.name}，编号 {institution.id}）"
                f"与 --institution {institution_id} 不一致。"
            )
        target = institution.id
        report["institution"] = {"id": institution.id, "name": institution.name, "action": action}
    elif institution_id is not None:
        registry.get_institution(session, institution_id)
    if profiles.physicians and target is None:
        raise UserError("文件中没有医疗机构，请用 --institution 指定医师所属的医疗机构。")
    if target is not None:
        conflicts = _licence_conflicts(session, target, profiles.physicians)
        if conflicts:
            raise ProfileImportError(profiles.source, conflicts)
    for imported in profiles.physicians:
        assert target is not None
        physician, action = _store_physician(session, target, imported, actor)
        report["physicians"].append({"id": physician.id, "name": physician.name, "action": action})
    return report
