"""Move one workspace between stores without losing a byte (``masterplan store push`` / ``pull``).

What moves: every document (answers, profiles, templates, assets, attachments,
finalised documents, the workflow's accounts), the journal line by line with its
head, and every object. What stays: ``build/`` (drafts, rebuilt from the rest),
hidden files (the lock, the caches) and links. A workspace is moved only into an
empty one, so nothing there is overwritten, and into a database in one transaction,
so a move that fails halfway leaves it empty; a journal whose last line was cut short
is refused until ``masterplan log --verify`` has been read and the workspace repaired.
"""

from __future__ import annotations

from dataclasses import dataclass

from masterplan.errors import UsageError
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore

__all__ = ["Moved", "copy_workspace"]


@dataclass
class Moved:
    """What a move copied."""

    documents: int = 0
    journal_lines: int = 0
    objects: int = 0


def _is_empty(store: WorkspaceStore) -> bool:
    return not store.documents() and not store.journal() and next(iter(store.objects()), None) is None


def copy_workspace(source: WorkspaceStore, target: WorkspaceStore) -> Moved:
    """Copy everything of ``source`` into the empty ``target`` (see the module docstring)."""
    if not _is_empty(target):
        raise UsageError(f"workspace tujuan {target.name} tidak kosong; tidak ada yang disalin")
    journal = source.journal() or b""
    if journal and not journal.endswith(b"\n"):
        raise UsageError(f"baris terakhir jurnal {source.name} terpotong; periksa dengan masterplan log "
                         "--verify lalu perbaiki sebelum memindahkan workspace")
    left = source.left_out() if isinstance(source, FileStore) else []
    if left:
        raise UsageError(f"{len(left)} berkas di {source.name} tidak dapat dipindahkan (nama terlalu panjang "
                         f"atau terlalu dalam): {', '.join(left[:5])}; ganti namanya lalu ulangi")
    moved = Moved()
    with target.transaction():  # into a database: all or nothing
        for path in source.documents():
            data = source.read(path)
            if data is not None:
                target.write(path, data, expect=None)
                moved.documents += 1
        for key in source.objects():
            data = source.get_object(key)
            if data is None:
                raise UsageError(f"objek {key} di {source.name} rusak (isinya tidak cocok dengan kuncinya)")
            target.put_object(data)
            moved.objects += 1
        head = source.journal_head()
        lines = journal.splitlines(keepends=True)
        for line in lines:
            target.append_journal(line, head or "")
            moved.journal_lines += 1
    return moved
