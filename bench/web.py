"""Web benchmark: server time per page (example and 800 programmes) and throughput of one process.

Usage: .venv/bin/python bench/web.py [--clients 20] [--seconds 10] [--threads 8] [--programmes 800]

Part one times pages with Flask's test client, in this process (server time
only): the first view after the workspace changed (read and checked again)
and the next ones (reused while no file changes). Part two starts
``masterplan serve`` (waitress, one process) on a copy of the example and lets
``--clients`` clients, each with its own keep-alive connection, ask for the
mix of pages a Bimtek week brings (home, the four stages, an OPD's programme
form) for ``--seconds``: requests per second, p50 and p95. The clients run on
the same 2-core machine as the server, so they take CPU from it.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import build_workspace

from masterplan.web import create_app
from masterplan.web.accounts import set_password

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sukamaju"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "sandi-bench-2026"
MIX = ["/", "/tahap/1", "/tahap/2", "/tahap/3", "/tahap/4", "/tahap/2/programs/diskominfo"]


def _people(root: Path, opd: str) -> None:
    """A koordinator and a tim member of ``opd`` for a synthetic workspace."""
    (root / "people.yaml").write_text(
        "people:\n"
        '  - {id: retno, name: "Retno", role: koordinator}\n'
        f'  - {{id: agus, name: "Agus", role: tim, opd: {opd}}}\n',
        encoding="utf-8",
    )


def _server_times(root: Path, pages: list[str], repeat: int = 9) -> dict[str, tuple[float, float]]:
    """(first view after a change, median of the next views) in ms, per page."""
    app = create_app(root, secret=b"bench" * 8, testing=True, hasher=CHEAP)
    client = app.test_client()
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/masuk").get_data(as_text=True))
    assert token
    client.post("/masuk", data={"csrf": token.group(1), "nama": "retno", "sandi": PASSWORD})
    found = {}
    for url in pages:
        app.extensions["masterplan"].forget()
        start = time.perf_counter()
        with client.get(url) as response:
            assert response.status_code == 200, (url, response.status_code)
        first = time.perf_counter() - start
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            with client.get(url):
                pass
            times.append(time.perf_counter() - start)
        found[url] = (first * 1000, statistics.median(times) * 1000)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _cookie(port: int) -> str:
    """Log in once; the session cookie every client sends."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/masuk")
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    first = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    body = f"csrf={token.group(1)}&nama=retno&sandi={PASSWORD}"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": first}
    connection.request("POST", "/masuk", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie", "").split(";")[0]


def _load(port: int, cookie: str, clients: int, done: Callable[[], bool]) -> dict[str, Any]:
    """``clients`` keep-alive clients ask for the page mix until ``done()``; their figures."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, index = [], offset
        while not done():
            url = MIX[index % len(MIX)]
            index += 1
            start = time.perf_counter()
            connection.request("GET", url, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                with lock:
                    errors.append(f"{url}: {response.status}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    latencies.sort()
    return {
        "seconds": took,
        "requests": len(latencies),
        "per_second": len(latencies) / took,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": errors[:5],
    }


def _draft_job(port: int, cookie: str) -> Callable[[], bool]:
    """Ask for the draft PDF (a background job); a function telling whether it is ready."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/tahap/2", headers={"Cookie": cookie})
    response = connection.getresponse()
    token = re.search(r'name="csrf" value="([^"]+)"', response.read().decode("utf-8"))
    assert token
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/draf", body=f"csrf={token.group(1)}&format=pdf", headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 303, response.status
    job = response.getheader("Location", "")
    connection.close()
    state = {"ready": False, "checked": 0.0}
    lock = threading.Lock()

    def ready() -> bool:
        with lock:
            if state["ready"] or time.monotonic() - state["checked"] < 0.5:
                return bool(state["ready"])
            state["checked"] = time.monotonic()
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            probe.request("GET", job, headers={"Cookie": cookie})
            page = probe.getresponse().read().decode("utf-8")
            probe.close()
            state["ready"] = "Draf selesai disusun" in page or "tidak dapat disusun" in page
            return bool(state["ready"])

    return ready


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--programmes", type=int, default=800, help="size of the large synthetic plan")
    parser.add_argument("--no-draft", action="store_true", help="skip the page views during a draft PDF")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="masterplan-bench-web-") as scratch:
        example = Path(scratch) / "sukamaju"
        shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("build", "final"))
        big = build_workspace(Path(scratch) / "besar", args.programmes)
        _people(big, "opd001")
        for root in (example, big):
            set_password(root, "retno", PASSWORD, CHEAP)

        print("Server time per page (ms): first view after a change / next views (median of 9)")
        print("| workspace | page | first | next |\n|---|---|---:|---:|")
        rows = [(example, "contoh (70 program)", MIX),
                (big, f"{args.programmes} program", ["/", "/tahap/2", "/tahap/2/programs/opd001",
                                      "/tahap/4/reconfirmation/koordinator"])]
        for root, label, pages in rows:
            for url, (first, warm) in _server_times(root, pages).items():
                print(f"| {label} | `{url}` | {first:.0f} | {warm:.1f} |")

        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "masterplan", "serve", str(example), "--port", str(port),
             "--threads", str(args.threads)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("masterplan serve did not start") from None
                    time.sleep(0.1)
            cookie = _cookie(port)
            stop = time.monotonic() + args.seconds
            found = _load(port, cookie, args.clients, lambda: time.monotonic() > stop)
            during = None if args.no_draft else _load(port, cookie, 5, _draft_job(port, cookie))
        finally:
            server.terminate()
            server.wait(10)
        print(
            f"\nThroughput, one process (waitress, {args.threads} threads), {args.clients} clients, "
            f"{args.seconds:g} s, page mix {', '.join(MIX)}:\n"
            f"{found['per_second']:.1f} requests/s, p50 {found['p50']:.0f} ms, p95 {found['p95']:.0f} ms, "
            f"{found['requests']} requests"
            + (f", errors: {found['errors']}" if found["errors"] else "")
        )
        if during is not None:
            print(
                f"While a draft PDF of the example is built in the background ({during['seconds']:.1f} s), "
                f"5 clients: {during['per_second']:.1f} requests/s, p50 {during['p50']:.0f} ms, "
                f"p95 {during['p95']:.0f} ms"
                + (f", errors: {during['errors']}" if during["errors"] else "")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
