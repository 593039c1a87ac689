"""The PDF renderer: the document model as HTML (jinja2) laid out by WeasyPrint.

``render_pdf`` writes the Rencana Induk with the same words as the DOCX:
cover, front matter numbered i, ii, iii (Daftar Isi, Daftar Tabel and Daftar
Gambar with page numbers and dot leaders), chapters from BAB I numbered 1, 2,
3 under a running header, roadmap grids on landscape pages, bookmarks,
metadata from ``Document.meta``, PDF page labels (Sampul, i, ii, ..., 1, 2,
...). A draft carries a diagonal "DRAF" on every page; a final document is
PDF/A-3b with the given attachments embedded and a blank signature box (50 x
25 mm, ``.signature-box``) reserved above the name of every signatory of a
signing place (``Signatures.signing``); where WeasyPrint laid each box out is
returned, in PDF points. A draft's review notes (``Document.review``) give
the element each landed on an id, and the review appendix prints that
element's page (``target-counter``, roman in the front matter).

Templates and styles (:mod:`masterplan.renderers.pdf_html`):

* ``template_dirs`` are searched before the built-in ``templates/pdf``; a
  ``default:`` prefix reaches the built-in template, so an override may
  ``{% extends "default:blocks/table.html" %}`` and fill its blocks;
* a ``print.css`` in a template folder replaces the built-in stylesheet; an
  ``extra.css`` is appended after it; the page size is not theirs to set
  (``document.html`` writes it from ``meta.paper``);
* the template context is documented in :mod:`masterplan.renderers.pdf_view`;
* relative URLs (in templates and stylesheets' ``url()``) resolve against
  ``assets_dir``; images in the assets folder appear in the HTML relative to it.

Safety: answers are text, escaped by the templates (autoescape). WeasyPrint
reads files only through :class:`~masterplan.renderers.pdf_fetcher.LocalFetcher`:
local files inside the built-in PDF templates, ``template_dirs`` and
``assets_dir``; never the network (nor ``data:`` URLs) and never another path:
a figure or cover emblem elsewhere, even a real image, is refused and shows
the DOCX's "[GAMBAR TIDAK DITEMUKAN: ...]" instead. Refused files are
reported in ``PdfResult.warnings``, with everything else WeasyPrint warns about.

Time limit: WeasyPrint runs in worker processes (``python -m
masterplan.renderers.pdf_worker``, :mod:`masterplan.renderers.pdf_pool`),
started first (or kept from the process's last PDF) so that WeasyPrint is
imported while the templates render; the chapters and appendices are laid
out side by side (:mod:`masterplan.renderers.pdf_parts`). When ``timeout``
seconds have passed since ``render_pdf`` was called, the workers are killed
and :class:`PdfTimeout` raised. A process (rather than ``signal.alarm`` or a thread) works the same
from the command line and from any thread of a web server, and a layout that
never ends cannot keep the caller's memory or CPU.

The output is repeatable: PDF dates come from ``meta.build_date``, and the
same model and templates give the same bytes.
"""

from __future__ import annotations

import base64
import logging
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from masterplan.document.model import Document
from masterplan.fileio import atomic_write_bytes
from masterplan.renderers.pdf_context import build_context
from masterplan.renderers.pdf_html import (
    APPENDIX_TEMPLATE,
    builtin_dir,
    overrides,
    render_context,
    render_html,
    stylesheets,
)
from masterplan.renderers.pdf_pool import PdfRenderError, PdfTimeout
from masterplan.renderers.pdf_view import Context
from masterplan.renderers.signing import SigningPlace

if TYPE_CHECKING:
    from masterplan.renderers.pdf_parts import PartCache

__all__ = ["PdfRenderError", "PdfResult", "PdfTimeout", "SignatureBox", "render_html", "render_pdf"]

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"


SignatureBox = SigningPlace
"""A reserved signature box (:class:`masterplan.renderers.signing.SigningPlace`): one definition for both."""


@dataclass
class PdfResult:
    """What ``render_pdf`` wrote."""

    path: Path
    signature_boxes: list[SignatureBox]  # final mode only (empty in a draft)
    warnings: list[str]  # what WeasyPrint warned about, in order
    pages: int
    worker_peak_mib: float = 0.0  # peak resident memory of a WeasyPrint worker process
    parts: int = 1  # parts the document was laid out in (:mod:`masterplan.renderers.pdf_parts`)
    laid_out: int = 1  # parts laid out by this build; the others came from the cache


def render_pdf(
    document: Document,
    out_path: Path,
    *,
    template_dirs: Sequence[Path] = (),
    assets_dir: Path | None = None,
    attachments: dict[str, bytes] | None = None,
    timeout: float = 300.0,
    cache_dir: Path | None = None,
) -> PdfResult:
    """Write ``document`` as a PDF at ``out_path`` (atomically); see the module docstring.

    ``attachments`` (name to bytes) are embedded in a final PDF. The document
    is laid out by parts on the machine's cores (:mod:`masterplan.renderers.pdf_parts`),
    each kept in ``cache_dir`` when given, so that a rebuild lays out only what
    changed. Raises :class:`PdfTimeout` after ``timeout`` seconds,
    :class:`PdfRenderError` when WeasyPrint fails, :class:`RendererUnavailable`
    when it cannot run here and :class:`~masterplan.errors.TemplateProblem`
    for a broken template.
    """
    from masterplan.renderers.pdf_parts import lay_out, plan_parts, source_digest
    from masterplan.renderers.pdf_pool import WorkerPool, pool_size

    deadline = time.monotonic() + timeout
    dirs = [Path(d) for d in template_dirs]
    whole = overrides(dirs) or document.meta.sheet or not (document.chapters or document.appendices)
    cache = None if whole else _cache(cache_dir)
    size = 1 if whole else pool_size(len(document.chapters) + len(document.appendices) + 1)
    with WorkerPool(size, deadline, timeout) as pool, _charts_folder(cache) as charts_dir:
        context = build_context(document, assets_dir, charts_dir)
        plan = None if whole else plan_parts(context, split_appendices=not overrides(dirs, APPENDIX_TEMPLATE))
        job = _job(document, context, "", dirs, assets_dir, attachments)
        job["roots"].append(str(charts_dir.resolve()))
        if plan is None:
            job["html"] = render_context(context, dirs)
            result = pool.run([job], lambda _index, _pages: 0)[0]
            pdf = base64.b64decode(result["pdf"])
            pages, warnings, raw_boxes = int(result["pages"]), list(result["warnings"]), result["boxes"]
            parts = laid_out = 1
        else:
            folders = [*dirs, *([Path(assets_dir)] if assets_dir else [])]
            source = source_digest(job["stylesheets"], folders) if cache else ""
            laid = lay_out(plan, context, dirs, job, pool, cache, source)
            pdf, pages, warnings, raw_boxes = laid.pdf, laid.pages, laid.warnings, laid.boxes
            parts, laid_out = laid.parts, laid.laid_out
            log.debug("PDF: %d bagian, %d disusun ulang", laid.parts, laid.laid_out)
        peak = pool.peak_mib
    atomic_write_bytes(Path(out_path), pdf)
    placed = {int(index): (page, x, y, width, height) for index, page, x, y, width, height in raw_boxes}
    boxes = []
    for index, signer in enumerate(context.signers):
        if index not in placed:
            warnings.append(f"kotak tanda tangan {signer.name} tidak ada pada tata letak PDF")
            continue
        page, x, y, width, height = placed[index]
        boxes.append(SignatureBox(int(page), x, y, width, height, signer.name, signer.position, signer.nip))
    return PdfResult(Path(out_path), boxes, warnings, pages, peak, parts, laid_out)


def _cache(folder: Path | None) -> PartCache | None:
    """The cache of laid-out parts in ``folder``, or None when there is none or it cannot be written."""
    from masterplan.renderers.pdf_parts import PartCache

    if folder is None:
        return None
    cache = PartCache(folder)
    try:
        cache.charts.mkdir(parents=True, exist_ok=True)
    except OSError:
        log.debug("tembolok PDF %s tidak dapat ditulis", folder)
        return None
    return cache


@contextmanager
def _charts_folder(cache: PartCache | None) -> Iterator[Path]:
    """Where charts and printed attachment pages go: the cache's folder (by content), else a scratch one."""
    if cache is not None:
        yield cache.charts
        return
    with tempfile.TemporaryDirectory(prefix="masterplan-charts-") as folder:
        yield Path(folder)


def _job(
    document: Document, context: Context, html: str, dirs: list[Path], assets_dir: Path | None,
    attachments: dict[str, bytes] | None,
) -> dict[str, Any]:
    """The worker's job (see :mod:`masterplan.renderers.pdf_worker`)."""
    final = document.meta.mode == "final"
    roots = [builtin_dir(), *dirs, *([Path(assets_dir)] if assets_dir else [])]
    return {
        "html": html,
        "base_url": _base_url(assets_dir),
        "stylesheets": [str(path) for path in stylesheets(dirs)],
        "roots": [str(root) for root in roots],
        "pdf_variant": PDF_VARIANT if final else None,
        "attachments": [
            {"name": name, "data": base64.b64encode(data).decode("ascii")}
            for name, data in (attachments or {}).items()
        ] if final else [],
        "date": document.meta.build_date.isoformat(),
        "page_labels": _label_starts(context),
    }


def _label_starts(context: Context) -> list[list[str]]:
    """Where the page labels change: roman from the first front page, arabic from BAB I."""
    starts = []
    if context.front:
        starts.append([context.front[0].anchor, "r"])
    body = context.chapters or context.appendices
    if body:
        starts.append([body[0].anchor, "D"])
    return starts


def _base_url(assets_dir: Path | None) -> str:
    """Relative URLs in the HTML resolve against the assets folder (else the built-in templates)."""
    return (Path(assets_dir) if assets_dir else builtin_dir()).resolve().as_uri() + "/"
