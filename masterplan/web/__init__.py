"""The web front: the Tim Pelaksana fill, mentors review, officials export, in a browser.

A server-rendered Flask app in Indonesian over a workspace with a
``people.yaml``: forms work without JavaScript, every asset is served
locally, and every change goes through the same library functions (and the
same journal) as the command line. :func:`create_app` builds it;
``masterplan serve`` runs it under waitress.

Flask loads only when the app is built, so ``masterplan passwd`` and the
other commands start as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from masterplan.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from masterplan.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
