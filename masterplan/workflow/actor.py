"""Who is acting on which workspace: the people list, the person, the region's OPD codes."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from masterplan.answers.workspace import REGION_FILE
from masterplan.answers.yamlio import read_yaml
from masterplan.errors import WorkspaceNotFound
from masterplan.models.region import Region
from masterplan.workflow.people import People, Person, allow, identify, load_people, require_people


@dataclass(frozen=True)
class Actor:
    """The person taking an action (``None`` in a workspace without a people list)."""

    root: Path
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


def opd_codes(root: Path) -> set[str] | None:
    """Lower-case OPD codes of the region profile, ``None`` when it cannot be read."""
    path = Path(root) / REGION_FILE
    if not path.is_file():
        raise WorkspaceNotFound(f"{root} bukan workspace masterplan: berkas {REGION_FILE} tidak ditemukan")
    data, problems = read_yaml(path, REGION_FILE)
    if problems:
        return None
    try:
        return set(Region.model_validate(data).opd_lookup)
    except ValidationError:
        return None


def actor(root: Path, name: str | None, workflow: bool = False) -> Actor:
    """The actor for ``--as name``.

    With ``workflow`` (stage actions, notes, finalisation) the workspace must
    have a people list; answer edits work without one and record the name given.
    """
    root = Path(root)
    codes = opd_codes(root)
    if workflow:
        people = require_people(root, codes)
        return Actor(root, people, identify(people, name), "")
    found, problems = load_people(root, codes)
    if problems:
        people = require_people(root, codes)  # raises with the listing
    if found is not None:
        return Actor(root, found, identify(found, name), "")
    return Actor(root, None, None, name or getpass.getuser())


def readable(root: Path) -> None:
    """Refuse a folder that is not a workspace, or whose people list cannot be read."""
    root = Path(root)
    codes = opd_codes(root)
    _, problems = load_people(root, codes)
    if problems:
        require_people(root, codes)
