"""``masterplan db`` and ``masterplan store``: the database of a service for many regions."""

from __future__ import annotations

from pathlib import Path

import click

from masterplan.cli.common import clean_errors
from masterplan.errors import UsageError

STORE = click.option(
    "--store", "url", envvar="MASTERPLAN_STORE", required=True, metavar="URL",
    help="Basis data PostgreSQL layanan, mis. postgresql://masterplan@localhost/masterplan "
         "(atau variabel MASTERPLAN_STORE).",
)


@click.group()
def db() -> None:
    """Basis data layanan banyak daerah (PostgreSQL)."""


@db.command("upgrade")
@STORE
@clean_errors
def db_upgrade(url: str) -> None:
    """Buat atau perbarui skema basis data (aman dijalankan berulang dan bersamaan)."""
    try:
        import psycopg
    except ImportError as error:
        raise UsageError("basis data memerlukan psycopg: pip install 'masterplan[service]'") from error

    from masterplan.store.migrations import upgrade

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            done = upgrade(conn)
    except psycopg.Error as error:
        raise UsageError(f"basis data tidak dapat diperbarui: {error}".strip()) from error
    if done:
        click.echo("diterapkan: " + ", ".join(done))
    else:
        click.echo("skema sudah terbaru")


@click.group()
def store() -> None:
    """Memindahkan satu workspace antara folder dan basis data layanan."""


@store.command("push")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@STORE
@click.option("--name", help="Nama workspace di basis data (bawaan: nama folder).")
@clean_errors
def push(directory: Path, url: str, name: str | None) -> None:
    """Salin workspace DIRECTORY ke basis data (ke workspace yang baru atau kosong)."""
    from masterplan.store.files import FileStore
    from masterplan.store.postgres import PostgresStore
    from masterplan.store.transfer import copy_workspace

    target = PostgresStore(url, name or directory.resolve().name, create=True)
    moved = copy_workspace(FileStore(directory), target)
    click.echo(f"{target.name}: {moved.documents} dokumen, {moved.journal_lines} baris jurnal, "
               f"{moved.objects} objek disalin ke basis data")


@store.command("pull")
@click.argument("name")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@STORE
@clean_errors
def pull(name: str, directory: Path, url: str) -> None:
    """Salin workspace NAME dari basis data ke folder DIRECTORY (yang baru atau kosong)."""
    from masterplan.store.files import FileStore
    from masterplan.store.postgres import PostgresStore
    from masterplan.store.transfer import copy_workspace

    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"folder {directory} tidak kosong; tidak ada yang disalin")
    directory.mkdir(parents=True, exist_ok=True)
    moved = copy_workspace(PostgresStore(url, name), FileStore(directory))
    click.echo(f"{name}: {moved.documents} dokumen, {moved.journal_lines} baris jurnal, "
               f"{moved.objects} objek disalin ke {directory}")


@click.group()
def region() -> None:
    """Daerah-daerah layanan: tambah, daftar, arsipkan (pengelola layanan)."""


@region.command("add")
@click.argument("name")
@STORE
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Salin workspace dari folder ini (bawaan: workspace kosong bertemplat).")
@click.option("--title", help="Nama daerah untuk workspace kosong, mis. Sukamaju.")
@click.option("--kind", type=click.Choice(["kabupaten", "kota"]), default="kabupaten", show_default=True)
@clean_errors
def region_add(name: str, url: str, source: Path | None, title: str | None, kind: str) -> None:
    """Tambah daerah NAME ke layanan (nama workspace: huruf kecil, angka dan tanda hubung)."""
    import re
    import tempfile

    from masterplan.store.files import FileStore
    from masterplan.store.postgres import PostgresStore, workspaces
    from masterplan.store.transfer import copy_workspace

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", name):
        raise UsageError(f"nama daerah {name!r} tidak sah: huruf kecil, angka dan tanda hubung, "
                         "2-63 karakter")
    if any(row.name == name for row in workspaces(url, archived=True)):
        raise UsageError(f"daerah {name} sudah ada di layanan")
    with tempfile.TemporaryDirectory(prefix="masterplan-region-") as scratch:
        if source is None:
            from masterplan import api

            source = Path(scratch) / name
            api.init(source, name=title or name.replace("-", " ").title(), kind=kind)
        moved = copy_workspace(FileStore(source), PostgresStore(url, name, create=True))
    click.echo(f"daerah {name} ditambahkan: {moved.documents} dokumen, {moved.journal_lines} baris jurnal")


@region.command("list")
@STORE
@click.option("--all", "everything", is_flag=True, help="Termasuk daerah yang diarsipkan.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@clean_errors
def region_list(url: str, everything: bool, fmt: str) -> None:
    """Daftar daerah layanan: status tahap I-IV, catatan terbuka, kegiatan terakhir."""
    import json

    from masterplan.store.postgres import PostgresStore, workspaces
    from masterplan.workflow.portfolio import summarize

    rows = [summarize(PostgresStore(url, row.name), row.archived is not None)
            for row in workspaces(url, archived=everything)]
    if fmt == "json":
        click.echo(json.dumps([row.plain() for row in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("belum ada daerah; tambahkan dengan: masterplan region add NAMA")
    for row in rows:
        stages = "; ".join(f"{roman}: {label}" for roman, label in
                           zip(("I", "II", "III", "IV"), row.stage_labels().values(), strict=False))
        extra = " (diarsipkan)" if row.archived else ""
        broken = f", jurnal bermasalah ({row.journal_problems})" if row.journal_problems else ""
        click.echo(f"{row.name}{extra}: {row.title}; {stages}; {row.open_notes} catatan terbuka; "
                   f"terakhir {row.last_activity or '-'}{broken}")


@region.command("archive")
@click.argument("name")
@STORE
@click.option("--restore", is_flag=True, help="Kembalikan daerah yang diarsipkan.")
@clean_errors
def region_archive(name: str, url: str, restore: bool) -> None:
    """Arsipkan daerah NAME (disimpan utuh, tidak lagi didaftar); --restore mengembalikannya."""
    from masterplan.store.postgres import set_archived

    changed = set_archived(url, name, not restore)
    state = "dikembalikan" if restore else "diarsipkan"
    click.echo(f"daerah {name} {state}" if changed else f"daerah {name} sudah {state}")


@click.command("worker")
@click.option("--redis", "url", envvar="MASTERPLAN_REDIS", required=True, metavar="URL",
              help="Redis antrean pekerjaan, mis. redis://localhost:6379/0 (atau MASTERPLAN_REDIS).")
@click.option("--burst", is_flag=True, help="Berhenti bila antrean kosong.")
@click.option("--name", help="Nama pekerja (bawaan: dibuat RQ).")
@clean_errors
def worker(url: str, burst: bool, name: str | None) -> None:
    """Jalankan draf, finalisasi dan batch dari antrean Redis (sebanyak proses yang diperlukan)."""
    try:
        from redis.exceptions import ConnectionError as RedisDown

        from masterplan.jobs.redisq import run_worker
    except ImportError as error:
        raise UsageError("pekerja memerlukan rq: pip install 'masterplan[service]'") from error
    try:
        run_worker(url, burst=burst, name=name)
    except RedisDown as error:
        raise UsageError(f"Redis {url} tidak dapat dihubungi: {error}") from error


COMMANDS = [db, store, region, worker]
"""The commands defined here (the CLI's tests check each is reachable)."""
