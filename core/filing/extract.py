"""Reading back the JSON data a filing carries (``rtech-document.json``).

The receiver re-imports a filing from this attachment: it is the document's
data exactly as it was rendered (:func:`rtech.filing.documents.document_to_json`
plus the generation time), so ``rtech file case --data`` accepts it as it is.
"""

from __future__ import annotations

import io
import json
from typing import Any

from rtech.errors import UserError
from rtech.filing.render_api import ATTACHMENT_NAME

__all__ = ["read_document_data"]


def read_document_data(pdf: bytes) -> dict[str, Any]:
    """The filing's attached document data.

    :raises UserError: not a PDF, or no rtech attachment in it.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        raise UserError(f"该 PDF 没有附带文书数据（{ATTACHMENT_NAME}）。") from None
    except Exception as exc:  # a damaged file is reported, whatever broke
        raise UserError(f"文件无法解析为 PDF：{exc}") from exc
    for index in range(0, len(names) - 1, 2):
        if str(names[index]) != ATTACHMENT_NAME:
            continue
        spec = names[index + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        try:
            data = json.loads(stream.data.decode("utf-8"))
        except ValueError as exc:
            raise UserError(f"文书数据（{ATTACHMENT_NAME}）不是有效的 JSON：{exc}") from exc
        if not isinstance(data, dict):
            raise UserError(f"文书数据（{ATTACHMENT_NAME}）应为 JSON 对象。")
        return data
    raise UserError(f"该 PDF 没有附带文书数据（{ATTACHMENT_NAME}）。")
