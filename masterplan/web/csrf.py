"""CSRF protection: one random token per session, required in every POST form.

The token travels in the (signed) session cookie and in a hidden field
``csrf`` of each form; :func:`check` compares them in constant time before
any POST handler runs. A missing or wrong token ends in the 400 page
"Formulir kedaluwarsa", and nothing is written.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, request, session

from masterplan.web.errors import Refused

FIELD = "csrf"
SESSION_KEY = "csrf"
EXPIRED = (
    "Formulir kedaluwarsa atau tidak berasal dari halaman ini (token keamanan tidak cocok). "
    "Muat ulang halaman, lalu kirim sekali lagi; tidak ada yang disimpan."
)


def token() -> str:
    """The session's token, made on first use."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def renew() -> str:
    """A fresh token (after logging in)."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)
    return str(session[SESSION_KEY])


def check() -> None:
    """Refuse a POST whose form token does not match the session's."""
    if request.method != "POST":
        return
    expected = session.get(SESSION_KEY)
    sent = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise Refused(400, "Formulir kedaluwarsa", EXPIRED)


def init_app(app: Flask) -> None:
    """Check every POST and offer ``csrf_token()`` to templates."""
    app.before_request(check)
    app.jinja_env.globals["csrf_token"] = token
