"""The journal: every change made through masterplan, appended and chained by hash.

``workflow/journal.jsonl`` holds one JSON object per line. Each entry carries
the hash of the one before (``prev``) and its own hash over its canonical JSON,
so an edited or removed entry breaks the chain; ``workflow/journal.head``
records the last entry, so a cut-off tail is noticed too. File contents the
journal refers to are kept by SHA-256 in ``workflow/objects/`` so that any
earlier version of the answers can be shown again.

Appends happen under the workspace lock; a line is written with one
``write`` and flushed to disk. A line cut short by a crash is not part of the
journal (the action it recorded did not finish) and is removed by the next writer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from masterplan.errors import JournalBroken, UsageError
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import HEAD_FILE, JOURNAL_FILE, OBJECTS_DIR, as_store
from masterplan.workflow.keys import authenticate, check_auth, remember_head, remembered_head
from masterplan.workflow.people import Person

WORKFLOW_DIR = "workflow"
GENESIS = "0" * 64


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def canonical(data: dict[str, Any]) -> bytes:
    """The one byte form of an entry that its hash is computed over."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def now() -> str:
    """The current time as ISO 8601 UTC, seconds."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    """One journal entry."""

    seq: int
    time: str
    who: str  # person id, or the name given when the workspace has no people list
    name: str
    role: str | None
    action: str
    data: dict[str, Any]
    prev: str
    hash: str
    auth: dict[str, str] | None = None  # the installation's MAC of ``hash`` (see keys.py); None before 0.6

    def record(self) -> dict[str, Any]:
        """The entry as stored (without its hash)."""
        return {
            "seq": self.seq,
            "time": self.time,
            "who": self.who,
            "name": self.name,
            "role": self.role,
            "action": self.action,
            "data": self.data,
            "prev": self.prev,
        }


@dataclass
class JournalRead:
    """The entries of a journal and whatever is wrong with its chain."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Indonesian, one per break
    torn_tail: bool = False
    authenticated: int = 0
    """Number of the last entry whose MAC this installation checked (it vouches for all before it)."""
    foreign_keys: set[str] = field(default_factory=set)
    """Ids of other installations' keys whose entries cannot be checked here."""

    @property
    def intact(self) -> bool:
        """True when the chain holds from the first entry to the recorded head."""
        return not self.problems

    @property
    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last entry; (0, GENESIS) when empty."""
        return (self.entries[-1].seq, self.entries[-1].hash) if self.entries else (0, GENESIS)


_FIELDS: dict[str, tuple[type, ...]] = {
    "seq": (int,),
    "time": (str,),
    "who": (str,),
    "name": (str,),
    "role": (str, type(None)),
    "action": (str,),
    "data": (dict,),
    "prev": (str,),
    "hash": (str,),
}
TRACKED_FILE = re.compile(
    r"^(answers/bimtek-[1-4]/[a-z0-9][a-z0-9-]{0,39}\.yaml|region\.yaml|people\.yaml)\Z"
)
"""The only file names an entry may record: the fold and the diff write nothing else."""
_DIGEST = re.compile(r"^[0-9a-f]{64}\Z")


def _shape_problem(raw: Any) -> str | None:
    """Why a parsed line is not an entry the fold can use, or ``None``."""
    if not isinstance(raw, dict) or set(raw) - {"auth"} != set(_FIELDS):
        return "bukan entri jurnal yang sah"
    for name, types in _FIELDS.items():
        if not isinstance(raw[name], types) or isinstance(raw[name], bool):
            return f"kolom {name} tidak sah"
    data = raw["data"]
    stage = data.get("stage")
    if stage is not None and (not isinstance(stage, int) or isinstance(stage, bool) or not 1 <= stage <= 4):
        return "tahap tidak sah"
    for key in ("files", "before"):
        files = data.get(key)
        if files is None:
            continue
        if not isinstance(files, dict) or not all(
            isinstance(f, str)
            and TRACKED_FILE.match(f)
            and (d is None or (isinstance(d, str) and _DIGEST.match(d)))
            for f, d in files.items()
        ):
            return "daftar berkas tidak sah"
    if raw["action"].startswith("stage.") and stage is None:
        return "tahap tidak disebut"
    if raw["action"].startswith("answers.") and not isinstance(data.get("files"), dict):
        return "daftar berkas tidak disebut"
    if raw["action"].startswith("note.") and not isinstance(data.get("id"), str):
        return "id catatan tidak sah"
    if raw["action"] == "note.add" and not (
        isinstance(data.get("target"), str) and isinstance(data.get("text"), str)
    ):
        return "catatan tidak sah"
    return None


def _parse_line(
    number: int, line: bytes, expected_prev: str, expected_seq: int, problems: list[str]
) -> Entry | None:
    """The entry on ``line``; a line the fold cannot use is reported and left out."""
    where = f"{JOURNAL_FILE} baris {number}"
    try:
        raw = json.loads(line)
    except ValueError:
        raw = None
    shape = _shape_problem(raw)
    if shape is not None:
        problems.append(f"{where}: {shape} (berkas diubah di luar masterplan)")
        return None
    stored = raw.pop("hash")
    auth = raw.pop("auth", None)
    if auth is not None and not isinstance(auth, dict):
        auth = {}  # present but not a MAC: reported as one that does not hold
    entry = Entry(hash=stored, auth=auth, **raw)
    if sha256(canonical(entry.record())) != stored:
        problems.append(f"{where}: isi entri #{entry.seq} tidak cocok dengan hash-nya (entri telah diubah)")
    if entry.prev != expected_prev:
        problems.append(
            f"{where}: entri #{entry.seq} tidak menyambung ke entri sebelumnya "
            "(ada entri yang dihapus, disisipkan atau diubah)"
        )
    if entry.seq != expected_seq:
        problems.append(f"{where}: nomor entri {entry.seq}, seharusnya {expected_seq}")
    return entry


def _complete(line: bytes) -> bool:
    """True when an unterminated last line is nevertheless a whole, correctly hashed entry."""
    try:
        raw = json.loads(line)
    except ValueError:
        return False
    if _shape_problem(raw) is not None:
        return False
    stored = raw.pop("hash")
    raw.pop("auth", None)
    return bool(sha256(canonical(raw)) == stored)


def _read_head(store: WorkspaceStore) -> tuple[int, str] | str | None:
    """(seq, hash) of the recorded head; ``None`` when absent; a message when unreadable."""
    try:
        recorded = store.journal_head()
    except OSError:
        return f"{HEAD_FILE} tidak dapat dibaca"
    if recorded is None:
        return None
    try:
        seq_text, hash_text = recorded.split()
        return int(seq_text), hash_text
    except ValueError:
        return f"{HEAD_FILE} tidak dapat dibaca"


def read_journal(workspace: Path | WorkspaceStore) -> JournalRead:
    """Every entry of the workspace's journal, checking the chain and the head as it goes.

    The head is read before the journal, so an append by another process in
    between only makes the head look behind, which is accepted.
    """
    store = as_store(workspace)
    result = JournalRead()
    head = _read_head(store)
    remembered = remembered_head(store.identity)
    data = store.journal()
    if data is None:
        if head is not None:
            result.problems.append(f"{JOURNAL_FILE} hilang, padahal jurnal pernah ditulis")
        elif remembered is not None:
            result.problems.append(
                f"{JOURNAL_FILE} hilang, padahal instalasi ini menulis jurnal workspace ini sampai entri "
                f"#{remembered.get('seq')}: riwayat dan status tahap telah dihapus"
            )
        return result
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines and not _complete(lines[-1]):
        lines.pop()  # cut short by a crash: not part of the journal
        result.torn_tail = True
    prev, seq = GENESIS, 1
    for number, line in enumerate(lines, start=1):
        entry = _parse_line(number, line, prev, seq, result.problems)
        if entry is None:
            continue
        result.entries.append(entry)
        prev, seq = entry.hash, entry.seq + 1
    _check_head(head, result)
    _check_auth(result)
    _check_remembered(remembered, result)
    return result


def _check_auth(result: JournalRead) -> None:
    """Every MAC made with this installation's key must hold; no entry without one may follow one."""
    vouched = False
    for entry in result.entries:
        if entry.auth is None:
            if vouched:
                result.problems.append(
                    f"entri #{entry.seq} tanpa autentikasi sesudah entri yang diautentikasi: "
                    "ditulis di luar masterplan"
                )
            continue
        vouched = True
        valid = check_auth(entry.hash, entry.auth)
        if valid is None:
            result.foreign_keys.add(str(entry.auth.get("key")))
        elif valid:
            result.authenticated = entry.seq
        else:
            result.problems.append(
                f"entri #{entry.seq}: autentikasinya tidak cocok dengan kunci instalasi ini "
                "(entri dipalsukan atau diubah di luar masterplan)"
            )


def _check_remembered(remembered: dict[str, Any] | None, result: JournalRead) -> None:
    """The head this installation last wrote here must still be in the journal, unchanged."""
    if remembered is None:
        return
    seq, digest = remembered.get("seq"), remembered.get("hash")
    found = next((e for e in result.entries if e.seq == seq), None)
    if found is None:
        result.problems.append(
            f"instalasi ini menulis jurnal workspace ini sampai entri #{seq}, tetapi jurnal kini berakhir "
            f"di entri #{result.head[0]}: entri telah dihapus (bila workspace sengaja dipulihkan dari "
            "cadangan: masterplan log --verify --accept-restore)"
        )
    elif found.hash != digest:
        result.problems.append(
            f"entri #{seq} tidak sama dengan yang ditulis instalasi ini: riwayat telah ditulis ulang"
        )
    elif found.auth is None:
        result.problems.append(
            f"entri #{seq} ditulis instalasi ini dengan autentikasi, kini tanpa: autentikasi jurnal "
            "telah dihapus di luar masterplan"
        )


def _check_head(head: tuple[int, str] | str | None, result: JournalRead) -> None:
    """The recorded head must be an entry of the chain; behind is fine (an append in flight)."""
    if isinstance(head, str):
        result.problems.append(head)
        return
    if head is None:
        if result.entries:
            result.problems.append(f"{HEAD_FILE} hilang")
        return
    seq, digest = head
    if seq == 0 and not result.entries:
        return
    found = next((e for e in result.entries if e.seq == seq), None)
    if found is None:
        result.problems.append(
            f"jurnal berakhir di entri #{result.head[0]}, padahal entri terakhir yang tercatat "
            f"#{seq}: entri di akhir jurnal telah dihapus"
        )
    elif found.hash != digest:
        result.problems.append(
            f"entri #{seq} tidak sama dengan yang tercatat di {HEAD_FILE}: entri telah diubah"
        )


def append(
    workspace: Path | WorkspaceStore, person: Person | None, action: str, data: dict[str, Any],
    who: str | None = None,
) -> Entry:
    """Append one entry (taking the workspace lock) and return it.

    ``who`` names the actor when there is no :class:`Person` (a workspace
    without a people list).
    """
    store = as_store(workspace)
    with store.exclusive():
        last_seq, last_hash = _last(store.journal_tail(_complete))
        head = _read_head(store)
        if isinstance(head, tuple) and head[0] > last_seq:
            raise JournalBroken(
                f"jurnal berakhir di entri #{last_seq}, padahal tercatat #{head[0]}: entri telah dihapus; "
                "tidak ada yang ditulis. Periksa dengan masterplan log --verify"
            )
        entry = Entry(
            seq=last_seq + 1,
            time=now(),
            who=person.id if person else (who or "tanpa-nama"),
            name=person.name if person else (who or "tanpa nama"),
            role=person.role if person else None,
            action=action,
            data=data,
            prev=last_hash,
            hash="",
        )
        record = entry.record()
        digest = sha256(canonical(record))
        auth = authenticate(digest)
        line = canonical({**record, "hash": digest, "auth": auth}) + b"\n"
        store.append_journal(line, f"{entry.seq} {digest}")
        # a head is remembered only once it is durable: never one a database transaction rolled back
        store.after_commit(lambda: remember_head(store.identity, entry.seq, digest))
        return Entry(**{**record, "hash": digest, "auth": auth})


def _last(line: bytes | None) -> tuple[int, str]:
    """(seq, hash) of the journal's last line; a last line that is no entry (edited by hand) is refused.

    Nothing is appended to a journal whose end cannot be chained to.
    """
    if line is None:
        return 0, GENESIS
    try:
        raw = json.loads(line)
        return int(raw["seq"]), str(raw["hash"])
    except (ValueError, KeyError, TypeError) as exc:
        raise JournalBroken(
            "baris terakhir jurnal bukan entri yang sah (diubah di luar masterplan); tidak ada yang ditulis. "
            "Periksa dengan masterplan log --verify"
        ) from exc


# --- stored file contents ------------------------------------------------------------


def store_object(workspace: Path | WorkspaceStore, data: bytes) -> str:
    """Keep ``data`` under its SHA-256 (once) and return the hash."""
    return as_store(workspace).put_object(data)


def load_object(workspace: Path | WorkspaceStore, digest: str) -> bytes | None:
    """The stored contents with this hash, ``None`` when not kept, damaged, or the hash is malformed."""
    try:
        return as_store(workspace).get_object(digest)
    except UsageError:
        return None


def check_objects(workspace: Path | WorkspaceStore, entries: list[Entry]) -> list[str]:
    """A problem for every stored file content the journal names that is missing or altered."""
    problems: list[str] = []
    seen: set[str] = set()
    store = as_store(workspace)
    kept = set(store.objects())
    for entry in entries:
        for key in ("files", "before"):
            for file, digest in (entry.data.get(key) or {}).items():
                if digest is None or digest in seen:
                    continue
                seen.add(digest)
                if digest not in kept:
                    problems.append(f"isi {file} dari entri #{entry.seq} tidak ada lagi di {OBJECTS_DIR}")
                elif load_object(store, digest) is None:
                    problems.append(
                        f"isi {file} dari entri #{entry.seq} di {OBJECTS_DIR} telah diubah (hash tidak cocok)"
                    )
    return problems
