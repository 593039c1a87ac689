"""Tables as grids in a real browser: typing, the keyboard, a block pasted from a spreadsheet, search, a row
added and restored, the check while typing and after saving (the summary leads to the cell), the weight of the
roadmap of 70 rows as the browser measures it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_helpers import (
    NO_CHROMIUM,
    Session,
    expect_field,
    field_value,
    grid_cell,
    serving,
    sync_api,
    type_in_cell,
)
from conftest import answers, copy_root
from web_helpers import FAST, set_passwords

from masterplan.web import create_app, grid

pytestmark = [NO_CHROMIUM, pytest.mark.skipif(not grid.available(), reason="grid library missing: make setup")]

ROADMAP = "/tahap/3/roadmap/koordinator"
PROGRAMS = "/tahap/2/programs/diskominfo"
PASTED = "Persiapan\tPembangunan\nOperasional\tpersiapan\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("example", tmp_path_factory.mktemp("grid"))
    set_passwords(root)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    with serving(create_app(workspace, secret=b"uji-lembar-isian" * 3, hasher=FAST)) as address:
        yield address


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("MASTERPLAN_SCREENSHOTS")  # the guide's screenshots: docs/img
    folder = (Path(__file__).parent.parent / wanted) if wanted else tmp_path_factory.mktemp("layar")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def paste(page: Any, text: str) -> None:
    """Paste ``text`` (tab-separated, as a spreadsheet copies a block) where the focus is."""
    page.evaluate(
        """(text) => { const data = new DataTransfer(); data.setData('text/plain', text);
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true})); }""",
        text,
    )


def test_the_roadmap_is_filled_like_a_spreadsheet(browser: Any, server: str, workspace: Path, shots: Path):
    expect = sync_api.expect
    retno = Session(browser, server, shots)
    retno.login("retno")
    retno.go(ROADMAP)
    page = retno.page
    expect(page.locator("#grid-roadmap .tabulator-row").first).to_be_visible()
    # the page is light: the grid draws the rows in view, not 70 cards of 13 drop-downs
    assert page.evaluate("document.querySelectorAll('*').length") < 5000
    # the row's programme stays in view, and each year's status is a coloured cell
    first = page.locator("#grid-roadmap .tabulator-row[data-row='0'] .row-head")
    expect(first).to_contain_text("1. SG-01 — ")
    expect(grid_cell(page, "roadmap", 0, "t1_0")).to_have_attribute("data-status", "persiapan")
    # a status chosen from the cell's list
    grid_cell(page, "roadmap", 0, "t1_0").click()
    page.keyboard.press("Enter")
    page.locator(".tabulator-edit-list-item", has_text="operasional").click()
    expect(grid_cell(page, "roadmap", 0, "t1_0")).to_have_attribute("data-status", "operasional")
    expect_field(page, "q.roadmap.0.years.tahun.0", "operasional")
    # the keyboard: right to 2028, Delete empties it
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Delete")
    expect(grid_cell(page, "roadmap", 0, "t1_1")).to_have_attribute("data-status", "")
    expect(page.locator("input[name='q.roadmap.0.years.tahun'][value='2028']")).to_have_count(0)
    # a block copied from a spreadsheet: words become codes
    grid_cell(page, "roadmap", 1, "t1_1").click()
    paste(page, PASTED)
    expect(grid_cell(page, "roadmap", 2, "t1_2")).to_have_attribute("data-status", "persiapan")
    # a block of 10 rows and 12 columns (code, ten years, note) as a spreadsheet copies it; codes written
    # as "kode — nama" in lower case and statuses as words become codes
    codes = [field_value(page, f"q.roadmap.{row}.program") for row in range(10, 20)]
    statuses = ["Persiapan", "Pembangunan", "Pembangunan"] + ["Operasional"] * 7
    block = "".join(
        "\t".join([f"{code.lower()} — nama apa saja", *statuses, f"Catatan tempel {code}"]) + "\n" for code in codes
    )
    grid_cell(page, "roadmap", 10, "program").click()
    paste(page, block)
    expect(grid_cell(page, "roadmap", 19, "t1_9")).to_have_attribute("data-status", "operasional")
    expect_field(page, "q.roadmap.19.note", f"Catatan tempel {codes[-1]}")
    # search finds the rows
    page.fill("[data-grid-search=roadmap]", "SG-05")
    expect(page.locator("#grid-roadmap .tabulator-row")).to_have_count(1)
    page.fill("[data-grid-search=roadmap]", "")
    retno.click("Simpan")
    expect(page.locator(".flashes")).to_contain_text("tersimpan")
    text = answers(workspace, 3, "koordinator").read_text(encoding="utf-8")
    assert "- program: SG-01\n      years: {2027: operasional, 2029: pembangunan" in text
    assert "years: {2027: pembangunan, 2028: persiapan, 2029: pembangunan" in text  # SG-02, pasted
    assert "years: {2027: pembangunan, 2028: operasional, 2029: persiapan" in text  # SG-03, pasted
    rows = {row["program"]: row for row in yaml.safe_load(text)["answers"]["roadmap"]}
    pasted = dict(zip(range(2027, 2037), [s.lower() for s in statuses], strict=True))
    for code in codes:  # the 10x12 block
        assert rows[code]["years"] == pasted and rows[code]["note"] == f"Catatan tempel {code}", rows[code]
    retno.shot("web-tabel.png")
    assert retno.errors == []
    retno.close()


def test_a_mistake_is_marked_while_typing_and_the_summary_leads_to_its_cell(
    browser: Any, server: str, workspace: Path, shots: Path
):
    expect = sync_api.expect
    agus = Session(browser, server, shots)
    agus.login("agus")
    agus.go(PROGRAMS)
    page = agus.page
    type_in_cell(page, "programs", 0, "budget", "delapan miliar")
    expect_field(page, "q.programs.0.budget", "delapan miliar")
    # kept on the server two seconds after typing stops, and checked there as check would
    budget = grid_cell(page, "programs", 0, "budget")
    expect(budget).to_have_class(re.compile("cell-error"), timeout=10_000)
    expect(page.locator("#grid-programs .tabulator-row[data-row='0'] .row-head .mark.bad")).to_be_visible()
    agus.click("Simpan")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ada 1 kesalahan")
    summary.get_by_role("link").first.click()
    detail = page.locator("#grid-programs-rinci")
    expect(detail).to_contain_text("Pagu indikatif (Rupiah): harus berupa angka rupiah, misalnya 150000000")
    cell = page.locator("#grid-programs .tabulator-row[data-row='0'] .tabulator-cell[tabulator-field='budget']")
    expect(cell).to_have_class(re.compile("cell-error"))
    expect(cell).to_have_class(re.compile("tabulator-range-selected"))
    # the cell is brought into view, in the middle of the grid's width
    scrolled = "document.querySelector('#grid-programs .tabulator-tableholder').scrollLeft"
    for _ in range(50):
        if page.evaluate(scrolled) > 1000:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(scrolled) > 1000
    type_in_cell(page, "programs", 0, "budget", "6500000000")
    agus.click("Simpan")
    expect(page.locator(".flashes")).to_contain_text("tersimpan")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(grid_cell(page, "programs", 0, "budget")).not_to_have_class(re.compile("cell-error"))
    assert "budget: 6500000000" in answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    assert agus.errors == []
    agus.close()


def test_a_row_added_in_the_grid_is_kept_in_the_browser_and_restored(
    browser: Any, server: str, workspace: Path, tmp_path: Path
):
    expect = sync_api.expect
    agus = Session(browser, server, tmp_path)
    agus.login("agus")
    agus.go(PROGRAMS)
    page = agus.page
    count = int(field_value(page, "q.programs._n"))
    page.get_by_role("button", name="Tambah baris").click()
    expect(page.locator(f"#grid-programs .tabulator-row[data-row='{count}']")).to_be_visible()
    expect_field(page, "q.programs._n", str(count + 1))
    type_in_cell(page, "programs", count, "code", "SG-30")
    type_in_cell(page, "programs", count, "name", "Pusat Komando Layanan Darurat Terpadu")
    page.wait_for_timeout(500)  # the copy is kept 0.3 s after a change
    # the tab closed without saving, then the form opened again: the row is offered back
    page.close(run_before_unload=False)
    agus.page = agus.context.new_page()
    agus.page.on("dialog", agus._dialog)
    agus.go(PROGRAMS)
    page = agus.page
    expect_field(page, "q.programs._n", str(count))
    page.locator(".restore").get_by_role("button", name="Pulihkan isian itu").click()
    expect(page.locator(f"#grid-programs .tabulator-row[data-row='{count}'] .row-head")).to_contain_text("SG-30")
    expect_field(page, f"q.programs.{count}.name", "Pusat Komando Layanan Darurat Terpadu")
    agus.click("Simpan")
    expect(page.locator(".flashes")).to_contain_text("tersimpan")
    text = answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    assert "code: SG-30" in text and "name: Pusat Komando Layanan Darurat Terpadu" in text
    assert agus.errors == []
    agus.close()


def test_the_roadmap_weighs_under_100_kb_as_the_browser_loads_it(browser: Any, server: str, tmp_path: Path):
    retno = Session(browser, server, tmp_path)
    retno.login("retno")
    retno.go(ROADMAP)
    retno.page.wait_for_load_state("load")
    loaded = retno.page.evaluate(
        "() => performance.getEntries().filter(e => e.transferSize !== undefined).map(e => [e.name, e.transferSize])"
    )
    assert sum(size for _, size in loaded) < 100_000, loaded
    retno.close()


def test_several_choices_long_text_and_a_row_struck_out_in_a_grid(browser: Any, server: str, workspace: Path, tmp_path: Path):
    expect = sync_api.expect
    agus = Session(browser, server, tmp_path)
    agus.login("agus")
    agus.go(PROGRAMS)
    page = agus.page
    # several funding sources: a list to tick, each kept as its own field
    funding = page.locator("input[name='q.programs.2.funding']")
    before = sorted(funding.evaluate_all("inputs => inputs.map(i => i.value)"))
    assert "APBN" not in before
    grid_cell(page, "programs", 2, "funding").click()
    page.keyboard.press("Enter")
    page.locator(".tabulator-edit-list-item", has_text="APBN").first.click()
    grid_cell(page, "programs", 2, "location").click()  # a click elsewhere closes the list
    expect(funding).to_have_count(len(before) + 1)
    after = sorted(funding.evaluate_all("inputs => inputs.map(i => i.value)"))
    assert after == sorted([*before, "APBN"])
    # a long text: Enter starts a new line, Shift+Enter ends the edit
    grid_cell(page, "programs", 2, "description").click()
    page.keyboard.press("Enter")
    editor = page.locator("#grid-programs .tabulator-editing textarea")
    editor.fill("")
    page.keyboard.type("Baris pertama deskripsi program desa digital.")
    page.keyboard.press("Enter")
    page.keyboard.type("Baris kedua.")
    page.keyboard.press("Shift+Enter")
    expect_field(page, "q.programs.2.description", "Baris pertama deskripsi program desa digital.\nBaris kedua.")
    # the last programme struck out: removed when the form is saved
    last = int(field_value(page, "q.programs._n")) - 1
    code = field_value(page, f"q.programs.{last}.code")
    grid_cell(page, "programs", last, "_hapus").click()
    expect_field(page, f"q.programs.{last}._hapus", "1")
    expect(page.locator(f"#grid-programs .tabulator-row[data-row='{last}']")).to_have_class(re.compile("removed"))
    agus.click("Simpan")
    expect(page.locator(".flashes")).to_contain_text("tersimpan")
    text = answers(workspace, 2, "diskominfo").read_text(encoding="utf-8")
    assert "description: |-\n        Baris pertama deskripsi program desa digital.\n        Baris kedua." in text
    assert f"code: {code}" not in text
    saved = re.findall(r"funding: \[([^\]]*)\]", text)
    assert sorted(saved[2].split(", ")) == after
    assert agus.errors == []
    agus.close()
