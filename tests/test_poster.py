"""The roadmap poster: every programme on one A2 landscape sheet, colour per dimension, quick wins marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLE, copy_root
from test_layout import word_boxes

from masterplan import api
from masterplan.document.model import Figure, Timeline, TimelineRow
from masterplan.renderers import office
from masterplan.renderers.charts import _panels
from masterplan.resources import templates_dir

DAY = dt.date(2026, 12, 1)
A2_LANDSCAPE_PT = (1683.8, 1190.6)


def _chart(model) -> Timeline:
    (page,) = model.front
    (figure,) = [b for b in page.blocks if isinstance(b, Figure)]
    assert isinstance(figure.chart, Timeline)
    return figure.chart


def test_the_poster_holds_every_programme_and_marks_each_quick_win_in_its_year():
    model, _ = api.document(EXAMPLE, build_date=DAY, book="poster")
    assert model.meta.sheet and model.meta.paper == "A2" and model.chapters == [] and model.appendices == []
    assert model.front[0].title == "PETA JALAN SMART CITY KABUPATEN SUKAMAJU 2027–2036"
    chart = _chart(model)
    programmes = [r.label.split()[0] for r in chart.rows if not r.group]
    assert len(programmes) == 70 and programmes[0] == "SG-01"
    assert chart.rows[0].label == "SG Smart Governance" and chart.rows[0].group and chart.panels == 2
    marked = {r.label.split()[0]: r.marks for r in chart.rows if r.marks}
    assert len(marked) == 6 and all(marks == [0] for marks in marked.values()), "delivered in 2027"
    assert chart.mark == "Tahun Quick Win diselesaikan"


def test_a_smaller_sheet_shows_a_line_per_sub_dimension_and_keeps_the_marks(tmp_path: Path):
    root = copy_root("example", tmp_path / "ws")
    books = root / "templates" / "text" / "books"
    books.mkdir(parents=True)
    poster = (templates_dir() / "text" / "books" / "poster.yaml").read_text(encoding="utf-8")
    (books / "poster.yaml").write_text(poster.replace("paper: A2", "paper: A3"), encoding="utf-8")
    model, _ = api.document(root, build_date=DAY, book="poster")
    chart = _chart(model)
    lines = [r for r in chart.rows if not r.group]
    assert model.meta.paper == "A3" and all(r.label.endswith("program)") for r in lines)
    assert sum(int(r.label.rsplit("(", 1)[1].split()[0]) for r in lines) == 70
    assert sum(len(r.marks) for r in lines) >= 1


def test_the_halves_of_a_poster_start_at_a_dimension():
    rows = [TimelineRow(label=f"D{d}", group=True) if i == 0 else TimelineRow(label=f"D{d}-{i}")
            for d, size in enumerate([5, 20, 4, 9]) for i in range(size)]
    chart = Timeline(ticks=["2027"], rows=rows, panels=2)
    halves = _panels(chart)
    assert [h[0].label for h in halves] == ["D0", "D2"] and sum(map(len, halves)) == len(rows)
    assert _panels(chart.model_copy(update={"panels": 1})) == [rows]


@pytest.fixture(scope="module")
def poster_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("poster")
    result = api.build(EXAMPLE, fmt="all", outdir=out, build_date=DAY, libreoffice=False, book="poster")
    assert result.warnings == []
    return {path.suffix: path for path in result.files}


def _one_a2_landscape_sheet(pdf: Path) -> None:
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == 1, "one sheet"
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == pytest.approx(A2_LANDSCAPE_PT, abs=2)


def test_the_poster_pdf_is_one_a2_sheet_whose_labels_read_at_arms_length(poster_files: dict[str, Path]):
    pdf = poster_files[".pdf"]
    _one_a2_landscape_sheet(pdf)
    words = word_boxes(pdf)
    codes = {w[5]: w for w in words if w[5][:3] in ("SG-", "SB-", "SE-", "SL-", "SS-", "SV-")}
    assert len(codes) == 70, "every programme's code is text, not a picture"
    heights = sorted(w[4] - w[2] for w in codes.values())
    assert heights[0] >= 9.0, f"labels of {heights[0]:.1f} pt are too small on a poster"
    lefts = sorted({round(w[1]) for w in codes.values()})
    assert lefts[-1] - lefts[0] > 700, "two halves side by side"


def test_the_poster_docx_opens_in_libreoffice_as_one_a2_sheet(poster_files: dict[str, Path], tmp_path: Path):
    soffice = office.find_soffice()
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the poster's Word file cannot be read back")
    pdf = office.convert(poster_files[".docx"], "pdf", tmp_path, soffice=soffice, timeout=300)
    _one_a2_landscape_sheet(pdf)
    text = " ".join(pypdf.PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "PETA JALAN SMART CITY KABUPATEN SUKAMAJU 2027–2036" in text and "Gambar 1 Peta Jalan Program" in text
