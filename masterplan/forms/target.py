"""Whose answers a workbook holds: an OPD of region.yaml or the coordinator."""

from __future__ import annotations

from dataclasses import dataclass

from masterplan.answers.contribution import COORDINATOR
from masterplan.answers.workspace import ANSWERS_DIR
from masterplan.errors import UsageError
from masterplan.models.region import Region


@dataclass(frozen=True)
class Target:
    """One contributor's answers file of one stage."""

    stage: int
    stem: str
    """The file name without ``.yaml``: the OPD code in lower case, or ``koordinator``."""
    name: str
    """The contributor as ``check`` names it: the OPD code as written in region.yaml, or ``koordinator``."""
    title: str
    """For people: ``DINKES - Dinas Kesehatan`` or ``Tim Koordinator``."""

    @property
    def file(self) -> str:
        """``answers/bimtek-2/dinkes.yaml``."""
        return f"{ANSWERS_DIR}/bimtek-{self.stage}/{self.stem}.yaml"


def target(region: Region, stage: int, opd: str | None) -> Target:
    """The answers file of ``opd`` (any case; ``None`` or ``koordinator``: the coordinator's)."""
    if opd is None or opd.strip().lower() == COORDINATOR:
        return Target(stage, COORDINATOR, COORDINATOR, "Tim Koordinator (Tim Pelaksana Smart City)")
    code = region.opd_lookup.get(opd.strip().lower())
    if code is None:
        known = ", ".join(o.code for o in region.opds)
        raise UsageError(f"OPD {opd} tidak terdaftar di region.yaml; kode yang ada: {known}")
    return Target(stage, code.lower(), code, f"{code} - {region.opd_names[code]}")
