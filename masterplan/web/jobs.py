"""Drafts and finalisation as background jobs: the request queues, a page follows the job.

``POST /draf`` and ``POST /final`` queue a job (:mod:`masterplan.jobs`) and
send the browser to ``/pekerjaan/<id>``, which shows where the job stands
(refreshing itself until it is done) and then the download or the outcome.
A job's key is what it would compute: the kind, the format, the day and a
the workspace's revision (:func:`~masterplan.web.context.revision`), so a
double click, or a second person asking for the same draft, follows the job
already queued; a draft whose content has not changed since the last build
comes from the draft cache at once (:mod:`masterplan.renderers.buildcache`).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from flask import Blueprint, redirect, render_template, request, send_file, url_for

from masterplan.jobs import Job
from masterplan.web.context import (
    book_titles,
    job_params,
    me,
    permit,
    revision,
    root,
    same_region,
    site,
    state,
)
from masterplan.web.errors import Refused, not_found
from masterplan.workflow.finalize import finalized_now, require_ready

bp = Blueprint("jobs", __name__)

DRAFT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
REFRESH_SECONDS = 2


def _job(job_id: str) -> Job:
    """The job of this workspace with that id (a 404 page otherwise)."""
    found = site().jobs.get(job_id)
    if found is None or not same_region(found.params):
        raise not_found(
            "Pekerjaan itu tidak dikenal lagi (server mungkin dimulai ulang). "
            "Mintalah draf atau finalisasi sekali lagi."
        )
    return found


@bp.route("/draf", methods=["POST"])
def draft() -> Any:
    """Queue the draft Word or PDF (or follow the same one already queued)."""
    who = me()
    fmt = request.form.get("format", "")
    if fmt not in DRAFT_TYPES:
        raise not_found("Draf tersedia sebagai Word (docx) atau PDF.")
    book = request.form.get("buku") or "rencana-induk"
    if book not in book_titles():
        raise not_found("Buku itu tidak ada; pilih salah satu dari daftar pada halaman tahap.")
    changes = "review" if request.form.get("perubahan") and book == "rencana-induk" else None
    day = dt.date.today().isoformat()
    key = f"draft:{book}:{fmt}:{changes}:{day}:{revision()}"
    params = {**job_params(), "format": fmt, "changes": changes, "date": day, "book": book}
    job = site().jobs.submit("draft", params, key=key, owner=who.id)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


@bp.route("/final", methods=["POST"])
def finalize() -> Any:
    """Queue the finalisation (pejabat only): the final DOCX, PDF/A and manifests, journaled.

    The pejabat confirms first (``setuju``); while a finalisation runs, another request follows it; the
    plan as approved now is finalised once, again only when the request says it supersedes (``gantikan``).
    """
    who = permit("finalize")
    running = running_finalization()
    if running is not None:
        return redirect(url_for("jobs.job_page", job_id=running.id), code=303)
    require_ready(root(), state())  # refused at once, with the list of what is missing
    back = (url_for("export.final_page"), "Kembali ke halaman finalisasi")
    if not request.form.get("setuju"):
        raise Refused(
            400, "Belum dikonfirmasi",
            "Centang pernyataan bahwa Anda telah memeriksa draf terakhir, lalu tekan «Finalisasi sekarang».",
            link=back,
        )
    supersede = bool(request.form.get("gantikan"))
    previous = finalized_now(root(), state())
    if previous is not None and not supersede:
        raise Refused(
            409, "Sudah difinalisasi",
            f"Rencana Induk yang disetujui ini sudah difinalisasi oleh {previous.name}; berkas finalnya "
            "tetap berlaku. Untuk menyusun ulang, centang «Gantikan dokumen final sebelumnya».",
            link=back,
        )
    params: dict[str, Any] = {**job_params(), "person": who.id, "libreoffice": site().libreoffice}
    params["supersede"] = supersede
    key = f"finalize:{revision()}:{'gantikan' if supersede else 'baru'}"
    job = site().jobs.submit("finalize", params, key=key, owner=who.id)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


def running_finalization() -> Job | None:
    """The finalisation of this workspace that is queued or running, if any."""
    found = [job for job in site().jobs.active("finalize") if same_region(job.params)]
    return found[0] if found else None


@bp.route("/pekerjaan/<job_id>")
def job_page(job_id: str) -> Any:
    """Where the job stands; refreshes itself until the job is done."""
    me()
    job = _job(job_id)
    elapsed = time.time() - (job.started or job.submitted)
    return render_template(
        "job.html",
        job=job,
        ahead=site().jobs.ahead(job.id),
        elapsed=round(elapsed),
        left=max(round(job.expected - elapsed), 1) if job.expected and job.state == "running" else None,
        refresh=REFRESH_SECONDS if job.active else None,
        file_name=Path(job.result["files"][0]).name if job.kind == "draft" and job.state == "done" else "",
    )


@bp.route("/pekerjaan/<job_id>/unduh")
def download(job_id: str) -> Any:
    """The draft a finished job built (from the draft cache)."""
    me()
    job = _job(job_id)
    if job.kind != "draft" or job.state != "done":
        raise not_found("Draf ini belum selesai disusun.")
    path = Path(job.result["files"][0])
    if not path.is_file():
        raise not_found("Draf ini sudah tidak tersimpan lagi; mintalah draf sekali lagi.")
    mimetype = DRAFT_TYPES[job.params["format"]]
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=path.name)
