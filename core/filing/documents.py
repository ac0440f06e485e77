"""The document-data interfaces: the plain, typed data each filing is rendered from.

Three documents go to the health commission:

=================  ============================  =====================================
``kind``           document                      dataclass
=================  ============================  =====================================
``case``           病例信息上报表 (case report)    :class:`CaseDocument`
``registration``   技术备案自评表 (self-assessment) :class:`RegistrationDocument`
``report``         质量控制指标报告 (quality report) :class:`ReportDocument`
=================  ============================  =====================================

They take plain data and nothing else: whoever has the facts (the case store,
the eligibility engine, the indicator engine, or a JSON file) builds one of these
and hands it to :func:`rtech.filing.render.render_document`. Filing never reaches
into storage; storage never imports filing.

Every document converts to and from JSON (:func:`document_to_json`,
:func:`document_from_json`); the JSON is what ``rtech file … --data FILE`` reads,
what a PDF carries as its attachment, and what plugins receive as the read-only
``context`` of ``rtech_filing_sections``. Its shape is documented in
``docs/filing/data-format.md``.

Privacy: a :class:`PatientIdentity` never holds a clear 居民身份证号. The number
is validated (length, checksum) and masked when the object is built, and every
string in a case's answers that looks like an ID number is masked the same way,
so neither the printed form nor the embedded data carries it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, TypeAlias

from rtech.catalog import EDITION_TITLES, Technology
from rtech.codes.model import CodeKind
from rtech.eligibility.model import Level, Outcome
from rtech.errors import UserError
from rtech.forms.formats import mask_resident_id, resident_id_check_digit

__all__ = [
    "SCHEMA_ID",
    "CaseCount",
    "CaseDocument",
    "CodingEntry",
    "DataError",
    "Device",
    "Document",
    "DocumentKind",
    "Finding",
    "IndicatorResult",
    "Institution",
    "PatientIdentity",
    "Physician",
    "PhysicianAssessment",
    "RegistrationDocument",
    "ReportDocument",
    "Section",
    "Threshold",
    "ThresholdVerdict",
    "TrendPoint",
    "document_from_json",
    "document_to_json",
    "mask_id_number",
    "mask_id_numbers",
    "overall_outcome",
]

#: Identifies the JSON shape; bumped only on an incompatible change.
SCHEMA_ID: Final = "rtech.filing/1"


class DataError(UserError):
    """The data of a document is incomplete or malformed (names the field)."""


class DocumentKind(StrEnum):
    CASE = "case"
    REGISTRATION = "registration"
    REPORT = "report"

    @property
    def label(self) -> str:
        """The document's Chinese title (after the technology's name)."""
        return {
            "case": "病例信息上报表",
            "registration": "技术备案自评表",
            "report": "质量控制指标报告",
        }[self.value]

    @property
    def prefix(self) -> str:
        """First part of the document number: 病例 BL, 备案 BA, 质控 ZK."""
        return {"case": "BL", "registration": "BA", "report": "ZK"}[self.value]


# -------------------------------------------------------------------------
# 居民身份证号: validation and masking (GB 11643-1999)
# -------------------------------------------------------------------------

_ID_FULL = re.compile(r"^\d{17}[\dXx]$")
_ID_MASKED = re.compile(r"^\d{6}\*{8}\d{3}[\dXx]$")
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")


def _id_checksum_ok(number: str) -> bool:
    return resident_id_check_digit(number[:17]) == number[17].upper()


def mask_id_number(number: str) -> str:
    """``510104196501011235`` -> ``510104********1235`` (region and last four kept).

    An already masked number is returned as it is, so data read back from a
    filing's attachment stays valid.

    :raises DataError: not 18 characters, or the check digit is wrong.
    """
    number = number.strip()
    if _ID_MASKED.match(number):
        return number[:17] + number[17].upper()
    if not _ID_FULL.match(number):
        raise DataError(f"居民身份证号“{_partly(number)}”应为 18 位（17 位数字加 1 位数字或 X）。")
    if not _id_checksum_ok(number):
        raise DataError(f"居民身份证号“{_partly(number)}”的校验位不正确。")
    return mask_resident_id(number[:17] + number[17].upper())


def _partly(number: str) -> str:
    """Enough of a bad number to find it, never the whole of it."""
    return number[:6] + "…" if len(number) > 8 else number


def mask_id_numbers(value: Any) -> Any:
    """A copy of JSON-like ``value`` with every valid ID number in a string masked."""
    if isinstance(value, str):
        return _ID_IN_TEXT.sub(
            lambda m: (
                mask_id_number(m.group(0)) if _id_checksum_ok(m.group(0).upper()) else m.group(0)
            ),
            value,
        )
    if isinstance(value, Mapping):
        return {str(k): mask_id_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_id_numbers(v) for v in value]
    return value


# -------------------------------------------------------------------------
# Parts shared by the documents
# -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Institution:
    """The filing institution: its name and its code (统一社会信用代码 or 机构代码)."""

    name: str
    code: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise DataError("医疗机构名称不能为空。")


@dataclass(frozen=True, slots=True)
class Physician:
    """A physician as the filings print them.

    ``title`` is the 专业技术职务 (主任医师, 副主任医师, 主治医师 …);
    ``license_no`` the 医师执业证书编码; ``practice_scope`` the 执业范围.
    """

    name: str
    title: str = ""
    department: str = ""
    license_no: str = ""
    practice_scope: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One eligibility result as it is filed.

    ``citation`` is the seed clause (``"2023 S05 一(二)1"``); ``value`` what the
    check looked at, as the institution states it (``"床位 86 张"``).
    """

    level: Level
    title: str
    citation: str
    outcome: Outcome
    explanation: str = ""
    value: str = ""

    @property
    def outcome_label(self) -> str:
        return self.outcome.label


def overall_outcome(outcomes: Sequence[Outcome]) -> Outcome:
    """Any fail -> fail; else any unknown -> unknown; else pass (none -> unknown)."""
    if not outcomes:
        return Outcome.UNKNOWN
    if Outcome.FAIL in outcomes:
        return Outcome.FAIL
    if Outcome.UNKNOWN in outcomes:
        return Outcome.UNKNOWN
    return Outcome.PASS


@dataclass(frozen=True, slots=True)
class Section:
    """A titled list of ``(label, value)`` rows: a plugin's or the data's own."""

    title: str
    rows: tuple[tuple[str, str], ...]


# -------------------------------------------------------------------------
# 病例信息上报表
# -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatientIdentity:
    """The patient as the case report prints them; the ID number is masked here."""

    name: str
    id_number: str
    sex: str = ""
    birth_date: str = ""
    age: int | None = None
    admission_no: str = ""
    admission_date: str = ""
    discharge_date: str = ""

    def __post_init__(self) -> None:
        # A patient without a 居民身份证号 (a foreigner, a newborn) prints （未提供）.
        if self.id_number.strip():
            object.__setattr__(self, "id_number", mask_id_number(self.id_number))


@dataclass(frozen=True, slots=True)
class CodingEntry:
    """A coded diagnosis (ICD-10) or procedure (ICD-9-CM-3) of the case."""

    kind: CodeKind
    code: str
    name: str
    primary: bool = False


@dataclass(frozen=True, slots=True)
class Device:
    """An implanted or used device and its barcode (器材条形码/UDI), 2023 S05 三(七)2."""

    name: str
    barcode: str
    model: str = ""
    manufacturer: str = ""
    registration_no: str = ""


#: Chinese labels of the case statuses the store uses; others print as given.
CASE_STATUS_LABELS: Final[Mapping[str, str]] = {
    "draft": "草稿",
    "submitted": "已提交",
    "signed": "已签章",
    "void": "已作废",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseDocument:
    """病例信息上报表: one revision of one case.

    ``answers`` are the case's answers exactly as the form stores them; ``form``
    is the plugin's JSON-Schema form, used for labels, order and sections (or
    ``None``: the answers are then listed by their keys). ``findings`` are the
    case-level eligibility results; ``sections`` extra rows the data source adds.
    """

    institution: Institution
    technology: Technology
    edition: str
    case_id: str
    revision: int
    status: str
    patient: PatientIdentity
    answers: Mapping[str, Any]
    form: Mapping[str, Any] | None = None
    coding: tuple[CodingEntry, ...] = ()
    operator: Physician | None = None
    deciders: tuple[Physician, ...] = ()
    devices: tuple[Device, ...] = ()
    assistants: tuple[Physician, ...] = ()
    findings: tuple[Finding, ...] = ()
    submitted_at: str = ""
    sections: tuple[Section, ...] = ()
    document_no: str = ""

    kind: DocumentKind = field(default=DocumentKind.CASE, init=False)

    def __post_init__(self) -> None:
        _check_edition(self.technology, self.edition)
        if not self.case_id.strip():
            raise DataError("病例编号（case_id）不能为空。")
        if self.revision < 1:
            raise DataError(f"修订版本号应从 1 开始，收到 {self.revision}。")
        if len(self.deciders) > 2:
            raise DataError(f"决策医师应为 2 名，收到 {len(self.deciders)} 名。")
        object.__setattr__(self, "answers", mask_id_numbers(dict(self.answers)))
        if not self.document_no:
            number = f"BL-{self.catalog_no}-{self.case_id}-R{self.revision}"
            object.__setattr__(self, "document_no", number)

    @property
    def catalog_no(self) -> str:
        return self.technology.editions[self.edition]

    @property
    def status_label(self) -> str:
        return CASE_STATUS_LABELS.get(self.status, self.status)


# -------------------------------------------------------------------------
# 技术备案自评表
# -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhysicianAssessment:
    """A physician and the personnel-level findings about them."""

    physician: Physician
    findings: tuple[Finding, ...] = ()

    @property
    def outcome(self) -> Outcome:
        return overall_outcome([f.outcome for f in self.findings])


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrationDocument:
    """技术备案自评表: the institution against the technology's management norm.

    ``findings`` are the institution-level and personnel-level requirements (each
    with the institution's ``value``); ``physicians`` the physicians put forward,
    each with their own personnel findings.
    """

    institution: Institution
    technology: Technology
    edition: str
    findings: tuple[Finding, ...]
    physicians: tuple[PhysicianAssessment, ...] = ()
    assessed_on: str = ""
    contact: str = ""
    sections: tuple[Section, ...] = ()
    document_no: str = ""

    kind: DocumentKind = field(default=DocumentKind.REGISTRATION, init=False)

    def __post_init__(self) -> None:
        _check_edition(self.technology, self.edition)
        if not self.document_no:
            code = self.institution.code or "NOCODE"
            number = f"BA-{self.catalog_no}-{code}-{self.edition}"
            object.__setattr__(self, "document_no", number)

    @property
    def catalog_no(self) -> str:
        return self.technology.editions[self.edition]

    @property
    def outcome(self) -> Outcome:
        return overall_outcome([f.outcome for f in self.findings])


# -------------------------------------------------------------------------
# 质量控制指标报告
# -------------------------------------------------------------------------


class ThresholdVerdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_THRESHOLD = "no_threshold"
    NO_CASES = "no_cases"
    NOT_OBSERVABLE = "not_observable"
    AGGREGATE_MISSING = "aggregate_missing"

    @property
    def label(self) -> str:
        return {
            "met": "达标",
            "not_met": "未达标",
            "no_threshold": "未设阈值",
            "no_cases": "无病例",
            "not_observable": "尚不可观察",
            "aggregate_missing": "缺少汇总数据",
        }[self.value]


#: The verdicts that say why there is no value.
_NO_VALUE = frozenset({"no_cases", "not_observable", "aggregate_missing"})

_OPS: Final[Mapping[str, str]] = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


@dataclass(frozen=True, slots=True)
class Threshold:
    """A limit the seed states for an indicator, e.g. ``≤10%`` (2023 S08 三)."""

    op: str
    value: float
    citation: str = ""

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise DataError(f"阈值比较符“{self.op}”无效，应为 <、<=、>、>= 之一。")

    def describe(self, unit: str) -> str:
        return f"{_OPS[self.op]}{format_number(self.value)}{unit}"

    def met_by(self, value: float) -> bool:
        return {
            "<": value < self.value,
            "<=": value <= self.value,
            ">": value > self.value,
            ">=": value >= self.value,
        }[self.op]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The indicator's value in one earlier (or the current) period; None: no cases."""

    period: str
    value: float | None


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator for one period, as computed by the indicator engine.

    ``value`` is None when the denominator has no cases (printed 无病例). The
    ``verdict`` is derived from ``threshold`` unless the data states it.
    ``trend`` lists earlier periods and, last, the current one.
    """

    id: str
    name: str
    citation: str
    numerator: float | None
    denominator: float | None
    value: float | None
    unit: str = "%"
    direction: str = ""
    threshold: Threshold | None = None
    verdict: ThresholdVerdict | None = None
    trend: tuple[TrendPoint, ...] = ()
    definition: str = ""
    detail: str = ""

    def __post_init__(self) -> None:
        if self.verdict is None:
            object.__setattr__(self, "verdict", self._derive_verdict())

    def _derive_verdict(self) -> ThresholdVerdict:
        if self.value is None:
            return ThresholdVerdict.NO_CASES
        if self.threshold is None:
            return ThresholdVerdict.NO_THRESHOLD
        return (
            ThresholdVerdict.MET if self.threshold.met_by(self.value) else ThresholdVerdict.NOT_MET
        )

    @property
    def value_text(self) -> str:
        if self.value is not None:
            return f"{format_number(self.value)}{self.unit}"
        verdict = self.verdict or ThresholdVerdict.NO_CASES
        return verdict.label if verdict.value in _NO_VALUE else "无病例"

    @property
    def threshold_text(self) -> str:
        return self.threshold.describe(self.unit) if self.threshold else "—"


@dataclass(frozen=True, slots=True)
class CaseCount:
    """A count of the period's cases (by sub-technology, or in total)."""

    label: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDocument:
    """质量控制指标报告: every indicator of the technology for one period."""

    institution: Institution
    technology: Technology
    edition: str
    period: str
    indicators: tuple[IndicatorResult, ...]
    case_counts: tuple[CaseCount, ...] = ()
    period_label: str = ""
    sections: tuple[Section, ...] = ()
    document_no: str = ""

    kind: DocumentKind = field(default=DocumentKind.REPORT, init=False)

    def __post_init__(self) -> None:
        _check_edition(self.technology, self.edition)
        if not self.period.strip():
            raise DataError("统计期间（period）不能为空。")
        if not self.document_no:
            code = self.institution.code or "NOCODE"
            number = f"ZK-{self.catalog_no}-{code}-{self.period}"
            object.__setattr__(self, "document_no", number)

    @property
    def catalog_no(self) -> str:
        return self.technology.editions[self.edition]


Document: TypeAlias = CaseDocument | RegistrationDocument | ReportDocument


def _check_edition(technology: Technology, edition: str) -> None:
    if edition not in technology.editions:
        listed = "、".join(f"{e}年版" for e in technology.editions) or "无"
        raise DataError(
            f"“{technology.name}”不在《{EDITION_TITLES.get(edition, edition + '年版')}》中"
            f"（收录版本：{listed}）。"
        )


def format_number(value: float) -> str:
    """``12.0`` -> ``12``; ``98.4375`` -> ``98.44``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -------------------------------------------------------------------------
# JSON: the shape of --data files, attachments and the plugin hook's context
# -------------------------------------------------------------------------


def document_to_json(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data (``document_from_json`` reads it back)."""
    base: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "document": document.kind.value,
        "document_no": document.document_no,
        "institution": {"name": document.institution.name, "code": document.institution.code},
        "technology": document.technology.slug,
        "technology_name": document.technology.name,
        "edition": document.edition,
        "catalog_no": document.catalog_no,
    }
    if isinstance(document, CaseDocument):
        base |= {
            "case_id": document.case_id,
            "revision": document.revision,
            "status": document.status,
            "submitted_at": document.submitted_at,
            "patient": _plain(document.patient),
            "coding": [_plain(c) for c in document.coding],
            "operator": _plain(document.operator) if document.operator else None,
            "deciders": [_plain(p) for p in document.deciders],
            "assistants": [_plain(p) for p in document.assistants],
            "devices": [_plain(d) for d in document.devices],
            "answers": dict(document.answers),
            "form": dict(document.form) if document.form is not None else None,
            "findings": [_plain(f) for f in document.findings],
        }
    elif isinstance(document, RegistrationDocument):
        base |= {
            "assessed_on": document.assessed_on,
            "contact": document.contact,
            "findings": [_plain(f) for f in document.findings],
            "physicians": [
                {
                    "physician": _plain(a.physician),
                    "findings": [_plain(f) for f in a.findings],
                }
                for a in document.physicians
            ],
        }
    else:
        base |= {
            "period": document.period,
            "period_label": document.period_label,
            "case_counts": [_plain(c) for c in document.case_counts],
            "indicators": [_indicator_json(i) for i in document.indicators],
        }
    base["sections"] = [
        {"title": s.title, "rows": [list(r) for r in s.rows]} for s in document.sections
    ]
    return base


def _plain(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = value.value if isinstance(value, StrEnum) else value
    return out


def _indicator_json(result: IndicatorResult) -> dict[str, Any]:
    data = _plain(result)
    data["threshold"] = _plain(result.threshold) if result.threshold else None
    data["trend"] = [_plain(p) for p in result.trend]
    return data


#: Resolves a technology slug (the host's ``technology`` by default).
TechnologyResolver = Callable[[str], Technology]


def _default_resolver(slug: str) -> Technology:
    from rtech.host import get_host

    return get_host().technology(slug)


def document_from_json(
    data: Any, *, resolve_technology: TechnologyResolver | None = None, where: str = ""
) -> Document:
    """Build a document from its JSON shape.

    :param data: the parsed JSON object.
    :param resolve_technology: slug -> :class:`Technology`; the plugin host's by
        default.
    :param where: a prefix for error messages (a file name, ``第 3 项``).
    :raises DataError: naming the missing or malformed field in Chinese.
    """
    reader = _Reader(data, where or "数据")
    schema = reader.opt_text("schema") or SCHEMA_ID
    if schema != SCHEMA_ID:
        raise DataError(f"{reader.where}：不支持的数据格式“{schema}”（应为 {SCHEMA_ID}）。")
    kind_name = reader.text("document")
    try:
        kind = DocumentKind(kind_name)
    except ValueError:
        raise DataError(
            f"{reader.where}：document 应为 case、registration 或 report，收到“{kind_name}”。"
        ) from None
    resolve = resolve_technology or _default_resolver
    technology = resolve(reader.text("technology"))
    institution_data = reader.child("institution")
    common: dict[str, Any] = {
        "institution": Institution(
            institution_data.text("name"), institution_data.opt_text("code")
        ),
        "technology": technology,
        "edition": reader.text("edition"),
        "sections": tuple(_section(r) for r in reader.children("sections")),
        "document_no": reader.opt_text("document_no"),
    }
    try:
        if kind is DocumentKind.CASE:
            return _case(reader, common)
        if kind is DocumentKind.REGISTRATION:
            return RegistrationDocument(
                **common,
                findings=tuple(_finding(r) for r in reader.children("findings")),
                physicians=tuple(
                    PhysicianAssessment(
                        _physician(r.child("physician")),
                        tuple(_finding(f) for f in r.children("findings")),
                    )
                    for r in reader.children("physicians")
                ),
                assessed_on=reader.opt_text("assessed_on"),
                contact=reader.opt_text("contact"),
            )
        return ReportDocument(
            **common,
            period=reader.text("period"),
            period_label=reader.opt_text("period_label"),
            case_counts=tuple(
                CaseCount(r.text("label"), r.integer("count"))
                for r in reader.children("case_counts")
            ),
            indicators=tuple(_indicator(r) for r in reader.children("indicators")),
        )
    except DataError as exc:
        if exc.message.startswith(reader.where):
            raise
        raise DataError(f"{reader.where}：{exc.message}") from None


def _case(reader: _Reader, common: dict[str, Any]) -> CaseDocument:
    patient = reader.child("patient")
    operator = reader.opt_child("operator")
    form = reader.raw("form")
    if form is not None and not isinstance(form, Mapping):
        raise DataError(f"{reader.where}.form 应为 JSON Schema 对象或 null。")
    answers = reader.raw("answers")
    if not isinstance(answers, Mapping):
        raise DataError(f"{reader.where}.answers 应为对象（病例表单的全部答案）。")
    return CaseDocument(
        **common,
        case_id=reader.text("case_id"),
        revision=reader.integer("revision"),
        status=reader.text("status"),
        submitted_at=reader.opt_text("submitted_at"),
        patient=PatientIdentity(
            name=patient.text("name"),
            id_number=patient.opt_text("id_number"),
            sex=patient.opt_text("sex"),
            birth_date=patient.opt_text("birth_date"),
            age=patient.opt_integer("age"),
            admission_no=patient.opt_text("admission_no"),
            admission_date=patient.opt_text("admission_date"),
            discharge_date=patient.opt_text("discharge_date"),
        ),
        coding=tuple(
            CodingEntry(
                r.enum("kind", CodeKind), r.text("code"), r.opt_text("name"), r.flag("primary")
            )
            for r in reader.children("coding")
        ),
        operator=_physician(operator) if operator else None,
        deciders=tuple(_physician(r) for r in reader.children("deciders")),
        assistants=tuple(_physician(r) for r in reader.children("assistants")),
        devices=tuple(
            Device(
                r.text("name"),
                r.text("barcode"),
                r.opt_text("model"),
                r.opt_text("manufacturer"),
                r.opt_text("registration_no"),
            )
            for r in reader.children("devices")
        ),
        answers=answers,
        form=form,
        findings=tuple(_finding(r) for r in reader.children("findings")),
    )


def _physician(r: _Reader) -> Physician:
    return Physician(
        r.text("name"),
        r.opt_text("title"),
        r.opt_text("department"),
        r.opt_text("license_no"),
        r.opt_text("practice_scope"),
    )


def _finding(r: _Reader) -> Finding:
    return Finding(
        level=r.enum("level", Level),
        title=r.text("title"),
        citation=r.opt_text("citation"),
        outcome=r.enum("outcome", Outcome),
        explanation=r.opt_text("explanation"),
        value=r.opt_text("value"),
    )


def _indicator(r: _Reader) -> IndicatorResult:
    threshold = r.opt_child("threshold")
    verdict = r.opt_text("verdict")
    return IndicatorResult(
        id=r.text("id"),
        name=r.text("name"),
        citation=r.opt_text("citation"),
        numerator=r.opt_number("numerator"),
        denominator=r.opt_number("denominator"),
        value=r.opt_number("value"),
        unit=r.opt_text("unit", "%"),
        direction=r.opt_text("direction"),
        threshold=(
            Threshold(
                threshold.text("op"), threshold.number("value"), threshold.opt_text("citation")
            )
            if threshold
            else None
        ),
        verdict=r.enum("verdict", ThresholdVerdict) if verdict else None,
        trend=tuple(
            TrendPoint(p.text("period"), p.opt_number("value")) for p in r.children("trend")
        ),
        definition=r.opt_text("definition"),
        detail=r.opt_text("detail"),
    )


def _section(r: _Reader) -> Section:
    rows = r.raw("rows")
    if not isinstance(rows, list) or not all(
        isinstance(row, list | tuple) and len(row) == 2 for row in rows
    ):
        raise DataError(f"{r.where}.rows 应为 [标签, 内容] 的列表。")
    return Section(r.text("title"), tuple((str(a), _text(b)) for a, b in rows))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(value)
    return str(value)


class _Reader:
    """Typed access to a JSON object with Chinese errors naming the field's path."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping):
            raise DataError(f"{where} 应为 JSON 对象。")
        self.data = data
        self.where = where

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def _missing(self, key: str, what: str) -> DataError:
        return DataError(f"{self.where}.{key} 缺失或不是{what}。")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = format_number(value)
        if not isinstance(value, str) or not value.strip():
            raise self._missing(key, "非空文本")
        return value

    def opt_text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value)
        if not isinstance(value, str):
            raise self._missing(key, "文本")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._missing(key, "整数")
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self.data.get(key) is None else self.integer(key)

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._missing(key, "数值")
        return float(value)

    def opt_number(self, key: str) -> float | None:
        return None if self.data.get(key) is None else self.number(key)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self._missing(key, "true/false")
        return value

    def enum(self, key: str, enum: type[StrEnum]) -> Any:
        value = self.text(key)
        try:
            return enum(value)
        except ValueError:
            allowed = "、".join(e.value for e in enum)
            raise DataError(f"{self.where}.{key} 应为 {allowed} 之一，收到“{value}”。") from None

    def child(self, key: str) -> _Reader:
        value = self.data.get(key)
        if not isinstance(value, Mapping):
            raise self._missing(key, "对象")
        return _Reader(value, f"{self.where}.{key}")

    def opt_child(self, key: str) -> _Reader | None:
        return None if self.data.get(key) is None else self.child(key)

    def children(self, key: str) -> list[_Reader]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._missing(key, "列表")
        return [_Reader(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]


def generated_now() -> datetime:
    """The generation time: now, in the institution's time zone."""
    from rtech.localtime import now

    return now()
