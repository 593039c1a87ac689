"""The web front with Flask's test client: logging in, filling, reviewing, refusals, CSRF, escaping.

Forms are read here as row cards, the view a browser without JavaScript gets (``as_person`` asks for it);
tables as grids have their own tests in ``test_web_grid.py``.
"""

from __future__ import annotations

import io
import os
import re
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import answers, copy_root, edit_yaml
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import (
    FAST,
    answers_form,
    csrf_of,
    forms_of,
    login,
    make_app,
    password,
    replace,
    set_passwords,
)
from werkzeug.datastructures import MultiDict

from masterplan.answers.definitions import load_definitions
from masterplan.answers.yamlio import new_yaml
from masterplan.cli.web import passwd, serve
from masterplan.jobs import LocalQueue
from masterplan.resources import templates_dir
from masterplan.web.accounts import ACCOUNTS_FILE, SECRET_FILE, read_accounts, set_password, web_secret
from masterplan.web.context import local_path
from masterplan.web.fill import VIEW_COOKIE
from masterplan.workflow import actions, edits
from masterplan.workflow.journal import JOURNAL_FILE, read_journal
from masterplan.workflow.state import load_state

PROGRAMS = "/tahap/2/programs/diskominfo"
BUDGET = "q.programs.0.budget"  # SG-01, the first programme of Diskominfo's file


@pytest.fixture
def root(tmp_path: Path) -> Path:
    workspace = copy_root("example", tmp_path)
    set_passwords(workspace)
    return workspace


@pytest.fixture
def app(root: Path) -> Flask:
    return make_app(root)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def as_person(app: Flask, person: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(VIEW_COOKIE, "kartu")
    response = login(client, person)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def post_form(client: FlaskClient, url: str, **values: str) -> tuple[int, str]:
    """Send the section form at ``url`` with some fields changed; returns status and the page shown after."""
    action, fields = answers_form(page(client, url))
    for name, value in values.items():
        fields = replace(fields, name, value)
    response = client.post(action, data=MultiDict(fields))
    if response.status_code == 302:
        return 302, page(client, response.location)
    return response.status_code, response.get_data(as_text=True)


def post(client: FlaskClient, url: str, data: dict[str, str], token_from: str = "/") -> int:
    token = csrf_of(page(client, token_from))
    return client.post(url, data={"csrf": token, **data}).status_code


def act(client: FlaskClient, stage: int, action: str, **values: str) -> int:
    """Press a stage action's button on the stage page, its form as the page gives it (``alasan`` and so on)."""
    found = [f for f in forms_of(page(client, f"/tahap/{stage}")) if ("aksi", action) in f["fields"]]
    assert found, f"no {action} button on the page of stage {stage}"
    fields = [(name, values.get(name, value)) for name, value in found[0]["fields"]]
    return client.post(found[0]["action"], data=MultiDict(fields)).status_code


def journal_lines(root: Path) -> bytes:
    path = root / JOURNAL_FILE
    return path.read_bytes() if path.exists() else b""


# --- accounts, logging in --------------------------------------------------------------------


def test_login_and_logout(client: FlaskClient):
    first = client.get("/tahap/2")
    assert first.status_code == 302 and first.location.startswith("/masuk?next=/tahap/2")
    response = login(client, "agus")
    assert response.status_code == 302 and response.location == "/"
    home = page(client, "/")
    assert "Agus Priyanto, S.Kom., M.Kom." in home and "Kabupaten Sukamaju" in home
    token = csrf_of(home)
    assert client.post("/keluar", data={"csrf": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_login_by_full_name_and_next_page(client: FlaskClient):
    token = csrf_of(client.get("/masuk").get_data(as_text=True))
    response = client.post(
        "/masuk",
        data={
            "csrf": token,
            "nama": "dr. sari kusumaningrum, s.kom., m.t.",
            "sandi": password("sari"),
            "next": "/tahap/3",
        },
    )
    assert response.location == "/tahap/3"
    client.post("/keluar", data={"csrf": csrf_of(page(client, "/"))})
    token = csrf_of(client.get("/masuk").get_data(as_text=True))
    response = client.post(
        "/masuk", data={"csrf": token, "nama": "sari", "sandi": password("sari"), "next": "//evil.example/"}
    )
    assert response.location == "/"


ELSEWHERE = (
    "/\t/evil.example",  # a browser drops the tab: //evil.example
    "/\n/evil.example",  # a line break cannot go into a header (was a 500)
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "//evil.example/",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
)


def test_local_path_accepts_only_a_path_on_this_site():
    for target in ELSEWHERE:
        assert local_path(target, "/x") == "/x", repr(target)
    for target in ("/", "/tahap/2", "/tahap/2/programs/diskominfo?sasaran=row:SG-01#catatan", "/%09/x"):
        assert local_path(target, "/x") == target


def test_login_goes_only_to_a_local_path(app: Flask):
    for target in ELSEWHERE:
        client = app.test_client()
        token = csrf_of(page(client, "/masuk"))
        data = {"csrf": token, "nama": "agus", "sandi": password("agus"), "next": target}
        response = client.post("/masuk", data=data)
        assert response.status_code == 302 and response.location == "/", (target, response.location)
    # as the reviewer found it: the tab comes percent-encoded in the address of the login page
    client = app.test_client()
    fields = forms_of(page(client, "/masuk?next=/%09/evil.example"))[0]["fields"]
    assert ("next", "/\t/evil.example") in fields
    fields = replace(replace(fields, "nama", "agus"), "sandi", password("agus"))
    response = client.post("/masuk", data=MultiDict(fields))
    assert response.status_code == 302 and response.location == "/"
    client = app.test_client()
    fields = forms_of(page(client, "/masuk?next=/tahap/2%3Fsasaran%3Dstage"))[0]["fields"]
    fields = replace(replace(fields, "nama", "agus"), "sandi", password("agus"))
    assert client.post("/masuk", data=MultiDict(fields)).location == "/tahap/2?sasaran=stage"


def test_a_note_form_returns_only_to_a_local_path(app: Flask):
    sari = as_person(app, "sari")
    token = csrf_of(page(sari, "/tahap/2"))
    for target, expected in (
        *((target, "/tahap/2#catatan") for target in ELSEWHERE),
        ("/tahap/2/programs/diskominfo", "/tahap/2/programs/diskominfo#catatan"),
    ):
        data = {"csrf": token, "sasaran": "stage", "teks": "Catatan.", "kembali": target}
        response = sari.post("/tahap/2/catatan", data=data)
        assert response.status_code == 302 and response.location == expected, (target, response.location)


def test_wrong_password_unknown_person_and_growing_delays(app: Flask):
    client = app.test_client()
    wrong = login(client, "agus", "bukan-sandinya-sama-sekali")
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.get_data(as_text=True)
    unknown = login(client, "siapa", "bukan-sandinya-sama-sekali")
    assert unknown.status_code == 401 and "Nama pengguna atau kata sandi salah." in unknown.get_data(
        as_text=True
    )
    for _ in range(4):  # five failures for agus from this client cost nothing
        assert login(client, "agus", "bukan-sandinya-sama-sekali").status_code == 401
    for _ in range(3):  # then 1 s, 2 s, 4 s: the next attempt must wait, even with the right password
        app.extensions["masterplan"].throttle.failed("agus", "127.0.0.1")
    waiting = login(client, "agus")
    assert waiting.status_code == 429 and "Coba lagi dalam 4 detik" in waiting.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert login(elsewhere, "agus").status_code == 302  # the owner, from their own address, is not locked out
    assert login(client, "retno").status_code == 302  # other accounts are not affected


def test_password_spraying_from_one_client_is_slowed_down(app: Flask):
    sprayer = app.test_client()
    sprayer.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    codes = [login(sprayer, name, "Sukamaju2026!").status_code
             for _ in range(4) for name in ("agus", "retno", "sari", "fajar", "bambang", "wahyu")]
    assert codes[:20] == [401] * 20 and 429 in codes[20:]  # 24 attempts over 6 accounts (the adversary's)
    for name in ("agus", "retno", "bambang"):  # their owners are not locked out by it
        owner = app.test_client()
        owner.environ_base["REMOTE_ADDR"] = "10.0.0.5"
        assert login(owner, name).status_code == 302, name


def test_nobody_can_lock_the_pejabat_out_and_failures_survive_a_restart(app: Flask, root: Path):
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _ in range(8):
        login(attacker, "bambang", "tebakan-yang-salah-sekali")
    assert login(attacker, "bambang").status_code == 429
    restarted = make_app(root)  # a new process reads the failures back
    again = restarted.test_client()
    again.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert login(again, "bambang").status_code == 429
    owner = restarted.test_client()
    owner.environ_base["REMOTE_ADDR"] = "10.0.0.8"
    assert login(owner, "bambang").status_code == 302
    assert oct((root / "workflow" / "login-failures.json").stat().st_mode & 0o777) == "0o600"


def test_two_processes_share_login_failures_and_logouts(app: Flask, root: Path):
    other = make_app(root)  # a second web process serving the same workspace (nothing shared in memory)
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    for _ in range(7):
        login(attacker, "retno", "tebakan-yang-salah-sekali")
    elsewhere = other.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    assert login(elsewhere, "retno").status_code == 429  # counted by the first, felt on the second

    first = as_person(app, "agus")
    assert first.get("/").status_code == 200
    cookie = first.get_cookie("masterplan_sesi")
    assert cookie is not None
    second = other.test_client()
    second.set_cookie("masterplan_sesi", cookie.value)
    assert second.get("/").status_code == 200  # one session, valid on both
    token = csrf_of(page(first, "/"))
    assert first.post("/keluar", data={"csrf": token}).status_code == 302
    assert second.get("/").status_code == 302  # logged out on the first: refused by the second
    assert make_app(root).test_client().get("/").status_code == 302
    restarted = make_app(root).test_client()
    restarted.set_cookie("masterplan_sesi", cookie.value)
    assert restarted.get("/").status_code == 302  # and after a restart
    assert oct((root / "workflow" / "sessions-ended.json").stat().st_mode & 0o777) == "0o600"


def test_web_state_files_linked_out_of_the_workspace_are_neither_read_nor_written(app: Flask, root: Path,
                                                                                  tmp_path: Path):
    outside = tmp_path / "di-luar.json"
    outside.write_text('{"p:agus|127.0.0.1": [1e18]}', encoding="utf-8")
    for name in ("login-failures.json", "sessions-ended.json"):
        (root / "workflow" / name).unlink(missing_ok=True)
        (root / "workflow" / name).symlink_to(outside)
    client = app.test_client()
    assert login(client, "agus", "tebakan-yang-salah-sekali").status_code == 401  # counted nowhere, no error
    assert login(client, "agus").status_code == 302  # the linked file's "failures" are not believed
    token = csrf_of(page(client, "/"))
    assert client.post("/keluar", data={"csrf": token}).status_code == 302
    assert outside.read_text(encoding="utf-8") == '{"p:agus|127.0.0.1": [1e18]}'  # nothing written there


def test_a_person_without_password_cannot_log_in(client: FlaskClient):
    assert login(client, "wahyu", "apa-saja-panjang-sekali").status_code == 401


def test_session_ends_when_the_person_leaves_people_yaml_or_the_password_changes(app: Flask, root: Path):
    client = as_person(app, "agus")
    assert client.get("/").status_code == 200
    set_password(root, "agus", "sandi-baru-yang-panjang", FAST)
    assert client.get("/").status_code == 302
    client = as_person(app, "retno")
    text = (root / "people.yaml").read_text(encoding="utf-8")
    (root / "people.yaml").write_text(
        "\n".join(line for line in text.splitlines() if "id: retno" not in line) + "\n", encoding="utf-8"
    )
    assert client.get("/").status_code == 302


def test_a_logged_out_cookie_is_refused(app: Flask):
    client = as_person(app, "agus")
    cookie = client.get_cookie("masterplan_sesi")
    assert cookie is not None
    saved = cookie.value
    client.post("/keluar", data={"csrf": csrf_of(page(client, "/"))})
    thief = app.test_client()
    thief.set_cookie("masterplan_sesi", saved)
    assert thief.get("/").status_code == 302


def test_cookie_flags_and_security_headers(client: FlaskClient):
    response = login(client, "agus")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = app_client_over_https(client)
    assert "Secure" in secure
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def app_client_over_https(client: FlaskClient) -> str:
    fresh = FlaskClient(client.application)
    return str(fresh.get("/masuk", base_url="https://localhost").headers["Set-Cookie"])


def test_secure_cookies_option(root: Path):
    client = make_app(root, secure_cookies=True).test_client()
    assert "Secure" in login(client, "agus").headers["Set-Cookie"]


def test_passwd_command(root: Path):
    runner = CliRunner()
    result = runner.invoke(passwd, ["sugeng", str(root), "--password-stdin"], input="pendek\n")
    assert result.exit_code == 2 and "paling sedikit 10 karakter" in result.output
    result = runner.invoke(passwd, ["siapa", str(root), "--password-stdin"], input="cukup-panjang-sekali\n")
    assert result.exit_code == 2 and "tidak terdaftar" in result.output
    result = runner.invoke(passwd, ["sugeng", str(root), "--password-stdin"], input="cukup-panjang-sekali\n")
    assert result.exit_code == 0, result.output
    assert read_accounts(root)["sugeng"]["hash"].startswith("$argon2id$")
    assert stat.S_IMODE(os.stat(root / ACCOUNTS_FILE).st_mode) == 0o600
    result = runner.invoke(
        passwd,
        ["sugeng", str(root)],
        input="dua-kali-berbeda-1\ndua-kali-berbeda-2\ndua-kali-sama-saja\ndua-kali-sama-saja\n",
    )
    assert result.exit_code == 0, result.output
    assert "cukup-panjang-sekali" not in (root / ACCOUNTS_FILE).read_text(encoding="utf-8")


def test_secret_file_is_private_and_stable(root: Path):
    first = web_secret(root)
    assert len(first) == 32 and web_secret(root) == first
    assert stat.S_IMODE(os.stat(root / SECRET_FILE).st_mode) == 0o600


def test_serve_warns_on_a_public_address(root: Path, monkeypatch: pytest.MonkeyPatch):
    import waitress

    served = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.update(kw))
    result = CliRunner().invoke(serve, [str(root), "--host", "0.0.0.0", "--port", "8123", "--no-libreoffice"])
    assert result.exit_code == 0, result.output
    assert "reverse proxy dengan TLS" in result.output
    assert served["host"] == "0.0.0.0" and served["port"] == 8123
    result = CliRunner().invoke(serve, [str(root / "bukan-workspace")])
    assert result.exit_code == 2 and "bukan workspace masterplan" in result.output


def test_the_example_with_its_history_shows_for_every_role(tmp_path: Path):
    root = copy_root("example", tmp_path, history=True)
    set_passwords(root)
    app = make_app(root)
    headings = {
        "/": "Rencana Induk Smart City Kabupaten Sukamaju", "/tahap/1": "Bimtek I: Analisis Strategis",
        "/tahap/2": "Bimtek II: Perumusan Program", "/tahap/3": "Bimtek III: Peta Jalan",
        "/tahap/4": "Bimtek IV: Finalisasi dan Quick Win", "/final": "Finalisasi Rencana Induk",
        "/riwayat": "Riwayat perubahan", PROGRAMS: "Rencana Program Pembangunan",
    }
    people = {"agus": "Agus Priyanto", "retno": "Dra. Retno Wulandari", "sari": "Dr. Sari Kusumaningrum",
              "bambang": "Ir. Bambang Setiawan"}
    for person, name in people.items():
        client = as_person(app, person)
        for url, heading in headings.items():
            text = page(client, url)
            assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", text), (person, url)
            assert name in text, (person, url)  # the page is shown to that person, logged in
    mentor = page(as_person(app, "sari"), "/tahap/2")
    assert "perlu perbaikan" in mentor and "Catatan reviu (3 terbuka)" in mentor
    assert "↳ Agus Priyanto, S.Kom., M.Kom." in mentor  # the answered note shows its reply


# --- who may do what -------------------------------------------------------------------------


def test_tim_may_not_edit_another_opds_answers(app: Flask, root: Path):
    agus = as_person(app, "agus")
    before = answers(root, 2, "dinkes").read_bytes()
    shown = page(agus, "/tahap/2/programs/dinkes")
    assert "Anda hanya dapat mengubah jawaban diskominfo" in shown
    assert not [f for f in forms_of(shown) if any(n == "base" for n, _ in f["fields"])]  # read-only: no form
    token = csrf_of(shown)
    response = agus.post("/tahap/2/programs/dinkes", data={"csrf": token, "base": "x"})
    assert response.status_code == 403
    assert "hanya boleh mengubah jawaban diskominfo, bukan dinkes" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    response = agus.post("/tahap/2/strategy/koordinator", data={"csrf": token, "base": "x"})
    assert response.status_code == 403
    assert answers(root, 2, "dinkes").read_bytes() == before
    assert journal_lines(root) == b""


def test_refusals_by_role(app: Flask, root: Path):
    agus, retno, sari = as_person(app, "agus"), as_person(app, "retno"), as_person(app, "sari")
    assert post(agus, "/tahap/2/aksi", {"aksi": "approve"}) == 403
    assert post(agus, "/tahap/2/aksi", {"aksi": "submit"}) == 403
    assert post(retno, "/tahap/2/aksi", {"aksi": "approve"}) == 403
    assert post(agus, "/tahap/2/catatan", {"sasaran": "stage", "teks": "Catatan."}) == 403
    assert post(sari, "/final", {}) == 403
    assert post(retno, "/final", {}) == 403
    response = sari.post(PROGRAMS, data={"csrf": csrf_of(page(sari, "/")), "base": "x"})
    assert response.status_code == 403 and "tidak boleh mengubah jawaban" in response.get_data(as_text=True)
    assert "Peran Anda tidak mengubah jawaban" in page(sari, PROGRAMS)
    assert journal_lines(root) == b""
    assert post(retno, "/tahap/2/aksi", {"aksi": "terbang"}) == 400


def test_refusal_pages_are_clear_pages(app: Flask):
    agus = as_person(app, "agus")
    token = csrf_of(page(agus, "/"))
    response = agus.post("/tahap/2/aksi", data={"csrf": token, "aksi": "approve"})
    text = response.get_data(as_text=True)
    assert response.status_code == 403 and "<h1>Tidak diizinkan</h1>" in text
    assert "tidak boleh menyetujui tahap; yang boleh: pendamping (mentor)" in text
    missing = agus.get("/tahap/7")
    assert missing.status_code == 404 and "Tahap Bimtek hanya I sampai IV." in missing.get_data(as_text=True)
    assert agus.get("/tahap/2/bukan-bagian/diskominfo").status_code == 404
    assert agus.get("/tahap/2/programs/bukan-opd").status_code == 404
    assert agus.get("/tidak-ada").status_code == 404
    assert agus.put("/final").status_code == 405


def test_a_library_refusal_is_a_409_page(app: Flask):
    retno, sari = as_person(app, "retno"), as_person(app, "sari")
    assert post(sari, "/tahap/2/aksi", {"aksi": "approve", "pengajuan": "1"}) == 409  # not submitted yet
    assert post(retno, "/tahap/2/aksi", {"aksi": "submit"}) == 302
    assert act(sari, 2, "request_changes", alasan=" ") == 400
    token = csrf_of(page(sari, "/"))
    response = sari.post("/final", data={"csrf": token})
    assert response.status_code == 403


def test_an_unexpected_error_is_a_clean_500_page(root: Path, monkeypatch: pytest.MonkeyPatch):
    app = make_app(root)
    client = as_person(app, "agus")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rahasia internal")

    monkeypatch.setattr("masterplan.web.dashboard.compute_status", broken)
    response = client.get("/tahap/2")
    text = response.get_data(as_text=True)
    assert response.status_code == 500 and "Terjadi kesalahan" in text
    assert "rahasia internal" not in text and "Traceback" not in text


# --- CSRF ------------------------------------------------------------------------------------


def test_csrf_token_is_required_on_every_post(app: Flask, root: Path):
    retno = as_person(app, "retno")
    action, fields = answers_form(page(retno, PROGRAMS))
    fields = replace(fields, BUDGET, "6500000000")
    before = answers(root, 2, "diskominfo").read_bytes()
    missing = MultiDict([(n, v) for n, v in fields if n != "csrf"])
    wrong = MultiDict(replace(fields, "csrf", "x" * 43))
    for data in (missing, wrong):
        response = retno.post(action, data=data)
        assert response.status_code == 400
        assert "Formulir kedaluwarsa" in response.get_data(as_text=True)
    for url, data in (
        ("/tahap/2/aksi", {"aksi": "submit"}),
        ("/keluar", {}),
        ("/final", {}),
        ("/tahap/2/catatan", {"teks": "x"}),
        ("/catatan/C1/balas", {"teks": "x"}),
    ):
        assert retno.post(url, data=data).status_code == 400
        assert retno.post(url, data={**data, "csrf": "salah"}).status_code == 400
    assert answers(root, 2, "diskominfo").read_bytes() == before
    assert journal_lines(root) == b""
    assert load_state(root).stages[2].state == "draft"
    fresh = FlaskClient(app)
    assert fresh.post("/masuk", data={"nama": "retno", "sandi": password("retno")}).status_code == 400


def test_token_of_another_session_is_refused(app: Flask):
    agus, retno = as_person(app, "agus"), as_person(app, "retno")
    theirs = csrf_of(page(agus, "/"))
    assert retno.post("/tahap/2/aksi", data={"csrf": theirs, "aksi": "submit"}).status_code == 400


# --- filling ---------------------------------------------------------------------------------


def test_dashboard_shows_completeness_per_section_and_contributor(app: Flask):
    agus = as_person(app, "agus")
    text = page(agus, "/tahap/2")
    assert "Kelengkapan per bagian" in text and "Rencana Program Pembangunan" in text
    assert "DISKOMINFO — Dinas Komunikasi dan Informatika" in text and "10 baris" in text
    assert 'href="/tahap/2/programs/diskominfo">Isi</a>' in text
    assert 'href="/tahap/2/programs/dinkes">Lihat</a>' in text
    home = page(agus, "/")
    assert "100% (1208 dari 1208 isian lengkap)" in home  # Bimtek II: every question and every table row
    assert "Tidak ada kesalahan pada jawaban DISKOMINFO" in home


def test_progress_counts_rows_and_errors_and_a_tim_member_sees_what_is_left(app: Flask, root: Path):
    def broken(data: Any) -> None:
        data["answers"]["programs"][0].update(budget="delapan miliar")
        data["answers"]["programs"][1].update(budget="tujuh miliar")

    edit_yaml(answers(root, 2, "diskominfo"), broken)
    actions.add_note(root, 2, "Pagu SG-01 terlalu besar.", "sari", program="SG-01")
    actions.add_note(root, 2, "Indikator DK-01 belum terukur.", "sari", program="SL-01")
    agus = as_person(app, "agus")
    home = page(agus, "/")
    card = home[home.index('<a href="/tahap/2">Bimtek II</a></h2>') :][:1500]
    assert "99% (1206 dari 1208 isian lengkap · 2 kesalahan)" in card  # two rows wrong: never 100%
    todo = home[home.index('id="sisa-judul"') : home.index('<div class="cards">')]
    assert '<a href="/tahap/2/programs/diskominfo#ringkasan">Bimtek II · Rencana Program Pembangunan: 2 kesalahan</a>' in todo
    assert "Catatan C1 dari Dr. Sari Kusumaningrum, S.Kom., M.T. tentang program SG-01: Pagu SG-01 terlalu besar." in todo
    assert "SL-01" not in todo  # a note on another OPD's programme is not Agus's to answer
    stage = page(agus, "/tahap/2")
    sections = stage[stage.index("Kelengkapan per bagian") :]
    assert "<td>Rencana Program Pembangunan</td><td>68 dari 70</td><td class=\"bad\">2</td>" in sections
    own = stage[stage.index('<tr class="own">') :]
    own = own[: own.index("</tr>")]
    assert (
        '<td data-label="Kelengkapan">98% <small>(148 dari 150)</small></td>\n'
        '        <td data-label="Kesalahan" class="bad">2</td>'
    ) in own  # Diskominfo's file


def test_every_section_renders_and_an_unchanged_form_changes_nothing(app: Flask, root: Path):
    retno = as_person(app, "retno")
    before = edits.answer_files(root)
    definitions = load_definitions()
    for stage in (1, 2, 3, 4):
        for section in definitions.stage(stage).sections:
            for contributor in ("koordinator", "diskominfo"):
                action, fields = answers_form(page(retno, f"/tahap/{stage}/{section.id}/{contributor}"))
                response = retno.post(action, data=MultiDict(fields))
                assert response.status_code == 302, (stage, section.id, contributor)
    assert edits.answer_files(root) == before
    assert journal_lines(root) == b""
    assert "Tidak ada perubahan untuk disimpan." in page(retno, "/tahap/1/profile/koordinator")


def test_controls_follow_the_question_types(app: Flask):
    retno = as_person(app, "retno")
    text = page(retno, PROGRAMS)
    assert '<select id="f-q-programs-0-dimension" name="q.programs.0.dimension"' in text
    assert '<option value="SG" selected>SG — Smart Governance</option>' in text
    assert 'name="q.programs.0.funding" value="APBD" checked' in text  # multichoice: checkboxes
    assert 'name="q.programs.0.supporting_opds" value="DISDUKCAPIL" checked' in text  # ref, multiple
    assert '<textarea id="f-q-programs-0-description"' in text
    assert 'inputmode="numeric"' in text
    assert "Topik khas daerah di bawah subdimensi" in text  # a column's help text
    profile = page(retno, "/tahap/1/profile/koordinator")
    assert "Luas wilayah" in profile
    roadmap = page(retno, "/tahap/3/roadmap/koordinator")
    assert 'name="q.roadmap.0.years.tahun" value="2027"' in roadmap  # timeline: a select per year
    assert '<option value="persiapan" selected>persiapan</option>' in roadmap
    governance = page(retno, "/tahap/1/governance/koordinator")
    assert '<option value="ya" selected>ya</option>' in governance  # yesno


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1000000000000000000000000000000", "angka terlalu besar"),  # stored through a float before
        ("1.000.000.000.000.001", "angka terlalu besar"),
        ("9" * 5000, "angka terlalu besar"),
        ("1e300", "harus berupa angka rupiah"),
        ("0x" + "f" * 40, "harus berupa angka rupiah"),
        ("-5000000", "tidak boleh negatif"),
    ],
)
def test_a_number_out_of_bounds_is_kept_exactly_as_typed(app: Flask, root: Path, typed: str, message: str):
    agus = as_person(app, "agus")
    status, text = post_form(agus, PROGRAMS, **{BUDGET: typed})
    assert status == 302
    saved = new_yaml().load(answers(root, 2, "diskominfo").read_text(encoding="utf-8"))
    assert str(saved["answers"]["programs"][0]["budget"]) == typed  # as typed: no float, no rounding
    field = text.index('id="f-q-programs-0-budget"')
    assert message in text[field : field + 800 + len(typed)]


def test_saving_an_invalid_value_keeps_it_and_shows_the_check_message(app: Flask, root: Path):
    agus = as_person(app, "agus")
    status, text = post_form(agus, PROGRAMS, **{BUDGET: "delapan miliar"})
    assert status == 302
    assert "budget: delapan miliar" in answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    field = text.index('id="f-q-programs-0-budget"')
    beside = text[field : field + 600]
    assert 'value="delapan miliar"' in beside and 'aria-invalid="true"' in beside
    assert "<li>harus berupa angka rupiah, misalnya 150000000</li>" in beside
    # the summary at the top names it and links to the field; the row is marked
    summary = text[text.index('id="ringkasan"') : text.index('id="ringkasan"') + 1500]
    assert "Ada 1 kesalahan di bagian ini" in summary and 'class="summary error-summary"' in summary
    assert (
        '<li class="error"><a href="#f-q-programs-0-budget">program SG-01, &#34;Daftar program&#34; / '
        "&#34;Pagu indikatif (Rupiah)&#34;: harus berupa angka rupiah, misalnya 150000000</a></li>"
    ) in summary
    assert 'class="row-card has-problems" id="programs-0"' in text
    status, text = post_form(agus, PROGRAMS, **{BUDGET: "6.500.000.000"})
    assert "budget: 6500000000" in answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert "Tidak ada kesalahan di bagian ini." in text and "has-problems" not in text
    saves = [e for e in read_journal(root).entries if e.action == "answers.save"]
    assert [e.who for e in saves] == ["agus", "agus"]
    assert saves[0].data["detail"] == "formulir web: Rencana Program Pembangunan"


def test_only_the_changed_line_of_the_file_changes(app: Flask, root: Path):
    before = answers(root, 2, "diskominfo").read_text(encoding="utf-8").splitlines()
    post_form(as_person(app, "agus"), PROGRAMS, **{BUDGET: "6500000000"})
    after = answers(root, 2, "diskominfo").read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    assert [(b, a) for b, a in zip(before, after, strict=True) if b != a] == [
        ("      budget: 8500000000", "      budget: 6500000000")
    ]


def test_adding_and_removing_rows(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))
    count = int(dict(fields)["q.programs._n"])
    response = agus.post(action, data=MultiDict([*fields, ("tambah", "programs")]))
    assert response.status_code == 200  # the form again, one empty row more, nothing saved
    action, fields = answers_form(response.get_data(as_text=True))
    assert dict(fields)["q.programs._n"] == str(count + 1)
    new = f"q.programs.{count}"
    for name, value in (
        ("code", "SG-90"),
        ("dimension", "SG"),
        ("subdimension", "SG-LAYANAN"),
        ("name", "Program Baru"),
        ("budget", "Rp 1.000.000"),
    ):
        fields = replace(fields, f"{new}.{name}", value)
    fields.append(("q.programs.1._hapus", "1"))  # remove SG-02
    response = agus.post(action, data=MultiDict(fields))
    assert response.status_code == 302
    text = answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert "code: SG-90" in text and "budget: 1000000" in text and "code: SG-02" not in text
    assert text.startswith("# Jawaban Bimtek II")
    shown = page(agus, response.location)
    assert "program SG-90" in shown


def test_html_in_an_answer_is_shown_as_text(app: Flask, root: Path):
    attack = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
    edits.set_answer(root, 2, "diskominfo", "programs", attack, person="agus", row="SG-01", column="partners")
    actions.stage_action(root, 2, "stage.submit", "retno")
    actions.add_note(root, 2, attack, "sari", program="SG-01")
    for person, url in (("agus", PROGRAMS), ("sari", PROGRAMS), ("sari", "/tahap/2"), ("agus", "/riwayat")):
        text = page(as_person(app, person), url)
        assert "<img src=x" not in text and "<script>alert" not in text, (person, url)
        assert "&lt;img src=x onerror=alert(1)&gt;" in text, (person, url)


def test_a_stale_form_is_refused_and_shows_the_other_change(app: Flask, root: Path):
    agus, retno = as_person(app, "agus"), as_person(app, "retno")
    action, fields = answers_form(page(agus, PROGRAMS))
    edits.set_answer(
        root, 2, "diskominfo", "programs", "7000000000", person="retno", row="SG-01", column="budget"
    )
    fields = replace(fields, BUDGET, "6500000000")
    fields = replace(fields, "q.programs.0.unit", "layanan publik")
    response = agus.post(action, data=MultiDict(fields))
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "telah diubah oleh Dra. Retno Wulandari, M.Si." in text
    assert (
        "<td>Daftar program, program SG-01 / Pagu indikatif (Rupiah)</td><td>7000000000</td><td>6500000000</td>"
        in text
    )
    assert "budget: 7000000000" in answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    # the person's input is still in the form, now based on the current version; sending it again applies it
    action, fields = answers_form(text)
    assert dict(fields)[BUDGET] == "6500000000" and dict(fields)["q.programs.0.unit"] == "layanan publik"
    assert dict(fields)["base"] == edits.file_sha(answers(root, 2, "diskominfo"))
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    assert "budget: 6500000000" in answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert retno  # the other person's session is untouched


def test_a_stale_form_keeps_the_other_change_where_this_person_changed_nothing(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))
    edits.set_answer(
        root, 2, "diskominfo", "programs", "7000000000", person="retno", row="SG-01", column="budget"
    )
    response = agus.post(action, data=MultiDict(replace(fields, "q.programs.0.unit", "layanan publik")))
    assert response.status_code == 409
    action, fields = answers_form(response.get_data(as_text=True))
    assert dict(fields)[BUDGET] == "7000000000"  # retno's value, not the older one agus's form still held
    assert dict(fields)["q.programs.0.unit"] == "layanan publik"
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    text = answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert "budget: 7000000000" in text and "unit: layanan publik" in text


def test_a_stale_form_gives_back_rows_someone_else_added(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))

    def add_row(data: object) -> None:
        data["answers"]["programs"].append(  # type: ignore[index]
            {"code": "SG-91", "dimension": "SG", "subdimension": "SG-LAYANAN", "name": "Tambahan"}
        )

    edit_yaml(answers(root, 2, "diskominfo"), add_row)
    response = agus.post(action, data=MultiDict(replace(fields, BUDGET, "6500000000")))
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "orang lain (di luar masterplan)" in text and "program SG-91" in text
    assert "Baris ini ada di versi sekarang tetapi tidak di isian Anda" in text
    action, fields = answers_form(text)
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    saved = answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert "code: SG-91" in saved and "budget: 6500000000" in saved


def test_a_member_starts_their_opds_file(app: Flask, root: Path):
    sugeng = as_person(app, "sugeng")
    dashboard = page(sugeng, "/tahap/1")
    assert "DISDUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil <small" in dashboard
    assert "(belum ada berkas)" in dashboard
    url = "/tahap/1/initiatives/disdukcapil"
    response = sugeng.post(url, data=MultiDict([*answers_form(page(sugeng, url))[1], ("tambah", "initiatives")]))
    action, fields = answers_form(response.get_data(as_text=True))
    assert dict(fields)["base"] == "none"
    for name, value in (("code", "INS-90"), ("name", "SIAK Terpusat"), ("opd", "DISDUKCAPIL"),
                        ("dimension", "SG"), ("kind", "aplikasi"), ("status", "operasional"), ("spbe", "ya"),
                        ("since", "2019")):
        fields = replace(fields, f"q.initiatives.0.{name}", value)
    assert sugeng.post(action, data=MultiDict(fields)).status_code == 302
    text = answers(root, 1, "disdukcapil").read_text(encoding="utf-8")
    assert text.startswith("stage: 1\nfilled_by: Drs. Sugeng Wahyudi, M.Si.\nanswers:\n  initiatives:\n")
    assert "spbe: true" in text and "since: 2019" in text and "code: INS-90" in text


def test_an_oversized_table_is_shown_read_only_without_loading_it(app: Flask, root: Path):
    import tracemalloc

    rows = "".join(f"    - {{kode: X{i}}}\n" for i in range(50_000))  # 1 MB: the adversary's file
    answers(root, 2, "diskominfo").write_text("stage: 2\nanswers:\n  programs:\n" + rows, encoding="utf-8")
    agus = as_person(app, "agus")
    tracemalloc.start()
    try:
        text = page(agus, PROGRAMS)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert "tidak dapat dibaca, sehingga hanya dapat dilihat" in text
    assert not [f for f in forms_of(text) if any(n == "base" for n, _ in f["fields"])]  # no form to fill
    assert peak < 200 * 1024 * 1024  # the round-trip loader never saw it (it took 2.4 GB for four pages)


def test_a_file_that_is_no_answers_file_is_read_only(app: Flask, root: Path):
    answers(root, 2, "diskominfo").write_text("stage: 2\nanswers: [tidak, sah\n", encoding="utf-8")
    agus = as_person(app, "agus")
    text = page(agus, PROGRAMS)
    assert "Berkas jawaban DISKOMINFO — Dinas Komunikasi dan Informatika untuk Bimtek II tidak dapat dibaca" in text
    assert "detail teknis: answers/bimtek-2/diskominfo.yaml" in text
    response = agus.post(PROGRAMS, data={"csrf": csrf_of(text), "base": "x"})
    assert response.status_code == 400
    answers(root, 2, "diskominfo").write_bytes(b"")
    status, _ = post_form(agus, PROGRAMS)
    assert status == 302  # an empty file is simply not filled yet


def test_a_locked_stage_is_read_only(app: Flask, root: Path):
    actions.stage_action(root, 2, "stage.submit", "retno")
    agus = as_person(app, "agus")
    text = page(agus, PROGRAMS)
    assert "Bimtek II sedang diajukan, menunggu reviu, sehingga jawabannya terkunci" in text
    assert not [f for f in forms_of(text) if any(n == "base" for n, _ in f["fields"])]
    response = agus.post(PROGRAMS, data={"csrf": csrf_of(text), "base": "x"})
    assert response.status_code == 409 and "terkunci" in response.get_data(as_text=True)
    assert 'href="/tahap/2/programs/diskominfo">Lihat</a>' in page(agus, "/tahap/2")


# --- incomplete and crafted submissions --------------------------------------------------------


def first_replaced(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with only the first field called ``name`` given ``value``."""
    index = next(i for i, (n, _) in enumerate(fields) if n == name)
    return [*fields[:index], (name, value), *fields[index + 1 :]]


def yaml_answers(path: Path) -> Any:
    return new_yaml().load(path.read_text(encoding="utf-8"))["answers"]


def test_an_incomplete_post_is_refused_and_deletes_nothing(app: Flask, root: Path):
    agus = as_person(app, "agus")
    before = answers(root, 2, "diskominfo").read_bytes()
    action, fields = answers_form(page(agus, PROGRAMS))
    assert ("q.programs._ada", "1") in fields and ("q.programs._n", "10") in fields
    bare = [(n, v) for n, v in fields if n in ("csrf", "base")] + [("simpan", "1")]  # deleted all 10 rows
    cases = {
        "bare": bare,
        "no count": [(n, v) for n, v in fields if n != "q.programs._n"],
        "negative count": replace(fields, "q.programs._n", "-5"),  # deleted all 10 rows
        "count no number": replace(fields, "q.programs._n", "sepuluh"),
        "superscript count": replace(fields, "q.programs._n", "\u00b9\u2070"),
        "count too small": replace(fields, "q.programs._n", "9"),  # row SG-10 would have gone
        "count too large": replace(fields, "q.programs._n", "11"),
        "huge count": replace(fields, "q.programs._n", "2000"),  # with tambah: a 27 MB page
        "row cut off": [(n, v) for n, v in fields if n != "q.programs.9._src"],
        "superscript row": replace(fields, "q.programs.3._src", "\u00b2"),  # was a 500
        "long row number": replace(fields, "q.programs.3._src", "9" * 5000),
    }
    for case, data in cases.items():
        for extra in ([], [("tambah", "programs")]):
            response = agus.post(action, data=MultiDict(data + extra))
            text = response.get_data(as_text=True)
            assert response.status_code == 400, (case, extra, response.status_code)
            assert "<h1>Formulir tidak lengkap</h1>" in text and len(text) < 50_000, (case, extra)
            assert 'href="/tahap/2/programs/diskominfo">Buka formulir' in text
    assert answers(root, 2, "diskominfo").read_bytes() == before
    assert journal_lines(root) == b""
    assert agus.post(action, data=MultiDict(fields)).status_code == 302  # the form as it is still works


def test_a_question_missing_from_a_post_is_left_as_it_is(app: Flask, root: Path):
    retno = as_person(app, "retno")
    url = "/tahap/2/enablers/koordinator"
    before = yaml_answers(answers(root, 2))
    action, fields = answers_form(page(retno, url))
    assert ("q.plan_financing._ada", "1") in fields
    fields = [(n, v) for n, v in fields if not n.startswith("q.plan_financing")]
    fields = replace(fields, "q.plan_structure", "Struktur baru.")
    assert retno.post(action, data=MultiDict(fields)).status_code == 302
    after = yaml_answers(answers(root, 2))
    assert after["plan_structure"] == "Struktur baru." and after["plan_financing"] == before["plan_financing"]
    # the field without its marker is not taken either: the marker says the question was in the form
    action, fields = answers_form(page(retno, url))
    fields = [(n, "Dihapus?" if n == "q.plan_financing" else v) for n, v in fields if n != "q.plan_financing._ada"]
    assert retno.post(action, data=MultiDict(fields)).status_code == 302
    assert yaml_answers(answers(root, 2))["plan_financing"] == before["plan_financing"]


def test_checkboxes_and_timelines_missing_from_a_post_are_left_as_they_are(app: Flask, root: Path):
    retno = as_person(app, "retno")
    funding = yaml_answers(answers(root, 2, "diskominfo"))["programs"][0]["funding"]
    action, fields = answers_form(page(retno, PROGRAMS))
    assert ("q.programs.0.funding._ada", "1") in fields
    fields = [(n, v) for n, v in fields if not n.startswith("q.programs.0.funding")]  # the boxes and the marker
    assert retno.post(action, data=MultiDict(replace(fields, BUDGET, "6500000000"))).status_code == 302
    row = yaml_answers(answers(root, 2, "diskominfo"))["programs"][0]
    assert row["funding"] == funding and row["budget"] == 6500000000
    # unticking every box (the marker is still sent, as a browser sends it) clears the answer
    action, fields = answers_form(page(retno, PROGRAMS))
    assert retno.post(action, data=MultiDict([(n, v) for n, v in fields if n != "q.programs.0.funding"])).status_code == 302
    assert "funding" not in yaml_answers(answers(root, 2, "diskominfo"))["programs"][0]

    url = "/tahap/3/roadmap/koordinator"
    years = dict(yaml_answers(answers(root, 3))["roadmap"][0]["years"])
    for number, cut in enumerate(("q.roadmap.0.years.tahun", "q.roadmap.0.years")):
        action, fields = answers_form(page(retno, url))
        fields = [(n, v) for n, v in fields if not (n == cut or n.startswith(cut + "."))]
        fields = replace(fields, "q.roadmap.0.note", f"Catatan baru {number}.")
        assert retno.post(action, data=MultiDict(fields)).status_code == 302
        row = yaml_answers(answers(root, 3))["roadmap"][0]
        assert dict(row["years"]) == years and row["note"] == f"Catatan baru {number}."


def test_crafted_values_give_a_400_page_never_a_500(app: Flask, root: Path):
    retno = as_person(app, "retno")
    page(retno, "/")  # the welcome message is shown once
    url = "/tahap/3/roadmap/koordinator"
    before = answers(root, 3).read_bytes()
    action, fields = answers_form(page(retno, url))
    response = retno.post(action, data=MultiDict(first_replaced(fields, "q.roadmap.0.years.tahun", "9" * 5000)))
    assert response.status_code == 400 and "Formulir tidak lengkap" in response.get_data(as_text=True)
    assert answers(root, 3).read_bytes() == before
    # a year that is not a number (a superscript two was a 500) is kept as typed, as any text key of the
    # file is, and check reports it
    status, _ = post_form(retno, url, **{"q.roadmap.0.years.tahun": "\u00b2"})
    assert status == 302 and "\u00b2" in yaml_answers(answers(root, 3))["roadmap"][0]["years"]
    # a NIP with superscript digits (its reader used to fail with a 500) is kept as typed and flagged
    governance = "/tahap/1/governance/koordinator"
    nip = "19800101\u00b2\u00b2\u00b2\u00b2011001"
    status, _ = post_form(retno, governance, **{"q.team_members.0.nip": nip})
    assert status == 302
    assert str(yaml_answers(answers(root, 1))["team_members"][0]["nip"]) == nip


def test_a_stale_form_keeps_the_other_persons_rows_of_a_table_without_key(app: Flask, root: Path):
    retno = as_person(app, "retno")
    url = "/tahap/1/governance/koordinator"
    action, fields = answers_form(page(retno, url))
    members = len(yaml_answers(answers(root, 1))["team_members"])

    def change(data: Any) -> None:
        data["answers"]["team_members"][2]["position"] = "Kepala Bapperida (diubah)"
        data["answers"]["team_members"].append({"name": "Anggota Baru", "position": "Staf", "role": "anggota"})

    edit_yaml(answers(root, 1), change)
    response = retno.post(action, data=MultiDict(replace(fields, "q.team_members.0.position", "Kepala Dinas (baru)")))
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    action, fields = answers_form(text)
    assert not [n for n, _ in fields if n.endswith("._hapus")]  # nothing ticked for removal
    assert text.count("Baris ini ada di versi sekarang tetapi tidak di isian Anda") == 3  # 0 and 2 as now, the new one
    assert retno.post(action, data=MultiDict(fields)).status_code == 302
    saved = yaml_answers(answers(root, 1))["team_members"]
    positions = [m["position"] for m in saved]
    assert "Kepala Dinas (baru)" in positions and "Kepala Bapperida (diubah)" in positions
    assert "Anggota Baru" in [m["name"] for m in saved]
    assert len(saved) == members + 3  # both versions of the two rows changed on both sides, for the person to pick


def test_a_stale_form_gives_back_every_row_of_a_repeated_key(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))

    def repeat(data: Any) -> None:
        data["answers"]["programs"].append({"code": "SG-01", "name": "Salinan"})

    edit_yaml(answers(root, 2, "diskominfo"), repeat)
    response = agus.post(action, data=MultiDict(replace(fields, BUDGET, "6500000000")))
    assert response.status_code == 409
    action, fields = answers_form(response.get_data(as_text=True))
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    saved = yaml_answers(answers(root, 2, "diskominfo"))["programs"]
    assert [p.get("name") for p in saved if p["code"] == "SG-01"][1] == "Salinan"
    assert saved[0]["budget"] == 6500000000


# --- reviewing, the journal, exporting ------------------------------------------------------------


def test_every_action_lands_in_the_journal_under_the_web_user(app: Flask, root: Path):
    agus, retno, sari = as_person(app, "agus"), as_person(app, "retno"), as_person(app, "sari")
    assert post(retno, "/tahap/2/aksi", {"aksi": "submit"}) == 302
    assert post(retno, "/tahap/2/aksi", {"aksi": "withdraw"}) == 302
    assert post(retno, "/tahap/2/aksi", {"aksi": "submit"}) == 302
    assert (
        post(sari, "/tahap/2/catatan", {"sasaran": "row:SG-01", "teks": "Pagu SG-01 terlalu besar."}) == 302
    )
    assert (
        post(sari, "/tahap/2/catatan", {"sasaran": "question:plan_financing", "teks": "Sebutkan KPBU."})
        == 302
    )
    assert act(sari, 2, "request_changes", alasan="Tinjau pagu.") == 302
    status, _ = post_form(agus, PROGRAMS, **{BUDGET: "6500000000"})
    assert status == 302
    assert post(agus, "/catatan/C1/balas", {"teks": "Pagu diturunkan."}) == 302
    assert post(retno, "/tahap/2/aksi", {"aksi": "submit"}) == 302
    assert act(sari, 2, "approve") == 302
    for note in ("C1", "C2", "C3"):
        assert post(sari, f"/catatan/{note}/selesai", {}) == 302
    state = load_state(root)
    assert state.stages[2].state == "approved"
    done = [(e.who, e.action) for e in state.journal.entries if e.action != "answers.sync"]
    assert done == [
        ("retno", "stage.submit"),
        ("retno", "stage.withdraw"),
        ("retno", "stage.submit"),
        ("sari", "note.add"),
        ("sari", "note.add"),
        ("sari", "note.add"),
        ("sari", "stage.request_changes"),
        ("agus", "stage.rework"),
        ("agus", "answers.save"),
        ("agus", "note.reply"),
        ("retno", "stage.submit"),
        ("sari", "stage.approve"),
        ("sari", "note.resolve"),
        ("sari", "note.resolve"),
        ("sari", "note.resolve"),
    ]
    assert state.notes["C1"].target == "row:SG-01" and state.notes["C2"].target == "question:plan_financing"
    history = page(agus, "/riwayat")
    assert "Agus Priyanto, S.Kom., M.Kom., tim: mengubah jawaban Bimtek II" in history
    times = re.findall(r"<code>#\d+\s+\d+ \w+ \d{4} \d{2}\.\d{2} (\w+)", history)
    assert times and set(times) == {"WIB"}  # Jawa Tengah's zone, whatever the server's clock is set to


def test_approval_is_tied_to_the_submission_the_mentor_saw(app: Flask, root: Path):
    actions.stage_action(root, 2, "stage.submit", "retno")
    sari = as_person(app, "sari")
    shown = forms_of(page(sari, "/tahap/2"))
    approve = next(f for f in shown if ("aksi", "approve") in f["fields"])
    changes = next(f for f in shown if ("aksi", "request_changes") in f["fields"])
    seen = load_state(root).stages[2].submission
    assert seen is not None and ("pengajuan", str(seen.seq)) in approve["fields"]
    assert ("pengajuan", str(seen.seq)) in changes["fields"]
    # meanwhile: withdrawn, changed, submitted again
    actions.stage_action(root, 2, "stage.withdraw", "retno")
    edits.set_answer(root, 2, "diskominfo", "programs", "99000000000", person="agus", row="SG-01", column="budget")
    actions.stage_action(root, 2, "stage.submit", "retno")
    done = [e.action for e in read_journal(root).entries]
    for form in (approve, changes):
        fields = [(n, "Tinjau pagu." if n == "alasan" else v) for n, v in form["fields"]]
        response = sari.post(form["action"], data=MultiDict(fields))
        text = response.get_data(as_text=True)
        assert response.status_code == 409 and "telah diajukan ulang" in text
        assert 'href="/tahap/2">Lihat pengajuan yang baru di Bimtek II</a>' in text
    state = load_state(root).stages[2]
    assert state.state == "submitted" and state.approval is None
    assert [e.action for e in read_journal(root).entries] == done
    # a form that does not say which submission it approves is refused
    assert post(sari, "/tahap/2/aksi", {"aksi": "approve"}) == 400
    assert post(sari, "/tahap/2/aksi", {"aksi": "approve", "pengajuan": "\u00b2"}) == 400
    assert load_state(root).stages[2].state == "submitted"
    assert act(sari, 2, "approve") == 302  # the page as it is now
    assert load_state(root).stages[2].state == "approved"


def test_notes_are_shown_beside_their_question_and_row(app: Flask, root: Path):
    actions.add_note(root, 2, "Pagu SG-01 terlalu besar.", "sari", program="SG-01")
    actions.add_note(root, 2, "Rincikan pembiayaan.", "sari", question="plan_financing")
    agus = as_person(app, "agus")
    programs = page(agus, PROGRAMS)
    row = programs.index('id="programs-0"')
    assert "Pagu SG-01 terlalu besar." in programs[row : row + 1500]
    assert "Rincikan pembiayaan." in page(agus, "/tahap/2/enablers/koordinator")
    mentor = page(as_person(app, "sari"), "/tahap/2?sasaran=row:SG-01")
    assert '<option value="row:SG-01" selected>' in mentor


def _job_id(response: Any) -> str:
    assert response.status_code == 303, response.status_code
    match = re.fullmatch(r"/pekerjaan/([\w-]+)", response.location)
    assert match, response.location
    return match.group(1)


def test_a_draft_is_built_in_the_background_and_reused_while_nothing_changes(app: Flask, root: Path):
    agus = as_person(app, "agus")
    token = csrf_of(page(agus, "/tahap/2"))
    assert 'name="format" value="pdf"' in page(agus, "/tahap/2")
    first = _job_id(agus.post("/draf", data={"csrf": token, "format": "docx"}))
    # a double click (or a colleague asking for the same draft) follows the same job
    assert _job_id(agus.post("/draf", data={"csrf": token, "format": "docx"})) == first
    queue = app.extensions["masterplan"].jobs
    job = queue.wait(first, 120)
    assert job is not None and job.state == "done", job
    shown = page(agus, f"/pekerjaan/{first}")
    assert "Draf selesai disusun." in shown and 'http-equiv="refresh"' not in shown
    with agus.get(f"/pekerjaan/{first}/unduh") as response:
        assert response.status_code == 200 and response.data[:2] == b"PK"
        assert "kabupaten-sukamaju-rencana-induk-draf.docx" in response.headers["Content-Disposition"]
        built = response.data
    # the same answers: the same job, the same file
    assert _job_id(agus.post("/draf", data={"csrf": token, "format": "docx"})) == first
    # an answer changes: a new job, and a new build of the changed draft
    edit_yaml(answers(root, 1), lambda d: d["answers"].update(geography="Wilayah yang baru."))
    second = _job_id(agus.post("/draf", data={"csrf": token, "format": "docx"}))
    assert second != first
    done = queue.wait(second, 120)
    assert done is not None and done.state == "done" and done.result["reused"] is False
    with agus.get(f"/pekerjaan/{second}/unduh") as response:
        assert response.data != built
    # a companion book from the same form: its own job and file
    assert '<option value="ringkasan">Ringkasan Eksekutif</option>' in page(agus, "/tahap/2")
    summary = _job_id(agus.post("/draf", data={"csrf": token, "format": "docx", "buku": "ringkasan"}))
    assert summary not in (first, second)
    finished = queue.wait(summary, 120)
    assert finished is not None and finished.state == "done", finished
    with agus.get(f"/pekerjaan/{summary}/unduh") as response:
        assert "kabupaten-sukamaju-ringkasan-draf.docx" in response.headers["Content-Disposition"]
    assert agus.post("/draf", data={"csrf": token, "format": "docx", "buku": "matriks"}).status_code == 404
    assert 'value="slides"' not in page(agus, "/tahap/2"), "a presentation is no Word or PDF draft"
    assert agus.post("/draf", data={"csrf": token, "format": "pdf", "buku": "slides"}).status_code == 404
    # without the token, in another format, or an unknown job: refused
    assert agus.post("/draf", data={"format": "docx"}).status_code == 400
    assert agus.post("/draf", data={"csrf": token, "format": "exe"}).status_code == 404
    assert agus.get("/pekerjaan/tidak-ada").status_code == 404
    assert agus.get("/draf.docx").status_code == 404
    assert app.test_client().get(f"/pekerjaan/{first}").status_code in (302, 403)


def test_a_job_page_shows_the_queue_and_refreshes_until_done(app: Flask, root: Path):
    gate = threading.Event()

    def slow(params: dict[str, Any], progress: Any) -> dict[str, Any]:
        progress(0.4, "Menata halaman PDF")
        gate.wait(30)
        return {"files": []}

    queue = LocalQueue(workers=1, tasks={"draft": slow, "finalize": slow})
    app.extensions["masterplan"].jobs = queue
    agus = as_person(app, "agus")
    token = csrf_of(page(agus, "/tahap/2"))
    first = _job_id(agus.post("/draf", data={"csrf": token, "format": "pdf"}))
    second = _job_id(agus.post("/draf", data={"csrf": token, "format": "docx"}))
    deadline = time.monotonic() + 10
    while (job := queue.get(first)) is not None and job.state != "running" and time.monotonic() < deadline:
        time.sleep(0.01)
    running = page(agus, f"/pekerjaan/{first}")
    assert 'http-equiv="refresh" content="2"' in running
    assert 'value="40"' in running and "Menata halaman PDF" in running
    waiting = page(agus, f"/pekerjaan/{second}")
    assert "Menunggu giliran" in waiting and 'http-equiv="refresh"' in waiting
    gate.set()
    finished = queue.wait(second, 10)
    assert finished is not None and finished.state == "done"


def test_final_page_and_the_download_whitelist(app: Flask, root: Path):
    bambang = as_person(app, "bambang")
    text = page(bambang, "/final")
    assert "Bimtek I disetujui" in text and "Finalisasi sekarang</button>" in text and "disabled" in text
    (root / "final").mkdir()
    (root / "final" / "kabupaten-sukamaju-rencana-induk.pdf").write_bytes(b"%PDF-palsu")
    for name in (
        "kabupaten-sukamaju-rencana-induk.pdf",
        "..%2Fregion.yaml",
        "../region.yaml",
        "region.yaml",
        "%2e%2e%2fpeople.yaml",
        "..%2F..%2Fetc%2Fpasswd",
    ):
        assert bambang.get(f"/final/unduh/{name}").status_code == 404, name
    response = bambang.post("/final", data={"csrf": csrf_of(text)})
    assert response.status_code == 409 and "finalisasi ditolak" in response.get_data(as_text=True)
    # once the journal lists the file as a finalisation's output, exactly that file is served
    from masterplan.workflow.journal import append, sha256
    from masterplan.workflow.people import Person

    pdf = b"%PDF-1.7 final"
    (root / "final" / "kabupaten-sukamaju-rencana-induk.pdf").write_bytes(pdf)
    pejabat = Person(id="bambang", name="Ir. Bambang Setiawan, M.T.", role="pejabat")
    append(root, pejabat, "finalize", {"outputs": {"kabupaten-sukamaju-rencana-induk.pdf": sha256(pdf)}})
    with bambang.get("/final/unduh/kabupaten-sukamaju-rencana-induk.pdf") as served:
        assert served.status_code == 200 and served.data == pdf and served.mimetype == "application/pdf"
        disposition = served.headers["Content-Disposition"]
    assert "attachment; filename=kabupaten-sukamaju-rencana-induk.pdf" in disposition
    for name in ("region.yaml", "..%2Fregion.yaml", "kabupaten-sukamaju-rencana-induk.docx"):
        assert bambang.get(f"/final/unduh/{name}").status_code == 404, name


def test_a_form_shown_reads_the_same_values_as_the_form_that_saves():
    """Forms only shown are read by the fast reader; it must give each section what the round-trip reader gives."""
    from masterplan.answers.yamlio import parse_yaml_bytes
    from masterplan.checks.problems import Where
    from masterplan.web.formdata import from_answers, load_document

    definitions = load_definitions()
    compared = 0
    for path in sorted((Path(__file__).parent.parent / "examples" / "sukamaju" / "answers").rglob("*.yaml")):
        stage = int(path.parent.name.split("-")[1])
        raw = path.read_bytes()
        fast, problems = parse_yaml_bytes(raw, Where(file=path.name, stage=stage))
        assert not problems
        slow = load_document(raw.decode("utf-8"), stage, "uji")
        for section in definitions.stage(stage).sections:
            assert from_answers(section, fast["answers"]) == from_answers(section, slow["answers"]), (path, section.id)
            compared += 1
    assert compared > 100


def test_pages_reuse_the_check_until_any_file_changes_from_anywhere(app: Flask, root: Path):
    agus = as_person(app, "agus")
    assert "Tidak ada kesalahan." in page(agus, "/tahap/1")
    site = app.extensions["masterplan"]
    checked_before = site.derived["checked"]
    assert "Tidak ada kesalahan." in page(agus, "/tahap/1")
    assert site.derived["checked"] is checked_before  # nothing changed: nothing read again
    # a change made outside the web (an editor, the command line) shows on the next page
    edit_yaml(answers(root, 1), lambda d: d["answers"].pop("geography"))
    assert "Tidak ada kesalahan." not in page(agus, "/tahap/1")
    geography = "Wilayah kabupaten yang baru, di tengah provinsi, berbatasan dengan empat kabupaten."
    edit_yaml(answers(root, 1), lambda d: d["answers"].update(geography=geography))
    assert "Tidak ada kesalahan." in page(agus, "/tahap/1")
    # a request that may write forgets everything derived, whatever the file times say
    agus.post("/draf", data={"csrf": csrf_of(page(agus, "/tahap/1")), "format": "pdf"})
    assert "checked" not in site.derived


def test_a_long_reference_list_is_one_shared_list_not_a_select_per_row(app: Flask, root: Path):
    retno = as_person(app, "retno")
    text = page(retno, "/tahap/4/reconfirmation/koordinator")
    rows = len(re.findall(r'id="reconfirmation-\d+"', text))
    assert rows >= 60
    assert text.count('<datalist id="daftar-program">') == 1
    assert text.count('list="daftar-program"') == rows  # every row's programme field uses it
    assert text.count('<option value="SG-01">') == 1  # each programme once per page, not once per row
    field = re.search(r'<input type="text" id="f-q-reconfirmation-0-program"[^>]*>\s*<small[^>]*>([^<]*)</small>', text)
    assert field and re.match(r"[A-Z]+-\d+ — \S", field.group(1)), "the chosen programme's name is shown"
    edit_yaml(answers(root, 4), lambda d: d["answers"]["reconfirmation"][0].update(program="ZZ-99"))
    text = page(retno, "/tahap/4/reconfirmation/koordinator")
    assert 'value="ZZ-99"' in text and "ZZ-99 (tidak dikenal)" in text


def test_submitting_with_errors_is_shown_disabled_with_what_to_fix_linked(app: Flask, root: Path):
    edit_yaml(answers(root, 2, "diskominfo"), lambda d: d["answers"]["programs"][0].update(budget="delapan miliar"))
    retno = as_person(app, "retno")
    text = page(retno, "/tahap/2")
    button = re.search(r'<button type="submit" class="primary"([^>]*)>Ajukan untuk direviu</button>', text)
    assert button and "disabled" in button.group(1) and 'aria-describedby="alasan-tertahan-submit"' in button.group(1)
    assert "Bimtek II belum dapat diajukan: masih ada 1 kesalahan." in text
    listed = text[text.index('id="kesalahan"') :]
    assert (
        '<a href="/tahap/2/programs/diskominfo#ringkasan">DISKOMINFO — Dinas Komunikasi dan Informatika: '
        "Rencana Program Pembangunan</a>: 1 kesalahan"
    ) in listed
    assert "harus berupa angka rupiah, misalnya 150000000" in listed
    assert "Detail teknis" in listed and "answers/bimtek-2/diskominfo.yaml:" in listed  # the koordinator's fold
    tim = page(as_person(app, "agus"), "/tahap/2")
    assert "Detail teknis" not in tim and "answers/bimtek-2/diskominfo.yaml:" not in tim
    assert "galat" not in text and "masterplan check" not in text
    # the server refuses in the same plain words (a page opened before the error, or without the button)
    response = retno.post("/tahap/2/aksi", data={"csrf": csrf_of(text), "aksi": "submit"})
    refused = response.get_data(as_text=True)
    assert response.status_code == 409 and "belum dapat diajukan: masih ada 1 kesalahan" in refused
    assert 'href="/tahap/2#kesalahan"' in refused and "Kode 409" not in refused
    assert load_state(root).stages[2].state == "draft"
    edit_yaml(answers(root, 2, "diskominfo"), lambda d: d["answers"]["programs"][0].update(budget=6_500_000_000))
    text = page(retno, "/tahap/2")
    assert "alasan-tertahan" not in text and "Tidak ada kesalahan." in text


def test_a_save_after_the_session_ended_is_carried_through_the_login_and_shown_back(app: Flask, root: Path):
    agus = as_person(app, "agus")
    action, fields = answers_form(page(agus, PROGRAMS))
    fields = replace(fields, BUDGET, "7.250.000.000")
    before = answers(root, 2, "diskominfo").read_bytes()
    agus.post("/keluar", data={"csrf": csrf_of(page(agus, "/"))})  # the session ends (another tab, 8 hours)
    response = agus.post(action, data=MultiDict(fields))
    login_page = response.get_data(as_text=True)
    assert response.status_code == 401 and "Sesi Anda berakhir sebelum isian Anda tersimpan" in login_page
    assert '<input type="hidden" name="bawa:q.programs.0.budget" value="7.250.000.000">' in login_page
    assert f'name="next" value="{PROGRAMS}"' in login_page and 'name="bawa:csrf"' not in login_page
    assert answers(root, 2, "diskominfo").read_bytes() == before  # nothing saved unseen
    # a wrong password keeps carrying it
    carried = [(n, v) for n, v in forms_of(login_page)[-1]["fields"] if n.startswith("bawa:")]
    token = csrf_of(login_page)
    wrong = agus.post("/masuk", data=MultiDict([("csrf", token), ("nama", "agus"), ("sandi", "salah"),
                                                ("next", PROGRAMS), *carried]))
    assert wrong.status_code == 401 and 'name="bawa:q.programs.0.budget" value="7.250.000.000"' in wrong.get_data(
        as_text=True
    )
    token = csrf_of(wrong.get_data(as_text=True))
    shown = agus.post("/masuk", data=MultiDict([("csrf", token), ("nama", "agus"), ("sandi", password("agus")),
                                                ("next", PROGRAMS), *carried]))
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "belum disimpan" in text and "Selamat datang" in text
    field = text[text.index('id="f-q-programs-0-budget"') :][:300]
    assert 'value="7250000000"' in field  # as a save would write it
    assert answers(root, 2, "diskominfo").read_bytes() == before
    # saving it now is an ordinary save
    action, fields = answers_form(text)
    assert agus.post(action, data=MultiDict(fields)).status_code == 302
    assert "budget: 7250000000" in answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    # carried input never opens another kind of page
    outside = agus.post("/masuk", data=MultiDict([("csrf", csrf_of(page(agus, "/"))), ("nama", "agus"),
                                                  ("sandi", password("agus")), ("next", "/final"), ("bawa:x", "1")]))
    assert outside.status_code == 302 and outside.location.endswith("/final")
    # input that is no usable form is refused with a link to the form (not to the login it came through)
    broken = agus.post("/masuk", data=MultiDict([("csrf", csrf_of(page(agus, "/"))), ("nama", "agus"),
                                                 ("sandi", password("agus")), ("next", PROGRAMS), ("bawa:base", "x")]))
    shown = broken.get_data(as_text=True)
    assert broken.status_code == 400 and f'href="{PROGRAMS}">Buka formulir' in shown


def test_pages_go_compressed_and_the_form_token_differs_on_every_page(app: Flask):
    import gzip

    retno = as_person(app, "retno")
    page(retno, "/")  # the welcome message is shown once
    url = "/tahap/3/roadmap/koordinator"
    with retno.get(url, headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
        assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
        transferred = len(response.data)
        text = gzip.decompress(response.data).decode("utf-8")
    assert transferred < 100 * 1024 < len(text)  # the long roadmap form: well under 100 kB on the line
    def tokenless(html: str) -> str:
        return re.sub(r'name="csrf" value="[^"]+"', 'name="csrf" value=""', html)

    assert tokenless(text) == tokenless(page(retno, url))  # the same page, only smaller on the line
    with retno.get(url) as plain:  # a client that does not ask for it gets it as it is
        assert "Content-Encoding" not in plain.headers and plain.data.startswith(b"<!doctype html>")
    with retno.get("/statis/app.js", headers={"Accept-Encoding": "gzip"}) as static:  # static files too
        on_disk = (templates_dir() / "web" / "static" / "app.js").read_bytes()
        assert static.headers["Content-Encoding"] == "gzip" and gzip.decompress(static.data) == on_disk
    with retno.get("/statis/app.js") as static:
        assert "Content-Encoding" not in static.headers and static.data == on_disk
    # the token is masked afresh on every page (no secret repeated in compressed pages), and each one works
    first, second = csrf_of(page(retno, "/")), csrf_of(page(retno, "/"))
    assert first != second
    for token in (first, second):
        response = retno.post("/draf", data={"csrf": token, "format": "exe"})
        assert response.status_code == 404  # past the token check: refused only for the format
    assert retno.post("/draf", data={"csrf": first[:-4] + "AAAA", "format": "docx"}).status_code == 400
    assert retno.post("/draf", data={"csrf": "tidak-sah", "format": "docx"}).status_code == 400


def test_input_kept_while_typing_is_the_person_s_own_and_changes_nothing_else(app: Flask, root: Path):
    from masterplan.web import unsaved

    agus = as_person(app, "agus")
    text = page(agus, PROGRAMS)
    action, fields = answers_form(text)
    fields = replace(fields, BUDGET, "5.400.000.000")
    before_answers = answers(root, 2, "diskominfo").read_bytes()
    before_journal = journal_lines(root)
    site = app.extensions["masterplan"]
    checked_before = site.derived["checked"]
    kept_now = agus.post(action + "/sementara", data=MultiDict(fields))
    assert kept_now.status_code == 200 and kept_now.get_json() == {"kesalahan": {}}
    kept = unsaved.read(root, "agus", 2, "programs", "diskominfo")
    assert kept is not None and ["q.programs.0.budget", "5.400.000.000"] in kept["fields"]
    assert not any(name == "csrf" for name, _ in kept["fields"])
    assert answers(root, 2, "diskominfo").read_bytes() == before_answers and journal_lines(root) == before_journal
    page(agus, "/tahap/2")
    assert site.derived["checked"] is checked_before  # typing changes no answer: nothing is read again
    # offered back on the form (to the same person only), as data the page's script reads
    assert 'data-server-copy="' in page(agus, PROGRAMS) and "5.400.000.000" in page(agus, PROGRAMS)
    assert "data-server-copy" not in page(as_person(app, "retno"), PROGRAMS)
    # refused without the token, for another OPD's form, or for a read-only role
    without = [(n, v) for n, v in fields if n != "csrf"]
    assert agus.post(action + "/sementara", data=MultiDict(without)).status_code == 400
    assert agus.post("/tahap/2/programs/dinkes/sementara", data={"csrf": csrf_of(text)}).status_code == 403
    sari = as_person(app, "sari")
    assert sari.post(action + "/sementara", data={"csrf": csrf_of(page(sari, "/"))}).status_code == 403
    # a damaged file is no offer; a save removes the kept input
    path = root / "workflow" / "isian" / "agus" / "2-programs-diskominfo.json"
    path.write_text("{rusak", encoding="utf-8")
    assert unsaved.read(root, "agus", 2, "programs", "diskominfo") is None
    assert "data-server-copy" not in page(agus, PROGRAMS)
    status, _ = post_form(agus, PROGRAMS, **{BUDGET: "5400000000"})
    assert status == 302 and not path.exists()


def test_finalising_asks_first_follows_a_running_one_and_is_not_repeated_unless_superseding(app: Flask, root: Path):
    from masterplan.workflow import finalize
    from masterplan.workflow.journal import append
    from masterplan.workflow.people import Person

    for stage in (1, 2, 3, 4):
        actions.stage_action(root, stage, "stage.submit", "retno")
        actions.stage_action(root, stage, "stage.approve", "sari")
    gate = threading.Event()
    seen: list[dict[str, Any]] = []

    def slow(params: dict[str, Any], progress: Any) -> dict[str, Any]:
        seen.append(params)
        gate.wait(30)
        return {"files": []}

    queue = LocalQueue(workers=1, tasks={"draft": slow, "finalize": slow})
    app.extensions["masterplan"].jobs = queue
    bambang = as_person(app, "bambang")
    text = page(bambang, "/final")
    assert 'name="setuju"' in text and 'name="gantikan"' not in text and "Finalisasi sekarang</button>" in text
    token = csrf_of(text)
    refused = bambang.post("/final", data={"csrf": token})
    assert refused.status_code == 400 and "Belum dikonfirmasi" in refused.get_data(as_text=True)
    assert seen == [] and queue.active("finalize") == []
    first = _job_id(bambang.post("/final", data={"csrf": token, "setuju": "1"}))
    # while it runs the page says so, and any further request follows the same job
    assert "Finalisasi sedang disusun" in page(bambang, "/final")
    assert _job_id(bambang.post("/final", data={"csrf": token, "setuju": "1", "gantikan": "1"})) == first
    gate.set()
    assert queue.wait(first, 10).state == "done"
    assert [p["supersede"] for p in seen] == [False]
    # the approved plan finalised (journalled as the real task does): asked again, refused unless superseding
    pejabat = Person(id="bambang", name="Ir. Bambang Setiawan, M.T.", role="pejabat")
    approvals = finalize._approvals(load_state(root))
    append(root, pejabat, "finalize", {"outputs": {}, "answers_sha256": finalize._answers_digest(root),
                                       "approvals": approvals})
    text = page(bambang, "/final")
    assert "sudah difinalisasi" in text and 'name="gantikan"' in text and "Susun ulang dokumen final" in text
    again = bambang.post("/final", data={"csrf": csrf_of(text), "setuju": "1"})
    assert again.status_code == 409 and "«Gantikan dokumen final sebelumnya»" in again.get_data(as_text=True)
    assert len(seen) == 1
    superseding = _job_id(bambang.post("/final", data={"csrf": csrf_of(text), "setuju": "1", "gantikan": "1"}))
    assert superseding != first and queue.wait(superseding, 10).state == "done"
    assert [p["supersede"] for p in seen] == [False, True]


def test_a_mentor_writes_a_note_beside_the_question_or_the_programme_row_it_is_about(app: Flask, root: Path):
    sari = as_person(app, "sari")
    text = page(sari, PROGRAMS)
    assert 'name="sasaran" value="question:programs"' in text
    assert 'name="sasaran" value="row:SG-01"' in text and 'name="sasaran" value="row:SS-01"' in text
    token = csrf_of(text)
    response = sari.post("/tahap/2/catatan", data={
        "csrf": token, "sasaran": "row:SG-02", "teks": "Mitra SG-02 perlu nota kesepahaman.",
        "kembali": PROGRAMS + "#row-SG-02",
    })
    assert response.status_code == 302 and response.location == PROGRAMS + "#row-SG-02"  # back where it was written
    note = next(iter(load_state(root).notes.values()))
    assert note.target == "row:SG-02" and note.text == "Mitra SG-02 perlu nota kesepahaman."
    # the tim member sees it beside the row in their form, and only a mentor is offered the form
    agus = as_person(app, "agus")
    mine = page(agus, PROGRAMS + "?tampilan=kartu")
    row = mine[mine.index('id="programs-1"'):][:3000]
    assert "Mitra SG-02 perlu nota kesepahaman." in row and 'name="sasaran"' not in mine
    assert "row:" not in page(as_person(app, "retno"), "/tahap/3/roadmap/koordinator")


def test_the_changes_since_the_last_review_are_shown_old_beside_new(app: Flask, root: Path):
    retno = as_person(app, "retno")
    assert "belum pernah diajukan atau disetujui" in page(retno, "/tahap/2/perubahan")
    actions.stage_action(root, 2, "stage.submit", "retno")
    actions.stage_action(root, 2, "stage.request_changes", "sari", reason="Tinjau pagu SG-01.")
    edits.set_answer(root, 2, "diskominfo", "programs", "6500000000", person="agus", row="SG-01", column="budget")
    sari = as_person(app, "sari")
    assert 'href="/tahap/2/perubahan"' in page(sari, "/tahap/2")
    text = page(sari, "/tahap/2/perubahan")
    assert "Dibandingkan dengan pengajuan Bimtek II" in text, text[text.index("<h1"):][:600]
    cells = re.findall(r"<th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", text, re.S)
    assert cells == [("Daftar program, SG-01, Pagu indikatif (Rupiah)", "<del>Rp 8.500.000.000</del>",
                      "<ins>Rp 6.500.000.000</ins>")]


def test_a_stages_workbook_is_downloaded_filled_offline_and_uploaded_from_the_browser(
    app: Flask, root: Path, tmp_path: Path
):
    from forms_helpers import edit, table_cell

    agus = as_person(app, "agus")
    stage_page = page(agus, "/tahap/2")
    assert 'href="/tahap/2/buku-kerja/diskominfo"' in stage_page and 'enctype="multipart/form-data"' in stage_page
    with agus.get("/tahap/2/buku-kerja/diskominfo") as response:
        assert response.status_code == 200 and response.data.startswith(b"PK")
        assert "kabupaten-sukamaju-bimtek-2-diskominfo.xlsx" in response.headers["Content-Disposition"]
        workbook = tmp_path / "kabupaten-sukamaju-bimtek-2-diskominfo.xlsx"
        workbook.write_bytes(response.data)
    budget = table_cell(2, "programs", "budget", 1)
    edit(workbook, {budget: "delapan miliar"})
    token = csrf_of(stage_page)
    with workbook.open("rb") as handle:
        shown = agus.post("/tahap/2/buku-kerja", data={"csrf": token, "berkas": (handle, workbook.name)},
                          content_type="multipart/form-data")
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Disimpan ke jawaban DISKOMINFO" in text and "1 belum sesuai" in text
    assert f"{budget}: program SG-01" in text  # the cell named as Excel names it and "harus berupa angka rupiah" in text
    saved = answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert "budget: delapan miliar  # belum sesuai" in saved
    entry = load_state(root).journal.entries[-1]
    assert (entry.who, entry.action) == ("agus", "answers.save")
    # another OPD's workbook, a file that is not a workbook, nothing at all: refused, nothing saved
    with agus.get("/tahap/2/buku-kerja/dinkes") as other:
        (tmp_path / "dinkes.xlsx").write_bytes(other.data)
    before = answers(root, 2, "dinkes").read_bytes()
    with (tmp_path / "dinkes.xlsx").open("rb") as handle:
        refused = agus.post("/tahap/2/buku-kerja", data={"csrf": token, "berkas": (handle, "dinkes.xlsx")},
                            content_type="multipart/form-data")
    assert refused.status_code == 403 and answers(root, 2, "dinkes").read_bytes() == before
    for name, data in (("catatan.txt", b"bukan excel"), ("palsu.xlsx", b"bukan zip")):
        bad = agus.post("/tahap/2/buku-kerja", data={"csrf": token, "berkas": (io.BytesIO(data), name)},
                        content_type="multipart/form-data")
        assert bad.status_code == 400 and "Traceback" not in bad.get_data(as_text=True), name
    assert agus.post("/tahap/2/buku-kerja", data={"csrf": token}).status_code == 400


def test_a_section_is_previewed_as_it_will_read_in_the_document(app: Flask, root: Path):
    agus = as_person(app, "agus")
    form = page(agus, PROGRAMS)
    assert f'href="{PROGRAMS}/pratinjau"' in form
    text = page(agus, PROGRAMS + "/pratinjau")
    places = re.findall(r"<h2>(.*?)</h2>", text)
    assert places[0].startswith("BAB V › 5.1") and any(p.startswith("Lampiran") for p in places), places
    assert "untuk program SB-08, SG-01, SG-02" in text
    assert "SG-01" in text and "SL-05" not in text  # Diskominfo's programmes, not Dinkes'
    edits.set_answer(root, 2, "diskominfo", "programs", "Satu <b>Data</b> & Layanan", person="agus", row="SG-01",
                     column="name")
    shown = page(agus, PROGRAMS + "/pratinjau")
    assert "Satu &lt;b&gt;Data&lt;/b&gt; &amp; Layanan" in shown and "<b>Data</b>" not in shown
