"""A service for many regions: ``service.yaml`` and one workspace per region.

A service (in a folder or a database, :mod:`masterplan.workflow.service_home`) holds
``service.yaml`` (its regions' batch years and its people with their roles per
region) and one workspace per region (``<folder>/<name>/``, or a workspace of the
database). People belong to the service: a mentor assigned to eight
regions has one account and sees the eight; a ``pemantau`` (ministry viewer)
reads every region and changes nothing. Each region's ``people.yaml`` is made
from ``service.yaml`` (:func:`project_people`), so every command and the
journal work on a region exactly as on a workspace of its own, and a region
pulled out of the service keeps its people. A ``people.yaml`` someone wrote by
hand is never overwritten: that region is held back until its people are moved
into ``service.yaml``. Accounts, the session key and the login failures of the
service are kept in its own store (its folder's ``workflow/``, or the database's ``_layanan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from masterplan.answers.schema_errors import pydantic_problems
from masterplan.answers.workspace import REGION_FILE
from masterplan.answers.yamlio import parse_yaml_bytes, too_large
from masterplan.checks.problems import Problem, Where
from masterplan.errors import UsageError
from masterplan.fileio import atomic_write_bytes
from masterplan.limits import MAX_FILE_BYTES
from masterplan.workflow.actor import opd_codes
from masterplan.workflow.people import EMAIL, PEOPLE_FILE, People, Person
from masterplan.workflow.service_home import (
    REGION_NAME,
    RESERVED,
    SERVICE_FILE,
    FolderHome,
    ServiceHome,
)

GENERATED = "# Dibuat oleh masterplan dari service.yaml layanan; jangan diubah di sini (akan ditimpa)."
"""The first line of a ``people.yaml`` made from the service (any other first line: written by hand)."""



def _digits_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Assignment(BaseModel):
    """A person's role in one region."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: Annotated[str, Field(pattern=REGION_NAME)]
    role: Literal["tim", "koordinator", "mentor", "pejabat"]
    opd: str | None = None  # tim only


class ServicePerson(BaseModel):
    """One person of the service: who they are, and their role in each region they work on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,39}$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    nip: Annotated[str | None, BeforeValidator(_digits_as_text)] = None
    email: Annotated[str | None, Field(max_length=254, pattern=EMAIL)] = None
    pemantau: bool = False  # a ministry viewer: reads every region, takes no action
    regions: list[Assignment] = Field(default_factory=list)


class RegionEntry(BaseModel):
    """What the service knows of a region beyond its workspace."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    batch: int | None = Field(default=None, ge=2017, le=2100)  # the year the region joined the programme
    archived: bool = False  # kept whole, not served nor listed


class ServiceFile(BaseModel):
    """The contents of ``service.yaml``."""

    model_config = ConfigDict(extra="forbid")

    regions: dict[Annotated[str, Field(pattern=REGION_NAME)], RegionEntry] = Field(default_factory=dict)
    people: list[ServicePerson] = Field(default_factory=list)


@dataclass(frozen=True)
class Service:
    """A service as read from its home: its regions and its people."""

    home: ServiceHome
    entries: dict[str, RegionEntry]
    people: tuple[ServicePerson, ...]
    folders: tuple[str, ...]  # every region with a workspace (a region.yaml), archived or not

    def regions(self, archived: bool = False) -> list[str]:
        """The region names served (with ``archived``, also the archived ones), sorted."""
        return [name for name in self.folders if archived or not self.entry(name).archived]

    def entry(self, name: str) -> RegionEntry:
        """The service's entry for region ``name`` (empty when service.yaml does not list it)."""
        return self.entries.get(name) or RegionEntry()

    def person(self, person_id: str) -> ServicePerson | None:
        """The person with this id."""
        return next((p for p in self.people if p.id == person_id), None)

    def find(self, name: str) -> ServicePerson | None:
        """The person whose id or full name is ``name`` (any case)."""
        key = name.strip().casefold()
        return next((p for p in self.people if key in (p.id, p.name.casefold())), None)

    def regions_of(self, person: ServicePerson) -> list[str]:
        """The regions ``person`` sees: all for a pemantau, else those they are assigned to."""
        served = self.regions()
        if person.pemantau:
            return served
        assigned = {a.region for a in person.regions}
        return [name for name in served if name in assigned]

    def mentors(self, region: str) -> list[ServicePerson]:
        """The mentors assigned to ``region``."""
        return [p for p in self.people if any(a.region == region and a.role == "mentor" for a in p.regions)]

    def people_of(self, region: str) -> People:
        """The people of ``region`` as its ``people.yaml`` lists them (pemantau included, read-only)."""
        found: list[Person] = []
        for person in self.people:
            if person.pemantau:
                found.append(Person(id=person.id, name=person.name, role="pemantau", nip=person.nip,
                                    email=person.email))
                continue
            for assignment in person.regions:
                if assignment.region == region:
                    found.append(Person(id=person.id, name=person.name, role=assignment.role,
                                        opd=assignment.opd, nip=person.nip, email=person.email))
        return People(tuple(found))


def is_service(folder: Path) -> bool:
    """True when ``folder`` is the folder of a service (it has ``service.yaml``)."""
    return (Path(folder) / SERVICE_FILE).is_file()


def load_service(where: Path | ServiceHome) -> Service:
    """The service of a folder or a home, or a clear error naming the file, the line and what is expected."""
    home = where if isinstance(where, ServiceHome) else FolderHome(Path(where))
    raw = home.service_file()
    if raw is None and isinstance(home, FolderHome):
        raise UsageError(f"{home.name} bukan folder layanan: berkas {SERVICE_FILE} tidak ditemukan "
                         "(lihat docs/deploy.md, bagian Layanan banyak daerah di folder)")
    if raw is None:
        raise UsageError(f"basis data {home.name} belum memiliki {SERVICE_FILE} layanan; muat dengan: "
                         f"masterplan service set {SERVICE_FILE} --store URL")
    return parse_service(raw, home)


def parse_service(raw: bytes, home: ServiceHome) -> Service:
    """``raw`` read as the ``service.yaml`` of ``home`` (a clear error naming the line when it is not one)."""
    where_in = Where(file=SERVICE_FILE)
    data, problems = (None, [too_large(len(raw), where_in)]) if len(raw) > MAX_FILE_BYTES else (
        parse_yaml_bytes(raw, where_in))
    parsed: ServiceFile | None = None
    if not problems:
        try:
            parsed = ServiceFile.model_validate(data or {})
        except ValidationError as error:
            problems = pydantic_problems(error, data, where_in, ServiceFile)
    if parsed is not None:
        problems = _consistency(parsed)
    if problems or parsed is None:
        listing = "\n".join(p.render("id") for p in problems)
        raise UsageError(f"{SERVICE_FILE} tidak dapat dibaca:\n{listing}")
    return Service(home, dict(parsed.regions), tuple(parsed.people), tuple(home.region_names()))


def _consistency(parsed: ServiceFile) -> list[Problem]:
    """Ids used twice, a region assigned twice to one person, a tim member without an OPD."""
    where = Where(file=SERVICE_FILE)
    details: list[str] = []
    seen: set[str] = set()
    for person in parsed.people:
        if person.id in seen:
            details.append(f"id {person.id} dipakai lebih dari sekali")
        seen.add(person.id)
        if person.pemantau and person.regions:
            details.append(f"{person.id}: pemantau membaca semua daerah; hapus daftar regions-nya")
        regions = [a.region for a in person.regions]
        for name in sorted({r for r in regions if regions.count(r) > 1}):
            details.append(f"{person.id}: daerah {name} disebut lebih dari sekali (satu peran per daerah)")
        for assignment in person.regions:
            if assignment.role == "tim" and not assignment.opd:
                details.append(f"{person.id}: anggota tim di {assignment.region} harus menyebut opd-nya")
            if assignment.role != "tim" and assignment.opd:
                details.append(f"{person.id}: opd hanya untuk anggota tim ({assignment.region})")
    for name in sorted(set(parsed.regions) & RESERVED):
        details.append(f"nama daerah {name} dipakai oleh halaman layanan; pilih nama lain")
    return [Problem("error", "people-invalid", where, {"detail": detail}) for detail in details]


@dataclass
class Projection:
    """What :func:`project_people` did, region by region."""

    written: list[str] = field(default_factory=list)  # people.yaml made or changed
    held: dict[str, str] = field(default_factory=dict)  # region -> why it is not served

    @property
    def served(self) -> bool:
        """True when no region was held back."""
        return not self.held


def people_yaml(people: People) -> bytes:
    """The text of a region's ``people.yaml`` made from the service."""
    rows = [person.model_dump(exclude_none=True) for person in people.people]
    body = yaml.safe_dump({"people": rows}, allow_unicode=True, sort_keys=False, width=120)
    return (GENERATED + "\n# Ubah orang dan perannya di service.yaml layanan.\n\n" + body).encode("utf-8")


def project_people(service: Service) -> Projection:
    """Write each served region's ``people.yaml`` from ``service.yaml`` (only where it changed).

    A region is held back (and its file left as it is) when its ``people.yaml``
    was written by hand, or when a tim member's OPD is not in its region.yaml.
    """
    done = Projection()
    for name in service.regions():
        store = service.home.region(name)
        try:
            current = store.read(PEOPLE_FILE)
        except (OSError, UsageError) as error:
            why = getattr(error, "strerror", None) or error
            done.held[name] = f"{PEOPLE_FILE} tidak dapat dibaca ({why})"
            continue
        if current is not None and not current.startswith(GENERATED.encode("utf-8")):
            done.held[name] = (f"{PEOPLE_FILE} ditulis tangan; pindahkan orang-orangnya ke {SERVICE_FILE} "
                               f"(dengan regions: - {{region: {name}, role: ...}}), lalu hapus berkas itu")
            continue
        people = service.people_of(name)
        codes = opd_codes(store)
        unknown = sorted({p.opd for p in people.people if p.opd and codes is not None
                          and p.opd.lower() not in codes})
        if unknown:
            done.held[name] = f"opd {', '.join(unknown)} di {SERVICE_FILE} tidak ada di {name}/{REGION_FILE}"
            continue
        wanted = people_yaml(people)
        if wanted != current:
            store.write(PEOPLE_FILE, wanted)
            done.written.append(name)
    return done


def set_region_entry(folder: Path, name: str, **values: object) -> bool:
    """Set ``values`` (``batch``, ``archived``) of region ``name`` in ``service.yaml``, comments kept.

    True when the file changed. The file must read as a service (a clear error otherwise).
    """
    import io

    from masterplan.answers.yamlio import new_yaml

    load_service(folder)
    path = Path(folder) / SERVICE_FILE
    text = path.read_text("utf-8")
    rt = new_yaml()
    document = rt.load(text) or {}
    regions = document.get("regions")
    if regions is None:
        from ruamel.yaml.comments import CommentedMap

        regions = document["regions"] = CommentedMap()
    entry = regions.get(name)
    if entry is None:
        from ruamel.yaml.comments import CommentedMap

        entry = regions[name] = CommentedMap()
        entry.fa.set_flow_style()
    changed = False
    for key, value in values.items():
        if value is None or entry.get(key) == value:
            continue
        if key == "archived" and value is False:
            changed = changed or "archived" in entry
            entry.pop("archived", None)
            continue
        entry[key] = value
        changed = True
    if changed:
        out = io.StringIO()
        rt.dump(document, out)
        atomic_write_bytes(path, out.getvalue().encode("utf-8"))
        load_service(folder)  # what was written reads back as a service
    return changed
