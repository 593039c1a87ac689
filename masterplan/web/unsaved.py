"""Form input kept on the server while it is typed, so that another browser or device can take it up.

While a person fills a section form, the browser sends what the form holds
every few seconds (``POST .../sementara``); it is kept per person and form in
``workflow/isian/<person>/<stage>-<section>-<contributor>.json`` (written
atomically), shown back as an offer to restore when that person opens the
form again anywhere, and removed when the form is saved. It is not an answer:
nothing here is checked, journalled or seen by anyone else, and the workspace's
revision leaves the folder out (typing does not make pages read the workspace again).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from masterplan.errors import UsageError
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store

FOLDER = "workflow/isian"
MAX_FIELDS = 50_000  # as many as a form may post


def _path(person: str, stage: int, section: str, contributor: str) -> str:
    return f"{FOLDER}/{person}/{stage}-{section}-{contributor}.json"


def keep(
    workspace: Path | WorkspaceStore,
    person: str,
    stage: int,
    section: str,
    contributor: str,
    fields: list[tuple[str, str]],
) -> None:
    """Keep ``fields`` (name, value, in form order) as ``person``'s unsaved input of the form."""
    moment = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = {"time": moment, "fields": [list(pair) for pair in fields[:MAX_FIELDS]]}
    text = json.dumps(data, ensure_ascii=False)
    as_store(workspace).write(_path(person, stage, section, contributor), text.encode("utf-8"))


def read(
    workspace: Path | WorkspaceStore, person: str, stage: int, section: str, contributor: str
) -> dict[str, Any] | None:
    """``{"time": ..., "fields": [[name, value], ...]}`` kept for the form (``None``: none, or unreadable)."""
    try:
        raw = as_store(workspace).read(_path(person, stage, section, contributor))
        data = json.loads(raw) if raw is not None else None
    except (UsageError, ValueError):
        return None
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(fields, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in fields
    ):
        return None
    return {"time": str(data.get("time", "")), "fields": fields}


def discard(
    workspace: Path | WorkspaceStore, person: str, stage: int, section: str, contributor: str
) -> None:
    """Forget the kept input of the form (after it was saved)."""
    as_store(workspace).remove(_path(person, stage, section, contributor))
