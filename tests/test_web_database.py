"""The web app of a region kept in PostgreSQL (``masterplan serve NAME --store URL``).

Two apps on one database stand for two web processes: each keeps its own checkout for drafts,
and every read of the region's inputs and every change goes to the database.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_root
from flask import Flask
from test_attachments import jpeg
from web_helpers import FAST, answers_form, as_person, csrf_of, page, replace, set_passwords
from werkzeug.datastructures import MultiDict

from masterplan.store import FileStore
from masterplan.store.postgres import PostgresStore
from masterplan.store.transfer import copy_workspace
from masterplan.web import create_app
from masterplan.workflow import edits
from masterplan.workflow.journal import read_journal

PROGRAMS_FILE = "answers/bimtek-2/diskominfo.yaml"
PROGRAMS = "/tahap/2/programs/diskominfo"
BUDGET = "q.programs.0.budget"  # SG-01
PHOTOS = "/tahap/4/quick_wins/koordinator"
PHOTO = "q.quick_win_photos.0.photo"


@pytest.fixture
def store(postgres_url: str, tmp_path: Path) -> PostgresStore:
    region = PostgresStore(postgres_url, f"web-{uuid.uuid4().hex[:12]}", create=True)
    copy_workspace(FileStore(copy_root("example", tmp_path)), region)  # without history: every stage open
    set_passwords(region)  # type: ignore[arg-type]
    return region


def _app(store: PostgresStore, checkout: Path) -> Flask:
    """One web process of the region: no secret given, so the one kept in the database signs cookies."""
    return create_app(checkout, store=PostgresStore(store.url, store.name), testing=True, hasher=FAST)


def _text(store: PostgresStore, path: str = PROGRAMS_FILE) -> str:
    return (store.read(path) or b"").decode("utf-8")


def test_a_region_in_the_database_is_filled_in_the_browser_through_two_processes(
    store: PostgresStore, tmp_path: Path
):
    one, two = _app(store, tmp_path / "satu"), _app(store, tmp_path / "dua")
    agus = as_person(one, "agus")

    # a login on one process holds on the other: the signing key and the accounts are the database's
    other = two.test_client()
    other.set_cookie("masterplan_sesi", agus.get_cookie("masterplan_sesi").value)  # type: ignore[union-attr]
    assert "Agus Priyanto" in page(other, "/")

    action, fields = answers_form(page(agus, PROGRAMS))
    assert agus.post(action, data=MultiDict(replace(fields, BUDGET, "6500000000"))).status_code == 302
    assert "budget: 6500000000" in _text(store)
    assert 'value="6500000000"' in page(other, PROGRAMS)  # seen at once through the other process
    last = read_journal(store).entries[-1]
    assert (last.action, last.who, last.data.get("detail")) == ("answers.save", "agus", "formulir web: Rencana Program Pembangunan")

    # typed but not saved: kept in the database for another device, not a change of the plan
    revision = store.revision()
    typed = MultiDict(replace(fields, BUDGET, "6600000000"))
    typed["csrf"] = csrf_of(page(agus, PROGRAMS))
    assert agus.post(PROGRAMS + "/sementara", data=typed).status_code == 200
    assert '"6600000000"' in _text(store, "workflow/isian/agus/2-programs-diskominfo.json")
    assert store.revision() == revision

    # a form based on an older version is refused through the other process and keeps both changes
    action, fields = answers_form(page(other, PROGRAMS))
    edits.set_answer(store, 2, "diskominfo", "programs", "7000000000", person="retno", row="SG-01",
                     column="budget")
    response = other.post(action, data=MultiDict(replace(fields, "q.programs.0.unit", "layanan publik")))
    assert response.status_code == 409
    assert "telah diubah oleh Dra. Retno Wulandari, M.Si." in response.get_data(as_text=True)
    action, fields = answers_form(response.get_data(as_text=True))
    assert other.post(action, data=MultiDict(fields)).status_code == 302
    assert "budget: 7000000000" in _text(store) and "unit: layanan publik" in _text(store)
    assert read_journal(store).problems == []


def test_a_photo_a_review_and_a_draft_of_a_region_in_the_database(store: PostgresStore, tmp_path: Path):
    app = _app(store, tmp_path / "satu")
    retno, sari = as_person(app, "retno"), as_person(app, "sari")

    token = csrf_of(page(retno, PHOTOS))
    response = retno.post(PHOTOS + "/berkas", content_type="multipart/form-data",
                          data={"csrf": token, "isian": PHOTO, "berkas": (io.BytesIO(jpeg(gps=True)), "IMG_1.JPG")})
    stored: dict[str, Any] = response.get_json()
    assert response.status_code == 200, stored
    kept = store.read(stored["nama"])
    assert kept is not None and kept[:2] == b"\xff\xd8" and b"Exif" not in kept  # in the database, cleaned
    with retno.get(stored["tautan"]) as shown:
        assert shown.status_code == 200 and shown.mimetype == "image/jpeg" and shown.data == kept
    assert retno.get("/lampiran/region.yaml").status_code == 404

    token = csrf_of(page(sari, "/tahap/2"))
    response = sari.post("/tahap/2/catatan", data={"csrf": token, "sasaran": "row:SG-01",
                                                   "teks": "Pagu SG-01 mohon dirinci."})
    assert response.status_code == 302
    assert "Pagu SG-01 mohon dirinci." in page(as_person(app, "agus"), PROGRAMS)
    assert read_journal(store).entries[-1].action == "note.add"

    token = csrf_of(page(retno, "/tahap/2"))
    response = retno.post("/draf", data={"csrf": token, "format": "docx"})
    assert response.status_code == 303
    job_id = response.location.rsplit("/", 1)[-1]
    job = app.extensions["masterplan"].jobs.wait(job_id, 180)
    assert job is not None and job.state == "done", job
    with retno.get(f"/pekerjaan/{job_id}/unduh") as download:
        assert download.status_code == 200 and download.data[:2] == b"PK"
    assert (tmp_path / "satu" / "region.yaml").read_bytes() == store.read("region.yaml")  # its checkout
