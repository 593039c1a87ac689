"""The message catalogue: one entry per rule code, in Indonesian and English.

Messages say what is expected, in words a Tim Pelaksana member understands.
Parameters are filled with :meth:`str.format`; lists are joined before.
"""

from __future__ import annotations

from typing import Any

# rule code -> (Indonesian, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- files and YAML -------------------------------------------------
    "yaml-syntax": (
        "YAML tidak dapat dibaca di baris {line}, kolom {column}: {detail}. "
        "Periksa indentasi (gunakan spasi, bukan tab) dan tanda titik dua",
        "YAML cannot be read at line {line}, column {column}: {detail}. "
        "Check the indentation (spaces, not tabs) and the colons",
    ),
    "answers-unread": (
        "{count} jawaban di berkas ini tidak terbaca karena galat di baris {line} ({questions}); "
        "jawabannya tidak hilang: perbaiki galat itu, lalu periksa kembali",
        "{count} answers in this file cannot be read because of the error at line {line} ({questions_en}); "
        "nothing is lost: fix that error, then check again",
    ),
    "people-invalid": (
        "daftar orang tidak benar: {detail}",
        "the people list is wrong: {detail}",
    ),
    "journal-broken": (
        "riwayat alur kerja tidak utuh: {detail}. Periksa dengan masterplan log --verify; "
        "pulihkan folder workflow/ dari cadangan",
        "the workflow history does not hold: {detail}. Inspect it with masterplan log --verify; "
        "restore the workflow/ folder from a backup",
    ),
    "approved-stage-changed": (
        "jawaban {file} berubah setelah Bimtek {stage} disetujui pada {time}; tahap yang telah "
        "disetujui terkunci: kembalikan isinya atau minta pendamping membuka kembali tahap ini",
        "{file} changed after stage {stage} was approved on {time}; an approved stage is "
        "locked: restore it or ask a mentor to reopen the stage",
    ),
    "yaml-too-many-nodes": (
        "berkas berisi lebih dari {limit} nilai (sampai baris {line}); jauh melebihi yang diperlukan "
        "sebuah rencana induk, berkas tidak dibaca. Pecah isinya atau hapus baris yang berulang",
        "the file holds more than {limit} values (up to line {line}); far beyond what a masterplan "
        "needs, it was not read. Split it or remove repeated rows",
    ),
    "table-too-long": (
        "tabel ini berisi {count} baris; paling banyak {limit} baris per tabel dalam satu berkas, "
        "tabel ini tidak diperiksa. Pindahkan sebagian baris ke berkas OPD lain",
        "this table has {count} rows; at most {limit} rows per table in one file, "
        "it was not checked. Move some rows to another OPD's file",
    ),
    "problems-more": (
        "dan {count} masalah lain di berkas ini tidak ditampilkan; "
        "perbaiki yang di atas, lalu periksa kembali",
        "and {count} more problems in this file are not shown; fix those above, then check again",
    ),
    "yaml-duplicate-key": (
        'kunci "{key}" ditulis dua kali (pertama di baris {first}); hapus salah satunya',
        'key "{key}" appears twice (first at line {first}); remove one of them',
    ),
    "yaml-control-char": (
        "berisi karakter kendali yang tidak diizinkan ({code}) di kolom {column}; "
        "hapus karakter itu (sering terbawa saat menyalin dari PDF)",
        "contains a forbidden control character ({code}) at column {column}; "
        "remove it (it often comes from copying out of a PDF)",
    ),
    "yaml-anchor": (
        "alias dan anchor YAML (& dan *) tidak diizinkan; tulis nilainya langsung",
        "YAML anchors and aliases (& and *) are not allowed; write the value itself",
    ),
    "file-encoding": (
        "berkas bukan teks UTF-8 (bita tidak valid di posisi {position}); "
        "simpan ulang sebagai UTF-8",
        "the file is not UTF-8 text (invalid byte at position {position}); save it as UTF-8",
    ),
    "file-too-large": (
        "berkas terlalu besar ({size}); batasnya {limit}, berkas tidak dibaca",
        "the file is too large ({size}); the limit is {limit}, it was not read",
    ),
    "file-empty": (
        "berkas kosong; isi minimal {expected}",
        "the file is empty; it needs at least {expected}",
    ),
    "file-not-mapping": (
        "isi berkas harus berupa daftar kunci: nilai, bukan {kind}",
        "the file must hold key: value pairs, not {kind}",
    ),
    "file-outside-workspace": (
        "berkas menunjuk ke luar workspace ({target}); berkas ini tidak dibaca",
        "the file points outside the workspace ({target}); it was not read",
    ),
    "file-bad-name": (
        'nama berkas "{name}" tidak dapat dipakai: gunakan kode OPD atau "koordinator", '
        "huruf kecil, angka dan tanda hubung, berakhiran .yaml",
        'file name "{name}" cannot be used: use an OPD code or "koordinator", '
        "lower-case letters, digits and hyphens, ending in .yaml",
    ),
    "file-unreadable": (
        "berkas tidak dapat dibaca: {detail}",
        "the file cannot be read: {detail}",
    ),
    "unknown-contributor": (
        'kontributor "{name}" tidak dikenal: nama berkas harus kode OPD di region.yaml '
        '(misalnya {known}) atau "koordinator"',
        'unknown contributor "{name}": the file name must be an OPD code from region.yaml '
        '(for example {known}) or "koordinator"',
    ),
    "stage-mismatch": (
        "berkas ada di folder bimtek-{folder} tetapi menyatakan stage: {declared}",
        "the file is in folder bimtek-{folder} but declares stage: {declared}",
    ),
    "stage-folder-unknown": (
        'folder "{name}" tidak dikenal; gunakan bimtek-1 sampai bimtek-4',
        'unknown folder "{name}"; use bimtek-1 to bimtek-4',
    ),
    "missing-file": (
        "berkas {expected} tidak ditemukan",
        "file {expected} not found",
    ),
    # --- structure of region.yaml and answer files --------------------------
    "field-missing": ("wajib diisi", "is required"),
    "field-unknown": (
        'kunci "{key}" tidak dikenal; kunci yang dikenal: {known}',
        'unknown key "{key}"; known keys: {known}',
    ),
    "field-invalid": ("{detail}", "{detail_en}"),
    "unknown-question": (
        'pertanyaan "{key}" tidak ada di kuesioner Bimtek {stage}{suggestion}',
        'question "{key}" is not in the Bimtek {stage} questionnaire{suggestion_en}',
    ),
    # --- answer values --------------------------------------------------
    "required": (
        "wajib diisi, tetapi belum dijawab oleh kontributor mana pun",
        "is required but no contributor has answered it",
    ),
    "required-cell": ("wajib diisi", "is required"),
    "type-text": ("harus berupa teks", "must be text"),
    "type-integer": (
        "harus berupa bilangan bulat, misalnya 25",
        "must be a whole number, for example 25",
    ),
    "type-decimal": (
        "harus berupa angka, misalnya 12,5",
        "must be a number, for example 12.5",
    ),
    "type-rupiah": (
        "harus berupa angka rupiah, misalnya 150000000",
        "must be an amount in rupiah, for example 150000000",
    ),
    "budget-non-negative": (
        "tidak boleh negatif (tertulis {value}); isi 0 bila belum ada anggaran",
        "must not be negative (found {value}); write 0 if there is no budget yet",
    ),
    "type-percent": (
        "harus berupa persentase antara 0 dan 100, misalnya 12,5",
        "must be a percentage between 0 and 100, for example 12.5",
    ),
    "type-year": (
        "harus berupa tahun empat angka, misalnya 2027",
        "must be a four-digit year, for example 2027",
    ),
    "type-date": (
        "harus berupa tanggal yang ada, misalnya 2026-03-15 atau 15 Maret 2026",
        "must be an existing date, for example 2026-03-15 or 15 Maret 2026",
    ),
    "type-choice": (
        '"{value}" bukan pilihan yang tersedia; pilih salah satu: {options}',
        '"{value}" is not one of the options; choose one of: {options}',
    ),
    "type-multichoice": (
        "harus berupa daftar pilihan, misalnya [{example}]",
        "must be a list of options, for example [{example}]",
    ),
    "type-yesno": (
        'harus "ya" atau "tidak"',
        'must be "ya" (yes) or "tidak" (no)',
    ),
    "type-table": (
        "harus berupa daftar baris (setiap baris diawali tanda -)",
        "must be a list of rows (each row starts with -)",
    ),
    "type-row": (
        "setiap baris harus berupa pasangan kolom: nilai",
        "each row must hold column: value pairs",
    ),
    "type-timeline": (
        "harus berupa pasangan tahun: status, misalnya {{2027: persiapan, 2028: pembangunan}}",
        "must hold year: status pairs, for example {{2027: persiapan, 2028: pembangunan}}",
    ),
    "type-timeline-status": (
        'tahun {year}: "{value}" bukan status yang tersedia; pilih salah satu: {options}',
        'year {year}: "{value}" is not one of the statuses; choose one of: {options}',
    ),
    "type-timeline-year": (
        '"{value}" bukan tahun; tulis tahun empat angka sebagai kunci',
        '"{value}" is not a year; use four-digit years as keys',
    ),
    "unknown-column": (
        'kolom "{key}" tidak dikenal; kolom yang ada: {known}',
        'unknown column "{key}"; the columns are: {known}',
    ),
    "value-min": ("minimal {min} (tertulis {value})", "must be at least {min} (found {value})"),
    "value-max": ("maksimal {max} (tertulis {value})", "must be at most {max} (found {value})"),
    "value-too-large": (
        "angka terlalu besar (tertulis {value}); paling besar {limit}: periksa jumlah angka nolnya",
        "the number is too large (found {value}); at most {limit}: check the number of zeros",
    ),
    "length-min": (
        "minimal {min} karakter (tertulis {length})",
        "must have at least {min} characters (found {length})",
    ),
    "length-max": (
        "maksimal {max} karakter (tertulis {length})",
        "must have at most {max} characters (found {length})",
    ),
    "pattern": (
        '"{value}" tidak sesuai format: {hint}',
        '"{value}" does not match the format: {hint_en}',
    ),
    "rows-min": (
        "minimal {min} baris (terisi {count})",
        "needs at least {min} rows (found {count})",
    ),
    "rows-max": (
        "maksimal {max} baris (terisi {count})",
        "allows at most {max} rows (found {count})",
    ),
    "not-relevant": (
        "jawaban ini tidak dipakai karena {condition}",
        "this answer is not used because {condition_en}",
    ),
    # --- references -----------------------------------------------------
    "opd-exists": (
        'OPD "{value}" tidak terdaftar di region.yaml; kode yang ada: {known}',
        'OPD "{value}" is not listed in region.yaml; the codes are: {known}',
    ),
    "dimension-exists": (
        'dimensi "{value}" tidak dikenal; pilih salah satu: {known}',
        'unknown dimension "{value}"; choose one of: {known}',
    ),
    "subdimension-exists": (
        'subdimensi "{value}" tidak dikenal; pilih salah satu: {known}',
        'unknown sub-dimension "{value}"; choose one of: {known}',
    ),
    "program-exists": (
        'program "{value}" tidak ada di daftar program Bimtek II',
        'programme "{value}" is not in the Bimtek II programme list',
    ),
    "quickwin-exists": (
        'quick win "{value}" tidak ada di daftar quick win Bimtek IV',
        'quick win "{value}" is not in the Bimtek IV quick-win list',
    ),
    # --- NIP ------------------------------------------------------------
    "nip-valid": ("{detail}", "{detail_en}"),
    # --- merge ----------------------------------------------------------
    "merge-conflict": (
        'dijawab berbeda oleh {first} ("{first_value}", {first_file}:{first_line}) dan '
        '{second} ("{second_value}", {second_file}:{second_line}); samakan jawabannya '
        "atau tetapkan satu jawaban di berkas koordinator",
        'answered differently by {first} ("{first_value}", {first_file}:{first_line}) and '
        '{second} ("{second_value}", {second_file}:{second_line}); make them agree '
        "or settle it in the coordinator's file",
    ),
    "unique-key": (
        '{column} "{key}" dipakai lebih dari sekali (juga di {other_file}:{other_line}); '
        "setiap kode harus unik",
        '{column} "{key}" is used more than once (also at {other_file}:{other_line}); '
        "every code must be unique",
    ),
    # --- cross-stage rules ----------------------------------------------
    "elected-without-nip": (
        "{name} adalah pejabat yang dipilih (kepala daerah, wakilnya atau pimpinan DPRD) dan menandatangani "
        "dengan nama saja, tanpa NIP; NIP ini tidak dicetak, hapus dari jawaban",
        "{name} is an elected official (head of region, deputy or council leader) and signs with the name "
        "only, without a NIP; the NIP is not printed, remove it from the answer",
    ),
    "quickwin-not-cancelled": (
        'quick win "{code}" merujuk program "{program}" yang dibatalkan pada konfirmasi ulang; '
        "pilih program lain sebagai quick win atau ubah hasil konfirmasi ulangnya",
        'quick win "{code}" refers to programme "{program}", which was cancelled at re-confirmation; '
        "choose another programme or change its re-confirmation result",
    ),
    "quickwin-is-program": (
        'quick win "{code}" merujuk program "{program}" yang tidak ada di Bimtek II; '
        "setiap quick win harus salah satu program yang telah dirumuskan",
        'quick win "{code}" refers to programme "{program}", which is not in Bimtek II; '
        "every quick win must be one of the formulated programmes",
    ),
    "program-on-roadmap": (
        '"{name}" belum ditempatkan di peta jalan: tambahkan baris "program: {code}" '
        "pada roadmap di answers/bimtek-3/",
        '"{name}" is not on the roadmap: add a row "program: {code}" to roadmap in answers/bimtek-3/',
    ),
    "roadmap-in-period": (
        "tahun {year} di luar periode masterplan {start}-{end}",
        "year {year} lies outside the masterplan period {start}-{end}",
    ),
    "dimension-has-programs": (
        "dimensi {dimension} belum memiliki program; setiap dimensi harus memiliki "
        "setidaknya satu program",
        "dimension {dimension} has no programme; every dimension needs at least one",
    ),
    "subdimension-covered": (
        "subdimensi {subdimension} pada dimensi {dimension} belum memiliki program",
        "sub-dimension {subdimension} of dimension {dimension} has no programme",
    ),
    "subdimension-matches-dimension": (
        'subdimensi "{subdimension}" bukan bagian dari dimensi {dimension}; '
        "pilih salah satu: {known}",
        'sub-dimension "{subdimension}" does not belong to dimension {dimension}; '
        "choose one of: {known}",
    ),
    "program-code-dimension": (
        'kode program "{code}" tidak diawali kode dimensinya ({dimension}), '
        "misalnya {dimension}-01",
        'programme code "{code}" does not start with its dimension code ({dimension}), '
        "for example {dimension}-01",
    ),
    "program-mission-exists": (
        "misi RPJMD nomor {value} tidak ada di Bimtek I; nomor misi yang ada: {known}",
        "RPJMD mission {value} is not in Bimtek I; the missions are: {known}",
    ),
    "workspace-format": (
        "workspace berformat {found}, format terkini {current}; jalankan masterplan upgrade "
        "pada folder workspace ini (perubahannya disebutkan dan tercatat)",
        "the workspace has format {found}, the current format is {current}; run masterplan upgrade "
        "on this workspace folder (it lists and records what it changes)",
    ),
    "opd-code-unique": (
        'kode OPD "{code}" dipakai lebih dari sekali; setiap OPD memerlukan kode unik',
        'OPD code "{code}" is used more than once; every OPD needs its own code',
    ),
    "quickwin-count": (
        "jumlah quick win tahun {year} adalah {count}, di luar rentang yang ditetapkan ({min}-{max})",
        "there are {count} quick wins in {year}, outside the configured range ({min}-{max})",
    ),
    "quickwin-in-period": (
        "quick win {code} dilaksanakan tahun {year}, di luar periode masterplan {start}-{end}",
        "quick win {code} is set in {year}, outside the plan period {start}-{end}",
    ),
    "quickwin-per-dimension": (
        "quick win tahun {year} belum mencakup dimensi {missing}; sejak 2021 diharapkan satu quick win "
        "per dimensi (atur quick_wins.dimensions di region.yaml bila daerah menetapkan lain)",
        "the quick wins of {year} do not cover {missing}; since 2021 one quick win per dimension is "
        "expected (set quick_wins.dimensions in region.yaml if the region decided otherwise)",
    ),
    "quickwin-on-roadmap": (
        "quick win {code} dilaksanakan tahun {year}, tetapi program {program} belum berjalan pada tahun itu "
        "di peta jalan (berjalan: {active}); sesuaikan peta jalan Bimtek III atau tahun quick win",
        "quick win {code} is set in {year}, but programme {program} is not active that year on the "
        "roadmap (active: {active}); align the Bimtek III roadmap or the quick-win year",
    ),
    "quickwin-schedule": ("{detail}", "{detail_en}"),
    "indicator-targets-fit": ("{detail}", "{detail_en}"),
    "quickwin-matches-program": ("{detail}", "{detail_en}"),
    "quickwin-has-schedule": (
        'belum memiliki jadwal bulanan: tambahkan tahapan dengan "quick_win: {code}" '
        "pada quick_win_schedule",
        'has no monthly schedule: add activities with "quick_win: {code}" to quick_win_schedule',
    ),
    "program-reconfirmed": (
        'belum dikonfirmasi ulang: tambahkan baris "program: {code}" pada reconfirmation '
        "di answers/bimtek-4/",
        'is not re-confirmed: add a row "program: {code}" to reconfirmation in answers/bimtek-4/',
    ),
    "program-has-innovation": (
        'belum memiliki uraian inovasi: tambahkan baris "program: {code}" pada innovations '
        "di answers/bimtek-3/",
        'has no innovation: add a row "program: {code}" to innovations in answers/bimtek-3/',
    ),
    "hr-action-plan": (
        "belum ada rencana aksi kategori literasi (pengembangan SDM dan masyarakat); "
        "evaluator mensyaratkan rencana aksi pengembangan SDM",
        "there is no action plan in the literacy category (people and community); "
        "evaluators expect an HR development action plan",
    ),
    "non-apbd-funding": (
        "seluruh {count} program dimensi {dimension} hanya didanai APBD; tambahkan sumber non-APBD "
        "(APBN/DAK, CSR, KPBU, swasta, masyarakat) bila memungkinkan",
        "all {count} programmes of {dimension} are funded by the APBD only; add non-APBD sources "
        "where possible",
    ),
    "budget-plan-total": (
        "rincian pagu program {code} ({rows} baris) berjumlah {total}, sedangkan pagu indikatifnya "
        "{budget}; samakan keduanya",
        "the {rows} budget lines of programme {code} add up to {total}, but its indicative budget is "
        "{budget}; make them equal",
    ),
    "budget-plan-fits": (
        "sumber dana {source} tidak tercantum pada program {code} (sumber dananya: {funding}); "
        "tambahkan sumber itu pada program atau perbaiki rinciannya",
        "funding source {source} is not listed for programme {code} (its sources: {funding}); "
        "add it to the programme or correct the line",
    ),
    "quickwin-budget-fits": (
        "anggaran quick win {code} ({budget}) melebihi pagu program {program} tahun {year} "
        "menurut rincian pagu ({available})",
        "the budget of quick win {code} ({budget}) exceeds programme {program}'s budget for {year} "
        "in its budget lines ({available})",
    ),
    "horizon-matches-roadmap": (
        "program {code} ditetapkan {horizon}, tetapi di peta jalan memerlukan {years} tahun persiapan "
        "dan pembangunan ({first}-{last}) sebelum beroperasi; sesuaikan jangka waktu atau peta jalannya",
        "programme {code} has horizon {horizon} but the roadmap takes {years} years of preparation "
        "and construction ({first}-{last}) before it operates; align the horizon or the roadmap",
    ),
    "commitment-covers-owners": (
        "{count} OPD pemilik program belum ikut menandatangani Lembar Komitmen: {missing}; "
        "tambahkan kepala OPD tersebut (kolom opd) ke penanda tangan",
        "{count} agencies that own programmes do not sign the commitment sheet: {missing}; "
        "add their heads (column opd) to the signatories",
    ),
    "application-count": (
        "disebut {stated} aplikasi, sedangkan inventaris memuat {listed} baris; lengkapi inventaris "
        "atau jelaskan selisihnya pada pertanyaan penjelasan selisih jumlah aplikasi",
        "{stated} applications are stated but the inventory has {listed} rows; complete the inventory "
        "or explain the difference in the question provided",
    ),
    "readiness-scale": (
        'teks menyebut "{found}", padahal skala penilaian kesiapan 1 sampai {top}; '
        "pakai skala yang sama dengan tabel kesiapan",
        'the text says "{found}" but the readiness scale runs from 1 to {top}; use the same scale '
        "as the readiness table",
    ),
    "year-order": (
        "{end_label} ({end}) tidak boleh sebelum {start_label} ({start})",
        "{end_label_en} ({end}) must not be before {start_label_en} ({start})",
    ),
    "signatory-required": (
        "penanda tangan dengan peran {role} belum ada di region.yaml",
        "region.yaml has no signatory with role {role}",
    ),
    "wording-kind": (
        'memakai sebutan "{word}", padahal region.yaml menyatakan daerah ini {kind}; '
        "periksa apakah teks disalin dari dokumen daerah lain",
        'uses "{word}" although region.yaml says this region is a {kind}; '
        "check whether the text was copied from another region's document",
    ),
    "emblem-not-in-assets": (
        "lambang harus disimpan di folder assets/ workspace (tertulis {path}), misalnya assets/lambang.png",
        "the emblem must be in the workspace's assets/ folder (found {path}), for example assets/emblem.png",
    ),
    "figure-not-in-assets": (
        "gambar harus disimpan di folder assets/ workspace (tertulis {path}), misalnya assets/peta.png",
        "a figure must be in the workspace's assets/ folder (found {path}), for example assets/map.png",
    ),
    "figure-section-unknown": (
        'gambar "{caption}" ditujukan ke bagian "{section}" yang tidak ada dalam kerangka dokumen; '
        "gambar ditempatkan pada akhir {placed}. Bagian yang ada: {sections}",
        'figure "{caption}" names section "{section}", which the outline does not have; '
        "it is placed at the end of {placed}. Sections: {sections}",
    ),
    "asset-missing": (
        "berkas {path} tidak ditemukan di workspace",
        "file {path} is not in the workspace",
    ),
    "type-file": (
        "harus berupa nama berkas {accepted} di folder assets/ workspace, "
        "misalnya assets/lampiran/sk-dewan.pdf",
        "must name a {accepted} file in the workspace's assets/ folder, "
        "for example assets/lampiran/sk-dewan.pdf",
    ),
    "file-path": (
        "berkas {value} harus berada di folder assets/ workspace, misalnya assets/lampiran/sk-dewan.pdf",
        "file {value} must be in the workspace's assets/ folder, for example assets/lampiran/sk-dewan.pdf",
    ),
    "attachment-too-big": (
        "berkas berukuran {size}, melebihi batas {max}; "
        "pindai ulang dengan resolusi 150-200 dpi atau kecilkan fotonya",
        "the file is {size}, over the limit of {max}; scan again at 150-200 dpi or make the photo smaller",
    ),
    "attachment-empty": ("berkas kosong", "the file is empty"),
    "attachment-kind": (
        "isi berkas bukan {accepted}; simpan atau pindai ulang sebagai {accepted}",
        "the file is not {accepted}; save or scan it again as {accepted}",
    ),
    "attachment-not-accepted": (
        "berkas {kind} tidak dapat dipakai di sini; yang diterima: {accepted}",
        "a {kind} file cannot be used here; accepted: {accepted}",
    ),
    "attachment-content": (
        "isi berkas {path} tidak sesuai dengan namanya; yang diterima: {accepted}",
        "the content of {path} does not match its name; accepted: {accepted}",
    ),
    "attachment-pages": (
        "PDF berisi {pages} halaman, melebihi batas {max} halaman",
        "the PDF has {pages} pages, over the limit of {max}",
    ),
    "attachment-unreadable": (
        "berkas {kind} rusak atau tidak dapat dibaca",
        "the {kind} file is damaged or cannot be read",
    ),
    "attachment-encrypted": (
        "PDF dikunci dengan kata sandi; simpan tanpa kata sandi lalu unggah lagi",
        "the PDF is protected by a password; save it without one and upload it again",
    ),
    "attachment-pixels": (
        "gambar terlalu besar (lebih dari 50 megapiksel); kecilkan ukurannya",
        "the picture is too large (over 50 megapixels); make it smaller",
    ),
}


def _join(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def render_message(rule: str, lang: str, params: dict[str, Any]) -> str:
    """The message for ``rule`` in ``lang`` ("id" or "en"), filled with ``params``."""
    try:
        text_id, text_en = MESSAGES[rule]
    except KeyError:  # a programming error; say something useful anyway
        return f"{rule}: {params}"
    template = text_en if lang == "en" else text_id
    values = {k: _join(v) for k, v in params.items()}
    # English variants fall back to the Indonesian parameter when absent.
    for key in list(values):
        values.setdefault(f"{key}_en", values[key])
    return template.format(**values)
