"""What this installation of masterplan knows outside any workspace: its journal key and the heads it wrote.

Whoever can write a workspace's ``workflow/`` folder can recompute a plain
hash chain. Two things kept *outside* the workspace make that visible:

* the **journal key**: 32 random bytes in ``journal.key`` (mode 0600) in the
  installation's folder. Every journal entry carries an HMAC-SHA256 of its
  hash under this key and the key's id; since each hash covers all earlier
  entries, one valid MAC vouches for the whole history up to it. Someone
  without the key cannot forge an entry this installation would accept.
* the **head registry** (``heads.json``): for each workspace folder this
  installation wrote to, the last entry's number and hash. A journal that is
  shorter, rewritten or missing where the registry remembers more is reported.

The folder is ``$MASTERPLAN_HOME`` or ``$XDG_CONFIG_HOME/masterplan`` (by
default ``~/.config/masterplan``). One web service and its command line
share one installation folder, so they share the key. See ``docs/security.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from masterplan.errors import UsageError
from masterplan.fileio import atomic_write_text, create_private

KEY_FILE = "journal.key"
HEADS_FILE = "heads.json"
MAX_HEADS = 5000
"""Workspace folders remembered at most (the least recently written are forgotten first)."""


def home() -> Path:
    """The installation's folder (created on first use)."""
    explicit = os.environ.get("MASTERPLAN_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "masterplan"


@lru_cache(maxsize=8)
def _key_at(folder: Path) -> bytes:
    """The key in ``folder``, made (once, whoever comes first) when there is none."""
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(100):  # another process may be writing it this moment
            text = path.read_text("ascii", errors="replace").strip()
            if re.fullmatch(r"[0-9a-f]{64}", text):
                return bytes.fromhex(text)
            time.sleep(0.01)
        raise UsageError(
            f"kunci jurnal {path} rusak; pulihkan dari cadangan (tanpa kunci ini entri jurnal "
            "yang ditulis di instalasi ini tidak dapat diperiksa)"
        ) from None
    except OSError as error:
        raise UsageError(
            f"folder instalasi masterplan {folder} tidak dapat ditulis ({error.strerror}); "
            "setel MASTERPLAN_HOME ke folder milik pengguna ini"
        ) from error
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


def journal_key() -> bytes:
    """The journal key of this installation (made on first use)."""
    return _key_at(home())


def key_id(key: bytes) -> str:
    """A public name of a key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(b"masterplan-journal-key\0" + key).hexdigest()[:16]


def mac(key: bytes, digest: str) -> str:
    """The HMAC-SHA256 of an entry's hash."""
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


def authenticate(digest: str) -> dict[str, str]:
    """The ``auth`` field of an entry with hash ``digest``, under this installation's key."""
    key = journal_key()
    return {"key": key_id(key), "mac": mac(key, digest)}


def check_auth(digest: str, auth: Any) -> bool | None:
    """True when ``auth`` is a valid MAC of ``digest`` under our key; ``None`` when made with another key."""
    key = journal_key()
    if not isinstance(auth, dict) or set(auth) != {"key", "mac"}:
        return False
    if auth["key"] != key_id(key):
        return None
    return hmac.compare_digest(str(auth["mac"]), mac(key, digest))


# --- the heads this installation wrote ---------------------------------------------------


def _heads_path() -> Path:
    return home() / HEADS_FILE


def read_heads() -> dict[str, dict[str, Any]]:
    """Workspace folder -> ``{"seq", "hash", "time"}``."""
    try:
        data = json.loads(_heads_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_head(identity: str) -> dict[str, Any] | None:
    """What this installation last wrote to the journal of the workspace ``identity``, if anything.

    ``identity`` is :attr:`masterplan.store.base.WorkspaceStore.identity` (a folder's resolved path).
    """
    found = read_heads().get(identity)
    return found if isinstance(found, dict) else None


def remember_head(identity: str, seq: int, digest: str) -> None:
    """Record the new head of a workspace's journal (a lost race leaves an older head, never a newer)."""
    heads = read_heads()
    heads[identity] = {"seq": seq, "hash": digest, "time": int(time.time())}
    if len(heads) > MAX_HEADS:
        newest = sorted(heads.items(), key=lambda item: item[1].get("time", 0), reverse=True)
        heads = dict(newest[:MAX_HEADS])
    path = _heads_path()
    create_private(path)
    atomic_write_text(path, json.dumps(heads, ensure_ascii=False, sort_keys=True))


def forget_head(identity: str) -> bool:
    """Forget a workspace (after restoring it from a backup on purpose); True when it was remembered."""
    heads = read_heads()
    if heads.pop(identity, None) is None:
        return False
    atomic_write_text(_heads_path(), json.dumps(heads, ensure_ascii=False, sort_keys=True))
    return True
