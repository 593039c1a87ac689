"""Parity: the Word and the PDF of the example say the same thing.

Headings, table captions and every roadmap cell are read back from each file
(python-docx for the DOCX; bookmarks, text and word positions for the PDF)
and must be equal.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLE, EXAMPLE_DAY
from docx import Document as open_docx

from masterplan import api
from masterplan.document.model import Document, RoadmapGrid

CODE = re.compile(r"^[A-Z]{2}-\d{2,3}$")
YEARS = [str(year) for year in range(2027, 2037)]


@pytest.fixture(scope="module")
def built(example_build: dict[str, Path]) -> dict[str, Path]:
    return example_build


# --- DOCX -------------------------------------------------------------------------


def docx_headings(path: Path) -> list[str]:
    return [
        " ".join(p.text.split())
        for p in open_docx(str(path)).paragraphs
        if p.style is not None and p.style.name in ("Heading 1", "Heading 2")
    ]


def docx_captions(path: Path) -> list[str]:
    return [
        " ".join(p.text.split())
        for p in open_docx(str(path)).paragraphs
        if p.style is not None and p.style.name == "Caption" and p.text.startswith("Tabel")
    ]


def docx_figures(path: Path) -> tuple[list[str], int]:
    """The figure captions of the body, and the number of pictures in the document."""
    word = open_docx(str(path))
    captions = [
        " ".join(p.text.split())
        for p in word.paragraphs
        if p.style is not None and p.style.name == "Caption" and p.text.startswith("Gambar")
    ]
    return captions, len(word.inline_shapes)


def docx_roadmap(path: Path) -> dict[str, list[str]]:
    cells: dict[str, list[str]] = {}
    for table in open_docx(str(path)).tables:
        header = [c.text for c in table.rows[0].cells]
        if header[-10:] != YEARS:
            continue
        for row in table.rows[1:]:
            texts = [c.text.strip() for c in row.cells]
            if CODE.match(texts[0]):
                cells[texts[0]] = texts[-10:]
    return cells


# --- PDF --------------------------------------------------------------------------


def pdf_headings(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    titles: list[str] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif depth < 2:
                titles.append(" ".join(item.title.split()))

    walk(reader.outline, 0)
    return [t for t in titles if re.match(r"BAB [IVX]+ |\d+\.\d+ ", t) or t.startswith("LAMPIRAN")]


def _body_start(path: Path) -> int:
    """0-based index of the page where BAB I starts (front matter lists captions too)."""
    reader = pypdf.PdfReader(str(path))
    for item in reader.outline:
        if not isinstance(item, list) and item.title.startswith("BAB I"):
            return reader.get_destination_page_number(item)
    raise AssertionError("no BAB I bookmark")


@dataclass
class PdfText:
    """The PDF read once: each body page's text, and the words set in an italic font."""

    pages: list[str]
    italic: set[str]


def read_pdf(path: Path) -> PdfText:
    reader = pypdf.PdfReader(str(path))
    italic: set[str] = set()

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if font and "Italic" in str(font.get("/BaseFont", "")):
            italic.update(w for w in re.split(r"[\s-]+", text) if w)

    pages = [page.extract_text(visitor_text=visit) or "" for page in reader.pages]
    return PdfText(pages[_body_start(path) :], italic)


@pytest.fixture(scope="module")
def pdf_text(built: dict[str, Path]) -> PdfText:
    return read_pdf(built[".pdf"])


def pdf_captions(text: PdfText, label: str = "Tabel") -> list[str]:
    found = []
    for page in text.pages:
        for line in page.splitlines():
            line = " ".join(line.split())
            if re.match(rf"{label} (\d+|L)\.\d+ [A-Z]", line):
                found.append(line)
    return found


def _words(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, x centre, y top, word) of every word, from ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True)
    words = []
    page = 0
    for line in out.stdout.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', line)
        if match:
            x0, y0, x1, word = float(match[1]), float(match[2]), float(match[3]), html.unescape(match[4])
            words.append((page, (x0 + x1) / 2, y0, word))
    return words


def pdf_roadmap(path: Path, marks: set[str]) -> dict[str, list[str]]:
    """Each programme row of the roadmap pages: the mark under each year column.

    A page may also hold a table of yearly budgets or targets with the same year header: a row is
    read against the year header just above it, and a code keeps its first row (the roadmap comes
    before the other tables of its programmes).
    """
    words = _words(path)
    cells: dict[str, list[str]] = {}
    for page in sorted({w[0] for w in words}):
        on_page = [w for w in words if w[0] == page]
        lines: dict[float, dict[str, float]] = {}
        for _, x, y, word in on_page:
            if word in YEARS:
                lines.setdefault(round(y), {})[word] = x
        headers = sorted((y, line) for y, line in lines.items() if len(line) == 10)  # year headers of grids
        if not headers:
            continue
        first = min(min(line.values()) for _, line in headers)
        codes = sorted((w for w in on_page if CODE.match(w[3]) and w[1] < first), key=lambda w: w[2])
        ends = [w[2] for w in on_page if w[3] in ("Keterangan:", "Sumber:")]  # the legend and source lines
        for index, code in enumerate(codes):
            above = [line for y, line in headers if y < code[2]]
            if not above or code[3] in cells:
                continue
            columns = above[-1]
            following = codes[index + 1][2] if index + 1 < len(codes) else float("inf")
            bottom = min([y for y in ends if y > code[2]] + [following])
            row = ["" for _ in YEARS]
            half = (max(columns.values()) - min(columns.values())) / 18  # half a year column
            for _, x, y, word in on_page:
                inside = min(columns.values()) - half <= x <= max(columns.values()) + half
                if word in marks and inside and code[2] - 3 <= y < bottom - 3:
                    year = min(YEARS, key=lambda label: abs(columns[label] - x))
                    row[YEARS.index(year)] = word
            if any(row):  # the roadmap overview figure has the year header too, but no marks
                cells[code[3]] = row
    return cells


# --- the comparisons ------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Document:
    """The document model both files were rendered from (the expectations come from it, not from counts)."""
    document, _ = api.document(EXAMPLE, build_date=EXAMPLE_DAY)
    return document


def test_headings_are_the_same(built: dict[str, Path], model: Document):
    word, pdf = docx_headings(built[".docx"]), pdf_headings(built[".pdf"])
    chapters = [h for h in word if h.startswith("BAB ")]
    assert [h.split(" ", 2)[1] for h in chapters] == [c.number for c in model.chapters]
    assert all(c.title in h for c, h in zip(model.chapters, chapters, strict=True))
    numbered = [h for h in word if h.startswith("BAB ") or re.match(r"\d+\.\d+ ", h)]
    assert len(numbered) == len(model.chapters) + sum(len(c.sections) for c in model.chapters)
    assert [h for h in pdf if h.startswith("BAB ") or re.match(r"\d+\.\d+ ", h)] == numbered


def test_table_captions_are_the_same(built: dict[str, Path], pdf_text: PdfText, model: Document):
    expected = [" ".join(f"Tabel {t.number} {t.caption}".split()) for t in model.tables()]
    word, pdf = docx_captions(built[".docx"]), pdf_captions(pdf_text)
    assert word == expected  # every caption, whole
    assert len(pdf) == len(expected)
    for whole, line in zip(expected, pdf, strict=True):  # a PDF line may stop where the caption wraps
        first_words = " ".join(whole.split()[:3])
        assert whole.startswith(line) and line.startswith(first_words), (whole, line)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="POPPLER (pdftotext) NOT INSTALLED")
def test_roadmap_cells_are_the_same(built: dict[str, Path], model: Document):
    word = docx_roadmap(built[".docx"])
    grids = [t for t in model.tables() if isinstance(t, RoadmapGrid)]
    assert list(word) == [row.code for grid in grids for row in grid.rows]  # every programme and enabler
    marks = {mark for row in word.values() for mark in row if mark}
    assert marks
    assert pdf_roadmap(built[".pdf"], marks) == word


def test_figures_are_the_same(built: dict[str, Path], pdf_text: PdfText, model: Document):
    expected = [" ".join(f"Gambar {f.number} {f.caption}".split()) for f in model.figures()]
    captions, pictures = docx_figures(built[".docx"])
    assert captions == expected  # every caption, whole
    pdf = pdf_captions(pdf_text, "Gambar")
    assert len(pdf) == len(expected)
    for whole, line in zip(expected, pdf, strict=True):  # a PDF line may stop where the caption wraps
        assert whole.startswith(line) and line.startswith(" ".join(whole.split()[:3])), (whole, line)
    assert pictures == len(expected) + 1  # every figure is a picture in Word, and so is the cover emblem


def _term_words() -> set[str]:
    import yaml

    from masterplan.resources import templates_dir

    terms = yaml.safe_load((templates_dir() / "text" / "istilah_asing.yaml").read_text(encoding="utf-8"))["terms"]
    return {word for term in terms for word in re.split(r"[\s-]+", term)}


def test_foreign_terms_are_italic_in_both(built: dict[str, Path], pdf_text: PdfText):
    terms = _term_words()
    word = open_docx(str(built[".docx"]))
    in_word = {w for p in word.paragraphs for r in p.runs if r.italic for w in re.split(r"[\s-]+", r.text) if w}
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                in_word |= {w for p in cell.paragraphs for r in p.runs if r.italic for w in r.text.split() if w}
    in_pdf = pdf_text.italic & terms
    assert {"smart", "city", "quick", "win"} <= in_word
    assert {w.rstrip("s") for w in in_word} == {w.rstrip("s") for w in in_pdf}
    upright = {r.text for p in word.paragraphs for r in p.runs if "Smart City" in r.text}
    assert upright and not any(r.italic for p in word.paragraphs for r in p.runs if "Dewan Smart City" in r.text)


def test_dimension_colours_shade_the_group_rows_in_both(built: dict[str, Path]):
    from docx.oxml.ns import qn

    from masterplan.document.palette import DIMENSION_COLOURS, group_shade

    expected = group_shade(DIMENSION_COLOURS["SE"])
    fills = set()
    for table in open_docx(str(built[".docx"])).tables:
        for row in table.rows:
            if row.cells[0].text == "Subdimensi Ekosistem Industri":
                fills.add(row.cells[0]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")))
    assert fills == {expected}
    model, _ = api.document(EXAMPLE)
    accents = {b.caption: b.accent for blocks in model.block_lists() for b in blocks if getattr(b, "accent", None)}
    assert accents["Program Dimensi Smart Economy"] == accents["Peta Jalan Dimensi Smart Economy"] == "BF8F00"
    assert len(accents) == 12  # six programme tables and six roadmaps
