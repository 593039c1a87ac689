"""Web accounts: an argon2id password per person of ``people.yaml``, and the server's secret key.

Passwords are set on the command line (``masterplan passwd ID``) and kept as
argon2id hashes in ``workflow/accounts.json`` (mode 0600, written atomically);
the people list stays the only place that says who someone is and what role
they have. The key that signs session cookies is made once into
``workflow/web-secret`` (mode 0600).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from masterplan.errors import UsageError
from masterplan.fileio import create_private
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.actor import opd_codes
from masterplan.workflow.journal import now
from masterplan.workflow.people import Person, require_people

ACCOUNTS_FILE = "workflow/accounts.json"
SECRET_FILE = "workflow/web-secret"
MIN_PASSWORD = 10
MAX_PASSWORD = 1024

HASHER = PasswordHasher()
"""argon2id with the library's defaults (RFC 9106 low-memory profile)."""


def read_accounts(workspace: Path | WorkspaceStore) -> dict[str, dict[str, Any]]:
    """Person id -> ``{"hash": ..., "set": time}``; empty when no password was ever set."""
    try:
        raw = as_store(workspace).read(ACCOUNTS_FILE)
        if raw is None:
            return {}
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise UsageError(f"{ACCOUNTS_FILE} tidak dapat dibaca ({error}); setel ulang kata sandi") from error
    accounts = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(accounts, dict):
        raise UsageError(f"{ACCOUNTS_FILE} rusak; setel ulang kata sandi dengan masterplan passwd")
    return {str(k): v for k, v in accounts.items() if isinstance(v, dict) and isinstance(v.get("hash"), str)}


def _write(store: WorkspaceStore, accounts: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"version": 1, "accounts": accounts}, ensure_ascii=False, indent=2, sort_keys=True)
    try:
        if isinstance(store, FileStore):
            path = store.root / ACCOUNTS_FILE
            create_private(path)
            os.chmod(path, 0o600)
        store.write(ACCOUNTS_FILE, (text + "\n").encode("utf-8"))
    except OSError as error:
        raise UsageError(f"tidak dapat menulis {ACCOUNTS_FILE}: {error.strerror or error}") from error


def check_password(password: str) -> None:
    """Refuse a password that is too short or too long."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"kata sandi terlalu panjang: paling banyak {MAX_PASSWORD} karakter")


def set_password(
    root: Path | WorkspaceStore, person_id: str, password: str, hasher: PasswordHasher | None = None
) -> Person:
    """Set the password of ``person_id`` (an id of people.yaml); returns the person."""
    people = require_people(root, opd_codes(root))
    person = people.by_id(person_id) or people.find(person_id)
    if person is None:
        known = ", ".join(p.id for p in people.people)
        raise UsageError(f"{person_id} tidak terdaftar di people.yaml; yang dikenal: {known}")
    save_password(root, person.id, password, hasher)
    return person


def save_password(
    workspace: Path | WorkspaceStore, person_id: str, password: str, hasher: PasswordHasher | None = None
) -> None:
    """Keep the argon2id hash of ``password`` for ``person_id`` (who the caller has looked up)."""
    check_password(password)
    digest = (hasher or HASHER).hash(password)
    store = as_store(workspace)
    with store.exclusive():
        accounts = read_accounts(store)
        accounts[person_id] = {"hash": digest, "set": now()}
        _write(store, accounts)


def remove_password(workspace: Path | WorkspaceStore, person_id: str) -> bool:
    """Remove a person's password (they can no longer log in); True when there was one."""
    store = as_store(workspace)
    with store.exclusive():
        accounts = read_accounts(store)
        if accounts.pop(person_id, None) is None:
            return False
        _write(store, accounts)
    return True


def stamp(secret: bytes, digest: str) -> str:
    """A short keyed fingerprint of a stored hash: a session ends when its password changes."""
    return hmac.new(secret, digest.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def web_secret(root: Path | WorkspaceStore) -> bytes:
    """The key that signs session cookies, made once (random, 32 bytes) and kept in ``workflow/``.

    It is written to a private temporary file and linked into place (in a database, inserted
    only when there is none), so two servers starting together agree on one key.
    """
    if isinstance(root, WorkspaceStore) and not isinstance(root, FileStore):
        return _stored_secret(root)
    path = Path(root.root if isinstance(root, FileStore) else root) / SECRET_FILE
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".web-secret.", dir=path.parent)  # mode 0600
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)
            except FileExistsError:
                pass
            finally:
                os.unlink(temp)
        except OSError as error:
            raise UsageError(f"tidak dapat membuat {SECRET_FILE}: {error.strerror or error}") from error
    try:
        key = bytes.fromhex(path.read_text("ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) < 32:
        raise UsageError(f"{SECRET_FILE} rusak; hapus berkas itu agar dibuat ulang (semua sesi berakhir)")
    return key


def _stored_secret(store: WorkspaceStore) -> bytes:
    """The signing key kept as a document of ``store`` (made by the first process that asks)."""
    from masterplan.store.base import Conflict

    if store.read(SECRET_FILE) is None:
        with contextlib.suppress(Conflict):  # another process made it first: that one holds
            store.write(SECRET_FILE, (secrets.token_hex(32) + "\n").encode("ascii"), expect=None)
    try:
        key = bytes.fromhex((store.read(SECRET_FILE) or b"").decode("ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) < 32:
        raise UsageError(f"{SECRET_FILE} di {store.name} rusak; hapus dokumen itu agar dibuat ulang")
    return key


# --- logging in ---------------------------------------------------------------------------------


class Verifier:
    """Checks passwords in constant time whether or not the account exists."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or HASHER
        self._dummy = self.hasher.hash(secrets.token_hex(16))

    def verify(self, accounts: Path | WorkspaceStore, person_id: str | None, password: str) -> str | None:
        """The stored hash when ``password`` is that of ``person_id`` in ``accounts``, else ``None``.

        Always one hash check, whether or not the person or their account exists.
        """
        stored = read_accounts(accounts).get(person_id) if person_id else None
        digest = stored["hash"] if stored else self._dummy
        try:
            self.hasher.verify(digest, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if stored is None or person_id is None:
            return None
        if self.hasher.check_needs_rehash(digest):
            save_password(accounts, person_id, password, self.hasher)
            return str(read_accounts(accounts)[person_id]["hash"])
        return str(digest)
