"""Every book of the example, in draft and final: a golden outline each, and each final opened by its reader.

The golden files (``tests/roots/books/expects/<book>.txt``) list what each book holds, part
by part: the regulation's parts, the cover, the front pages, chapters, sections, numbered
tables and figures, appendices. Update them deliberately with ``pytest --update-goldens``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOTS, copy_root

from masterplan import api
from masterplan.document.model import (
    Article,
    Block,
    Document,
    Figure,
    Paragraph,
    QuickWinSchedule,
    Recital,
    RoadmapGrid,
    Signatures,
    Table,
)
from masterplan.renderers import office
from masterplan.resources import MATRIX_BOOK

DAY = dt.date(2026, 12, 1)
EXPECTS = ROOTS / "books" / "expects"
DOCUMENT_BOOKS = [book for book in api.book_names(EXAMPLE) if book != MATRIX_BOOK]


def _numbered(blocks: list[Block], indent: str) -> list[str]:
    lines = []
    for block in blocks:
        if isinstance(block, Table | RoadmapGrid | QuickWinSchedule):
            lines.append(f"{indent}Tabel {block.number} {block.caption}")
        elif isinstance(block, Figure):
            lines.append(f"{indent}Gambar {block.number} {block.caption}")
    return lines


def _regulation_part(block: Block) -> str:
    if isinstance(block, Recital):
        return f"{block.label}: {len(block.points)} butir"
    if isinstance(block, Article):
        return f"{block.number}: {len(block.clauses)} ayat/kalimat"
    if isinstance(block, Signatures):
        return " / ".join(s.position for s in block.blocks)
    assert isinstance(block, Paragraph)
    return block.text.replace("\n", " / ")


def outline_of(model: Document) -> str:
    """What a book holds, one line per part, without page numbers."""
    meta = model.meta
    lines = [f"{meta.title} [{meta.paper}{' lembar' if meta.sheet else ''}{' slaid' if meta.slides else ''}]"]
    lines += [f"PERATURAN {_regulation_part(block)}" for block in model.regulation]
    if not meta.sheet:
        lines.append(f"SAMPUL {model.cover.title}" + (f" ({' / '.join(model.cover.adoption)})"
                                                      if model.cover.adoption else ""))
    for page in model.front:
        lines.append(f"DEPAN {page.role}: {page.title}")
        lines += _numbered(page.blocks, "  ")
    for chapter in model.chapters:
        lines.append(f"BAB {chapter.number} {chapter.title}")
        for section in chapter.sections:
            lines.append(f"  {section.number} {section.title}{' (mendatar)' if section.landscape else ''}")
            lines += _numbered(section.blocks, "    ")
    for appendix in model.appendices:
        lines.append(f"LAMPIRAN {appendix.number} {appendix.title}")
        lines += _numbered(appendix.blocks, "  ")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("book", DOCUMENT_BOOKS)
def test_the_outline_of_each_book_is_golden(book: str, update_goldens: bool):
    model, _ = api.document(EXAMPLE, build_date=DAY, book=book)
    text = outline_of(model)
    golden = EXPECTS / f"{book}.txt"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_matrix_sheets_are_golden(tmp_path: Path, update_goldens: bool):
    from openpyxl import load_workbook

    [path] = api.build(EXAMPLE, outdir=tmp_path, build_date=DAY, book=MATRIX_BOOK).files
    book = load_workbook(path, read_only=True)
    lines = [f"{sheet.title}: " + " | ".join(str(c) for c in next(sheet.iter_rows(values_only=True)))
             for sheet in book.worksheets]
    book.close()
    text = "\n".join(lines) + "\n"
    golden = EXPECTS / f"{MATRIX_BOOK}.txt"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_book_builds_final_and_its_reader_opens_it(tmp_path: Path):
    """Final builds obey the gate as the Rencana Induk does; here a workspace without a workflow passes it."""
    root = copy_root("example", tmp_path / "ws")
    (root / "people.yaml").unlink()  # no workflow: check alone is the gate
    out = tmp_path / "final"
    files = []
    for book in api.book_names(root):
        if book == api.MAIN_BOOK:
            continue  # the Rencana Induk's finals have their own tests
        fmt = "pdf" if book == "poster" else "docx"  # Word is quick; the poster shows the final PDF path
        files += api.build(root, fmt=fmt, mode="final", outdir=out, build_date=DAY, libreoffice=False,
                           book=book).files
    names = sorted(p.name for p in files)
    assert names == sorted([
        "kabupaten-sukamaju-analisis.docx", "kabupaten-sukamaju-evaluasi.docx", "kabupaten-sukamaju-perbup.docx",
        "kabupaten-sukamaju-poster.pdf", "kabupaten-sukamaju-quickwin.docx", "kabupaten-sukamaju-ringkasan.docx",
        "kabupaten-sukamaju-slides.pptx", "kabupaten-sukamaju-matriks.xlsx",
    ]), "final files carry no -draf"
    poster = out / "kabupaten-sukamaju-poster.pdf"
    fonts = subprocess.run(["pdffonts", str(poster)], check=True, capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded
    info = subprocess.run(["pdfinfo", str(poster)], check=True, capture_output=True, text=True).stdout
    assert "DRAF" not in subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, text=True).stdout
    assert "Pages:           1" in info
    soffice = office.find_soffice()
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the companions' Word and Excel files cannot be read")
    for name in ("analisis", "evaluasi", "quickwin", "ringkasan"):  # the Perbup's Lampiran is the plan's
        pdf = office.convert(out / f"kabupaten-sukamaju-{name}.docx", "pdf", tmp_path / "lo", soffice=soffice,
                             timeout=300)
        text = subprocess.run(["pdftotext", "-l", "3", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "KABUPATEN SUKAMAJU" in text and "DRAF" not in text, name
    sheet = office.convert(out / "kabupaten-sukamaju-matriks.xlsx", "csv", tmp_path / "lo", soffice=soffice,
                           timeout=300)
    rows = sheet.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("Kode,Nama program,Dimensi") and rows[1].startswith("SG-01,"), rows[:2]
