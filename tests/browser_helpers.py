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
        self.errors: list[str] = []  # what the page's scripts threw or logged as errors and warnings
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)

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


def grid_cell(page: Any, table: str, row: int, field: str) -> Any:
    """One cell of a form's grid (``field``: a column id, or ``t<column>_<year>`` for a year), scrolled to."""
    page.wait_for_selector("form[data-grids-ready]", state="attached")  # the page loaded, its grids drawn
    page.evaluate("([t, r]) => Tabulator.findTable('#grid-' + t)[0].scrollToRow(r, 'top', false)", [table, row])
    return page.locator(f"#grid-{table} .tabulator-row[data-row='{row}'] .tabulator-cell[tabulator-field='{field}']")


def type_in_cell(page: Any, table: str, row: int, field: str, text: str) -> None:
    """Choose a text cell, type ``text`` over what it holds (typing starts the edit) and press Enter."""
    grid_cell(page, table, row, field).click()
    page.keyboard.type(text[0])
    page.keyboard.press("End")
    editor = page.locator(f"#grid-{table} .tabulator-editing input, #grid-{table} .tabulator-editing textarea")
    editor.fill(text)
    page.keyboard.press("Enter")


def field_value(page: Any, name: str) -> str:
    """The value of a form's field (a grid's hidden field), by name."""
    return str(page.locator(f"input[name='{name}']").input_value())


def expect_field(page: Any, name: str, value: str) -> None:
    """Wait until the form's field ``name`` holds ``value`` (a grid writes its fields just after an edit)."""
    sync_api.expect(page.locator(f"input[name='{name}']")).to_have_value(value)
