"""The interface every store of a workspace's state implements (see :mod:`masterplan.store`)."""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Final

from masterplan.errors import StaleEdit, UsageError


class _Any:
    """The version of a write that takes whatever is there (no check)."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Final = _Any()
"""``expect=ANY``: write without checking the current version."""

Expect = str | None | _Any
"""The version a writer expects: a SHA-256, ``None`` for "must not exist yet", or :data:`ANY`."""

_NAME = r"[^/\\.\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]{0,119}"
_PATH = re.compile(rf"^(?:{_NAME}/){{0,5}}{_NAME}\Z")
"""At most six names; none empty, hidden (``.lock``, ``..``), with a backslash or a control character."""


class Conflict(StaleEdit):
    """A write named a version of a document that is not the current one; nothing was written."""

    def __init__(self, path: str, expected: str | None, current: str | None) -> None:
        now = "belum ada" if current is None else f"versi {current[:12]}"
        then = "belum ada" if expected is None else f"versi {expected[:12]}"
        super().__init__(
            f"{path} telah diubah orang lain (diharapkan {then}, sekarang {now}); "
            "tidak ada yang ditulis. Muat ulang, lalu ulangi perubahan Anda"
        )
        self.path = path
        self.expected = expected
        self.current = current


def digest(data: bytes) -> str:
    """A document's version: the SHA-256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def check_path(path: str) -> str:
    """``path`` when it names a document inside a workspace (relative, no ``..``, no hidden names)."""
    if not _PATH.match(path):
        raise UsageError(f"nama dokumen tidak sah di dalam workspace: {path!r}")
    return path


class WorkspaceStore(ABC):
    """One workspace's documents, journal and objects."""

    name: str
    """The workspace's name in messages (its folder, or its region's id in a service)."""

    @property
    @abstractmethod
    def identity(self) -> str:
        """Names this workspace among every store of the installation (the journal heads it remembers)."""

    # --- documents -----------------------------------------------------------------------------

    @abstractmethod
    def read(self, path: str) -> bytes | None:
        """The document's bytes, or ``None`` when there is none."""

    @abstractmethod
    def version(self, path: str) -> str | None:
        """The document's version (SHA-256 of its bytes), or ``None`` when there is none."""

    @abstractmethod
    def listing(self, folder: str) -> dict[str, str]:
        """Every document directly in ``folder`` (``answers/bimtek-2``): path -> version, sorted."""

    @abstractmethod
    def documents(self) -> list[str]:
        """Every document of the workspace, sorted (what moves with it: not derived outputs)."""

    def versions(self) -> dict[str, str]:
        """Every document with its version: path -> SHA-256, sorted by path."""
        found = {path: self.version(path) for path in self.documents()}
        return {path: version for path, version in found.items() if version is not None}

    @abstractmethod
    def write(self, path: str, data: bytes, *, expect: Expect = ANY) -> str:
        """Replace the document atomically and return its new version.

        With ``expect`` a SHA-256 (or ``None`` for a new document) the write happens only when that
        is the current version; otherwise :class:`Conflict` is raised and nothing changes. The check
        and the write are one step, across processes.
        """

    @abstractmethod
    def remove(self, path: str, *, expect: Expect = ANY) -> None:
        """Remove the document (nothing when there is none); ``expect`` as for :meth:`write`."""

    @abstractmethod
    def revision(self) -> str:
        """Equal while nothing of the workspace's inputs changed (documents, journal), cheap to ask.

        Input kept while someone types (``workflow/isian/``), objects and derived outputs are not
        inputs; a change of them may leave the revision as it was.
        """

    # --- one writer at a time -------------------------------------------------------------------

    @abstractmethod
    def exclusive(self) -> AbstractContextManager[None]:
        """Hold the workspace's write lock for a block (re-entrant within a thread)."""

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the write lock for a block whose writes, where the backend can, land all or none.

        A database makes them one transaction; a folder writes each file atomically as it goes.
        """
        return self.exclusive()

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once what was written so far is durable.

        At once for a folder (each write is durable when it returns); at the end of the enclosing
        :meth:`transaction` for a database, and never when that transaction is rolled back.
        """
        action()

    # --- journal -------------------------------------------------------------------------------

    @abstractmethod
    def journal(self) -> bytes | None:
        """The journal's lines as written; ``None`` when there is none (never written, or removed)."""

    @abstractmethod
    def append_journal(self, line: bytes, head: str) -> None:
        """Append one complete line and record ``head`` (``<seq> <hash>``) as the journal's head.

        Called inside :meth:`exclusive`; the line is durable when this returns.
        """

    @abstractmethod
    def journal_tail(self, whole: Callable[[bytes], bool]) -> bytes | None:
        """The journal's last line (``None`` when empty), called inside :meth:`exclusive`.

        A last line without its newline (a crash during the append, where a store can tear one) is
        given its newline when ``whole(line)`` says it is a whole entry, and removed otherwise: the
        action it recorded did not finish.
        """

    @abstractmethod
    def journal_head(self) -> str | None:
        """The recorded head (``<seq> <hash>``), or ``None``."""

    # --- objects -------------------------------------------------------------------------------

    @abstractmethod
    def put_object(self, data: bytes) -> str:
        """Keep ``data`` under its SHA-256 (once) and return the hash."""

    @abstractmethod
    def get_object(self, key: str) -> bytes | None:
        """The object with this SHA-256; ``None`` when it is not kept or no longer matches it."""

    @abstractmethod
    def objects(self) -> Iterator[str]:
        """The hashes of every object kept (for checks and copying a workspace)."""


def matches(expect: Expect, current: str | None) -> bool:
    """Whether a write that expects ``expect`` may replace a document at version ``current``."""
    return isinstance(expect, _Any) or expect == current
