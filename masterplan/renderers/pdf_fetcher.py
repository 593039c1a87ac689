"""The only way WeasyPrint reads a file while it lays out the PDF: local files in allowed folders.

Answers are untrusted text, and a workspace's templates are someone else's
files. :class:`LocalFetcher` therefore serves ``file:`` URLs whose real path
(symbolic links resolved) lies inside one of the allowed folders: the
built-in ``templates/pdf``, the workspace's template folders and its assets
folder. Everything else is refused: ``http``, ``https``, ``ftp``, ``data``
and any other scheme, ``file:`` URLs naming another host, and every path
outside those folders. WeasyPrint reports a refused resource as a warning
("Failed to load image at ...: FetchRefused: ..."), which the renderer
returns, and lays the document out without it (an image shows its alt text).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class FetchRefused(ValueError):
    """Raised (inside WeasyPrint, which reports it) for a URL outside the allowed folders."""


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher for local files under ``roots`` only."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def path_of(self, url: str) -> Path:
        """The allowed local file ``url`` names; :class:`FetchRefused` when there is none."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"hanya berkas lokal yang boleh dibaca, bukan {url}")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"{path} berada di luar folder templat dan aset")
        if not path.is_file():
            raise FetchRefused(f"{path} tidak ditemukan")
        return path

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """The response for ``url``, or :class:`FetchRefused` (see the module docstring)."""
        try:
            path = self.path_of(url)
        except FetchRefused:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
