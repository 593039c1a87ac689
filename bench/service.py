"""Service load benchmark: many regions and their people on real web processes and workers, one Redis.

Usage: .venv/bin/python bench/service.py [--regions 50] [--clients 20] [--seconds 30] [--drafts 10]
       [--webs 0,1,2] [--backends files,postgresql] [--json FILE]

A service folder (``serve --root``) of ``--regions`` copies of the example,
ten people per region (the koordinator, five tim members each writing their
OPD's programmes, two mentors shared with the neighbouring regions, the
pejabat, and one ministry viewer for all), all with a password. For each
count of web processes in ``--webs``: start them and two ``masterplan worker``
processes on one Redis (0: one web process without Redis, drafts in two of its
threads, the embedded default), log everyone in, ask for ``--drafts`` PDF drafts, and
let ``--clients`` client threads (each owning its share of the people, so a
person's steps never overlap) go through what each role does for ``--seconds``:

- tim: the region's home, stage II, their programme form, a save of a new budget;
- koordinator: stage II, an OPD's programme form, a save of a new unit (the same
  files the tim members save, so some saves meet a newer version: 409, then sent
  again from the form given back, as a person would);
- mentors, pejabat, the viewer: the portfolio, then a stage page of a region.

With ``postgresql`` among ``--backends`` the same service is moved into a
database of a real PostgreSQL server (durable: it waits for the disk, as a
service runs it) and served from it (``serve --store``), web processes and
workers keeping their checkouts in a masterplan home of their own.

Before the timed part every region is opened once (its app made, its plan
checked, the portfolio's lines read), as in a service that has been running;
that warm-up is timed apart.

Reported per page kind: count, p50/p95/p99 ms; throughput; errors (any other
status; target 0); conflicts resolved; lost updates (an acknowledged value not
in the file at the end; target 0); drafts done. Everything on loopback and on
this machine's two cores, clients included, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from servers import start_postgres, start_redis  # noqa: E402
from web_helpers import answers_form, replace  # noqa: E402

from masterplan.web.accounts import HASHER  # noqa: E402

EXAMPLE = REPO / "examples" / "sukamaju"
MASTERPLAN = str(Path(sys.executable).parent / "masterplan")
PASSWORD = "sandi-bench-layanan-2026"
OPDS = ("diskominfo", "disdukcapil", "dinkes", "bapenda", "dishub")
BUDGET, UNIT = "q.programs.0.budget", "q.programs.0.unit"


def make_service(folder: Path, regions: int) -> list[dict[str, Any]]:
    """The service folder with ``regions`` copies of the example; its people (id, role, region, opd)."""
    people: list[dict[str, Any]] = [{"id": "kementerian", "role": "pemantau", "region": None}]
    lines = ["regions:"]
    for n in range(regions):
        name = f"daerah-{n:03d}"
        shutil.copytree(EXAMPLE, folder / name, ignore=shutil.ignore_patterns("build", "final", "workflow",
                                                                              "people.yaml"))
        lines.append(f"  {name}: {{batch: {2023 + n % 3}}}")
        people.append({"id": f"k{n}", "role": "koordinator", "region": name})
        people += [{"id": f"t{n}-{opd}", "role": "tim", "region": name, "opd": opd} for opd in OPDS]
        people.append({"id": f"p{n}", "role": "pejabat", "region": name})
    mentors = max(2, (regions + 3) // 4)  # each mentor accompanies about eight regions
    lines.append("people:")
    lines.append('  - {id: kementerian, name: "Pemantau Kementerian", pemantau: true}')
    for person in people[1:]:
        opd = f", opd: {person['opd']}" if person.get("opd") else ""
        lines.append(f'  - {{id: {person["id"]}, name: "Orang {person["id"]}", '
                     f'regions: [{{region: {person["region"]}, role: {person["role"]}{opd}}}]}}')
    for m in range(mentors):
        assigned = [f"daerah-{n:03d}" for n in range(regions) if n % mentors in (m, (m + 1) % mentors)]
        listing = ", ".join(f"{{region: {r}, role: mentor}}" for r in assigned)
        lines.append(f'  - {{id: m{m}, name: "Pendamping {m}", regions: [{listing}]}}')
        people.append({"id": f"m{m}", "role": "mentor", "region": assigned[0]})
    (folder / "service.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    digest = HASHER.hash(PASSWORD)  # one hash for all: the password is the same (a bench, not a service)
    accounts = {p["id"]: {"hash": digest, "set": "2026-12-03T00:00:00+00:00"} for p in people}
    (folder / "workflow").mkdir()
    (folder / "workflow" / "accounts.json").write_text(json.dumps({"version": 1, "accounts": accounts}))
    return people


_CONNECTIONS = threading.local()


def connection_to(port: int) -> http.client.HTTPConnection:
    """This thread's keep-alive connection to ``port`` (as a proxy in front of the service keeps a few)."""
    found: dict[int, http.client.HTTPConnection] = getattr(_CONNECTIONS, "found", None) or {}
    _CONNECTIONS.found = found
    if port not in found:
        found[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    return found[port]


class Session:
    """One person's cookie against one web process (requests on the calling thread's connection)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, str]:
        """Status, Location and text."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            connection = connection_to(self.port)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                connection.close()
                del _CONNECTIONS.found[self.port]
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), text


def token_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    return found.group(1) if found else ""


@dataclass
class Figures:
    """What the clients saw."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    acked: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (region, opd, field) -> value
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(
        self, kind: str, session: Session, method: str, path: str,
        form: list[tuple[str, str]] | None = None, ok: tuple[int, ...] = (200,),
    ) -> tuple[int, str, str]:
        """One request, timed under ``kind``; a status not in ``ok`` is an error."""
        began = time.perf_counter()
        status, location, text = session.request(method, path, form)
        took = time.perf_counter() - began
        with self.lock:
            self.times[kind].append(took)
            if status not in ok:
                self.errors.append(f"{method} {path}: {status}")
        return status, location, text


def save(figures: Figures, session: Session, region: str, opd: str, name: str, value: str) -> None:
    """Open the programme form, change one field, save; a 409 is sent again from the form given back."""
    path = f"/{region}/tahap/2/programs/{opd}?tampilan=kartu"
    _, _, page = figures.timed("formulir", session, "GET", path)
    action, fields = answers_form(page)
    status, _, text = figures.timed("simpan", session, "POST", action, replace(fields, name, value),
                                    ok=(302, 409))
    while status == 409:
        with figures.lock:
            figures.conflicts += 1
        action, fields = answers_form(text)
        status, _, text = figures.timed("simpan", session, "POST", action, replace(fields, name, value),
                                        ok=(302, 409))
    if status == 302:
        with figures.lock:
            figures.acked[(region, opd, name)] = value


def step(figures: Figures, person: dict[str, Any], session: Session, turn: int) -> None:
    """One round of what ``person``'s role does."""
    region, role = person["region"], person["role"]
    if role == "tim":
        figures.timed("beranda", session, "GET", f"/{region}/")
        figures.timed("tahap", session, "GET", f"/{region}/tahap/2")
        value = str(1_000_000_000 + turn * 1000 + int(person["id"].split("-")[0][1:]))
        save(figures, session, region, person["opd"], BUDGET, value)
    elif role == "koordinator":
        figures.timed("tahap", session, "GET", f"/{region}/tahap/2")
        save(figures, session, region, OPDS[turn % len(OPDS)], UNIT, f"unit {person['id']} {turn}")
    else:
        figures.timed("portofolio", session, "GET", "/")
        target = region or "daerah-000"
        figures.timed("tahap", session, "GET", f"/{target}/tahap/{1 + turn % 4}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([MASTERPLAN, *args], stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_up(port: int, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/masuk")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"web process on port {port} did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def into_database(folder: Path, url: str) -> None:
    """The service folder moved into the new database at ``url``: its regions, service.yaml, accounts."""
    import psycopg

    from masterplan.store import FileStore
    from masterplan.store.migrations import upgrade
    from masterplan.store.postgres import PostgresStore
    from masterplan.store.transfer import copy_workspace
    from masterplan.workflow.service_home import SERVICE_WORKSPACE

    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    for region in sorted(p for p in folder.iterdir() if (p / "region.yaml").is_file()):
        copy_workspace(FileStore(region), PostgresStore(url, region.name, create=True))
    own = PostgresStore(url, SERVICE_WORKSPACE, create=True)
    for name in ("service.yaml", "workflow/accounts.json"):
        own.write(name, (folder / name).read_bytes())


def answers_text(folder: Path, url: str | None, region: str, opd: str) -> str:
    """A region's programme answers of ``opd`` as stored at the end (in the folder or the database)."""
    path = f"answers/bimtek-2/{opd}.yaml"
    if url is None:
        return (folder / region / path).read_text("utf-8")
    from masterplan.store.postgres import PostgresStore

    return (PostgresStore(url, region).read(path) or b"").decode("utf-8")


def run(folder: Path, people: list[dict[str, Any]], webs: int, options: argparse.Namespace,
        redis_url: str, url: str | None = None) -> dict[str, Any]:
    """One phase: ``webs`` web processes and two workers, everyone logged in, the load, the checks.

    ``url``: the service is served from that database rather than from ``folder``.
    """
    logs = folder.parent
    embedded = webs == 0  # one process, drafts in its own threads: the default of a service without Redis
    webs = max(1, webs)
    ports = [free_port() for _ in range(webs)]
    place = ["--store", url] if url else ["--root", str(folder)]
    serve = ["serve", *place, "--threads", "8", "--no-libreoffice"]
    serve += ["--build-workers", "2"] if embedded else ["--redis", redis_url]
    processes = [start([*serve, "--port", str(p)], logs / f"web-{webs}-{n}.log") for n, p in enumerate(ports)]
    if not embedded:
        processes += [start(["worker", "--redis", redis_url, "--name", f"bench-{webs}-{n}-{os.getpid()}"],
                            logs / f"worker-{webs}-{n}.log") for n in range(2)]
    try:
        for port in ports:
            wait_up(port)
        figures = Figures()
        sessions: dict[str, Session] = {}
        began = time.monotonic()

        def login(numbered: tuple[int, dict[str, Any]]) -> None:
            n, person = numbered
            session = Session(ports[n % webs])  # spread over the web processes
            _, _, page = session.request("GET", "/masuk")
            figures.timed("masuk", session, "POST", "/masuk",
                          [("csrf", token_of(page)), ("nama", person["id"]), ("sandi", PASSWORD)], ok=(302,))
            sessions[person["id"]] = session

        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            list(pool.map(login, enumerate(people)))
        login_seconds = time.monotonic() - began
        began = time.monotonic()  # each region's app made and its plan checked once, as in a running service

        def warm(person: dict[str, Any]) -> None:
            session = sessions[person["id"]]
            session.request("GET", f"/{person['region']}/")
            session.request("GET", f"/{person['region']}/tahap/2")

        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            list(pool.map(warm, [p for p in people if p["role"] == "koordinator"]))
        for person in people:
            if person["role"] in ("mentor", "pemantau"):
                sessions[person["id"]].request("GET", "/")  # queues each region's measure
        if not embedded:  # the measures done before the timed part
            from redis import Redis

            redis = Redis.from_url(redis_url)
            while any(redis.llen(f"rq:queue:{q}") or redis.zcard(f"rq:wip:{q}")
                      for q in ("masterplan", "masterplan-latar")):
                time.sleep(0.5)
        warm_seconds = time.monotonic() - began
        drafts: list[tuple[Session, str]] = []
        coordinators = [p for p in people if p["role"] == "koordinator"][: options.drafts]
        for person in coordinators:
            session = sessions[person["id"]]
            _, _, page = session.request("GET", f"/{person['region']}/tahap/2")
            _, location, _ = figures.timed("draf", session, "POST", f"/{person['region']}/draf",
                                                [("csrf", token_of(page)), ("format", "pdf")], ok=(303,))
            drafts.append((session, location))
        stop_at = time.monotonic() + options.seconds
        owned = [people[n :: options.clients] for n in range(options.clients)]
        rounds = [0] * options.clients

        def client(index: int) -> None:
            turn = 0
            while time.monotonic() < stop_at:
                for person in owned[index]:
                    if time.monotonic() >= stop_at:
                        break
                    step(figures, person, sessions[person["id"]], turn)
                turn += 1
            rounds[index] = turn

        threads = [threading.Thread(target=client, args=(n,)) for n in range(options.clients)]
        load_began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_seconds = time.monotonic() - load_began
        done = 0
        deadline = time.monotonic() + 600
        unfinished: list[str] = []
        for session, location in drafts:
            status = 0
            while time.monotonic() < deadline:
                status, _, page = session.request("GET", location)
                if "Draf selesai disusun" in page or "tidak dapat disusun" in page:
                    done += "Draf selesai disusun" in page
                    break
                time.sleep(1)
            else:
                unfinished.append(f"{location}: {status}")
        drafts_seconds = time.monotonic() - load_began
        lost = []
        for (region, opd, name), value in figures.acked.items():
            text = answers_text(folder, url, region, opd)
            key = "budget" if name == BUDGET else "unit"
            if not re.search(rf"\b{key}: ['\"]?{re.escape(value)}['\"]?\s*$", text, re.MULTILINE):
                lost.append((region, opd, key, value))
        requests = sum(len(v) for k, v in figures.times.items() if k not in ("masuk", "draf"))
        return {
            "backend": "postgresql" if url else "files",
            "webs": "1, no Redis" if embedded else webs,
            "logins": len(people),
            "login_seconds": round(login_seconds, 1),
            "warm_seconds": round(warm_seconds, 1),
            "seconds": round(load_seconds, 1),
            "requests": requests,
            "per_second": round(requests / load_seconds, 1),
            "kinds": {kind: {"n": len(v), "p50": round(statistics.median(v) * 1000),
                             "p95": round(percentile(v, 0.95)), "p99": round(percentile(v, 0.99))}
                      for kind, v in sorted(figures.times.items())},
            "errors": len(figures.errors),
            "error_examples": figures.errors[:5],
            "conflicts_resolved": figures.conflicts,
            "saves_acknowledged": len(figures.acked),
            "lost_updates": len(lost),
            "drafts": f"{done} of {len(drafts)}",
            "drafts_unfinished": unfinished,
            "drafts_seconds": round(drafts_seconds, 1),
        }
    finally:
        stop(processes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--drafts", type=int, default=10)
    parser.add_argument("--webs", default="0,1,2", help="web process counts; 0: one process without Redis")
    parser.add_argument("--backends", default="files", help="files, postgresql or both (comma-separated)")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args(argv)
    backends = options.backends.split(",")
    redis = start_redis()
    postgres = start_postgres(durable=True) if "postgresql" in backends else None
    scratch = Path(tempfile.mkdtemp(prefix="masterplan-bench-service-"))
    results = []
    try:
        for backend, webs in [(b, int(w)) for b in backends for w in options.webs.split(",")]:
            folder = scratch / f"layanan-{backend}-{webs}"
            folder.mkdir()
            people = make_service(folder, options.regions)
            url = None
            if backend == "postgresql":
                assert postgres is not None
                url = postgres.database(f"bench_{webs}")
                into_database(folder, url)
                os.environ["MASTERPLAN_HOME"] = str(scratch / f"home-{webs}")  # the checkouts of this phase
            result = run(folder, people, webs, options, redis.url, url)
            results.append(result)
            shape = "1 web process, drafts in its threads" if not webs else f"{webs} web processes, 2 workers"
            print(f"\n{backend}: {shape}, {options.regions} regions x 10 people, "
                  f"{options.clients} clients, {result['seconds']} s:")
            print(f"  logins: {result['logins']} in {result['login_seconds']} s; every region opened once "
                  f"(its app made, its plan checked) in {result['warm_seconds']} s")
            print(f"  {result['requests']} requests, {result['per_second']} per second; "
                  f"errors {result['errors']}; lost updates {result['lost_updates']} of "
                  f"{result['saves_acknowledged']} saved values; "
                  f"conflicts resolved {result['conflicts_resolved']}")
            print(f"  drafts: {result['drafts']} done {result['drafts_seconds']} s after the load began")
            if result["drafts_unfinished"]:
                print("  drafts not done: " + "; ".join(result["drafts_unfinished"]))
            print("  kind         n     p50    p95    p99 (ms)")
            for kind, f in result["kinds"].items():
                print(f"  {kind:<10} {f['n']:>5} {f['p50']:>6} {f['p95']:>6} {f['p99']:>6}")
            if result["error_examples"]:
                print("  errors, e.g.: " + "; ".join(result["error_examples"]))
    finally:
        kept = Path(tempfile.gettempdir()) / "masterplan-bench-service-logs"
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir()
        for log in scratch.glob("*.log"):  # the processes' logs of the last run, for a look afterwards
            shutil.copy(log, kept / log.name)
        redis.stop()
        if postgres is not None:
            from masterplan.store.postgres import close_pools

            close_pools()
            postgres.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
