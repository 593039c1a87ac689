"""Builders of BAB VII and the appendices: re-confirmation, commitment sheet, institutions, review notes."""

from __future__ import annotations

import datetime as dt

from masterplan.document.assembly import (
    Assembly,
    anchored,
    builder,
    make_table,
    show,
    signature,
)
from masterplan.document.model import (
    Appendix,
    Block,
    Paragraph,
    Signatures,
    TableRow,
    question_anchor,
    row_anchor,
)
from masterplan.document.prose import render_prose
from masterplan.formatting import tanggal
from masterplan.plan import ELECTED_ROLES

# --- BAB VII and appendices --------------------------------------------------------


@builder("reconfirmation")
def reconfirmation(a: Assembly) -> list[Block]:
    """The outcome of the re-confirmation: counts, and every programme changed or postponed."""
    rows = a.rows(4, "reconfirmation")
    if not rows:
        return a.missing(4, "reconfirmation")
    options = a.plan.definitions.choices.lists["reconfirmation"]
    counts = {code: sum(1 for r in rows if r.get("result") == code) for code in options.codes()}
    anchor = question_anchor(4, "reconfirmation")
    blocks: list[Block] = [
        Paragraph(
            anchors=[anchor],
            text=(
                f"Konfirmasi ulang pada Bimtek IV mencakup {len(rows)} program: "
                + ", ".join(f"{n} program {options.labels[c].lower()}" for c, n in counts.items() if n)
                + "."
            )
        )
    ]
    changed = [r for r in rows if r.get("result") != options.codes()[0]]
    if changed:
        programmes = a.plan.programs()
        body = [
            TableRow(
                cells=[
                    show(r.get("program")),
                    show((programmes.get(str(r.get("program")).upper()) or r).get("name")),
                    a.label("reconfirmation", r.get("result")),
                    show(r.get("note")),
                ],
                anchors=[row_anchor(show(r.get("program")))],
            )
            for r in changed
        ]
        blocks.append(
            make_table(
                a,
                "Program yang Diubah atau Ditunda pada Konfirmasi Ulang",
                [("Kode", 1), ("Program", 4), ("Hasil", 1.5), ("Keterangan", 6)],
                body,
                anchors=[anchor],
            )
        )
    return blocks


@builder("commitment")
def commitment(a: Assembly) -> list[Block]:
    """The commitment sheet: statement, place and date, every signatory."""
    blocks: list[Block] = a.answer(4, "commitment_statement")
    signers = a.rows(4, "signatories")
    if not signers:
        return blocks + a.missing(4, "signatories")
    place, day = a.value(4, "commitment_place"), a.value(4, "commitment_date")
    place_date = f"{place}, {tanggal(day)}" if place and isinstance(day, dt.date) else None
    blocks.append(
        Signatures(
            place_date=place_date,
            columns=2,
            signing=True,
            anchors=[question_anchor(4, q) for q in ("signatories", "commitment_place", "commitment_date")],
            blocks=[
                signature(
                    show(s.get("position")), show(s.get("name")), s.get("rank"),
                    None if s.get("role") in ELECTED_ROLES else s.get("nip"),
                )
                for s in signers
            ],
        )
    )
    return blocks


@builder("institutions")
def institutions(a: Assembly) -> list[Block]:
    """The decrees of the council and the team, the team's members and the forum."""
    decrees = ("council_decree_number", "council_decree_date", "council_chair", "team_decree_number",
               "team_decree_date")
    prose = render_prose(
        a.dirs,
        "kelembagaan",
        {
            **a.context(),
            "council_number": a.value(1, "council_decree_number"),
            "council_date": a.value(1, "council_decree_date"),
            "council_chair": a.value(1, "council_chair"),
            "team_number": a.value(1, "team_decree_number"),
            "team_date": a.value(1, "team_decree_date"),
        },
    )
    blocks: list[Block] = anchored(prose, *(question_anchor(1, q) for q in decrees))
    members = a.rows(1, "team_members")
    if members:
        body = [
            TableRow(
                cells=[
                    str(i),
                    show(m.get("name")),
                    show(m.get("position")),
                    a.label("team_roles", m.get("role")),
                ]
            )
            for i, m in enumerate(members, start=1)
        ]
        blocks.append(
            make_table(
                a,
                f"Susunan {a.plan.region.labels.team}",
                [("No.", 0.6), ("Nama", 3), ("Jabatan", 4), ("Kedudukan dalam Tim", 2.4)],
                body,
                align={0: "center"},
                anchors=[question_anchor(1, "team_members")],
            )
        )
    if a.value(1, "forum_description"):
        lead: list[Block] = [Paragraph(text=a.plan.region.labels.forum, style="lead")]
        blocks += anchored(lead, question_anchor(1, "forum_description")) + a.answer(1, "forum_description")
    return blocks


def review_notes(a: Assembly) -> Appendix | None:
    """Draft only: every open error and warning of ``check``, so reviewers see what is left."""
    if a.mode != "draft" or not a.problems:
        return None
    body = [
        TableRow(
            cells=[
                p.where.file + (f":{p.where.line}" if p.where.line else ""),
                "Galat" if p.severity == "error" else "Peringatan",
                p.context() + p.message(),
            ]
        )
        for p in a.problems
    ]
    table = make_table(
        a,
        "Catatan Pemeriksaan yang Belum Diselesaikan",
        [("Berkas", 3), ("Jenis", 1.3), ("Catatan", 8)],
        body,
        source="masterplan check",
    )
    return Appendix(
        number="",
        title="Catatan Pemeriksaan",
        blocks=[
            Paragraph(
                text="Lampiran ini hanya ada pada draf. Catatan berikut perlu diselesaikan sebelum dokumen "
                "final dapat disusun."
            ),
            table,
        ],
    )
