"""Page benchmark: every page in a real browser, unthrottled and on a 1.5 Mbps line; the roadmap as a grid.

Usage: .venv/bin/python bench/pages.py [--programmes 800] [--mbps 1.5] [--rtt 150]

Chromium (Playwright) opens the pages of the example as the koordinator, served
by the app under waitress in this process (as ``masterplan serve`` serves it),
each with an empty cache and then once more (static files revalidated, 304): kB
transferred, the time until the page has loaded (on a form with grids, until
every grid is drawn: the form's ``data-grids-ready``) and the page's elements;
unthrottled, then with the line throttled to ``--mbps`` and ``--rtt`` ms of
round trip (Chrome DevTools network emulation). Then the koordinator's roadmap
form as a grid and as row cards on that line, for the example (70 programmes)
and a synthetic plan of ``--programmes`` (its roadmap rows all in the
koordinator's file).
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
    """The app under waitress, as ``masterplan serve`` runs it (HTTP/1.1 keep-alive), in this process."""
    import waitress

    set_password(root, "retno", PASSWORD, CHEAP)
    app = create_app(root, secret=b"bench-grid" * 4, hasher=CHEAP)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
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


PAGES = [
    "/",
    "/tahap/1",
    "/tahap/2",
    "/tahap/3",
    "/tahap/4",
    "/tahap/2/programs/diskominfo?tampilan=tabel",
    "/tahap/2/programs/diskominfo?tampilan=kartu",
    FORM + "?tampilan=tabel",
    FORM + "?tampilan=kartu",
    "/tahap/4/reconfirmation/koordinator?tampilan=tabel",
    "/final",
    "/riwayat",
]
"""Every kind of page the koordinator sees (forms as grids and as row cards, each asked for: the choice is
remembered), after the login page."""
GRID_PAGES = {page for page in PAGES if page.endswith("tampilan=tabel")}
"""The pages of :data:`PAGES` whose tables are grids (opened until every grid is drawn)."""


def _browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)


Line = tuple[float, float]
"""A throttled line: (Mbps, round trip in ms)."""


def _tab(browser: Any, base: str, line: Line | None, login: bool = True) -> tuple[Any, Any, Any]:
    """A new browser tab (logged in as the koordinator) on a line of (Mbps, round trip ms), or unthrottled."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    if login:
        page.goto(f"{base}/masuk")
        page.fill("#nama", "retno")
        page.fill("#sandi", PASSWORD)
        page.click("button:has-text('Masuk')")
        page.wait_for_selector(".who .name")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if line is not None:
        mbps, rtt = line
        rate = mbps * 1_000_000 / 8
        conditions = {"offline": False, "latency": rtt, "downloadThroughput": rate, "uploadThroughput": rate}
        cdp.send("Network.emulateNetworkConditions", conditions)
    return context, page, cdp


def every_page(root: Path, line: Line) -> dict[str, dict[str, float]]:
    """Each page of :data:`PAGES` (and the login page): first visit (empty cache) and again, unthrottled
    and on ``line``: kB transferred and ms until loaded (until the grids are drawn on a form with grids)."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with _serving(root) as base, sync_playwright() as playwright:
        browser = _browser(playwright)
        for throttled in (None, line):
            key = "line" if throttled else "local"
            # one tab for the login page and one for the rest; the cache emptied before each page
            for paths, login in ((["/masuk"], False), (PAGES, True)):
                context, page, cdp = _tab(browser, base, throttled, login=login)
                for path in paths:
                    cdp.send("Network.clearBrowserCache")
                    grid_page = path in GRID_PAGES
                    first = _open(page, f"{base}{path}", grid_page)
                    again = _open(page, f"{base}{path}", grid_page)
                    row = results.setdefault(path, {})
                    row.update({f"{key} ms": first["ms"], f"{key} ms again": again["ms"]})
                    row.update({"kB": first["kb"], "kB again": again["kb"], "elements": first["elements"]})
                context.close()
        browser.close()
    return results


def measure(root: Path, mbps: float, rtt: float) -> dict[str, dict[str, float]]:
    """The roadmap form of ``root`` as a grid and as row cards, first visit and again, on a throttled line."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with _serving(root) as base, sync_playwright() as playwright:
        browser = _browser(playwright)
        for view, is_grid in (("tabel", True), ("kartu", False)):
            context, page, cdp = _tab(browser, base, (mbps, rtt))
            cdp.send("Network.clearBrowserCache")
            url = f"{base}{FORM}?tampilan={view}"
            results[f"{view}, first visit"] = _open(page, url, is_grid)
            results[f"{view}, again"] = _open(page, url, is_grid)
            context.close()
        # as people come to a form: from its stage page, which fetched the grid library while it was read
        context, page, cdp = _tab(browser, base, (mbps, rtt))
        cdp.send("Network.clearBrowserCache")
        page.goto(f"{base}/tahap/3", wait_until="load")
        page.wait_for_timeout(3000)  # reading the stage page; the prefetch runs meanwhile
        results["tabel, from the stage page"] = _open(page, f"{base}{FORM}?tampilan=tabel", True)
        context.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=800, help="size of the large synthetic plan")
    parser.add_argument("--mbps", type=float, default=1.5)
    parser.add_argument("--rtt", type=float, default=150.0, help="round trip in ms")
    args = parser.parse_args(argv)
    if not grid.available():
        print("bench/pages.py: pustaka tabel belum terpasang; jalankan make setup (npm).", file=sys.stderr)
        return 1
    if not shutil.which("chromium"):
        print("bench/pages.py: chromium tidak ditemukan.", file=sys.stderr)
        return 1
    line = (args.mbps, args.rtt)
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("build", "final"))
        where = f"a {args.mbps:g} Mbps line with {args.rtt:g} ms round trips"
        print("Every page of the example (koordinator, 1366x768): first visit with an empty cache, then")
        print(f"again; unthrottled and on {where}")
        header = ("page", "kB", "again", "local ms", "line ms", "again", "elements")
        print("{:<46} {:>7} {:>6} {:>9} {:>8} {:>6} {:>9}".format(*header))
        for path, found in every_page(example, line).items():
            keys = ("kB", "kB again", "local ms", "line ms", "line ms again", "elements")
            numbers = (found[key] for key in keys)
            print("{:<46} {:>7.1f} {:>6.1f} {:>9.0f} {:>8.0f} {:>6.0f} {:>9.0f}".format(path, *numbers))
        print()
        print(f"Roadmap form on {where}, koordinator, 1366x768")
        print(f"{'plan':<18} {'view':<24} {'KB':>8} {'ms':>8} {'elements':>9}")
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
