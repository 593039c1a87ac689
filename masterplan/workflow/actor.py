"""Who is acting on which workspace: the people list, the person, the region's OPD codes."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from masterplan.answers.workspace import REGION_FILE
from masterplan.answers.yamlio import parse_yaml_bytes
from masterplan.checks.problems import Where
from masterplan.errors import WorkspaceNotFound
from masterplan.limits import MAX_FILE_BYTES
from masterplan.models.region import Region
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.people import People, Person, allow, identify, load_people, require_people


@dataclass(frozen=True)
class Actor:
    """The person taking an action (``None`` in a workspace without a people list)."""

    store: WorkspaceStore
    people: People | None
    person: Person | None
    claimed: str  # the name recorded when there is no people list

    def allow(self, action: str, opd: str | None = None) -> None:
        """Refuse when the person may not take ``action``; open to all without a people list."""
        if self.person is not None:
            allow(self.person, action, opd)

    @property
    def label(self) -> str:
        """The person as shown in messages."""
        return self.person.label if self.person else self.claimed


def opd_codes(root: Path | WorkspaceStore) -> set[str] | None:
    """Lower-case OPD codes of the region profile, ``None`` when it cannot be read."""
    store = as_store(root)
    raw = store.read(REGION_FILE)
    if raw is None:
        where = store.root if isinstance(store, FileStore) else store.name
        raise WorkspaceNotFound(f"{where} bukan workspace masterplan: berkas {REGION_FILE} tidak ditemukan")
    if len(raw) > MAX_FILE_BYTES:
        return None  # check says why
    data, problems = parse_yaml_bytes(raw, Where(file=REGION_FILE))
    if problems:
        return None
    try:
        return set(Region.model_validate(data).opd_lookup)
    except ValidationError:
        return None


def actor(workspace: Path | WorkspaceStore, name: str | None, workflow: bool = False) -> Actor:
    """The actor for ``--as name`` in a workspace (its folder or its store).

    With ``workflow`` (stage actions, notes, finalisation) the workspace must
    have a people list; answer edits work without one and record the name given.
    """
    store = as_store(workspace)
    codes = opd_codes(store)
    if workflow:
        people = require_people(store, codes)
        return Actor(store, people, identify(people, name), "")
    found, problems = load_people(store, codes)
    if problems:
        people = require_people(store, codes)  # raises with the listing
    if found is not None:
        return Actor(store, found, identify(found, name), "")
    return Actor(store, None, None, name or getpass.getuser())


def readable(workspace: Path | WorkspaceStore) -> None:
    """Refuse a folder that is not a workspace, or whose people list cannot be read."""
    store = as_store(workspace)
    codes = opd_codes(store)
    _, problems = load_people(store, codes)
    if problems:
        require_people(store, codes)
