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


SERVICE_STORE = click.option(
    "--store", "url", envvar="MASTERPLAN_STORE", metavar="URL",
    help="Basis data PostgreSQL layanan (atau variabel MASTERPLAN_STORE).",
)
SERVICE_ROOT = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder layanan (service.yaml dan satu folder per daerah), bukan basis data.",
)


def _one_place(url: str | None, root: Path | None) -> None:
    """Refuse unless exactly one of ``--store`` and ``--root`` says where the service is."""
    if (url is None) == (root is None):
        raise UsageError("sebutkan tempat layanan: --store URL (basis data) atau --root FOLDER (berkas), "
                         "salah satu saja")


@click.group()
def region() -> None:
    """Daerah-daerah layanan: tambah, daftar, arsipkan (pengelola layanan)."""


@region.command("add")
@click.argument("name")
@SERVICE_STORE
@SERVICE_ROOT
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Salin workspace dari folder ini (bawaan: workspace kosong bertemplat).")
@click.option("--title", help="Nama daerah untuk workspace kosong, mis. Sukamaju.")
@click.option("--kind", type=click.Choice(["kabupaten", "kota"]), default="kabupaten", show_default=True)
@click.option("--batch", type=click.IntRange(2017, 2100), help="Tahun angkatan daerah (folder layanan).")
@clean_errors
def region_add(name: str, url: str | None, root: Path | None, source: Path | None, title: str | None,
               kind: str, batch: int | None) -> None:
    """Tambah daerah NAME ke layanan (nama workspace: huruf kecil, angka dan tanda hubung)."""
    import re
    import tempfile

    from masterplan.store.files import FileStore
    from masterplan.store.transfer import copy_workspace

    _one_place(url, root)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", name):
        raise UsageError(f"nama daerah {name!r} tidak sah: huruf kecil, angka dan tanda hubung, "
                         "2-63 karakter")
    if root is not None:
        _add_to_folder(root, name, source, title, kind, batch)
        return
    assert url is not None
    from masterplan.store.postgres import PostgresStore, workspaces

    if any(row.name == name for row in workspaces(url, archived=True)):
        raise UsageError(f"daerah {name} sudah ada di layanan")
    with tempfile.TemporaryDirectory(prefix="masterplan-region-") as scratch:
        if source is None:
            from masterplan import api

            source = Path(scratch) / name
            api.init(source, name=title or name.replace("-", " ").title(), kind=kind)
        moved = copy_workspace(FileStore(source), PostgresStore(url, name, create=True))
    click.echo(f"daerah {name} ditambahkan: {moved.documents} dokumen, {moved.journal_lines} baris jurnal")


def _add_to_folder(root: Path, name: str, source: Path | None, title: str | None, kind: str,
                   batch: int | None) -> None:
    """A new region folder in the service folder ``root``: a copy of ``source`` or a templated workspace."""
    import shutil

    from masterplan.workflow.people import PEOPLE_FILE
    from masterplan.workflow.service import RESERVED, load_service, set_region_entry

    load_service(root)
    target = root / name
    if name in RESERVED:
        raise UsageError(f"nama daerah {name} dipakai oleh halaman layanan; pilih nama lain")
    if target.exists():
        raise UsageError(f"daerah {name} sudah ada di layanan ({target})")
    if source is None:
        from masterplan import api

        api.init(target, name=title or name.replace("-", " ").title(), kind=kind)
        (target / PEOPLE_FILE).unlink(missing_ok=True)
    else:
        shutil.copytree(source, target, symlinks=True,
                        ignore=shutil.ignore_patterns("build", "final", ".git", PEOPLE_FILE))
    if batch is not None:
        set_region_entry(root, name, batch=batch)
    click.echo(f"daerah {name} ditambahkan di {target}")
    if source is not None and (source / PEOPLE_FILE).is_file():
        click.echo(f"catatan: {PEOPLE_FILE} dari {source} tidak disalin; orang layanan dan perannya di "
                   f"{name} diatur di service.yaml (regions: - {{region: {name}, role: ...}})")


@region.command("list")
@SERVICE_STORE
@SERVICE_ROOT
@click.option("--all", "everything", is_flag=True, help="Termasuk daerah yang diarsipkan.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@clean_errors
def region_list(url: str | None, root: Path | None, everything: bool, fmt: str) -> None:
    """Daftar daerah layanan: status tahap I-IV, catatan terbuka, kegiatan terakhir."""
    import json

    from masterplan.workflow.portfolio import RegionSummary, summarize

    _one_place(url, root)
    rows: list[RegionSummary] = []
    if root is not None:
        from masterplan.workflow.service import load_service

        service = load_service(root)
        for name in service.regions(archived=everything):
            row = summarize(service.home.region(name), service.entry(name).archived)
            row.name = name
            rows.append(row)
    else:
        assert url is not None
        from masterplan.store.postgres import PostgresStore, workspaces
        from masterplan.workflow.service_home import SERVICE_WORKSPACE

        rows = [summarize(PostgresStore(url, row.name), row.archived is not None)
                for row in workspaces(url, archived=everything) if row.name != SERVICE_WORKSPACE]
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
@SERVICE_STORE
@SERVICE_ROOT
@click.option("--restore", is_flag=True, help="Kembalikan daerah yang diarsipkan.")
@clean_errors
def region_archive(name: str, url: str | None, root: Path | None, restore: bool) -> None:
    """Arsipkan daerah NAME (disimpan utuh, tidak lagi didaftar); --restore mengembalikannya."""
    _one_place(url, root)
    if root is not None:
        from masterplan.workflow.service import load_service, set_region_entry

        if name not in load_service(root).regions(archived=True):
            raise UsageError(f"daerah {name} tidak ada di layanan {root}")
        changed = set_region_entry(root, name, archived=not restore)
    else:
        assert url is not None
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


"""The commands defined here (the CLI's tests check each is reachable)."""


@click.group("service")
def service_group() -> None:
    """service.yaml layanan banyak daerah di basis data: orang, peran per daerah, angkatan."""


@service_group.command("show")
@STORE
@clean_errors
def service_show(url: str) -> None:
    """Tampilkan service.yaml yang dipakai layanan di basis data."""
    from masterplan.workflow.service_home import SERVICE_FILE, DatabaseHome

    raw = DatabaseHome(url).service_file()
    if raw is None:
        raise UsageError(f"basis data ini belum memiliki {SERVICE_FILE}; "
                         "muat dengan: masterplan service set FILE")
    click.echo(raw.decode("utf-8", errors="replace"), nl=False)


@service_group.command("set")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@STORE
@clean_errors
def service_set(file: Path, url: str) -> None:
    """Pakai FILE sebagai service.yaml layanan di basis data (diperiksa dulu; people.yaml daerah dibuat)."""
    from masterplan.workflow.service import parse_service, project_people
    from masterplan.workflow.service_home import SERVICE_FILE, DatabaseHome

    home = DatabaseHome(url)
    raw = file.read_bytes()
    before = home.own.version(SERVICE_FILE)
    service = parse_service(raw, home)  # a clear error naming the line, before anything is written
    home.own.write(SERVICE_FILE, raw, expect=before)
    projection = project_people(service)
    click.echo(f"{SERVICE_FILE} disimpan: {len(service.regions())} daerah, {len(service.people)} orang")
    for name in projection.written:
        click.echo(f"people.yaml {name} dibuat dari {SERVICE_FILE}")
    for name, why in sorted(projection.held.items()):
        click.echo(f"peringatan: daerah {name} tidak dilayani: {why}", err=True)


COMMANDS = [db, store, region, service_group, worker]
