"""Drafts kept by what they show: the same document, templates and assets give the same file.

The key of a draft is the SHA-256 of masterplan's version and its renderers'
(WeasyPrint, python-docx, matplotlib ...), the format, the document model
(every word, date and review note the draft prints), and the bytes of every
template and asset the renderers may read (the built-in templates and the
workspace's ``templates/`` and ``assets/``). A draft asked
for again while its key is unchanged is served from ``build/.cache/draf``
without rendering; any change to what it would show makes a new key, so a
stale draft is never served. Each entry is a folder named by its key holding
the file (under its usual name) and its warnings; it is renamed into place
whole, and the oldest entries beyond :data:`KEEP` are removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from masterplan import __version__
from masterplan.resources import templates_dir

CACHE_DIR = Path("build") / ".cache" / "draf"
KEEP = 8  # entries kept (all formats together)
WARNINGS_FILE = "peringatan.json"


@dataclass
class CachedDraft:
    """A draft in the cache: its file and the warnings of the build that made it."""

    path: Path
    warnings: list[str]


def hash_tree(digest: hashlib._Hash, folder: Path) -> None:
    """Feed every file under ``folder`` (relative name and bytes, in name order) into ``digest``."""
    if not folder.is_dir():
        digest.update(b"\0absent\0")
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def builtin_templates_digest() -> bytes:
    """The digest of the built-in templates (read once per process; they change only with an install)."""
    digest = hashlib.sha256()
    hash_tree(digest, templates_dir())
    return digest.digest()


RENDERERS = ("weasyprint", "pydyf", "python-docx", "matplotlib", "fonttools")
"""The libraries whose version changes the bytes of a draft: part of its key."""


@functools.cache
def renderer_versions() -> str:
    """``weasyprint 70.0, ...``: the installed versions of :data:`RENDERERS`."""
    found = []
    for name in RENDERERS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


def draft_key(fmt: str, model_json: str, folders: Iterable[Path]) -> str:
    """The cache key of a draft of ``fmt`` showing ``model_json``, rendered with ``folders``' files."""
    digest = hashlib.sha256()
    digest.update(f"masterplan {__version__}\0{renderer_versions()}\0{fmt}\0".encode())
    digest.update(builtin_templates_digest())
    digest.update(model_json.encode("utf-8"))
    for folder in folders:
        digest.update(str(folder.name).encode("utf-8") + b"\0")
        hash_tree(digest, folder)
    return digest.hexdigest()


class DraftCache:
    """The drafts of one workspace, in ``<workspace>/build/.cache/draf``."""

    def __init__(self, workspace: Path, keep: int = KEEP) -> None:
        self.folder = Path(workspace) / CACHE_DIR
        self.keep = keep

    def get(self, key: str) -> CachedDraft | None:
        """The draft stored under ``key``, if any."""
        entry = self.folder / key
        files = [p for p in entry.glob("*") if p.is_file() and p.name != WARNINGS_FILE]
        if len(files) != 1:
            return None
        try:
            warnings = json.loads((entry / WARNINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        os.utime(entry)  # recently used: pruned last
        return CachedDraft(files[0], [str(w) for w in warnings])

    @contextmanager
    def storing(self, key: str) -> Iterator[Path]:
        """A scratch folder to build into; on success its one file becomes the entry ``key``.

        The caller writes the file there and then calls :meth:`seal` with the
        build's warnings. A build that fails leaves nothing behind.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = self.folder / f".baru-{secrets.token_hex(8)}"
        scratch.mkdir()
        try:
            yield scratch
            if (scratch / WARNINGS_FILE).is_file():
                # when the same draft was stored meanwhile by another build, that one stays
                with suppress(OSError):
                    os.replace(scratch, self.folder / key)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        self.prune()

    @staticmethod
    def seal(scratch: Path, warnings: list[str]) -> None:
        """Mark the build in ``scratch`` complete, with its warnings."""
        text = json.dumps(warnings, ensure_ascii=False)
        (scratch / WARNINGS_FILE).write_text(text, encoding="utf-8")

    def prune(self) -> None:
        """Remove the least recently used entries beyond ``keep``."""
        if not self.folder.is_dir():
            return
        scratch_age = time.time() - 3600  # a scratch folder this old was left by a build that was killed
        for left in self.folder.glob(".baru-*"):
            if left.stat().st_mtime < scratch_age:
                shutil.rmtree(left, ignore_errors=True)
        entries = [p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
        entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in entries[self.keep:]:
            shutil.rmtree(stale, ignore_errors=True)
