"""Signing settings kept in the configuration directory (``signing.json``).

Only the timestamp server for now: with one configured, signatures are PAdES
B-T (a trusted time from the server); without, B-B (the signer's clock, offline).
``RTECH_TSA_URL`` overrides the file, for scripts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final

from rtech.errors import UserError
from rtech.paths import config_dir

__all__ = ["TSA_ENV", "save_tsa_url", "settings_path", "tsa_url"]

#: Environment variable naming an RFC 3161 timestamp server.
TSA_ENV: Final = "RTECH_TSA_URL"


def settings_path() -> Path:
    return config_dir() / "signing.json"


def _load() -> dict[str, Any]:
    path = settings_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UserError(f"签名设置文件 {path} 不是有效的 JSON：{exc}") from exc
    return data if isinstance(data, dict) else {}


def tsa_url() -> str | None:
    """The timestamp server: ``RTECH_TSA_URL``, else the settings file, else None."""
    env = os.environ.get(TSA_ENV, "").strip()
    if env:
        return env
    value = _load().get("tsa_url")
    return value if isinstance(value, str) and value.strip() else None


def save_tsa_url(url: str | None) -> None:
    """Remember (or, with None, forget) the timestamp server."""
    if url is not None and not url.startswith(("http://", "https://")):
        raise UserError(f"时间戳服务器地址“{url}”无效，应以 http:// 或 https:// 开头。")
    data = _load()
    if url:
        data["tsa_url"] = url
    else:
        data.pop("tsa_url", None)
    settings_path().write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
