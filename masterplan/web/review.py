"""Reviewing: stage actions, review notes, the draft documents and the history.

Each action is one call of :mod:`masterplan.workflow.actions` under the
person's id, so it lands in the same journal as the command line's. The role
is checked here first (a 403 page); the library then checks the stage's
state (a 409 page when, for example, the stage still has errors).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from masterplan.errors import MasterplanError, StaleEdit
from masterplan.web.context import (
    checked,
    job_params,
    local_path,
    me,
    permit,
    questionnaire,
    site,
    state,
    store,
    zone,
)
from masterplan.web.dashboard import NEEDS_NO_ERRORS
from masterplan.web.errors import Refused, not_found
from masterplan.workflow import actions, diff
from masterplan.workflow.journal import Entry
from masterplan.workflow.notify import SETTINGS_FILE
from masterplan.workflow.present import entry_line
from masterplan.workflow.state import ROMAN

bp = Blueprint("review", __name__)

STAGE_ACTIONS = {a.removeprefix("stage."): a for a in actions.STAGE_ACTIONS}
"""Form value -> action: ``approve`` -> ``stage.approve``."""

TIED_TO_SUBMISSION = frozenset({"stage.approve", "stage.request_changes"})
"""Actions on the submission the mentor saw: the form names it (``pengajuan``, its journal entry)."""



def _notify_later(entry: Entry) -> None:
    """E-mail who should know, in the background (when the workspace has ``surel.yaml``)."""
    if store().version(SETTINGS_FILE) is not None:
        params = {**job_params(), "entry": entry.seq}
        key = f"notify:{store().identity}:{entry.seq}"
        site().jobs.submit("notify", params, key=key, owner=entry.who)


def _back(default: str) -> str:
    """The local page a form asked to return to, else ``default``."""
    return local_path(request.form.get("kembali"), default)


def _submission(action: str) -> int | None:
    """The submission (its journal entry) an approval or a request for changes is about, from the form.

    The stage page puts it in every such form, so a mentor never approves a
    submission they did not see; a form without it is refused.
    """
    if action not in TIED_TO_SUBMISSION:
        return None
    text = request.form.get("pengajuan", "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        raise Refused(
            400,
            "Formulir tidak lengkap",
            "Formulir tidak lengkap: pengajuan yang direviu tidak disebutkan. Muat ulang halaman tahap "
            "lalu ulangi.",
        )
    return int(text)


@bp.route("/tahap/<int:stage>/aksi", methods=["POST"])
def stage_action(stage: int) -> Any:
    """Submit, withdraw, approve, request changes or reopen a stage."""
    questionnaire(stage)
    action = STAGE_ACTIONS.get(request.form.get("aksi", ""))
    if action is None:
        raise Refused(400, "Tindakan tidak dikenal", "Tindakan tahap ini tidak dikenal.")
    who = permit(action)
    reason = request.form.get("alasan", "").strip()
    if action in actions.NEEDS_REASON and not reason:
        raise Refused(400, "Alasan wajib diisi", "Tuliskan alasannya; alasan itu dicatat di riwayat.")
    submission = _submission(action)
    errors = [p for p in checked().report.errors if p.where.stage in (stage, None)]
    if errors and action in NEEDS_NO_ERRORS:
        raise Refused(
            409,
            "Masih ada kesalahan",
            f"Bimtek {ROMAN[stage]} belum dapat {NEEDS_NO_ERRORS[action]}: "
            f"masih ada {len(errors)} kesalahan. Tidak ada yang dicatat.",
            link=(url_for("fill.stage_view", stage=stage) + "#kesalahan", "Lihat yang harus diperbaiki"),
        )
    try:
        outcome = actions.stage_action(store(), stage, action, who.id, reason or None, submission=submission)
    except StaleEdit as error:
        raise Refused(
            409,
            "Tahap telah diajukan ulang",
            f"{error}. Tidak ada yang dicatat.",
            link=(
                url_for("fill.stage_view", stage=stage),
                f"Lihat pengajuan yang baru di Bimtek {ROMAN[stage]}",
            ),
        ) from error
    flash(outcome.message, "ok")
    for warning in outcome.warnings:
        flash(warning, "warn")
    _notify_later(outcome.entry)
    return redirect(url_for("fill.stage_view", stage=stage))


@bp.route("/tahap/<int:stage>/catatan", methods=["POST"])
def add_note(stage: int) -> Any:
    """A mentor's note on the stage, a section, a question or a programme."""
    questionnaire(stage)
    who = permit("note.add")
    kind, _, name = request.form.get("sasaran", "stage").partition(":")
    targets: dict[str, str | None] = {"section": None, "question": None, "program": None}
    if kind in ("section", "question"):
        targets[kind] = name
    elif kind == "row":
        targets["program"] = name
    elif kind != "stage":
        raise Refused(400, "Sasaran catatan tidak dikenal", "Pilih sasaran catatan dari daftar.")
    outcome = actions.add_note(store(), stage, request.form.get("teks", ""), who.id, **targets)
    flash(outcome.message, "ok")
    _notify_later(outcome.entry)
    back = _back(url_for("fill.stage_view", stage=stage))
    return redirect(back if "#" in back else back + "#catatan")


def _note_stage(note_id: str) -> int:
    note = state().notes.get(note_id.upper())
    if note is None:
        raise not_found(f"Tidak ada catatan {note_id}.")
    return note.stage


@bp.route("/catatan/<note_id>/balas", methods=["POST"])
def reply_note(note_id: str) -> Any:
    """A reply to an open note (anyone in the workspace)."""
    who = permit("note.reply")
    stage = _note_stage(note_id)
    outcome = actions.reply_note(store(), note_id, request.form.get("teks", ""), who.id)
    flash(outcome.message, "ok")
    _notify_later(outcome.entry)
    return redirect(_back(url_for("fill.stage_view", stage=stage)) + "#catatan")


@bp.route("/catatan/<note_id>/selesai", methods=["POST"])
def resolve_note(note_id: str) -> Any:
    """A mentor marks a note resolved, optionally with a last word."""
    who = permit("note.resolve")
    stage = _note_stage(note_id)
    outcome = actions.resolve_note(store(), note_id, who.id, request.form.get("teks") or None)
    flash(outcome.message, "ok")
    return redirect(_back(url_for("fill.stage_view", stage=stage)) + "#catatan")


@bp.route("/tahap/<int:stage>/perubahan")
def changes_view(stage: int) -> Any:
    """What changed in the stage's answers since its last review, the old value beside the new."""
    questions = questionnaire(stage)
    me()
    g.nav_stage = stage
    try:
        found, since = diff.changes(store(), stage=stage)
        problem = ""
    except MasterplanError as error:  # the old contents are gone from workflow/objects
        found, since, problem = [], [], str(error)
    return render_template(
        "changes.html", stage=stage, questionnaire=questions, changes=found, since=since, problem=problem
    )


@bp.route("/riwayat")
def history() -> Any:
    """The journal, newest first."""
    me()
    journal = state().journal
    lines = [entry_line(e, zone()) for e in reversed(journal.entries[-500:])]
    return render_template(
        "history.html", lines=lines, problems=journal.problems, total=len(journal.entries), roman=ROMAN
    )
