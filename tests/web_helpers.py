"""Helpers for the web tests: a workspace with passwords, logging in, and reading forms as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from masterplan.web import create_app
from masterplan.web.accounts import set_password

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""Cheap argon2 parameters: the tests log in often."""

PEOPLE = ("agus", "sugeng", "retno", "sari", "fajar", "bambang")


def password(person: str) -> str:
    """The test password of ``person``."""
    return f"sandi-uji-{person}-2026"


def set_passwords(root: Path, hasher: PasswordHasher = FAST) -> None:
    """Give everyone of :data:`PEOPLE` their test password (through the library behind ``passwd``)."""
    for person in PEOPLE:
        set_password(root, person, password(person), hasher)


def make_app(root: Path, **options: Any) -> Flask:
    """The web app of ``root`` with cheap hashes and a fixed secret."""
    return create_app(root, secret=b"uji" * 11, testing=True, hasher=FAST, **options)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: FlaskClient, person: str, secret: str | None = None) -> Any:
    """Log ``person`` in; returns the response of the login POST."""
    token = csrf_of(client.get("/masuk").get_data(as_text=True))
    return client.post("/masuk", data={"csrf": token, "nama": person, "sandi": secret or password(person)})


class _Forms(HTMLParser):
    """Every form of a page with the values a browser would send (without clicking a named button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: list[Any] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        disabled = "disabled" in a
        if tag == "input" and a.get("name") and not disabled:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name") and not disabled:
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and a.get("name") and not disabled:
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((text if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [v for v, s in options if s] or [v for v, _ in options[:1]]
            self.forms[-1]["fields"].append((name, chosen[-1] if chosen else ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self.forms[-1]["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def forms_of(html: str) -> list[dict[str, Any]]:
    """Every form of ``html``: action, method and the (name, value) pairs a browser would send."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def answers_form(html: str) -> tuple[str, list[tuple[str, str]]]:
    """The section form of a page: its action and fields."""
    found = [f for f in forms_of(html) if any(name == "base" for name, _ in f["fields"])]
    assert found, "no answers form on the page"
    return found[0]["action"], list(found[0]["fields"])


def replace(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with the value of ``name`` replaced (it must be there)."""
    assert any(n == name for n, _ in fields), f"{name} is not a field of the form"
    return [(n, value if n == name else v) for n, v in fields]


def as_person(app: Flask, person: str) -> FlaskClient:
    """A client of ``app`` with ``person`` logged in."""
    client = app.test_client()
    assert login(client, person).status_code == 302
    return client


def page(client: FlaskClient, url: str) -> str:
    """The text of ``url``, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)
