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

Time limit: WeasyPrint runs in a worker process (``python -m
masterplan.renderers.pdf_worker``), started first so that it imports
WeasyPrint while the templates render. When ``timeout`` seconds have passed
since ``render_pdf`` was called, the worker is killed and :class:`PdfTimeout`
raised. A process (rather than ``signal.alarm`` or a thread) works the same
from the command line and from any thread of a web server, and a layout that
never ends cannot keep the caller's memory or CPU.

The output is repeatable: PDF dates come from ``meta.build_date``, and the
same model and templates give the same bytes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import masterplan
from masterplan.document.model import Document
from masterplan.errors import MasterplanError, RendererUnavailable
from masterplan.fileio import atomic_write_bytes
from masterplan.renderers.pdf_context import build_context
from masterplan.renderers.pdf_html import builtin_dir, render_context, render_html, stylesheets
from masterplan.renderers.pdf_view import Context
from masterplan.signing import SigningPlace

__all__ = ["PdfRenderError", "PdfResult", "PdfTimeout", "SignatureBox", "render_html", "render_pdf"]

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"
_WORKER = "masterplan.renderers.pdf_worker"


class PdfRenderError(MasterplanError):
    """Raised when WeasyPrint fails to lay out or write the PDF."""

    category = "build"


class PdfTimeout(PdfRenderError):
    """Raised when the PDF is not done within the time limit (the worker is stopped)."""


SignatureBox = SigningPlace
"""A reserved signature box (see :class:`masterplan.signing.SigningPlace`): one definition for both."""


@dataclass
class PdfResult:
    """What ``render_pdf`` wrote."""

    path: Path
    signature_boxes: list[SignatureBox]  # final mode only (empty in a draft)
    warnings: list[str]  # what WeasyPrint warned about, in order
    pages: int
    worker_peak_mib: float = 0.0  # peak resident memory of the WeasyPrint worker process


def render_pdf(
    document: Document,
    out_path: Path,
    *,
    template_dirs: Sequence[Path] = (),
    assets_dir: Path | None = None,
    attachments: dict[str, bytes] | None = None,
    timeout: float = 300.0,
) -> PdfResult:
    """Write ``document`` as a PDF at ``out_path`` (atomically); see the module docstring.

    ``attachments`` (name to bytes) are embedded in a final PDF. Raises
    :class:`PdfTimeout` after ``timeout`` seconds, :class:`PdfRenderError` when
    WeasyPrint fails, :class:`RendererUnavailable` when it cannot run here and
    :class:`~masterplan.errors.TemplateProblem` for a broken template.
    """
    deadline = time.monotonic() + timeout
    dirs = [Path(d) for d in template_dirs]
    worker = _start_worker()
    try:
        with tempfile.TemporaryDirectory(prefix="masterplan-charts-") as charts_dir:
            context = build_context(document, assets_dir, Path(charts_dir))
            job = _job(document, context, render_context(context, dirs), dirs, assets_dir, attachments)
            job["roots"].append(str(Path(charts_dir).resolve()))
            result = _run(worker, job, deadline, timeout)
    except BaseException:
        _stop(worker)
        raise
    atomic_write_bytes(Path(out_path), base64.b64decode(result["pdf"]))
    warnings = list(result["warnings"])
    placed = {int(index): (page, x, y, width, height) for index, page, x, y, width, height in result["boxes"]}
    boxes = []
    for index, signer in enumerate(context.signers):
        if index not in placed:
            warnings.append(f"kotak tanda tangan {signer.name} tidak ada pada tata letak PDF")
            continue
        page, x, y, width, height = placed[index]
        boxes.append(SignatureBox(int(page), x, y, width, height, signer.name, signer.position, signer.nip))
    peak = float(result.get("peak_rss_mib", 0.0))
    return PdfResult(Path(out_path), boxes, warnings, int(result["pages"]), peak)


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


def _start_worker() -> subprocess.Popen[bytes]:
    """The worker process, importing WeasyPrint while the caller renders the HTML."""
    package_parent = str(Path(masterplan.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    try:
        return subprocess.Popen(
            [sys.executable, "-P", "-m", _WORKER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
    except OSError as error:
        message = f"penyusun PDF tidak dapat dijalankan ({sys.executable}): {error}"
        raise RendererUnavailable(message) from error


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.kill()
    worker.communicate()


def _run(
    worker: subprocess.Popen[bytes], job: dict[str, Any], deadline: float, timeout: float
) -> dict[str, Any]:
    """Hand ``job`` to the worker and wait for its result until ``deadline``."""
    data = json.dumps(job).encode("utf-8")
    try:
        out, err = worker.communicate(data, timeout=max(deadline - time.monotonic(), 0.001))
    except subprocess.TimeoutExpired:
        _stop(worker)
        message = f"PDF tidak selesai disusun dalam {timeout:g} detik; penyusunan dihentikan"
        raise PdfTimeout(message) from None
    if err:
        log.debug("penyusun PDF (stderr): %s", err.decode("utf-8", "replace"))
    try:
        result: dict[str, Any] = json.loads(out)
    except ValueError:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise PdfRenderError(
            f"penyusun PDF berhenti tanpa hasil (kode {worker.returncode}): " + " / ".join(detail)
        ) from None
    if result.get("error") == "unavailable":
        raise RendererUnavailable(
            "PDF tidak dapat disusun di komputer ini: WeasyPrint atau Pango belum terpasang "
            f"({result['message']})"
        )
    if "error" in result:
        raise PdfRenderError(f"WeasyPrint gagal menyusun PDF: {result['message']}")
    return result
