"""Rendering (and signing) many filings: in this process, or in worker processes.

``jobs=1`` renders in order with one :class:`~rtech.filing.render.Renderer`.
``jobs>1`` starts that many worker processes (``spawn``: WeasyPrint's native
libraries are not fork-safe); each parses the documents' JSON, renders, signs
with its own copy of the decrypted key, and writes the file. The passphrase
reaches the workers through the pool's pipe, never through a file or the
environment.

Every file is written whole or not at all (:mod:`rtech.atomicfile`). With
``hold_signed`` a signed filing stays in its hidden temporary file
(``BatchResult.staged``) until the caller has recorded the signature and
publishes it: a killed process never leaves a signed PDF the database does not
know.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["BatchResult", "SignOptions", "output_paths", "render_batch"]


@dataclass(frozen=True, slots=True)
class SignOptions:
    """How to sign each filing of a batch (None: do not sign)."""

    passphrase: str
    meaning: str = "审核"
    tsa_url: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    file: str
    document_no: str
    kind: str
    pages: int
    signed: bool
    meaning: str | None
    signer: str | None
    pdfa: bool
    #: the temporary file still to publish onto ``file`` (``hold_signed``), else None
    staged: str | None = None


class _Worker:
    """One process's renderer and key."""

    def __init__(self, sign: SignOptions | None, pdfa: bool, hold_signed: bool = False) -> None:
        from rtech.filing.render import Renderer

        self.renderer = Renderer()
        self.sign = sign
        self.pdfa = pdfa
        self.hold_signed = hold_signed
        self.signer = None
        if sign is not None:
            from rtech.filing import keys

            self.signer = keys.load_signer(sign.passphrase)

    def __call__(self, data: Mapping[str, Any], where: str, target: Path) -> BatchResult:
        from rtech.filing.documents import document_from_json

        document = document_from_json(data, where=where)
        rendered = self.renderer.render(document, pdfa=self.pdfa, signed=self.signer is not None)
        pdf = rendered.pdf
        if self.signer is not None and self.sign is not None:
            from rtech.filing.sign import sign_pdf

            pdf = sign_pdf(
                pdf,
                self.signer,
                meaning=self.sign.meaning,
                tsa_url=self.sign.tsa_url,
                fonts=self.renderer.fonts,
            )
        from rtech.atomicfile import publish, stage

        staged: Path | None = stage(target, pdf)
        if not (self.hold_signed and self.signer is not None):
            assert staged is not None
            publish(staged, target)
            staged = None
        return BatchResult(
            file=str(target),
            document_no=rendered.document_no,
            kind=rendered.kind,
            pages=rendered.pages,
            signed=self.signer is not None,
            meaning=self.sign.meaning if self.sign is not None else None,
            signer=self.signer.info.printed_name if self.signer is not None else None,
            pdfa=self.pdfa,
            staged=str(staged) if staged is not None else None,
        )


_worker: _Worker | None = None


def _init(sign: SignOptions | None, pdfa: bool, hold_signed: bool) -> None:
    global _worker
    _worker = _Worker(sign, pdfa, hold_signed)


def _run(data: Mapping[str, Any], where: str, target: Path) -> BatchResult:
    assert _worker is not None, "the pool initialiser sets up the worker"
    return _worker(data, where, target)


def render_batch(
    items: Sequence[tuple[Mapping[str, Any], str, Path]],
    *,
    sign: SignOptions | None = None,
    pdfa: bool = False,
    jobs: int = 1,
    done: Callable[[BatchResult], None] | None = None,
    hold_signed: bool = False,
) -> list[BatchResult]:
    """Render each ``(document JSON, where it comes from, target file)``, in order.

    ``where`` names the item in error messages (``reports.json 第 3 项``).

    :param done: called in this process after each filing is written (progress).
    :param hold_signed: leave each signed filing staged (``BatchResult.staged``)
        for the caller to record, then publish (:func:`rtech.atomicfile.publish`)
        or discard.
    :raises UserError: the first filing that fails stops the batch (the files
        already written stay).
    """
    results: list[BatchResult | None] = [None] * len(items)
    if jobs <= 1 or len(items) <= 1:
        worker = _Worker(sign, pdfa, hold_signed)
        for index, (data, where, target) in enumerate(items):
            result = worker(data, where, target)
            results[index] = result
            if done is not None:
                done(result)
    else:
        context = multiprocessing.get_context("spawn")
        workers = min(jobs, len(items))
        with ProcessPoolExecutor(workers, context, _init, (sign, pdfa, hold_signed)) as pool:
            futures = {
                pool.submit(_run, data, where, target): index
                for index, (data, where, target) in enumerate(items)
            }
            try:
                for future in as_completed(futures):
                    result = future.result()
                    results[futures[future]] = result
                    if done is not None:
                        done(result)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    return [r for r in results if r is not None]


def output_paths(document_numbers: Sequence[str], output: Path | None) -> list[Path]:
    """Where each filing goes: ``output`` itself for one PDF, else ``<output>/<no>.pdf``."""
    from rtech.errors import UserError

    if len(document_numbers) == 1 and output is not None and not output.is_dir():
        if output.suffix.lower() != ".pdf":
            raise UserError(f"输出文件 {output} 应以 .pdf 结尾（批量生成时 -o 为目录）。")
        return [output]
    directory = output or Path(".")
    for number in document_numbers:
        _check_file_name(number)
    if directory.exists() and not directory.is_dir():
        raise UserError(f"批量生成时 -o 应为目录，{directory} 是文件。")
    directory.mkdir(parents=True, exist_ok=True)
    targets = [directory / f"{number}.pdf" for number in document_numbers]
    root = directory.resolve()
    for number, target in zip(document_numbers, targets, strict=True):
        if target.resolve().parent != root:
            raise UserError(f"文书编号“{number}”会写到输出目录 {directory} 之外，已拒绝生成。")
    return targets


_UNSAFE_IN_FILE_NAME = frozenset('/\\:*?"<>|')


def _check_file_name(number: str) -> None:
    """A document number names a file inside the output directory, nothing else.

    Path separators, ``..``, control characters and the characters Windows
    forbids in a file name are refused (a data file may carry any
    ``document_no`` or ``case_id``).
    """
    from rtech.errors import UserError

    shown = number.encode("unicode_escape").decode("ascii") if not number.isprintable() else number
    if (
        not number.strip()
        or number.strip(".") == ""
        or number.startswith(".")
        or any(ch in _UNSAFE_IN_FILE_NAME or not ch.isprintable() for ch in number)
    ):
        raise UserError(
            f"文书编号“{shown}”不能用作文件名（不得含有路径分隔符、“..”、控制字符或 "
            '\\ / : * ? " < > |），已拒绝生成，未写入任何文件。',
            hint="请检查数据文件中的 document_no 与 case_id。",
        )
