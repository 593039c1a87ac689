"""Builders of the figures drawn from the answers.

Readiness, budget per year, funding per dimension, the roadmap overview, the quick-win
timeline and the organisation chart. Each returns a sentence that refers to the figure by
number and a numbered :class:`Figure` holding a chart model; the renderers draw it (vector
in the PDF, an image in Word).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from masterplan.answers.contribution import Row
from masterplan.document.assembly import MONTHS, Assembly, asset_path, builder, code_order, grouped, show
from masterplan.document.builders.roadmap import month_of
from masterplan.document.model import (
    Bar,
    BarChart,
    Block,
    Chart,
    Figure,
    OrgBox,
    OrgChart,
    Paragraph,
    Series,
    Swatch,
    Timeline,
    TimelineRow,
    question_anchor,
)
from masterplan.document.page import text_height_mm, text_width_mm
from masterplan.document.palette import ENABLER_COLOUR, source_colour, tint
from masterplan.formatting import angka, daftar, miliar, rupiah_short
from masterplan.models.region import RegionFigure

OVERVIEW_ROWS = 80
"""The roadmap overview shows a line per programme up to this many lines, else a line per sub-dimension."""

STATUS_TINTS = {"persiapan": 0.35, "pembangunan": 0.65, "operasional": 1.0}
"""How strongly a roadmap status shows its dimension's colour (other statuses: 0.5)."""


def figure(
    a: Assembly, caption: str, chart: Chart, text: str, shows: str, anchors: Sequence[str] = ()
) -> list[Block]:
    """A sentence that refers to the figure ("Gambar 3.1 menyajikan ``shows``."), then the figure.

    The figure is numbered in the current chapter and drawn across the text width; ``text``
    describes it in words (the alternative text).
    """
    width = text_width_mm(a.paper, a.landscape) / 10
    number = a.next_figure()
    return [
        Paragraph(text=f"Gambar {number} menyajikan {shows}.", anchors=list(anchors)),
        Figure(
            number=number,
            caption=caption,
            source=a.source,
            chart=chart,
            text=text,
            width_cm=round(width, 2),
            anchors=list(anchors),
        ),
    ]


def _dimensions(a: Assembly) -> list[tuple[str, str, str]]:
    """(code, label, colour) of every dimension, in the choice list's order."""
    return [(d.code, d.label, a.colour(d.code)) for d in a.plan.definitions.choices.dimensions]


@builder("readiness_chart")
def readiness_chart(a: Assembly) -> list[Block]:
    """The mean readiness rating of each element (struktur, infrastruktur, suprastruktur) on the 1-5 scale."""
    rows = a.rows(1, "readiness")
    ratings = a.plan.definitions.choices.lists["readiness_ratings"]
    elements = a.plan.definitions.choices.lists["readiness_elements"]
    scale = [f"{o.code} {o.label}" for o in ratings.options]
    means: list[tuple[str, float, int]] = []
    for element, members in grouped(rows, lambda r: r.get("element") or "", elements.codes()):
        values = [int(r.get("rating")) for r in members if str(r.get("rating") or "").isdigit()]
        if values:
            means.append((a.label("readiness_elements", element), sum(values) / len(values), len(values)))
    if not means:
        return []
    colours = ["1F4E79", "2E75B6", "9DC3E6"]
    chart = BarChart(
        categories=[label for label, _, _ in means],
        series=[
            Series(label="Rata-rata nilai", colour=colours[0], values=[round(m, 2) for _, m, _ in means])
        ],
        horizontal=True,
        scale=scale,
    )
    text = "; ".join(f"{label} rata-rata {angka(mean, 1)} dari {n} aspek" for label, mean, n in means)
    return figure(
        a,
        "Tingkat Kesiapan Daerah per Elemen",
        chart,
        f"Nilai kesiapan: {text}.",
        "rata-rata nilai kesiapan setiap elemen pada skala 1 (sangat kurang) sampai 5 (sangat baik)",
        [question_anchor(1, "readiness")],
    )


def _dimension_of(a: Assembly) -> dict[str, str]:
    return {str(r.get("code")).upper(): str(r.get("dimension")) for r in a.programmes}


@builder("budget_chart")
def budget_chart(a: Assembly) -> list[Block]:
    """The indicative budget per year, stacked by dimension (from the budget lines, in miliar)."""
    lines = [line for rows in a.budget_lines.values() for line in rows]
    dimension_of = _dimension_of(a)
    years = [y for y in a.plan.region.period.years]
    sums: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for line in lines:
        if line.get("year") in years:
            dim = dimension_of.get(str(line.get("program")).upper(), "")
            sums[dim][line.get("year")] += (line.get("amount") or 0) / 1e9
    if not sums:
        return []
    series = [
        Series(label=f"{code} {label}", colour=colour, values=[round(sums[code][y], 3) for y in years])
        for code, label, colour in _dimensions(a)
        if code in sums
    ]
    totals = [sum(s.values[i] for s in series) for i in range(len(years))]
    peak = max(range(len(years)), key=lambda i: totals[i])
    chart = BarChart(categories=[str(y) for y in years], series=series, unit="miliar rupiah")
    text = (
        f"Pagu indikatif per tahun menurut dimensi; tertinggi pada tahun {years[peak]} sebesar "
        f"{rupiah_short(totals[peak] * 1e9)}."
    )
    return figure(
        a,
        "Pagu Indikatif per Tahun menurut Dimensi",
        chart,
        text,
        "pagu indikatif setiap tahun menurut dimensi",
        [question_anchor(2, "budget_plan")],
    )


@builder("funding_chart")
def funding_chart(a: Assembly) -> list[Block]:
    """The indicative budget of each dimension split by funding source (from the budget lines, in miliar)."""
    lines = [line for rows in a.budget_lines.values() for line in rows]
    if not lines:
        return []
    dimension_of = _dimension_of(a)
    codes = a.plan.definitions.choices.lists["funding_sources"].codes()
    used = [c for c in codes if any(line.get("source") == c for line in lines)]
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in lines:
        dim = dimension_of.get(str(line.get("program")).upper(), "")
        sums[str(line.get("source"))][dim] += (line.get("amount") or 0) / 1e9
    dims = [d for d in _dimensions(a) if any(sums[s][d[0]] for s in used)]
    series = [
        Series(
            label=a.label("funding_sources", s),
            colour=source_colour(codes.index(s)),
            values=[round(sums[s][code], 3) for code, _, _ in dims],
        )
        for s in used
    ]
    chart = BarChart(
        categories=[f"{code} {label}" for code, label, _ in dims],
        series=series,
        horizontal=True,
        unit="miliar rupiah",
    )
    shares = [f"{a.label('funding_sources', s)} {miliar(sum(sums[s].values()) * 1e9)} miliar" for s in used]
    text = f"Pagu indikatif per dimensi menurut sumber dana: {daftar(shares)}."
    return figure(
        a,
        "Pagu Indikatif per Dimensi menurut Sumber Dana",
        chart,
        text,
        "pagu indikatif setiap dimensi menurut sumber dana",
        [question_anchor(2, "budget_plan")],
    )


def _runs(statuses: list[Any]) -> list[tuple[int, int, Any]]:
    """Consecutive equal statuses: (first column, last column, status), empty years left out."""
    runs: list[tuple[int, int, Any]] = []
    for i, status in enumerate(statuses):
        if status is None:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == status:
            runs[-1] = (runs[-1][0], i, status)
        else:
            runs.append((i, i, status))
    return runs


def _status_legend(a: Assembly) -> list[Swatch]:
    options = a.plan.definitions.choices.lists["roadmap_status"].options
    return [Swatch(label=o.label, colour=tint("595959", STATUS_TINTS.get(o.code, 0.5))) for o in options]


@builder("roadmap_overview")
def roadmap_overview(a: Assembly) -> list[Block]:
    """The whole roadmap on one page, coloured by dimension, lighter for preparation, darker for operation.

    A line per programme; in a plan too large for a page, a line per sub-dimension.
    """
    found = _overview(a, OVERVIEW_ROWS)
    if found is None:
        return []
    chart, text = found
    shows = (
        "ikhtisar peta jalan seluruh program; warna menunjukkan dimensi, makin tua warnanya makin lanjut "
        "tahapannya (persiapan, pembangunan, operasional)"
    )
    return figure(a, "Ikhtisar Peta Jalan Program", chart, text, shows, [question_anchor(3, "roadmap")])


POSTER_PANELS = 2
"""The poster draws the roadmap in two halves side by side: twice the line height and letter size."""
POSTER_LINE_CM = 0.55
"""The least height of a poster's line (letters of 10 pt); more lines become a line per sub-dimension."""
POSTER_TEXT_CM = 6.5
"""What a poster's sheet keeps above and below the chart: title, introduction, caption and source."""


@builder("poster_roadmap")
def poster_roadmap(a: Assembly) -> list[Block]:
    """The roadmap of every programme on one landscape sheet, quick wins marked with a diamond.

    Two halves side by side fill the sheet; a plan with more lines than the sheet holds at a
    legible size shows a line per sub-dimension (its quick wins still marked).
    """
    width = text_width_mm(a.paper, True) / 10
    height = text_height_mm(a.paper, True) / 10 - POSTER_TEXT_CM
    lines = int((height - 3.0) / POSTER_LINE_CM) * POSTER_PANELS
    found = _overview(a, lines, marks=True)
    if found is None:
        return a.missing(3, "roadmap")
    chart, text = found
    chart = chart.model_copy(update={"height_cm": round(height, 2), "panels": POSTER_PANELS})
    return [Figure(
        number="1", caption="Peta Jalan Program Smart City", source=a.source, chart=chart, text=text,
        width_cm=round(width, 2), anchors=[question_anchor(3, "roadmap")],
    )]


def _overview(a: Assembly, max_lines: int, marks: bool = False) -> tuple[Timeline, str] | None:
    """The roadmap overview chart and its description, in at most ``max_lines`` lines if it can.

    A line per programme under a line per dimension; when that is too many, a line per
    sub-dimension. With ``marks``, the year each quick win is delivered carries a diamond.
    """
    placed = {
        str(r.get("program")).upper(): (r.get("years") or {})
        for r in a.rows(3, "roadmap")
        if r.get("program")
    }
    if not placed:
        return None
    years = a.plan.region.period.years
    options = a.plan.definitions.choices.lists["roadmap_status"].codes()
    rank = {code: i for i, code in enumerate(options)}
    delivered: dict[str, list[int]] = defaultdict(list)
    for year, quick_wins in a.plan.quick_win_years().items() if marks else ():
        for row in quick_wins:
            if row.get("program") and year in years:
                delivered[str(row.get("program")).upper()].append(years.index(year))
    programmes = a.programmes
    by_programme = len(programmes) + len(_dimensions(a)) <= max_lines
    rows: list[TimelineRow] = []
    for code, label, colour in _dimensions(a):
        members = sorted((r for r in programmes if r.get("dimension") == code), key=code_order)
        if not members:
            continue
        rows.append(TimelineRow(label=f"{code} {label}", group=True))
        if by_programme:
            for r in members:
                key = str(r.get("code")).upper()
                timeline = placed.get(key, {})
                name = f"{show(r.get('code'))} {show(r.get('name'))}"
                line = _timeline_row(name, [timeline.get(y) for y in years], colour)
                line.marks = sorted(set(delivered.get(key, [])))
                rows.append(line)
            continue
        dimension = next(d for d in a.plan.definitions.choices.dimensions if d.code == code)
        order = [s.code for s in dimension.subdimensions]
        for sub, group in grouped(members, lambda r: r.get("subdimension") or "", order):
            statuses = []
            for y in years:  # the most advanced status of the sub-dimension's programmes that year
                found = [str(s) for r in group if (s := placed.get(str(r.get("code")).upper(), {}).get(y))]
                statuses.append(max(found, key=lambda s: rank.get(s, -1)) if found else None)
            line = _timeline_row(f"{a.subdimension_label(sub)} ({len(group)} program)", statuses, colour)
            line.marks = sorted({m for r in group for m in delivered.get(str(r.get("code")).upper(), [])})
            rows.append(line)
    mark = "Tahun Quick Win diselesaikan" if delivered else ""
    chart = Timeline(ticks=[str(y) for y in years], rows=rows, legend=_status_legend(a), mark=mark)
    unit = "program" if by_programme else "subdimensi"
    count = sum(len(m) for m in delivered.values())
    marked = f"; {count} quick win ditandai belah ketupat" if count else ""
    text = (
        f"Ikhtisar peta jalan {len(programmes)} program per {unit} selama {len(years)} tahun "
        f"({years[0]}-{years[-1]}), diwarnai menurut dimensi{marked}."
    )
    return chart, text


def _timeline_row(label: str, statuses: list[Any], colour: str) -> TimelineRow:
    bars = [
        Bar(start=s, end=e, colour=tint(colour, STATUS_TINTS.get(str(status), 0.5)))
        for s, e, status in _runs(statuses)
    ]
    return TimelineRow(label=label, bars=bars)


@builder("quick_win_timeline")
def quick_win_timeline(a: Assembly) -> list[Block]:
    """The quick wins of each year on a 12-month line: a line per quick win, darker in busier months.

    The activities themselves are in each quick win's schedule table; the figure shows the year.
    """
    years = a.plan.quick_win_years()
    schedule: dict[str, list[Row]] = defaultdict(list)
    for s in a.rows(4, "quick_win_schedule"):
        schedule[str(s.get("quick_win") or "").upper()].append(s)
    colours = {code: colour for code, _, colour in _dimensions(a)}
    programmes = a.plan.programs()
    blocks: list[Block] = []
    for year, members in years.items():
        rows: list[TimelineRow] = []
        used: dict[str, str] = {}
        for r in members:
            code = show(r.get("code"))
            activities = schedule.get(code.upper(), [])
            if not activities:
                continue
            programme = programmes.get(str(r.get("program") or "").upper())
            dim = str(programme.get("dimension")) if programme else ""
            colour = colours.get(dim, ENABLER_COLOUR)
            if dim in colours:
                used[dim] = colour
            busy = [0] * 12
            for s in activities:
                start = month_of(s.get("start_month"))
                for month in range(start, max(start, month_of(s.get("end_month"))) + 1):
                    busy[month - 1] += 1
            levels = [min(count, 3) or None for count in busy]  # 1, 2, 3 or more activities at once
            bars = [Bar(start=first, end=last, colour=tint(colour, 0.25 + 0.25 * level))
                    for first, last, level in _runs(levels)]
            rows.append(TimelineRow(label=f"{code} {show(r.get('name'))}", bars=bars))
        if not rows:
            continue
        legend = [
            Swatch(label=f"{c} {label}", colour=colour) for c, label, colour in _dimensions(a) if c in used
        ]
        chart = Timeline(ticks=MONTHS, rows=rows, legend=legend)
        text = f"Jadwal {len(rows)} quick win tahun {year} per bulan, diwarnai menurut dimensi program."
        blocks += figure(
            a,
            f"Lini Masa Quick Win Tahun {year}",
            chart,
            text,
            f"bulan pelaksanaan setiap quick win tahun {year}; warna menunjukkan dimensi dan makin tua "
            "warnanya makin banyak kegiatan yang berjalan pada bulan itu",
            [question_anchor(4, "quick_win_schedule")],
        )
    return blocks


@builder("organisation_chart")
def organisation_chart(a: Assembly) -> list[Block]:
    """The Dewan Smart City over the Tim Pelaksana: chair, vice chairs and secretary, then the members."""
    members = a.rows(1, "team_members")
    chair = a.value(1, "council_chair")
    if not members and not chair:
        return []
    labels = a.plan.region.labels
    levels: list[list[OrgBox]] = []
    if chair:
        levels.append([OrgBox(title=labels.council, lines=[f"Ketua: {chair}"])])
    by_role: dict[str, list[Row]] = defaultdict(list)
    for m in members:
        by_role[str(m.get("role") or "anggota")].append(m)

    def boxes(role: str) -> list[OrgBox]:
        title = a.label("team_roles", role)
        return [
            OrgBox(
                title=f"{title} {labels.team}" if role == "ketua" else title,
                lines=[show(m.get("name")), show(m.get("position"))],
            )
            for m in by_role.get(role, [])
        ]

    for level in (boxes("ketua"), boxes("wakil-ketua") + boxes("sekretaris")):
        if level:
            levels.append(level)
    known = {"ketua", "wakil-ketua", "sekretaris"}
    rest = [m for role, group in by_role.items() if role not in known for m in group]
    if rest:
        levels.append(
            [
                OrgBox(
                    title=a.label("team_roles", m.get("role")),
                    lines=[show(m.get("name")), show(m.get("position"))],
                )
                for m in rest
            ]
        )
    text = f"{labels.council} dan susunan {labels.team} beranggotakan {len(members)} orang."
    anchors = [question_anchor(1, "council_chair"), question_anchor(1, "team_members")]
    return figure(
        a,
        f"Struktur Organisasi {labels.council} dan {labels.team}",
        OrgChart(levels=levels),
        text,
        f"struktur organisasi {labels.council} dan {labels.team}",
        anchors,
    )


def region_figures(a: Assembly, items: list[RegionFigure]) -> list[Block]:
    """The region's own pictures (region.yaml ``figures``), numbered in the current chapter.

    A file that is missing or outside ``assets/`` (``check`` reports it) still gets its caption;
    the renderers show a visible note in place of the picture.
    """
    blocks: list[Block] = []
    for item in items:
        path = asset_path(a, item.file)
        blocks.append(
            Figure(number=a.next_figure(), caption=item.caption, source=item.source,
                   path=str(path) if path else item.file, width_cm=item.width_cm)
        )
    return blocks
