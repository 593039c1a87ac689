"""``masterplan init``: an empty workspace with commented templates of every file.

The answer templates are generated from the questionnaires, so they always
list every question with its label, type and help.
"""

from __future__ import annotations

from pathlib import Path

from masterplan.answers.contribution import COORDINATOR
from masterplan.answers.definitions import Definitions
from masterplan.answers.workspace import ANSWERS_DIR, ASSETS_DIR, REGION_FILE
from masterplan.errors import WorkspaceExists
from masterplan.fileio import atomic_write_text
from masterplan.models.questionnaire import (
    ChoiceQuestion,
    MultiChoiceQuestion,
    QuestionBase,
    Questionnaire,
    RefQuestion,
    TableQuestion,
    TimelineQuestion,
)
from masterplan.models.region import FORMAT

_TYPE_WORDS = {
    "text": "teks singkat",
    "longtext": "uraian",
    "integer": "bilangan bulat",
    "decimal": "angka",
    "rupiah": "rupiah, tanpa titik",
    "percent": "persen",
    "year": "tahun",
    "date": "tanggal TTTT-BB-HH",
    "choice": "pilihan",
    "multichoice": "daftar pilihan",
    "yesno": "ya/tidak",
    "nip": "NIP 18 angka",
    "ref": "rujukan",
    "timeline": "tahun: status",
    "table": "tabel",
}

_REF_WORDS = {
    "opd": "kode OPD dari region.yaml",
    "dimension": "SG, SB, SE, SL, SS atau SV",
    "subdimension": "kode subdimensi, misalnya SG-LAYANAN",
    "program": "kode program Bimtek II",
    "quickwin": "kode quick win, misalnya QW-01",
}


def region_template(name: str, kind: str) -> str:
    """A commented region.yaml with placeholders to replace."""
    head = "Bupati" if kind == "kabupaten" else "Wali Kota"
    perkada = f"Peraturan {head}"
    return f"""\
# Profil daerah untuk Rencana Induk (Masterplan) Smart City.
# Ganti setiap isian dalam tanda kurung; jalankan "masterplan check" untuk memeriksa.

format: {FORMAT}                     # format workspace; masterplan upgrade memperbaruinya
name: {name}                 # nama daerah, tanpa kata Kabupaten/Kota
kind: {kind}              # kabupaten atau kota
province: (isi nama provinsi)
capital: (isi nama ibu kota)  # tempat penandatanganan dokumen

head:                         # kepala daerah ({head}); menandatangani tanpa NIP
  name: (isi nama {head})
  deputy: (isi nama wakil)

period:                       # periode masterplan, 3 sampai 20 tahun (biasanya 10)
  start: 2027                 # tahun pertama
  end: 2036                   # tahun terakhir

paper: A4                     # A4 atau F4
# timezone: WIB               # WIB, WITA atau WIT; bawaan menurut provinsi
quick_wins: {{min: 3, max: 6}} # rentang jumlah quick win per tahun; satu per dimensi
# regulation:                 # penetapan Rencana Induk, diisi setelah ditetapkan
#   kind: peraturan           # peraturan ({perkada}) atau keputusan
#   number: "12"
#   year: 2027
#   title: Rencana Induk Smart City {"Kabupaten" if kind == "kabupaten" else "Kota"} {name} Tahun 2027-2036
# emblem: {ASSETS_DIR}/lambang.png  # lambang daerah untuk sampul
# deadline: 2026-12-15        # batas pengisian kuesioner

# Nama lembaga dapat disesuaikan dengan regulasi terbaru.
labels:
  council: Dewan Smart City
  team: Tim Pelaksana Smart City
  forum: Forum Smart City

# Perangkat daerah: kodenya menjadi nama berkas jawaban (answers/bimtek-2/diskominfo.yaml).
opds:
  - code: BAPPEDA
    name: Badan Perencanaan Pembangunan Daerah
  - code: DISKOMINFO
    name: Dinas Komunikasi dan Informatika

# Penanda tangan Lembar Pengesahan selain kepala daerah.
signatories:
  - role: ketua-tim           # ketua-tim (satu atau dua), sekretaris-tim, sekda, kepala-bappeda, lainnya
    name: (isi nama lengkap dengan gelar)
    position: KEPALA DINAS KOMUNIKASI DAN INFORMATIKA selaku KETUA TIM PELAKSANA SMART CITY
    rank: Pembina             # pangkat
    grade: IV/a               # golongan/ruang
    nip: "000000000000000000" # 18 angka
"""


def _describe(question: QuestionBase) -> str:
    kind = _TYPE_WORDS.get(getattr(question, "type", ""), "")
    if isinstance(question, RefQuestion):
        kind = _REF_WORDS[question.ref] + (" (boleh lebih dari satu)" if question.multiple else "")
    elif isinstance(question, (ChoiceQuestion, MultiChoiceQuestion, TimelineQuestion)):
        kind = f"{kind} dari daftar {question.choices}"
    flags = ["wajib" if question.required else "opsional"]
    if question.relevant is not None:
        flags.append("bersyarat")
    return f"{question.label} ({kind}, {', '.join(flags)})"


def answers_template(questionnaire: Questionnaire, contributor: str) -> str:
    """An answers file for ``contributor`` listing every question as a comment."""
    lines = [
        f"# Jawaban Bimtek {questionnaire.stage}: {questionnaire.title}",
        f"# Kontributor: {contributor}",
        "# Hapus tanda # di depan pertanyaan yang dijawab; jaga indentasi dua spasi.",
        f"stage: {questionnaire.stage}",
        "# filled_by: (nama pengisi)",
        "answers:",
    ]
    for section in questionnaire.sections:
        lines.append(f"  # === {section.title} ===")
        for question in section.questions:
            lines.append(f"  # {_describe(question)}")
            if question.help:
                lines.append(f"  #   {' '.join(question.help.split())}")
            if isinstance(question, TableQuestion):
                lines.append(f"  # {question.id}:")
                for index, column in enumerate(question.columns):
                    lead = "  #   - " if index == 0 else "  #     "
                    lines.append(f"{lead}{column.id}:   # {_describe(column)}")
            else:
                lines.append(f"  # {question.id}:")
    return "\n".join(lines) + "\n"


def write_workspace(root: Path, definitions: Definitions, name: str, kind: str) -> list[Path]:
    """Create the workspace files; refuse to overwrite anything that exists."""
    files = {root / REGION_FILE: region_template(name, kind)}
    for number, questionnaire in definitions.stages.items():
        path = root / ANSWERS_DIR / f"bimtek-{number}" / f"{COORDINATOR}.yaml"
        files[path] = answers_template(questionnaire, COORDINATOR)
    existing = [p for p in files if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise WorkspaceExists(f"tidak ditimpa, berkas sudah ada: {names}")
    (root / ASSETS_DIR).mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        atomic_write_text(path, text)
    return list(files)
