"""The ``masterplan`` command: click only; every command calls one api function.

Exit codes: 0 success, 1 the workspace has errors, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from masterplan import __version__, api
from masterplan.cli_common import FORMAT, LANG, WORKSPACE, clean_errors
from masterplan.report import render_check, render_status


@click.group()
@click.version_option(__version__, prog_name="masterplan")
def main() -> None:
    """Rencana Induk (Masterplan) Smart City: kuesioner Bimtek, pemeriksaan dan dokumen."""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Contoh", show_default=True, help="Nama daerah.")
@click.option("--kind", type=click.Choice(["kabupaten", "kota"]), default="kabupaten",
              show_default=True)
@clean_errors
def init(directory: Path, name: str, kind: str) -> None:
    """Buat workspace kosong berisi templat bertanda komentar."""
    for path in api.init(directory, name=name, kind=kind):
        click.echo(f"dibuat: {path}")


@main.command()
@WORKSPACE
@click.option("--stage", type=click.IntRange(1, 4), help="Hanya tahap Bimtek ini.")
@click.option("--strict", is_flag=True, help="Peringatan juga dianggap galat.")
@LANG
@FORMAT
@clean_errors
def check(directory: Path, stage: int | None, strict: bool, lang: str, fmt: str) -> None:
    """Periksa seluruh jawaban dan laporkan semua masalah sekaligus."""
    result = api.check(directory, stage=stage)
    report = result.report
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(lang), ensure_ascii=False, indent=2))  # type: ignore[arg-type]
    else:
        click.echo(render_check(result, lang, strict))  # type: ignore[arg-type]
    failed = bool(report.errors) or (strict and bool(report.warnings))
    sys.exit(1 if failed else 0)


@main.command()
@WORKSPACE
@LANG
@FORMAT
@clean_errors
def status(directory: Path, lang: str, fmt: str) -> None:
    """Tampilkan kelengkapan per tahap, bagian dan kontributor."""
    report = api.status(directory)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_status(report, lang))  # type: ignore[arg-type]


@main.command()
@WORKSPACE
@click.option("--format", "fmt", type=click.Choice(list(api.FORMATS)), default="docx", show_default=True,
              help="Bentuk dokumen.")
@click.option("--mode", type=click.Choice(["draft", "final"]), default="draft", show_default=True,
              help="Draf (dengan tanda DRAF dan catatan) atau final (ditolak bila masih ada galat).")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder keluaran (bawaan: DIRECTORY/build).")
@click.option("--date", "build_date", type=click.DateTime(["%Y-%m-%d"]),
              help="Tanggal penyusunan TTTT-BB-HH (bawaan: hari ini); "
                   "tanggal yang sama memberi dokumen yang sama.")
@click.option("--libreoffice/--no-libreoffice", default=True, show_default=True,
              help="Isi nomor halaman daftar isi dengan LibreOffice (bila terpasang); "
                   "tanpa itu Word mengisinya saat dokumen dibuka.")
@click.option("--changes", "changes_since", is_flag=False, flag_value="review", default=None,
              metavar="[REF]",
              help="Draf memuat lampiran Perubahan sejak Reviu Terakhir; REF: nomor entri jurnal "
                   "atau tanggal (bawaan: reviu terakhir tiap tahap).")
@clean_errors
def build(
    directory: Path, fmt: str, mode: str, outdir: Path | None, build_date: Any, libreoffice: bool,
    changes_since: str | None,
) -> None:
    """Susun Rencana Induk dalam bentuk Word dan/atau PDF."""
    day = build_date.date() if build_date else None
    result = api.build(directory, fmt=fmt, mode=mode, outdir=outdir, build_date=day, libreoffice=libreoffice,
                       changes_since=changes_since)
    for warning in result.warnings:
        click.echo(f"peringatan: {warning}", err=True)
    for path in result.files:
        click.echo(f"ditulis: {path}")


def _register() -> None:
    from masterplan.cli_form import form
    from masterplan.cli_web import COMMANDS as WEB_COMMANDS
    from masterplan.cli_workflow import COMMANDS

    for command in [*COMMANDS, *WEB_COMMANDS]:
        main.add_command(command)
    main.add_command(form)


_register()
