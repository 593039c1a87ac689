"""Where a service for many regions keeps its things: a folder, or a PostgreSQL database.

A service has its own store (``service.yaml``, its accounts, login failures and ended sessions)
and one workspace per region. :class:`FolderHome` is a service folder (``service.yaml`` beside a
folder per region); :class:`DatabaseHome` is a database, where the service's own documents are the
workspace :data:`SERVICE_WORKSPACE` and every other workspace is a region. The service's reading
(:mod:`masterplan.workflow.service`), its people made per region and its web front
(:mod:`masterplan.web.service`) go through this interface only.
"""

from __future__ import annotations

import os
import re
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Final

from masterplan.answers.workspace import REGION_FILE
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore

SERVICE_FILE: Final = "service.yaml"
SERVICE_WORKSPACE: Final = "_layanan"
"""The database's workspace of the service's own documents (no region can be named so)."""
REGION_NAME: Final = r"^[a-z0-9][a-z0-9-]{1,62}$"
RESERVED: Final = frozenset({"masuk", "keluar", "statis", "portofolio", "workflow"})
"""Names a region may not have: they are the service's own pages and state."""


def valid_region_name(name: str) -> bool:
    """True when ``name`` can be a region's address in a service."""
    return re.fullmatch(REGION_NAME, name) is not None and name not in RESERVED


class ServiceHome(ABC):
    """A service's own store and its regions' workspaces."""

    name: str
    """The service in messages: its folder, or its database (without a password)."""

    own: WorkspaceStore
    """``service.yaml``, the accounts, login failures and ended sessions of the service."""

    @abstractmethod
    def region_names(self) -> list[str]:
        """The regions that have a workspace (a ``region.yaml``), sorted."""

    @abstractmethod
    def region(self, name: str) -> WorkspaceStore:
        """The workspace of region ``name``."""

    @abstractmethod
    def folder(self, name: str) -> Path:
        """Where region ``name`` is read as a folder (drafts): the folder itself, or its checkout."""

    @abstractmethod
    def job_params(self, name: str) -> dict[str, str]:
        """How a job names region ``name`` (see :mod:`masterplan.jobs.tasks`)."""

    @abstractmethod
    def stamp(self) -> tuple[object, ...]:
        """Changes whenever ``service.yaml`` or the list of regions changes (asked at every request)."""

    def service_file(self) -> bytes | None:
        """The bytes of ``service.yaml``, ``None`` when there is none."""
        return self.own.read(SERVICE_FILE)


class FolderHome(ServiceHome):
    """A service folder: ``service.yaml`` and one workspace folder per region."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.name = str(self.root)
        self.own = FileStore(self.root)

    def region_names(self) -> list[str]:
        """Every folder with a region.yaml whose name can be an address (hidden ones left out)."""
        return sorted(
            entry.name for entry in os.scandir(self.root)
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
            and valid_region_name(entry.name) and (Path(entry.path) / REGION_FILE).is_file()
        )

    def region(self, name: str) -> WorkspaceStore:
        """The region's folder."""
        return FileStore(self.root / name)

    def folder(self, name: str) -> Path:
        """The region's folder."""
        return self.root / name

    def job_params(self, name: str) -> dict[str, str]:
        """``{"root": <the region's folder>}``."""
        return {"root": str(self.root / name)}

    def stamp(self) -> tuple[object, ...]:
        """The times, sizes and inodes of service.yaml and of the service folder (a region added)."""
        found: list[object] = []
        for path in (self.root / SERVICE_FILE, self.root):
            try:
                info = path.stat()
                found += [info.st_mtime_ns, info.st_size, info.st_ino]
            except OSError:
                found += [0, 0, 0]
        return tuple(found)


class DatabaseHome(ServiceHome):
    """A PostgreSQL database: the service's documents in :data:`SERVICE_WORKSPACE`, a workspace per region."""

    def __init__(self, url: str) -> None:
        from masterplan.store.postgres import PostgresStore, _safe

        self.url = url
        self.name = _safe(url)
        self.own = PostgresStore(url, SERVICE_WORKSPACE, create=True)
        self._regions: dict[str, WorkspaceStore] = {}
        self._lock = threading.Lock()

    def region_names(self) -> list[str]:
        """Every workspace that is not archived, is no service's own and has a region.yaml."""
        from masterplan.store.postgres import connect_pool

        with connect_pool(self.url).connection() as conn:
            rows = conn.execute(
                "SELECT w.name FROM workspaces w JOIN documents d ON d.workspace = w.name AND d.path = %s "
                "WHERE w.archived_at IS NULL ORDER BY w.name COLLATE \"C\"", (REGION_FILE,)).fetchall()
        return [str(name) for (name,) in rows if valid_region_name(str(name))]

    def region(self, name: str) -> WorkspaceStore:
        """The region's workspace in the database (one store object per region and process)."""
        from masterplan.store.postgres import PostgresStore

        with self._lock:
            found = self._regions.get(name)
            if found is None:
                found = self._regions[name] = PostgresStore(self.url, name)
            return found

    def folder(self, name: str) -> Path:
        """The region's checkout under the installation's home (brought up to date where it is read)."""
        from masterplan.store.checkout import checkout_folder

        return checkout_folder(self.region(name))

    def job_params(self, name: str) -> dict[str, str]:
        """``{"store": <database URL>, "name": <region>}``."""
        return {"store": self.url, "name": name}

    def stamp(self) -> tuple[object, ...]:
        """The version of service.yaml and the names of the regions."""
        return (self.own.version(SERVICE_FILE), tuple(self.region_names()))
