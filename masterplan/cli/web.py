"""The web commands: ``serve`` (the web front under waitress) and ``passwd`` (set a web password).

``COMMANDS`` are registered on the ``masterplan`` group by :mod:`masterplan.cli.commands` (``LAZY_COMMANDS``).
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Any

import click

from masterplan.cli.common import WORKSPACE, clean_errors
from masterplan.errors import UsageError
from masterplan.store.base import WorkspaceStore
from masterplan.web.accounts import MIN_PASSWORD, check_password, read_accounts, save_password
from masterplan.workflow.actor import opd_codes
from masterplan.workflow.people import require_people
from masterplan.workflow.service_home import ServiceHome


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@WORKSPACE
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat yang dilayani.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option(
    "--secure-cookies",
    is_flag=True,
    help="Kuki sesi selalu bertanda Secure (di belakang reverse proxy dengan TLS).",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Jumlah permintaan yang dilayani bersamaan.",
)
@click.option(
    "--build-workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Jumlah draf atau finalisasi yang disusun bersamaan di latar belakang.",
)
@click.option(
    "--libreoffice/--no-libreoffice",
    default=True,
    show_default=True,
    help="Isi nomor halaman daftar isi Word final dengan LibreOffice (bila terpasang).",
)
@click.option(
    "--trusted-proxy",
    metavar="ALAMAT",
    help="Alamat reverse proxy yang meneruskan alamat klien (X-Forwarded-For) dan skema https "
         "(X-Forwarded-Proto).",
)
@click.option(
    "--redis",
    "redis_url",
    envvar="MASTERPLAN_REDIS",
    metavar="URL",
    help="Susun draf dan finalisasi lewat antrean Redis, oleh proses masterplan worker "
         "(bawaan: di proses ini).",
)
@click.option(
    "--url-prefix",
    default="",
    metavar="/AWALAN",
    help="Layani di bawah awalan alamat, mis. /layanan (reverse proxy meneruskan alamat lengkapnya).",
)
@click.option(
    "--root",
    "service_root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Layani semua daerah folder layanan ini (service.yaml dan satu folder per daerah), "
         "tiap daerah di alamatnya sendiri.",
)
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="Layani dari basis data layanan ini (postgresql://...): DIRECTORY adalah nama daerahnya; "
         "tanpa DIRECTORY, semua daerah layanan (service.yaml di basis data) seperti --root.",
)
@clean_errors
def serve(
    directory: Path,
    host: str,
    port: int,
    secure_cookies: bool,
    threads: int,
    build_workers: int,
    libreoffice: bool,
    trusted_proxy: str | None,
    redis_url: str | None,
    url_prefix: str,
    service_root: Path | None,
    store_url: str | None,
) -> None:
    """Layani aplikasi web workspace (isi, reviu, finalisasi) di peramban; --root: banyak daerah."""
    import re

    import waitress

    if url_prefix and not re.fullmatch(r"(/[A-Za-z0-9_-]+)+", url_prefix):
        raise UsageError(f"--url-prefix {url_prefix!r} tidak sah: mis. /layanan (diawali /, tanpa / akhir)")

    from masterplan.web import create_app
    from masterplan.web.service import create_service_app

    queue = None
    if redis_url:
        try:
            from masterplan.jobs.redisq import RedisQueue
        except ImportError as error:
            raise UsageError("antrean Redis memerlukan rq: pip install 'masterplan[service]'") from error
        queue = RedisQueue(redis_url)
    app: Any
    accounts: Path | WorkspaceStore
    whole_database = store_url is not None and directory == Path(".")  # no region named: the whole service
    shown_place = str(directory)
    if service_root is not None or whole_database:
        from masterplan.workflow.service_home import DatabaseHome, FolderHome

        home = DatabaseHome(store_url) if store_url and whole_database else FolderHome(service_root or Path())
        app = create_service_app(
            home, secure_cookies=secure_cookies, libreoffice=libreoffice, build_workers=build_workers,
            queue=queue,
        )
        service, projection = app.site.current()
        for name, why in sorted(projection.held.items()):
            click.echo(f"peringatan: daerah {name} tidak dilayani: {why}", err=True)
        click.echo(f"{len(service.regions()) - len(projection.held)} daerah dilayani: "
                   + ", ".join(n for n in service.regions() if n not in projection.held))
        shown_place, accounts = home.name, home.own
        where = "--store URL" if whole_database else f"--root {home.name}"
        passwd_hint = f"masterplan passwd ID {where}"
    elif store_url is not None:
        from masterplan.store.checkout import checkout_folder
        from masterplan.store.postgres import PostgresStore

        store = PostgresStore(store_url, str(directory))
        app = create_app(
            checkout_folder(store), secure_cookies=secure_cookies, libreoffice=libreoffice,
            build_workers=build_workers, queue=queue, store=store,
        )
        passwd_hint = f"masterplan passwd ID {directory} --store URL"
        accounts = store
    else:
        app = create_app(
            directory, secure_cookies=secure_cookies, libreoffice=libreoffice, build_workers=build_workers,
            queue=queue,
        )
        passwd_hint = f"masterplan passwd ID {directory}"
        accounts = directory
    if not read_accounts(accounts):
        click.echo(f"peringatan: belum ada kata sandi; setel dengan: {passwd_hint}", err=True)
    if not is_loopback(host):
        click.echo(
            f"peringatan: {host} dapat dijangkau dari mesin lain; layani melalui reverse proxy dengan TLS "
            "(https) dan jalankan dengan --secure-cookies, atau tetap di 127.0.0.1",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"masterplan: melayani {shown_place} di http://{shown}:{port}/ (Ctrl+C untuk berhenti)")
    proxy: dict[str, object] = {}
    if trusted_proxy:  # the client's own address counts failed logins; https makes cookies Secure and HSTS
        forwarded = {"x-forwarded-for", "x-forwarded-proto"}
        proxy = {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": forwarded,
                 "trusted_proxy_count": 1, "clear_untrusted_proxy_headers": True}
    waitress.serve(app, host=host, port=port, threads=threads, ident="masterplan", _quiet=True,
                   url_prefix=url_prefix, **proxy)


@click.command()
@click.argument("person_id", metavar="ID")
@WORKSPACE
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari baris pertama stdin (skrip).")
@click.option("--root", "service_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Akun layanan banyak daerah di folder ini (orang di service.yaml).")
@click.option("--store", "store_url", metavar="URL",
              help="Di basis data layanan ini: DIRECTORY adalah nama daerahnya; tanpa DIRECTORY, "
                   "akun layanan (orang di service.yaml basis data).")
@clean_errors
def passwd(
    person_id: str, directory: Path | WorkspaceStore, password_stdin: bool, service_root: Path | None,
    store_url: str | None,
) -> None:
    """Setel kata sandi web untuk orang ID di people.yaml (atau di service.yaml dengan --root)."""
    home: ServiceHome | None = None
    if store_url is not None and directory == Path("."):
        from masterplan.workflow.service_home import DatabaseHome

        home = DatabaseHome(store_url)
    elif store_url is not None:
        from masterplan.store.postgres import PostgresStore

        directory = PostgresStore(store_url, str(directory))
    elif service_root is not None:
        from masterplan.workflow.service_home import FolderHome

        home = FolderHome(service_root)
    if home is not None:
        from masterplan.workflow.service import load_service

        service = load_service(home)
        found = service.person(person_id) or service.find(person_id)
        if found is None:
            known = ", ".join(p.id for p in service.people)
            raise UsageError(f"{person_id} tidak terdaftar di service.yaml; yang dikenal: {known}")
        directory, person_key, shown = home.own, found.id, found.name
    else:
        people = require_people(directory, opd_codes(directory))
        person = people.by_id(person_id) or people.find(person_id)
        if person is None:
            known = ", ".join(p.id for p in people.people)
            raise UsageError(f"{person_id} tidak terdaftar di people.yaml; yang dikenal: {known}")
        person_key, shown = person.id, person.label
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"Kata sandi baru untuk {shown} (paling sedikit {MIN_PASSWORD} karakter)",
            hide_input=True,
            confirmation_prompt="Ulangi kata sandi",
        )
    check_password(password)
    save_password(directory, person_key, password)
    click.echo(f"kata sandi {shown} disetel")


COMMANDS = [serve, passwd]
