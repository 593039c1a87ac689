"""Tables that never break: column widths from content, measured in the model and in the PDF."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import EXAMPLE, answers, edit_yaml

from masterplan import api
from masterplan.assemble import assemble
from masterplan.document.model import Table
from masterplan.document.page import POINTS_PER_MM, text_width_mm
from masterplan.document.widths import PADDING_PT, fit_widths, longest_word_pt, text_pt

DAY = dt.date(2026, 12, 1)
LONG_OPDS = {"DISKOMINFO": "Diskopukmperindag", "DINKES": "Dispendukcapil", "BAPPEDA": "Bappedalitbang"}
LONG_WORD = "Pengintegrasiandatakependudukanterpadusat"  # 41 letters, no break possible


def test_a_column_is_never_narrower_than_its_longest_word():
    widths = fit_widths(["Kode", "Uraian", "Status"],
                        [["SG-01", "teks panjang " * 30, "Operasional"], ["SG-02", "pendek", "Pengembangan"]], 440)
    assert sum(widths) == pytest.approx(440)
    assert widths[2] >= PADDING_PT + longest_word_pt("Pengembangan")
    assert widths[0] >= PADDING_PT + longest_word_pt("SG-01")
    assert widths[1] > widths[0] + widths[2], "the long text takes what is left"


def test_a_table_whose_words_cannot_fit_keeps_every_word_whole():
    titles = ["A", "B", "C"]
    widths = fit_widths(titles, [[LONG_WORD, LONG_WORD, LONG_WORD]], 300)
    assert sum(widths) > 300 and all(w >= text_pt(LONG_WORD) for w in widths)


def _stress(root: Path) -> None:
    def long_names(data):
        for opd in data["opds"]:
            opd["short"] = LONG_OPDS.get(opd["code"], "DKUKMPP")

    edit_yaml(root / "region.yaml", long_names)

    def long_word(data):
        data["answers"]["programs"][0]["name"] = f"Program {LONG_WORD} Kota"
        data["answers"]["programs"][1].pop("partners", None)

    edit_yaml(answers(root, 2, "diskominfo"), long_word)


def _document(root: Path):
    result = api.load_plan(root)
    assert result.plan is not None
    return result.plan, assemble(result.plan, DAY, workspace=root)


@pytest.mark.parametrize("name", ["example", "stress"])
def test_every_column_of_every_table_holds_its_longest_word(name, minimal):
    root = EXAMPLE if name == "example" else minimal
    if name == "stress":
        _stress(root)
    plan, model = _document(root)
    landscape = {id(b) for c in model.chapters for s in c.sections if s.landscape for b in s.blocks}
    for blocks in model.block_lists():
        for table in (b for b in blocks if isinstance(b, Table)):
            width = text_width_mm(plan.region.paper, id(table) in landscape) * POINTS_PER_MM
            total = sum(c.width for c in table.columns)
            if name == "example":  # every table of the example fits its page: no escape below
                assert total == pytest.approx(width, abs=1), table.caption
            assert total == pytest.approx(width, abs=1) or total > width, table.caption
            scale = min(1.0, width / total)
            for index, column in enumerate(table.columns):
                words = [c.cells[index] for c in table.rows if not c.group and index < len(c.cells)]
                need = max(longest_word_pt(w) for w in [*words, ""]) + PADDING_PT
                assert column.width * scale >= need - 0.5 or total > width, (table.caption, column.title)


def word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, x0, y0, x1, y1, word) of every word, from ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    boxes, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line)
        if found:
            boxes.append((page, *(float(found[i]) for i in range(1, 5)), html.unescape(found[5])))
    return boxes


def overprinted(pdf: Path) -> list[tuple[int, str, str]]:
    """Pairs of words on one line whose boxes overlap: text printed over the next column."""
    lines: dict[tuple[int, int], list] = defaultdict(list)
    for box in word_boxes(pdf):
        lines[(box[0], round(box[2]))].append(box)
    found = []
    for words in lines.values():
        words.sort(key=lambda w: w[1])
        found += [(a[0], a[5], b[5]) for a, b in itertools.pairwise(words) if b[1] < a[3] - 0.5]
    return found


_CAPTION_OR_HEADING = re.compile(r"^((Tabel|Gambar) [\dL]+\.\d+|\d+\.\d+(\.\d+)?) [A-Z]")  # not "Gambar 6.2 menyajikan"


def stranded(pdf: Path) -> list[tuple[int, str]]:
    """Pages of the body whose last line of text (above the page number) is a caption or a heading."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    pages = out.stdout.split("\f")
    first = next(i for i, page in enumerate(pages) if re.search(r"^\s*BAB I\s*\n\s*PENDAHULUAN", page, re.M))
    found = []
    for number, page in enumerate(pages[first:], start=first + 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) > 1 and _CAPTION_OR_HEADING.match(lines[-2]):
            found.append((number, lines[-2]))
    return found


@pytest.mark.parametrize("name", ["example", "stress"])
def test_no_word_prints_over_the_next_column_in_the_pdf(name, minimal, tmp_path):
    root = EXAMPLE if name == "example" else minimal
    if name == "stress":
        _stress(root)
    result = api.build(root, fmt="pdf", outdir=tmp_path, build_date=DAY, libreoffice=False)
    (pdf,) = [p for p in result.files if p.suffix == ".pdf"]
    assert overprinted(pdf) == []
    assert stranded(pdf) == []
    if name == "stress":
        words = {box[5] for box in word_boxes(pdf)}
        assert "Diskopukmperindag" in words and "Dispendukcapil" in words, "short names stand whole"


def test_rows_stay_on_one_page_unless_taller_than_half_a_page(tmp_path):
    import zipfile

    _, model = _document(EXAMPLE)
    rows = [r for blocks in model.block_lists() for b in blocks if isinstance(b, Table) for r in b.rows]
    assert rows and sum(r.tall for r in rows) < len(rows) / 20, "tall rows are the exception"
    result = api.build(EXAMPLE, fmt="docx", outdir=tmp_path, build_date=DAY, libreoffice=False)
    (docx,) = [p for p in result.files if p.suffix == ".docx"]
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    data_rows = re.findall(r"<w:tr>(?:(?!</w:tr>).)*?</w:tr>|<w:tr (?:(?!</w:tr>).)*?</w:tr>", xml, re.S)
    kept = sum("<w:cantSplit/>" in row for row in data_rows)
    assert kept >= len([r for r in rows if not r.tall]), "every row that is not tall cannot split"
    groups = re.findall(r'<w:pStyle w:val="TableGroup"/>(?:<w:keepNext/>)?', xml)
    assert groups and all(g.endswith("<w:keepNext/>") for g in groups), "a group row stays with its first row"
