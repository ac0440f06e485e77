"""Cases to and from JSON files: ``rtech cases export`` / ``import``.

The file holds each case's answers in the shape of its form, every revision
(who, when, why), the working copy and position of an unfinished edit, the
signatures, and the physicians the answers name, so an import into another
database loses nothing. Physician ids are local to a database: on import each
named physician is found in the target registry (by licence number, else by
name) and the ids in the answers are rewritten.

An import is validated in full before anything is written (submitted revisions
against the whole form, drafts for what they contain), then written in one
transaction (:func:`import_cases`) or, from the command line, in short
transactions of a few dozen cases (:func:`import_in_batches`) so that the
intakes of other users never wait long for the database.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtech.answers import get_path
from rtech.errors import UserError
from rtech.forms.model import Form
from rtech.forms.validation import FormValidator
from rtech.intake.cases import case_form
from rtech.store import DatabaseBusyError, Store, cases, registry
from rtech.store.models import Case, CaseRevision, CaseSignature, Institution, Physician
from rtech.strictjson import check_values

if TYPE_CHECKING:
    from rtech.host import Host

__all__ = [
    "FORMAT",
    "ImportPlan",
    "ImportReport",
    "export_cases",
    "import_cases",
    "import_in_batches",
    "physician_paths",
    "plan_import",
    "write_import",
]

FORMAT = "rtech-cases"
VERSION = 1


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def physician_paths(form: Form, answers: Mapping[str, Any]) -> Iterator[tuple[str, ...]]:
    """Paths of every ``{id, name}`` physician value in ``answers``."""
    for node in form.questions(answers):
        value = get_path(answers, node.path)
        if node.kind == "physician" and isinstance(value, Mapping):
            yield node.path
        elif node.kind == "physician_list" and isinstance(value, list):
            for index, _item in enumerate(value):
                yield (*node.path, str(index))
        elif node.kind == "entries" and node.entry_form is not None and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    for inner in physician_paths(node.entry_form, item):
                        yield (*node.path, str(index), *inner)


def _get(answers: Any, path: Sequence[str]) -> Any:
    current = answers
    for key in path:
        if isinstance(current, Mapping):
            current = current.get(key)
        elif isinstance(current, list) and key.isdigit() and int(key) < len(current):
            current = current[int(key)]
        else:
            return None
    return current


def _set(answers: Any, path: Sequence[str], value: Any) -> None:
    parent = _get(answers, path[:-1])
    key = path[-1]
    if isinstance(parent, list):
        parent[int(key)] = value
    elif isinstance(parent, dict):
        parent[key] = value


def export_cases(
    session: Session,
    host: Host,
    *,
    technology: str | None = None,
    statuses: Sequence[str] | None = None,
    case_ids: Sequence[int] | None = None,
    destination: str = "stdout",
) -> dict[str, Any]:
    """The cases as a JSON-ready document (oldest first).

    Needs the role to export and covers only the actor's institutions; named
    cases of another institution are refused. Runs in a write transaction: the
    export is audited (``case.export``: who, which cases, where to).
    """
    from rtech.store.cases import authorize_export
    from rtech.store.users import scope_institutions

    query = select(Case).order_by(Case.id)
    if technology:
        query = query.where(Case.technology == technology)
    if statuses:
        query = query.where(Case.status.in_(list(statuses)))
    if case_ids:
        query = query.where(Case.id.in_(list(case_ids)))
        authorize_export(session, list(case_ids), destination)
    scope = scope_institutions(session)
    if scope is not None:
        query = query.where(Case.institution_id.in_(sorted(scope)))
    if not case_ids:
        authorize_export(
            session, list(session.scalars(query.with_only_columns(Case.id))), destination
        )
    documents = []
    referenced: dict[str, dict[str, Any]] = {}
    for case in session.scalars(query):
        form = _form_or_none(host, case.technology)
        revisions = list(
            session.scalars(
                select(CaseRevision)
                .where(CaseRevision.case_id == case.id)
                .order_by(CaseRevision.number)
            )
        )
        signatures = list(
            session.scalars(
                select(CaseSignature)
                .where(CaseSignature.case_id == case.id)
                .order_by(CaseSignature.id)
            )
        )
        institution = session.get(Institution, case.institution_id)
        current = revisions[-1].answers if revisions else case.draft_answers
        document: dict[str, Any] = {
            "id": case.id,
            "technology": case.technology,
            "edition": case.edition,
            "status": case.status,
            "form_version": case.form_version,
            "institution": {
                "code": institution.code if institution else None,
                "name": institution.name if institution else None,
            },
            "created_by": case.created_by,
            "updated_by": case.updated_by,
            "created_at": _time(case.created_at),
            "updated_at": _time(case.updated_at),
            "answers": current,
            "revisions": [
                {
                    "number": r.number,
                    "answers": r.answers,
                    "form_version": r.form_version,
                    "author": r.author,
                    "reason": r.reason,
                    "created_at": _time(r.created_at),
                }
                for r in revisions
            ],
            "signatures": [
                {
                    "revision": s.revision,
                    "signer": s.signer,
                    "meaning": s.meaning,
                    "document_sha256": s.document_sha256,
                    "signed_at": _time(s.signed_at),
                    "voided_at": _time(s.voided_at),
                    "void_reason": s.void_reason,
                }
                for s in signatures
            ],
        }
        if case.status == "draft" or case.has_changes:
            document["draft"] = {"answers": case.draft_answers, "cursor": case.cursor}
        documents.append(document)
        if form is not None:
            for answers in [case.draft_answers, *(r.answers for r in revisions)]:
                for path in physician_paths(form, answers):
                    value = _get(answers, path)
                    ident = str(value.get("id")) if isinstance(value, Mapping) else ""
                    if ident.isdigit() and ident not in referenced:
                        physician = session.get(Physician, int(ident))
                        if physician is not None:
                            referenced[ident] = {
                                "id": ident,
                                "name": physician.name,
                                "title": physician.title,
                                "licence_no": physician.licence_no,
                            }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "physicians": sorted(referenced.values(), key=lambda p: int(p["id"])),
        "cases": documents,
    }


def _form_or_none(host: Host, slug: str) -> Form | None:
    try:
        return case_form(host, slug)
    except UserError:
        return None


@dataclass
class ImportReport:
    imported: list[tuple[Any, int]] = field(default_factory=list)  # (source id, new id)
    skipped: list[tuple[Any, str]] = field(default_factory=list)  # (source id, why)


@dataclass
class ImportPlan:
    """What an import will write, once every case of the file has been checked."""

    document: Mapping[str, Any]
    actor: str
    drop_signatures: bool
    allow_duplicates: bool
    #: (case as in the file, target institution id, source -> target physician ids)
    cases: list[tuple[Mapping[str, Any], int, dict[str, str]]] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)


def import_cases(
    session: Session,
    host: Host,
    document: Mapping[str, Any],
    *,
    actor: str,
    institution_code: str | None = None,
    allow_duplicates: bool = False,
    drop_signatures: bool = False,
) -> ImportReport:
    """Validate and import every case of an export document in ``session`` (all or nothing).

    Everything is checked in one pass before anything is written (see
    :func:`plan_import`). :func:`import_in_batches` does the same in short
    transactions, so that other writers are not held up by a large file.
    """
    plan = plan_import(
        session,
        host,
        document,
        actor=actor,
        institution_code=institution_code,
        allow_duplicates=allow_duplicates,
        drop_signatures=drop_signatures,
    )
    write_import(session, host, plan, plan.cases)
    return plan.report


#: Cases written per transaction by :func:`import_in_batches`: small enough
#: that an intake waiting for the SQLite write lock waits well under a second.
BATCH = 50


def import_in_batches(
    store: Store,
    host: Host,
    document: Mapping[str, Any],
    *,
    actor: str,
    institution_code: str | None = None,
    allow_duplicates: bool = False,
    drop_signatures: bool = False,
    batch: int = BATCH,
) -> ImportReport:
    """Validate the whole file in a read transaction, then write ``batch`` cases at a time.

    A file with any problem writes nothing. Each batch is its own write
    transaction (audited case by case), so an intake saving an answer during a
    large import waits for one batch, not for the whole file. An import that is
    interrupted keeps the batches already written: running it again skips the
    cases already there (by record number, or by content without one) and
    imports the rest. Before each batch the record numbers are checked again,
    so a case stored meanwhile by another writer is skipped, not doubled.
    """
    with store.read() as session:
        plan = plan_import(
            session,
            host,
            document,
            actor=actor,
            institution_code=institution_code,
            allow_duplicates=allow_duplicates,
            drop_signatures=drop_signatures,
        )
    for start in range(0, len(plan.cases), max(1, batch)):
        chunk = plan.cases[start : start + max(1, batch)]
        try:
            with store.write() as session:
                write_import(session, host, plan, chunk, recheck=not allow_duplicates)
        except DatabaseBusyError:
            raise UserError(
                f"数据库正忙（另一个程序正在写入），导入了 {len(plan.report.imported)} 例后中止。",
                hint="请稍后重新运行同一命令：已导入的病例会跳过，其余的继续导入。",
            ) from None
    return plan.report


def plan_import(
    session: Session,
    host: Host,
    document: Mapping[str, Any],
    *,
    actor: str,
    institution_code: str | None = None,
    allow_duplicates: bool = False,
    drop_signatures: bool = False,
) -> ImportPlan:
    """Check every case of an export document; writes nothing.

    Everything is checked in one pass: the values
    (:func:`rtech.strictjson.check_values`), each case's shape and lengths, the
    record numbers within the file, the answers against the form. A signature
    cannot be verified on import (the signed PDF is not in the file): a case that
    claims one is refused unless ``drop_signatures``, which imports it unsigned.

    :raises UserError: naming every problem (the import writes nothing).
    """
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise UserError(f"文件不是 rtech 病例导出文件（缺少 format: {FORMAT}）。")
    check_values(document, where="导入文件")
    version = document.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise UserError(f"导出文件的格式版本“{version}”无效，应为整数。")
    if int(version or 0) > VERSION:
        raise UserError(f"导出文件的格式版本 {version} 高于本程序支持的 {VERSION}。")
    items = document.get("cases")
    if not isinstance(items, list):
        raise UserError("导出文件中没有病例列表（cases）。")
    physicians = document.get("physicians") or []
    if not isinstance(physicians, list):
        raise UserError("导出文件中的医师名册（physicians）应为列表。")
    directory = {str(p.get("id")): p for p in physicians if isinstance(p, Mapping)}
    existing = cases.filed_keys(session)
    drafts = {
        (str(r), str(t))
        for r, t in session.execute(
            select(Case.record_no, Case.technology).where(Case.record_no.is_not(None))
        )
    }
    existing |= drafts
    unnumbered = {
        (str(t), _digest(a))
        for t, a in session.execute(
            select(Case.technology, Case.draft_answers).where(Case.record_no.is_(None))
        )
    }
    problems: list[tuple[int, str]] = []
    plan = ImportPlan(
        document, actor=actor, drop_signatures=drop_signatures, allow_duplicates=allow_duplicates
    )
    report = plan.report
    in_file: dict[tuple[str, str], int] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append((position, "不是对象"))
            continue
        slug = str(item.get("technology") or "")
        try:
            form = case_form(host, slug)
        except UserError as exc:
            problems.append((position, exc.message))
            continue
        problems.extend((position, m) for m in _claimed_signatures(item, drop_signatures))
        shape = _shape_problems(item, host.technology(slug).editions)
        if shape:
            problems.extend((position, m) for m in shape)
            continue
        record_no = get_path(item.get("answers") or {}, "patient.record_no")
        if record_no:
            first = in_file.setdefault((str(record_no), slug), position)
            if first != position:
                problems.append(
                    (position, f"病案号 {record_no} 与第 {first} 例相同（同一文件中重复）")
                )
                continue
        institution: Institution | None
        if institution_code:
            institution = registry.find_institution(session, institution_code)
        else:
            institution = _institution(session, (item.get("institution") or {}).get("code"))
        if institution is None:
            code = institution_code or (item.get("institution") or {}).get("code")
            problems.append(
                (position, f"本库没有机构代码为“{code}”的医疗机构（可用 --institution 指定）")
            )
            continue
        if not allow_duplicates:
            if record_no and (str(record_no), slug) in existing:
                report.skipped.append((item.get("id"), f"病案号 {record_no} 的{slug}病例已存在"))
                continue
            if not record_no and (slug, _fingerprint(item)) in unnumbered:
                report.skipped.append((item.get("id"), "内容相同的病例（无病案号）已存在"))
                continue
        mapping, missing = _physician_map(session, institution.id, form, item, directory)
        problems.extend((position, m) for m in missing)
        validator = FormValidator(form)
        for revision in item.get("revisions") or []:
            for problem in validator.errors(revision.get("answers") or {}):
                problems.append((position, f"第 {revision.get('number')} 版：{problem.message}"))
        draft = item.get("draft")
        if isinstance(draft, Mapping):
            for problem in validator.errors(draft.get("answers") or {}, partial=True):
                problems.append((position, f"草稿：{problem.message}"))
        plan.cases.append((item, institution.id, mapping))
    if problems:
        raise UserError(
            f"导入文件有 {len(problems)} 处问题，未导入任何病例：\n" + _grouped(problems)
        )
    return plan


def write_import(
    session: Session,
    host: Host,
    plan: ImportPlan,
    chunk: Sequence[tuple[Mapping[str, Any], int, dict[str, str]]],
    *,
    recheck: bool = False,
) -> None:
    """Write ``chunk`` of a checked plan in the caller's write transaction.

    :param recheck: skip (into the plan's report) the cases whose record number
        another writer stored since the plan was made.
    """
    document, actor, drop_signatures, report = (
        plan.document,
        plan.actor,
        plan.drop_signatures,
        plan.report,
    )
    stored: set[tuple[str, str]] = set()
    if recheck:
        numbers = {
            str(n)
            for item, _i, _m in chunk
            if (n := get_path(item.get("answers") or {}, "patient.record_no"))
        }
        if numbers:
            stored = {
                (str(r), str(t))
                for r, t in session.execute(
                    select(Case.record_no, Case.technology).where(Case.record_no.in_(numbers))
                )
            }
    for item, institution_id, mapping in chunk:
        record_no = get_path(item.get("answers") or {}, "patient.record_no")
        if record_no and (str(record_no), str(item["technology"])) in stored:
            report.skipped.append(
                (item.get("id"), f"病案号 {record_no} 的{item['technology']}病例已存在")
            )
            continue
        form = case_form(host, str(item["technology"]))
        revisions = [
            {**r, "answers": _remap(form, r.get("answers") or {}, mapping)}
            for r in item.get("revisions") or []
        ]
        draft = item.get("draft") if isinstance(item.get("draft"), Mapping) else None
        case = cases.import_case(
            session,
            technology=str(item["technology"]),
            edition=str(item.get("edition") or "2023"),
            institution_id=institution_id,
            actor=actor,
            revisions=revisions,
            draft_answers=_remap(form, draft.get("answers") or {}, mapping) if draft else None,
            cursor=draft.get("cursor") if draft else None,
            form_version=str(item.get("form_version") or form.version),
            signatures=[] if drop_signatures else item.get("signatures") or [],
            created_by=item.get("created_by"),
            source={"id": item.get("id"), "exported_at": document.get("exported_at")},
        )
        report.imported.append((item.get("id"), case.id))


def _text_problem(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return f"{name}应为文本"
    if len(value) > limit:
        return f"{name}超过 {limit} 个字符（{len(value)} 个）"
    return None


def _shape_problems(item: Mapping[str, Any], editions: Mapping[str, str]) -> list[str]:
    """What about one exported case cannot be stored as it is (types, lengths)."""
    found: list[str] = []
    edition = item.get("edition")
    if edition is not None and (not isinstance(edition, str) or edition not in editions):
        known = "、".join(editions)
        found.append(f"目录版本“{str(edition)[:20]}”无效（应为 {known}）")
    for key, name, limit in (
        ("form_version", "表单版本", 20),
        ("created_by", "创建人", 100),
    ):
        problem = _text_problem(item.get(key), name, limit)
        if problem:
            found.append(problem)
    if item.get("institution") is not None and not isinstance(item.get("institution"), Mapping):
        found.append("institution 应为对象")
    answers = item.get("answers")
    if answers is not None and not isinstance(answers, Mapping):
        found.append("answers 应为对象")
    elif answers is not None:
        for path, name, limit in (("patient.record_no", "病案号", 50),):
            value = get_path(answers, path)
            if value is not None and len(str(value)) > limit:
                found.append(f"{name}超过 {limit} 个字符")
    revisions = item.get("revisions")
    if revisions is not None and not isinstance(revisions, list):
        found.append("revisions 应为列表")
        revisions = []
    for index, revision in enumerate(revisions or [], start=1):
        if not isinstance(revision, Mapping):
            found.append(f"第 {index} 项修订不是对象")
            continue
        number = revision.get("number")
        if isinstance(number, bool) or number != index:
            found.append(f"第 {index} 项修订的编号应为 {index}，实为“{str(number)[:20]}”")
        if not isinstance(revision.get("answers"), Mapping):
            found.append(f"第 {index} 项修订的 answers 应为对象")
        for key, name, limit in (
            ("author", "修订人", 100),
            ("reason", "修改原因", 10000),
            ("form_version", "表单版本", 20),
            ("created_at", "修订时间", 40),
        ):
            problem = _text_problem(revision.get(key), f"第 {index} 版的{name}", limit)
            if problem:
                found.append(problem)
    draft = item.get("draft")
    if draft is not None:
        if not isinstance(draft, Mapping):
            found.append("draft 应为对象")
        else:
            for key in ("answers", "cursor"):
                if draft.get(key) is not None and not isinstance(draft.get(key), Mapping):
                    found.append(f"draft.{key} 应为对象")
    signatures = item.get("signatures")
    if signatures is not None and not isinstance(signatures, list):
        found.append("signatures 应为列表")
    return found


def _claimed_signatures(item: Mapping[str, Any], drop_signatures: bool) -> list[str]:
    """A signature the file claims cannot be verified (no signed PDF in it): refused."""
    signatures = item.get("signatures")
    if drop_signatures or not isinstance(signatures, list):
        return []
    claimed = [s for s in signatures if not (isinstance(s, Mapping) and s.get("voided_at"))]
    if not claimed:
        return []
    return [
        f"带有 {len(claimed)} 个签名：导入时无法核验签名（文件中没有签署的文书），"
        "不能导入为已签名（可加 --drop-signatures 以“已提交”导入，再重新签署）"
    ]


def _digest(answers: Any) -> str:
    text = json.dumps(answers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _fingerprint(item: Mapping[str, Any]) -> str:
    """The working copy a case will have once imported (drafts: their answers)."""
    draft = item.get("draft")
    if isinstance(draft, Mapping):
        return _digest(draft.get("answers") or {})
    revisions = item.get("revisions") or []
    return _digest(revisions[-1].get("answers") if revisions else {})


def _grouped(problems: Sequence[tuple[int, str]]) -> str:
    """One line per distinct problem, naming the cases it concerns."""
    by_message: dict[str, list[int]] = {}
    for position, message in problems:
        by_message.setdefault(message, []).append(position)
    lines = []
    for message, positions in list(by_message.items())[:30]:
        if len(positions) == 1:
            where = f"第 {positions[0]} 例"
        elif len(positions) <= 5:
            where = "第 " + "、".join(map(str, positions)) + " 例"
        else:
            where = f"第 {positions[0]} 例等 {len(positions)} 例"
        lines.append(f"  - {where}：{message}")
    if len(by_message) > 30:
        lines.append(f"  ……另有 {len(by_message) - 30} 种问题")
    return "\n".join(lines)


def _institution(session: Session, code: Any) -> Institution | None:
    if not code:
        institutions = registry.list_institutions(session)
        return institutions[0] if len(institutions) == 1 else None
    return session.scalar(select(Institution).where(Institution.code == str(code)))


def _physician_map(
    session: Session,
    institution_id: int,
    form: Form,
    item: Mapping[str, Any],
    directory: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, str], list[str]]:
    """Source physician id -> target id, and the physicians that cannot be found."""
    physicians = registry.list_physicians(session, institution_id, active_only=False)
    mapping: dict[str, str] = {}
    missing: list[str] = []
    answers_sets = [r.get("answers") or {} for r in item.get("revisions") or []]
    draft = item.get("draft")
    if isinstance(draft, Mapping):
        answers_sets.append(draft.get("answers") or {})
    for answers in answers_sets:
        for path in physician_paths(form, answers):
            value = _get(answers, path)
            source = str(value.get("id")) if isinstance(value, Mapping) else ""
            if source in mapping:
                continue
            known = directory.get(source) or {}
            name = str(
                known.get("name") or (value.get("name") if isinstance(value, Mapping) else "")
            )
            licence = known.get("licence_no")
            found = [p for p in physicians if licence and p.licence_no == licence]
            if not found:
                found = [p for p in physicians if p.name == name]
            if len(found) == 1:
                mapping[source] = str(found[0].id)
            elif not found:
                missing.append(f"医师“{name}”不在本库医师名册中，请先登记")
                mapping[source] = source
            else:
                missing.append(
                    f"医师名册中有 {len(found)} 位“{name}”，无法确定是哪一位（请补充执业证书编码）"
                )
                mapping[source] = source
    return mapping, list(dict.fromkeys(missing))


def _remap(form: Form, answers: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    result = copy.deepcopy(dict(answers))
    for path in list(physician_paths(form, result)):
        value = _get(result, path)
        if isinstance(value, Mapping):
            _set(
                result,
                path,
                {**value, "id": mapping.get(str(value.get("id")), str(value.get("id")))},
            )
    return result
