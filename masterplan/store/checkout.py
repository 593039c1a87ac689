"""A folder that mirrors a workspace kept in a database, for what reads folders: the renderers.

The document model, the outlines and the renderers read templates, assets and answers from a
workspace folder (a region may override any template). A region kept in PostgreSQL is built
from a *checkout*: a folder under the installation's home, one per workspace, brought up to the
store's revision before each build. Only what changed is written again (documents by version,
objects by hash, the journal when its head moved), so a checkout after one save writes one file.
A checkout is never written back: every change goes through the store.

Two processes checking out the same workspace take turns (a lock file in the checkout).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from masterplan.fileio import atomic_write_bytes, atomic_write_text
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import HEAD_FILE, JOURNAL_FILE, OBJECTS_DIR, FileStore

__all__ = ["checkout", "checkout_folder"]

MANIFEST = ".checkout.json"
"""The revision a checkout was made at and the version of every document it holds."""


def checkout_folder(store: WorkspaceStore) -> Path:
    """Where the installation keeps the checkout of ``store`` (named by the region and its identity)."""
    from masterplan.workflow.keys import home

    tag = hashlib.sha256(store.identity.encode("utf-8")).hexdigest()[:16]
    return home() / "checkouts" / f"{store.name}-{tag}"


def checkout(store: WorkspaceStore, folder: Path | None = None) -> Path:
    """``folder`` (by default :func:`checkout_folder`) holding ``store`` as it is now; returns it.

    A folder store is its own checkout.
    """
    if isinstance(store, FileStore):
        return store.root
    target = folder or checkout_folder(store)
    target.mkdir(parents=True, exist_ok=True)
    lock = os.open(target / ".checkout.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _bring_up_to_date(store, target)
    finally:
        os.close(lock)
    return target


def _bring_up_to_date(store: WorkspaceStore, target: Path) -> None:
    revision = store.revision()  # taken first: contents read after it are at least this new
    manifest = _read_manifest(target)
    if manifest.get("revision") == revision:
        return
    had: dict[str, str] = manifest.get("documents", {})
    now = store.versions()
    for path, version in now.items():
        if had.get(path) != version or not (target / path).is_file():
            data = store.read(path)
            if data is not None:
                atomic_write_bytes(target / path, data)
    for path in set(had) - set(now):
        (target / path).unlink(missing_ok=True)
    head = store.journal_head()
    if head != manifest.get("head") or not (target / JOURNAL_FILE).is_file():
        atomic_write_bytes(target / JOURNAL_FILE, store.journal() or b"")
        if head is None:
            (target / HEAD_FILE).unlink(missing_ok=True)
        else:
            atomic_write_text(target / HEAD_FILE, head + "\n")
    local = FileStore(target)
    kept = set(local.objects())
    for key in store.objects():
        if key not in kept:
            data = store.get_object(key)
            if data is not None:
                atomic_write_bytes(target / OBJECTS_DIR / key[:2] / key[2:], data)
    record = {"revision": revision, "head": head, "documents": now}
    atomic_write_text(target / MANIFEST, json.dumps(record, sort_keys=True))


def _read_manifest(target: Path) -> dict[str, Any]:
    try:
        found = json.loads((target / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
