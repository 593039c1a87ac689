"""Logging in and out, and who is asking on each request.

The session cookie (signed, HttpOnly, SameSite=Lax, Secure over https or
with ``serve --secure-cookies``) holds the person's id, when they logged in,
a session id and a fingerprint of their password hash; every request checks
them against ``people.yaml`` and ``workflow/accounts.json``, so a person
removed from the list, a changed password, a logout or eight hours end the session.

A form saved after the session ended is not lost: the login page carries
what was posted (hidden fields ``bawa:<name>``), and after logging in the
form is shown again holding it, unsaved, for the person to check and save.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from masterplan.store.base import WorkspaceStore
from masterplan.web import csrf
from masterplan.web.accounts import read_accounts, stamp
from masterplan.web.context import local_path, people, service_home, site
from masterplan.web.errors import Refused, forbidden

bp = Blueprint("auth", __name__)

PUBLIC = frozenset({"auth.login", "static"})
"""Endpoints open without logging in."""

FAILED = "Nama pengguna atau kata sandi salah."
CARRY = "bawa:"  # the prefix of a posted form's fields carried through the login page
CARRIED_FORMS = frozenset({"fill.section_save"})
"""Forms whose input is carried through a login when the session ended before they were sent."""


def _lifetime() -> float:
    return float(current_app.permanent_session_lifetime.total_seconds())


def load_person() -> Any:
    """Find the person of the session; send anyone not logged in to the login page."""
    g.person = None
    person_id = session.get("pid")
    if person_id:
        found = people().by_id(str(person_id))
        valid = session_holds(site().accounts, site().secret, site().has_ended)
        if valid and found is not None:
            g.person = found
        elif valid and service_home() is not None:  # logged in to the service, not assigned here
            if request.endpoint != "static":
                raise forbidden("Anda tidak ditugaskan pada daerah ini. Daerah Anda ada di portofolio.")
        else:
            session.clear()
            flash("Sesi Anda telah berakhir; silakan masuk lagi.", "info")
    if g.person is None and request.endpoint not in PUBLIC:
        if request.method == "GET":
            return redirect(login_url(request.full_path.rstrip("?")))
        if request.endpoint in CARRIED_FORMS:
            carried = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf"]
            page = render_template(
                "login.html", login_name="", next=request.path, failed=None, carried=carried
            )
            return page, 401
        return redirect(url_for("auth.login"))
    return None


def session_holds(accounts: WorkspaceStore, secret: bytes, has_ended: Callable[[str], bool]) -> bool:
    """True when the session cookie still stands for its person's account.

    The account (in ``accounts``) must still be there with the password the
    session was opened with, the session younger than its lifetime and not
    logged out (``has_ended``). Whether the person may see this page is the caller's.
    """
    account = read_accounts(accounts).get(str(session.get("pid")))
    started = session.get("t")
    return (
        account is not None
        and session.get("auth") == stamp(secret, account["hash"])
        and isinstance(started, int)
        and time.time() - started < _lifetime()
        and not has_ended(str(session.get("sid")))
    )


def login_url(target: str) -> str:
    """The login page, to come back to ``target`` (a path of this app): the service's, in a service."""
    home = service_home()
    if home is None:
        return url_for("auth.login", next=target)
    return f"{home}masuk?{urlencode({'next': request.script_root + target})}"


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in (the home page for anything else)."""
    return local_path(target, url_for("fill.home"))


def _duration(seconds: float) -> str:
    """``12 detik`` or ``3 menit``, rounded up."""
    return f"{math.ceil(seconds)} detik" if seconds < 60 else f"{math.ceil(seconds / 60)} menit"


@bp.route("/masuk", methods=["GET", "POST"])
def login() -> Any:
    """The login page: id or full name, and password."""
    if g.person is not None and request.method == "GET":
        return redirect(url_for("fill.home"))
    target = request.values.get("next", "")
    if service_home() is not None and request.method == "GET":  # one login page for the service
        return redirect(login_url(local_path(target, "/")))
    carried = [
        (name.removeprefix(CARRY), value)
        for name, value in request.form.items(multi=True)
        if name.startswith(CARRY)
    ]
    if request.method == "GET":
        return render_template("login.html", login_name="", next=target, failed=None, carried=[])
    name = request.form.get("nama", "").strip()[:200]
    password = request.form.get("sandi", "")
    found = people().find(name) if name else None
    account = found.id if found else name.casefold()
    client = request.remote_addr or "?"
    wait = site().throttle.wait(account, client)
    if wait > 0:
        raise Refused(
            429,
            "Terlalu banyak percobaan",
            f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {_duration(wait)}.",
        )
    digest = site().verifier.verify(site().accounts, found.id if found else None, password)
    if digest is None or found is None:
        site().throttle.failed(account, client)
        page = render_template("login.html", login_name=name, next=target, failed=FAILED, carried=carried)
        return page, 401
    site().throttle.succeeded(account, client)
    session.clear()
    session.permanent = True
    session.update(
        pid=found.id, auth=stamp(site().secret, digest), sid=secrets.token_urlsafe(16), t=int(time.time())
    )
    csrf.renew()
    flash(f"Selamat datang, {found.name}.", "ok")
    if carried:
        g.person = found
        shown = _show_carried(target, carried)
        if shown is not None:
            return shown
    return redirect(safe_next(target))


def _show_carried(target: str, carried: list[tuple[str, str]]) -> Any:
    """The form at ``target`` holding the ``carried`` input (``None`` when ``target`` is no such form)."""
    from werkzeug.datastructures import MultiDict
    from werkzeug.exceptions import HTTPException

    from masterplan.web.fill import show_back

    path = local_path(target, "")
    if not path:
        return None
    try:
        endpoint, args = current_app.url_map.bind("").match(path, method="POST")
    except HTTPException:
        return None
    if endpoint not in CARRIED_FORMS:
        return None
    return show_back(form=MultiDict(carried), **args)


@bp.route("/keluar", methods=["POST"])
def logout() -> Any:
    """End the session (its cookie is refused from now on, even if kept somewhere)."""
    sid = session.get("sid")
    if sid:
        site().end_session(str(sid), _lifetime())
    session.clear()
    flash("Anda telah keluar.", "ok")
    home = service_home()
    return redirect(url_for("auth.login") if home is None else f"{home}masuk")


def init_app(app: Flask) -> None:
    """Register the blueprint and the per-request check."""
    app.before_request(load_person)
    app.register_blueprint(bp)
