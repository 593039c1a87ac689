"""The web front in a real browser: Debian's chromium driven by Playwright, each role doing its job.

A real server (werkzeug, threaded) serves a copy of the example where stages
I, III and IV are already submitted and approved through the library. In the
browser the tim member fills a programme budget wrongly, sees the check's
message beside the field and corrects it; the coordinator submits Bimtek II;
the mentor writes a note on programme SG-01, approves and resolves it; the
pejabat sees the checklist all green, finalises and downloads the final PDF.

Screenshots go to a temporary folder, or to ``$MASTERPLAN_SCREENSHOTS`` (for
example ``docs/img``, relative to the repository) for the guide in docs/web.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import NO_CHROMIUM, Session, expect_field, serving, sync_api, type_in_cell
from conftest import REPO, copy_root
from web_helpers import FAST, set_passwords

from masterplan.web import create_app
from masterplan.workflow import actions, edits
from masterplan.workflow.state import load_state
from masterplan.workflow.verify import verify

ATTACK = "<img src=x onerror=alert(1)>"

pytestmark = NO_CHROMIUM


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("example", tmp_path_factory.mktemp("web"))
    set_passwords(root)
    edits.set_answer(root, 2, "diskominfo", "programs", ATTACK, person="agus", row="SG-02", column="partners")
    for stage, mentor in ((1, "sari"), (3, "fajar"), (4, "fajar")):
        actions.stage_action(root, stage, "stage.submit", "retno")
        actions.stage_action(root, stage, "stage.approve", mentor)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    with serving(create_app(workspace, secret=b"uji-peramban" * 3, hasher=FAST)) as address:
        yield address


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("MASTERPLAN_SCREENSHOTS")
    folder = (REPO / wanted) if wanted else tmp_path_factory.mktemp("layar")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_each_role_does_its_job_in_a_browser(
    browser: Any, server: str, workspace: Path, shots: Path, tmp_path: Path
):
    expect = sync_api.expect
    start = len(load_state(workspace).journal.entries)

    # Tim Pelaksana (Diskominfo): a mistake in a programme budget, shown beside the field, then corrected.
    tim = Session(browser, server, shots)
    tim.login("agus")
    tim.go("/tahap/2")
    expect(tim.page.get_by_role("heading", name="Bimtek II: Perumusan Program")).to_be_visible()
    tim.shot("web-tahap.png")
    tim.page.click("tr.own a[href='/tahap/2/programs/diskominfo']")
    # the programmes are a grid: the budget typed in words is kept, and marked as check would mark it
    type_in_cell(tim.page, "programs", 0, "budget", "delapan miliar")
    expect_field(tim.page, "q.programs.0.budget", "delapan miliar")
    tim.click("Simpan")
    # the error summary at the top has the focus and links to the cell
    summary = tim.page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ada 1 kesalahan di bagian ini")
    tim.shot("web-ringkasan-kesalahan.png", ".error-summary")
    summary.get_by_role("link").first.click()
    expect(tim.page.locator("#grid-programs-rinci")).to_contain_text(
        "Pagu indikatif (Rupiah): harus berupa angka rupiah, misalnya 150000000"
    )
    budget = tim.page.locator("#grid-programs .tabulator-row[data-row='0'] .tabulator-cell[tabulator-field='budget']")
    expect(budget).to_have_class(re.compile("cell-error"))
    expect(budget).to_have_class(re.compile("tabulator-range-selected"))
    tim.page.wait_for_timeout(300)  # the grid settles its scroll after the page grew
    tim.shot("web-formulir-galat.png", "#grid-programs")
    type_in_cell(tim.page, "programs", 0, "budget", "6500000000")
    tim.click("Simpan")
    expect(tim.page.locator(".flashes")).to_contain_text("tersimpan")
    expect(tim.page.locator("#ringkasan")).to_contain_text("Tidak ada kesalahan di bagian ini.")
    expect_field(tim.page, "q.programs.1.partners", ATTACK)  # SG-02: HTML as typed, as text
    expect(tim.page.locator("#grid-programs .tabulator-row[data-row='1'] [tabulator-field='partners']")).to_have_text(
        ATTACK
    )
    assert tim.page.locator("img[src='x']").count() == 0
    tim.click("Keluar")
    expect(tim.page.locator("h1")).to_have_text("Masuk")
    tim.close()

    # Koordinator: submits Bimtek II for review.
    koordinator = Session(browser, server, shots)
    koordinator.login("retno")
    koordinator.go("/tahap/2")
    koordinator.click("Ajukan untuk direviu")
    expect(koordinator.page.locator(".flashes")).to_contain_text("penyusunan → diajukan, menunggu reviu")
    koordinator.close()

    # Mentor: a note on programme SG-01, approval, the note resolved.
    mentor = Session(browser, server, shots)
    mentor.login("sari")
    mentor.go("/tahap/2")
    mentor.page.select_option("#sasaran", "row:SG-01")
    mentor.page.fill("#catatan-teks", "Pagu SG-01 sebaiknya dirinci per tahun anggaran.")
    mentor.click("Simpan catatan")
    note = mentor.page.locator("#catatan-C1")
    expect(note).to_contain_text("Bimtek II, program SG-01")
    expect(note).to_contain_text("Pagu SG-01 sebaiknya dirinci per tahun anggaran.")
    mentor.go("/tahap/2")
    mentor.shot("web-reviu.png")
    mentor.click("Setujui tahap ini")
    expect(mentor.page.locator(".flashes")).to_contain_text("diajukan, menunggu reviu → disetujui")
    expect(mentor.page.locator(".flashes")).to_contain_text("masih ada 1 catatan reviu terbuka")
    mentor.click("Tandai selesai C1")
    expect(mentor.page.locator(".flashes")).to_contain_text("catatan C1 diselesaikan")
    # a draft for the workshop: built in the background, then downloaded from its job's page
    mentor.click("Susun draf (Word)")
    expect(mentor.page.locator(".job")).to_contain_text("Draf selesai disusun.", timeout=180_000)
    with mentor.page.expect_download() as drafted:
        mentor.page.get_by_role("link", name="Unduh kabupaten-sukamaju-rencana-induk-draf.docx").click()
    assert drafted.value.suggested_filename == "kabupaten-sukamaju-rencana-induk-draf.docx"
    assert Path(drafted.value.path()).read_bytes()[:2] == b"PK", "downloaded whole before the tab closes"
    mentor.close()

    # Pejabat: the checklist all green, finalisation, the final PDF downloaded and verified.
    pejabat = Session(browser, server, shots)
    pejabat.login("bambang")
    pejabat.go("/final")
    expect(pejabat.page.locator(".checklist li.ok")).to_have_count(8)
    expect(pejabat.page.locator(".checklist li.not-ok")).to_have_count(0)
    expect(pejabat.page.locator(".ready")).to_be_visible()
    # it asks first: the button does nothing until the pejabat says they checked the last draft
    pejabat.shot("web-final.png")
    pejabat.page.get_by_role("button", name="Finalisasi sekarang").click()
    expect(pejabat.page.locator("h1")).to_have_text("Finalisasi Rencana Induk")
    pejabat.page.get_by_label("Saya telah memeriksa draf terakhir").check()
    pejabat.page.get_by_role("button", name="Finalisasi sekarang").click()
    # finalisation runs in the background: the job's page refreshes itself until it is done
    expect(pejabat.page.locator("h1")).to_contain_text("Finalisasi")
    expect(pejabat.page.locator(".job")).to_contain_text("Finalisasi tercatat;", timeout=240_000)
    pejabat.page.get_by_role("link", name="Lihat berkas final").click()
    with pejabat.page.expect_download() as caught:
        pejabat.page.get_by_role("link", name="Rencana Induk final (PDF/A)").click()
    saved = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved)
    assert saved.name == "kabupaten-sukamaju-rencana-induk.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    verdict = verify(saved, workspace)
    assert verdict.ok, verdict.lines
    assert "cocok dengan finalisasi" in verdict.lines[0]
    pejabat.shot("web-final-selesai.png")
    # finalised once: asked again, the page says so and offers only a deliberate replacement
    pejabat.go("/final")
    expect(pejabat.page.locator(".current")).to_contain_text("sudah difinalisasi")
    expect(pejabat.page.get_by_role("button", name="Susun ulang dokumen final")).to_be_visible()
    pejabat.close()

    state = load_state(workspace)
    web_steps = [
        (e.who, e.action) for e in state.journal.entries if e.seq > start and e.action != "answers.sync"
    ]
    assert web_steps == [
        ("agus", "answers.save"),
        ("agus", "answers.save"),
        ("retno", "stage.submit"),
        ("sari", "note.add"),
        ("sari", "stage.approve"),
        ("sari", "note.resolve"),
        ("bambang", "finalize"),
    ]


def test_an_answer_with_html_is_text_and_runs_nothing(browser: Any, server: str):
    mentor = Session(browser, server, Path())
    mentor.login("sari")
    mentor.go("/tahap/2/programs/diskominfo")
    expect = sync_api.expect
    expect(mentor.page.locator("#programs-1")).to_contain_text(ATTACK)
    assert mentor.page.locator("img[src='x']").count() == 0
    mentor.page.wait_for_timeout(300)
    mentor.close()  # asserts that no dialog fired
