"""A service for many regions on files: service.yaml, people made per region, one login, the portfolio."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, copy_root
from openpyxl import load_workbook
from service_helpers import make_service
from web_helpers import FAST, csrf_of, password
from werkzeug.test import Client

from masterplan.cli import main
from masterplan.errors import UsageError
from masterplan.jobs import LocalQueue
from masterplan.store.files import folder_revision
from masterplan.web.service import Dispatcher, create_service_app
from masterplan.workflow.people import load_people
from masterplan.workflow.portfolio import measure, measured
from masterplan.workflow.service import GENERATED, load_service, project_people
from masterplan.workflow.state import load_state


@pytest.fixture
def service_root(tmp_path: Path) -> Path:
    """A service folder with passwords set for everyone."""
    return make_service(tmp_path)


@pytest.fixture
def service(service_root: Path) -> Dispatcher:
    """The service's web front (cheap hashes, a fixed key)."""
    return create_service_app(service_root, secret=b"uji" * 11, testing=True, hasher=FAST,
                              queue=LocalQueue(workers=1))


def _client(app: Dispatcher) -> Client:
    """A client of the whole service (its cookie kept across regions, as a browser keeps it)."""
    return Client(app, use_cookies=True)


def sign_in(client: Any, person: str, target: str = "") -> Any:
    """Log ``person`` in at the service's login page."""
    page = client.get("/masuk").get_data(as_text=True)
    return client.post("/masuk", data={"csrf": csrf_of(page), "nama": person, "sandi": password(person),
                                       "next": target})


# --- service.yaml and the people of each region ------------------------------------------------------


def test_each_region_gets_its_people_from_the_service_and_a_hand_written_list_is_kept(service_root: Path) -> None:
    service = load_service(service_root)
    assert service.regions() == ["kota-contoh", "lembah-hijau", "sukamaju"]
    hand_written = (service_root / "lembah-hijau" / "people.yaml").read_bytes()
    done = project_people(service)
    assert sorted(done.written) == ["kota-contoh", "sukamaju"]
    assert "ditulis tangan" in done.held["lembah-hijau"]
    assert (service_root / "lembah-hijau" / "people.yaml").read_bytes() == hand_written  # never overwritten
    people, problems = load_people(service_root / "sukamaju", {"diskominfo", "bappeda"})
    assert not problems and people is not None
    roles = {p.id: (p.role, p.opd) for p in people.people}
    assert roles == {"sari": ("mentor", None), "fajar": ("mentor", None), "retno": ("koordinator", None),
                     "agus": ("tim", "diskominfo"), "bambang": ("pejabat", None), "nadia": ("pemantau", None)}
    assert (service_root / "sukamaju" / "people.yaml").read_text("utf-8").startswith(GENERATED)
    kota, _ = load_people(service_root / "kota-contoh")
    assert kota is not None and {p.id for p in kota.people} == {"sari", "tono", "nadia"}
    assert project_people(load_service(service_root)).written == []  # nothing changed, nothing written


def test_an_assignment_to_an_opd_the_region_does_not_have_holds_the_region_back(service_root: Path) -> None:
    text = (service_root / "service.yaml").read_text("utf-8")
    (service_root / "service.yaml").write_text(
        text.replace("[{region: kota-contoh, role: mentor}]",
                     "[{region: kota-contoh, role: tim, opd: dishub}]"), encoding="utf-8")
    done = project_people(load_service(service_root))
    assert done.held["kota-contoh"] == "opd dishub di service.yaml tidak ada di kota-contoh/region.yaml"
    assert not (service_root / "kota-contoh" / "people.yaml").exists()


@pytest.mark.parametrize(("change", "into", "expected"), [
    ("pemantau: true", "pemantau: yes\n    regions: [{region: sukamaju, role: mentor}]",
     "nadia: pemantau membaca semua daerah; hapus daftar regions-nya"),
    ("regions: [{region: sukamaju, role: pejabat}]", "regions: [{region: sukamaju, role: walikota}]",
     "service.yaml:27: \"people[6].regions[1].role\": harus salah satu dari: tim, koordinator, mentor, pejabat"),
    ("  - id: fajar", "  - id: sari", "id sari dipakai lebih dari sekali"),
])
def test_a_wrong_service_file_is_a_clear_error_naming_the_line(
    service_root: Path, change: str, into: str, expected: str
) -> None:
    path = service_root / "service.yaml"
    path.write_text(path.read_text("utf-8").replace(change, into), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_service(service_root)
    message = str(caught.value)
    assert message.startswith("service.yaml tidak dapat dibaca:")
    assert "Traceback" not in message
    assert expected in message


def test_a_folder_without_a_service_file_is_refused_with_the_way_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"bukan folder layanan: berkas service\.yaml tidak ditemukan"):
        load_service(tmp_path)


# --- one login, each region at its own path -------------------------------------------------------------


def test_a_mentor_logs_in_once_and_works_in_each_of_their_regions(service: Dispatcher) -> None:
    client = _client(service)
    assert client.get("/sukamaju/").status_code == 302  # not logged in: to the service's login page
    assert client.get("/sukamaju/").headers["Location"].startswith("/masuk?next=%2Fsukamaju%2F")
    response = sign_in(client, "sari", "/sukamaju/tahap/2")
    assert response.status_code == 302 and response.headers["Location"] == "/sukamaju/tahap/2"
    page = client.get("/sukamaju/tahap/2").get_data(as_text=True)
    assert "Kabupaten Sukamaju" in page and "Bimtek II" in page
    assert 'href="/sukamaju/tahap/1"' in page  # the region's links carry its path
    kota = client.get("/kota-contoh/")
    assert kota.status_code == 200 and "Kota Contoh Kecil" in kota.get_data(as_text=True)
    assert client.get("/sukamaju").status_code == 308  # the region's address without its slash


def test_a_person_sees_only_their_regions_and_is_refused_elsewhere_without_losing_the_session(
    service: Dispatcher,
) -> None:
    client = _client(service)
    sign_in(client, "agus")
    refused = client.get("/kota-contoh/")
    assert refused.status_code == 403
    assert "tidak ditugaskan pada daerah ini" in refused.get_data(as_text=True)
    with client.get("/kota-contoh/statis/style.css") as style:
        assert style.status_code == 200  # the refusal page has its style, and the session stays
    assert client.get("/sukamaju/").status_code == 200  # still logged in
    portfolio = client.get("/").get_data(as_text=True)
    assert 'href="/sukamaju/"' in portfolio and "kota-contoh" not in portfolio
    assert client.get("/lembah-hijau/").status_code == 404  # held back: not served at all


def test_a_ministry_viewer_reads_every_region_and_changes_nothing(service: Dispatcher, service_root: Path) -> None:
    client = _client(service)
    sign_in(client, "nadia")
    portfolio = client.get("/").get_data(as_text=True)
    for title in ("Kabupaten Sukamaju", "Kota Contoh Kecil"):
        assert title in portfolio
    assert "ditulis tangan" in portfolio  # the held-back region is shown with why
    home = client.get("/sukamaju/").get_data(as_text=True)
    assert "pemantau kementerian" in home and "tanpa\n  mengubah apa pun" in home
    section = client.get("/sukamaju/tahap/1").get_data(as_text=True)
    token = csrf_of(section)
    before = (service_root / "sukamaju" / "workflow" / "journal.jsonl").read_bytes()
    refused = client.post("/sukamaju/tahap/1/catatan", data={"csrf": token, "teks": "catatan", "target": "stage"})
    assert refused.status_code == 403
    assert (service_root / "sukamaju" / "workflow" / "journal.jsonl").read_bytes() == before


def test_logging_out_in_a_region_ends_the_session_in_every_region(service: Dispatcher) -> None:
    client = _client(service)
    sign_in(client, "sari")
    page = client.get("/kota-contoh/").get_data(as_text=True)
    out = client.post("/kota-contoh/keluar", data={"csrf": csrf_of(page)})
    assert out.status_code == 302 and out.headers["Location"] == "/masuk"
    assert client.get("/sukamaju/").status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_and_counted_by_the_service(service: Dispatcher) -> None:
    client = _client(service)
    page = client.get("/masuk").get_data(as_text=True)
    response = client.post("/masuk", data={"csrf": csrf_of(page), "nama": "sari", "sandi": "salah-sekali-ini"})
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_region_added_to_the_folder_is_served_without_a_restart(service: Dispatcher, service_root: Path) -> None:
    client = _client(service)
    sign_in(client, "nadia")
    assert client.get("/kota-baru/").status_code == 404
    copy_root("minimal", service_root).rename(service_root / "kota-baru")
    assert client.get("/kota-baru/").status_code == 200


def test_behind_a_proxy_prefix_every_link_and_redirect_keeps_it(service: Dispatcher) -> None:
    prefix = {"SCRIPT_NAME": "/layanan"}
    stranger = _client(service)
    sent = stranger.get("/sukamaju/tahap/2", environ_overrides=prefix)
    assert sent.headers["Location"] == "/layanan/masuk?next=%2Flayanan%2Fsukamaju%2Ftahap%2F2"
    client = _client(service)
    page = client.get("/masuk", environ_overrides=prefix).get_data(as_text=True)
    assert 'action="/layanan/masuk"' in page
    done = client.post("/masuk", data={"csrf": csrf_of(page), "nama": "sari", "sandi": password("sari")},
                       environ_overrides=prefix)
    assert done.headers["Location"] == "/layanan/"
    portfolio = client.get("/", environ_overrides=prefix).get_data(as_text=True)
    assert 'href="/layanan/sukamaju/"' in portfolio and 'href="/sukamaju/"' not in portfolio
    region = client.get("/sukamaju/", environ_overrides=prefix).get_data(as_text=True)
    assert '<a href="/layanan/">Portofolio</a>' in region and 'href="/layanan/sukamaju/tahap/1"' in region


# --- the portfolio ------------------------------------------------------------------------------------------


def test_the_portfolio_shows_stages_notes_and_the_measure_once_made(
    service: Dispatcher, service_root: Path
) -> None:
    client = _client(service)
    sign_in(client, "sari")
    first = client.get("/").get_data(as_text=True)
    assert "sedang dihitung" in first  # the measure is queued, the page does not wait for it
    queue = service.site.measures
    for name in ("sukamaju", "kota-contoh"):
        folder = service_root / name
        key = f"measure:{folder}:{folder_revision(folder)}"
        job = queue.submit("measure", {"root": str(folder)}, key=key, owner="uji")  # the page's job, by its key
        done = queue.wait(job.id, 120)
        assert done is not None and done.state == "done", done
        assert done.owner == "sari"  # queued by the page, not by this test
        assert measured(folder, folder_revision(folder)) is not None
    assert not (service_root / "lembah-hijau" / "build").exists()  # a held-back region is not measured
    page = client.get("/").get_data(as_text=True)
    assert "sedang dihitung" not in page
    assert "dari 10 terpenuhi" in page
    assert "Dr. Sari Kusumaningrum" in page and "2024" in page and "Jawa Tengah" in page


def test_the_portfolio_filters_and_sorts(service: Dispatcher) -> None:
    client = _client(service)
    sign_in(client, "nadia")
    only_west_java = client.get("/?provinsi=Jawa+Barat").get_data(as_text=True)
    assert "Kota Contoh Kecil" in only_west_java and "Kabupaten Sukamaju" not in only_west_java
    by_batch = client.get("/?angkatan=2024").get_data(as_text=True)
    assert "Kabupaten Sukamaju" in by_batch and "Kota Contoh Kecil" not in by_batch
    by_mentor = client.get("/?pendamping=Fajar+Ramadhan%2C+S.T.%2C+M.Sc.").get_data(as_text=True)
    assert "Kabupaten Sukamaju" in by_mentor and "Kota Contoh Kecil" not in by_mentor
    ascending = client.get("/?urut=angkatan").get_data(as_text=True)
    descending = client.get("/?urut=angkatan&arah=turun").get_data(as_text=True)
    assert ascending.index("Kabupaten Sukamaju") < ascending.index("Kota Contoh Kecil")
    assert descending.index("Kabupaten Sukamaju") > descending.index("Kota Contoh Kecil")


def test_the_portfolio_exports_to_excel_as_shown_and_a_formula_stays_text(service: Dispatcher) -> None:
    client = _client(service)
    sign_in(client, "nadia")
    response = client.get("/portofolio.xlsx?urut=angkatan&arah=turun")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet is not None
    header = [cell.value for cell in sheet[2]]
    assert header[:4] == ["Daerah", "Provinsi", "Angkatan", "Bimtek I"]
    names = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert names[:2] == ["Kota Contoh Kecil", "Kabupaten Sukamaju"]
    assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "B3"
    kota = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Kota Contoh Kecil")
    mentors = sheet.cell(row=kota, column=header.index("Pendamping") + 1)
    assert mentors.value == '=HYPERLINK("http://x"), Dr. Sari Kusumaningrum, S.Kom., M.T.'
    assert mentors.data_type == "s" and mentors.quotePrefix  # shown as text, never run
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_mentors_inbox_lists_what_waits_for_them(service: Dispatcher, service_root: Path) -> None:
    coordinator = _client(service)
    sign_in(coordinator, "retno")
    page = coordinator.get("/sukamaju/tahap/4").get_data(as_text=True)
    submitted = coordinator.post("/sukamaju/tahap/4/aksi", data={"csrf": csrf_of(page), "aksi": "submit"})
    assert submitted.status_code == 302
    note = load_state(service_root / "sukamaju").open_notes(2)[0]
    replied = coordinator.post(f"/sukamaju/catatan/{note.id}/balas",
                               data={"csrf": csrf_of(page), "teks": "Sudah kami lengkapi di Renstra."})
    assert replied.status_code == 302
    mentor = _client(service)
    sign_in(mentor, "sari")
    inbox = mentor.get("/").get_data(as_text=True)
    assert "Menunggu Anda (2)" in inbox
    assert "Kabupaten Sukamaju: Bimtek IV diajukan, menunggu reviu" in inbox
    assert 'href="/sukamaju/tahap/4"' in inbox
    assert "Dra. Retno Wulandari, M.Si. membalas catatan:" in inbox
    assert f'href="/sukamaju/tahap/2#catatan-{note.id}"' in inbox
    viewer = _client(service)
    sign_in(viewer, "nadia")
    assert "Menunggu Anda" not in viewer.get("/").get_data(as_text=True)  # the inbox is a mentor's


# --- the command line -----------------------------------------------------------------------------------


def test_passwd_sets_a_service_password(service_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["passwd", "nadia", "--root", str(service_root), "--password-stdin"],
                                input="kata-sandi-baru-nadia\n")
    assert result.exit_code == 0, result.output
    assert "kata sandi Nadia Rahmawati, S.Sos. disetel" in result.output
    unknown = CliRunner().invoke(main, ["passwd", "siapa", "--root", str(service_root), "--password-stdin"],
                                 input="kata-sandi-baru-nadia\n")
    assert unknown.exit_code != 0 and "siapa tidak terdaftar di service.yaml" in unknown.output


def test_the_operator_adds_lists_and_archives_regions_of_a_service_folder(service_root: Path) -> None:
    def run(*args: str) -> Any:
        return CliRunner().invoke(main, ["region", *args], catch_exceptions=False)

    root = str(service_root)
    added = run("add", "kota-baru", "--root", root, "--title", "Baru", "--kind", "kota", "--batch", "2026")
    assert added.exit_code == 0, added.output
    assert (service_root / "kota-baru" / "region.yaml").is_file()
    assert not (service_root / "kota-baru" / "people.yaml").exists()  # the service says who works there
    text = (service_root / "service.yaml").read_text("utf-8")
    assert text.startswith("# Layanan uji")  # comments kept
    assert "kota-baru: {batch: 2026}" in text
    copied = run("add", "salinan", "--root", root, "--from", str(EXAMPLE))
    assert "people.yaml dari" in copied.output and "tidak disalin" in copied.output
    assert (service_root / "salinan" / "answers").is_dir() and not (service_root / "salinan" / "people.yaml").exists()
    assert run("add", "salinan", "--root", root).exit_code == 2  # already there
    listed = run("list", "--root", root, "--format", "json")
    rows = {row["name"]: row for row in json.loads(listed.output)}
    assert set(rows) == {"kota-baru", "kota-contoh", "lembah-hijau", "salinan", "sukamaju"}
    assert rows["sukamaju"]["title"] == "Kabupaten Sukamaju" and rows["sukamaju"]["stages"]["2"] == "changes_requested"
    assert run("archive", "kota-baru", "--root", root).output.strip() == "daerah kota-baru diarsipkan"
    assert "kota-baru: {batch: 2026, archived: true}" in (service_root / "service.yaml").read_text("utf-8")
    assert "kota-baru" not in run("list", "--root", root).output
    assert "kota-baru (diarsipkan)" in run("list", "--root", root, "--all").output
    assert run("archive", "kota-baru", "--root", root, "--restore").output.strip() == "daerah kota-baru dikembalikan"
    assert "kota-baru: {batch: 2026}" in (service_root / "service.yaml").read_text("utf-8")
    nowhere = run("list")
    assert nowhere.exit_code == 2 and "sebutkan tempat layanan" in nowhere.output
    assert run("archive", "tidak-ada", "--root", root).exit_code == 2


def test_serve_refuses_a_url_prefix_it_cannot_use(service_root: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(service_root), "--url-prefix", "layanan/"])
    assert result.exit_code == 2 and "--url-prefix 'layanan/' tidak sah" in result.output


def test_a_slip_in_service_yaml_while_serving_keeps_the_service_as_it_was(
    service: Dispatcher, service_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(service)
    sign_in(client, "sari")
    path = service_root / "service.yaml"
    path.write_text(path.read_text("utf-8") + "  - id: [tidak lengkap\n", encoding="utf-8")
    assert client.get("/sukamaju/").status_code == 200
    assert "Kabupaten Sukamaju" in client.get("/").get_data(as_text=True)
    assert "service.yaml tidak dapat dibaca" in caplog.text


def test_a_changed_region_shows_its_last_measure_and_is_measured_again_at_most_every_five_minutes(
    service: Dispatcher, service_root: Path
) -> None:
    folder = service_root / "kota-contoh"
    first = measure(folder, folder_revision(folder)).revision
    region = folder / "region.yaml"
    queue = service.site.measures

    def change_and_view() -> str:
        region.write_text(region.read_text("utf-8") + "# diubah\n", encoding="utf-8")  # a new revision
        page = client.get("/").get_data(as_text=True)
        for job in queue.active("measure"):  # whatever the page queued, done
            queue.wait(job.id, 120)
        return page

    client = _client(service)
    sign_in(client, "nadia")
    assert "diperbarui berkala" in change_and_view()  # the last measure, with when it was made
    kept = measured(folder)
    assert kept is not None and kept.revision == first  # not measured again so soon
    path = folder / "build" / "ringkasan.json"
    data = json.loads(path.read_text("utf-8"))
    data["made"] -= 301  # made more than five minutes ago
    path.write_text(json.dumps(data), encoding="utf-8")
    change_and_view()
    assert measured(folder, folder_revision(folder)) is not None  # measured again, at the new revision
