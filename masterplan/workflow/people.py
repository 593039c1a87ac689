"""Who works on a workspace (``people.yaml``) and what each role may do.

Identity on the command line is a claim (``--as NAME``), not authentication:
the journal records it, and the web front adds passwords.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from masterplan.answers.schema_errors import pydantic_problems
from masterplan.answers.yamlio import parse_yaml_bytes, read_yaml
from masterplan.checks.problems import Problem, Where
from masterplan.errors import NotAllowed, UsageError
from masterplan.fileio import inside
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store

PEOPLE_FILE = "people.yaml"
AS_ENV = "MASTERPLAN_AS"

Role = Literal["tim", "koordinator", "mentor", "pejabat", "pemantau"]

ROLE_LABELS: dict[str, str] = {
    "tim": "anggota Tim Pelaksana",
    "koordinator": "koordinator Tim Pelaksana",
    "mentor": "pendamping (mentor)",
    "pejabat": "pejabat penandatangan",
    "pemantau": "pemantau kementerian",
}
"""``pemantau``, a ministry viewer of a service (``service.yaml``), reads every page and takes no action."""

PERMISSIONS: dict[str, frozenset[str]] = {
    "answers.save": frozenset({"tim", "koordinator"}),
    "stage.submit": frozenset({"koordinator"}),
    "stage.withdraw": frozenset({"koordinator"}),
    "stage.approve": frozenset({"mentor"}),
    "stage.request_changes": frozenset({"mentor"}),
    "stage.reopen": frozenset({"mentor"}),
    "note.add": frozenset({"mentor"}),
    "note.reply": frozenset({"tim", "koordinator", "mentor", "pejabat"}),
    "note.resolve": frozenset({"mentor"}),
    "finalize": frozenset({"pejabat"}),
    "workspace.upgrade": frozenset({"koordinator"}),
}
"""Action -> roles allowed to take it: the one table of who may do what."""

ACTION_LABELS: dict[str, str] = {
    "answers.save": "mengubah jawaban",
    "stage.submit": "mengajukan tahap untuk direviu",
    "stage.withdraw": "menarik kembali pengajuan tahap",
    "stage.approve": "menyetujui tahap",
    "stage.request_changes": "meminta perbaikan tahap",
    "stage.reopen": "membuka kembali tahap yang telah disetujui",
    "note.add": "menulis catatan reviu",
    "note.reply": "membalas catatan reviu",
    "note.resolve": "menyelesaikan catatan reviu",
    "finalize": "memfinalisasi dokumen",
    "workspace.upgrade": "meningkatkan format workspace",
}


def _digits_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


EMAIL = r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$"
"""An e-mail address, one and only one (no names, lists or spaces: nothing that could add a header)."""


class Person(BaseModel):
    """One person of the workspace."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,39}$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Role
    opd: str | None = None  # tim only: the OPD code they write for
    nip: Annotated[str | None, BeforeValidator(_digits_as_text)] = None
    email: Annotated[str | None, Field(max_length=254, pattern=EMAIL)] = None  # for notifications

    @property
    def label(self) -> str:
        """``Rina Wulandari (anggota Tim Pelaksana, diskominfo)``."""
        extra = f", {self.opd}" if self.opd else ""
        return f"{self.name} ({ROLE_LABELS[self.role]}{extra})"


class PeopleFile(BaseModel):
    """The contents of ``people.yaml``."""

    model_config = ConfigDict(extra="forbid")

    people: list[Person] = Field(default_factory=list)


@dataclass(frozen=True)
class People:
    """The people of a workspace, looked up by id or name."""

    people: tuple[Person, ...]

    def find(self, name: str) -> Person | None:
        """The person whose id is ``name`` or whose full name is ``name`` (any case)."""
        key = name.strip().casefold()
        for person in self.people:
            if key in (person.id, person.name.casefold()):
                return person
        return None

    def by_id(self, person_id: str) -> Person | None:
        """The person with this id."""
        return next((p for p in self.people if p.id == person_id), None)


def load_people(
    workspace: Path | WorkspaceStore, opd_codes: set[str] | None = None
) -> tuple[People | None, list[Problem]]:
    """Read ``people.yaml`` of a folder or a store; ``None`` when there is none (the workflow is then off)."""
    store = as_store(workspace)
    if isinstance(store, FileStore):
        root = store.root
        path = root / PEOPLE_FILE
        if not path.is_file():
            return None, []
        if not inside(root, path):
            target = {"target": path.resolve()}
            return None, [Problem("error", "file-outside-workspace", Where(file=PEOPLE_FILE), target)]
        data, problems = read_yaml(path, PEOPLE_FILE)
    else:
        raw = store.read(PEOPLE_FILE)
        if raw is None:
            return None, []
        data, problems = parse_yaml_bytes(raw, Where(file=PEOPLE_FILE))
    if problems:
        return None, problems
    where = Where(file=PEOPLE_FILE)
    try:
        parsed = PeopleFile.model_validate(data or {})
    except ValidationError as exc:
        return None, pydantic_problems(exc, data, where, PeopleFile)
    found: list[Problem] = []
    seen: set[str] = set()
    for person in parsed.people:
        if person.id in seen:
            found.append(
                Problem(
                    "error", "people-invalid", where, {"detail": f"id {person.id} dipakai lebih dari sekali"}
                )
            )
        seen.add(person.id)
        if person.role == "tim" and not person.opd:
            found.append(
                Problem(
                    "error",
                    "people-invalid",
                    where,
                    {"detail": f"{person.id}: anggota tim harus menyebut opd yang diisinya"},
                )
            )
        if person.opd and opd_codes is not None and person.opd.lower() not in opd_codes:
            found.append(
                Problem(
                    "error",
                    "people-invalid",
                    where,
                    {"detail": f"{person.id}: opd {person.opd} tidak ada di region.yaml"},
                )
            )
    if found:
        return None, found
    return People(tuple(parsed.people)), []


def require_people(root: Path | WorkspaceStore, opd_codes: set[str] | None = None) -> People:
    """The people of a workspace, or a clear error when the list is missing or wrong."""
    people, problems = load_people(root, opd_codes)
    if problems:
        listing = "\n".join(p.render("id") for p in problems)
        raise UsageError(f"{PEOPLE_FILE} tidak dapat dibaca:\n{listing}")
    if people is None:
        raise UsageError(
            f"alur kerja memerlukan daftar orang: buat {PEOPLE_FILE} di {as_store(root).name} "
            "(lihat README, bagian Alur kerja)"
        )
    return people


def _configured_name() -> str | None:
    """``--as`` from the environment or the user's config file (``as: NAME``)."""
    if os.environ.get(AS_ENV):
        return os.environ[AS_ENV]
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    config = base / "masterplan" / "config.yaml"
    if config.is_file():
        data, problems = read_yaml(config, str(config))
        if not problems and isinstance(data, dict) and isinstance(data.get("as"), str):
            return str(data["as"])
    return None


def identify(people: People, name: str | None) -> Person:
    """The person acting: ``--as NAME``, else ``MASTERPLAN_AS``, else the user's config."""
    claimed = name or _configured_name()
    if not claimed:
        raise UsageError(
            f"siapa yang melakukan tindakan ini? sebutkan --as NAMA (atau atur {AS_ENV}); "
            f"nama yang dikenal: {', '.join(p.id for p in people.people)}"
        )
    person = people.find(claimed)
    if person is None:
        raise UsageError(
            f"{claimed} tidak terdaftar di {PEOPLE_FILE}; nama yang dikenal: "
            f"{', '.join(p.id for p in people.people)}"
        )
    return person


def allow(person: Person, action: str, opd: str | None = None) -> None:
    """Refuse (:class:`~masterplan.errors.NotAllowed`) when ``person``'s role may not take ``action``.

    ``opd`` is the contributor an answers edit is for; a tim member may only
    write their own OPD's file.
    """
    roles = PERMISSIONS[action]
    if person.role not in roles:
        who = ", ".join(ROLE_LABELS[r] for r in sorted(roles))
        raise NotAllowed(f"{person.label} tidak boleh {ACTION_LABELS[action]}; yang boleh: {who}")
    own = (person.opd or "").lower()
    if action == "answers.save" and person.role == "tim" and opd is not None and own != opd.lower():
        raise NotAllowed(f"{person.label} hanya boleh mengubah jawaban {person.opd}, bukan {opd}")
