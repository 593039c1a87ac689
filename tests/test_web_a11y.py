"""Accessibility of every page state in a real browser: axe-core (from the npm registry, installed by the
setup) finds no WCAG 2.1 A/AA violation, on a desktop and on a phone.

The states: the login page (and a failed login), each role's home page, a stage's dashboard, a form with its
tables as grids and as row cards, a form after a save with errors, a form only shown, the job page of a
draft, the finalisation page (before and after it is ready), the history, a page not found.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import NO_CHROMIUM, Session, serving, type_in_cell
from conftest import REPO, copy_root
from web_helpers import FAST, set_passwords

from masterplan.jobs import LocalQueue
from masterplan.web import create_app
from masterplan.workflow import actions

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [NO_CHROMIUM, pytest.mark.skipif(not AXE.is_file(), reason="axe-core missing: run make setup (npm)")]
STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("example", tmp_path_factory.mktemp("a11y"))
    set_passwords(root)
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    def quick(params: dict[str, Any], progress: Any) -> dict[str, Any]:  # a job without the build's wait
        progress(0.4, "Menata halaman PDF")
        made = workspace / "build" / "kabupaten-sukamaju-rencana-induk-draf.docx"
        made.parent.mkdir(exist_ok=True)
        made.write_bytes(b"PK")
        return {"files": [str(made)], "reused": False}

    queue = LocalQueue(workers=1, tasks={"draft": quick, "finalize": quick})
    with serving(create_app(workspace, secret=b"uji-aksesibilitas" * 3, hasher=FAST, queue=queue)) as address:
        yield address


def violations(page: Any) -> list[str]:
    """What axe-core finds on the page as it is now: one line per rule and element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the driver: the page's CSP stays strict
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", STANDARDS
    )
    return [f"{v['id']}: {n['target']} {n['failureSummary'][:160]}" for v in found for n in v["nodes"]]


def audit(session: Session, path: str, found: dict[str, list[str]], label: str = "") -> None:
    if path:
        session.go(path)
    session.page.wait_for_load_state("load")
    if session.page.locator("form[data-grids-ready], [data-grid]").count():
        session.page.wait_for_selector("form[data-grids-ready]", state="attached")
    found[f"{session.who}: {label or path}"] = violations(session.page)


def person(browser: Any, server: str, tmp_path: Path, who: str) -> Session:
    session = Session(browser, server, tmp_path)
    session.who = who  # type: ignore[attr-defined]
    if who != "tamu":
        session.login(who)
    return session


def phone(browser: Any, server: str, tmp_path: Path) -> Session:
    session = Session(browser, server, tmp_path)
    session.context.close()
    session.context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, locale="id-ID")
    session.page = session.context.new_page()
    session.page.on("dialog", session._dialog)
    return session


def test_no_page_state_has_an_accessibility_violation(browser: Any, server: str, workspace: Path, tmp_path: Path):
    found: dict[str, list[str]] = {}
    visitor = person(browser, server, tmp_path, "tamu")
    audit(visitor, "/masuk", found)
    visitor.page.fill("#nama", "agus")
    visitor.page.fill("#sandi", "bukan-sandinya-sama-sekali")
    visitor.page.click("button:has-text('Masuk')")
    audit(visitor, "", found, "/masuk (gagal)")
    visitor.close()

    tim = person(browser, server, tmp_path, "agus")
    for path in ("/", "/tahap/2", "/tahap/2/programs/diskominfo", "/tahap/2/programs/diskominfo?tampilan=kartu",
                 "/tahap/2/programs/dinkes", "/tahap/2/programs/diskominfo/pratinjau", "/riwayat", "/tidak-ada"):
        audit(tim, path, found)
    tim.go("/tahap/2/programs/diskominfo?tampilan=tabel")
    type_in_cell(tim.page, "programs", 0, "budget", "delapan miliar")
    tim.click("Simpan")
    audit(tim, "", found, "/tahap/2/programs/diskominfo (kesalahan)")
    type_in_cell(tim.page, "programs", 0, "budget", "6500000000")
    tim.click("Simpan")
    tim.page.wait_for_selector(".flashes")
    tim.close()

    koordinator = person(browser, server, tmp_path, "retno")
    for path in ("/", "/tahap/3", "/tahap/3/roadmap/koordinator", "/tahap/4/quick_wins/koordinator",
                 "/tahap/1/governance/koordinator"):  # the last two: photos and scans attached
        audit(koordinator, path, found)
    koordinator.close()

    mentor = person(browser, server, tmp_path, "sari")
    audit(mentor, "/tahap/2/programs/diskominfo", found)
    audit(mentor, "/tahap/2/perubahan", found)
    audit(mentor, "/tahap/2", found)
    mentor.click("Susun draf (Word)")
    mentor.page.wait_for_selector(".job")
    audit(mentor, "", found, "/pekerjaan (draf)")
    mentor.close()

    pejabat = person(browser, server, tmp_path, "bambang")
    audit(pejabat, "/final", found, "/final (belum siap)")
    for stage in (1, 2, 3, 4):
        actions.stage_action(workspace, stage, "stage.submit", "retno")
        actions.stage_action(workspace, stage, "stage.approve", "sari")
    audit(pejabat, "/final", found, "/final (siap)")
    pejabat.close()

    small = phone(browser, server, tmp_path)
    small.who = "agus (ponsel)"  # type: ignore[attr-defined]
    small.login("agus")
    for path in ("/", "/tahap/2", "/tahap/2/programs/diskominfo"):
        audit(small, path, found)
    small.close()

    assert len(found) >= 20
    failing = {state: lines for state, lines in found.items() if lines}
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)


def test_the_service_pages_have_no_accessibility_violation_and_fit_a_phone(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
):
    from service_helpers import make_service

    from masterplan.web.service import create_service_app

    root = make_service(tmp_path_factory.mktemp("layanan-a11y"))
    app = create_service_app(root, secret=b"uji-layanan" * 3, hasher=FAST, queue=LocalQueue(workers=1))
    found: dict[str, list[str]] = {}
    widths: dict[str, tuple[int, int]] = {}
    with serving(app) as address:  # type: ignore[arg-type]  # a WSGI app: the dispatcher of the service
        visitor = person(browser, address, tmp_path, "tamu")
        audit(visitor, "/masuk", found)
        visitor.close()
        for who in ("sari", "nadia"):  # a mentor with her inbox, the ministry's viewer with every region
            session = person(browser, address, tmp_path, who)
            for path in ("/", "/?provinsi=Jawa+Barat&urut=angkatan&arah=turun", "/sukamaju/", "/kota-contoh/tahap/1"):
                audit(session, path, found)
            session.close()
        agus = person(browser, address, tmp_path, "agus")
        audit(agus, "/kota-contoh/", found, "/kota-contoh/ (tidak ditugaskan)")
        agus.close()
        small = phone(browser, address, tmp_path)
        small.who = "sari (ponsel)"  # type: ignore[attr-defined]
        small.login("sari")
        for path in ("/", "/sukamaju/"):
            audit(small, path, found)
            widths[path] = small.page.evaluate(
                "() => [document.documentElement.clientWidth, document.documentElement.scrollWidth]")
        small.close()
    assert len(found) >= 10
    failing = {state: lines for state, lines in found.items() if lines}
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)
    assert all(content <= viewport for viewport, content in widths.values()), widths  # nothing sideways
