"""Attached files from the browser: scans of decrees and quick-win photos.

A ``file`` question's control holds the file's name in the workspace
(``assets/lampiran/...``) in an ordinary form field, so saving, the copies
kept while typing and a save carried through a login treat it as any other
answer. The file itself goes to the server as soon as it is chosen
(``POST .../berkas``, answered with its stored name) or, without JavaScript,
with the form (a ``berkas:<field>`` part). Either way it is checked and
stored by :func:`masterplan.answers.attachments.store`; nothing of the user's file
name reaches the filesystem. ``GET /lampiran/<name>`` shows a stored file to
anyone signed in to the workspace.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request, send_file
from werkzeug.datastructures import FileStorage, MultiDict

from masterplan.answers import attachments, filekinds
from masterplan.answers.contribution import COORDINATOR
from masterplan.checks.messages import render_message
from masterplan.errors import UsageError
from masterplan.fileio import inside
from masterplan.models.questionnaire import FileQuestion, Section, TableQuestion
from masterplan.store.files import FileStore
from masterplan.web.context import me, permit, questionnaire, store
from masterplan.web.errors import Refused, not_found

bp = Blueprint("uploads", __name__)

UPLOAD = "berkas:"
"""The prefix of a file part posted with a form (the field it fills follows)."""

CLEAR = "hapus-berkas:"
"""The prefix of the box that empties a file field."""

ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
"""An attachment shown by the browser runs nothing (a PDF's scripts included)."""


def accept_attribute(question: FileQuestion) -> str:
    """The ``accept`` attribute of a file input: extensions and media types."""
    return ",".join(
        [ext for kind in question.accept for ext in filekinds.EXTENSIONS[kind]]
        + [filekinds.MEDIA_TYPES[kind] for kind in question.accept]
    )


def file_question(section: Section, name: str) -> FileQuestion | None:
    """The file question or column a form field (``q.id`` or ``q.table.3.column``) belongs to."""
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != "q":
        return None
    question = next((q for q in section.questions if q.id == parts[1]), None)
    if isinstance(question, FileQuestion) and len(parts) == 2:
        return question
    if isinstance(question, TableQuestion) and len(parts) == 4 and parts[2].isdigit():
        column = question.column_map.get(parts[3])
        return column if isinstance(column, FileQuestion) else None
    return None


def has_files(section: Section) -> bool:
    """True when a question or a table column of ``section`` is a file."""
    def holds_file(q: object) -> bool:
        return isinstance(q, TableQuestion) and any(c.type == "file" for c in q.columns)

    return any(isinstance(q, FileQuestion) or holds_file(q) for q in section.questions)


def asset_name(workspace: Path, path: str | None) -> str | None:
    """The name (``assets/...``) of a workspace file given by its absolute path, when inside ``assets/``."""
    if not path:
        return None
    resolved = Path(path).resolve()
    assets = (workspace / attachments.ASSETS_DIR).resolve()
    return resolved.relative_to(workspace.resolve()).as_posix() if resolved.is_relative_to(assets) else None


def _store(question: FileQuestion, sent: FileStorage) -> str:
    """The stored name of an uploaded file; :class:`attachments.AttachmentError` when it is refused."""
    data = sent.stream.read(attachments.MAX_BYTES + 1)
    return attachments.store(store(), data, sent.filename or "berkas", question.accept)


def take_uploads(section: Section, form: MultiDict[str, str]) -> tuple[MultiDict[str, str], list[str]]:
    """``form`` with each file posted with it stored and named in its field, and what was refused.

    A refused file leaves its field as it was; the messages name the file and the reason.
    """
    taken = MultiDict(form)
    refused: list[str] = []
    for key, sent in request.files.items(multi=True):
        name = key.removeprefix(UPLOAD)
        question = file_question(section, name) if key.startswith(UPLOAD) else None
        if question is None or not sent.filename:
            continue
        try:
            taken.setlist(name, [_store(question, sent)])
        except attachments.AttachmentError as error:
            refused.append(f"{sent.filename}: {render_message(error.rule, 'id', error.params)}")
    for key in form:
        name = key.removeprefix(CLEAR)
        if key.startswith(CLEAR) and file_question(section, name) is not None:
            taken.setlist(name, [""])
    return taken, refused


@bp.route("/tahap/<int:stage>/<section_id>/<contributor>/berkas", methods=["POST"])
def upload(stage: int, section_id: str, contributor: str) -> Any:
    """Store one chosen file at once; ``{"nama": ..., "tautan": ...}`` or ``{"kesalahan": ...}`` (400)."""
    from flask import url_for

    section = next((s for s in questionnaire(stage).sections if s.id == section_id), None)
    if section is None:
        raise not_found(f"Bagian {section_id} tidak ada di Bimtek {stage}.")
    permit("answers.save", None if contributor == COORDINATOR else contributor)
    name = request.form.get("isian", "")
    question = file_question(section, name)
    sent = request.files.get("berkas")
    if question is None or sent is None or not sent.filename:
        return jsonify({"kesalahan": "Pilih berkas untuk isian ini."}), 400
    try:
        stored = _store(question, sent)
    except attachments.AttachmentError as error:
        message = render_message(error.rule, "id", error.params)
        return jsonify({"kesalahan": f"{sent.filename}: {message}"}), 400
    kind = filekinds.kind_by_name(stored)
    return jsonify({"nama": stored, "tautan": url_for("uploads.show", name=stored), "jenis": kind})


@bp.route("/lampiran/<path:name>")
def show(name: str) -> Any:
    """A stored attachment (``assets/...``), to anyone signed in; PDFs open in the browser's viewer."""
    me()
    kind = filekinds.kind_by_name(name)
    try:
        data = store().read(name) if name.startswith(f"{attachments.ASSETS_DIR}/") and kind else None
    except UsageError:  # a name no document has, or a link out of the workspace
        data = None
    folder = store()
    if isinstance(folder, FileStore) and not inside(folder.root / attachments.ASSETS_DIR, folder.root / name):
        data = None  # a link from assets/ to elsewhere in the workspace
    if data is None or kind is None:
        raise not_found("Berkas lampiran itu tidak ada.")
    if filekinds.sniff(data[:8]) != kind:
        raise Refused(404, "Berkas tidak dikenali", "Isi berkas itu tidak sesuai dengan namanya.")
    response: Response = send_file(io.BytesIO(data), mimetype=filekinds.MEDIA_TYPES[kind], max_age=0,
                                   download_name=name.rsplit("/", 1)[-1])
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    return response

