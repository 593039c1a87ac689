"""The DOCX renderer: structure read back with python-docx, the golden outline, styles, LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOTS
from docfixtures import CHAPTER_TITLES, ROMAN, YEARS, sample_document
from docx.oxml.ns import qn

from masterplan.document.model import Column, Document, Figure, RoadmapGrid, RoadmapRow, Table, TableRow
from masterplan.renderers import office
from masterplan.renderers.docx import (
    ReferenceDocumentError,
    ReferenceStylesMissing,
    build_docx,
    default_reference,
    render_docx,
)
from masterplan.renderers.docx_outline import outline
from masterplan.renderers.docx_styles import missing_styles, required_styles

GOLDEN = ROOTS / "docx" / "expects" / "sample-outline.txt"


def render(tmp_path: Path, name: str = "sample.docx", **kwargs: str) -> Path:
    document = sample_document(tmp_path / "ws", **kwargs)
    return render_docx(document, tmp_path / name, update_fields=False)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("draft"))


@pytest.fixture(scope="module")
def word(draft: Path) -> docx.document.Document:
    return docx.Document(str(draft))


def body_paragraphs(word: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style is not None and p.style.name == style]


def section_properties(word: docx.document.Document) -> list:
    return word.element.body.findall(f".//{qn('w:sectPr')}")


def tables_with_header(word: docx.document.Document, first_title: str) -> list:
    return [t for t in word.tables if t.rows[0].cells[0].text == first_title]


def fill(tc) -> str | None:
    shade = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shade is None else shade.get(qn("w:fill"))


def field_results(word: docx.document.Document, instruction: str) -> str:
    """The text between the separate and end fldChar of the first field whose instruction has ``instruction``."""
    inside, started, text = False, False, []
    for node in word.element.body.iter(qn("w:instrText"), qn("w:fldChar"), qn("w:t"), qn("w:p")):
        if node.tag == qn("w:instrText") and instruction in (node.text or ""):
            started = True
        elif started and node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            if kind == "separate":
                inside = True
            elif kind == "end" and inside:
                return "".join(text)
        elif inside and node.tag == qn("w:t"):
            text.append(node.text or "")
        elif inside and node.tag == qn("w:p"):
            text.append("\n")
    raise AssertionError(f"no field {instruction!r}")


# --- structure ----------------------------------------------------------------------


def test_chapters_in_order_with_both_lines_in_heading_1(word):
    assert body_paragraphs(word, "Heading 1") == [
        f"BAB {roman}\n{title}" for roman, title in zip(ROMAN, CHAPTER_TITLES, strict=True)
    ]
    sections = body_paragraphs(word, "Heading 2")
    assert sections[:3] == ["1.1 Latar Belakang", "1.2 Maksud dan Tujuan", "1.3 Landasan Hukum"]
    assert sections[-1] == "7.1 Kaidah Pelaksanaan"


def test_headings_follow_the_model_order(word):
    order = [p.text.split("\n")[0] for p in word.paragraphs
             if p.style.name in ("Heading 1", "Heading 2", "Front Title", "Appendix Title")]
    assert order[:6] == ["LEMBAR PENGESAHAN", "KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "BAB I"]
    assert order[-2:] == ["LAMPIRAN 1", "LAMPIRAN 2"]
    assert order.index("BAB VI") < order.index("6.2 Peta Jalan Program") < order.index("BAB VII")


def test_daftar_isi_is_a_real_toc_field_filled_with_every_heading(word):
    instructions = [n.text for n in word.element.body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-3" \\h \\z \\u ' in instructions
    result = field_results(word, 'TOC \\o "1-3"')
    for roman, title in zip(ROMAN, CHAPTER_TITLES, strict=True):
        assert f"BAB {roman} {title}" in result
    assert "1.1 Latar Belakang" in result
    assert "4.1.1 Smart Governance" in result
    assert "Sasaran" not in result  # level 4 stays out
    assert "LAMPIRAN 1 Lembar Komitmen" in result


def test_daftar_tabel_and_gambar_collect_the_captions(word):
    tables = field_results(word, 'TOC \\h \\z \\c "Tabel"')
    assert tables.split("\n") == [
        "Tabel 3.1 Matriks SWOT",
        "Tabel 5.1 Program Smart Governance",
        "Tabel 6.1 Peta Jalan Smart Governance",
        "Tabel 6.2 Jadwal Quick Win QW-01",
    ]
    assert field_results(word, 'TOC \\h \\z \\c "Gambar"') == "Gambar 2.1 Lambang Kabupaten Sukamaju"


def test_toc_entries_link_to_bookmarks_at_the_headings(word):
    anchors = {h.get(qn("w:anchor")) for h in word.element.body.iter(qn("w:hyperlink"))}
    bookmarks = {b.get(qn("w:name")) for b in word.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= bookmarks


def test_captions_above_tables_with_seq_fields_and_source_below(word):
    body = list(word.element.body.iterchildren())
    table = tables_with_header(word, "Kode")[0]._tbl
    at = body.index(table)
    caption, source = docx.text.paragraph.Paragraph(body[at - 1], None), docx.text.paragraph.Paragraph(body[at + 1], None)
    assert caption.text == "Tabel 5.1 Program Smart Governance"
    assert "SEQ Tabel \\r 1 \\* ARABIC" in "".join(n.text for n in body[at - 1].iter(qn("w:instrText")))
    assert source.text == "Sumber: Bimtek 2, diolah"


def test_without_libreoffice_word_is_asked_to_update_fields(word):
    flag = word.settings.element.find(qn("w:updateFields"))
    assert flag is not None and flag.get(qn("w:val")) == "true"


def test_front_matter_roman_then_body_decimal_restarting(word):
    numbering = []
    for sect in section_properties(word):
        pg = sect.find(qn("w:pgNumType"))
        numbering.append(None if pg is None else (pg.get(qn("w:fmt")), pg.get(qn("w:start"))))
    assert numbering[:3] == [None, ("lowerRoman", "1"), ("decimal", "1")]  # cover, front matter, BAB I
    assert set(numbering[3:]) == {("decimal", None)}  # every later chapter, appendix and landscape part goes on
    footer = word.sections[1].footer
    assert [n.text.strip() for n in footer._element.iter(qn("w:instrText"))] == ["PAGE"]


def test_roadmap_is_in_a_landscape_section(word):
    section_of, current = {}, 0
    sections = section_properties(word)
    for child in word.element.body.iterchildren():
        section_of[child] = current
        if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            current += 1
    roadmap = tables_with_header(word, "Kode")[1]._tbl
    size = sections[section_of[roadmap]].find(qn("w:pgSz"))
    assert size.get(qn("w:orient")) == "landscape"
    assert int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
    orientations = [s.orientation.name for s in word.sections]
    assert orientations.count("LANDSCAPE") == 1 and orientations[:3] == ["PORTRAIT"] * 3
    landscape = word.sections[orientations.index("LANDSCAPE")]
    assert landscape.page_width > landscape.page_height


def test_roadmap_grid_shape_and_shading(word):
    grid = tables_with_header(word, "Kode")[1]
    assert [c.text for c in grid.rows[0].cells] == ["Kode", "Program", "Perangkat Daerah", *map(str, YEARS)]
    assert len(grid.columns) == 3 + 10
    assert len(grid.rows) == 1 + 3 + 2  # header, one row per programme, a row per new group
    assert [r.cells[0].text for r in grid.rows[1:]] == ["Layanan Publik", "SG-01", "SG-02", "Manajemen Birokrasi", "SG-03"]
    group = grid.rows[1]._tr.findall(qn("w:tc"))
    assert len(group) == 1 and group[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "13"
    sg01 = grid.rows[2]._tr.findall(qn("w:tc"))[3:]
    assert [fill(tc) for tc in sg01] == ["FFE699", "9DC3E6", "9DC3E6", *["A9D18E"] * 7]
    sg03 = grid.rows[5]._tr.findall(qn("w:tc"))[3:]
    assert [fill(tc) for tc in sg03][:3] == [None, None, "FFE699"]


def test_roadmap_legend_names_every_status(word):
    legend = [t for t in word.tables if t.rows[0].cells[0].text == "Keterangan:"]
    assert len(legend) == 1
    cells = legend[0].rows[0]._tr.findall(qn("w:tc"))
    assert [fill(tc) for tc in cells[1::2]] == ["FFE699", "9DC3E6", "A9D18E"]
    assert [c.text for c in legend[0].rows[0].cells[2::2]] == ["Persiapan", "Pembangunan", "Operasional"]


def test_quick_win_schedule_has_twelve_months_shaded_from_start_to_end(word):
    (schedule,) = tables_with_header(word, "No.")
    assert len(schedule.columns) == 3 + 12
    months = [c.text for c in schedule.rows[1].cells[3:]]
    assert months == [str(m) for m in range(1, 13)]
    second = schedule.rows[3]._tr.findall(qn("w:tc"))[3:]  # "Pengadaan perangkat", months 3-6
    assert [i + 1 for i, tc in enumerate(second) if fill(tc)] == [3, 4, 5, 6]


def test_every_data_table_repeats_its_header_rows(word):
    data = [t for t in word.tables if t.style.name == "Masterplan Table"]
    assert len(data) == 4
    for table in data:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    (schedule,) = tables_with_header(word, "No.")
    assert schedule.rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert schedule.rows[2]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None


def test_group_rows_span_the_whole_table(word):
    programmes = tables_with_header(word, "Kode")[0]
    spans = [r._tr.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:gridSpan')}") for r in programmes.rows]
    assert [s.get(qn("w:val")) if s is not None else None for s in spans] == [None, "4", None, None, "4", None]
    assert programmes.rows[1].cells[0].text == "SG-LAYANAN Layanan Publik"


def test_approval_page_signatures(word):
    texts = []
    approval = word.tables[2:4]  # after the cover's colour band and its foot
    for table in approval:
        texts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs if p.text]
    leader = texts.index("Dr. Siti Rahmawati, S.Kom., M.T.")
    assert texts[leader + 1 : leader + 3] == ["Pembina Utama Muda (IV/c)", "NIP. 19700512 199603 1 004"]
    assert texts[-3:] == ["Mengetahui,", "BUPATI SUKAMAJU", "H. Ahmad Sulaiman, S.H., M.Si."]  # name only
    name = next(p for p in approval[0].rows[1].cells[1].paragraphs if p.text.startswith("Dr."))
    assert name.style.name == "Signature Name"
    assert word.styles["Signature Name"].font.bold and word.styles["Signature Name"].font.underline


def test_commitment_sheet_is_a_two_column_grid(word):
    grid = word.tables[-1]
    assert len(grid.columns) == 2
    assert len(grid.rows) == 4  # two rows of blocks, each a position row and a name row
    assert grid.rows[0].cells[1].text == "KEPALA DINAS KESEHATAN"
    assert grid.rows[3].cells[1].paragraphs[0].text == "Hj. Nur Aini, S.Sos."


def test_placeholder_is_visible(word):
    assert body_paragraphs(word, "Placeholder") == ["[BELUM DIISI: Kondisi demografi]"]
    placeholder = word.styles["Placeholder"].font
    assert placeholder.highlight_color is not None or placeholder.color.rgb != docx.shared.RGBColor(0, 0, 0)


def test_ordered_lists_restart_at_one(word):
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    ids = [p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]


def test_cover_and_figure_show_the_emblem(word):
    cover = word.paragraphs[3]
    assert cover.style.name == "Cover Emblem"
    assert cover._p.find(f".//{qn('w:drawing')}") is not None
    assert [p.text for p in word.paragraphs[:3]] == ["RENCANA INDUK (MASTERPLAN) SMART CITY", "KABUPATEN SUKAMAJU",
                                                     "2027–2036"]
    assert "Gambar 2.1 Lambang Kabupaten Sukamaju" in body_paragraphs(word, "Caption")


def test_cover_has_the_dimension_band_and_the_programme_on_its_foot(word):
    band, foot = word.tables[0], next(t for t in word.tables if "GERAKAN MENUJU" in t.rows[0].cells[0].text)
    assert [fill(c._tc) for c in band.rows[0].cells] == ["2E75B6", "C55A11", "BF8F00", "548235", "7030A0", "00868B"]
    assert fill(foot.rows[0].cells[0]._tc) == "1F3864"
    assert foot.rows[0].cells[0].paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0xFF, 0xFF)


def test_each_chapter_opens_under_the_dimension_colours(word):
    band = ["2E75B6", "C55A11", "BF8F00", "548235", "7030A0", "00868B"]
    openings = 0
    for paragraph in word.paragraphs:
        if paragraph.style is None or paragraph.style.name != "Heading 1":
            continue
        following = paragraph._p.getnext()
        assert following.tag == qn("w:tbl")
        assert [fill(tc) for tc in following.iter(qn("w:tc"))] == band
        openings += 1
    assert openings == len(CHAPTER_TITLES)


def test_each_chapter_and_appendix_has_its_running_header(word):
    headers = []
    for section in word.sections:
        text = " ".join(p.text for p in section.header.paragraphs if p.text.strip())
        if text and text not in headers:
            headers.append(text)
    chapters = [h for h in headers if h.startswith("BAB ")]
    assert chapters == [f"BAB {r} {t}" for r, t in zip(ROMAN, CHAPTER_TITLES, strict=True)]
    assert any(h.startswith("LAMPIRAN") for h in headers)
    assert not word.sections[0].header.paragraphs or "BAB" not in word.sections[0].header.paragraphs[-1].text


def test_missing_image_is_a_visible_note(tmp_path):
    document = sample_document(tmp_path / "ws")
    document.chapters[1].sections[0].blocks[0] = Figure(
        number="2.1", caption="Peta", source="BPS", path=str(tmp_path / "tidak-ada.png")
    )
    out = render_docx(document, tmp_path / "x.docx", update_fields=False)
    assert "[GAMBAR TIDAK DITEMUKAN: tidak-ada.png]" in body_paragraphs(docx.Document(str(out)), "Placeholder")


# --- draft and final, paper, properties ---------------------------------------------------


def test_draft_has_a_watermark_in_the_header(word, draft):
    header = word.sections[0].header._element
    paths = header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    assert [p.get("string") for p in paths if p.get("string")] == ["DRAF"]
    assert all(s.find(qn("w:headerReference")) is not None for s in section_properties(word))


def test_final_has_no_watermark(tmp_path):
    final = docx.Document(str(render(tmp_path, mode="final")))
    sections = section_properties(final)
    assert all(s.find(qn("w:headerReference")) is None for s in sections[:2])  # cover and front matter
    assert all(s.find(qn("w:headerReference")) is not None for s in sections[2:])  # the chapters' running headers
    with zipfile.ZipFile(tmp_path / "sample.docx") as package:
        assert not any(b"DRAF" in package.read(n) for n in package.namelist() if n.startswith("word/header"))


def test_paper_and_margins(word, tmp_path):
    cover = word.sections[0]
    assert (round(cover.page_width.mm), round(cover.page_height.mm)) == (210, 297)
    assert (round(cover.left_margin.cm, 2), round(cover.right_margin.cm, 2)) == (3.0, 2.5)
    assert (round(cover.top_margin.cm, 2), round(cover.bottom_margin.cm, 2)) == (2.5, 2.5)
    f4 = docx.Document(str(render(tmp_path, paper="F4"))).sections
    assert {(round(s.page_width.mm), round(s.page_height.mm)) for s in f4} == {(215, 330), (330, 215)}


def test_core_properties_come_from_the_model(word):
    props = word.core_properties
    assert props.title == "Rencana Induk (Masterplan) Smart City Kabupaten Sukamaju 2027–2036"
    assert props.author == "Pemerintah Kabupaten Sukamaju"
    assert props.language == "id-ID"
    stamp = dt.datetime(2026, 11, 19, tzinfo=dt.UTC)
    assert props.created == stamp and props.modified == stamp


def test_output_is_repeatable(tmp_path):
    document = sample_document(tmp_path / "ws")
    first, _ = build_docx(document, default_reference())
    second, _ = build_docx(document, default_reference())
    assert first == second


def test_without_front_matter_or_appendices_each_section_break_stands_alone(tmp_path):
    document = sample_document(tmp_path / "ws").model_copy(update={"front": [], "appendices": []})
    out = render_docx(document, tmp_path / "x.docx", update_fields=False)
    body = docx.Document(str(out)).element.body
    assert all(len(p.findall(f"{qn('w:pPr')}/{qn('w:sectPr')}")) <= 1 for p in body.iter(qn("w:p")))
    # the cover, the (empty) front matter, a section per chapter, the landscape roadmap and the portrait after it
    assert len(body.findall(f".//{qn('w:sectPr')}")) == 1 + 1 + 7 + 2


def test_written_atomically_to_the_path(draft):
    assert draft.is_file()
    assert not list(draft.parent.glob(".*.tmp"))


def test_golden_outline(draft, update_goldens):
    text = outline(draft)
    if update_goldens:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


# --- styles of the reference document -----------------------------------------------------


def test_reference_defines_every_required_style():
    assert missing_styles(default_reference()) == set()
    assert {"Heading 1", "Caption", "TOC 1", "Masterplan Table", "Signature Name"} <= required_styles()


def test_a_style_removed_from_a_copy_is_named(tmp_path, draft):
    copy = tmp_path / "reference.docx"
    shutil.copyfile(default_reference(), copy)
    reference = docx.Document(str(copy))
    reference.styles.element.remove(reference.styles["Source"].element)
    reference.save(str(copy))
    assert missing_styles(copy) == {"Source"}
    with pytest.raises(ReferenceStylesMissing) as raised:
        render_docx(sample_document(tmp_path / "ws"), tmp_path / "x.docx", reference=copy, update_fields=False)
    assert "Source" in str(raised.value)
    assert not (tmp_path / "x.docx").exists()


def test_an_unreadable_reference_is_a_clear_error(tmp_path):
    bad = tmp_path / "reference.docx"
    bad.write_text("bukan docx", encoding="utf-8")
    with pytest.raises(ReferenceDocumentError, match="bukan dokumen Word"):
        render_docx(sample_document(tmp_path / "ws"), tmp_path / "x.docx", reference=bad, update_fields=False)


def test_a_restyled_reference_is_used(tmp_path):
    copy = tmp_path / "reference.docx"
    shutil.copyfile(default_reference(), copy)
    reference = docx.Document(str(copy))
    reference.styles["Body Text"].font.size = docx.shared.Pt(13)
    reference.save(str(copy))
    out = render_docx(sample_document(tmp_path / "ws"), tmp_path / "x.docx", reference=copy, update_fields=False)
    assert docx.Document(str(out)).styles["Body Text"].font.size == docx.shared.Pt(13)


# --- speed ---------------------------------------------------------------------------


def _programmes(tmp_path: Path, factor: int) -> Document:
    """The sample with about 40 programme tables and 6 roadmap grids, ``factor`` times the rows of the example."""
    document = sample_document(tmp_path)
    table = Table(
        number="5.1", caption="Program", source="Bimtek 2",
        columns=[Column(title=t, width=w) for t, w in (("Kode", 1), ("Program", 4), ("OPD", 1.5), ("Pagu", 2))],
        rows=[TableRow(cells=[f"SG-{i:02d}", "Program " * 8, "Diskominfo", "Rp 1.500.000.000"]) for i in range(2 * factor)],
    )
    grid = RoadmapGrid(
        number="6.1", caption="Peta Jalan", source="Bimtek 3", years=YEARS, legend=[],
        rows=[RoadmapRow(code=f"SG-{i:02d}", name="Program", opd="OPD", group=f"G{i // 4}",
                         statuses=["persiapan"] * 10) for i in range(12 * factor)],
    )
    document.chapters[4].sections[0].blocks = [table] * 40
    document.chapters[5].sections[1].blocks = [grid] * 6
    return document


def _best_build_time(document: Document) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        build_docx(document, default_reference())
        times.append(time.perf_counter() - start)
    return min(times)


def test_an_example_sized_document_builds_well_under_a_second_and_scales_linearly(tmp_path):
    once = _best_build_time(_programmes(tmp_path / "a", 1))
    eight = _best_build_time(_programmes(tmp_path / "b", 8))
    assert once < 0.5
    assert eight <= 9 * once


# --- LibreOffice ----------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_without_libreoffice_the_toc_is_left_for_word(tmp_path, monkeypatch):
    monkeypatch.setenv(office.SOFFICE_ENV, "")
    assert office.find_soffice() is None
    out = render_docx(sample_document(tmp_path / "ws"), tmp_path / "x.docx")
    flag = docx.Document(str(out)).settings.element.find(qn("w:updateFields"))
    assert flag is not None and flag.get(qn("w:val")) == "true"


def test_a_failing_libreoffice_is_a_warning_and_the_toc_left_for_word(tmp_path, monkeypatch):
    monkeypatch.setenv(office.SOFFICE_ENV, shutil.which("false") or "/bin/false")
    warnings: list[str] = []
    out = render_docx(sample_document(tmp_path / "ws"), tmp_path / "x.docx", warnings=warnings)
    assert any("daftar isi tidak dapat diisi oleh LibreOffice" in w for w in warnings)
    assert docx.Document(str(out)).settings.element.find(qn("w:updateFields")) is not None


def test_libreoffice_fills_the_toc_and_converts_to_pdf(tmp_path):
    soffice = office.find_soffice()
    if soffice is None:
        pytest.skip("LIBREOFFICE (soffice) NOT INSTALLED: the TOC page numbers and the PDF conversion are NOT tested")
    out = render_docx(sample_document(tmp_path / "ws"), tmp_path / "filled.docx")
    filled = docx.Document(str(out))
    entries = [p.text for p in filled.paragraphs if p.style.name == "toc 1"]
    assert entries[:2] == ["LEMBAR PENGESAHAN\ti", "KATA PENGANTAR\tii"]
    chapters = [e for e in entries if e.startswith("BAB")]
    assert [e.split("\t")[0] for e in chapters] == [f"BAB {r} {t}" for r, t in zip(ROMAN, CHAPTER_TITLES, strict=True)]
    assert chapters[0].endswith("\t1")
    numbers = [int(e.rsplit("\t", 1)[1]) for e in chapters]
    assert numbers == sorted(numbers) and numbers[-1] > numbers[0]
    assert all(re.search(r"\t\d+$", p.text) for p in filled.paragraphs if p.style.name == "table of figures")
    assert filled.settings.element.find(qn("w:updateFields")) is None
    pdf = office.convert(out, "pdf", tmp_path / "pdf", soffice=soffice, timeout=120)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert _pdf_pages(data) > 12  # cover, five front pages, seven chapters, a landscape page, the appendix
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(pdf), "-"], capture_output=True, text=True)
    cover, approval = first.stdout.split("\f")[:2]
    assert "RENCANA INDUK" in cover and "GERAKAN MENUJU 100 SMART CITY" in cover  # the cover holds on one page
    assert approval.strip().startswith("LEMBAR PENGESAHAN")
