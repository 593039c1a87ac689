"""The evaluator's checklist: the plan against what the ministry's evaluation looks for (domain.md §8-9).

For each criterion: what the plan shows, a status (Terpenuhi, Sebagian, Belum)
computed from the answers and the rules of ``check``, and what to add. It is
the mentor's checklist before the plan goes to the evaluators, a book of its
own (``--book evaluasi``) and the last appendix of every draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from masterplan.document.assembly import Assembly, builder, make_table
from masterplan.document.model import Block, Paragraph, TableRow

MET, PARTLY, NOT_MET = "Terpenuhi", "Sebagian", "Belum"


@dataclass
class Finding:
    """One criterion as the plan meets it."""

    criterion: str
    shows: str
    status: str
    add: str = "-"


def _regulation(a: Assembly) -> Finding:
    criterion = "Regulasi: Peraturan Kepala Daerah yang menetapkan Rencana Induk"
    regulation = a.plan.region.regulation
    if regulation is not None:
        return Finding(criterion, f"Ditetapkan dengan {a.wording.act(regulation)}.", MET,
                       "-" if regulation.scan else "Lampirkan pindaian peraturan yang telah ditandatangani.")
    planned = [r for r in a.rows(3, "action_plans") if "peraturan" in str(r.get("action") or "").lower()]
    if planned:
        codes = ", ".join(str(r.get("code")) for r in planned)
        return Finding(criterion, f"Penetapan peraturan direncanakan dalam rencana aksi {codes}.", PARTLY,
                       "Tetapkan peraturannya, lalu isi regulation pada region.yaml.")
    return Finding(criterion, "Belum ada peraturan dan belum direncanakan.", NOT_MET,
                   "Tambahkan rencana aksi penetapan peraturan tentang Rencana Induk.")


def _institutions(a: Assembly) -> Finding:
    criterion = "Kelembagaan: Dewan Smart City, Tim Pelaksana dan Forum Smart City"
    labels = a.plan.region.labels
    parts = [(a.value(1, "council_decree_exists"), labels.council),
             (a.value(1, "team_decree_exists"), labels.team), (a.value(1, "forum_exists"), labels.forum)]
    present = [name for exists, name in parts if exists is True]
    missing = [name for exists, name in parts if exists is not True]
    scans = [a.value(1, "council_decree_scan"), a.value(1, "team_decree_scan")]
    shows = f"Terbentuk: {', '.join(present)}." if present else "Belum ada yang terbentuk."
    if not missing:
        add = "-" if all(scans) else "Lampirkan pindaian SK Dewan dan SK Tim Pelaksana."
        return Finding(criterion, shows, MET, add)
    add = f"Bentuk dan tetapkan: {', '.join(missing)}."
    return Finding(criterion, shows, PARTLY if present else NOT_MET, add)


def _readiness(a: Assembly) -> Finding:
    criterion = "Analisis kesiapan struktur, infrastruktur dan suprastruktur"
    elements = {str(r.get("element")) for r in a.rows(1, "readiness") if r.get("evidence")}
    wanted = [o.code for o in a.plan.definitions.choices.lists["readiness_elements"].options]
    covered = [a.label("readiness_elements", e) for e in wanted if e in elements]
    shows = f"Dinilai dengan bukti: {', '.join(covered)}." if covered else "Belum dinilai."
    lacking = [a.label("readiness_elements", e) for e in wanted if e not in elements]
    if not lacking:
        return Finding(criterion, shows, MET)
    add = f"Nilai dan beri bukti: {', '.join(lacking)}."
    return Finding(criterion, shows, PARTLY if covered else NOT_MET, add)


def _rules(a: Assembly, *names: str) -> list[str]:
    """The messages of ``check`` under the rules ``names``."""
    return [p.message() for p in a.problems if p.rule in names]


def _quick_wins(a: Assembly) -> Finding:
    criterion = "Quick win: program percepatan yang hasilnya dirasakan dalam satu tahun"
    count = sum(len(rows) for rows in a.plan.quick_win_years().values())
    problems = _rules(a, "quickwin-count", "quickwin-per-dimension", "quickwin-has-schedule",
                      "quickwin-on-roadmap")
    shows = f"{count} quick win dengan jadwal bulanan." if count else "Belum ada quick win."
    if not count:
        return Finding(criterion, shows, NOT_MET, "Rumuskan quick win pada Bimtek IV.")
    return Finding(criterion, shows, PARTLY if problems else MET, problems[0] if problems else "-")


def _hr_plan(a: Assembly) -> Finding:
    criterion = "Rencana aksi pengembangan SDM dan literasi digital"
    problems = _rules(a, "hr-action-plan")
    if problems:
        return Finding(criterion, "Belum ada rencana aksi pengembangan SDM.", NOT_MET, problems[0])
    return Finding(criterion, "Ada rencana aksi pengembangan SDM.", MET)


def _funding(a: Assembly) -> Finding:
    criterion = "Bauran pendanaan: tidak hanya bergantung pada APBD"
    lines = [line for found in a.budget_lines.values() for line in found]
    if lines:  # the budget per year and source says how much each source carries
        total = sum(line.get("amount") or 0 for line in lines)
        beyond = sum(line.get("amount") or 0 for line in lines if line.get("source") != "APBD")
        what = "rincian pagu per tahun bersumber di luar APBD"
    else:
        total = sum(r.get("budget") or 0 for r in a.programmes)
        beyond = sum(r.get("budget") or 0 for r in a.programmes if set(r.get("funding") or []) - {"APBD"})
        what = "pagu indikatif pada program yang juga didanai di luar APBD"
    share = round(100 * beyond / total) if total else 0
    shows = f"{share}% {what}."
    problems = _rules(a, "non-apbd-funding")
    if not beyond:
        return Finding(criterion, shows, NOT_MET, "Tambahkan sumber dana non-APBD (APBN, KPBU, CSR, hibah).")
    return Finding(criterion, shows, PARTLY if problems else MET, problems[0] if problems else "-")


def _spbe(a: Assembly) -> Finding:
    criterion = "Integrasi SPBE: aplikasi SPBE tercantum dalam rencana"
    applications = [r for r in a.rows(1, "initiatives") if r.get("spbe") is True]
    problems = _rules(a, "application-count")
    shows = f"{len(applications)} aplikasi SPBE dalam inventaris inisiatif."
    if not applications:
        return Finding(criterion, shows, NOT_MET, "Tandai aplikasi SPBE pada inventaris inisiatif eksisting.")
    return Finding(criterion, shows, PARTLY if problems else MET, problems[0] if problems else "-")


def _monitoring(a: Assembly) -> Finding:
    criterion = "Pemantauan dan evaluasi: indikator dengan target tahunan"
    codes = {str(r.get("code")).upper() for r in a.programmes}
    targeted = {str(r.get("program")).upper() for r in a.rows(3, "indicator_targets")} & codes
    shows = f"{len(targeted)} dari {len(codes)} program memiliki target tahunan."
    if codes and targeted == codes:
        return Finding(criterion, shows, MET)
    return Finding(criterion, shows, PARTLY if targeted else NOT_MET,
                   "Isi target tahunan indikator setiap program pada Bimtek III.")


def _alignment(a: Assembly) -> Finding:
    criterion = "Keselarasan dengan RPJMD"
    linked = [r for r in a.programmes if r.get("rpjmd_mission")]
    shows = f"{len(linked)} dari {len(a.programmes)} program merujuk misi RPJMD."
    if a.programmes and len(linked) == len(a.programmes):
        return Finding(criterion, shows, MET)
    return Finding(criterion, shows, PARTLY if linked else NOT_MET, "Rujuk misi RPJMD pada setiap program.")


def _commitment(a: Assembly) -> Finding:
    criterion = "Komitmen kepala daerah dan seluruh kepala OPD"
    signers = a.rows(4, "signatories")
    problems = _rules(a, "commitment-covers-owners")
    shows = f"Lembar Komitmen ditandatangani {len(signers)} pejabat." if signers else "Belum ada."
    if not signers:
        return Finding(criterion, shows, NOT_MET, "Isi penanda tangan Lembar Komitmen pada Bimtek IV.")
    return Finding(criterion, shows, PARTLY if problems else MET, problems[0] if problems else "-")


CRITERIA: list[Callable[[Assembly], Finding]] = [
    _regulation, _institutions, _readiness, _quick_wins, _hr_plan, _funding, _spbe, _monitoring, _alignment,
    _commitment,
]


def findings(a: Assembly) -> list[Finding]:
    """Every criterion as the plan meets it, in the checklist's order."""
    return [criterion(a) for criterion in CRITERIA]


@builder("evaluation_checklist")
def evaluation_checklist(a: Assembly) -> list[Block]:
    """The checklist table, introduced by how many criteria are met."""
    found = findings(a)
    met = sum(1 for f in found if f.status == MET)
    partly = sum(1 for f in found if f.status == PARTLY)
    intro = (
        f"Dari {len(found)} kriteria evaluasi smart city, {met} terpenuhi, {partly} terpenuhi sebagian dan "
        f"{len(found) - met - partly} belum terpenuhi. Status disusun dari jawaban dan hasil pemeriksaan; "
        "kolom terakhir menyebut yang perlu dilengkapi sebelum evaluasi."
    )
    body = [TableRow(cells=[str(n), f.criterion, f.shows, f.status, f.add])
            for n, f in enumerate(found, start=1)]
    columns = [("No.", 0.6), ("Kriteria", 3.2), ("Yang Ditunjukkan Rencana", 4.2), ("Status", 1.4),
               ("Yang Perlu Dilengkapi", 4)]
    return [Paragraph(text=intro), make_table(a, "Daftar Periksa Evaluasi Smart City", columns, body,
                                              align={0: "center", 3: "center"}, source="masterplan check")]


@builder("evaluation_appendix")
def evaluation_appendix(a: Assembly) -> list[Block]:
    """The checklist in a draft of the Rencana Induk (not in a final document, nor in a Perbup's Lampiran)."""
    if a.mode != "draft" or a.annex:
        return []
    note = Paragraph(text="Lampiran ini hanya ada pada draf: daftar periksa pendamping sebelum evaluasi.")
    return [note, *evaluation_checklist(a)]
