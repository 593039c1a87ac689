"""The Excel workbook of a stage from the browser: download it pre-filled, fill it offline, upload it back.

The same code as ``masterplan form export`` and ``form import``
(:mod:`masterplan.forms`): the download is a contributor's workbook with the
answers as they are; an upload is read, checked and saved under the person's
name through the workflow (role, OPD, locked stages and stale workbooks
refused, the change journalled), and the page that follows lists each cell
that needs fixing (``Sheet!Cell``) in plain words.
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Blueprint, g, render_template, request, send_file, url_for
from werkzeug.utils import secure_filename

from masterplan.answers.contribution import COORDINATOR
from masterplan.web import context
from masterplan.web.context import checked, me, questionnaire, store
from masterplan.web.errors import Refused, not_found

bp = Blueprint("workbooks", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/tahap/<int:stage>/buku-kerja/<contributor>")
def download(stage: int, contributor: str) -> Any:
    """The workbook of ``contributor`` for the stage, pre-filled with the answers as they are now."""
    from masterplan.forms.export import default_name, write_form

    questionnaire(stage)
    me()
    if contributor not in context.contributors():
        raise not_found(f"{contributor} bukan kode OPD di region.yaml dan bukan koordinator.")
    result = checked()
    assert result.plan is not None
    name = default_name(result.plan.region.slug, stage, contributor)
    with tempfile.TemporaryDirectory(prefix="masterplan-buku-kerja-") as folder:
        opd = None if contributor == COORDINATOR else contributor
        path = write_form(result, stage, opd, Path(folder) / name).path
        data = path.read_bytes()
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/tahap/<int:stage>/buku-kerja", methods=["POST"])
def upload(stage: int) -> Any:
    """Read an uploaded workbook into its contributor's answers file (as ``form import`` does)."""
    from masterplan.forms import import_form

    questions = questionnaire(stage)
    who = me()  # the workflow checks the role, the OPD and the stage's lock when it saves
    g.nav_stage = stage
    sent = request.files.get("berkas")
    back = (url_for("fill.stage_view", stage=stage), f"Kembali ke Bimtek {stage}")
    if sent is None or not sent.filename:
        message = "Pilih berkas buku kerja Excel (.xlsx) lalu tekan Unggah."
        raise Refused(400, "Tidak ada berkas", message, link=back)
    name = Path(sent.filename).name
    if not name.lower().endswith(".xlsx"):
        raise Refused(400, "Bukan buku kerja", f"{name} bukan buku kerja Excel (.xlsx).", link=back)
    with tempfile.TemporaryDirectory(prefix="masterplan-unggah-") as folder:
        path = Path(folder) / (secure_filename(name) or "buku-kerja.xlsx")  # the cells are located by it
        sent.save(path)
        result = import_form(path, store(), person=who.id, stage=stage)
    form = url_for("fill.stage_view", stage=stage)
    return render_template("workbook.html", stage=stage, questionnaire=questions, result=result, form=form)
