"""The Bimtek presentation: the stages' results on 16:9 slides, opened by LibreOffice Impress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pptx
import pytest
from conftest import EXAMPLE
from test_layout import word_boxes

from masterplan import api
from masterplan.document.outline import load_outline
from masterplan.renderers import office
from masterplan.renderers.pptx import FOOT_CM, HEIGHT_CM, row_cm

DAY = dt.date(2026, 12, 1)
POINTS_PER_CM = 72 / 2.54


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides")
    result = api.build(EXAMPLE, fmt="pdf", outdir=out, build_date=DAY, book="slides")
    (path,) = result.files
    assert path.name == "kabupaten-sukamaju-slides-draf.pptx", "slides whatever the format asked"
    return path


def _texts(slide) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(" ".join(shape.text_frame.text.split()))
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def test_each_stage_opens_with_a_divider_and_each_section_has_its_slides(deck: Path):
    slides = list(pptx.Presentation(str(deck)).slides)
    texts = [" | ".join(_texts(slide)) for slide in slides]
    assert "KABUPATEN SUKAMAJU" in texts[0] and "2027–2036" in texts[0]
    outline = load_outline(EXAMPLE, "slides")
    dividers = [i for i, text in enumerate(texts) if "BAB " in text and "BIMTEK" in text]
    assert len(dividers) == len(outline.chapters) == 4
    for chapter in outline.chapters:
        for section in chapter.sections:
            assert any(section.title in text for text in texts), section.title
    assert any("Daftar Program (lanjutan)" in text for text in texts), "a long table goes on"
    programmes = {cell for slide in slides for cell in _texts(slide) if cell[:3] in ("SG-", "SV-", "SE-")}
    assert {"SG-01", "SV-01", "SE-01"} <= programmes
    notes = [s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide]
    assert any("menyajikan" in note for note in notes), "the text around a figure is the mentor's notes"


def test_a_row_is_as_tall_as_its_longest_cell():
    short, long = row_cm(["a", "b"], [10, 10], 12), row_cm(["a", "kata " * 60], [10, 10], 12)
    assert long > 5 * short


def test_impress_opens_the_deck_and_nothing_runs_past_a_slide(deck: Path, tmp_path: Path):
    soffice = office.find_soffice()
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the slides cannot be read back")
    pdf = office.convert(deck, "pdf", tmp_path, soffice=soffice, timeout=300)
    count = len(pptx.Presentation(str(deck)).slides)
    words = word_boxes(pdf)
    assert max(w[0] for w in words) == count, "Impress shows every slide"
    band = (HEIGHT_CM - FOOT_CM) * POINTS_PER_CM
    foot = set(" ".join(["GERAKAN MENUJU 100 SMART CITY DRAF ·",
                         "Paparan Hasil Bimtek Rencana Induk (Masterplan) Smart City Kabupaten Sukamaju 2027–2036"]
                        ).split())
    strays = [(w[0], w[5]) for w in words if w[4] > band - 2 and w[5] not in foot and not w[5].isdigit()]
    assert strays == [], f"text runs into the foot of the slide: {strays[:10]}"
