"""Builders of BAB I-IV: introduction, regional profile, strategic analysis, vision and strategy."""

from __future__ import annotations

from typing import Any

from masterplan.document.assembly import (
    Assembly,
    anchored,
    builder,
    emblem_path,
    grouped,
    make_table,
    show,
)
from masterplan.document.model import (
    Block,
    BulletList,
    Figure,
    Paragraph,
    TableRow,
    question_anchor,
)
from masterplan.document.prose import answer_blocks, render_prose
from masterplan.formatting import angka, period_text, rupiah_short

# --- BAB I -------------------------------------------------------------------------


@builder("systematics")
def systematics(a: Assembly) -> list[Block]:
    """Sistematika penulisan: one item per chapter of the outline."""
    return render_prose(a.dirs, "sistematika", a.context())


# --- BAB II ------------------------------------------------------------------------


@builder("emblem_figure")
def emblem_figure(a: Assembly) -> list[Block]:
    """The region's emblem as a figure, when region.yaml names one."""
    path = emblem_path(a)
    if path is None:
        return []
    caption = f"Lambang {a.wording.daerah}"
    return [
        Figure(number=a.next_figure(), caption=caption, source=a.wording.pemda, path=str(path), width_cm=4.0)
    ]


@builder("key_figures")
def key_figures(a: Assembly) -> list[Block]:
    """The region's key figures as a table."""
    v = a.value
    villages = a.wording.desa_kelurahan
    facts: list[tuple[str, Any, str]] = [
        ("Luas wilayah", v(1, "area_km2"), "km²"),
        ("Jumlah kecamatan", v(1, "districts"), "kecamatan"),
        (f"Jumlah {villages.replace('/', ' dan ')}", v(1, "villages"), villages),
        (f"Jumlah penduduk ({show(v(1, 'population_year'))})", v(1, "population"), "jiwa"),
        ("Laju pertumbuhan penduduk", v(1, "population_growth"), "% per tahun"),
        (
            f"PDRB atas dasar harga berlaku ({show(v(1, 'grdp_year'))})",
            rupiah_short(v(1, "grdp")) if v(1, "grdp") is not None else None,
            "",
        ),
        ("Laju pertumbuhan ekonomi", v(1, "economic_growth"), "%"),
        ("Indeks Pembangunan Manusia", v(1, "hdi"), ""),
        ("Persentase penduduk miskin", v(1, "poverty_rate"), "%"),
        ("Tingkat pengangguran terbuka", v(1, "unemployment_rate"), "%"),
    ]
    rows = [
        TableRow(cells=[name, angka(value) if isinstance(value, int | float) else str(value), unit])
        for name, value, unit in facts
        if value is not None
    ]
    if not rows:
        return a.missing(1, "area_km2") + a.missing(1, "population")
    source = a.value(1, "data_sources") or a.source
    return [
        make_table(
            a,
            f"Indikator Utama {a.wording.daerah}",
            [("Uraian", 5), ("Nilai", 3), ("Satuan", 2)],
            rows,
            source=str(source),
            align={1: "right"},
            anchors=[question_anchor(1, q) for q in _KEY_FIGURES],
        )
    ]


_KEY_FIGURES = [
    "area_km2", "districts", "villages", "population_year", "population", "population_growth",
    "grdp_year", "grdp", "economic_growth", "hdi", "poverty_rate", "unemployment_rate", "data_sources",
]


@builder("rpjmd")
def rpjmd(a: Assembly) -> list[Block]:
    """The RPJMD vision and missions."""
    blocks: list[Block] = render_prose(a.dirs, "rpjmd", a.context())
    vision = a.value(1, "rpjmd_vision")
    anchor = question_anchor(1, "rpjmd_vision")
    if vision:
        blocks.append(Paragraph(text=f"“{vision}”", style="center", anchors=[anchor]))
    else:
        blocks += a.missing(1, "rpjmd_vision")
    missions = sorted(a.rows(1, "rpjmd_missions"), key=lambda r: r.get("number") or 0)
    if not missions:
        return blocks + a.missing(1, "rpjmd_missions")
    return blocks + anchored(
        [
            Paragraph(text=f"Misi RPJMD {a.wording.daerah} adalah sebagai berikut:"),
            BulletList(items=[str(r.get("mission") or "") for r in missions], ordered=True),
        ],
        question_anchor(1, "rpjmd_missions"),
    )


# --- BAB III -----------------------------------------------------------------------


@builder("readiness")
def readiness(a: Assembly) -> list[Block]:
    """Readiness per element (struktur, infrastruktur, suprastruktur), one table with group rows."""
    rows = a.rows(1, "readiness")
    if not rows:
        return a.missing(1, "readiness")
    elements = a.plan.definitions.choices.lists["readiness_elements"]
    body: list[TableRow] = []
    for element, members in grouped(rows, lambda r: r.get("element") or "", elements.codes()):
        body.append(TableRow(cells=[a.label("readiness_elements", element)], group=True))
        body += [
            TableRow(
                cells=[
                    show(r.get("aspect")),
                    a.label("readiness_ratings", r.get("rating")),
                    show(r.get("evidence")),
                    show(r.get("gap")),
                    a.opd_short(r.get("opd")),
                ]
            )
            for r in members
        ]
    columns = [("Aspek", 3), ("Penilaian", 2), ("Bukti dan Kondisi", 5), ("Kesenjangan", 5), ("OPD", 2)]
    anchors = [question_anchor(1, "readiness")]
    return [make_table(a, "Penilaian Kesiapan Daerah", columns, body, anchors=anchors)]


def _numbered(title: str, items: list[str]) -> str:
    """A matrix cell: its title, then "1. ...", one per line ("-" when empty)."""
    lines = [f"{n}. {item}" for n, item in enumerate(items, start=1)] or ["-"]
    return "\n".join([title, *lines])


@builder("swot")
def swot(a: Assembly) -> list[Block]:
    """A 2x2 SWOT matrix per dimension (factors without a dimension in a general matrix first)."""
    rows = a.rows(1, "swot")
    if not rows:
        return a.missing(1, "swot")
    labels = a.plan.definitions.choices.lists["swot_categories"].labels
    order = ["", *(d.code for d in a.plan.definitions.choices.dimensions)]
    groups = grouped(rows, lambda r: r.get("dimension") or "", order)
    anchors = [question_anchor(1, "swot")]
    blocks: list[Block] = []
    for dimension, members in groups:
        cell = {
            code: _numbered(f"{labels[code]} ({letter})",
                            [show(r.get("factor")) for r in members if r.get("category") == code])
            for code, letter in zip(labels, "SWOT", strict=False)
        }
        body = [
            TableRow(cells=["Internal", cell.get("kekuatan", "-"), cell.get("kelemahan", "-")]),
            TableRow(cells=["Eksternal", cell.get("peluang", "-"), cell.get("ancaman", "-")]),
        ]
        name = f"Dimensi {a.dimension_label(dimension)}" if dimension else "Umum"
        columns = [("Faktor", 1.4), ("Positif", 5), ("Negatif", 5)]
        blocks.append(make_table(a, f"Matriks SWOT {name}", columns, body, anchors=anchors))
    return blocks


@builder("tows")
def tows(a: Assembly) -> list[Block]:
    """The TOWS strategies as a 2x2 matrix: SO and WO against opportunities, ST and WT against threats."""
    rows = a.rows(1, "tows")
    if not rows:
        return []
    strategies = {kind: [show(r.get("strategy")) for r in rows if r.get("kind") == kind]
                  for kind in ("SO", "WO", "ST", "WT")}
    body = [
        TableRow(cells=["Peluang (O)", _numbered("Strategi SO", strategies["SO"]),
                        _numbered("Strategi WO", strategies["WO"])]),
        TableRow(cells=["Ancaman (T)", _numbered("Strategi ST", strategies["ST"]),
                        _numbered("Strategi WT", strategies["WT"])]),
    ]
    columns = [("", 1.4), ("Kekuatan (S)", 5), ("Kelemahan (W)", 5)]
    return [make_table(a, "Matriks Strategi TOWS", columns, body, anchors=[question_anchor(1, "tows")])]


@builder("initiatives")
def initiatives(a: Assembly) -> list[Block]:
    """The inventory of existing initiatives and applications."""
    rows = a.rows(1, "initiatives")
    if not rows:
        return a.missing(1, "initiatives")
    body = [
        TableRow(
            cells=[
                show(r.get("code")),
                show(r.get("name")),
                a.opd_short(r.get("opd")),
                show(r.get("dimension")),
                a.label("initiative_status", r.get("status")),
                show(r.get("since")),
                show(r.get("problems")),
            ]
        )
        for r in rows
    ]
    columns = [
        ("Kode", 1.2),
        ("Inisiatif", 3),
        ("OPD", 1.6),
        ("Dimensi", 1),
        ("Status", 1.5),
        ("Sejak", 1),
        ("Catatan Evaluasi", 5),
    ]
    anchors = [question_anchor(1, "initiatives")]
    return [make_table(a, "Inventaris Inisiatif dan Aplikasi Eksisting", columns, body, anchors=anchors)]


@builder("strategic_issues")
def strategic_issues(a: Assembly) -> list[Block]:
    """Strategic issues grouped by dimension."""
    rows = a.rows(1, "strategic_issues")
    if not rows:
        return a.missing(1, "strategic_issues")
    order = [d.code for d in a.plan.definitions.choices.dimensions]
    body: list[TableRow] = []
    for dimension, members in grouped(rows, lambda r: r.get("dimension") or "", order):
        body.append(TableRow(cells=[f"{dimension} {a.dimension_label(dimension)}"], group=True))
        body += [
            TableRow(cells=[show(r.get("issue")), show(r.get("cause")), show(r.get("evidence"))])
            for r in members
        ]
    return [
        make_table(
            a,
            "Isu Strategis per Dimensi",
            [("Isu Strategis", 4), ("Penyebab", 4), ("Data Dukung", 4)],
            body,
            anchors=[question_anchor(1, "strategic_issues")],
        )
    ]


# --- BAB IV ------------------------------------------------------------------------


@builder("sc_vision")
def sc_vision(a: Assembly) -> list[Block]:
    """The smart-city vision and its meaning."""
    vision = a.value(1, "sc_vision")
    if not vision:
        return a.missing(1, "sc_vision")
    blocks: list[Block] = [
        Paragraph(
            text=f"Visi Smart City {a.wording.daerah} Tahun {period_text(a.plan.region.period)} adalah:"
        ),
        Paragraph(text=f"“{vision}”", style="center"),
    ]
    meaning = a.value(1, "sc_vision_meaning")
    explained = answer_blocks(str(meaning)) if meaning else []
    anchored(explained, question_anchor(1, "sc_vision_meaning"))
    return anchored(blocks, question_anchor(1, "sc_vision")) + explained


@builder("sc_missions")
def sc_missions(a: Assembly) -> list[Block]:
    """The smart-city missions as a numbered list."""
    rows = sorted(a.rows(1, "sc_missions"), key=lambda r: r.get("number") or 0)
    if not rows:
        return a.missing(1, "sc_missions")
    return anchored(
        [
            Paragraph(text="Untuk mewujudkan visi tersebut, ditetapkan misi smart city sebagai berikut:"),
            BulletList(items=[show(r.get("mission")) for r in rows], ordered=True),
        ],
        question_anchor(1, "sc_missions"),
    )


@builder("alignment")
def alignment(a: Assembly) -> list[Block]:
    """Each RPJMD mission against the smart-city missions aligned with it and the programmes serving it."""
    rpjmd = sorted(a.rows(1, "rpjmd_missions"), key=lambda r: r.get("number") or 0)
    if not rpjmd:
        return []
    missions: dict[Any, list[str]] = {}
    for r in a.rows(1, "sc_missions"):
        missions.setdefault(r.get("rpjmd_mission"), []).append(f"Misi {show(r.get('number'))}")
    serving: dict[Any, dict[str, int]] = {}
    for r in a.programmes:
        counts = serving.setdefault(r.get("rpjmd_mission"), {})
        counts[r.get("dimension")] = counts.get(r.get("dimension"), 0) + 1
    order = [d.code for d in a.plan.definitions.choices.dimensions]
    body = []
    for r in rpjmd:
        counts = serving.get(r.get("number"), {})
        per_dimension = ", ".join(f"{code} {counts[code]}" for code in order if counts.get(code))
        total = sum(counts.values())
        programmes = f"{total} program ({per_dimension})" if total else "-"
        body.append(TableRow(cells=[show(r.get("number")), show(r.get("mission")),
                                    ", ".join(missions.get(r.get("number"), [])) or "-", programmes]))
    columns = [("No.", 0.6), ("Misi RPJMD", 6), ("Misi Smart City", 2), ("Program Pendukung", 3)]
    intro = Paragraph(text=f"Keselarasan misi smart city dan program pembangunan dengan misi RPJMD "
                      f"{a.wording.daerah} disajikan pada Tabel {a.chapter}.{a.tables + 1}.")
    anchors = [question_anchor(1, "sc_missions"), question_anchor(1, "rpjmd_missions")]
    return [intro, make_table(a, "Keselarasan Misi Smart City dan Program dengan Misi RPJMD", columns, body,
                              align={0: "center"}, anchors=anchors)]


@builder("sc_goals")
def sc_goals(a: Assembly) -> list[Block]:
    """The smart-city goals."""
    rows = a.rows(1, "sc_goals")
    if not rows:
        return a.missing(1, "sc_goals")
    body = [TableRow(cells=[show(r.get("code")), show(r.get("goal"))]) for r in rows]
    columns = [("Kode", 1), ("Tujuan", 9)]
    return [make_table(a, "Tujuan Smart City", columns, body, anchors=[question_anchor(1, "sc_goals")])]


@builder("sc_targets")
def sc_targets(a: Assembly) -> list[Block]:
    """The smart-city targets with indicators."""
    rows = a.rows(1, "sc_targets")
    if not rows:
        return a.missing(1, "sc_targets")
    body = [
        TableRow(
            cells=[
                show(r.get("code")),
                show(r.get("goal")),
                show(r.get("target")),
                show(r.get("indicator")),
                show(r.get("baseline")),
                show(r.get("goal_value")),
            ]
        )
        for r in rows
    ]
    columns = [
        ("Kode", 1),
        ("Tujuan", 1),
        ("Sasaran", 4),
        ("Indikator", 3),
        ("Kondisi Awal", 1.6),
        ("Target", 1.6),
    ]
    anchors = [question_anchor(1, "sc_targets")]
    return [make_table(a, "Sasaran dan Indikator Smart City", columns, body, anchors=anchors)]


@builder("dimension_strategies")
def dimension_strategies(a: Assembly) -> list[Block]:
    """The development strategy of each dimension."""
    rows = a.rows(2, "dimension_strategies")
    if not rows:
        return a.missing(2, "dimension_strategies")
    order = [d.code for d in a.plan.definitions.choices.dimensions]
    ranked = sorted(
        rows, key=lambda r: order.index(r.get("dimension")) if r.get("dimension") in order else 99
    )
    body = [
        TableRow(
            cells=[
                f"{r.get('dimension')} {a.dimension_label(r.get('dimension') or '')}",
                show(r.get("goal")),
                show(r.get("strategy")),
            ]
        )
        for r in ranked
    ]
    return [
        make_table(
            a,
            "Sasaran dan Strategi per Dimensi",
            [("Dimensi", 2), ("Sasaran", 4), ("Strategi", 6)],
            body,
            anchors=[question_anchor(2, "dimension_strategies")],
        )
    ]
