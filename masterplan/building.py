"""Make the documents of a workspace: the document model, then Word, PDF and the companion books.

:func:`document` assembles the model (a draft carries the open problems, the
mentors' open review notes and, on request, what changed); :func:`write_outputs`
renders it; :func:`draft` serves a draft from the cache while nothing changed.
The workflow's gate on final documents is in :func:`masterplan.api.build`;
finalisation calls :func:`build_outputs` after checking it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from masterplan.answers.attachments import attached_pdfs
from masterplan.answers.definitions import Definitions
from masterplan.answers.workspace import ASSETS_DIR
from masterplan.checks.check import CheckResult, load_plan
from masterplan.checks.plan import Plan
from masterplan.errors import BuildRefused, UsageError
from masterplan.resources import MAIN_BOOK, MATRIX_BOOK

if TYPE_CHECKING:  # the document model and the renderers load only when a document is made
    from masterplan.document.model import ChangeEntry, Document, ReviewNote
    from masterplan.jobs.model import Progress
    from masterplan.workflow.state import WorkflowState


FORMATS = ("docx", "pdf", "all")
"""Output formats ``build`` can write."""


@dataclass
class BuildResult:
    """What ``build`` wrote, and what the renderers warned about (never swallowed)."""

    files: list[Path]
    warnings: list[str]


def document(
    root: Path | str,
    mode: str = "draft",
    build_date: dt.date | None = None,
    changes_since: str | None = None,
    book: str = MAIN_BOOK,
) -> tuple[Document, CheckResult]:
    """The document model of the workspace at ``root`` (the Rencana Induk, or the companion ``book``).

    Final mode refuses (:class:`BuildRefused`) while ``check`` reports errors;
    a draft shows what is missing in place, lists open problems in an appendix
    and carries the mentors' open review notes. With ``changes_since``
    ("review" for each stage's last review, a journal entry number or a date)
    a draft also lists what changed in the answers since then.
    """
    result = load_plan(root)
    if result.plan is None:
        raise BuildRefused(list(result.report.errors), final=mode == "final")
    if mode == "final" and result.report.errors:
        raise BuildRefused(list(result.report.errors))
    from masterplan.document.assemble import assemble

    day = build_date or dt.date.today()
    notes: list[ReviewNote] = []
    changes: list[ChangeEntry] = []
    since: str | None = None
    if mode == "draft":
        notes = review_notes(Path(root), result.plan.definitions, result.state)
        if changes_since is not None:
            changes, since = change_entries(Path(root), None if changes_since == "review" else changes_since)
    model = assemble(result.plan, day, mode, Path(root).resolve(), list(result.report),
                     notes=notes, changes=changes, changes_since=since, book=book)
    return model, result


def review_notes(
    root: Path, definitions: Definitions, state: WorkflowState | None = None
) -> list[ReviewNote]:
    """The open review notes of the workspace, as the document model shows them (``state``: read already)."""
    from masterplan.document.model import ReviewNote, ReviewReply
    from masterplan.workflow.journal import JOURNAL_FILE
    from masterplan.workflow.present import note_label, note_time, workspace_zone
    from masterplan.workflow.state import load_state

    if not (root / JOURNAL_FILE).is_file():
        return []
    zone = workspace_zone(root)
    return [
        ReviewNote(
            id=note.id, stage=note.stage, target=note.target,
            target_label=note_label(note, definitions), author=note.name, time=note_time(note.time, zone),
            text=note.text,
            replies=[
                ReviewReply(author=r.name, time=note_time(r.time, zone), text=r.text) for r in note.replies
            ],
        )
        for note in (state or load_state(root)).open_notes()
    ]


def change_entries(root: Path, since: str | None) -> tuple[list[ChangeEntry], str | None]:
    """What changed since ``since`` (None: each stage's last review) for a draft's appendix."""
    from masterplan.document.model import ChangeEntry
    from masterplan.workflow.diff import changes

    found, points = changes(root, since)
    entries = [ChangeEntry(stage=c.stage, where=c.where, before=c.before, after=c.after) for c in found]
    return entries, "; ".join(points) if points else None


def unsigned_signatories(model: Document, plan: Plan | None) -> list[str]:
    """A warning for each signatory of region.yaml (and the head) who signs nowhere in ``model``.

    A custom outline may leave out the Lembar Pengesahan or a foreword; nobody is dropped silently.
    """
    from masterplan.document.model import Signatures

    if plan is None:
        return []
    blocks = [b for found in model.block_lists() for b in found if isinstance(b, Signatures)]
    signed = {signature.name for block in blocks for signature in block.blocks}
    region = plan.region
    people = [(region.head.name, "kepala daerah"), *((s.name, s.role) for s in region.signatories)]
    return [
        f"region.yaml: {name} ({role}) tidak menandatangani di mana pun dalam dokumen; "
        "periksa halaman Lembar Pengesahan dan Kata Pengantar pada outline.yaml"
        for name, role in people
        if name not in signed
    ]


def book_names(root: Path | str) -> list[str]:
    """The books ``root`` can build: ``rencana-induk`` first, then its companions (``ringkasan`` ...)."""
    from masterplan.document.outline import books

    return [*books(Path(root)), MATRIX_BOOK]


def book_titles(root: Path | str) -> dict[str, str]:
    """The books ``root`` can draft as Word or PDF: name -> short title ("Ringkasan Eksekutif")."""
    from masterplan.document.outline import books, load_outline

    main = load_outline(Path(root)).name
    outlines = {book: load_outline(Path(root), book) for book in books(Path(root))}
    return {
        book: main if book == MAIN_BOOK else _short_title(outline.name, main)
        for book, outline in outlines.items()
        if not outline.slides  # a presentation is no Word or PDF draft
    }


def _short_title(name: str, main: str) -> str:
    """A companion's title without the main book's: "Ringkasan Eksekutif", "Rancangan Peraturan ..."."""
    return name.replace("{KEPALA}", "Kepala Daerah").replace(f" tentang {main}", "").replace(f" {main}", "")


def output_name(model: Document, suffix: str) -> str:
    """``kabupaten-sukamaju-rencana-induk.docx`` (``-ringkasan`` for that book); drafts carry ``-draf``."""
    draft = "-draf" if model.meta.mode == "draft" else ""
    return f"{model.meta.slug}-{model.meta.book}{draft}.{suffix}"


def build_outputs(
    root: Path | str,
    fmt: str,
    mode: str,
    outdir: Path | str | None,
    build_date: dt.date | None,
    libreoffice: bool,
    changes_since: str | None = None,
    journal: str | None = None,
    book: str = MAIN_BOOK,
) -> BuildResult:
    """:func:`build` without the workflow's gate (finalisation has checked it already).

    ``journal`` (``#12 <sha256>``) is the head finalisation anchors in the documents' keywords.
    """
    if book == MATRIX_BOOK:
        return _build_matrix(Path(root), mode, outdir, build_date)
    model, checked = document(root, mode, build_date, changes_since, book)
    model.meta.journal = journal
    workspace = Path(root).resolve()
    target = Path(outdir) if outdir is not None else workspace / "build"
    return write_outputs(model, checked, fmt, workspace, target, libreoffice)


def _build_matrix(
    root: Path, mode: str, outdir: Path | str | None, build_date: dt.date | None
) -> BuildResult:
    """The Bappeda matrix (``<daerah>-matriks[-draf].xlsx``), refused as a final document is."""
    from masterplan.renderers.matrix import write_matrix

    result = load_plan(root)
    if result.plan is None or (mode == "final" and result.report.errors):
        raise BuildRefused(list(result.report.errors), final=mode == "final")
    workspace = root.resolve()
    target = Path(outdir) if outdir is not None else workspace / "build"
    target.mkdir(parents=True, exist_ok=True)
    name = f"{result.plan.region.slug}-{MATRIX_BOOK}{'-draf' if mode == 'draft' else ''}.xlsx"
    path = write_matrix(result.plan, target / name, workspace, build_date or dt.date.today(), mode == "draft")
    return BuildResult(files=[path], warnings=[])


def write_outputs(
    model: Document,
    checked: CheckResult,
    fmt: str,
    workspace: Path,
    target: Path,
    libreoffice: bool,
    progress: Progress | None = None,
) -> BuildResult:
    """Render ``model`` of ``workspace`` as ``fmt`` into ``target`` (Word and PDF at once for "all")."""
    signing = model.meta.book == MAIN_BOOK  # the Rencana Induk is what each signatory signs
    result = BuildResult(files=[], warnings=unsigned_signatories(model, checked.plan) if signing else [])
    if progress is not None:
        progress(0.2, {"docx": "Menulis dokumen Word"}.get(fmt, "Menata halaman PDF"))
    try:
        target.mkdir(parents=True, exist_ok=True)
        if model.meta.slides:  # a presentation is a PowerPoint file, whatever the format asked
            from masterplan.renderers.pptx import render_pptx

            result.files.append(render_pptx(model, target / output_name(model, "pptx")))
            return result
        pdf = BuildResult(files=[], warnings=[])
        from concurrent.futures import ThreadPoolExecutor  # only a build of both formats needs it

        with ThreadPoolExecutor(max_workers=1) as pool:  # the PDF's worker lays out while Word is written
            pending = None
            if fmt in ("pdf", "all"):
                assert checked.plan is not None
                pending = pool.submit(_build_pdf, model, checked.plan, workspace, target, pdf)
            if fmt in ("docx", "all"):
                result.files.append(_build_docx(model, workspace, target, libreoffice, result.warnings))
            if pending is not None:
                pending.result()
        result.files += pdf.files
        result.warnings += pdf.warnings
    except OSError as error:
        where = error.filename or target
        raise UsageError(
            f"tidak dapat menulis ke {where}: {error.strerror or error}; "
            "pilih folder keluaran lain dengan -o (dan tutup berkas yang sedang dibuka di Word)"
        ) from error
    return result


@dataclass
class Draft:
    """A draft document: its file, whether an earlier identical build was reused, the build's warnings."""

    path: Path
    reused: bool
    warnings: list[str]


def draft(
    root: Path | str,
    fmt: str,
    changes_since: str | None = None,
    build_date: dt.date | None = None,
    progress: Progress | None = None,
    book: str = MAIN_BOOK,
) -> Draft:
    """The draft Word or PDF of ``root`` (or of a companion ``book``), from the cache when nothing changed.

    The file stays in the cache (``build/.cache/draf``, see :mod:`masterplan.renderers.buildcache`);
    copy it to keep it. ``progress`` hears what is being done. Word drafts leave the table
    of contents' page numbers to the word processor (no LibreOffice pass).
    """
    from masterplan.renderers.buildcache import DraftCache, draft_key

    if fmt not in ("docx", "pdf"):
        raise UsageError(f"draf tersedia sebagai docx atau pdf, bukan {fmt}")
    report = progress or (lambda share, step: None)
    report(0.02, "Membaca jawaban")
    if book not in book_titles(root):
        raise UsageError(f"buku {book} tidak dikenal untuk draf Word atau PDF")
    model, checked = document(root, "draft", build_date, changes_since, book)
    workspace = Path(root).resolve()
    folders = [workspace / "templates", workspace / ASSETS_DIR]
    key = draft_key(fmt, model.model_dump_json(), folders)
    cache = DraftCache(workspace)
    found = cache.get(key)
    if found is not None:
        report(1.0, "Draf yang sama sudah tersedia")
        return Draft(found.path, True, found.warnings)
    with cache.storing(key) as scratch:
        built = write_outputs(model, checked, fmt, workspace, scratch, False, progress=report)
        cache.seal(scratch, built.warnings)
    stored = cache.get(key)
    if stored is None:  # the folder could not keep it (not writable, or emptied by another process)
        raise UsageError(f"draf tidak dapat disimpan di {cache.folder}; periksa izin folder build/")
    return Draft(stored.path, False, built.warnings)


def _build_docx(
    model: Document, workspace: Path, target: Path, libreoffice: bool, warnings: list[str]
) -> Path:
    from masterplan.renderers.docx import render_docx  # python-docx loads only when building

    reference = workspace / "templates" / "docx" / "reference.docx"
    override = reference if reference.is_file() else None
    path = target / output_name(model, "docx")
    return render_docx(model, path, reference=override, update_fields=libreoffice, warnings=warnings)


def _embedded(plan: Plan, workspace: Path) -> dict[str, bytes]:
    """What a final PDF carries inside: the merged answers and every attached PDF (scans of acts)."""
    from masterplan.answers.export import merged_answers_json

    return {"jawaban.json": merged_answers_json(plan), **attached_pdfs(workspace, plan)}


PDF_PARTS_CACHE = Path("build") / ".cache" / "pdf"
"""Where a workspace keeps the laid-out parts of its PDFs (:mod:`masterplan.renderers.pdf_parts`)."""


def _build_pdf(model: Document, plan: Plan, workspace: Path, target: Path, result: BuildResult) -> None:
    from masterplan.renderers.pdf import render_pdf  # WeasyPrint loads only when building
    from masterplan.renderers.signing import prepare_for_signing

    final = model.meta.mode == "final"
    overrides = [d for d in [workspace / "templates" / "pdf"] if d.is_dir()]
    rendered = render_pdf(
        model,
        target / output_name(model, "pdf"),
        template_dirs=overrides,
        assets_dir=workspace / ASSETS_DIR,
        attachments=_embedded(plan, workspace) if final else None,
        cache_dir=workspace / PDF_PARTS_CACHE,
    )
    result.files.append(rendered.path)
    result.warnings += rendered.warnings
    if final and rendered.signature_boxes:  # a poster is signed by nobody: no fields, no manifest
        result.files.append(prepare_for_signing(rendered.path, rendered.pages, rendered.signature_boxes))
