"""What every view needs about the workspace and the person, read once per request.

The workspace is the truth: people, region, answers and the journal are read
from disk, so a change made on the command line shows at once and a person
removed from ``people.yaml`` loses access with their next click. What is read
and derived (the check, the workflow state, the people) is kept by the
workspace's revision, a digest of every input file's name, size and
modification time taken once per request: while no file changes, a page
reuses it; any change, from the web or elsewhere, gives a new revision, and
every request that may write (any method but GET and HEAD) forgets it all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, g, request

from masterplan import api
from masterplan.answers.contribution import COORDINATOR
from masterplan.answers.definitions import STAGES, Definitions, load_definitions
from masterplan.errors import WorkflowError
from masterplan.formatting import Wording
from masterplan.jobs import JobQueue, LocalQueue
from masterplan.models.questionnaire import ParseContext, Questionnaire
from masterplan.models.region import Region
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.web.accounts import Verifier
from masterplan.web.errors import forbidden, not_found
from masterplan.web.shared import EndedSessions
from masterplan.web.throttle import Throttle
from masterplan.workflow.actor import opd_codes
from masterplan.workflow.people import People, Person, allow, require_people
from masterplan.workflow.state import WorkflowState, load_state

T = TypeVar("T")


@dataclass
class Site:
    """The web front's settings and state (login failures and ended sessions, in the store; jobs).

    In a service for many regions (``service_home`` set), accounts, login
    failures and ended sessions are the service's, kept in ``accounts_root``:
    one login holds in every region a person works on.
    """

    root: Path
    secret: bytes
    verifier: Verifier
    libreoffice: bool = False
    jobs: JobQueue = field(default_factory=LocalQueue)  # drafts and finalisation, in the background
    accounts_root: Path | WorkspaceStore | None = None  # the service's own store; the workspace's by default
    service_home: str | None = None  # the service's portfolio page, when the region is part of one
    store: WorkspaceStore | None = None  # where the region is kept: its folder ``root`` by default
    derived: dict[str, tuple[str, Any]] = field(default_factory=dict)  # what -> (revision, value)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.workspace: WorkspaceStore = self.store or FileStore(self.root)
        self.accounts = as_store(self.accounts_root) if self.accounts_root is not None else self.workspace
        self.throttle = Throttle(self.accounts)
        self.ended = EndedSessions(self.accounts)

    def end_session(self, sid: str, lifetime: float) -> None:
        """Remember that session ``sid`` was logged out: every process refuses its cookie from now on."""
        self.ended.end(sid, lifetime)

    def remember(self, what: str, revision: str, compute: Callable[[], T]) -> T:
        """``what`` as derived at ``revision`` (computed now when the revision has changed)."""
        with self._lock:
            known = self.derived.get(what)
        if known is not None and known[0] == revision:
            found: T = known[1]
            return found
        value = compute()
        with self._lock:
            self.derived[what] = (revision, value)
        return value

    def forget(self) -> None:
        """Forget everything derived (after a request that may have written)."""
        with self._lock:
            self.derived.clear()

    def has_ended(self, sid: str) -> bool:
        """True when ``sid`` was logged out (by this process or another)."""
        return self.ended.has_ended(sid)


SERVICE_HOME_KEY = "masterplan.service_home"
"""The WSGI environ key where the service's dispatcher puts its own address (``/``, or a proxy's prefix)."""


def service_home() -> str | None:
    """The service's portfolio page when this region is served as part of one (ends with ``/``)."""
    if site().service_home is None:
        return None
    found = request.environ.get(SERVICE_HOME_KEY)
    return found if isinstance(found, str) else site().service_home


def site() -> Site:
    """The current app's :class:`Site`."""
    found: Site = current_app.extensions["masterplan"]
    return found


def store() -> WorkspaceStore:
    """Where the region is kept: every read of its inputs and every change goes through it."""
    return site().workspace


def root() -> Path:
    """The region's folder, for what reads folders (outlines, templates, drafts, final documents).

    For a region kept in a database, its checkout (:mod:`masterplan.store.checkout`), brought up
    to the store's revision once per request that asks for it.
    """
    found = site().workspace
    if isinstance(found, FileStore):
        return site().root
    if "checkout" not in g:
        from masterplan.store.checkout import checkout

        g.checkout = checkout(found, site().root)
    folder: Path = g.checkout
    return folder


def job_params() -> dict[str, str]:
    """How a job names this region: its folder (``root``), or its database and name."""
    found = site().workspace
    if isinstance(found, FileStore):
        return {"root": str(site().root)}
    from masterplan.store.postgres import PostgresStore

    assert isinstance(found, PostgresStore)
    return {"store": found.url, "name": found.name}


def same_region(params: dict[str, Any]) -> bool:
    """True when a job's parameters name this region (:func:`job_params`)."""
    return all(params.get(key) == value for key, value in job_params().items())


def book_titles() -> dict[str, str]:
    """The books a draft can be made of (name -> short title), read once per request."""
    if "book_titles" not in g:
        from masterplan import api

        g.book_titles = api.book_titles(root())
    found: dict[str, str] = g.book_titles
    return found


def revision() -> str:
    """The workspace's revision (:meth:`WorkspaceStore.revision`), taken once per request."""
    if "revision" not in g:
        g.revision = store().revision()
    found: str = g.revision
    return found


def people() -> People:
    """The people of the workspace (a clear error when people.yaml is missing or wrong)."""
    if "people" not in g:
        g.people = site().remember("people", revision(), lambda: require_people(store(), opd_codes(store())))
    found: People = g.people
    return found


def person() -> Person | None:
    """The person logged in, if any."""
    found: Person | None = g.get("person")
    return found


def me() -> Person:
    """The person logged in (views behind the login)."""
    found = person()
    if found is None:
        raise forbidden("Silakan masuk lebih dulu.")
    return found


def definitions() -> Definitions:
    """The questionnaires and choice lists."""
    return load_definitions()


def checked() -> api.CheckResult:
    """The workspace read, merged and checked."""
    if "checked" not in g:
        g.checked = site().remember("checked", revision(), lambda: api.load_plan(store()))
    result: api.CheckResult = g.checked
    return result


def state() -> WorkflowState:
    """The workflow state (stages, notes, journal)."""
    if "state" not in g:
        g.state = site().remember("state", revision(), lambda: load_state(store()))
    found: WorkflowState = g.state
    return found


def region() -> Region | None:
    """The region profile, ``None`` when region.yaml cannot be read."""
    if "region" not in g:
        g.region = site().remember("region", revision(), _read_region)
    found: Region | None = g.region
    return found


def _read_region() -> Region | None:
    from masterplan.answers.workspace import load_region

    return load_region(store())


def zone() -> str | None:
    """The region's time zone (WIB, WITA or WIT): every time the browser shows is in it."""
    found = region()
    return found.zone if found else None


def wording() -> Wording | None:
    """How the region names itself (Kabupaten or Kota)."""
    found = region()
    return Wording.of(found) if found else None


def questionnaire(stage: int) -> Questionnaire:
    """The questionnaire of ``stage`` (404 for another number)."""
    if stage not in STAGES:
        raise not_found("Tahap Bimtek hanya I sampai IV.")
    return definitions().stage(stage)


def parse_context() -> ParseContext:
    """The context the question models parse answers in."""
    found = region()
    return ParseContext(choices=definitions().choices, opds=dict(found.opd_lookup) if found else None)


def contributors() -> list[str]:
    """Every possible contributor: ``koordinator`` and each OPD code of region.yaml, lower-case."""
    found = region()
    return [COORDINATOR, *sorted(found.opd_lookup)] if found else [COORDINATOR]


def contributor_label(code: str) -> str:
    """``DISKOMINFO — Dinas Komunikasi dan Informatika`` or ``Koordinator Tim Pelaksana``."""
    if code == COORDINATOR:
        return "Koordinator Tim Pelaksana"
    found = region()
    if found is None:
        return code.upper()
    written = found.opd_lookup.get(code, code.upper())
    name = found.opd_names.get(written)
    return f"{written} — {name}" if name else written


def can_edit(who: Person | None, contributor: str) -> bool:
    """True when ``who``'s role may change ``contributor``'s answers (the stage's lock aside)."""
    if who is None:
        return False
    if who.role == "koordinator":
        return True
    return who.role == "tim" and contributor != COORDINATOR and (who.opd or "").lower() == contributor


def permit(action: str, opd: str | None = None) -> Person:
    """The person, when their role may take ``action`` (for ``opd``); a 403 page otherwise."""
    who = me()
    try:
        allow(who, action, opd)
    except WorkflowError as error:
        raise forbidden(str(error)) from None
    if action == "answers.save" and who.role == "tim" and opd is None:
        raise forbidden(f"{who.label} tidak boleh mengubah jawaban koordinator")
    return who


def local_path(target: str | None, default: str = "/") -> str:
    r"""``target`` when it is a path on this site, else ``default``: where to go after a login or a form.

    Refused: any control character or space (browsers drop tabs and line
    breaks from a URL, so ``/\t/evil.com`` would become ``//evil.com``, and a
    line break cannot go into a header), anything that does not start with
    exactly one ``/`` (``//host`` and ``/\host`` lead to another site), a
    backslash anywhere, and anything with a scheme or a host.
    """
    if not target or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in target):
        return default
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
