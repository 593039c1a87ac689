"""``masterplan form export`` and ``masterplan form import``: click only, over :mod:`masterplan.forms`.

Exit codes: 0 saved without errors, 1 saved but some cells need fixing,
2 the workbook or the command was refused (nothing saved).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from masterplan.cli.common import FORMAT, LANG, WORKSPACE, clean_errors
from masterplan.forms import ImportResult, export_form, export_forms, import_form

_WORDS = {
    "id": {
        "saved": "Disimpan ke {file}: {answers} isian ({rows} baris tabel), "
        "{invalid} belum sesuai dan ditandai.",
        "same": "Tidak ada perubahan: {file} sudah berisi jawaban yang sama.",
        "dry": "Tidak disimpan (--dry-run): {answers} isian ({rows} baris tabel), {invalid} belum sesuai.",
        "problems": "{errors} galat, {warnings} peringatan di {workbook}:",
        "next": "Perbaiki sel yang disebut di buku kerja lalu impor ulang; pemeriksaan lintas kontributor "
        "dan lintas tahap: masterplan check",
        "note": "catatan",
    },
    "en": {
        "saved": "Saved to {file}: {answers} values ({rows} table rows), "
        "{invalid} not yet valid and flagged.",
        "same": "No change: {file} already holds the same answers.",
        "dry": "Not saved (--dry-run): {answers} values ({rows} table rows), {invalid} not yet valid.",
        "problems": "{errors} errors, {warnings} warnings in {workbook}:",
        "next": "Fix the cells named in the workbook and import it again; checks across contributors "
        "and stages: masterplan check",
        "note": "note",
    },
}


@click.group("form")
def form() -> None:
    """Buku kerja Excel kuesioner per OPD: ekspor, kirim, lalu impor hasil isiannya."""


@form.command("export")
@WORKSPACE
@click.option("--stage", type=click.IntRange(1, 4), required=True, help="Tahap Bimtek (1-4).")
@click.option(
    "--opd",
    "opds",
    multiple=True,
    metavar="KODE",
    help="Kode OPD (boleh diulang); 'semua' untuk setiap OPD di region.yaml; "
    "tanpa --opd: buku kerja koordinator.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Berkas .xlsx (satu buku kerja) atau folder (beberapa); bawaan: DIRECTORY/build/formulir.",
)
@clean_errors
def export_command(directory: Path, stage: int, opds: tuple[str, ...], output: Path | None) -> None:
    """Buat buku kerja kuesioner satu tahap, berisi jawaban yang sudah ada."""
    single = len(opds) <= 1 and not any(o.strip().lower() in ("semua", "all") for o in opds)
    if single and output is not None and output.suffix.lower() == ".xlsx":
        results = [export_form(directory, stage, opds[0] if opds else None, output)]
    else:
        results = export_forms(directory, stage, list(opds) or [None], output)
    for result in results:
        for warning in result.warnings:
            click.echo(f"peringatan: {warning}", err=True)
        click.echo(f"ditulis: {result.path} (terisi: {result.answers} jawaban, {result.rows} baris tabel)")


def _as_json(result: ImportResult, lang: str) -> str:
    data = {
        "file": result.target.file,
        "workbook": result.workbook,
        "saved": bool(result.saved and result.saved.changed),
        "answers": result.answers,
        "invalid": result.invalid,
        "rows": result.rows,
        "errors": [p.as_dict(lang) for p in result.problems if p.severity == "error"],  # type: ignore[arg-type]
        "warnings": [p.as_dict(lang) for p in result.problems if p.severity == "warning"],  # type: ignore[arg-type]
        "notes": result.notes,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _as_text(result: ImportResult, lang: str) -> str:
    words = _WORDS[lang]
    counts = {
        "file": result.target.file,
        "answers": result.answers,
        "rows": result.rows,
        "invalid": result.invalid,
    }
    lines: list[str] = []
    if result.problems:
        errors = len(result.errors)
        lines.append(
            words["problems"].format(
                errors=errors, warnings=len(result.problems) - errors, workbook=result.workbook
            )
        )
        lines += [f"  {p.render(lang)}" for p in result.problems]  # type: ignore[arg-type]
    lines += [f"{words['note']}: {note}" for note in result.notes]
    if result.saved is None:
        lines.append(words["dry"].format(**counts))
    elif result.saved.changed:
        lines.append(words["saved"].format(**counts))
    else:
        lines.append(words["same"].format(**counts))
    if result.errors:
        lines.append(words["next"])
    return "\n".join(lines)


@form.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@WORKSPACE
@click.option("--as", "person", metavar="NAMA", help="Siapa yang mengimpor (hak akses dan riwayat).")
@click.option("--stage", type=click.IntRange(1, 4), help="Tolak buku kerja dari tahap lain.")
@click.option("--dry-run", is_flag=True, help="Periksa saja; jangan simpan.")
@click.option("--replace", is_flag=True,
              help="Gantikan berkas jawaban walaupun telah berubah sejak buku kerja dibuat.")
@LANG
@FORMAT
@clean_errors
def import_command(
    file: Path, directory: Path, person: str | None, stage: int | None, dry_run: bool, replace: bool,
    lang: str, fmt: str,
) -> None:
    """Impor buku kerja yang telah diisi ke berkas jawaban OPD-nya; laporkan setiap sel yang belum sesuai."""
    result = import_form(file, directory, person=person, stage=stage, dry_run=dry_run, replace=replace)
    click.echo(_as_json(result, lang) if fmt == "json" else _as_text(result, lang))
    sys.exit(1 if result.errors else 0)
