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
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from masterplan.fileio import atomic_write_bytes, atomic_write_text
from masterplan.workflow.journal import OBJECTS_DIR, WORKFLOW_DIR, append, load_object, sha256
from masterplan.workflow.people import Person
from masterplan.workflow.state import WorkflowState

INTENT_FILE = "workflow/pending.json"
STALE_TEMP_SECONDS = 60
"""A temporary file older than this, found under the lock, was left by a writer that was killed."""


def write_intent(
    root: Path, person: Person | None, who: str | None, action: str, data: dict[str, Any], rework: bool
) -> None:
    """Record a save about to happen (the new contents must already be in the object store)."""
    record = {
        "person": person.model_dump(include={"id", "name", "role"}) if person else None,
        "who": who,
        "action": action,
        "data": data,
        "rework": rework,
    }
    atomic_write_text(Path(root) / INTENT_FILE, json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def clear_intent(root: Path) -> None:
    """The save is complete."""
    (Path(root) / INTENT_FILE).unlink(missing_ok=True)


def recover(root: Path, state: WorkflowState) -> list[str]:
    """Finish a save a crash interrupted and clean what killed writers left; call under the lock.

    Returns what was done, in Indonesian (for the log of the action that found it).
    """
    root = Path(root)
    done = _remove_stale_temporaries(root)
    path = root / INTENT_FILE
    try:
        record = json.loads(path.read_text("utf-8"))
        file, new = next(iter(record["data"]["files"].items()))
        before = record["data"]["before"][file]
    except FileNotFoundError:
        return done
    except (ValueError, KeyError, TypeError, StopIteration, AttributeError):
        path.unlink(missing_ok=True)  # not ours, or cut short before the save began: nothing happened
        return [*done, f"{INTENT_FILE} tidak terbaca dan dihapus"]
    target = root / file
    on_disk = sha256(target.read_bytes()) if target.is_file() else None
    contents = load_object(root, new)
    if contents is not None and on_disk in (before, new):
        person = Person(**record["person"]) if record.get("person") else None
        if state.files.get(file) != new:  # the entry was not written yet
            if record.get("rework"):
                append(root, person, "stage.rework", {"stage": record["data"]["stage"]}, who=record["who"])
            append(root, person, record["action"], record["data"], who=record["who"])
            state.files[file] = new
            done.append(f"penyimpanan {file} yang terputus dicatat atas nama {record['who'] or '?'}")
        if on_disk != new:
            atomic_write_bytes(target, contents)
            done.append(f"penyimpanan {file} yang terputus diselesaikan")
    path.unlink(missing_ok=True)
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
