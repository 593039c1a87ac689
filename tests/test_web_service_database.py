"""The service for many regions served from PostgreSQL (``masterplan serve --store URL``).

The test service of ``service_helpers`` is moved into a database of its own with the commands an
operator runs (``store push`` per region, ``service set``, ``passwd``), then served: one login for
every region, the portfolio with its measures, the regions' pages writing to the database.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from conftest import copy_root
from service_helpers import EVERYONE, make_service
from web_helpers import FAST, answers_form, csrf_of, password, replace
from werkzeug.datastructures import MultiDict
from werkzeug.test import Client

from masterplan.cli import main
from masterplan.store.migrations import upgrade
from masterplan.web.service import Dispatcher, create_service_app
from masterplan.workflow.portfolio import measured
from masterplan.workflow.service import GENERATED
from masterplan.workflow.service_home import SERVICE_WORKSPACE, DatabaseHome

PROGRAMS = "/sukamaju/tahap/2/programs/diskominfo"


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


@pytest.fixture
def url(postgres_server: Any, tmp_path: Path) -> str:
    """A database of its own holding the test service, moved in as an operator would."""
    found: str = postgres_server.database(f"layanan_{uuid.uuid4().hex[:10]}")
    with psycopg.connect(found, autocommit=True) as conn:
        upgrade(conn)
    root = make_service(tmp_path)
    for region in ("sukamaju", "kota-contoh", "lembah-hijau"):
        code, out = run("store", "push", str(root / region), "--store", found)
        assert code == 0, out
    code, out = run("service", "set", str(root / "service.yaml"), "--store", found)
    assert code == 0, out
    assert "people.yaml sukamaju dibuat" in out and "daerah lembah-hijau tidak dilayani" in out
    for person in EVERYONE:
        code, out = run("passwd", person, "--store", found, "--password-stdin", stdin=password(person) + "\n")
        assert code == 0, out
    return found


@pytest.fixture
def service(url: str) -> Dispatcher:
    return create_service_app(DatabaseHome(url), testing=True, hasher=FAST)


def sign_in(client: Client, person: str) -> Any:
    page = client.get("/masuk").get_data(as_text=True)
    return client.post("/masuk", data={"csrf": csrf_of(page), "nama": person, "sandi": password(person)})


def test_one_login_serves_every_region_of_the_database_and_changes_go_to_it(service: Dispatcher, url: str):
    home = DatabaseHome(url)
    sari = Client(service, use_cookies=True)
    assert sign_in(sari, "sari").status_code == 302
    page = sari.get("/sukamaju/tahap/2").get_data(as_text=True)
    assert "Kabupaten Sukamaju" in page and 'href="/sukamaju/tahap/1"' in page
    assert "Kota Contoh Kecil" in sari.get("/kota-contoh/").get_data(as_text=True)
    assert sari.get("/lembah-hijau/").status_code == 404  # its hand-written people.yaml holds it back
    assert (home.region("sukamaju").read("people.yaml") or b"").startswith(GENERATED.encode())
    assert SERVICE_WORKSPACE not in home.region_names()

    agus = Client(service, use_cookies=True)
    sign_in(agus, "agus")
    assert agus.get("/kota-contoh/").status_code == 403  # not assigned there
    action, fields = answers_form(agus.get(PROGRAMS).get_data(as_text=True))
    assert agus.post(action, data=MultiDict(replace(fields, "q.programs.0.budget", "6500000000"))).status_code == 302
    stored = (home.region("sukamaju").read("answers/bimtek-2/diskominfo.yaml") or b"").decode("utf-8")
    assert "budget: 6500000000" in stored

    out = agus.post("/sukamaju/keluar", data={"csrf": csrf_of(agus.get("/sukamaju/").get_data(as_text=True))})
    assert out.status_code == 302 and agus.get("/").status_code == 302  # ended in every region


def test_the_portfolio_of_the_database_measures_its_regions_and_sees_one_added(
    service: Dispatcher, url: str, tmp_path: Path
):
    home = DatabaseHome(url)
    nadia = Client(service, use_cookies=True)
    sign_in(nadia, "nadia")
    first = nadia.get("/").get_data(as_text=True)
    assert "sedang dihitung" in first and "ditulis tangan" in first
    queue = service.site.measures
    for name in ("sukamaju", "kota-contoh"):
        folder, revision = home.folder(name), home.region(name).revision()
        job = queue.submit("measure", home.job_params(name), key=f"measure:{folder}:{revision}", owner="uji")
        done = queue.wait(job.id, 120)
        assert done is not None and done.state == "done" and done.owner == "nadia", done
        assert measured(folder, revision) is not None
    page = nadia.get("/").get_data(as_text=True)
    assert "sedang dihitung" not in page and "dari 10 terpenuhi" in page

    assert nadia.get("/kota-baru/").status_code == 404
    code, out = run("store", "push", str(copy_root("minimal", tmp_path)), "--store", url, "--name", "kota-baru")
    assert code == 0, out
    assert nadia.get("/kota-baru/").status_code == 200  # served without a restart


def test_a_wrong_service_file_is_refused_before_it_replaces_the_one_in_use(url: str, tmp_path: Path):
    before = DatabaseHome(url).service_file()
    wrong = tmp_path / "service.yaml"
    wrong.write_text("people:\n  - id: sari\n    name: Sari\n    regions: [{region: sukamaju, role: tim}]\n",
                     encoding="utf-8")
    code, out = run("service", "set", str(wrong), "--store", url)
    assert code == 2 and "harus menyebut opd-nya" in out and "Traceback" not in out
    assert DatabaseHome(url).service_file() == before
    code, out = run("service", "show", "--store", url)
    assert code == 0 and out.encode() == before
