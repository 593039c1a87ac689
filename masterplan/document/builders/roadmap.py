"""Builders of BAB VI: action plans, roadmap grids, quick wins with their year-one schedule."""

from __future__ import annotations

from typing import Any

from masterplan.answers.contribution import Row
from masterplan.document.assembly import (
    STATUS_MARKS,
    STATUS_SHADES,
    Assembly,
    builder,
    code_order,
    grouped,
    make_table,
    show,
)
from masterplan.document.builders.attached import quick_win_photos
from masterplan.document.model import (
    OTHER_SHADE,
    Block,
    Heading,
    Paragraph,
    QuickWinSchedule,
    RoadmapGrid,
    RoadmapRow,
    ScheduleActivity,
    StatusStyle,
    TableRow,
    question_anchor,
    row_anchor,
)
from masterplan.formatting import angka, juta, rupiah, rupiah_short, year_range

# --- BAB VI ------------------------------------------------------------------------


@builder("action_plans")
def action_plans(a: Assembly) -> list[Block]:
    """Action plans, one table per category."""
    rows = a.rows(3, "action_plans")
    if not rows:
        return a.missing(3, "action_plans")
    categories = a.plan.definitions.choices.lists["action_categories"]
    blocks: list[Block] = []
    for index, (category, members) in enumerate(
        grouped(rows, lambda r: r.get("category") or "", categories.codes()), start=1
    ):
        title = a.label("action_categories", category)
        blocks.append(Heading(level=3, number=a.subsection(index), text=title))
        body = [
            TableRow(
                cells=[
                    show(r.get("code")),
                    show(r.get("action")),
                    show(r.get("steps")),
                    "; ".join(distinct(show(r.get("output")), show(r.get("indicator")))),
                    a.opd_short(r.get("opd")),
                    _years(r.get("start_year"), r.get("end_year")),
                    rupiah_short(r.get("budget")) if r.get("budget") is not None else "-",
                ]
            )
            for r in sorted(members, key=code_order)
        ]
        columns = [
            ("Kode", 1.5),
            ("Aksi", 2.4),
            ("Tahapan", 4),
            ("Keluaran dan Indikator", 3.2),
            ("OPD", 1.8),
            ("Tahun", 1.5),
            ("Anggaran", 1.8),
        ]
        anchors = [question_anchor(3, "action_plans")]
        table = make_table(a, f"Rencana Aksi {title}", columns, body, align={6: "right"}, anchors=anchors)
        blocks.append(table)
    return blocks


def _years(first: Any, last: Any) -> str:
    """Give "2027–2029", "2027" for one year, "-" when unknown."""
    if isinstance(first, int) and isinstance(last, int):
        return year_range(first, last)
    return show(first if first is not None else last)


def distinct(*texts: str) -> list[str]:
    """``texts`` without repeats, and without one that another already contains ("-" dropped too)."""
    kept: list[str] = []
    for text in texts:
        if text != "-" and not any(text in other for other in kept):
            kept = [other for other in kept if other not in text] + [text]
    return kept or ["-"]


def _legend(a: Assembly) -> list[StatusStyle]:
    """Each roadmap status with its shade and its mark (P, B, O; else the label's first letters)."""
    options = a.plan.definitions.choices.lists["roadmap_status"].options
    marks: list[str] = []
    for option in options:
        mark = STATUS_MARKS.get(option.code, "")
        size = 1
        while (not mark or mark in marks) and size <= len(option.label):
            mark, size = option.label[:size].upper(), size + 1
        if not mark or mark in marks:
            mark = f"{option.code[:1].upper()}{len(marks) + 1}"
        marks.append(mark)
    return [
        StatusStyle(code=o.code, label=o.label, shade=STATUS_SHADES.get(o.code, OTHER_SHADE), mark=mark)
        for o, mark in zip(options, marks, strict=True)
    ]


@builder("roadmap")
def roadmap(a: Assembly) -> list[Block]:
    """One roadmap grid per dimension: a column per year, grouped by sub-dimension."""
    placed = {str(r.get("program")).upper(): r for r in a.rows(3, "roadmap") if r.get("program")}
    programmes = a.programmes
    if not placed:
        return a.missing(3, "roadmap")
    years = a.plan.region.period.years
    blocks: list[Block] = []
    for dimension in a.plan.definitions.choices.dimensions:
        members = [r for r in programmes if r.get("dimension") == dimension.code]
        order = [s.code for s in dimension.subdimensions]
        grid_rows = []
        for sub, group in grouped(
            sorted(members, key=code_order), lambda r: r.get("subdimension") or "", order
        ):
            for r in group:
                placement = placed.get(str(r.get("code")).upper())
                timeline = (placement.get("years") if placement else None) or {}
                grid_rows.append(
                    RoadmapRow(
                        code=show(r.get("code")),
                        name=show(r.get("name")),
                        opd=a.opd_short(r.get("opd")),
                        group=a.subdimension_label(sub),
                        statuses=[timeline.get(y) for y in years],
                        anchors=[row_anchor(show(r.get("code")))],
                    )
                )
        if grid_rows:
            blocks.append(
                RoadmapGrid(
                    number=a.next_table(),
                    caption=f"Peta Jalan Dimensi {dimension.label}",
                    source=a.source,
                    years=years,
                    rows=grid_rows,
                    legend=_legend(a),
                    anchors=[question_anchor(3, "roadmap")],
                    accent=a.colour(dimension.code),
                )
            )
            blocks += _yearly_budget(a, dimension.label, sorted(members, key=code_order), years)
    return blocks


def _yearly_budget(a: Assembly, label: str, members: list[Row], years: list[int]) -> list[Block]:
    """The pagu of each programme of a dimension per year (from the budget lines), in millions."""
    lines_of = a.budget_lines
    detailed = [(r, lines_of[c]) for r in members if (c := str(r.get("code")).upper()) in lines_of]
    if not detailed:
        return []
    body = []
    for r, lines in detailed:
        per_year = {y: 0.0 for y in years}
        for line in lines:
            if line.get("year") in per_year:
                per_year[line.get("year")] += line.get("amount") or 0
        cells = [juta(per_year[y]) if per_year[y] else "-" for y in years]
        body.append(TableRow(cells=[show(r.get("code")), *cells, juta(sum(per_year.values()))],
                             anchors=[row_anchor(show(r.get("code")))]))
    columns = [("Kode", 1.3), *((str(y), 1.0) for y in years), ("Jumlah", 1.3)]
    right = {i: "right" for i in range(1, len(years) + 2)}
    return [make_table(a, f"Pagu Indikatif per Tahun Dimensi {label} (juta rupiah)", columns, body,
                       align=right, anchors=[question_anchor(2, "budget_plan")])]


@builder("enabler_roadmap")
def enabler_roadmap(a: Assembly) -> list[Block]:
    """The enabler roadmap, grouped by enabler kind."""
    rows = a.rows(3, "enabler_roadmap")
    if not rows:
        return a.missing(3, "enabler_roadmap")
    years = a.plan.region.period.years
    kinds = a.plan.definitions.choices.lists["enabler_kinds"]
    grid_rows = [
        RoadmapRow(
            code=show(r.get("code")),
            name=show(r.get("name")),
            opd=a.opd_short(r.get("opd")),
            group=a.label("enabler_kinds", kind),
            statuses=[(r.get("years") or {}).get(y) for y in years],
            anchors=[row_anchor(show(r.get("code")))],
        )
        for kind, group in grouped(rows, lambda r: r.get("kind") or "", kinds.codes())
        for r in group
    ]
    return [
        RoadmapGrid(
            number=a.next_table(),
            caption="Peta Jalan Enabler",
            source=a.source,
            years=years,
            rows=grid_rows,
            legend=_legend(a),
            anchors=[question_anchor(3, "enabler_roadmap")],
        )
    ]


_QUICK_WIN_FIELDS = [
    ("program", "Program"),
    ("year", "Tahun pelaksanaan"),
    ("background", "Latar belakang"),
    ("objectives", "Tujuan"),
    ("beneficiaries", "Penerima manfaat"),
    ("solution", "Solusi dan inovasi"),
    ("opd", "OPD penanggung jawab"),
    ("partners", "Mitra"),
    ("budget", "Anggaran"),
    ("funding", "Sumber dana"),
    ("success_indicator", "Indikator keberhasilan"),
    ("target", "Target"),
    ("impact", "Dampak yang diharapkan"),
    ("risks", "Risiko"),
    ("mitigation", "Mitigasi"),
    ("enabler_needs", "Kebutuhan enabler"),
]


@builder("quick_wins")
def quick_wins(a: Assembly) -> list[Block]:
    """Each quick win: its profile and its month-by-month schedule for year one."""
    years = a.plan.quick_win_years()
    if not years:
        return a.missing(4, "quick_wins")
    programmes = a.plan.programs()
    schedule: dict[str, list[Row]] = {}
    for s in a.rows(4, "quick_win_schedule"):
        schedule.setdefault(str(s.get("quick_win") or "").upper(), []).append(s)
    rows = [row for members in years.values() for row in members]
    blocks: list[Block] = []
    for index, r in enumerate(rows, start=1):
        year = a.plan.quick_win_year(r)
        code = show(r.get("code"))
        profile = [question_anchor(4, "quick_wins")]
        title = f"{code} {show(r.get('name'))}"
        blocks.append(Heading(level=3, number=a.subsection(index), text=title, anchors=profile))
        body = []
        for column, title in _QUICK_WIN_FIELDS:
            value: Any = year if column == "year" else r.get(column)
            if value is None:
                continue
            if column == "program":
                programme = programmes.get(str(value).upper())
                value = f"{value} {programme.get('name')}" if programme else value
            elif column == "opd":
                value = a.plan.region.opd_names.get(value, value)
            elif column == "budget":
                value = rupiah(value)
            elif column == "funding":
                value = a.labels("funding_sources", value)
            body.append(TableRow(cells=[title, show(value)]))
        columns = [("Uraian", 2), ("Keterangan", 7)]
        blocks.append(make_table(a, f"Profil Quick Win {code}", columns, body, anchors=profile))
        activities = [
            ScheduleActivity(
                activity=show(s.get("activity")),
                start=month_of(s.get("start_month")),
                end=max(month_of(s.get("start_month")), month_of(s.get("end_month"))),
                responsible=a.opd_short(s.get("responsible")) if s.get("responsible") else None,
            )
            for s in schedule.get(code.upper(), [])
        ]
        if activities:
            blocks.append(
                QuickWinSchedule(
                    number=a.next_table(),
                    caption=f"Jadwal Pelaksanaan Quick Win {code}",
                    source=a.source,
                    year=year,
                    activities=activities,
                    anchors=[question_anchor(4, "quick_win_schedule")],
                )
            )
        blocks += quick_win_photos(a, code)
    return blocks


@builder("quick_win_summary")
def quick_win_summary(a: Assembly) -> list[Block]:
    """The quick wins in one table: code and name, lead OPD, year, budget and the 12-month target."""
    years = a.plan.quick_win_years()
    if not years:
        return a.missing(4, "quick_wins")
    body = [
        TableRow(cells=[
            show(r.get("code")),
            show(r.get("name")),
            a.opd_short(r.get("opd")) if r.get("opd") else "-",
            str(a.plan.quick_win_year(r)),
            rupiah(r.get("budget")) if r.get("budget") is not None else "-",
            show(r.get("target")),
        ])
        for members in years.values()
        for r in members
    ]
    columns = [("Kode", 1.2), ("Quick Win", 3.6), ("OPD", 1.5), ("Tahun", 1), ("Anggaran", 2.5),
               ("Target 12 Bulan", 4)]
    return [
        make_table(a, "Daftar Quick Win", columns, body, align={3: "center", 4: "right"},
                   anchors=[question_anchor(4, "quick_wins")])
    ]


@builder("quick_win_progress")
def quick_win_progress(a: Assembly) -> list[Block]:
    """Planned against done for each quick win: every activity's months, its progress and when it was done."""
    years = a.plan.quick_win_years()
    if not years:
        return a.missing(4, "quick_wins")
    schedule: dict[str, list[Row]] = {}
    for s in a.rows(4, "quick_win_schedule"):
        schedule.setdefault(str(s.get("quick_win") or "").upper(), []).append(s)
    reported = [s for rows in schedule.values() for s in rows if s.get("progress") is not None]
    if not reported:
        text = ("Capaian belum dilaporkan. Kolom Realisasi dan Bulan selesai pada jadwal quick win "
                "(Bimtek IV) diisi selama tahun pelaksanaan; buku ini dapat diterbitkan ulang setiap kali "
                "capaian diperbarui.")
        return [Paragraph(text=text, anchors=[question_anchor(4, "quick_win_schedule")])]
    done = sum(1 for s in reported if (s.get("progress") or 0) >= 100)
    average = sum(float(s.get("progress") or 0) for s in reported) / len(reported)
    blocks: list[Block] = [Paragraph(text=(
        f"Dari {len(reported)} kegiatan yang telah dilaporkan, {done} selesai; rata-rata realisasi "
        f"{angka(round(average, 1))} persen."
    ))]
    for members in years.values():
        for r in members:
            code = show(r.get("code"))
            body = [
                TableRow(cells=[
                    show(s.get("activity")), _months(s),
                    f"{angka(s.get('progress'))}%" if s.get("progress") is not None else "-",
                    f"Bulan ke-{s.get('done_month')}" if s.get("done_month") else "-",
                ])
                for s in schedule.get(code.upper(), [])
            ]
            if body:
                columns = [("Kegiatan", 5), ("Rencana", 2), ("Realisasi", 1.5), ("Selesai", 1.8)]
                blocks.append(make_table(a, f"Capaian Quick Win {code} {show(r.get('name'))}", columns, body,
                                         align={1: "center", 2: "right", 3: "center"},
                                         anchors=[question_anchor(4, "quick_win_schedule")]))
    return blocks


def _months(activity: Row) -> str:
    start = month_of(activity.get("start_month"))
    end = max(start, month_of(activity.get("end_month")))
    return f"Bulan ke-{start}" if start == end else f"Bulan ke-{start}-{end}"


def month_of(value: Any) -> int:
    """A schedule's month (1-12) as typed; January when it is not a number."""
    return min(12, max(1, int(value))) if isinstance(value, int) else 1
