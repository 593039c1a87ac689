"""A workspace's state in its folder: documents as files, the journal in ``workflow/``.

This is how masterplan has always kept a workspace, behind the store interface: writes go through a
flushed temporary file and a rename, the write lock is an ``flock`` on ``workflow/.lock`` (so a
version check and its write are one step across processes), journal lines are appended with one
``write`` and an ``fsync``, and objects live in ``workflow/objects/ab/cdef...``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from masterplan.errors import UsageError
from masterplan.fileio import atomic_write_bytes, atomic_write_text, inside
from masterplan.store.base import ANY, Conflict, Expect, WorkspaceStore, check_path, digest, matches

JOURNAL_FILE = "workflow/journal.jsonl"
HEAD_FILE = "workflow/journal.head"
OBJECTS_DIR = "workflow/objects"
DERIVED = ("build",)
"""Top-level folders of derived outputs (drafts): not the workspace's documents."""


class FileStore(WorkspaceStore):
    """The workspace in the folder ``root``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.name = self.root.name

    @property
    def identity(self) -> str:
        """The folder's resolved path."""
        return str(self.root.resolve())

    def _file(self, path: str) -> Path:
        target = self.root / check_path(path)
        if (target.exists() or target.is_symlink()) and not inside(self.root, target):
            raise UsageError(f"{path} menunjuk ke luar workspace {self.root}")
        return target

    # --- documents -----------------------------------------------------------------------------

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or ``None`` when there is no such file."""
        try:
            return self._file(path).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def version(self, path: str) -> str | None:
        """The SHA-256 of the file, or ``None``."""
        data = self.read(path)
        return None if data is None else digest(data)

    def listing(self, folder: str) -> dict[str, str]:
        """Every file in ``folder``: path -> version (hidden and temporary files and links out left out)."""
        base = self._file(folder)
        found: dict[str, str] = {}
        try:
            entries = sorted(os.scandir(base), key=lambda entry: entry.name)
        except (FileNotFoundError, NotADirectoryError):
            return found
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file():
                continue
            path = f"{folder}/{entry.name}"
            try:
                data = self.read(path)
            except UsageError:  # a name no document has, or a link out of the workspace
                continue
            if data is not None:
                found[path] = digest(data)
        return found

    def documents(self) -> list[str]:
        """Every file a store can name, but ``build/``, hidden files, links and the journal's own files."""
        return self._walk()[0]

    def left_out(self) -> list[str]:
        """Files of the folder that no store can name (too deep, too long a name): not documents."""
        return self._walk()[1]

    def _walk(self) -> tuple[list[str], list[str]]:
        found: list[str] = []
        left: list[str] = []
        special = {JOURNAL_FILE, HEAD_FILE}
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder).relative_to(self.root).as_posix()
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(Path(folder, d))
                             and not (here == "." and d in DERIVED)
                             and f"{here}/{d}".removeprefix("./") != OBJECTS_DIR)
            for name in sorted(files):
                path = f"{here}/{name}".removeprefix("./")
                if name.startswith(".") or path in special or os.path.islink(Path(folder, name)):
                    continue
                try:
                    found.append(check_path(path))
                except UsageError:
                    left.append(path)
        return sorted(found), left

    def write(self, path: str, data: bytes, *, expect: Expect = ANY) -> str:
        """Write the file atomically (checking ``expect`` under the write lock)."""
        target = self._file(path)
        with self.exclusive():
            self._expect(path, expect)
            atomic_write_bytes(target, data)
        return digest(data)

    def remove(self, path: str, *, expect: Expect = ANY) -> None:
        """Remove the file (checking ``expect`` under the write lock)."""
        target = self._file(path)
        with self.exclusive():
            self._expect(path, expect)
            target.unlink(missing_ok=True)

    def _expect(self, path: str, expect: Expect) -> None:
        """Raise :class:`Conflict` unless the document is at version ``expect`` (under the lock)."""
        if expect is not ANY:
            current = self.version(path)
            if not matches(expect, current):
                raise Conflict(path, expect if isinstance(expect, str) else None, current)

    def revision(self) -> str:
        """The folder's :func:`folder_revision` (names, sizes and times of its input files)."""
        return folder_revision(self.root)

    # --- one writer at a time -------------------------------------------------------------------

    def exclusive(self) -> AbstractContextManager[None]:
        """The ``flock`` on ``workflow/.lock`` (see :mod:`masterplan.workflow.lock`)."""
        from masterplan.workflow.lock import workspace_lock

        return workspace_lock(self.root)

    # --- journal -------------------------------------------------------------------------------

    def journal(self) -> bytes | None:
        """``workflow/journal.jsonl`` as it is on disk."""
        return self.read(JOURNAL_FILE)

    def append_journal(self, line: bytes, head: str) -> None:
        """One ``write`` of the line with ``O_APPEND`` and an ``fsync``, then the head file."""
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise ValueError("a journal line is one line ending in a newline")
        path = self._file(JOURNAL_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        atomic_write_text(self._file(HEAD_FILE), head.rstrip("\n") + "\n")

    def journal_tail(self, whole: Callable[[bytes], bool]) -> bytes | None:
        """The last line of ``workflow/journal.jsonl``, read from its end (a torn tail repaired)."""
        path = self._file(JOURNAL_FILE)
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            block = min(size, 1 << 16)
            while True:
                handle.seek(size - block)
                chunk = handle.read(block)
                cut = chunk.rfind(b"\n", 0, len(chunk) - 1)
                if cut >= 0 or block == size:
                    break
                block = min(size, block * 4)
            if chunk.endswith(b"\n"):
                return chunk[cut + 1 :]
            if whole(chunk[cut + 1 :]):  # whole entry, only its newline missing
                handle.seek(0, os.SEEK_END)
                handle.write(b"\n")
            else:  # cut short by a crash: the action it recorded did not finish
                handle.truncate(size - block + cut + 1)
            handle.flush()
            os.fsync(handle.fileno())
        return self.journal_tail(whole)

    def journal_head(self) -> str | None:
        """The first line of ``workflow/journal.head``, or ``None``."""
        data = self.read(HEAD_FILE)
        return data.decode("utf-8", errors="replace").strip() if data is not None else None

    # --- objects -------------------------------------------------------------------------------

    def _object(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise UsageError(f"kunci objek tidak sah: {key!r}")
        return self.root / OBJECTS_DIR / key[:2] / key[2:]

    def put_object(self, data: bytes) -> str:
        """Written once; an object already there is left as it is."""
        key = digest(data)
        path = self._object(key)
        if not path.exists():
            atomic_write_bytes(path, data)
        return key

    def get_object(self, key: str) -> bytes | None:
        """The object, checked against its hash."""
        try:
            data = self._object(key).read_bytes()
        except OSError:
            return None
        return data if digest(data) == key else None

    def objects(self) -> Iterator[str]:
        """Every object file's hash, in order."""
        base = self.root / OBJECTS_DIR
        if not base.is_dir():
            return
        for prefix in sorted(os.listdir(base)):
            if len(prefix) != 2 or not (base / prefix).is_dir():
                continue
            for rest in sorted(os.listdir(base / prefix)):
                if len(rest) == 62 and not rest.startswith("."):
                    yield prefix + rest


def as_store(workspace: Path | WorkspaceStore) -> WorkspaceStore:
    """The store of a workspace given as a folder (the files backend) or as a store."""
    return workspace if isinstance(workspace, WorkspaceStore) else FileStore(Path(workspace))


NOT_INPUT = {"build", "final", ".git"}  # outputs and history, not inputs
NOT_INPUT_INSIDE = {
    os.path.join("workflow", "isian"),  # input kept while typing (masterplan.web.unsaved)
    os.path.join("workflow", "objects"),  # contents by hash: a new one changes no meaning of the others
}


def folder_revision(folder: Path) -> str:
    """A digest of every input file's name, size and modification time: equal while nothing changed."""
    hasher = hashlib.sha256()
    top = str(folder)
    cut = len(top) + 1
    for current, dirs, files in os.walk(top):
        here = current[cut:]  # "" at the top
        dirs[:] = sorted(
            d for d in dirs
            if not (not here and d in NOT_INPUT) and os.path.join(here, d) not in NOT_INPUT_INSIDE
        )
        with os.scandir(current) as entries:
            found = {entry.name: entry for entry in entries if entry.name in files}
        for name in sorted(files):
            try:
                info = found[name].stat()
            except (OSError, KeyError):
                continue
            hasher.update(f"{os.path.join(here, name)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return hasher.hexdigest()
