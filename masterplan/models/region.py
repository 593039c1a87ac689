"""The region profile (``region.yaml``): who the plan is for and its settings."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _digits_as_text(value: object) -> object:
    """YAML reads an unquoted NIP as a number; keep it as text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[str, Field(min_length=1)]
NipText = Annotated[str, BeforeValidator(_digits_as_text)]
OpdCode = Annotated[
    str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$", min_length=2, max_length=30)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Head(_Strict):
    """The elected head of region (Bupati / Wali Kota) and deputy; they sign with name only."""

    name: Text
    deputy: str | None = None


class Period(_Strict):
    """The masterplan period: ``length`` years from ``start`` (10 by default, 5 allowed)."""

    start: int = Field(ge=2000, le=2100)
    length: Literal[5, 10] = 10

    @property
    def end(self) -> int:
        """The last year of the period."""
        return self.start + self.length - 1

    @property
    def years(self) -> list[int]:
        """Every year of the period."""
        return list(range(self.start, self.start + self.length))


class QuickWinRange(_Strict):
    """How many quick wins are expected (domain.md §4: 3-4 early, 6 from 2021 on)."""

    min: int = Field(default=3, ge=1)
    max: int = Field(default=6, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> QuickWinRange:
        if self.max < self.min:
            raise ValueError("max tidak boleh lebih kecil dari min")
        return self


class Opd(_Strict):
    """A perangkat daerah (OPD) of the region; its code names its answers file."""

    code: OpdCode
    name: Text
    short: str | None = None


class Signatory(_Strict):
    """A civil servant who signs the Lembar Pengesahan (name, position, rank, NIP)."""

    role: Literal["ketua-tim", "sekretaris-tim", "sekda", "kepala-bappeda", "lainnya"]
    name: Text
    position: Text
    rank: Text
    grade: Annotated[str, Field(pattern=r"^(I|II|III|IV)/[a-e]$")]
    nip: NipText


class Labels(_Strict):
    """Names of the bodies; a 2026 draft regulation may rename them (domain.md §1)."""

    council: str = "Dewan Smart City"
    team: str = "Tim Pelaksana Smart City"
    forum: str = "Forum Smart City"


class Region(_Strict):
    """The region profile."""

    name: Text
    kind: Literal["kabupaten", "kota"]
    province: Text
    capital: Text
    head: Head
    period: Period
    paper: Literal["A4", "F4"] = "A4"
    quick_wins: QuickWinRange = QuickWinRange()
    emblem: str | None = None
    deadline: dt.date | None = None
    labels: Labels = Labels()
    opds: list[Opd] = Field(min_length=1)
    signatories: list[Signatory] = Field(min_length=1)

    @cached_property
    def opd_lookup(self) -> dict[str, str]:
        """Lower-cased OPD code -> code as written in region.yaml."""
        return {o.code.lower(): o.code for o in self.opds}

    @cached_property
    def opd_names(self) -> dict[str, str]:
        """OPD code -> full name."""
        return {o.code: o.name for o in self.opds}

    @property
    def title(self) -> str:
        """"Kabupaten Sukamaju" or "Kota Sukamaju"."""
        return f"{'Kabupaten' if self.kind == 'kabupaten' else 'Kota'} {self.name}"

    @property
    def slug(self) -> str:
        """"kabupaten-sukamaju": used in output file names."""
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
