"""Attachments in the web front: chosen at once or sent with the form, checked, stored, shown, never lost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import answers, copy_root
from flask import Flask
from flask.testing import FlaskClient
from test_attachments import jpeg, scan
from test_web import as_person, page
from web_helpers import answers_form, csrf_of, make_app, replace, set_passwords
from werkzeug.datastructures import MultiDict

from masterplan.answers.yamlio import new_yaml

PHOTOS = "/tahap/4/quick_wins/koordinator"
GOVERNANCE = "/tahap/1/governance/koordinator"
PHOTO = "q.quick_win_photos.0.photo"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    workspace = copy_root("example", tmp_path)  # without its history: every stage is open
    set_passwords(workspace)
    return workspace


@pytest.fixture
def app(root: Path) -> Flask:
    return make_app(root)


def saved(root: Path, stage: int, question: str) -> object:
    return new_yaml().load(answers(root, stage).read_text(encoding="utf-8"))["answers"][question]


def upload(client: FlaskClient, url: str, field: str, data: bytes, name: str) -> tuple[int, dict]:
    token = csrf_of(page(client, url))
    response = client.post(
        url + "/berkas",
        data={"csrf": token, "isian": field, "berkas": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_json()


def test_a_chosen_photo_is_stored_at_once_and_saved_with_the_form(app: Flask, root: Path):
    retno = as_person(app, "retno")
    text = page(retno, PHOTOS)
    assert 'enctype="multipart/form-data"' in text and f'name="berkas:{PHOTO}"' in text
    assert 'accept=".jpg,.jpeg,.png,image/jpeg,image/png"' in text
    status, answer = upload(retno, PHOTOS, PHOTO, jpeg(gps=True), "IMG_2031.JPG")
    assert status == 200, answer
    assert answer["nama"].startswith("assets/lampiran/img-2031-") and answer["jenis"] == "jpeg"
    assert b"Exif" not in (root / answer["nama"]).read_bytes()
    assert saved(root, 4, "quick_win_photos")[0]["photo"] == "assets/lampiran/foto-qw-01.jpg", "not saved yet"
    action, fields = answers_form(page(retno, PHOTOS))
    response = retno.post(action, data=MultiDict(replace(fields, PHOTO, answer["nama"])))
    assert response.status_code == 302
    assert saved(root, 4, "quick_win_photos")[0]["photo"] == answer["nama"]
    with retno.get(answer["tautan"]) as shown:
        assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
        assert "sandbox" in shown.headers["Content-Security-Policy"]


def test_a_refused_file_says_why_and_changes_nothing(app: Flask, root: Path):
    retno = as_person(app, "retno")
    before = answers(root, 4).read_bytes()
    stored = sorted((root / "assets").rglob("*"))
    status, answer = upload(retno, PHOTOS, PHOTO, scan(1), "sk.pdf")
    assert status == 400
    assert answer["kesalahan"] == "sk.pdf: berkas PDF tidak dapat dipakai di sini; yang diterima: JPEG atau PNG"
    status, answer = upload(retno, PHOTOS, PHOTO, b"<svg onload=alert(1)>", "foto.png")
    assert status == 400 and "isi berkas bukan JPEG atau PNG" in answer["kesalahan"]
    status, answer = upload(retno, PHOTOS, "q.quick_wins.0.name", jpeg(), "foto.jpg")
    assert status == 400, "only a file question takes a file"
    assert answers(root, 4).read_bytes() == before
    assert sorted((root / "assets").rglob("*")) == stored, "nothing stored"


def test_without_javascript_the_file_goes_with_the_form(app: Flask, root: Path):
    retno = as_person(app, "retno")
    action, fields = answers_form(page(retno, GOVERNANCE))
    fields = replace(fields, "q.council_chair", "Bupati Sukamaju (diubah)")
    data = MultiDict(fields)
    data.add("berkas:q.council_decree_scan", (io.BytesIO(scan(2)), "SK Dewan 2026.pdf"))
    response = retno.post(action, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = saved(root, 1, "council_decree_scan")
    assert str(stored).startswith("assets/lampiran/sk-dewan-2026-") and (root / str(stored)).is_file()
    assert saved(root, 1, "council_chair") == "Bupati Sukamaju (diubah)"
    # emptied by its box
    action, fields = answers_form(page(retno, GOVERNANCE))
    response = retno.post(action, data=MultiDict([*fields, ("hapus-berkas:q.council_decree_scan", "1")]))
    assert response.status_code == 302
    assert "council_decree_scan" not in new_yaml().load(answers(root, 1).read_text(encoding="utf-8"))["answers"]


def test_a_refused_file_in_the_form_shows_everything_typed_back_unsaved(app: Flask, root: Path):
    retno = as_person(app, "retno")
    before = answers(root, 1).read_bytes()
    action, fields = answers_form(page(retno, GOVERNANCE))
    data = MultiDict(replace(fields, "q.council_chair", "Ketua yang baru diketik"))
    data.add("berkas:q.team_decree_scan", (io.BytesIO(b"MZ\x90\x00 not a scan"), "sk-tim.exe.pdf"))
    response = retno.post(action, data=data, content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Berkas tidak dapat dilampirkan. sk-tim.exe.pdf: isi berkas bukan PDF, JPEG atau PNG" in text
    assert 'value="Ketua yang baru diketik"' in text and 'data-unsaved="1"' in text
    assert answers(root, 1).read_bytes() == before


def test_only_those_who_may_edit_upload_and_only_assets_are_shown(app: Flask, root: Path):
    sugeng = as_person(app, "sugeng")  # tim of Disdukcapil
    token = csrf_of(page(sugeng, "/"))
    response = sugeng.post(
        PHOTOS + "/berkas", data={"csrf": token, "isian": PHOTO, "berkas": (io.BytesIO(jpeg()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    with sugeng.get("/lampiran/assets/lampiran/sk-dewan-smart-city.pdf") as shown:
        assert shown.mimetype == "application/pdf"
    (root / "assets" / "palsu.png").write_bytes(b"<html><script>alert(1)</script>")
    names = ("people.yaml", "assets/../people.yaml", "assets/lampiran/../../region.yaml", "answers/x.pdf",
             "assets/palsu.png")
    for name in names:
        with sugeng.get(f"/lampiran/{name}") as refused:
            assert refused.status_code == 404, name
    with app.test_client().get("/lampiran/assets/lampiran/sk-dewan-smart-city.pdf") as anonymous:
        assert anonymous.status_code in (302, 401)


def test_the_preview_shows_the_photos_and_scans_where_the_document_prints_them(app: Flask):
    retno = as_person(app, "retno")
    text = page(retno, PHOTOS + "/pratinjau")
    assert '<img src="/lampiran/assets/lampiran/foto-qw-01.jpg"' in text
    assert "Gambar 6.3 Uji Coba Kanal Pengaduan Wadul Sukamaju di Mal Pelayanan Publik" in text
    text = page(retno, GOVERNANCE + "/pratinjau")
    assert "Lampiran 5 Salinan Dokumen" in text or "Salinan Dokumen" in text
    assert 'href="/lampiran/assets/lampiran/sk-dewan-smart-city.pdf"' in text
