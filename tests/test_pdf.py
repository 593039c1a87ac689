"""The PDF renderer: structure read back with pypdf and poppler, the golden HTML, overrides, safety."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import EXAMPLE, ROOTS
from docfixtures import CHAPTER_TITLES, EMBLEM, ROMAN, sample_document

from masterplan import api
from masterplan.document.model import (
    Block,
    Chapter,
    Column,
    Cover,
    Document,
    Figure,
    FrontPage,
    Meta,
    Paragraph,
    RoadmapGrid,
    RoadmapRow,
    Section,
    Signature,
    Signatures,
    StatusStyle,
    Table,
    TableRow,
)
from masterplan.errors import TemplateProblem
from masterplan.renderers import labels
from masterplan.renderers.pdf import PdfResult, PdfTimeout, render_html, render_pdf
from masterplan.renderers.pdf_fetcher import FetchRefused, LocalFetcher
from masterplan.renderers.pdf_html import builtin_dir, stylesheets

GOLDEN = ROOTS / "pdf" / "expects" / "sample.html"
BUILD_DATE = dt.date(2026, 11, 19)
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
F4 = (215 * MM, 330 * MM)
ENVIRONMENT_NOTICES = ("HarfBuzz-Subset",)  # about the machine, not the document

needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdffonts, pdftotext) is not installed",
)


@dataclass
class Rendered:
    """A rendered PDF and what the tests read from it."""

    result: PdfResult
    reader: pypdf.PdfReader
    texts: list[str]

    @property
    def path(self) -> Path:
        return self.result.path


def render(document: Document, path: Path, *, poppler: bool = False, **kwargs: object) -> Rendered:
    """Render ``document`` and read it back; the page texts by pypdf, or by pdftotext (faster)."""
    result = render_pdf(document, path, **kwargs)  # type: ignore[arg-type]
    reader = pypdf.PdfReader(path)
    if poppler:
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        texts = out.split("\f")[: len(reader.pages)]
    else:
        texts = [page.extract_text() for page in reader.pages]
    return Rendered(result, reader, texts)


def unexpected(warnings: list[str]) -> list[str]:
    """The warnings about the document itself (a test fails on any of them)."""
    return [w for w in warnings if not any(notice in w for notice in ENVIRONMENT_NOTICES)]


def signing(document: Document) -> Document:
    """``document`` with every signature block marked as an official signing place."""
    for blocks in [*(page.blocks for page in document.front), *(a.blocks for a in document.appendices)]:
        for block in blocks:
            if isinstance(block, Signatures):
                block.signing = True
    return document


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    """The bookmarks as (level, title), in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(reader.outline, 1)
    return found


def index_lines(text: str) -> dict[str, str]:
    """The entries of a Daftar Isi/Tabel/Gambar page: text -> page number."""
    entries = {}
    for line in text.splitlines():
        match = re.fullmatch(r"(.+?) ?\.{3,} ?(\w+)", line.strip())
        if match:
            entries[match[1]] = match[2]
    return entries


def page_sizes(reader: pypdf.PdfReader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def fonts(path: Path) -> list[dict[str, str]]:
    """The rows of ``pdffonts``, split at the columns its dashed line marks."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = [header[a:b].strip() for a, b in spans]
    return [{name: row[a:b].strip() for name, (a, b) in zip(names, spans, strict=True)} for row in rows]


def words_with_boxes(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, ``pdftotext -bbox`` words as (text, xMin, yMin, xMax, yMax), y from the top."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[str, float, float, float, float]]] = []
    for chunk in html.split("<page ")[1:]:
        pages.append([
            (m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk
            )
        ])
    return pages


def tiny_document(blocks: list[Block], *, mode: str = "draft", emblem: str | None = None,
                  title: str = "BAB UJI") -> Document:
    """A one-chapter document around ``blocks`` (for the safety and glyph tests)."""
    return Document(
        meta=Meta(
            title="Uji", subject="Uji", region="Kabupaten Uji", slug="kabupaten-uji",
            author="Pemerintah Kabupaten Uji", build_date=BUILD_DATE,
            mode="final" if mode == "final" else "draft", paper="A4", version="uji",
        ),
        cover=Cover(title="RENCANA INDUK", region="KABUPATEN UJI", period="2027–2036", emblem=emblem),
        front=[FrontPage(role="toc", title="DAFTAR ISI")],
        chapters=[Chapter(number="I", title=title, sections=[Section(number="1.1", title="Uji", blocks=blocks)])],
    )


# --- the sample document, draft -------------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("draft")


@pytest.fixture(scope="module")
def draft(draft_ws: Path) -> Rendered:
    document = sample_document(draft_ws / "ws")
    return render(document, draft_ws / "sample.pdf", assets_dir=draft_ws / "ws" / "assets")


def test_draft_renders_without_warnings(draft: Rendered) -> None:
    assert unexpected(draft.result.warnings) == []
    assert draft.result.pages == len(draft.reader.pages)
    assert draft.result.signature_boxes == []


def test_front_matter_is_numbered_roman_and_the_body_arabic_from_bab_i(draft: Rendered) -> None:
    page_labels = draft.reader.page_labels
    assert page_labels[:6] == ["Sampul", "i", "ii", "iii", "iv", "v"]
    assert page_labels[6:] == [str(n) for n in range(1, len(page_labels) - 5)]
    assert draft.texts[6].startswith("BAB I\nPENDAHULUAN\n")
    # the printed numbers are the labels: the footer closes the page's text
    for text, label in zip(draft.texts[1:], page_labels[1:], strict=True):
        assert text.splitlines()[-1] == label


def test_every_chapter_starts_on_a_new_page(draft: Rendered) -> None:
    starts = []
    for number, title in zip(ROMAN, CHAPTER_TITLES, strict=True):
        pages = [i for i, text in enumerate(draft.texts) if text.startswith(f"BAB {number}\n{title}\n")]
        assert len(pages) == 1, (number, pages)
        starts += pages
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    appendix = [i for i, text in enumerate(draft.texts) if text.startswith("LAMPIRAN 1\nLembar Komitmen\n")]
    assert len(appendix) == 1 and appendix[0] > starts[-1]


def test_page_break_and_running_header(draft: Rendered) -> None:
    before = next(i for i, t in enumerate(draft.texts) if "Rencana induk ini menjadi acuan" in t)
    after = next(i for i, t in enumerate(draft.texts) if "Hal-hal yang belum diatur" in t)
    assert after == before + 1
    assert draft.texts[after].splitlines()[-2] == "BAB VII PENUTUP"  # the running header
    assert "BAB" not in draft.texts[3].splitlines()[-2]  # no header in the front matter


def test_daftar_isi_lists_every_heading_with_its_page_number(draft: Rendered) -> None:
    page_labels = draft.reader.page_labels
    toc = index_lines(next(t for t in draft.texts if t.startswith("DAFTAR ISI\n")))
    assert list(toc) == [
        "LEMBAR PENGESAHAN", "KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR",
        "BAB I PENDAHULUAN", "1.1 Latar Belakang", "1.2 Maksud dan Tujuan", "1.3 Landasan Hukum",
        "BAB II GAMBARAN UMUM DAERAH", "2.1 Kondisi Geografis", "2.2 Kondisi Demografi dan Sosial",
        "BAB III ANALISIS STRATEGIS", "3.1 Analisis SWOT",
        "BAB IV VISI, MISI DAN ARAH PEMBANGUNAN SMART CITY", "4.1 Strategi per Dimensi", "4.1.1 Smart Governance",
        "BAB V RENCANA PEMBANGUNAN SMART CITY", "5.1 Program Pembangunan per Dimensi",
        "BAB VI RENCANA AKSI DAN PETA JALAN", "6.1 Rencana Aksi", "6.2 Peta Jalan Program",
        "6.3 Rencana Quick Win Tahun Pertama", "6.3.1 QW-01 Mal Pelayanan Publik Digital",
        "BAB VII PENUTUP", "7.1 Kaidah Pelaksanaan", "LAMPIRAN 1 Lembar Komitmen",
        "LAMPIRAN 2 Lembar Program", "Smart Governance", "Smart Economy",
    ]
    assert toc["LEMBAR PENGESAHAN"] == "i" and toc["DAFTAR GAMBAR"] == "v"
    headings = {f"BAB {n} {t}": f"BAB {n}\n{t}\n" for n, t in zip(ROMAN, CHAPTER_TITLES, strict=True)}
    headings["LAMPIRAN 1 Lembar Komitmen"] = "LAMPIRAN 1\nLembar Komitmen\n"
    headings["LAMPIRAN 2 Lembar Program"] = "LAMPIRAN 2\nLembar Program\nSmart Governance\n"
    headings["Smart Economy"] = "Smart Economy\n"  # after a page break, on a page of its own
    for entry, heading in headings.items():
        page = next(i for i, text in enumerate(draft.texts) if text.startswith(heading))
        assert page_labels[page] == toc[entry], entry
    body = page_labels.index("1")
    for entry in [e for e in toc if e[0].isdigit()]:
        page = next(i for i, text in enumerate(draft.texts) if i >= body and entry in text.splitlines())
        assert page_labels[page] == toc[entry], entry


def test_daftar_tabel_and_daftar_gambar(draft: Rendered) -> None:
    body = draft.reader.page_labels.index("1")
    tables = index_lines(next(t for t in draft.texts if t.startswith("DAFTAR TABEL\n")))
    figures = index_lines(next(t for t in draft.texts if t.startswith("DAFTAR GAMBAR\n")))
    page_labels = draft.reader.page_labels
    assert list(tables) == [
        "Tabel 3.1 Matriks SWOT", "Tabel 5.1 Program Smart Governance",
        "Tabel 6.1 Peta Jalan Smart Governance", "Tabel 6.2 Jadwal Quick Win QW-01",
    ]
    assert list(figures) == ["Gambar 2.1 Lambang Kabupaten Sukamaju"]
    for caption, number in {**tables, **figures}.items():
        holder = next(i for i, t in enumerate(draft.texts) if caption in t.splitlines() and i >= body)
        assert page_labels[holder] == number, caption


def test_bookmarks_follow_the_chapters_and_sections(draft: Rendered) -> None:
    marks = outline(draft.reader)
    assert marks[:6] == [
        (1, "LEMBAR PENGESAHAN"), (1, "KATA PENGANTAR"), (1, "DAFTAR ISI"), (1, "DAFTAR TABEL"),
        (1, "DAFTAR GAMBAR"), (1, "BAB I PENDAHULUAN"),
    ]
    assert (2, "1.1 Latar Belakang") in marks
    assert (3, "4.1.1 Smart Governance") in marks
    assert [title for level, title in marks if level == 1][5:] == [
        f"BAB {n} {t}" for n, t in zip(ROMAN, CHAPTER_TITLES, strict=True)
    ] + ["LAMPIRAN 1 Lembar Komitmen", "LAMPIRAN 2 Lembar Program"]
    # an appendix's headings are under its title, also those after a page break (laid out as a part of its own)
    assert marks[-3:] == [(1, "LAMPIRAN 2 Lembar Program"), (2, "Smart Governance"), (2, "Smart Economy")]
    assert all(title != "Sasaran" for _, title in marks)  # level 4 headings are not bookmarked


def test_metadata_comes_from_the_model(draft: Rendered) -> None:
    info = draft.reader.metadata
    assert info["/Title"] == "Rencana Induk (Masterplan) Smart City Kabupaten Sukamaju 2027–2036"
    assert info["/Author"] == "Pemerintah Kabupaten Sukamaju"
    assert info["/Subject"] == "Rencana Induk Smart City Kabupaten Sukamaju Tahun 2027–2036"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261119"
    assert draft.reader.trailer["/Root"]["/Lang"] == "id-ID"


def test_landscape_pages_hold_only_the_roadmap(draft: Rendered) -> None:
    sizes = page_sizes(draft.reader)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    roadmap = [i for i, t in enumerate(draft.texts) if "Tabel 6.1 Peta Jalan Smart Governance" in t.splitlines()]
    assert landscape == roadmap and len(landscape) == 1
    for w, h in sizes:
        assert sorted((w, h)) == pytest.approx(sorted(A4), abs=0.1)


WATERMARK_FILL = b"0.752941 0 0 rg"  # #C00000, the colour of templates/pdf/draf.svg


def watermarked(page: Any) -> bool:
    """The page draws the watermark: it calls a form XObject painted in the watermark's colour."""
    forms = {
        name for name, ref in ((page.get("/Resources") or {}).get("/XObject") or {}).items()
        if WATERMARK_FILL in ref.get_object().get_data()
    }
    calls = set(re.findall(rb"(/x\d+) Do", page.get_contents().get_data()))
    return any(name.encode() in calls for name in forms)


def test_draft_shows_the_watermark_and_the_placeholders(draft: Rendered) -> None:
    assert all(watermarked(page) for page in draft.reader.pages)
    assert not any(labels.DRAFT in text for text in draft.texts), "the watermark is outlines, not text"
    assert any("[BELUM DIISI: Kondisi demografi]" in text for text in draft.texts)


@needs_poppler
def test_fonts_are_embedded_and_special_characters_survive(draft: Rendered) -> None:
    rows = fonts(draft.path)
    assert rows and all(row["emb"] == "yes" for row in rows)
    assert all("Liberation-Sans" in row["name"] for row in rows)
    text = subprocess.run(["pdftotext", str(draft.path), "-"], capture_output=True, text=True, check=True).stdout
    assert "2027–2036" in text and "1.234 km²" in text


# --- the sample document, final -----------------------------------------------------------------


@pytest.fixture(scope="module")
def final_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("final")


@pytest.fixture(scope="module")
def final(final_ws: Path) -> Rendered:
    document = signing(sample_document(final_ws / "ws", mode="final"))
    return render(document, final_ws / "sample.pdf", assets_dir=final_ws / "ws" / "assets",
                  attachments={"jawaban.json": b'{"bimtek-1": {}}'})


def test_final_is_pdfa_3b_with_the_answers_attached(final: Rendered) -> None:
    assert unexpected(final.result.warnings) == []
    xmp = final.reader.xmp_metadata
    assert xmp is not None
    rdf = xmp.rdf_root.toxml()
    assert 'pdfaid:part="3"' in rdf and 'pdfaid:conformance="B"' in rdf
    assert "/OutputIntents" in final.reader.trailer["/Root"]
    assert final.reader.attachments == {"jawaban.json": [b'{"bimtek-1": {}}']}


def test_final_has_no_watermark(final: Rendered) -> None:
    assert not any(labels.DRAFT in text for text in final.texts)
    assert not any(watermarked(page) for page in final.reader.pages)


def test_final_reserves_a_signature_box_per_signatory(final: Rendered) -> None:
    boxes = final.result.signature_boxes
    assert [(b.name, b.nip) for b in boxes] == [
        ("Dr. Siti Rahmawati, S.Kom., M.T.", "19700512 199603 1 004"),
        ("H. Ahmad Sulaiman, S.H., M.Si.", None),
        ("H. Ahmad Sulaiman, S.H., M.Si.", None),
        ("Ir. Bambang Wijaya, M.T.", "19680203 199403 1 002"),
        ("dr. Ratna Dewi, M.Kes.", "19750815 200212 2 001"),
        ("Drs. Agus Salim", "19720101 199803 1 005"),
        ("Hj. Nur Aini, S.Sos.", "19780420 200501 2 003"),
    ]
    assert boxes[1].position == "BUPATI SUKAMAJU"
    assert [b.page for b in boxes] == sorted(b.page for b in boxes)
    for box in boxes:
        assert box.name in final.texts[box.page - 1].splitlines()
        assert (box.width, box.height) == pytest.approx((50 * MM, 25 * MM), abs=0.01)
        page_width, page_height = page_sizes(final.reader)[box.page - 1]
        assert box.x >= 0 and box.x + box.width <= page_width
        assert box.y >= 0 and box.y + box.height <= page_height


def test_same_model_same_bytes(final: Rendered, tmp_path: Path) -> None:
    document = signing(sample_document(final.path.parent / "ws", mode="final"))
    again = render_pdf(document, tmp_path / "again.pdf", assets_dir=final.path.parent / "ws" / "assets",
                       attachments={"jawaban.json": b'{"bimtek-1": {}}'})
    assert again.path.read_bytes() == final.path.read_bytes()


# --- overrides: a template that extends the built-in one, extra.css --------------------------------

OVERRIDE_TABLE = """{% extends "default:blocks/table.html" %}
{% block after %}<p class="penanda">PENANDA-OVERRIDE {{ block.node.number }}</p>{% endblock %}
"""
# a marker inside each signature box, to find where the box is drawn (it does not change the box size)
EXTRA_CSS = """.signature-box::before { content: "TTDMARK" attr(data-signature); display: block;
  font-size: 8pt; line-height: 1; text-align: center; }
"""


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("marked")
    overrides = root / "templates" / "pdf"
    (overrides / "blocks").mkdir(parents=True)
    (overrides / "blocks" / "table.html").write_text(OVERRIDE_TABLE, encoding="utf-8")
    (overrides / "extra.css").write_text(EXTRA_CSS, encoding="utf-8")
    document = signing(sample_document(root / "ws", mode="final"))
    return render(document, root / "sample.pdf", assets_dir=root / "ws" / "assets", template_dirs=[overrides])


def test_override_extends_the_builtin_template(marked: Rendered) -> None:
    text = "\n".join(marked.texts)
    assert "PENANDA-OVERRIDE 3.1" in text and "PENANDA-OVERRIDE 5.1" in text
    assert "Tabel 3.1 Matriks SWOT" in text and "Sumber: Bimtek 1, diolah" in text  # the built-in parts stay
    assert "PENANDA-OVERRIDE 6.1" not in text  # the roadmap has its own template


@needs_poppler
def test_signature_boxes_are_where_they_are_drawn(marked: Rendered) -> None:
    pages = words_with_boxes(marked.path)
    sizes = page_sizes(marked.reader)
    boxes = marked.result.signature_boxes
    assert len(boxes) == 7
    for index, box in enumerate(boxes):
        height = sizes[box.page - 1][1]
        words = pages[box.page - 1]
        (mark,) = [w for w in words if w[0] == f"TTDMARK{index}"]
        _, x0, top, x1, bottom = mark
        # the marker is drawn inside the reported rectangle (pdftotext measures y from the top)
        assert box.x <= x0 < x1 <= box.x + box.width
        assert box.y <= height - bottom < height - top <= box.y + box.height + 0.5
        # and the signatory's name begins just below it
        first = box.name.split()[0]
        assert [w for w in words if w[0] == first and box.y - 15 <= height - w[2] <= box.y + 0.5], box.name


def test_a_box_missing_from_the_layout_is_reported(tmp_path: Path) -> None:
    overrides = tmp_path / "pdf"
    (overrides / "blocks").mkdir(parents=True)
    (overrides / "blocks" / "signatures.html").write_text(
        '{% extends "default:blocks/signatures.html" %}{% block signatures %}{% endblock %}', encoding="utf-8"
    )
    signer = Signature(position="BUPATI UJI", name="Budi Santoso")
    document = tiny_document([Signatures(blocks=[signer], signing=True)], mode="final")
    result = render_pdf(document, tmp_path / "tanpa-kotak.pdf", template_dirs=[overrides])
    assert result.signature_boxes == []
    assert "kotak tanda tangan Budi Santoso tidak ada pada tata letak PDF" in result.warnings


# --- page size --------------------------------------------------------------------------------------


def test_f4_paper(tmp_path: Path) -> None:
    document = sample_document(tmp_path / "ws", paper="F4")
    result = render(document, tmp_path / "f4.pdf", assets_dir=tmp_path / "ws" / "assets")
    sizes = page_sizes(result.reader)
    assert [(w, h) for w, h in sizes if h > w] and all(
        sorted((w, h)) == pytest.approx(sorted(F4), abs=0.1) for w, h in sizes
    )
    assert [i for i, (w, h) in enumerate(sizes) if w > h] == [
        i for i, t in enumerate(result.texts) if "Tabel 6.1 Peta Jalan Smart Governance" in t.splitlines()
    ]


# --- the HTML before WeasyPrint ---------------------------------------------------------------------


def test_golden_html(tmp_path: Path, update_goldens: bool) -> None:
    document = sample_document(tmp_path / "ws")
    html = render_html(document, assets_dir=tmp_path / "ws" / "assets")
    if update_goldens:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8")


def test_roadmap_and_schedule_cells_use_classes(tmp_path: Path) -> None:
    html = render_html(sample_document(tmp_path / "ws"), assets_dir=tmp_path / "ws" / "assets")
    assert "td.st-1, .st-1 { background-color: #FFE699; }" in html
    assert "style=\"background" not in html
    row = re.search(r"<tr><td class=\"al-left\">SG-03</td>.*?</tr>", html)
    assert row is not None
    cells = re.findall(r"<td( class=\"[^\"]*\")?>", row[0])[3:]
    assert cells == ['', '', ' class="st-1"', ' class="st-1"', ' class="st-2"', ' class="st-2"',
                     ' class="st-3"', ' class="st-3"', ' class="st-3"', ' class="st-3"']
    months = re.search(r"<td>Pengadaan perangkat</td>.*?</tr>", html)
    assert months is not None and months[0].count('class="on"') == 4  # months 3..6


def test_draft_reserves_no_signature_box(tmp_path: Path) -> None:
    html = render_html(signing(sample_document(tmp_path / "ws")), assets_dir=tmp_path / "ws" / "assets")
    assert "signature-box" not in html and html.count('class="signature-space"') == 7


def test_stylesheets_replaced_or_extended(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert stylesheets([first, second]) == [builtin_dir() / "print.css"]
    (second / "print.css").write_text("p {}", encoding="utf-8")
    (first / "extra.css").write_text("p {}", encoding="utf-8")
    (second / "extra.css").write_text("p {}", encoding="utf-8")
    assert stylesheets([first, second]) == [second / "print.css", second / "extra.css", first / "extra.css"]


def test_broken_override_is_a_template_problem(tmp_path: Path) -> None:
    overrides = tmp_path / "pdf"
    (overrides / "blocks").mkdir(parents=True)
    (overrides / "blocks" / "paragraph.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"blocks/paragraph\.html:1"):
        render_html(sample_document(tmp_path / "ws"), [overrides])
    (overrides / "blocks" / "paragraph.html").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="'missing' is undefined"):
        render_html(sample_document(tmp_path / "ws"), [overrides])


def test_a_template_added_while_running_is_used_at_once(tmp_path: Path) -> None:
    overrides = tmp_path / "pdf"
    overrides.mkdir()
    document = sample_document(tmp_path / "ws")
    assert "PENANDA-OVERRIDE" not in render_html(document, [overrides])
    (overrides / "blocks").mkdir()
    (overrides / "blocks" / "table.html").write_text(OVERRIDE_TABLE, encoding="utf-8")
    assert "PENANDA-OVERRIDE 3.1" in render_html(document, [overrides])
    (overrides / "blocks" / "table.html").unlink()
    assert "PENANDA-OVERRIDE" not in render_html(document, [overrides])


# --- safety: answers are text, WeasyPrint reads only allowed local files -----------------------------

PAYLOADS = {
    "img": '<img src="file:///etc/passwd">',
    "script": "<script>alert('x')</script>",
    "css": "latar: url(file:///etc/hostname); background: url('http://127.0.0.1/x.png')",
    "link": '<a href="http://contoh.invalid/">http://contoh.invalid/</a>',
    "glyphs": "Tahap 1 → Tahap 2 – “kutip” ‘tunggal’ 10 m² ≤ 20",
}
HOSTILE_OVERRIDE = """{% extends "default:blocks/paragraph.html" %}
{% block after %}<img src="file:///etc/hostname" alt="">{% endblock %}
"""


@dataclass
class Hostile:
    rendered: Rendered
    html: str
    connections: list[object]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    root = tmp_path_factory.mktemp("hostile")
    assets = root / "assets"
    assets.mkdir()
    outside = root / "outside"
    outside.mkdir()
    shutil.copyfile(EMBLEM, outside / "lambang-luar.png")
    (assets / "tautan.png").symlink_to("/etc/passwd")
    overrides = root / "templates" / "pdf"
    (overrides / "blocks").mkdir(parents=True)
    (overrides / "blocks" / "paragraph.html").write_text(HOSTILE_OVERRIDE, encoding="utf-8")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    port = server.getsockname()[1]
    rows = [TableRow(cells=[f"R-{n:02d}", PAYLOADS["glyphs"]]) for n in range(80)]
    blocks: list[Block] = [
        *(Paragraph(text=text) for text in PAYLOADS.values()),
        Figure(number="1.1", caption="Berkas sistem", source="uji", path="/etc/passwd"),
        Figure(number="1.2", caption="Dari jaringan", source="uji", path=f"http://127.0.0.1:{port}/gambar.png"),
        Figure(number="1.3", caption="Di luar aset", source="uji", path=str(outside / "lambang-luar.png")),
        Figure(number="1.4", caption="Tautan ke luar", source="uji", path=str(assets / "tautan.png")),
        Table(number="1.1", caption="Tabel panjang", source="uji",
              columns=[Column(title="Kode"), Column(title="Uraian", width=4)], rows=rows),
        RoadmapGrid(number="1.2", caption="Peta jalan", source="uji", years=[2027],
                    legend=[StatusStyle(code="x", label="X", shade="FFF; background: url(file:///etc/passwd)")],
                    rows=[RoadmapRow(code="A", name="B", opd="C", statuses=["x"])]),
    ]
    document = tiny_document(blocks, emblem=str(outside / "lambang-luar.png"))
    html = render_html(document, [overrides], assets_dir=assets)
    rendered = render(document, root / "hostile.pdf", template_dirs=[overrides], assets_dir=assets)
    connections = []
    try:
        while True:
            connections.append(server.accept())
    except BlockingIOError:
        pass
    finally:
        server.close()
    return Hostile(rendered, html, connections)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_markup_in_answers_is_text(hostile: Hostile) -> None:
    text = flat("\n".join(hostile.rendered.texts))
    for key in ("img", "script", "css", "link"):
        assert flat(PAYLOADS[key]) in text, key
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in hostile.html
    assert "<script>" not in hostile.html


def test_links_in_answers_are_not_links(hostile: Hostile) -> None:
    for page in hostile.rendered.reader.pages:
        for annotation in page.get("/Annots") or []:
            assert "/URI" not in str(annotation.get_object().get("/A", {}))


def test_css_in_answers_stays_out_of_styles(hostile: Hostile) -> None:
    style = hostile.html.split("<style>")[1].split("</style>")[0]
    assert "url(" not in style and "etc" not in style
    assert ".st-1 { background-color: #D9D9D9; }" in style  # an invalid shade falls back


def test_fetcher_refuses_files_outside_the_allowed_folders(hostile: Hostile) -> None:
    warnings = "\n".join(hostile.rendered.result.warnings)
    assert "/etc/passwd" in warnings  # the figure, and the symbolic link in assets
    assert "file:///etc/hostname" in warnings  # the override template's image
    assert "lambang-luar.png" in warnings  # a real image, but outside the assets folder
    text = "\n".join(hostile.rendered.texts)
    assert "root:" not in text
    for name in ("passwd", "lambang-luar.png", "tautan.png", "gambar.png"):
        assert labels.MISSING_IMAGE.format(name=name) in text
    assert not any(page.images for page in hostile.rendered.reader.pages)


def test_fetcher_never_touches_the_network(hostile: Hostile) -> None:
    assert "http://127.0.0.1:" in "\n".join(hostile.rendered.result.warnings)
    assert hostile.connections == []


def test_special_characters_and_repeated_table_header(hostile: Hostile) -> None:
    text = "\n".join(hostile.rendered.texts)
    assert PAYLOADS["glyphs"] in text
    holders = [t for t in hostile.rendered.texts if "R-" in t]
    assert len(holders) >= 2 and all("Kode Uraian" in t for t in holders)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x.png", "https://example.com/x.png", "ftp://example.com/x.png",
    "data:image/png;base64,iVBORw0KGgo=", "file://server/share/x.png", "file:///etc/passwd",
])
def test_fetcher_refuses(url: str, tmp_path: Path) -> None:
    fetcher = LocalFetcher([tmp_path])
    with pytest.raises(FetchRefused):
        fetcher(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_allowed_files(tmp_path: Path) -> None:
    (tmp_path / "gambar.png").write_bytes(EMBLEM.read_bytes())
    (tmp_path / "keluar.png").symlink_to(EMBLEM)
    fetcher = LocalFetcher([tmp_path])
    response = fetcher((tmp_path / "gambar.png").as_uri())
    assert response.read() == EMBLEM.read_bytes() and response.content_type == "image/png"
    with pytest.raises(FetchRefused):
        fetcher((tmp_path / "keluar.png").as_uri())
    with pytest.raises(FetchRefused):
        fetcher((tmp_path / ".." / "x.png").as_uri())


# --- time limit -------------------------------------------------------------------------------------


def test_time_limit_stops_weasyprint(tmp_path: Path) -> None:
    document = sample_document(tmp_path / "ws")
    started = time.monotonic()
    with pytest.raises(PdfTimeout, match=r"0\.2 detik"):
        render_pdf(document, tmp_path / "late.pdf", timeout=0.2)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "late.pdf").exists()


# --- the bundled example ----------------------------------------------------------------------------


@pytest.mark.slow
@needs_poppler
def test_example_draft(tmp_path: Path) -> None:
    document, _ = api.document(EXAMPLE, "draft", BUILD_DATE)
    rendered = render(document, tmp_path / "example.pdf", assets_dir=EXAMPLE / "assets", poppler=True)
    assert unexpected(rendered.result.warnings) == []
    assert rendered.result.pages >= 50
    sizes = page_sizes(rendered.reader)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert landscape
    header = re.compile(r"^Kode\n+Program\n+Perangkat Daerah\n+2027$", re.M)  # the grid's repeated header
    grids = [i for i, text in enumerate(rendered.texts) if header.search(text)]
    assert grids and set(grids) <= set(landscape)  # every roadmap page is landscape
    yearly = re.compile(r"^Kode\n", re.M)  # the other landscape tables: pagu per year, the indicator matrix
    assert all(header.search(rendered.texts[i]) or yearly.search(rendered.texts[i]) for i in landscape)
    for i in (0, landscape[0], len(sizes) - 1):
        assert watermarked(rendered.reader.pages[i]) and labels.DRAFT not in rendered.texts[i]
    assert all(row["emb"] == "yes" for row in fonts(rendered.path))
    chapters = [title for level, title in outline(rendered.reader) if title.startswith("BAB ")]
    assert chapters[0] == "BAB I PENDAHULUAN" and chapters[-1].startswith("BAB VII ")
    first = next(i for i, text in enumerate(rendered.texts) if re.search(r"^BAB I\nPENDAHULUAN$", text, re.M))
    assert rendered.reader.page_labels[first] == "1"
