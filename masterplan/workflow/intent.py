"""A save that a crash cannot split: the intent is on disk before the file changes.

Saving an answers file takes three writes: the new contents into the object
store, the journal entry (who changed what), the file itself. A process
killed between them used to leave a changed file whose author was lost (the
next action recorded it as made outside masterplan). Now, before any of them,
:func:`write_intent` records the whole save (file, old and new hash, author,
the entry's data) in ``workflow/pending.json``; :func:`clear_intent` removes
it when all three are done. The next action (under the workspace lock)
calls :func:`recover`, which finishes an interrupted save: the journal entry
with its real author, then the file from the object store, unless the file
was changed by hand in between. Temporary files that a killed writer left
behind are removed at the same time.

The intent, the object and the file are documents of the workspace's store; in
a database the whole save is one transaction as well (:meth:`WorkspaceStore.transaction`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.journal import OBJECTS_DIR, WORKFLOW_DIR, append, load_object, sha256
from masterplan.workflow.people import Person
from masterplan.workflow.state import WorkflowState

INTENT_FILE = "workflow/pending.json"
STALE_TEMP_SECONDS = 60
"""A temporary file older than this, found under the lock, was left by a writer that was killed."""


def write_intent(
    workspace: Path | WorkspaceStore,
    person: Person | None,
    who: str | None,
    action: str,
    data: dict[str, Any],
    rework: bool,
) -> None:
    """Record a save about to happen (the new contents must already be in the object store)."""
    record = {
        "person": person.model_dump(include={"id", "name", "role"}) if person else None,
        "who": who,
        "action": action,
        "data": data,
        "rework": rework,
    }
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    as_store(workspace).write(INTENT_FILE, line.encode("utf-8"))


def clear_intent(workspace: Path | WorkspaceStore) -> None:
    """The save is complete."""
    as_store(workspace).remove(INTENT_FILE)


def recover(workspace: Path | WorkspaceStore, state: WorkflowState) -> list[str]:
    """Finish a save a crash interrupted and clean what killed writers left; call under the lock.

    Returns what was done, in Indonesian (for the log of the action that found it).
    """
    store = as_store(workspace)
    done = _remove_stale_temporaries(store.root) if isinstance(store, FileStore) else []
    raw = store.read(INTENT_FILE)
    if raw is None:
        return done
    try:
        record = json.loads(raw)
        file, new = next(iter(record["data"]["files"].items()))
        before = record["data"]["before"][file]
    except (ValueError, KeyError, TypeError, StopIteration, AttributeError):
        store.remove(INTENT_FILE)  # not ours, or cut short before the save began: nothing happened
        return [*done, f"{INTENT_FILE} tidak terbaca dan dihapus"]
    stored = store.read(file)
    on_disk = sha256(stored) if stored is not None else None
    contents = load_object(store, new)
    if contents is not None and on_disk in (before, new):
        person = Person(**record["person"]) if record.get("person") else None
        if state.files.get(file) != new:  # the entry was not written yet
            if record.get("rework"):
                append(store, person, "stage.rework", {"stage": record["data"]["stage"]}, who=record["who"])
            append(store, person, record["action"], record["data"], who=record["who"])
            state.files[file] = new
            done.append(f"penyimpanan {file} yang terputus dicatat atas nama {record['who'] or '?'}")
        if on_disk != new:
            store.write(file, contents)
            done.append(f"penyimpanan {file} yang terputus diselesaikan")
    store.remove(INTENT_FILE)
    return done


def _remove_stale_temporaries(root: Path) -> list[str]:
    """Delete ``.name.XXXX.tmp`` files of atomic writes older than :data:`STALE_TEMP_SECONDS`."""
    folders = [root, root / WORKFLOW_DIR, *sorted((root / "answers").glob("bimtek-*"))]
    objects = root / OBJECTS_DIR
    if objects.is_dir():
        folders += sorted(p for p in objects.iterdir() if p.is_dir())
    removed = 0
    cutoff = time.time() - STALE_TEMP_SECONDS
    for folder in folders:
        for temp in folder.glob(".*.tmp") if folder.is_dir() else ():
            try:
                if temp.is_file() and not temp.is_symlink() and temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
            except OSError:
                continue
    return [f"{removed} berkas sementara dari penulisan yang terputus dihapus"] if removed else []
