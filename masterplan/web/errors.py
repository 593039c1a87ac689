"""Every refusal and failure as a clear Indonesian page with the right HTTP status, never a traceback.

:class:`Refused` is raised by the web layer itself (403 when a role may not do
something, 400 for a form that cannot be used, 404 ...). The library's
:class:`~masterplan.errors.MasterplanError` is mapped by kind: a bad input is
400, a refusal of the workflow (a locked stage, a stage with errors, a stale
edit) 409. Anything else is a bug: it is logged and the person sees a short 500 page.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from masterplan.errors import MasterplanError, NotAllowed, StaleEdit, UsageError, WorkflowError


class Refused(Exception):
    """A request the web front refuses: HTTP ``status``, a page ``title`` and the ``message``."""

    def __init__(self, status: int, title: str, message: str, link: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message
        self.link = link  # (address, words): where to go next, shown above the link home


def forbidden(message: str) -> Refused:
    """403: the person's role may not do this."""
    return Refused(403, "Tidak diizinkan", message)


def not_found(message: str = "Halaman yang Anda minta tidak ada.") -> Refused:
    """404."""
    return Refused(404, "Tidak ditemukan", message)


HTTP_TITLES: dict[int, tuple[str, str]] = {
    400: ("Permintaan tidak dapat diproses", "Permintaan ini tidak dapat diproses."),
    404: ("Tidak ditemukan", "Halaman yang Anda minta tidak ada."),
    405: ("Cara akses tidak diizinkan", "Alamat ini tidak dapat dibuka dengan cara tersebut."),
    413: ("Isian terlalu besar", "Isian formulir terlalu besar untuk diterima."),
    429: ("Terlalu banyak percobaan", "Terlalu banyak percobaan; tunggu sebentar lalu coba lagi."),
}


def error_page(
    status: int, title: str, message: str, link: tuple[str, str] | None = None, **extra: Any
) -> tuple[str, int]:
    """The error page; ``link`` (address, words) says where to go next."""
    page = render_template("error.html", status=status, title=title, message=message, link=link, **extra)
    return page, status


def status_of(error: MasterplanError) -> int:
    """The HTTP status of a library refusal."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, StaleEdit | WorkflowError):
        return 409
    if isinstance(error, UsageError) or error.category == "form":  # a bad input, a workbook refused
        return 400
    return 409


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(Refused)
    def _refused(error: Refused) -> tuple[str, int]:
        return error_page(error.status, error.title, error.message, link=error.link)

    @app.errorhandler(MasterplanError)
    def _library(error: MasterplanError) -> tuple[str, int]:
        status = status_of(error)
        title = "Ditolak" if status == 409 else "Isian tidak dapat dipakai"
        return error_page(status, title, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        status = error.code or 500
        if status not in HTTP_TITLES:
            return error
        title, message = HTTP_TITLES[status]
        return error_page(status, title, message)

    @app.errorhandler(Exception)
    def _bug(error: Exception) -> tuple[str, int]:
        app.logger.exception("kesalahan tak terduga pada %s %s", request.method, request.path)
        return error_page(
            500,
            "Terjadi kesalahan",
            "Terjadi kesalahan di server. Coba lagi; bila kesalahan berulang, beri tahu pengelola "
            "server (rinciannya tercatat di log server).",
        )
