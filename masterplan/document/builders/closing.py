"""Builders of BAB VII and the appendices: re-confirmation, commitment sheet, institutions, review notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from masterplan.answers.contribution import Row
from masterplan.checks.plan import ELECTED_ROLES
from masterplan.document.assembly import (
    Assembly,
    anchored,
    builder,
    code_order,
    make_table,
    show,
    signature,
)
from masterplan.document.model import (
    Appendix,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    Signatures,
    TableRow,
    question_anchor,
    row_anchor,
)
from masterplan.document.prose import render_prose
from masterplan.formatting import rupiah, rupiah_short, tanggal

# --- BAB VII and appendices --------------------------------------------------------


@builder("indicator_matrix")
def indicator_matrix(a: Assembly) -> list[Block]:
    """Every programme's indicator: unit, baseline, the target of each year (Bimtek III) and at the end."""
    rows = a.programmes_in_order
    if not rows:
        return []
    targets: dict[str, dict[int, Any]] = {}
    for t in a.rows(3, "indicator_targets"):
        if t.get("program") is not None and isinstance(t.get("year"), int):
            targets.setdefault(str(t.get("program")).upper(), {})[t.get("year")] = t.get("target")
    years = a.plan.region.period.years if targets else []
    body = []
    for r in rows:
        per_year = targets.get(str(r.get("code")).upper(), {})
        body.append(TableRow(
            cells=[*(show(r.get(c)) for c in ("code", "indicator", "unit", "baseline")),
                   *(show(per_year.get(y)) for y in years), show(r.get("target"))],
            anchors=[row_anchor(show(r.get("code")))],
        ))
    columns = [("Kode", 1.2), ("Indikator", 4), ("Satuan", 1.5), ("Awal", 1.1),
               *((str(y), 1.0) for y in years), ("Target Akhir", 1.2)]
    right = {i: "right" for i in range(3, len(columns))}
    anchors = [question_anchor(2, "programs"), question_anchor(3, "indicator_targets")]
    return [make_table(a, "Matriks Indikator Kinerja Program", columns, body, align=right, anchors=anchors)]


_LEVELS = {"rendah": 1, "sedang": 2, "tinggi": 3}


@builder("risks")
def risks(a: Assembly) -> list[Block]:
    """The risk register (Bimtek IV): likelihood, impact, the level they give, mitigation and owner."""
    rows = sorted(a.rows(4, "risks"), key=code_order)
    if not rows:
        return [Paragraph(text="Register risiko belum disusun pada Bimtek IV.",
                          anchors=[question_anchor(4, "risks")])]
    body = []
    for r in rows:
        score = _LEVELS.get(r.get("likelihood"), 0) * _LEVELS.get(r.get("impact"), 0)
        level = "Tinggi" if score >= 6 else "Sedang" if score >= 3 else "Rendah" if score else "-"
        rating = (f"{level}\nK: {a.label('risk_levels', r.get('likelihood')).lower()}, "
                  f"D: {a.label('risk_levels', r.get('impact')).lower()}")
        body.append(TableRow(cells=[
            show(r.get("code")), show(r.get("risk")), show(r.get("program")), rating,
            show(r.get("mitigation")), a.opd_short(r.get("owner")),
        ]))
    columns = [("Kode", 1.1), ("Risiko", 4), ("Program", 1.3), ("Tingkat", 1.6), ("Mitigasi", 4.5),
               ("Pemilik", 1.8)]
    intro = Paragraph(text="Tingkat risiko ditentukan dari kemungkinan (K) dan dampaknya (D): tinggi bila "
                      "keduanya sekurang-kurangnya sedang dan salah satunya tinggi, sedang bila salah "
                      "satunya sedang atau tinggi, dan rendah bila keduanya rendah.")
    return [intro, make_table(a, "Register Risiko Pelaksanaan Rencana Induk", columns, body,
                              anchors=[question_anchor(4, "risks")])]


_SHEET_FIELDS = [
    ("dimension", "Dimensi dan subdimensi"),
    ("topic", "Topik lokal"),
    ("description", "Deskripsi"),
    ("problem", "Permasalahan yang dijawab"),
    ("beneficiaries", "Penerima manfaat"),
    ("location", "Lokasi"),
    ("opd", "OPD penanggung jawab"),
    ("supporting_opds", "OPD pendukung"),
    ("partners", "Mitra"),
    ("rpjmd_mission", "Misi RPJMD"),
    ("renstra_program", "Program Renstra"),
    ("indicator", "Indikator kinerja"),
    ("horizon", "Jangka waktu"),
    ("budget", "Pagu indikatif"),
    ("budget_plan", "Rincian pagu per tahun"),
    ("needs_structure", "Kebutuhan struktur"),
    ("needs_infrastructure", "Kebutuhan infrastruktur"),
    ("needs_superstructure", "Kebutuhan suprastruktur"),
]


@builder("programme_sheets")
def programme_sheets(a: Assembly) -> list[Block]:
    """A sheet per programme: everything Bimtek II asked about it, with its budget per year and source.

    Each dimension's sheets start on a new page under the dimension's name, so
    a reader opens the appendix at "Smart Economy" from Daftar Isi (and the PDF
    lays each dimension out as its own part).
    """
    blocks: list[Block] = []
    sources = a.plan.definitions.choices.lists["funding_sources"].labels
    dimension: Any = object()
    for r in a.programmes_in_order:
        if r.get("dimension") != dimension:
            if blocks:
                blocks.append(PageBreak())
            dimension = r.get("dimension")
            title = a.dimension_label(dimension) if dimension else "Tanpa dimensi"
            blocks.append(Heading(level=3, text=title))
        code = show(r.get("code"))
        body = []
        for column, title in _SHEET_FIELDS:
            value: Any = r.get(column)
            if column == "dimension":
                value = f"{a.dimension_label(value)} / {a.subdimension_label(r.get('subdimension'))}"
            elif column in ("opd", "supporting_opds") and value:
                codes = value if isinstance(value, list) else [value]
                value = ", ".join(a.plan.region.opd_names.get(c) or str(c) for c in codes)
            elif column == "indicator" and value:
                value = f"{value} ({show(r.get('baseline'))} → {show(r.get('target'))} {show(r.get('unit'))})"
            elif column == "horizon":
                value = a.label("horizons", value) if value else None
            elif column == "budget" and value is not None:
                value = f"{rupiah(value)} ({', '.join(sources.get(f, f) for f in r.get('funding') or [])})"
            elif column == "budget_plan":
                value = _budget_text(a, a.budget_lines.get(code.upper(), []), sources)
            if value in (None, "", []):
                continue
            body.append(TableRow(cells=[title, show(value)]))
        anchors = [row_anchor(code), question_anchor(2, "programs")]
        caption = f"Lembar Program {code} {show(r.get('name'))}"
        blocks.append(make_table(a, caption, [("Uraian", 2.2), ("Keterangan", 7)], body, anchors=anchors))
    return blocks


def _budget_text(a: Assembly, lines: list[Row], sources: dict[str, str]) -> str | None:
    """Give "2027: APBD Rp 450 juta, APBN/DAK Rp 100 juta", a year a line."""
    years: dict[Any, list[str]] = {}
    for line in sorted(lines, key=lambda x: (x.get("year") or 0)):
        years.setdefault(line.get("year"), []).append(
            f"{sources.get(line.get('source'), line.get('source'))} {rupiah_short(line.get('amount') or 0)}")
    return "\n".join(f"{year}: {', '.join(parts)}" for year, parts in years.items()) or None


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


_COMMITMENT_ANCHORS = [question_anchor(4, q) for q in ("signatories", "commitment_place", "commitment_date")]


def _commitment(
    a: Assembly, signed: Callable[[list[Row], Any, Any], list[Block]]
) -> list[Block]:
    """The commitment statement, then ``signed(signers, place, day)``; a placeholder without signatories."""
    blocks: list[Block] = a.answer(4, "commitment_statement")
    signers = a.rows(4, "signatories")
    if not signers:
        return blocks + a.missing(4, "signatories")
    return blocks + signed(signers, a.value(4, "commitment_place"), a.value(4, "commitment_date"))


@builder("commitment")
def commitment(a: Assembly) -> list[Block]:
    """The commitment sheet: statement, place and date, every signatory."""

    def signatures(signers: list[Row], place: Any, day: Any) -> list[Block]:
        place_date = f"{place}, {tanggal(day)}" if place and isinstance(day, dt.date) else None
        blocks = [
            signature(
                show(s.get("position")), show(s.get("name")), s.get("rank"),
                None if s.get("role") in ELECTED_ROLES else s.get("nip"),
            )
            for s in signers
        ]
        return [Signatures(place_date=place_date, columns=2, signing=True, anchors=_COMMITMENT_ANCHORS,
                           blocks=blocks)]

    return _commitment(a, signatures)


@builder("commitment_summary")
def commitment_summary(a: Assembly) -> list[Block]:
    """The commitment in brief: its statement, where and when it was signed, and by whom (by position)."""

    def listing(signers: list[Row], place: Any, day: Any) -> list[Block]:
        when = f" di {place}" if place else ""
        when += f" pada {tanggal(day)}" if isinstance(day, dt.date) else ""
        body = [TableRow(cells=[str(n), show(s.get("position")), show(s.get("name"))])
                for n, s in enumerate(signers, 1)]
        text = (f"Lembar Komitmen ditandatangani{when} oleh {len(signers)} pejabat berikut; lembar "
                "bertanda tangan terdapat pada Lampiran Rencana Induk.")
        columns = [("No.", 0.6), ("Jabatan", 6), ("Nama", 4)]
        return [Paragraph(text=text, anchors=_COMMITMENT_ANCHORS),
                make_table(a, "Penanda Tangan Lembar Komitmen", columns, body, align={0: "center"},
                           anchors=_COMMITMENT_ANCHORS)]

    return _commitment(a, listing)


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
