"""Mentors' review notes and the change log in the draft documents: where notes land, Word, LibreOffice, PDF."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import ROOTS
from docx.oxml.ns import qn
from lxml import etree

from masterplan import api
from masterplan.checks.plan import Plan
from masterplan.document.assemble import assemble
from masterplan.document.model import (
    Appendix,
    ChangeEntry,
    Chapter,
    Document,
    Noted,
    Paragraph,
    ReviewNote,
    ReviewReply,
    RoadmapGrid,
    RoadmapRow,
    Table,
    TableRow,
)
from masterplan.document.review import CHANGES_TITLE, REVIEW_TITLE
from masterplan.renderers import office
from masterplan.renderers.docx import build_docx, default_reference, render_docx
from masterplan.renderers.pdf import render_html, render_pdf

MINIMAL = ROOTS / "minimal"
DAY = dt.date(2026, 11, 23)
SINCE = "persetujuan Bimtek II pada 20 November 2026"
HOSTILE = 'Pagu <w:p>terlalu</w:p> & "besar" ]]> <script>alert(1)</script> \'kutip\''
ODT_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
ODT_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODT_DC = "http://purl.org/dc/elements/1.1/"

NOTES = [
    ReviewNote(id="C1", stage=2, target="row:SG-03", target_label="Bimtek II, program SG-03",
               author="Dr. Ir. Hendra Gunawan, M.T.", time="20 November 2026 14.05 UTC", text=HOSTILE,
               replies=[ReviewReply(author="Sri Lestari", time="21 November 2026 09.30 UTC",
                                    text="Sudah disesuaikan dengan Renstra.")]),
    ReviewNote(id="C2", stage=1, target="question:geography", target_label="Bimtek I, Kondisi geografis",
               author="Ana Pratiwi", time="19 November 2026 10.00 UTC", text="Lengkapi dengan peta wilayah."),
    ReviewNote(id="C3", stage=1, target="section:swot", target_label="Bimtek I, bagian Analisis SWOT",
               author="Ana Pratiwi", time="19 November 2026 10.15 UTC", text="Faktor SWOT kurang tajam."),
    ReviewNote(id="C4", stage=3, target="row:XX-99", target_label="Bimtek III, program XX-99",
               author="Budi Santoso", time="22 November 2026 08.00 UTC", text="Program ini tidak ada di daftar."),
    ReviewNote(id="C5", stage=2, target="stage", target_label="Bimtek II",
               author="Budi Santoso", time="22 November 2026 08.05 UTC", text="Tahap ini perlu dirapikan."),
]
CHANGES = [
    ChangeEntry(stage=2, where="Program (programs), SG-03, Anggaran", before="Rp 1.000.000", after="Rp 2.000.000"),
    ChangeEntry(stage=1, where="Kondisi geografis (geography)", before=None, after="Dataran rendah."),
    ChangeEntry(stage=2, where="Program (programs), SE-09", before="SE-09 Pasar Digital", after=None),
]


@dataclass
class Built:
    """The minimal workspace's draft with notes and changes: model, Word and PDF."""

    model: Document
    docx: Path
    pdf: Path
    html: str
    pages: list[str]  # pdftotext, page by page
    labels: list[str]  # the printed page numbers ("Sampul", "i", ..., "1", ...)


def plan() -> Plan:
    result = api.load_plan(MINIMAL)
    assert result.plan is not None
    return result.plan


def draft(mode: str = "draft", notes: list[ReviewNote] = NOTES) -> Document:
    return assemble(plan(), DAY, mode, MINIMAL, notes=notes, changes=CHANGES, changes_since=SINCE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("review")
    model = draft()
    word = render_docx(model, out / "draft.docx")  # with LibreOffice (when installed) page numbers are filled
    pdf = render_pdf(model, out / "draft.pdf", assets_dir=MINIMAL / "assets").path
    pages = _pdf_pages(pdf)
    return Built(model, word, pdf, render_html(model), pages, list(pypdf.PdfReader(str(pdf)).page_labels))


def _pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")


def landings(model: Document) -> dict[str, tuple[Noted, Table | RoadmapGrid | None]]:
    """Note id -> the node it landed on (and the table holding it, for a row)."""
    found: dict[str, tuple[Noted, Table | RoadmapGrid | None]] = {}

    def visit(node: Noted, holder: Table | RoadmapGrid | None = None) -> None:
        for ident in node.notes:
            assert ident not in found, f"{ident} landed twice"
            found[ident] = (node, holder)

    for chapter in model.chapters:
        visit(chapter)
    lists = [p.blocks for p in model.front] + [c.blocks for c in model.chapters]
    lists += [s.blocks for c in model.chapters for s in c.sections] + [a.blocks for a in model.appendices]
    for blocks in lists:
        for block in blocks:
            if isinstance(block, Noted):
                visit(block)
            if isinstance(block, Table | RoadmapGrid):
                for row in block.rows:
                    visit(row, block)
    return found


def appendix(model: Document, title: str) -> Appendix:
    return next(a for a in model.appendices if a.title == title)


# --- the model ---------------------------------------------------------------------------


def test_every_note_lands_on_the_text_it_is_about(built: Built):
    landed = landings(built.model)
    assert sorted(landed) == [n.id for n in NOTES]
    row, table = landed["C1"]
    assert isinstance(row, TableRow) and row.cells[0] == "SG-03"
    assert isinstance(table, Table) and table.caption.startswith("Program Dimensi"), "the programme table of BAB V"
    geography, _ = landed["C2"]
    assert isinstance(geography, Paragraph) and "question:1.geography" in geography.anchors
    swot, _ = landed["C3"]
    assert isinstance(swot, Table) and swot.caption == "Matriks SWOT Umum"
    unknown, _ = landed["C4"]  # no such programme: the first chapter carrying Bimtek III answers
    assert isinstance(unknown, Chapter) and unknown.title == "RENCANA AKSI DAN PETA JALAN"
    stage, _ = landed["C5"]  # the first chapter carrying Bimtek II answers (the dimension strategies)
    assert isinstance(stage, Chapter) and stage.title == "VISI, MISI DAN ARAH PEMBANGUNAN SMART CITY"
    assert [n.id for n in built.model.review] == [n.id for n in NOTES]


def test_a_roadmap_note_lands_on_the_roadmap_row():
    note = NOTES[0].model_copy(update={"stage": 3, "target_label": "Bimtek III, program SG-03"})
    row, grid = landings(draft(notes=[note]))["C1"]
    assert isinstance(row, RoadmapRow) and row.code == "SG-03" and isinstance(grid, RoadmapGrid)


def test_review_appendix_lists_every_note(built: Built):
    titles = [a.title for a in built.model.appendices]
    assert titles[-2:] == [REVIEW_TITLE, CHANGES_TITLE]
    table = next(b for b in appendix(built.model, REVIEW_TITLE).blocks if isinstance(b, Table))
    assert [c.title for c in table.columns] == ["No.", "Bagian", "Catatan", "Hal."]
    assert [(r.cells[0], r.cells[1], r.page_of) for r in table.rows] == [(n.id, n.target_label, n.id) for n in NOTES]
    first = table.rows[0].cells[2]
    assert first.startswith("Dr. Ir. Hendra Gunawan, M.T. (20 November 2026 14.05 UTC):\n" + HOSTILE)
    assert first.endswith("Balasan — Sri Lestari (21 November 2026 09.30 UTC): Sudah disesuaikan dengan Renstra.")


def test_change_appendix_groups_the_changes_by_stage(built: Built):
    changes = appendix(built.model, CHANGES_TITLE)
    intro = next(b for b in changes.blocks if isinstance(b, Paragraph))
    assert SINCE in intro.text
    table = next(b for b in changes.blocks if isinstance(b, Table))
    assert [c.title for c in table.columns] == ["No.", "Bagian", "Sebelumnya", "Sesudahnya"]
    assert [r.cells for r in table.rows] == [
        ["Bimtek I"],
        ["1", "Kondisi geografis (geography)", "(baru)", "Dataran rendah."],
        ["Bimtek II"],
        ["2", "Program (programs), SG-03, Anggaran", "Rp 1.000.000", "Rp 2.000.000"],
        ["3", "Program (programs), SE-09", "SE-09 Pasar Digital", "(dihapus)"],
    ]
    assert [r.group for r in table.rows] == [True, False, True, False, False]


def test_a_final_document_carries_no_notes_and_no_appendix(tmp_path: Path):
    final = draft("final")
    assert final.review == [] and landings(final) == {}
    assert not {REVIEW_TITLE, CHANGES_TITLE} & {a.title for a in final.appendices}
    assert '"notes"' not in final.model_dump_json()
    out = render_docx(final, tmp_path / "final.docx", update_fields=False)
    with zipfile.ZipFile(out) as package:
        assert "word/comments.xml" not in package.namelist()
        assert b"commentRangeStart" not in package.read("word/document.xml")
    assert "page-ref" not in render_html(final)


# --- Word --------------------------------------------------------------------------------


def _paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def test_word_comments_hold_the_notes_on_the_expected_text(built: Built):
    word = docx.Document(str(built.docx))
    comments = {c.text.split(" — ", 1)[0]: c for c in word.comments}
    assert sorted(comments) == [n.id for n in NOTES]
    for note in NOTES:
        comment = comments[note.id]
        assert comment.author == note.author
        assert comment.text.startswith(f"{note.id} — {note.target_label}\n{note.text}")
    assert comments["C1"].text.endswith("Balasan — Sri Lestari (21 November 2026 09.30 UTC): "
                                        "Sudah disesuaikan dengan Renstra.")
    assert comments["C1"].initials == "HG"
    assert comments["C1"].timestamp == dt.datetime(2026, 11, 20, 14, 5, tzinfo=dt.UTC)
    anchored = {}
    for start in word.element.body.iter(qn("w:commentRangeStart")):
        anchored[int(start.get(qn("w:id")))] = _paragraph_text(start.getparent())
    texts = {note: anchored[comment.comment_id] for note, comment in comments.items()}
    assert texts["C1"] == "SG-03"
    assert texts["C2"].startswith("Kota Contoh Kecil terletak di dataran rendah")
    assert re.fullmatch(r"Tabel 3\.\d+ Matriks SWOT Umum", texts["C3"])
    assert texts["C4"] == "BAB VIRENCANA AKSI DAN PETA JALAN"  # the heading's two lines
    assert texts["C5"] == "BAB IVVISI, MISI DAN ARAH PEMBANGUNAN SMART CITY"


def _page_references(word: docx.document.Document) -> dict[str, str]:
    """Bookmark -> the result of its PAGEREF field in the review appendix."""
    found: dict[str, str] = {}
    for instruction in word.element.body.iter(qn("w:instrText")):
        match = re.search(r"PAGEREF (\S+)", instruction.text or "")
        if match:
            p = instruction.getparent().getparent()
            found[match[1]] = _paragraph_text(p)
    return found


def test_word_review_appendix_shows_the_pages_by_pageref(built: Built):
    word = docx.Document(str(built.docx))
    references = _page_references(word)
    bookmarks = {b.get(qn("w:name")): b.getparent() for b in word.element.body.iter(qn("w:bookmarkStart"))}
    assert len(references) == len(NOTES)
    for name in references:
        assert bookmarks[name].find(f".//{qn('w:commentRangeStart')}") is not None, "on the commented paragraph"
    if office.find_soffice() is None:
        pytest.skip("LIBREOFFICE (soffice) NOT INSTALLED: the page numbers of the review notes are NOT filled")
    assert all(number.isdigit() for number in references.values()), references
    toc = {p.text.rsplit("\t", 1)[0]: p.text.rsplit("\t", 1)[1] for p in word.paragraphs
           if p.style is not None and p.style.name.startswith("toc") and "\t" in p.text}
    chapter_pages = sorted(references.values(), key=int)[-1]
    assert chapter_pages == toc["BAB VI RENCANA AKSI DAN PETA JALAN"], "C4 lands on the heading of BAB VI"
    assert word.settings.element.find(qn("w:updateFields")) is None


def test_without_libreoffice_word_updates_the_page_numbers_and_the_file_is_repeatable():
    data, _ = build_docx(draft(), default_reference())
    assert build_docx(draft(), default_reference())[0] == data, "comments are dated by the notes, not now"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    assert document.count('w:fldCharType="begin" w:dirty="true"/><w:instrText xml:space="preserve"> PAGEREF') == 5
    assert '<w:updateFields w:val="true"/>' in settings


def test_libreoffice_shows_the_notes_as_comments(built: Built, tmp_path: Path):
    soffice = office.find_soffice()
    if soffice is None:
        pytest.skip("LIBREOFFICE (soffice) NOT INSTALLED: the comments are NOT opened by a real word processor")
    odt = office.convert(built.docx, "odt", tmp_path, soffice=soffice, timeout=180)
    with zipfile.ZipFile(odt) as package:
        content = etree.fromstring(package.read("content.xml"))
    annotations = list(content.iter(f"{{{ODT_OFFICE}}}annotation"))
    assert len(annotations) == len(NOTES)
    texts = ["\n".join("".join(p.itertext()) for p in a.iter(f"{{{ODT_TEXT}}}p")) for a in annotations]
    authors = [a.findtext(f"{{{ODT_DC}}}creator") for a in annotations]
    for note in NOTES:
        assert any(text.startswith(f"{note.id} — {note.target_label}\n{note.text}") for text in texts), note.id
        assert note.author in authors


# --- PDF ---------------------------------------------------------------------------------


def _words(path: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y top, word) of every word of page ``page`` (1-based), from ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', out)
    return [(float(x), float(y), html.unescape(word)) for x, y, word in found]


def _printed_page(built: Built, ident: str) -> str:
    """The "Hal." of note ``ident`` in the PDF's review appendix: the number in that column on its row."""
    page = next(i for i, text in enumerate(built.pages) if "Pendamping yang Belum" in text and "Hal." in text)
    words = _words(built.pdf, page + 1)
    column = max(x for x, _, word in words if word == "Hal.")  # the column head (the intro names it too)
    row = next(y for x, y, word in words if word == ident and x < column)
    (number,) = [word for x, y, word in words if abs(y - row) < 2 and x >= column - 10]
    return number


def _body_page(built: Built, text: str) -> str:
    """The printed number of the first body page holding ``text``."""
    start = built.labels.index("1")
    flat = [" ".join(page.split()) for page in built.pages]
    index = next(i for i in range(start, len(flat)) if text in flat[i])
    return built.labels[index]


def _chapter_page(built: Built, title: str) -> str:
    """The printed number of the page a chapter starts on (its PDF bookmark)."""
    reader = pypdf.PdfReader(str(built.pdf))
    item = next(i for i in reader.outline if not isinstance(i, list) and " ".join(i.title.split()) == title)
    return built.labels[reader.get_destination_page_number(item)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="POPPLER (pdftotext) NOT INSTALLED")
def _reading_order(path: Path) -> str:
    """The PDF's text in reading order (a table cell's lines together), without any white space.

    A narrow cell may break a line after a slash ("</" + "script>"); comparing without spaces
    checks that every character of a note is printed, in order.
    """
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_pdf_review_appendix_shows_where_each_note_is(built: Built):
    text = " ".join(" ".join(built.pages).split())
    assert f"LAMPIRAN {len(built.model.appendices) - 1} {REVIEW_TITLE}" in text
    cells = _reading_order(built.pdf)
    for note in NOTES:
        assert "".join(note.target_label.split(",")[0].split()) in cells and "".join(note.text.split()) in cells
    assert _printed_page(built, "C1") == _body_page(built, "SG-03")
    assert _printed_page(built, "C2") == _body_page(built, "Kota Contoh Kecil terletak di dataran rendah")
    assert _printed_page(built, "C3") == _body_page(built, "Matriks SWOT Umum")
    assert _printed_page(built, "C4") == _chapter_page(built, "BAB VI RENCANA AKSI DAN PETA JALAN")
    assert _printed_page(built, "C5") == _chapter_page(built, "BAB IV VISI, MISI DAN ARAH PEMBANGUNAN SMART CITY")
    assert len(re.findall(r'<a class="page-ref arabic" href="#[\w-]+"></a>', built.html)) == len(NOTES)


def test_pdf_change_appendix(built: Built):
    text = " ".join(" ".join(built.pages).split())
    assert f"{CHANGES_TITLE}" in text and SINCE in text
    assert "Sebelumnya" in text and "Sesudahnya" in text and "(baru)" in text and "(dihapus)" in text


def test_both_formats_have_the_same_appendices(built: Built):
    word = [" ".join(p.text.split()) for p in docx.Document(str(built.docx)).paragraphs
            if p.style is not None and p.style.name == "Appendix Title"]
    outline = [" ".join(item.title.split()) for item in pypdf.PdfReader(str(built.pdf)).outline
               if not isinstance(item, list) and item.title.startswith("LAMPIRAN")]
    assert word == outline and word[-2:] == [
        f"LAMPIRAN {len(word) - 1} {REVIEW_TITLE}", f"LAMPIRAN {len(word)} {CHANGES_TITLE}"
    ]


def test_hostile_note_text_stays_text(built: Built):
    assert "<script>" not in built.html and "<w:p>" not in built.html
    assert "Pagu &lt;w:p&gt;terlalu&lt;/w:p&gt; &amp; &#34;besar&#34; ]]&gt; &lt;script&gt;" in built.html
    assert "".join(HOSTILE.split()) in _reading_order(built.pdf)
    word = docx.Document(str(built.docx))
    assert any(HOSTILE in c.text for c in word.comments)
    table = next(t for t in word.tables if t.rows[0].cells[-1].text == "Hal.")
    assert HOSTILE in table.rows[1].cells[2].text
