"""Two web processes and two workers serving one service, on one Redis: nothing is lost between them.

Real processes (``masterplan serve`` twice, ``masterplan worker`` twice), a real
Redis and a real PostgreSQL (``tests/servers.py``), HTTP over loopback: once for a
service folder (``serve --root``), once for a region kept in the database
(``serve NAME --store``). The second also kills a worker mid-build: waiting for RQ
to give up on it (its heartbeat, about 90 s) is what costs, so the other checks run
while that wait goes on.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from conftest import answers as answers_file
from conftest import copy_root
from service_helpers import HttpClient, make_service
from web_helpers import answers_form, csrf_of, replace

MASTERPLAN = str(Path(sys.executable).parent / "masterplan")
PROGRAMS = "/sukamaju/tahap/2/programs/diskominfo?tampilan=kartu"
BUDGET = "q.programs.0.budget"


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (RQ's work horse starts a session of its own: not in the group)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_machine(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a worker and everything it started, as when its machine dies."""
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(10)


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(base: HttpClient, log: Path, limit: float = 60) -> None:
    """Wait for a server to answer its login page."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if base.get("/masuk")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}")


def wait_for(redis: Any, job_id: str, states: tuple[str, ...], limit: float) -> Any:
    """The RQ job ``job_id`` once its status is one of ``states`` (an AssertionError after ``limit`` s)."""
    from rq.job import Job as RqJob

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        job = RqJob.fetch(job_id, connection=redis)
        if job.get_status(refresh=True) in states and (states != ("started",) or job.worker_name):
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not reach {' or '.join(states)} in {limit:.0f} s")


@contextlib.contextmanager
def running(tmp_path: Path, redis_url: str, serve: list[str]) -> Iterator[tuple[list[int], list[Any]]]:
    """Two ``masterplan serve`` processes (``serve``: what they serve) and two workers, on one Redis."""
    started: list[subprocess.Popen[bytes]] = []
    ports = [free_port(), free_port()]
    for n, port in enumerate(ports):
        with (tmp_path / f"web-{n}.log").open("wb") as log:
            started.append(subprocess.Popen(
                [MASTERPLAN, "serve", *serve, "--port", str(port), "--redis", redis_url,
                 "--no-libreoffice", "--threads", "4"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    workers = []
    for n in range(2):
        with (tmp_path / f"worker-{n}.log").open("wb") as log:
            worker = subprocess.Popen(
                [MASTERPLAN, "worker", "--redis", redis_url, "--name", f"uji-{tmp_path.name}-{n}"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(worker)
        workers.append(worker)
    try:
        for n, port in enumerate(ports):
            wait_until_up(HttpClient(f"http://127.0.0.1:{port}"), tmp_path / f"web-{n}.log")
        yield ports, workers
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def processes(tmp_path: Path, redis_url: str) -> Iterator[dict[str, object]]:
    """A service folder, two web processes and two workers on it (each its own process group)."""
    root = make_service(tmp_path, PasswordHasher())  # the servers' own parameters: no rehash at login
    with running(tmp_path, redis_url, ["--root", str(root)]) as (ports, workers):
        yield {"root": root, "ports": ports, "workers": workers, "redis": redis_url, "logs": tmp_path}


def test_two_web_processes_and_two_workers_lose_nothing(processes: dict[str, object]) -> None:
    from redis import Redis

    root = processes["root"]
    assert isinstance(root, Path)
    first, second = (f"http://127.0.0.1:{port}" for port in processes["ports"])  # type: ignore[attr-defined]

    # a login on one web process is valid on the other
    agus_one = HttpClient(first)
    assert agus_one.login("agus") == 302
    agus_two = HttpClient(second)
    agus_two.cookies = dict(agus_one.cookies)
    status, _, page = agus_two.get("/sukamaju/")
    assert status == 200 and "Agus Priyanto" in page

    # a draft asked for on one process is built by a worker
    _, _, stage = agus_one.get("/sukamaju/tahap/2")
    status, headers, _ = agus_one.post("/sukamaju/draf", [("csrf", csrf_of(stage)), ("format", "pdf")])
    assert status == 303, headers
    job_id = re.fullmatch(r"/sukamaju/pekerjaan/([\w-]+)", headers["location"]).group(1)  # type: ignore[union-attr]
    redis = Redis.from_url(str(processes["redis"]))
    job = wait_for(redis, job_id, ("started",), 60)

    # an edit through one process is seen through the other
    retno_two = HttpClient(second)
    assert retno_two.login("retno") == 302
    action, fields = answers_form(agus_one.get(PROGRAMS)[2])
    _, retno_fields = answers_form(retno_two.get(PROGRAMS)[2])  # both forms hold the same version
    status, _, _ = agus_one.post(action.replace("?tampilan=kartu", ""), replace(fields, BUDGET, "6500000000"))
    assert status == 302
    assert 'value="6500000000"' in retno_two.get(PROGRAMS)[2]
    answers = answers_file(root / "sukamaju", 2, "diskominfo")
    assert "budget: 6500000000" in answers.read_text("utf-8")

    # the second person's save, based on the older version, is refused with her input kept, not applied
    # over the first one's; sent again from the form given back, both changes are in the file
    stale = replace(retno_fields, "q.programs.0.unit", "layanan publik")
    status, _, refused = retno_two.post(action, stale)
    assert status == 409, refused[:2000]
    assert "telah diubah oleh Agus Priyanto" in refused
    assert "budget: 6500000000" in answers.read_text("utf-8")
    action, fields = answers_form(refused)
    assert dict(fields)["q.programs.0.unit"] == "layanan publik" and dict(fields)[BUDGET] == "6500000000"
    assert retno_two.post(action, fields)[0] == 302
    text = answers.read_text("utf-8")
    assert "budget: 6500000000" in text and "unit: layanan publik" in text

    # a logout on one process ends the session on the other
    _, _, home = agus_two.get("/sukamaju/")
    assert agus_two.post("/sukamaju/keluar", [("csrf", csrf_of(home))])[0] == 302
    assert agus_one.get("/sukamaju/")[0] == 302

    # the draft, done
    job = wait_for(redis, job_id, ("finished", "failed"), 240)
    logs = processes["logs"]
    assert isinstance(logs, Path)
    assert job.get_status() == "finished", (logs / "worker-0.log").read_text(errors="replace")[-3000:]
    assert agus_one.login("agus") == 302
    status, _, page = agus_one.get(f"/sukamaju/pekerjaan/{job_id}")
    assert status == 200 and "Draf selesai disusun." in page
    built = Path(job.return_value()["files"][0])
    assert built.is_file() and built.read_bytes()[:5] == b"%PDF-"


def test_two_web_processes_and_two_workers_on_one_postgresql_lose_nothing(
    tmp_path: Path, redis_url: str, postgres_url: str
) -> None:
    """The same guarantees with the region kept in PostgreSQL (``serve NAME --store URL``), and a worker
    killed mid-build: its job is run again by the other, from that one's checkout."""
    from redis import Redis
    from web_helpers import PEOPLE, password

    from masterplan.store import FileStore
    from masterplan.store.postgres import PostgresStore
    from masterplan.store.transfer import copy_workspace
    from masterplan.web.accounts import set_password
    from masterplan.workflow.journal import read_journal

    store = PostgresStore(postgres_url, f"proses-{tmp_path.name[-20:]}".lower(), create=True)
    copy_workspace(FileStore(copy_root("example", tmp_path)), store)
    for person in PEOPLE:
        set_password(store, person, password(person), PasswordHasher())
    programs = "/tahap/2/programs/diskominfo?tampilan=kartu"
    with running(tmp_path, redis_url, [store.name, "--store", postgres_url]) as (ports, workers):
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        agus_one, agus_two = HttpClient(first), HttpClient(second)
        assert agus_one.login("agus") == 302
        agus_two.cookies = dict(agus_one.cookies)  # a login on one web process is valid on the other
        status, _, page = agus_two.get("/")
        assert status == 200 and "Agus Priyanto" in page

        # a draft asked for on one process is built by a worker from its checkout of the database; the
        # worker dies mid-build (with every process it started, as when its machine dies), and the
        # other worker runs it again
        _, _, stage = agus_two.get("/tahap/2")
        status, headers, _ = agus_two.post("/draf", [("csrf", csrf_of(stage)), ("format", "pdf")])
        assert status == 303, headers
        job_id = headers["location"].rsplit("/", 1)[-1]
        redis = Redis.from_url(redis_url)
        job = wait_for(redis, job_id, ("started",), 60)
        dead = int(job.worker_name.rsplit("-", 1)[1])
        time.sleep(2)  # mid-build: the PDF of the example takes longer than this
        kill_machine(workers[dead])

        retno_two = HttpClient(second)
        assert retno_two.login("retno") == 302
        action, fields = answers_form(agus_one.get(programs)[2])
        _, retno_fields = answers_form(retno_two.get(programs)[2])
        assert agus_one.post(action.replace("?tampilan=kartu", ""), replace(fields, BUDGET, "6500000000"))[0] == 302
        assert 'value="6500000000"' in retno_two.get(programs)[2]  # seen through the other process
        status, _, refused = retno_two.post(action, replace(retno_fields, "q.programs.0.unit", "layanan publik"))
        assert status == 409 and "telah diubah oleh Agus Priyanto" in refused
        assert retno_two.post(action, answers_form(refused)[1])[0] == 302
        text = (store.read("answers/bimtek-2/diskominfo.yaml") or b"").decode("utf-8")
        assert "budget: 6500000000" in text and "unit: layanan publik" in text  # no update lost

        # a logout on one process ends the session on the other
        _, _, home = agus_two.get("/")
        assert agus_two.post("/keluar", [("csrf", csrf_of(home))])[0] == 302
        assert agus_one.get("/")[0] == 302

        # the draft of the dead worker: run again by the other, never lost
        job = wait_for(redis, job_id, ("finished", "failed"), 240)
        survivor = 1 - dead
        log = (tmp_path / f"worker-{survivor}.log").read_text(errors="replace")[-3000:]
        assert job.get_status() == "finished" and job.worker_name.endswith(f"-{survivor}"), log
        assert agus_one.login("agus") == 302
        status, _, page = agus_one.get(f"/pekerjaan/{job_id}")
        assert status == 200 and "Draf selesai disusun." in page
        built = Path(job.return_value()["files"][0])
        assert built.is_file() and built.read_bytes()[:5] == b"%PDF-"
    journal = read_journal(store)
    assert journal.problems == [] and [e.who for e in journal.entries[-2:]] == ["agus", "retno"]
