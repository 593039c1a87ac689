"""A real browser and a real server for the browser tests: Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from web_helpers import password

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

CHROMIUM = os.environ.get("MASTERPLAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"chromium not found at {CHROMIUM}")


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` served by a real threaded server on a free port; its address."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless."""
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Session:
    """One person's browser tab."""

    def __init__(self, browser: Any, base: str, shots: Path) -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="id-ID"
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.base = base
        self.shots = shots
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def login(self, person: str) -> None:
        self.page.goto(f"{self.base}/masuk")
        self.page.fill("#nama", person)
        self.page.fill("#sandi", password(person))
        self.page.click("button:has-text('Masuk')")
        sync_api.expect(self.page.locator(".who .name")).to_be_visible()

    def go(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def click(self, text: str) -> None:
        self.page.get_by_role("button", name=text).click()

    def flash(self) -> str:
        return str(self.page.locator(".flashes").inner_text())

    def shot(self, name: str, target: str | None = None) -> None:
        if target:
            self.page.locator(target).evaluate("element => element.scrollIntoView({block: 'center'})")
        self.page.screenshot(path=str(self.shots / name))

    def close(self) -> None:
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        self.context.close()
