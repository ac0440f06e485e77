"""The filings the app generates: one :class:`FilingJob` per kind of document.

Each job's ``run`` is called in a worker thread by the filing screen; the
documents come from :mod:`rtech.filing_sources`, exactly as ``rtech file``
builds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rtech.tui.screens.filing import FilingJob

if TYPE_CHECKING:
    from rtech.filing.batch import BatchResult, SignOptions
    from rtech.filing.documents import RegistrationDocument, ReportDocument
    from rtech.tui.workspace import Workspace

__all__ = ["case_job", "registration_job", "report_job"]


def _render(
    workspace: Workspace,
    document: RegistrationDocument | ReportDocument,
    institution_id: int,
    where: str,
    directory: Path,
    sign: SignOptions | None,
) -> BatchResult:
    """As ``rtech file registration|report``: signed with the user's own key, recorded."""
    from rtech.filing.batch import output_paths
    from rtech.filing_sources import file_document

    directory.mkdir(parents=True, exist_ok=True)
    target = output_paths([document.document_no], directory)[0]
    return file_document(
        workspace.store,
        document,
        institution_id=institution_id,
        target=target,
        sign=sign,
        actor=workspace.actor,
        where=where,
    )


def case_job(workspace: Workspace, case_id: int, subject: str) -> FilingJob:
    """病例信息上报表 of a submitted case; signing records the signature and locks the case."""

    def run(directory: Path, sign: SignOptions | None) -> BatchResult:
        from rtech.filing_sources import file_cases

        directory.mkdir(parents=True, exist_ok=True)
        results = file_cases(
            workspace.store,
            workspace.host,
            [case_id],
            output=directory,
            sign=sign,
            actor=workspace.actor,
        )
        return results[0]

    return FilingJob(
        "病例信息上报表",
        subject,
        run,
        note="签名后病例即锁定：再修改会生成新的修订版本，原签名作废（均记入审计日志）。",
    )


def registration_job(
    workspace: Workspace, slug: str, institution_id: int, edition: str | None
) -> FilingJob:
    """技术备案自评表 of the institution for one technology."""

    def run(directory: Path, sign: SignOptions | None) -> BatchResult:
        from rtech.filing_sources import registration_document

        with workspace.store.read() as session:
            document = registration_document(
                session, workspace.host, slug, institution_id, edition=edition
            )
        return _render(workspace, document, institution_id, "自评", directory, sign)

    name = workspace.host.technology(slug).name
    return FilingJob("技术备案自评表", f"{name}（{edition}年版）", run)


def report_job(
    workspace: Workspace, slug: str, period: str, institution_id: int, edition: str | None
) -> FilingJob:
    """质量控制指标报告 of one institution, technology and period."""

    def run(directory: Path, sign: SignOptions | None) -> BatchResult:
        from rtech.filing_sources import report_document

        with workspace.store.read() as session:
            document = report_document(
                session,
                workspace.host,
                slug,
                period,
                institution_id=institution_id,
                edition=edition,
            )
        return _render(workspace, document, institution_id, "质控报告", directory, sign)

    name = workspace.host.technology(slug).name
    return FilingJob("质量控制指标报告", f"{name}，{period}（{edition}年版）", run)
