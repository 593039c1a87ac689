"""Figures drawn from the answers: the chart model the builders make, and the drawing both renderers use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE, copy_root, edit_yaml

from masterplan import api
from masterplan.document.builders import figures
from masterplan.document.builders.figures import OVERVIEW_ROWS
from masterplan.document.model import (
    Bar,
    BarChart,
    Document,
    Figure,
    OrgBox,
    OrgChart,
    Series,
    Timeline,
    TimelineRow,
)
from masterplan.document.palette import DIMENSION_COLOURS, dimension_colour, tint
from masterplan.renderers import charts


@pytest.fixture(scope="module")
def model() -> Document:
    return api.document(EXAMPLE)[0]


def charts_of(model: Document) -> Iterator[Figure]:
    return (f for f in model.figures() if f.chart is not None)


def test_the_example_has_the_six_figures_numbered_in_their_chapters(model: Document):
    found = {f.caption: (f.number, f.chart.kind) for f in charts_of(model) if f.chart is not None}
    assert found == {
        "Tingkat Kesiapan Daerah per Elemen": ("3.1", "bars"),
        "Pagu Indikatif per Tahun menurut Dimensi": ("5.1", "bars"),
        "Pagu Indikatif per Dimensi menurut Sumber Dana": ("5.2", "bars"),
        "Ikhtisar Peta Jalan Program": ("6.1", "timeline"),
        "Lini Masa Quick Win Tahun 2027": ("6.2", "timeline"),
        "Struktur Organisasi Dewan Smart City dan Tim Pelaksana Smart City": ("L.1", "org"),
    }


def test_the_text_refers_to_each_figure_by_number(model: Document):
    text = model.model_dump_json()
    for figure in charts_of(model):
        assert f"Gambar {figure.number} menyajikan" in text
        assert figure.text  # the alternative text says what the chart shows


def test_budget_chart_adds_up_to_the_budget_lines(model: Document):
    chart = next(f.chart for f in charts_of(model) if f.number == "5.1")
    assert isinstance(chart, BarChart)
    plan = api.load_plan(EXAMPLE).plan
    assert plan is not None
    lines = [line for rows in plan.budget_lines().values() for line in rows]
    expected = sum(line.get("amount") or 0 for line in lines) / 1e9
    drawn = sum(sum(s.values) for s in chart.series)
    assert drawn == pytest.approx(expected, rel=1e-3)
    assert [s.colour for s in chart.series] == [DIMENSION_COLOURS[s.label.split()[0]] for s in chart.series]


def test_roadmap_overview_has_a_line_per_programme_coloured_by_dimension(model: Document):
    chart = next(f.chart for f in charts_of(model) if f.number == "6.1")
    assert isinstance(chart, Timeline)
    lines = [r for r in chart.rows if not r.group]
    assert len(lines) == 70 and chart.ticks[0] == "2027" and len(chart.ticks) == 10
    sg = next(r for r in lines if r.label.startswith("SG-02 "))
    colours = {b.colour for b in sg.bars}
    # SG-02 is prepared, then operated: the light and the full shade of the Smart Governance blue
    assert colours <= {tint(DIMENSION_COLOURS["SG"], share) for share in (0.35, 0.65, 1.0)}
    assert tint(DIMENSION_COLOURS["SG"], 1.0) in colours


def test_a_large_plan_shows_a_line_per_subdimension(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(figures, "OVERVIEW_ROWS", 20)  # the example's 70 programmes count as a large plan
    chart = next(
        f.chart for f in charts_of(api.document(EXAMPLE)[0]) if f.caption == "Ikhtisar Peta Jalan Program"
    )
    assert isinstance(chart, Timeline)
    lines = [r.label for r in chart.rows if not r.group]
    plan = api.load_plan(EXAMPLE).plan
    assert plan is not None
    services = sum(1 for r in plan.rows(2, "programs") if r.get("subdimension") == "SG-LAYANAN")
    assert len(lines) == 18 and lines[0] == f"Layanan Publik ({services} program)"
    assert OVERVIEW_ROWS >= 80


def test_organisation_chart_follows_the_team(model: Document):
    chart = next(f.chart for f in charts_of(model) if f.number == "L.1")
    assert isinstance(chart, OrgChart)
    assert chart.levels[0][0].title == "Dewan Smart City"
    assert [b.title for b in chart.levels[1]] == ["Ketua Tim Pelaksana Smart City"] * 2  # co-chaired
    assert sum(len(level) for level in chart.levels[1:]) == 14


def test_quick_win_timeline_spans_the_scheduled_months(model: Document):
    chart = next(f.chart for f in charts_of(model) if f.number == "6.2")
    assert isinstance(chart, Timeline) and chart.ticks[0] == "Jan" and len(chart.ticks) == 12
    assert [r.label[:5] for r in chart.rows] == [f"QW-0{i}" for i in range(1, 7)]  # a line per quick win
    assert all(0 <= b.start <= b.end <= 11 for r in chart.rows for b in r.bars)
    qw01 = chart.rows[0].bars
    assert qw01[0].start == 0 and qw01[-1].end == 11  # QW-01 runs from January to December
    assert len({b.colour for b in qw01}) > 1  # busier months are darker


def test_a_workspace_without_budget_lines_has_no_budget_figures(tmp_path: Path):
    root = copy_root("example", tmp_path)
    for path in (root / "answers" / "bimtek-2").glob("*.yaml"):
        edit_yaml(path, lambda d: d["answers"].pop("budget_plan", None))
    captions = [f.caption for f in charts_of(api.document(root)[0])]
    assert "Pagu Indikatif per Tahun menurut Dimensi" not in captions
    assert "Ikhtisar Peta Jalan Program" in captions


# --- drawing ------------------------------------------------------------------------


HOSTILE = 'Rp$5 <script>alert("x")</script> & $\\alpha$'


def test_answer_text_stays_text_in_the_svg():
    chart = Timeline(
        ticks=["Jan", "Feb"], rows=[TimelineRow(label=HOSTILE, bars=[Bar(start=0, end=1, colour="2E75B6")])]
    )
    svg = charts.svg(chart, 16.0, "fig-1")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "$\\alpha$" in svg  # no mathtext: a dollar sign stays a dollar sign
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("fig-1-") for i in ids)  # two charts on a page never share an id


def test_drawings_are_repeatable_and_sized_to_the_text_width():
    chart = BarChart(
        categories=["2027", "2028"],
        series=[Series(label="SG", colour="2E75B6", values=[1.5, 2.0])],
        unit="miliar rupiah",
    )
    assert charts.svg(chart, 15.5) == charts.svg(chart, 15.5)
    assert charts.png(chart, 15.5) == charts.png(chart, 15.5)
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', charts.svg(chart, 15.5))[1])
    assert width == pytest.approx(15.5 / 2.54 * 72, abs=0.5)


def test_a_very_long_timeline_still_fits_a_page():
    rows = [
        TimelineRow(label=f"Kegiatan {i}", bars=[Bar(start=0, end=2, colour="548235")]) for i in range(400)
    ]
    assert (
        charts.height_cm(Timeline(ticks=[str(y) for y in range(2027, 2047)], rows=rows), 15.5)
        <= charts.MAX_HEIGHT_CM
    )


def test_org_chart_boxes_do_not_overlap():
    members = [
        OrgBox(title="Anggota", lines=[f"Nama Anggota {i}", "Kepala Dinas " + "Panjang " * 4])
        for i in range(11)
    ]
    chart = OrgChart(levels=[[OrgBox(title="Dewan Smart City")], [OrgBox(title="Ketua")], members])
    boxes, height = charts._org_layout(chart, 15.5)
    assert len(boxes) == 13
    for i, (x, y, w, h, *_) in enumerate(boxes):
        assert x >= 0 and x + w <= 15.5 and y + h <= height
        for x2, y2, w2, h2, *_ in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_a_workspace_dimension_gets_a_spare_colour():
    assert dimension_colour("SG") == DIMENSION_COLOURS["SG"]
    spare = dimension_colour("SX", ["SG", "SX"])
    assert spare not in DIMENSION_COLOURS.values()
    assert tint("2E75B6", 0.0) == "FFFFFF" and tint("2E75B6", 1.0) == "2E75B6"


# --- the region's own figures -----------------------------------------------------------


def test_region_figure_closes_its_section(model: Document):
    geography = model.chapters[1].sections[0]
    figures_here = [b for b in geography.blocks if isinstance(b, Figure)]
    assert [f.caption for f in figures_here][-1].startswith("Peta Wilayah Administrasi")
    assert figures_here[-1].number == "2.2" and figures_here[-1].path and figures_here[-1].path.endswith(".png")


def test_region_figure_outside_assets_is_an_error_naming_the_line(tmp_path: Path):
    root = copy_root("example", tmp_path)
    edit_yaml(root / "region.yaml", lambda d: d["figures"][0].__setitem__("file", "answers/peta.png"))
    problems = [p for p in api.check(root).report if p.rule == "figure-not-in-assets"]
    assert len(problems) == 1
    assert problems[0].where.file == "region.yaml" and problems[0].where.line is not None
    assert "assets/" in problems[0].message()


def test_region_figure_of_an_unknown_section_is_kept_and_warned(tmp_path: Path):
    root = copy_root("example", tmp_path)
    edit_yaml(root / "region.yaml", lambda d: d["figures"][0].__setitem__("section", "Peta Lama"))
    model = api.document(root)[0]
    captions = [f.caption for f in model.figures()]
    assert any(c.startswith("Peta Wilayah Administrasi") for c in captions)  # not dropped
    text = model.model_dump_json()
    assert "Peta Lama" in text and "tidak ada dalam kerangka dokumen" in text  # listed in the draft's problems
