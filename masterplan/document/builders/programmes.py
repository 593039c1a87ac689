"""Builders of BAB V: programmes per dimension and sub-dimension, funding summary."""

from __future__ import annotations

from masterplan.answers import Row
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
from masterplan.formatting import rupiah, rupiah_short

# --- BAB V -------------------------------------------------------------------------


def _indicator(r: Row) -> str:
    baseline, target, unit = r.get("baseline"), r.get("target"), r.get("unit") or ""
    change = f"{show(baseline)} → {show(target)} {unit}".strip() if target is not None else "-"
    return f"{show(r.get('indicator'))} ({change})"


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
                f"{rupiah_short(budget)}, sebagaimana tercantum pada tabel berikut."
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
                        a.label("horizons", r.get("horizon")),
                        rupiah_short(r.get("budget") or 0),
                        show(r.get("funding")),
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
        blocks.append(make_table(a, caption, columns, body, align={5: "right"}, anchors=anchors))
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
