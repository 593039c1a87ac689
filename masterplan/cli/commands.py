"""The ``masterplan`` command: click only; every command calls one api function.

Exit codes: 0 success, 1 the workspace has errors, 2 usage errors.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from typing_extensions import override

from masterplan import __version__
from masterplan.cli.common import FORMAT, LANG, WORKSPACE, clean_errors, in_store

if TYPE_CHECKING:
    from masterplan.store.base import WorkspaceStore

BUILD_FORMATS = ("docx", "pdf", "all")  # masterplan.api.FORMATS, without importing the api to say so

LAZY_COMMANDS = {
    "stage": "masterplan.cli.workflow:stage",
    "note": "masterplan.cli.workflow:note",
    "answer": "masterplan.cli.workflow:answer",
    "log": "masterplan.cli.workflow:log",
    "diff": "masterplan.cli.workflow:diff_command",
    "finalize": "masterplan.cli.workflow:finalize",
    "verify": "masterplan.cli.workflow:verify",
    "upgrade": "masterplan.cli.workflow:upgrade",
    "serve": "masterplan.cli.web:serve",
    "passwd": "masterplan.cli.web:passwd",
    "form": "masterplan.cli.form:form",
    "db": "masterplan.cli.service:db",
    "store": "masterplan.cli.service:store",
    "region": "masterplan.cli.service:region",
    "service": "masterplan.cli.service:service_group",
    "worker": "masterplan.cli.service:worker",
}
"""Commands whose modules load only when the command runs: ``--version`` and ``check`` start at once."""


class LazyGroup(click.Group):
    """A group that imports a command's module when that command is asked for."""

    @override
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    @override
    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup)
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
    from masterplan import api

    for path in api.init(directory, name=name, kind=kind):
        click.echo(f"dibuat: {path}")


@main.command()
@WORKSPACE
@click.option("--stage", type=click.IntRange(1, 4), help="Hanya tahap Bimtek ini.")
@click.option("--strict", is_flag=True, help="Peringatan juga dianggap galat.")
@LANG
@FORMAT
@clean_errors
@in_store
def check(directory: Path | WorkspaceStore, stage: int | None, strict: bool, lang: str, fmt: str) -> None:
    """Periksa seluruh jawaban dan laporkan semua masalah sekaligus."""
    from masterplan import api
    from masterplan.cli.report import render_check

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
@in_store
def status(directory: Path | WorkspaceStore, lang: str, fmt: str) -> None:
    """Tampilkan kelengkapan per tahap, bagian dan kontributor."""
    from masterplan import api
    from masterplan.cli.report import render_status

    report = api.status(directory)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_status(report, lang))  # type: ignore[arg-type]


@main.command()
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(BUILD_FORMATS), default="docx", show_default=True,
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
@click.option("--book", default="rencana-induk", show_default=True, metavar="NAMA",
              help="Buku yang disusun: rencana-induk, analisis, ringkasan, matriks atau buku "
                   "workspace di templates/text/books/; all untuk semuanya.")
@click.option("--root", "root_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Susun setiap workspace di dalam folder ini (setiap subfolder yang memuat region.yaml).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Jumlah proses yang menyusun beberapa workspace bersamaan.")
@click.option("--store", "store_url", metavar="URL",
              help="DIRECTORY adalah nama daerah di basis data layanan ini (postgresql://...); "
                   "keluaran ke build/NAMA di folder ini kecuali -o.")
@clean_errors
def build(
    directories: tuple[Path, ...], fmt: str, mode: str, outdir: Path | None, build_date: Any,
    libreoffice: bool, changes_since: str | None, book: str, root_dir: Path | None, jobs: int,
    store_url: str | None,
) -> None:
    """Susun Rencana Induk (atau buku pendampingnya) dalam bentuk Word dan/atau PDF.

    Dengan beberapa DIRECTORY atau --root, setiap workspace disusun (bersamaan dengan --jobs) dan
    diakhiri tabel ringkasan; kegagalan satu daerah dilaporkan tanpa menghentikan yang lain.
    """
    from masterplan import api
    from masterplan.errors import UsageError

    if store_url and (root_dir is not None or len(directories) != 1):
        raise UsageError("dengan --store sebutkan tepat satu nama daerah (tanpa --root)")
    if root_dir is not None or len(directories) > 1:
        from masterplan.cli.batch import build_batch

        build_batch(list(directories), root_dir, fmt, mode, outdir, build_date, libreoffice, book, jobs)
        return
    directory = directories[0] if directories else Path(".")
    if store_url:
        from masterplan.store.checkout import checkout
        from masterplan.store.postgres import PostgresStore

        outdir = outdir or Path("build") / directory.name
        directory = checkout(PostgresStore(store_url, str(directory)))  # the region as it is now
    known = api.book_names(directory)
    if book != "all" and book not in known:
        raise UsageError(f"buku {book} tidak dikenal; yang ada: {', '.join(known)} (atau all)")
    day = build_date.date() if build_date else None
    for name in known if book == "all" else [book]:
        result = api.build(directory, fmt=fmt, mode=mode, outdir=outdir, build_date=day,
                           libreoffice=libreoffice, changes_since=changes_since, book=name)
        for warning in result.warnings:
            click.echo(f"peringatan: {warning}", err=True)
        for path in result.files:
            click.echo(f"ditulis: {path}")
