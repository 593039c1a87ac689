"""Exporting: the finalisation checklist, finalising (pejabat only) and the final files.

Only the files the journal's finalisations name are served, looked up by
exact name in that list; a path from the request is never opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, send_file

from masterplan.answers.definitions import STAGES
from masterplan.fileio import inside
from masterplan.web.context import checked, me, root, state, store, zone
from masterplan.web.errors import not_found
from masterplan.workflow import finalize as finalizing
from masterplan.workflow.approvals import approved_stage_changes
from masterplan.workflow.journal import sha256
from masterplan.workflow.present import note_time
from masterplan.workflow.state import ROMAN, STATE_LABELS

bp = Blueprint("export", __name__)

FINAL_DIR = "final"
TYPES = {
    ".pdf": ("application/pdf", "Rencana Induk final (PDF/A)"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Rencana Induk final (Word)",
    ),
    ".ttd.json": ("application/json", "Manifes penandatanganan (TTE)"),
    ".final.json": ("application/json", "Manifes finalisasi"),
}


@dataclass
class Check:
    """One line of the checklist."""

    label: str
    ok: bool
    detail: str = ""


@dataclass
class FinalFile:
    """A finalised output on disk."""

    name: str
    label: str
    size: int
    intact: bool


def _kind(name: str) -> tuple[str, str]:
    for suffix in sorted(TYPES, key=len, reverse=True):
        if name.endswith(suffix):
            return TYPES[suffix]
    return "application/octet-stream", name


def final_files() -> dict[str, str]:
    """Name -> SHA-256 of the latest finalisation's outputs and manifest (the download whitelist)."""
    found = state().finalizations
    if not found:
        return {}
    data = found[-1].data
    return {**data.get("outputs", {}), **data.get("manifest", {})}


def checklist() -> list[Check]:
    """The finalisation checklist, item by item."""
    current = state()
    result = checked()
    changed = approved_stage_changes(store(), current)
    open_notes = current.open_notes()
    errors = result.report.errors
    checks = [Check("Riwayat perubahan utuh", current.journal.intact, "; ".join(current.journal.problems))]
    for stage in STAGES:
        status = current.stages[stage].state
        checks.append(Check(f"Bimtek {ROMAN[stage]} disetujui", status == "approved", STATE_LABELS[status]))
    checks.append(
        Check(
            "Jawaban tahap yang disetujui tidak berubah sejak disetujui",
            not changed,
            f"{len(changed)} berkas berubah" if changed else "",
        )
    )
    checks.append(
        Check(
            "Semua catatan reviu diselesaikan",
            not open_notes,
            f"{len(open_notes)} catatan terbuka" if open_notes else "",
        )
    )
    checks.append(Check("Tidak ada kesalahan", not errors, f"{len(errors)} kesalahan" if errors else ""))
    return checks


@bp.route("/final")
def final_page() -> Any:
    """The checklist, the finalise button (pejabat) and the final files."""
    who = me()
    reasons = finalizing.readiness(root(), state())
    files = []
    for name, digest in final_files().items():
        path = root() / FINAL_DIR / name
        if path.is_file():
            files.append(
                FinalFile(name, _kind(name)[1], path.stat().st_size, sha256(path.read_bytes()) == digest)
            )
    last = state().finalizations[-1] if state().finalizations else None
    from masterplan.web.jobs import running_finalization

    return render_template(
        "final.html",
        who=who,
        checks=checklist(),
        reasons=reasons,
        files=files,
        last=last,
        last_time=note_time(last.time, zone()) if last else "",
        current=finalizing.finalized_now(root(), state()) if not reasons else None,
        running=running_finalization(),
    )


@bp.route("/final/unduh/<name>")
def download(name: str) -> Any:
    """One finalised file, by its exact name in the journal's list."""
    me()
    allowed = {n: n for n in final_files()}
    known = allowed.get(name)
    folder = root() / FINAL_DIR
    if known is None:
        raise not_found("Berkas itu bukan keluaran finalisasi workspace ini.")
    path = folder / known
    if not path.is_file() or not inside(folder, path):
        raise not_found("Berkas final itu tidak ada lagi di folder final/.")
    mimetype, _label = _kind(known)
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=known)
