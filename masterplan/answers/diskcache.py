"""Parsed answers files and definitions kept between processes, signed so that only ours are loaded.

A command reads the same unchanged files again and again (``check`` after every edit, the web's
processes, a batch); parsing the example's 36 answers files costs 0.35-0.45 s, loading them back
from here about 0.04 s. An entry's name is a digest of everything its value depends on: the file's
bytes with how it was read, and :func:`code_stamp`, so a changed file, definition or program is
never served stale; there is nothing to invalidate.

Entries are pickles, so they are trusted only when their HMAC-SHA256 under this folder's own key
(``key``, mode 0600, made on first use) verifies: a file put there by anyone else is ignored. The
folder lives outside every workspace (a workspace copied from another region brings no cache of
its own): ``$MASTERPLAN_CACHE``, else ``$MASTERPLAN_HOME/cache``, else ``$XDG_CACHE_HOME/masterplan``
(by default ``~/.cache/masterplan``). ``MASTERPLAN_CACHE=off`` turns it off. Every failure to read
or write it (no home, a full disk, a foreign or damaged entry) only means the work is done again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

KEY_FILE = "key"
MAX_ENTRIES = 4000
"""Entries kept per kind; when a write passes it, the least recently written half is removed."""

_MAC_BYTES = 32


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is turned off."""
    explicit = os.environ.get("MASTERPLAN_CACHE")
    if explicit:
        return None if explicit.lower() in ("off", "0", "no") else Path(explicit)
    home = os.environ.get("MASTERPLAN_HOME")
    if home:
        return Path(home) / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "masterplan"


@lru_cache(maxsize=1)
def code_stamp() -> bytes:
    """A digest of this program: its version and every module's name, size and modification time.

    Part of every key, so an upgrade, or a developer's edit of the parser, never meets an entry
    written by other code.
    """
    import masterplan

    package = Path(masterplan.__file__).parent
    digest = hashlib.sha256(getattr(masterplan, "__version__", "").encode())
    for folder, dirs, files in sorted(os.walk(package)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def key_of(*parts: bytes | str) -> str:
    """An entry's name: a digest of ``parts`` (each one length-prefixed) and :func:`code_stamp`."""
    digest = hashlib.sha256(code_stamp())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def load(kind: str, key: str) -> Any | None:
    """The value stored under ``key``, or ``None`` (absent, unsigned, damaged, cache off)."""
    folder = cache_dir()
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return None
    try:
        data = (folder / kind / key).read_bytes()
    except OSError:
        return None
    mac, payload = data[:_MAC_BYTES], data[_MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(secret, kind, key, payload)):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # an entry this program cannot load: parse again
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key``; silently nothing when the cache cannot be written."""
    folder = cache_dir()
    secret = _secret(folder) if folder else None
    if folder is None or secret is None:
        return
    target = folder / kind
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = target / f".{key}.{secrets.token_hex(4)}"
        temp.write_bytes(_mac(secret, kind, key, payload) + payload)
        os.replace(temp, target / key)
        _prune(target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _mac(secret: bytes, kind: str, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, f"{kind}/{key}\n".encode() + payload, hashlib.sha256).digest()


@lru_cache(maxsize=4)
def _secret(folder: Path) -> bytes | None:
    """The signing key of ``folder``, made once (mode 0600); ``None`` when it cannot be read or made."""
    path = folder / KEY_FILE
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        text = ""
    except OSError:
        return None
    if len(text) == 64:
        try:
            return bytes.fromhex(text)
        except ValueError:
            return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it this moment
        try:
            return bytes.fromhex(path.read_text("ascii").strip())
        except (OSError, ValueError):
            return None
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def _prune(folder: Path) -> None:
    """Past :data:`MAX_ENTRIES`, remove the least recently written half."""
    entries = list(os.scandir(folder))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[: len(entries) // 2]:
        try:
            os.unlink(entry.path)
        except OSError:
            continue
