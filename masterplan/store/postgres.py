"""Workspaces kept in PostgreSQL: many regions in one database, shared by every process of a service.

The same guarantees as the files backend, from the database's own means:

* a document's write or removal that names a version is one ``UPDATE``/``INSERT``
  conditioned on it, so a stale edit is refused across processes and machines;
* the write lock (:meth:`PostgresStore.exclusive`) is a session advisory lock
  keyed by the workspace's name, held on one connection; every statement of the
  thread holding it runs on that connection, and every write of another takes the
  same lock for its transaction, so a stage action and a save never interleave;
* journal lines are rows numbered in order, appended with the head in one
  transaction (a line is never torn);
* objects are rows keyed by their SHA-256, checked when read.

Connections come from one pool per database URL (psycopg 3, ``psycopg_pool``);
the schema is created and upgraded by :mod:`masterplan.store.migrations`
(``masterplan db upgrade``). psycopg is an optional dependency
(``pip install 'masterplan[service]'``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from masterplan.errors import UsageError
from masterplan.store.base import ANY, Conflict, Expect, WorkspaceStore, check_path, digest

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

__all__ = ["PostgresStore", "WorkspaceRow", "close_pools", "connect_pool", "set_archived", "workspaces"]

_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()
_held = threading.local()  # (url, workspace) -> [connection, depth] of the thread holding the write lock
_after = threading.local()  # (url, workspace) -> per open transaction, what runs when it commits

_LOCK_KEY = "hashtextextended('masterplan:' || %s, 0)"


def connect_pool(url: str) -> ConnectionPool:
    """The pool of connections to ``url`` shared by this process (checked to be upgraded once)."""
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            try:
                from psycopg_pool import ConnectionPool
            except ImportError as error:
                raise UsageError("penyimpanan PostgreSQL memerlukan psycopg: "
                                 "pip install 'masterplan[service]'") from error
            from masterplan.store.migrations import require_current

            pool = ConnectionPool(url, min_size=1, max_size=16, kwargs={"autocommit": True}, open=False,
                                  name="masterplan")
            try:
                pool.open(wait=True, timeout=10)
            except Exception as error:
                pool.close()
                raise UsageError(f"basis data {_safe(url)} tidak dapat dihubungi: {error}") from error
            with pool.connection() as conn:
                require_current(conn, _safe(url))
            _pools[url] = pool
        return pool


def close_pools() -> None:
    """Close every pool of this process (before its database server stops, at the end of a service)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


@dataclass
class WorkspaceRow:
    """One workspace of a database: its name, when it was added and archived."""

    name: str
    created: dt.datetime
    archived: dt.datetime | None


def workspaces(url: str, *, archived: bool = False) -> list[WorkspaceRow]:
    """The workspaces of the database at ``url`` by name (with ``archived``, the archived ones too)."""
    with connect_pool(url).connection() as conn:
        rows = conn.execute("SELECT name, created_at, archived_at FROM workspaces "
                            "WHERE %s OR archived_at IS NULL ORDER BY name", (archived,)).fetchall()
    return [WorkspaceRow(str(name), created, stamp) for name, created, stamp in rows]


def set_archived(url: str, name: str, archived: bool) -> bool:
    """Archive the workspace ``name`` (or bring it back); False when it already was so."""
    with connect_pool(url).connection() as conn:
        if conn.execute("SELECT 1 FROM workspaces WHERE name = %s", (name,)).fetchone() is None:
            raise UsageError(f"workspace {name!r} tidak ada di basis data {_safe(url)}")
        changed = conn.execute(
            "UPDATE workspaces SET archived_at = CASE WHEN %s THEN now() END "
            "WHERE name = %s AND (archived_at IS NULL) = %s", (archived, name, archived))
        return changed.rowcount == 1


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class PostgresStore(WorkspaceStore):
    """The workspace ``name`` in the database at ``url``.

    ``create``: add the workspace when it is not there yet (``region add``, ``store push``);
    otherwise a name the database does not know is a :class:`UsageError`.
    """

    def __init__(self, url: str, name: str, *, create: bool = False) -> None:
        self.url = url
        self.name = check_path(name)
        if "/" in name:
            raise UsageError(f"nama workspace tidak boleh memuat '/': {name!r}")
        self.pool = connect_pool(url)
        with self._conn() as conn:
            if create:
                conn.execute("INSERT INTO workspaces (name) VALUES (%s) ON CONFLICT DO NOTHING", (name,))
            elif conn.execute("SELECT 1 FROM workspaces WHERE name = %s", (name,)).fetchone() is None:
                raise UsageError(f"workspace {name!r} tidak ada di basis data {_safe(url)}")

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection holding this workspace's write lock in this thread, else one from the pool."""
        held = getattr(_held, "by_key", {}).get((self.url, self.name))
        if held is not None:
            yield held[0]
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Connection[Any]]:
        """A transaction that holds the workspace's write lock until it ends."""
        with self._conn() as conn, conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})", (self.name,))
            yield conn

    # --- documents -----------------------------------------------------------------------------

    def read(self, path: str) -> bytes | None:
        """The document's row, or ``None``."""
        with self._conn() as conn:
            row = conn.execute("SELECT data FROM documents WHERE workspace = %s AND path = %s",
                               (self.name, check_path(path))).fetchone()
        return None if row is None else bytes(row[0])

    def version(self, path: str) -> str | None:
        """The version column, or ``None``."""
        with self._conn() as conn:
            return self._version(conn, check_path(path))

    def _version(self, conn: psycopg.Connection[Any], path: str) -> str | None:
        row = conn.execute("SELECT version FROM documents WHERE workspace = %s AND path = %s",
                           (self.name, path)).fetchone()
        return None if row is None else str(row[0])

    def listing(self, folder: str) -> dict[str, str]:
        """The documents directly in ``folder`` with their versions, by path."""
        prefix = check_path(folder) + "/"
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT path, version FROM documents WHERE workspace = %s AND left(path, %s) = %s "
                "AND strpos(substr(path, %s), '/') = 0 ORDER BY path COLLATE \"C\"",
                (self.name, len(prefix), prefix, len(prefix) + 1)).fetchall()
        return {str(path): str(version) for path, version in rows}

    def documents(self) -> list[str]:
        """Every document's path, sorted."""
        with self._conn() as conn:
            rows = conn.execute("SELECT path FROM documents WHERE workspace = %s ORDER BY path COLLATE \"C\"",
                                (self.name,)).fetchall()
        return [str(path) for (path,) in rows]

    def versions(self) -> dict[str, str]:
        """Every document's version, in one query."""
        with self._conn() as conn:
            rows = conn.execute("SELECT path, version FROM documents WHERE workspace = %s "
                                "ORDER BY path COLLATE \"C\"", (self.name,)).fetchall()
        return {str(path): str(version) for path, version in rows}

    def write(self, path: str, data: bytes, *, expect: Expect = ANY) -> str:
        """One statement conditioned on ``expect``, under the write lock for its transaction."""
        path = check_path(path)
        version = digest(data)
        with self._writing() as conn:
            if expect is ANY:
                conn.execute(
                    "INSERT INTO documents (workspace, path, data, version) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (workspace, path) DO UPDATE SET data = EXCLUDED.data, "
                    "version = EXCLUDED.version, updated_at = now()",
                    (self.name, path, data, version))
            elif expect is None:
                done = conn.execute(
                    "INSERT INTO documents (workspace, path, data, version) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT DO NOTHING", (self.name, path, data, version))
                if done.rowcount != 1:
                    raise Conflict(path, None, self._version(conn, path))
            else:
                done = conn.execute(
                    "UPDATE documents SET data = %s, version = %s, updated_at = now() "
                    "WHERE workspace = %s AND path = %s AND version = %s",
                    (data, version, self.name, path, expect))
                if done.rowcount != 1:
                    raise Conflict(path, str(expect), self._version(conn, path))
        return version

    def remove(self, path: str, *, expect: Expect = ANY) -> None:
        """Delete the row, checking ``expect`` under the write lock."""
        path = check_path(path)
        with self._writing() as conn:
            if expect is ANY:
                conn.execute("DELETE FROM documents WHERE workspace = %s AND path = %s", (self.name, path))
                return
            current = self._version(conn, path)
            if current != expect:
                raise Conflict(path, expect if isinstance(expect, str) else None, current)
            conn.execute("DELETE FROM documents WHERE workspace = %s AND path = %s", (self.name, path))

    def revision(self) -> str:
        """The workspace's change counter (kept by triggers on its documents and journal lines).

        Prefixed by a digest of the database and the workspace: two databases served by one job queue
        never share a revision (a draft's job key is made of it).
        """
        with self._conn() as conn:
            row = conn.execute("SELECT changes FROM workspaces WHERE name = %s", (self.name,)).fetchone()
        return f"{digest(self.identity.encode('utf-8'))[:16]}:{row[0] if row else 'hilang'}"

    # --- one writer at a time -------------------------------------------------------------------

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """A session advisory lock on one connection, which the thread uses until the block ends."""
        by_key = _held.__dict__.setdefault("by_key", {})
        key = (self.url, self.name)
        if key in by_key:
            by_key[key][1] += 1
            try:
                yield
            finally:
                by_key[key][1] -= 1
            return
        with self.pool.connection() as conn:
            conn.execute(f"SELECT pg_advisory_lock({_LOCK_KEY})", (self.name,))
            by_key[key] = [conn, 1]
            try:
                yield
            finally:
                del by_key[key]
                conn.execute(f"SELECT pg_advisory_unlock({_LOCK_KEY})", (self.name,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The write lock, and every write of the block in one transaction of its connection.

        What :meth:`after_commit` was given inside runs when the outermost block commits.
        """
        key = (self.url, self.name)
        waiting: dict[tuple[str, str], list[list[Callable[[], None]]]]
        waiting = _after.__dict__.setdefault("by_key", {})
        levels = waiting.setdefault(key, [])
        levels.append([])
        try:
            with self.exclusive(), self._conn() as conn, conn.transaction():
                yield
        except BaseException:
            levels.pop()  # rolled back: what waited on it never happened
            if not levels:
                del waiting[key]
            raise
        done = levels.pop()
        if levels:
            levels[-1].extend(done)  # durable when the enclosing transaction commits
            return
        del waiting[key]
        for action in done:
            action()

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` when this thread's transaction on the workspace commits (at once outside one)."""
        levels = getattr(_after, "by_key", {}).get((self.url, self.name))
        if levels:
            levels[-1].append(action)
        else:
            action()

    # --- journal -------------------------------------------------------------------------------

    def journal(self) -> bytes | None:
        """The journal's lines in order."""
        with self._conn() as conn:
            rows = conn.execute("SELECT line FROM journal_lines WHERE workspace = %s ORDER BY n",
                                (self.name,)).fetchall()
        return b"".join(bytes(line) for (line,) in rows) if rows else None

    def append_journal(self, line: bytes, head: str) -> None:
        """The line numbered after the last one and the head, in one transaction."""
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise ValueError("a journal line is one line ending in a newline")
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO journal_lines (workspace, n, line) SELECT %s, coalesce(max(n), 0) + 1, %s "
                "FROM journal_lines WHERE workspace = %s", (self.name, line, self.name))
            conn.execute(
                "INSERT INTO journal_heads (workspace, head) VALUES (%s, %s) "
                "ON CONFLICT (workspace) DO UPDATE SET head = EXCLUDED.head", (self.name, head.strip()))

    def journal_tail(self, whole: Callable[[bytes], bool]) -> bytes | None:
        """The last row's line (rows are never torn)."""
        with self._conn() as conn:
            row = conn.execute("SELECT line FROM journal_lines WHERE workspace = %s ORDER BY n DESC LIMIT 1",
                               (self.name,)).fetchone()
        return None if row is None else bytes(row[0])

    @property
    def identity(self) -> str:
        """``postgresql:<database URL without password>#<workspace>``."""
        return f"postgresql:{_safe(self.url)}#{self.name}"

    def journal_head(self) -> str | None:
        """The recorded head, or ``None``."""
        with self._conn() as conn:
            row = conn.execute("SELECT head FROM journal_heads WHERE workspace = %s", (self.name,)).fetchone()
        return None if row is None else str(row[0])

    # --- objects -------------------------------------------------------------------------------

    def put_object(self, data: bytes) -> str:
        """Inserted once; an object already there is left as it is."""
        key = digest(data)
        with self._conn() as conn:
            conn.execute("INSERT INTO objects (workspace, key, data) VALUES (%s, %s, %s) "
                         "ON CONFLICT DO NOTHING", (self.name, key, data))
        return key

    def get_object(self, key: str) -> bytes | None:
        """The object, checked against its hash."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise UsageError(f"kunci objek tidak sah: {key!r}")
        with self._conn() as conn:
            row = conn.execute("SELECT data FROM objects WHERE workspace = %s AND key = %s",
                               (self.name, key)).fetchone()
        if row is None:
            return None
        data = bytes(row[0])
        return data if digest(data) == key else None

    def objects(self) -> Iterator[str]:
        """Every object's hash, in order."""
        with self._conn() as conn:
            rows = conn.execute("SELECT key FROM objects WHERE workspace = %s ORDER BY key",
                                (self.name,)).fetchall()
        for (key,) in rows:
            yield str(key)
