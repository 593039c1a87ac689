"""Real servers for the tests: a PostgreSQL cluster started in a scratch folder (no mocks).

The cluster listens only on a Unix socket in its own folder, trusts its one
user and is stopped when the test session ends. As root (this machine's CI)
it runs as the ``postgres`` user, since PostgreSQL refuses to run as root.
When it cannot start, the tests that need it fail with the reason: nothing
is skipped silently (``scripts/setup.sh`` installs the ``postgresql`` package).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

USER = "masterplan"


@dataclass
class PostgresServer:
    """A running cluster: ``url`` for psycopg, ``stop()`` when done."""

    folder: Path
    bindir: Path
    run_as: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@/postgres?host={self.folder / 'socket'}"

    def database(self, name: str) -> str:
        """A new, empty database ``name`` and its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{USER}@/{name}?host={self.folder / 'socket'}"

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                        "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_bindir() -> Path | None:
    """The folder of ``initdb``/``pg_ctl`` (Debian keeps them out of PATH), or None."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def start_postgres(durable: bool = False) -> PostgresServer:
    """Start a cluster in a new folder under the system's temporary folder (which every user reaches).

    Without ``durable`` (the tests) it does not wait for the disk (``fsync=off``); a benchmark asks for
    a durable one, as a service runs it. Raises RuntimeError saying why it cannot.
    """
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="masterplan-pg-"))
    bindir = postgres_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server tidak terpasang (Debian: apt-get install postgresql); "
                           "scripts/setup.sh memasangnya")
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError as error:
            raise RuntimeError("berjalan sebagai root tanpa pengguna 'postgres' untuk menjalankan PostgreSQL") \
                from error
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chown(folder, user.pw_uid, user.pw_gid)
        folder.chmod(0o755)
    steps = [
        [*run_as, str(bindir / "initdb"), "-D", str(folder / "data"), "-U", USER, "-A", "trust", "-E", "UTF8",
         "--no-sync", "--locale=C"],
        [*run_as, "mkdir", "-p", str(folder / "socket")],
        [*run_as, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-t", "60",
         "-o", f"-c listen_addresses='' -k {folder / 'socket'} {'' if durable else '-c fsync=off '}"
              "-c max_connections=200", "start"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
            raise RuntimeError(f"PostgreSQL tidak dapat dijalankan ({' '.join(step[len(run_as):][:1])}): "
                               f"{done.stderr.strip() or done.stdout.strip()} {log}".strip())
    return PostgresServer(folder, bindir, run_as)


@dataclass
class RedisServer:
    """A running Redis on a Unix socket: ``url`` for redis-py and RQ, ``stop()`` when done."""

    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"unix://{self.folder / 'redis.sock'}?db=0"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_redis() -> RedisServer:
    """Start ``redis-server`` in a new scratch folder, on a Unix socket only, without persistence.

    Raises RuntimeError saying why it cannot.
    """
    import tempfile
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("Redis tidak terpasang (Debian: apt-get install redis-server); scripts/setup.sh memasangnya")
    folder = Path(tempfile.mkdtemp(prefix="masterplan-redis-"))
    socket = folder / "redis.sock"
    with (folder / "log").open("wb") as log:
        process = subprocess.Popen(
            [binary, "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 20
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"Redis tidak dapat dijalankan: {(folder / 'log').read_text(errors='replace')[-1000:]}")
        time.sleep(0.05)
    return RedisServer(folder, process)
