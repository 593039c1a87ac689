"""The documented front door of masterplan: ``init``, ``check``, ``status``, ``build``.

The workflow (stages, notes, history, finalisation) has its own front door in
:mod:`masterplan.workflow`; this module brings its state into checks and drafts.

Data flows one way: files -> models -> merged answers -> rules. The CLI calls
these functions and prints their results; other front ends (the web app, the
spreadsheet import) call them too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from masterplan.answers.definitions import load_definitions
from masterplan.building import (
    FORMATS,
    PDF_PARTS_CACHE,
    BuildResult,
    Draft,
    book_names,
    book_titles,
    build_outputs,
    change_entries,
    document,
    draft,
    output_name,
    review_notes,
    unsigned_signatories,
    write_outputs,
)
from masterplan.checks.check import CheckResult, check, load_plan
from masterplan.errors import WorkflowError
from masterplan.resources import MAIN_BOOK
from masterplan.store.base import WorkspaceStore

if TYPE_CHECKING:  # the document model and the renderers load only when a document is made
    from masterplan.answers.upgrade import UpgradeResult
    from masterplan.checks.status import StatusReport

__all__ = [
    "FORMATS", "PDF_PARTS_CACHE", "BuildResult", "CheckResult", "Draft", "book_names", "book_titles", "build",
    "build_outputs", "change_entries", "check", "document", "draft", "init", "load_plan", "output_name",
    "review_notes", "status", "unsigned_signatories", "upgrade", "write_outputs",
]


def status(root: Path | str | WorkspaceStore) -> StatusReport:
    """Completeness per stage, section and contributor, with error and warning counts.

    Under the workflow each stage also says its state and how many review notes are open.
    """
    from masterplan.checks.status import compute_status
    from masterplan.store.files import as_store
    from masterplan.workflow.present import stage_summary
    from masterplan.workflow.state import load_state

    store = as_store(root if isinstance(root, WorkspaceStore) else Path(root))
    result = load_plan(store)
    report = compute_status(result)
    if store.journal_head() is not None or store.journal() is not None:
        state = result.state or load_state(store)
        for stage in report.stages:
            stage.workflow = stage_summary(state, stage.stage)
    return report


def upgrade(root: Path | str, person: str | None = None, dry_run: bool = False) -> UpgradeResult:
    """Bring the workspace at ``root`` to the current format (see :mod:`masterplan.answers.upgrade`)."""
    from masterplan.answers.upgrade import upgrade_workspace

    return upgrade_workspace(Path(root), person=person, dry_run=dry_run)


def init(root: Path | str, name: str = "Contoh", kind: str = "kabupaten") -> list[Path]:
    """Create an empty workspace with commented templates of every file; returns the files."""
    from masterplan.answers.scaffold import write_workspace

    return write_workspace(Path(root), load_definitions(), name=name, kind=kind)


def build(
    root: Path | str,
    fmt: str = "docx",
    mode: str = "draft",
    outdir: Path | str | None = None,
    build_date: dt.date | None = None,
    libreoffice: bool = True,
    changes_since: str | None = None,
    book: str = MAIN_BOOK,
) -> BuildResult:
    """Write the Rencana Induk of ``root`` (or the companion ``book``) as ``fmt`` ("docx", "pdf" or "all").

    ``outdir`` defaults to ``root/build``. The build date is a parameter so that
    two builds of the same answers give the same document. With ``libreoffice``
    (and LibreOffice installed) the Word table of contents gets its page numbers
    now; otherwise Word fills them when the file is opened. A final PDF is
    PDF/A with the merged answers attached, carries an empty signature field per
    signatory and gets a signing manifest (``.ttd.json``) beside it.

    In a workspace with a workflow (``people.yaml``), final documents come
    from ``masterplan finalize``; ``build --mode final`` is refused until the
    workspace could be finalised (all stages approved, no open notes).
    """
    if mode == "final" and (Path(root) / "people.yaml").is_file():
        from masterplan.workflow.finalize import readiness

        reasons = readiness(Path(root))
        if reasons:
            listing = "\n".join(f"- {r}" for r in reasons)
            raise WorkflowError(
                "dokumen final workspace dengan alur kerja disusun melalui masterplan finalize, "
                f"setelah semua tahap disetujui:\n{listing}"
            )
    return build_outputs(root, fmt, mode, outdir, build_date, libreoffice, changes_since, book=book)
