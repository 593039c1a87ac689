"""Filling in a real browser: typed input is never lost (leaving, a closed tab, an ended session, a new row),
in a grid as in row cards, and on a phone the layout is measured (one column, a compact sticky header, taps
of 44 px)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import NO_CHROMIUM, Session, serving, sync_api, type_in_cell
from conftest import EXAMPLE, answers, copy_root
from web_helpers import FAST, password, set_passwords

from masterplan.web import create_app

pytestmark = NO_CHROMIUM

FORM = "/tahap/2/programs/diskominfo"  # its table is a grid
CARDS = FORM + "?tampilan=kartu"  # the same form with its table as row cards (as without JavaScript)
BUDGET = "input[name='q.programs.0.budget']"  # the grid's hidden field, or the row card's text field


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("example", tmp_path_factory.mktemp("autosave"))
    set_passwords(root)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    with serving(create_app(workspace, secret=b"uji-simpan-otomatis" * 2, hasher=FAST)) as address:
        yield address


def test_leaving_with_unsaved_edits_asks_first_and_a_closed_tab_offers_them_back(
    browser: Any, server: str, workspace: Path, tmp_path: Path
):
    expect = sync_api.expect
    tim = Session(browser, server, tmp_path)
    tim.login("agus")
    tim.go(FORM)
    type_in_cell(tim.page, "programs", 0, "budget", "9100000000")
    tim.page.wait_for_timeout(500)  # the copy is kept 0.3 s after typing stops
    # a click on another section's tab: the browser asks before leaving (dismissed: the page stays)
    tim.page.get_by_role("link", name="Rincian Pagu per Tahun dan Sumber Dana").click()
    tim.page.wait_for_timeout(300)
    assert len(tim.dialogs) == 1
    tim.dialogs.clear()
    expect(tim.page.locator(BUDGET)).to_have_value("9100000000")
    # the tab is closed without saving (its leave warning answered "leave"), then the form opened again
    tim.page.close(run_before_unload=False)
    tim.page = tim.context.new_page()
    tim.page.on("dialog", tim._dialog)
    tim.go(FORM)
    expect(tim.page.locator(BUDGET)).not_to_have_value("9100000000")
    restore = tim.page.locator(".restore")
    expect(restore).to_contain_text("belum tersimpan di peramban ini")
    restore.get_by_role("button", name="Pulihkan isian itu").click()
    expect(tim.page.locator(BUDGET)).to_have_value("9100000000")
    expect(restore).to_contain_text("Isian dipulihkan dan belum disimpan")
    tim.click("Simpan")
    expect(tim.page.locator(".flashes")).to_contain_text("tersimpan")
    assert "budget: 9100000000" in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    # saved: the copy is gone, nothing is offered, and leaving asks nothing
    expect(tim.page.locator(".restore")).to_have_count(0)
    tim.go(FORM)
    expect(tim.page.locator(".restore")).to_have_count(0)
    tim.go("/")
    tim.close()


def test_a_save_after_the_session_ended_is_shown_back_after_logging_in(browser: Any, server: str, workspace: Path,
                                                                       tmp_path: Path):
    expect = sync_api.expect
    tim = Session(browser, server, tmp_path)
    tim.login("agus")
    tim.go(FORM)
    type_in_cell(tim.page, "programs", 0, "budget", "8200000000")
    tim.context.clear_cookies()  # the session ends: logged out in another tab, or eight hours passed
    tim.click("Simpan")
    expect(tim.page.locator(".login")).to_contain_text("Sesi Anda berakhir sebelum isian Anda tersimpan")
    assert "budget: 8200000000" not in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    tim.page.fill("#nama", "agus")
    tim.page.fill("#sandi", password("agus"))
    tim.page.click("button:has-text('Masuk')")
    expect(tim.page.locator(".carried")).to_contain_text("belum disimpan")
    expect(tim.page.locator(BUDGET)).to_have_value("8200000000")
    tim.click("Simpan")
    expect(tim.page.locator(".flashes")).to_contain_text("tersimpan")
    assert "budget: 8200000000" in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    tim.go("/")
    tim.close()


def test_adding_a_row_keeps_every_value_and_says_it_is_not_saved_yet(browser: Any, server: str, workspace: Path,
                                                                     tmp_path: Path):
    expect = sync_api.expect
    tim = Session(browser, server, tmp_path)
    tim.login("agus")
    tim.go(CARDS)
    tim.page.fill(BUDGET, "7300000000")
    before = answers(workspace, 2, "diskominfo").read_bytes()
    tim.page.get_by_role("button", name="Tambah baris").first.click()
    expect(tim.page.locator(BUDGET)).to_have_value("7300000000")
    expect(tim.page.locator("main")).to_contain_text("Baris baru ditambahkan")
    assert answers(workspace, 2, "diskominfo").read_bytes() == before
    # the page holds unsaved input: leaving asks first
    tim.page.get_by_role("link", name="Beranda").click()
    tim.page.wait_for_timeout(300)
    assert len(tim.dialogs) == 1
    tim.dialogs.clear()
    tim.click("Simpan")
    expect(tim.page.locator(".flashes")).to_contain_text("tersimpan")
    assert "budget: 7300000000" in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    tim.go("/")
    tim.close()


MEASURE = """() => {
  const root = document.documentElement;
  const small = [];
  const targets = "button, a.button, header nav a, .tabs a, input[type=text], input[type=password], select, "
    + "label.check, table.contributors td a";
  document.querySelectorAll(targets).forEach((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) { return; }  // not shown (a closed fold)
    if (box.height < 44) { small.push(element.outerHTML.slice(0, 90) + " " + box.height.toFixed(1)); }
  });
  return {
    viewport: root.clientWidth,
    content: root.scrollWidth,
    header: document.querySelector("header.top").getBoundingClientRect().height,
    small: small,
  };
}"""


def test_on_a_phone_every_page_is_one_column_with_a_compact_sticky_header_and_big_taps(
    browser: Any, server: str, tmp_path: Path
):
    for person, pages in (("agus", ["/", "/tahap/2", FORM, CARDS, "/tahap/3/roadmap/diskominfo"]),
                          ("retno", ["/tahap/4", "/tahap/4/reconfirmation/koordinator", "/final"])):
        phone = Session(browser, server, tmp_path)
        phone.context.close()
        phone.context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, locale="id-ID")
        phone.page = phone.context.new_page()
        phone.page.on("dialog", phone._dialog)
        phone.login(person)
        heights = set()
        for path in pages:
            phone.go(path)
            found = phone.page.evaluate(MEASURE)
            assert found["content"] <= found["viewport"], (path, "scrolls sideways", found["content"])
            assert found["small"] == [], (path, found["small"][:5])
            heights.add(round(found["header"]))
            phone.page.mouse.wheel(0, 3000)
            phone.page.wait_for_timeout(100)
            top = phone.page.evaluate("() => document.querySelector('header.top').getBoundingClientRect().top")
            assert top == 0, (path, "the header scrolled away")
        assert len(heights) == 1 and heights.pop() <= 110, heights  # the same compact header everywhere
        phone.close()


def test_input_kept_on_the_server_while_typing_is_offered_in_another_browser(
    browser: Any, server: str, workspace: Path, tmp_path: Path
):
    expect = sync_api.expect
    laptop = Session(browser, server, tmp_path)
    laptop.login("agus")
    laptop.go(FORM)
    type_in_cell(laptop.page, "programs", 0, "budget", "6600000000")
    kept = workspace / "workflow" / "isian" / "agus" / "2-programs-diskominfo.json"
    deadline = 50
    while not kept.is_file() and deadline:
        laptop.page.wait_for_timeout(200)
        deadline -= 1
    assert kept.is_file() and "6600000000" in kept.read_text(encoding="utf-8")
    # another device (a new browser, nothing in its storage) opens the same form
    phone = Session(browser, server, tmp_path)
    phone.login("agus")
    phone.go(FORM)
    restore = phone.page.locator(".restore")
    expect(restore).to_contain_text("belum tersimpan")
    restore.get_by_role("button", name="Pulihkan isian itu").click()
    expect(phone.page.locator(BUDGET)).to_have_value("6600000000")
    phone.click("Simpan")
    expect(phone.page.locator(".flashes")).to_contain_text("tersimpan")
    assert not kept.exists()  # saved: the kept input is gone
    assert "budget: 6600000000" in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    phone.go("/")
    phone.close()
    laptop.page.close(run_before_unload=False)
    laptop.context.close()


def test_a_chosen_photo_is_uploaded_at_once_previewed_and_saved(browser: Any, server: str, workspace: Path,
                                                                tmp_path: Path):
    from PIL import Image

    expect = sync_api.expect
    photo = tmp_path / "Peluncuran SEHATI.jpg"  # the example's picture, with a phone's GPS position added
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (7.0, 15.0, 30.0), 3: "E", 4: (110.0, 25.0, 10.0)}
    with Image.open(EXAMPLE / "assets" / "lampiran" / "foto-qw-05.jpg") as picture:
        picture.resize((640, 427)).save(photo, "JPEG", exif=exif)
    assert b"Exif" in photo.read_bytes()
    wrong = tmp_path / "sk.pdf"
    wrong.write_bytes(b"%PDF-1.4 not a photo")
    koordinator = Session(browser, server, tmp_path)
    koordinator.login("retno")
    koordinator.go("/tahap/4/quick_wins/koordinator")
    field = "q.quick_win_photos.4.photo"
    chooser = koordinator.page.locator(f"input[name='berkas:{field}']")
    shown = chooser.locator("xpath=..").locator("[data-attachment]")
    chooser.set_input_files(str(wrong))
    expect(shown).to_contain_text("sk.pdf: berkas PDF tidak dapat dipakai di sini")
    chooser.set_input_files(str(photo))
    expect(shown.locator("img")).to_have_attribute("alt", "Foto terlampir")
    stored = koordinator.page.locator(f"input[name='{field}']").input_value()
    assert stored.startswith("assets/lampiran/peluncuran-sehati-"), stored
    assert b"Exif" not in (workspace / stored).read_bytes()
    natural = shown.locator("img").evaluate("img => img.naturalWidth")
    assert natural == 640, "the preview is the stored picture"
    shots = os.environ.get("MASTERPLAN_SCREENSHOTS")  # the guide's screenshot: docs/img
    if shots:
        shown.locator("xpath=ancestor::fieldset[1]").screenshot(path=str(Path(shots) / "lampiran-foto.png"))
    koordinator.click("Simpan")
    expect(koordinator.page.locator(".flashes")).to_contain_text("tersimpan")
    assert f"photo: {stored}" in answers(workspace, 4).read_text(encoding="utf-8")
    assert len(koordinator.errors) == 1 and "status of 400" in koordinator.errors[0], "the refused PDF only"
    koordinator.close()
