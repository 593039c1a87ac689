"""Builders of BAB V: programmes per dimension and sub-dimension, funding summary."""

from __future__ import annotations

import re

from masterplan.answers.contribution import Row
from masterplan.document.assembly import (
    Assembly,
    builder,
    code_order,
    grouped,
    make_table,
    show,
)
from masterplan.document.model import (
    Block,
    Heading,
    Paragraph,
    TableRow,
    question_anchor,
    row_anchor,
)
from masterplan.formatting import daftar, miliar, persen, rupiah, rupiah_short

# --- BAB V -------------------------------------------------------------------------


def _indicator(r: Row) -> str:
    baseline, target, unit = r.get("baseline"), r.get("target"), r.get("unit") or ""
    change = f"{show(baseline)} → {show(target)} {unit}".strip() if target is not None else "-"
    return f"{show(r.get('indicator'))} ({change})"


def _horizon(a: Assembly, code: object) -> str:
    """The horizon in a table's narrow column: "Menengah" for "Jangka menengah (≤ 5 tahun)"."""
    label = a.label("horizons", code)
    short = re.sub(r"^Jangka\s+|\s*\(.*\)$", "", label)
    return short[:1].upper() + short[1:] if short else label


@builder("programs")
def programs(a: Assembly) -> list[Block]:
    """Per dimension: a heading, a summary sentence and a table grouped by sub-dimension.

    Programmes cancelled at the Bimtek IV re-confirmation are left out and named once.
    """
    rows = a.programmes
    if not a.rows(2, "programs"):
        return a.missing(2, "programs")
    blocks: list[Block] = []
    if a.cancelled:
        names = "; ".join(f"{show(r.get('code'))} {show(r.get('name'))}" for r in a.cancelled)
        blocks.append(
            Paragraph(
                text=f"{len(a.cancelled)} program dibatalkan pada konfirmasi ulang Bimtek IV dan "
                f"tidak dimuat dalam rencana induk ini: {names}.",
                anchors=[question_anchor(4, "reconfirmation")],
            )
        )
    for index, dimension in enumerate(a.plan.definitions.choices.dimensions, start=1):
        members = [r for r in rows if r.get("dimension") == dimension.code]
        blocks.append(Heading(level=3, number=a.subsection(index), text=dimension.label))
        if not members:
            blocks.append(Paragraph(text=f"Belum ada program pada dimensi {dimension.label}."))
            continue
        budget = sum(r.get("budget") or 0 for r in members)
        blocks.append(
            Paragraph(
                text=f"Dimensi {dimension.label} memuat {len(members)} program dengan total pagu indikatif "
                f"{rupiah_short(budget)}, sebagaimana tercantum pada {a.following_table()}."
            )
        )
        order = [s.code for s in dimension.subdimensions]
        body: list[TableRow] = []
        for sub, group in grouped(
            sorted(members, key=code_order), lambda r: r.get("subdimension") or "", order
        ):
            body.append(TableRow(cells=[f"Subdimensi {a.subdimension_label(sub)}"], group=True))
            body += [
                TableRow(
                    cells=[
                        show(r.get("code")),
                        show(r.get("name")),
                        a.opd_short(r.get("opd")),
                        _indicator(r),
                        _horizon(a, r.get("horizon")),
                        rupiah_short(r.get("budget") or 0),
                        a.labels("funding_sources", r.get("funding")),
                    ],
                    anchors=[row_anchor(show(r.get("code")))],
                )
                for r in group
            ]
        columns = [
            ("Kode", 1.5),
            ("Program", 4),
            ("OPD", 1.8),
            ("Indikator (Awal → Target)", 4),
            ("Jangka", 1.5),
            ("Pagu Indikatif", 1.8),
            ("Sumber Dana", 1.6),
        ]
        caption = f"Program Dimensi {dimension.label}"
        anchors = [question_anchor(2, "programs")]
        blocks.append(make_table(a, caption, columns, body, align={5: "right"}, anchors=anchors,
                                 accent=a.colour(dimension.code)))
    return blocks


@builder("funding_summary")
def funding_summary(a: Assembly) -> list[Block]:
    """Programmes and indicative budget per dimension (cancelled programmes left out)."""
    rows = a.programmes
    if not rows:
        return []
    body = []
    for dimension in a.plan.definitions.choices.dimensions:
        members = [r for r in rows if r.get("dimension") == dimension.code]
        beyond = sum(1 for r in members if set(r.get("funding") or []) - {"APBD"})
        body.append(
            TableRow(
                cells=[
                    dimension.label,
                    str(len(members)),
                    rupiah(sum(r.get("budget") or 0 for r in members)),
                    str(beyond),
                ]
            )
        )
    total = sum(r.get("budget") or 0 for r in rows)
    beyond_all = sum(1 for r in rows if set(r.get("funding") or []) - {"APBD"})
    body.append(TableRow(cells=["Jumlah", str(len(rows)), rupiah(total), str(beyond_all)]))
    columns = [
        ("Dimensi", 3),
        ("Jumlah Program", 1.5),
        ("Pagu Indikatif", 2.5),
        ("Program dengan Dana non-APBD", 2),
    ]
    return [
        make_table(
            a,
            "Rekapitulasi Program dan Pagu Indikatif per Dimensi",
            columns,
            body,
            align={1: "center", 2: "right", 3: "center"},
        )
    ]


def _sources(a: Assembly, lines: list[Row]) -> list[str]:
    """The funding sources used in ``lines``, in the order of the choice list."""
    used = {r.get("source") for r in lines}
    return [code for code in a.plan.definitions.choices.lists["funding_sources"].codes() if code in used]


@builder("funding_by_source")
def funding_by_source(a: Assembly) -> list[Block]:
    """The budget per year and source, and per dimension and source with the APBD share.

    From the Bimtek II budget lines; programmes without lines are named with their pagu.
    """
    detailed = a.budget_lines
    if not detailed:
        return []
    lines = [r for rows in detailed.values() for r in rows]
    sources = _sources(a, lines)
    labels = a.plan.definitions.choices.lists["funding_sources"].labels
    anchors = [question_anchor(2, "budget_plan")]
    total = sum(r.get("amount") or 0 for r in lines)
    apbd = sum(r.get("amount") or 0 for r in lines if r.get("source") == "APBD")
    blocks: list[Block] = []
    number = a.tables + 1
    text = (
        f"Rincian pagu indikatif {len(detailed)} program per tahun dan sumber dana berjumlah "
        f"{rupiah_short(total)}. Porsi APBD sebesar {persen(apbd, total)} dan sumber non-APBD sebesar "
        f"{persen(total - apbd, total)}, "
        f"sebagaimana tercantum pada Tabel {a.chapter}.{number} dan Tabel {a.chapter}.{number + 1}."
    )
    undetailed = [r for r in a.programmes if str(r.get("code")).upper() not in detailed]
    if undetailed:
        pagu = sum(r.get("budget") or 0 for r in undetailed)
        codes_left = daftar(show(r.get("code")) for r in sorted(undetailed, key=code_order))
        text += (
            f" Program {codes_left} dengan pagu {rupiah_short(pagu)} belum dirinci per tahun dan sumber dana."
            if len(undetailed) == 1 else
            f" Sebanyak {len(undetailed)} program dengan pagu {rupiah_short(pagu)} belum dirinci per tahun "
            f"dan sumber dana: {codes_left}."
        )
    codes = ", ".join(f"{d.code} {d.label}" for d in a.plan.definitions.choices.dimensions)
    text += f" Pada Tabel {a.chapter}.{number + 1} dimensi ditulis dengan kodenya: {codes}."
    blocks.append(Paragraph(text=text, anchors=list(anchors)))
    by_year: dict[int, dict[str, float]] = {}
    by_dimension: dict[str, dict[str, float]] = {}
    dimension_of = {str(r.get("code")).upper(): r.get("dimension") for r in a.programmes}
    for r in lines:
        amount = r.get("amount") or 0
        year_sums = by_year.setdefault(r.get("year"), {})
        year_sums[r.get("source")] = year_sums.get(r.get("source"), 0) + amount
        dim = str(dimension_of.get(str(r.get("program")).upper()))
        dim_sums = by_dimension.setdefault(dim, {})
        dim_sums[r.get("source")] = dim_sums.get(r.get("source"), 0) + amount
    heads = [(labels.get(s, s), 1.4) for s in sources]
    right = {i: "right" for i in range(1, len(sources) + 3)}
    body = [
        TableRow(cells=[str(year), *(miliar(sums.get(s, 0)) for s in sources), miliar(sum(sums.values()))])
        for year, sums in sorted(by_year.items())
        if isinstance(year, int)
    ]
    body.append(TableRow(cells=["Jumlah", *(miliar(_sum(lines, s)) for s in sources), miliar(total)]))
    blocks.append(make_table(a, "Pagu Indikatif per Tahun dan Sumber Dana (miliar rupiah)",
                             [("Tahun", 1.2), *heads, ("Jumlah", 1.6)], body, align=right, anchors=anchors))
    body = []
    for dimension in a.plan.definitions.choices.dimensions:
        sums = by_dimension.get(dimension.code, {})
        whole = sum(sums.values())
        amounts = [miliar(sums.get(s, 0)) for s in sources]
        share = persen(sums.get("APBD", 0), whole)
        body.append(TableRow(cells=[dimension.code, *amounts, miliar(whole), share]))
    body.append(TableRow(cells=["Jumlah", *(miliar(_sum(lines, s)) for s in sources), miliar(total),
                                persen(apbd, total)]))
    blocks.append(make_table(a, "Pagu Indikatif per Dimensi dan Sumber Dana (miliar rupiah)",
                             [("Dimensi", 1.0), *heads, ("Jumlah", 1.6), ("Porsi APBD", 1.3)], body,
                             align={**right, len(sources) + 2: "right"}, anchors=anchors))
    return blocks


def _sum(lines: list[Row], source: str) -> float:
    return sum(r.get("amount") or 0 for r in lines if r.get("source") == source)
