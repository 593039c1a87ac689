"""CSRF protection: one random token per session, required in every POST form.

The token travels in the (signed) session cookie and in a hidden field
``csrf`` of each form; :func:`check` compares them in constant time before
any POST handler runs. A missing or wrong token ends in the 400 page
"Formulir kedaluwarsa", and nothing is written. Each page carries the token
masked with a fresh random pad (``pad + (pad XOR token)``), so compressed
pages never repeat the secret's bytes (BREACH).
"""

from __future__ import annotations

import base64
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


def _secret() -> str:
    """The session's token, made on first use."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def token() -> str:
    """The session's token as a form carries it: masked with a fresh pad, different on every page."""
    secret = _secret().encode("ascii")
    pad = secrets.token_bytes(len(secret))
    masked = bytes(a ^ b for a, b in zip(pad, secret, strict=True))
    return base64.urlsafe_b64encode(pad + masked).decode("ascii")


def _unmask(sent: str) -> bytes:
    """The token inside a masked form value (empty when it is not one)."""
    try:
        raw = base64.urlsafe_b64decode(sent.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return b""
    half = len(raw) // 2
    if len(raw) % 2 or not half:
        return b""
    return bytes(a ^ b for a, b in zip(raw[:half], raw[half:], strict=True))


def renew() -> str:
    """A fresh token (after logging in)."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)
    return str(session[SESSION_KEY])


def check() -> None:
    """Refuse a POST whose form token does not match the session's."""
    if request.method != "POST":
        return
    expected = session.get(SESSION_KEY)
    sent = _unmask(request.form.get(FIELD, ""))
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected.encode(), sent):
        raise Refused(400, "Formulir kedaluwarsa", EXPIRED)


def init_app(app: Flask) -> None:
    """Check every POST and offer ``csrf_token()`` to templates."""
    app.before_request(check)
    app.jinja_env.globals["csrf_token"] = token
