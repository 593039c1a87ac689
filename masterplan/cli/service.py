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


COMMANDS = [db, store]
"""The commands defined here (the CLI's tests check each is reachable)."""
