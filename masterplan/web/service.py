"""The web front of a service for many regions: one login, a portfolio page, each region at its own path.

``masterplan serve --root DIR`` serves the service in ``DIR``
(:mod:`masterplan.workflow.service`): ``/`` is the portfolio of the regions
the person may see, ``/masuk`` and ``/keluar`` the service's login, and
``/<region>/...`` the region's own web app (:func:`masterplan.web.create_app`),
made when first asked for. Every app signs its cookies with the service's key
and reads the service's accounts, so one login holds in every region a person
works on; a region they are not assigned to answers 403. ``service.yaml`` is
read again whenever it or the list of region folders changes, and each
region's ``people.yaml`` made from it then (regions with a hand-written one
are held back, and said so on the portfolio).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from argon2 import PasswordHasher
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response as WerkzeugResponse

from masterplan import __version__
from masterplan.errors import MasterplanError
from masterplan.jobs import JobQueue, LocalQueue
from masterplan.store.files import FileStore
from masterplan.web import csrf, errors
from masterplan.web.accounts import Verifier, stamp, web_secret
from masterplan.web.auth import session_holds
from masterplan.web.context import SERVICE_HOME_KEY
from masterplan.web.errors import Refused, forbidden
from masterplan.web.shared import EndedSessions
from masterplan.web.throttle import Throttle
from masterplan.workflow.people import ROLE_LABELS
from masterplan.workflow.portfolio import InboxItem, RegionSummary, Row, inbox, measured, summarize
from masterplan.workflow.service import Projection, Service, ServicePerson, load_service, project_people
from masterplan.workflow.service_home import FolderHome, ServiceHome
from masterplan.workflow.state import ROMAN, STATE_LABELS

MEASURE_EVERY = 300.0
"""Seconds: a region changed since its last measure is measured again at most this often (an overview
needs no more; under constant editing every view would otherwise re-check every region)."""
FAILED = "Nama pengguna atau kata sandi salah."

bp = Blueprint("service", __name__)
log = logging.getLogger(__name__)


class ServiceSite:
    """The service's state: its folder, key, accounts, the regions' apps and what was read of service.yaml."""

    def __init__(
        self, home: ServiceHome, *, secret: bytes, verifier: Verifier, measures: JobQueue,
        make_region_app: Callable[[str], Flask],
    ) -> None:
        self.home = home
        self.secret = secret
        self.verifier = verifier
        self.measures = measures  # the portfolio's measure jobs
        self.accounts = home.own
        self.throttle = Throttle(self.accounts)
        self.ended = EndedSessions(self.accounts)
        self._make_region_app = make_region_app
        self._apps: dict[str, Flask] = {}
        self._lock = threading.Lock()
        self._read: tuple[tuple[object, ...], Service, Projection] | None = None
        self._summaries: dict[str, tuple[str, RegionSummary]] = {}  # region -> (revision, its line)

    def current(self) -> tuple[Service, Projection]:
        """The service as service.yaml says now, each region's people.yaml made from it.

        A service.yaml that cannot be read (an operator's slip while editing) leaves the service as it
        was last read, and is logged; only a first reading that fails is an error.
        """
        mark = self.home.stamp()
        with self._lock:
            if self._read is None or self._read[0] != mark:
                try:
                    service = load_service(self.home)
                except MasterplanError as error:
                    if self._read is None:
                        raise
                    log.warning("service.yaml tidak dapat dibaca; tetap seperti terakhir dibaca: %s", error)
                    return self._read[1], self._read[2]
                self._read = (mark, service, project_people(service))
            return self._read[1], self._read[2]

    def region_app(self, name: str) -> Flask | None:
        """The web app of region ``name`` (made on first use); ``None`` when it is not served."""
        service, projection = self.current()
        if name not in service.regions() or name in projection.held:
            return None
        with self._lock:
            app = self._apps.get(name)
            if app is None:
                app = self._apps[name] = self._make_region_app(name)
            return app

    def summary(self, name: str, revision: str) -> RegionSummary:
        """Region ``name``'s portfolio line at ``revision`` (read again only when its inputs changed)."""
        with self._lock:
            known = self._summaries.get(name)
        if known is not None and known[0] == revision:
            return known[1]
        found = summarize(self.home.region(name))
        found.name = name
        with self._lock:
            self._summaries[name] = (revision, found)
        return found

    def has_ended(self, sid: str) -> bool:
        """True when session ``sid`` was logged out."""
        return self.ended.has_ended(sid)

    def end_session(self, sid: str, lifetime: float) -> None:
        """Refuse the cookie of session ``sid`` from now on, in every process and region."""
        self.ended.end(sid, lifetime)


def service_site() -> ServiceSite:
    """The current front app's :class:`ServiceSite`."""
    found: ServiceSite = current_app.extensions["masterplan-service"]
    return found


def _lifetime() -> float:
    return float(current_app.permanent_session_lifetime.total_seconds())


def _load_person() -> Any:
    """The person of the session (the same cookie every region's app reads), or the way to the login page."""
    g.person = None
    person_id = session.get("pid")
    if person_id:
        site = service_site()
        service, _ = site.current()
        found = service.person(str(person_id))
        if found is not None and session_holds(site.accounts, site.secret, site.has_ended):
            g.person = found
        else:
            session.clear()
            flash("Sesi Anda telah berakhir; silakan masuk lagi.", "info")
    if g.person is None and request.endpoint not in ("service.login", "static"):
        return redirect(url_for("service.login", next=request.script_root + request.full_path.rstrip("?")))
    return None


def _safe_next(target: str | None) -> str:
    from masterplan.web.context import local_path

    return local_path(target, url_for("service.portfolio"))


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> Any:
    """The service's login page: id or full name, and password."""
    target = request.values.get("next", "")
    if g.person is not None and request.method == "GET":
        return redirect(_safe_next(target))
    if request.method == "GET":
        return render_template("login.html", login_name="", next=target, failed=None)
    site = service_site()
    service, _ = site.current()
    name = request.form.get("nama", "").strip()[:200]
    found = service.find(name) if name else None
    account = found.id if found else name.casefold()
    client = request.remote_addr or "?"
    wait = site.throttle.wait(account, client)
    if wait > 0:
        minutes = max(1, int(wait // 60) + 1)
        raise Refused(429, "Terlalu banyak percobaan",
                      f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.")
    digest = site.verifier.verify(site.accounts, found.id if found else None, request.form.get("sandi", ""))
    if digest is None or found is None:
        site.throttle.failed(account, client)
        return render_template("login.html", login_name=name, next=target, failed=FAILED), 401
    site.throttle.succeeded(account, client)
    session.clear()
    session.permanent = True
    session.update(pid=found.id, auth=stamp(site.secret, digest), sid=secrets.token_urlsafe(16),
                   t=int(time.time()))
    csrf.renew()
    flash(f"Selamat datang, {found.name}.", "ok")
    return redirect(_safe_next(target))


@bp.route("/keluar", methods=["POST"])
def logout() -> Any:
    """End the session in every region of the service."""
    sid = session.get("sid")
    if sid:
        service_site().end_session(str(sid), _lifetime())
    session.clear()
    flash("Anda telah keluar.", "ok")
    return redirect(url_for("service.login"))


def _me() -> ServicePerson:
    found: ServicePerson | None = g.get("person")
    if found is None:
        raise forbidden("Silakan masuk lebih dulu.")
    return found


def _last_draft(folder: Path) -> tuple[str, str] | None:
    """The newest document in the region's ``build/`` (its name and when it was made)."""
    newest: tuple[float, str] | None = None
    try:
        with os.scandir(folder / "build") as entries:
            for entry in entries:
                if entry.is_file() and entry.name.endswith((".pdf", ".docx")):
                    moment = entry.stat().st_mtime
                    if newest is None or moment > newest[0]:
                        newest = (moment, entry.name)
    except OSError:
        return None
    if newest is None:
        return None
    return newest[1], dt.datetime.fromtimestamp(newest[0], dt.UTC).isoformat(timespec="seconds")


def rows_for(person: ServicePerson) -> tuple[list[Row], Service]:
    """The portfolio rows of the regions ``person`` sees; a stale or missing measure is queued."""
    site = service_site()
    service, projection = site.current()
    rows = []
    for name in service.regions_of(person):
        folder = site.home.folder(name)
        revision = site.home.region(name).revision()
        summary = site.summary(name, revision)
        found = measured(folder)
        held = projection.held.get(name)
        fresh = found is not None and found.revision == revision
        if not fresh and held is None and (found is None or time.time() - found.made > MEASURE_EVERY):
            site.measures.submit("measure", site.home.job_params(name), key=f"measure:{folder}:{revision}",
                                 owner=person.id)
        rows.append(Row(summary, service.entry(name).batch, [m.name for m in service.mentors(name)],
                        found, fresh, _last_draft(folder), held))
    return rows, service


SORTS: dict[str, Callable[[Row], Any]] = {
    "nama": lambda r: r.summary.title.casefold(),
    "provinsi": lambda r: (r.summary.province.casefold(), r.summary.title.casefold()),
    "angkatan": lambda r: (r.batch or 0, r.summary.title.casefold()),
    "kelengkapan": lambda r: (r.measure.completeness if r.measure else -1, r.summary.title.casefold()),
    "catatan": lambda r: (r.summary.open_notes, r.summary.title.casefold()),
    "terakhir": lambda r: (r.summary.last_activity or "", r.summary.title.casefold()),
}


@dataclasses.dataclass
class Filters:
    """What the portfolio is narrowed to and sorted by (from the query string)."""

    province: str = ""
    batch: str = ""
    mentor: str = ""
    sort: str = "nama"
    descending: bool = False

    @classmethod
    def from_request(cls) -> Filters:
        """The filters of this request (anything unknown is ignored)."""
        sort = request.args.get("urut", "nama")
        return cls(
            province=request.args.get("provinsi", "")[:200],
            batch=request.args.get("angkatan", "")[:8],
            mentor=request.args.get("pendamping", "")[:200],
            sort=sort if sort in SORTS else "nama",
            descending=request.args.get("arah") == "turun",
        )

    def apply(self, rows: Iterable[Row]) -> list[Row]:
        """The rows that pass the filters, sorted."""
        kept = [
            r for r in rows
            if (not self.province or r.summary.province == self.province)
            and (not self.batch or str(r.batch or "") == self.batch)
            and (not self.mentor or self.mentor in r.mentors)
        ]
        return sorted(kept, key=SORTS[self.sort], reverse=self.descending)

    def query(self, **changes: str) -> str:
        """The query string of these filters with ``changes``."""
        values = {"provinsi": self.province, "angkatan": self.batch, "pendamping": self.mentor,
                  "urut": self.sort, "arah": "turun" if self.descending else ""}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v})


@bp.route("/")
def portfolio() -> Any:
    """The regions the person sees: stages, completeness, notes, last activity; a mentor's inbox."""
    person = _me()
    rows, service = rows_for(person)
    filters = Filters.from_request()
    shown = filters.apply(rows)
    waiting: list[InboxItem] = []
    if any(a.role == "mentor" for a in person.regions):
        mentor_ids = {p.id for p in service.people if any(a.role == "mentor" for a in p.regions)}
        mine = {a.region for a in person.regions if a.role == "mentor"}
        for row in rows:
            if row.summary.name in mine and row.held is None:
                waiting += inbox(row.summary, mentor_ids)
        waiting.sort(key=lambda item: item.time, reverse=True)
    return render_template(
        "portfolio.html",
        rows=shown,
        total=len(rows),
        filters=filters,
        provinces=sorted({r.summary.province for r in rows if r.summary.province}),
        batches=sorted({r.batch for r in rows if r.batch}),
        mentors=sorted({m for r in rows for m in r.mentors}),
        inbox=waiting,
        roles={a.region: a.role for a in person.regions},
    )


@bp.route("/portofolio.xlsx")
def portfolio_xlsx() -> Response:
    """The portfolio as shown (same filters and order) as an Excel workbook."""
    from masterplan.web.portfolio_xlsx import portfolio_workbook

    person = _me()
    rows, _ = rows_for(person)
    shown = Filters.from_request().apply(rows)
    data = portfolio_workbook(shown, dt.date.today())
    response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="portofolio-smart-city.xlsx"'
    return response


def _globals() -> dict[str, Any]:
    return {
        "person": g.get("person"),
        "version": __version__,
        "roman": ROMAN,
        "state_labels": STATE_LABELS,
        "role_labels": ROLE_LABELS,
        "endpoint": request.endpoint or "",
        "base": request.script_root,  # the service's own address (a proxy may serve it under a prefix)
    }


class Dispatcher:
    """WSGI: ``/<region>/...`` to the region's app, everything else to the service's own pages."""

    def __init__(self, front: Flask, site: ServiceSite) -> None:
        self.front = front
        self.site = site

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Route one request."""
        path = environ.get("PATH_INFO", "") or "/"
        name, slash, rest = path.lstrip("/").partition("/")
        if name and name != "statis":
            try:
                app = self.site.region_app(name)
            except MasterplanError:  # service.yaml unreadable: the front says why
                app = None
            if app is not None:
                if not slash:  # /sukamaju -> /sukamaju/
                    target = environ.get("SCRIPT_NAME", "") + "/" + name + "/"
                    return WerkzeugResponse(status=308, headers={"Location": target})(environ, start_response)
                environ = dict(environ)
                environ[SERVICE_HOME_KEY] = environ.get("SCRIPT_NAME", "") + "/"
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/" + name
                environ["PATH_INFO"] = "/" + rest
                return app(environ, start_response)
        return self.front(environ, start_response)


def create_service_app(
    root: Path | str | ServiceHome,
    *,
    secret: bytes | None = None,
    testing: bool = False,
    secure_cookies: bool = False,
    libreoffice: bool = False,
    hasher: PasswordHasher | None = None,
    queue: JobQueue | None = None,
    build_workers: int = 1,
) -> Dispatcher:
    """The web front of a service: a folder ``root`` (``service.yaml``, a folder per region) or a home.

    A home is a :class:`ServiceHome`: a database is a :class:`..workflow.service_home.DatabaseHome`.

    A clear error when service.yaml cannot be read. The parameters are those
    of :func:`masterplan.web.create_app`, shared by every region.
    """
    from masterplan.web.app import _compress, _headers, create_app, new_app

    home = root if isinstance(root, ServiceHome) else FolderHome(Path(root))
    load_service(home)  # a clear error now rather than on the first request
    key = secret or web_secret(home.own)
    jobs = queue if queue is not None else LocalQueue(workers=build_workers)
    # without a shared queue, the portfolio's measures get a thread of their own: a draft never waits
    # behind fifty of them
    measures = queue if queue is not None else LocalQueue(workers=1)
    verifier = Verifier(hasher)

    def region_app(name: str) -> Flask:
        region = home.region(name)
        return create_app(home.folder(name), secret=key, testing=testing, secure_cookies=secure_cookies,
                          libreoffice=libreoffice, hasher=hasher, queue=jobs, accounts_root=home.own,
                          service_home="/", store=None if isinstance(region, FileStore) else region)

    front = new_app("masterplan.web.service", "web/service", key, testing=testing,
                    secure_cookies=secure_cookies)
    front.config.update(SESSION_COOKIE_PATH="/", MAX_CONTENT_LENGTH=64 * 1024)
    site = ServiceSite(home, secret=key, verifier=verifier, measures=measures, make_region_app=region_app)
    front.extensions["masterplan-service"] = site
    errors.init_app(front)
    front.before_request(_load_person)
    csrf.init_app(front)
    front.register_blueprint(bp)
    front.after_request(_headers)
    front.after_request(_compress)
    front.context_processor(_globals)
    return Dispatcher(front, site)
