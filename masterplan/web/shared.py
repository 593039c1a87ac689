"""Small records of the web front's state kept in the workspace's store, shared by every web process.

Login failures and ended sessions must hold for every process that serves a
workspace (two behind one proxy, after a restart, on two machines with the
database store). Each is one small JSON document, read whole when it is needed
and changed as a read-modify-write under the store's write lock, so that two
processes never lose each other's change. In a folder the files are private
(mode 0600).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from masterplan.errors import MasterplanError
from masterplan.fileio import create_private
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore

__all__ = ["ENDED_SESSIONS_FILE", "EndedSessions", "SharedRecord"]

ENDED_SESSIONS_FILE = "workflow/sessions-ended.json"
"""Session ids logged out, with when each may be forgotten (its cookie would have expired by then)."""

log = logging.getLogger(__name__)

Record = dict[str, Any]


class SharedRecord:
    """The JSON object kept at ``path`` of ``store`` (an empty object when absent or unreadable)."""

    def __init__(self, store: WorkspaceStore, path: str) -> None:
        self.store = store
        self.path = path

    def read(self) -> Record:
        """The record as stored now (empty when it cannot be read: a request never fails for it)."""
        try:
            data = json.loads(self.store.read(self.path) or b"{}")
        except (OSError, ValueError, MasterplanError) as error:
            log.error("%s tidak dapat dibaca (%s); dianggap kosong", self.path, error)
            return {}
        return data if isinstance(data, dict) else {}

    def update(self, change: Callable[[Record], bool]) -> None:
        """Apply ``change`` (which edits the record in place and says whether it did) under the write lock.

        A record that cannot be written (a link out of the workspace put in its place) is logged, and
        the request goes on.
        """
        with self.store.exclusive():
            record = self.read()
            if not change(record):
                return
            data = json.dumps(record, separators=(",", ":"), sort_keys=True).encode()
            try:
                if isinstance(self.store, FileStore):
                    create_private(self.store.root / self.path)
                self.store.write(self.path, data)
            except (OSError, MasterplanError) as error:
                log.error("%s tidak dapat ditulis (%s)", self.path, error)


class EndedSessions:
    """The sessions logged out, kept in ``store``: every process refuses their cookies."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.record = SharedRecord(store, ENDED_SESSIONS_FILE)

    def end(self, sid: str, lifetime: float) -> None:
        """Remember that session ``sid`` was logged out (forgotten once its cookie would have expired)."""
        moment = time.time()

        def end(ended: dict[str, Any]) -> bool:
            for old in [k for k, until in ended.items()
                        if not isinstance(until, int | float) or until <= moment]:
                del ended[old]
            ended[sid] = moment + lifetime
            return True

        self.record.update(end)

    def has_ended(self, sid: str) -> bool:
        """True when ``sid`` was logged out (by this process or another)."""
        until = self.record.read().get(sid)
        return isinstance(until, int | float) and until > time.time()
