"""The database's schema, as numbered SQL files applied in order (``masterplan db upgrade``).

Plain versioned SQL rather than a migration framework: the schema is a few
tables, each file is read by an operator as it is, and ``schema_migrations``
records what was applied. An upgrade runs in one transaction under an advisory
lock, so two processes upgrading at once apply each file once, and a failed
file leaves the database as it was.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from masterplan.errors import UsageError

if TYPE_CHECKING:
    import psycopg

__all__ = ["migrations", "require_current", "upgrade"]

_UPGRADE_LOCK = 0x6D70_7367  # "mpsg": the advisory lock of an upgrade


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) of every migration shipped with masterplan, in order."""
    folder = resources.files("masterplan.store") / "sql"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql") and entry.name[:4].isdigit():
            found.append((int(entry.name[:4]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def applied(conn: psycopg.Connection[Any]) -> set[int]:
    """The numbers of the migrations applied to the database (none on a new one)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if exists is None or exists[0] is None:
        return set()
    return {int(n) for (n,) in conn.execute("SELECT number FROM schema_migrations").fetchall()}


def upgrade(conn: psycopg.Connection[Any]) -> list[str]:
    """Apply the migrations the database lacks; the names of those applied."""
    done: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "number integer PRIMARY KEY, name text NOT NULL, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        have = applied(conn)
        for number, name, sql in migrations():
            if number in have:
                continue
            conn.execute(sql.encode("utf-8"))
            conn.execute("INSERT INTO schema_migrations (number, name) VALUES (%s, %s)", (number, name))
            done.append(name)
    return done


def require_current(conn: psycopg.Connection[Any], where: str) -> None:
    """Raise :class:`UsageError` unless every migration is applied (a new release needs ``db upgrade``)."""
    missing = [name for number, name, _ in migrations() if number not in applied(conn)]
    if missing:
        raise UsageError(f"basis data {where} belum diperbarui ({', '.join(missing)} belum diterapkan); "
                         "jalankan: masterplan db upgrade --store URL")
