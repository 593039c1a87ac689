"""Grid benchmark: the roadmap form opened in a real browser on a 1.5 Mbps line, as a grid and as row cards.

Usage: .venv/bin/python bench/grid.py [--programmes 800] [--mbps 1.5] [--rtt 100]

Chromium (Playwright) opens the koordinator's roadmap form of the example (70
programmes) and of a synthetic plan of ``--programmes``, served by the app in
this process (the synthetic plan's roadmap rows all in the koordinator's file),
with the line throttled to ``--mbps`` and ``--rtt`` ms of round
trip. For each: the bytes transferred, the time until every grid is drawn (the
form says so in ``data-grids-ready``) or, for row cards, until the page has
loaded, and the page's elements. "first visit" starts with an empty cache;
"again" opens the form once more (static files revalidated, 304).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _load, _yaml_dump, build_workspace

from masterplan.web import create_app, grid
from masterplan.web.accounts import set_password

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sukamaju"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "sandi-bench-2026"
FORM = "/tahap/3/roadmap/koordinator"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def _one_roadmap(root: Path) -> None:
    """Every programme's roadmap row in the koordinator's file (the synthetic plan spreads them over OPDs)."""
    folder = root / "answers" / "bimtek-3"
    rows = []
    for path in sorted(folder.glob("opd*.yaml")):
        data = _load(path)
        rows += data["answers"].pop("roadmap", [])
        _yaml_dump(path, data)
    coordinator = _load(folder / "koordinator.yaml")
    coordinator["answers"]["roadmap"] = rows
    _yaml_dump(folder / "koordinator.yaml", coordinator)


@contextmanager
def _serving(root: Path) -> Iterator[str]:
    from werkzeug.serving import make_server

    set_password(root, "retno", PASSWORD, CHEAP)
    app = create_app(root, secret=b"bench-grid" * 4, hasher=CHEAP)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


def _open(page: Any, url: str, is_grid: bool) -> dict[str, float]:
    """Open ``url``: KB transferred, ms until the grids are drawn (or the page loaded), elements."""
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    if is_grid:
        page.wait_for_selector("form[data-grids-ready]", timeout=120_000)
    elapsed = (time.perf_counter() - started) * 1000
    sizes = page.evaluate(
        "() => performance.getEntries().filter(e => e.transferSize !== undefined).map(e => e.transferSize)"
    )
    return {
        "kb": sum(sizes) / 1000,
        "ms": elapsed,
        "elements": page.evaluate("document.querySelectorAll('*').length"),
    }


def measure(root: Path, mbps: float, rtt: float) -> dict[str, dict[str, float]]:
    """The roadmap form of ``root`` as a grid and as row cards, first visit and again, on a throttled line."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with _serving(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for view, is_grid in (("tabel", True), ("kartu", False)):
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
            page = context.new_page()
            page.goto(f"{base}/masuk")
            page.fill("#nama", "retno")
            page.fill("#sandi", PASSWORD)
            page.click("button:has-text('Masuk')")
            page.wait_for_selector(".who .name")
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.clearBrowserCache")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": rtt,
                    "downloadThroughput": mbps * 1_000_000 / 8,
                    "uploadThroughput": mbps * 1_000_000 / 8,
                },
            )
            url = f"{base}{FORM}?tampilan={view}"
            results[f"{view}, first visit"] = _open(page, url, is_grid)
            results[f"{view}, again"] = _open(page, url, is_grid)
            context.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=800, help="size of the large synthetic plan")
    parser.add_argument("--mbps", type=float, default=1.5)
    parser.add_argument("--rtt", type=float, default=100.0, help="round trip in ms")
    args = parser.parse_args(argv)
    if not grid.available():
        print("bench/grid.py: pustaka tabel belum terpasang; jalankan make setup (npm).", file=sys.stderr)
        return 1
    if not shutil.which("chromium"):
        print("bench/grid.py: chromium tidak ditemukan.", file=sys.stderr)
        return 1
    print(f"Roadmap form on a {args.mbps:g} Mbps line ({args.rtt:g} ms round trip), koordinator, 1366x768")
    print(f"{'plan':<18} {'view':<24} {'KB':>8} {'ms':>8} {'elements':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("build", "final"))
        plans = [("example (70)", example)]
        if args.programmes:
            big = build_workspace(Path(tmp) / "big", args.programmes)
            _one_roadmap(big)
            (big / "people.yaml").write_text(
                'people:\n  - {id: retno, name: "Retno", role: koordinator}\n', encoding="utf-8"
            )
            plans.append((f"{args.programmes} programmes", big))
        for label, root in plans:
            for view, found in measure(root, args.mbps, args.rtt).items():
                figures = f"{found['kb']:>8.1f} {found['ms']:>8.0f} {found['elements']:>9.0f}"
                print(f"{label:<18} {view:<24} {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
