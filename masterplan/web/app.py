"""The Flask application: configuration, sessions, security headers and the parts put together."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from jinja2 import StrictUndefined
from werkzeug.security import safe_join

from masterplan import __version__
from masterplan.answers.filekinds import kind_by_name
from masterplan.jobs import JobQueue, LocalQueue
from masterplan.resources import templates_dir
from masterplan.store.base import WorkspaceStore
from masterplan.web import auth, csrf, errors, export, fill, jobs, review, uploads, workbooks
from masterplan.web.accounts import Verifier, web_secret
from masterplan.web.context import (
    Site,
    book_titles,
    contributor_label,
    person,
    region,
    service_home,
    site,
    wording,
)
from masterplan.workflow.actor import opd_codes
from masterplan.workflow.people import ROLE_LABELS, require_people
from masterplan.workflow.state import ROMAN

SESSION_HOURS = 8
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class _App(Flask):
    """Flask with autoescaping in every template, whatever its name."""

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Escape everything."""
        return True


class _Sessions(SecureCookieSessionInterface):
    """Session cookies are Secure over https, and always with ``serve --secure-cookies``."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured or when this request came over https."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)  # an attachment is sent with a stricter one
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


COMPRESSED_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript", "image/svg+xml")
COMPRESS_FROM = 1024  # bytes: smaller responses go as they are


_STATIC_GZIP: dict[tuple[str, int, int], bytes] = {}  # (file, mtime, size) -> its gzip, made once


def _compressed_static(response: Response) -> Response:
    """A static file, compressed: its brotli copy when there is one, else gzip made once and kept in memory.

    The setup makes brotli copies of the grid library (``vendor/*.br``): 264 kB, 53 kB brotli, 63 kB gzip.
    """
    filename = (request.view_args or {}).get("filename", "")
    folder = current_app.static_folder
    if not folder or not filename:
        return response
    path = Path(safe_join(folder, filename) or "")
    try:
        info = path.stat()
    except OSError:
        return response
    brotli = path.with_name(path.name + ".br")
    if "br" in request.headers.get("Accept-Encoding", "") and _fresh(brotli, info.st_mtime_ns):
        return _encoded(response, brotli.read_bytes(), "br")
    key = (str(path), info.st_mtime_ns, info.st_size)
    data = _STATIC_GZIP.get(key)
    if data is None:
        data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        _STATIC_GZIP[key] = data
    return _encoded(response, data, "gzip")


def _fresh(copy: Path, than_ns: int) -> bool:
    """True when the compressed ``copy`` exists and is not older than its file."""
    try:
        return copy.stat().st_mtime_ns >= than_ns
    except OSError:
        return False


def _encoded(response: Response, data: bytes, encoding: str) -> Response:
    opened = response.response  # the file Flask opened to send as it is
    if hasattr(opened, "close"):
        opened.close()
    response.direct_passthrough = False
    response.set_data(data)
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    return response


def _compress(response: Response) -> Response:
    """Pages, styles and scripts go gzip-compressed to a browser that accepts it (a long form: 365 to 21 kB).

    Static files are compressed once (:func:`_compressed_static`); other files sent as they are on disk
    (downloads) are left alone, and so is anything already encoded.
    """
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and response.mimetype in COMPRESSED_TYPES
        and "Content-Encoding" not in response.headers
        and "gzip" in request.headers.get("Accept-Encoding", "")
    ):
        return _compressed_static(response)
    if (
        response.direct_passthrough
        or response.status_code < 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSED_TYPES
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    data = response.get_data()
    if len(data) < COMPRESS_FROM:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _forget_after_writes(_error: BaseException | None) -> None:
    """A request that may have written makes the next one read the workspace afresh.

    Input kept while typing (``fill.keep_unsaved``) is not read by any page: it forgets nothing.
    """
    if request.method not in ("GET", "HEAD") and request.endpoint != "fill.keep_unsaved":
        site().forget()


def _globals() -> dict[str, Any]:
    found = region()
    return {
        "person": person(),
        "wording": wording(),
        "region_title": found.title if found else "",
        "role_labels": ROLE_LABELS,
        "roman": ROMAN,
        "version": __version__,
        "contributor_label": contributor_label,
        "endpoint": request.endpoint or "",
        "nav_stage": g.get("nav_stage"),
        "attachment_kind": kind_by_name,
        "book_titles": book_titles,
        "accept_attribute": uploads.accept_attribute,
        "service_home": service_home(),
    }


def new_app(name: str, templates: str, key: bytes, *, testing: bool, secure_cookies: bool) -> Flask:
    """A Flask app of the web front, with ``templates`` (a folder of ``templates/``) and ``/statis``.

    Session cookies are signed with ``key``; every template is autoescaped and strict.
    """
    web = templates_dir() / "web"
    app = _App(name, template_folder=str(templates_dir() / templates), static_folder=str(web / "static"),
               static_url_path="/statis")
    app.config.update(
        SECRET_KEY=key,
        TESTING=testing,
        SESSION_COOKIE_NAME="masterplan_sesi",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.session_interface = _Sessions()
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app


def create_app(
    root: Path | str,
    *,
    secret: bytes | None = None,
    testing: bool = False,
    secure_cookies: bool = False,
    libreoffice: bool = False,
    hasher: PasswordHasher | None = None,
    queue: JobQueue | None = None,
    build_workers: int = 1,
    accounts_root: Path | WorkspaceStore | None = None,
    service_home: str | None = None,
    store: WorkspaceStore | None = None,
) -> Flask:
    """The web app of the workspace at ``root``.

    ``secret`` signs the session cookies (default: ``workflow/web-secret``,
    made once); ``secure_cookies`` marks them Secure even over plain http
    (behind a TLS proxy); ``libreoffice`` fills the final Word table of
    contents when finalising; ``hasher`` overrides the argon2 parameters (tests).
    Drafts and finalisation run as jobs on ``queue`` (default: ``build_workers``
    threads of this process, see :mod:`masterplan.jobs`). In a service for many
    regions (:mod:`masterplan.web.service`) ``accounts_root`` is the service's
    folder, which keeps the accounts, and ``service_home`` its portfolio page. A region kept in a
    database is given as its ``store``; ``root`` is then the folder of its checkout (for drafts).
    """
    root = Path(root).resolve()
    kept: Path | WorkspaceStore = store or root
    require_people(kept, opd_codes(kept))  # a clear error when the workspace has no usable people list
    key = secret or web_secret(kept)
    app = new_app("masterplan.web", "web", key, testing=testing, secure_cookies=secure_cookies)
    app.config.update(
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,  # an attachment of 10 MB and its form
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        MAX_FORM_PARTS=50_000,
    )
    jobs_queue = queue if queue is not None else LocalQueue(workers=build_workers)
    if service_home is not None:
        app.config["SESSION_COOKIE_PATH"] = "/"  # one session for every region of the service
    app.extensions["masterplan"] = Site(
        root, key, Verifier(hasher), libreoffice=libreoffice, jobs=jobs_queue, accounts_root=accounts_root,
        service_home=service_home, store=store,
    )
    errors.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    for blueprint in (fill.bp, review.bp, export.bp, jobs.bp, workbooks.bp, uploads.bp):
        app.register_blueprint(blueprint)
    app.after_request(_headers)
    app.after_request(_compress)
    app.teardown_request(_forget_after_writes)
    app.context_processor(_globals)
    return app
