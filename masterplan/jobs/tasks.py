"""The kinds of job: what a queue may run, by name, with JSON parameters and results.

Each task takes its parameters (strings, numbers, booleans) and a progress
callback and returns a JSON result whose ``files`` lists the paths it wrote;
a queue backend imports the function from its ``"module:function"`` name, in
this process or in a worker on another machine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masterplan.jobs.model import Progress

if TYPE_CHECKING:
    from masterplan.store.base import WorkspaceStore

TASKS: dict[str, str] = {
    "draft": "masterplan.jobs.tasks:draft",
    "finalize": "masterplan.jobs.tasks:finalize",
    "notify": "masterplan.jobs.tasks:notify",
    "measure": "masterplan.jobs.tasks:measure",
}


def _folder(params: dict[str, Any]) -> Path:
    """The folder a task reads: ``root``, or the checkout of region ``name`` in the database ``store``."""
    from masterplan.store.checkout import checkout
    from masterplan.store.files import as_store

    return checkout(as_store(_store(params)))


def _store(params: dict[str, Any]) -> Path | WorkspaceStore:
    """The workspace a task changes or reads through its store: ``root``, or ``name`` in ``store``."""
    if params.get("store"):
        from masterplan.store.postgres import PostgresStore

        return PostgresStore(params["store"], params["name"])
    return Path(params["root"])


def draft(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """A draft, cached: ``format`` "docx" or "pdf", optional ``changes``, ``date`` and ``book``.

    Of the folder ``root``, or of the region ``name`` in the database ``store`` (built from its checkout).
    """
    from masterplan import api

    day = dt.date.fromisoformat(params["date"]) if params.get("date") else None
    book = params.get("book") or "rencana-induk"
    built = api.draft(_folder(params), params["format"], params.get("changes"), day, progress, book)
    return {"files": [str(built.path)], "reused": built.reused, "warnings": built.warnings}


def finalize(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Finalise the workspace (as for a draft) as ``person``.

    ``libreoffice`` fills Word's page numbers; ``supersede`` replaces the same approved plan's finalisation.
    """
    from masterplan.workflow.finalize import finalize as finalizing

    progress(0.05, "Memeriksa syarat finalisasi dan menyusun dokumen final")
    result = finalizing(
        _store(params),
        params["person"],
        libreoffice=bool(params.get("libreoffice")),
        supersede=bool(params.get("supersede")),
    )
    return {"files": [str(p) for p in result.files], "entry": result.entry.seq, "warnings": result.warnings}


def notify(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """E-mail what journal entry ``entry`` tells whom (:mod:`..workflow.notify`); workspace as for a draft."""
    from masterplan.workflow.notify import notify as sending

    progress(0.1, "Mengirim surel pemberitahuan")
    return {"files": [], "sent": sending(_store(params), int(params["entry"]))}


def measure(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Check the workspace (as for a draft) for the portfolio (:func:`..workflow.portfolio.measure`).

    Kept in the folder the service reads drafts from: the region's own, or its checkout.
    """
    from masterplan.store.checkout import checkout
    from masterplan.store.files import as_store
    from masterplan.workflow.portfolio import MEASURE_FILE
    from masterplan.workflow.portfolio import measure as measuring

    store = as_store(_store(params))
    revision = store.revision()  # first: what is checked is at least this new
    root = checkout(store)
    progress(0.1, "Memeriksa kelengkapan dan daftar periksa evaluasi")
    made = measuring(root, revision)
    return {"files": [str(root / MEASURE_FILE)], "completeness": made.completeness}
