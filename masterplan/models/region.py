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
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Head(_Strict):
    """The elected head of region (Bupati / Wali Kota) and deputy; they sign with name only."""

    name: Text
    deputy: str | None = None


FORMAT = 2
"""The workspace format this version writes; ``masterplan upgrade`` brings older ones here.

1: the first format (``period.length`` of 5 or 10, no ``format`` key).
2: ``period`` runs from ``start`` to ``end`` (3-20 years); ``format: 2`` in region.yaml.
"""

MIN_YEARS, MAX_YEARS = 3, 20


class Period(_Strict):
    """The masterplan period, ``start`` to ``end`` inclusive (3-20 years; usually 10).

    Format 1 wrote ``length`` (5 or 10) instead of ``end``; it is still read.
    """

    start: int = Field(ge=2000, le=2100)
    end: int = Field(ge=2000, le=2120)

    @model_validator(mode="before")
    @classmethod
    def _from_length(cls, data: object) -> object:
        """Read format 1's ``length`` as the ``end`` it implies."""
        if isinstance(data, dict) and "length" in data:
            data = dict(data)
            length, start = data.pop("length"), data.get("start")
            if "end" in data:
                raise ValueError("tulis end (tahun terakhir) saja, tanpa length")
            if length not in (5, 10):
                raise ValueError("length (format lama) harus 5 atau 10; tulis end, tahun terakhir periode")
            if isinstance(start, int):
                data["end"] = start + length - 1
        return data

    @model_validator(mode="after")
    def _span(self) -> Period:
        if not MIN_YEARS <= self.length <= MAX_YEARS:
            raise ValueError(
                f"periode {self.start}-{self.end} berlangsung {self.length} tahun; "
                f"periode masterplan {MIN_YEARS} sampai {MAX_YEARS} tahun"
            )
        return self

    @property
    def length(self) -> int:
        """How many years the period runs."""
        return self.end - self.start + 1

    @property
    def years(self) -> list[int]:
        """Every year of the period."""
        return list(range(self.start, self.end + 1))


class QuickWinRange(_Strict):
    """How many quick wins are expected (domain.md §4: 3-4 early, 6 from 2021 on)."""

    min: int = Field(default=3, ge=1)
    max: int = Field(default=6, ge=1)
    dimensions: list[Annotated[str, Field(pattern=r"^(SG|SB|SE|SL|SS|SV)$")]] | None = None
    """Dimensions each year's set should cover (one quick win each); ``None``: all six."""

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


class RegionFigure(_Strict):
    """A picture of the region's own (a map, a photo) from ``assets/``, at the end of a section."""

    file: Text  # relative to the workspace: "assets/peta-administrasi.png"
    caption: Text
    source: Text
    section: Text  # the title of the outline section it closes: "Kondisi Geografis"
    width_cm: float = Field(default=14.0, ge=3.0, le=16.0)


class Regulation(_Strict):
    """The act that adopts the plan: a Peraturan (Perbup/Perwali) or a Keputusan (SK) of the head.

    Left out of region.yaml while the plan is still a draft.
    """

    kind: Literal["peraturan", "keputusan"] = "peraturan"
    number: Text
    year: int = Field(ge=2000, le=2120)
    title: Text
    date: dt.date | None = None
    scan: str | None = None  # the signed act, scanned: "assets/lampiran/perbup.pdf" (printed as an appendix)


class Labels(_Strict):
    """Names of the bodies; a 2026 draft regulation may rename them (domain.md §1)."""

    council: str = "Dewan Smart City"
    team: str = "Tim Pelaksana Smart City"
    forum: str = "Forum Smart City"


ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
"""Indonesia's time zones and their offsets from UTC in hours."""

_WITA = {"Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan", "Kalimantan Timur",
         "Kalimantan Utara", "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah", "Sulawesi Barat",
         "Sulawesi Selatan", "Sulawesi Tenggara"}
_WIT = {"Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Barat Daya", "Papua Tengah",
        "Papua Pegunungan", "Papua Selatan"}


def province_zone(province: str) -> str:
    """The time zone of a province: WITA and WIT by name, WIB for every other province."""
    name = " ".join(province.replace("Provinsi", "").split())
    return "WITA" if name in _WITA else "WIT" if name in _WIT else "WIB"


class Region(_Strict):
    """The region profile."""

    format: int = Field(default=1, ge=1, le=FORMAT)
    name: Text
    kind: Literal["kabupaten", "kota"]
    province: Text
    capital: Text
    head: Head
    period: Period
    paper: Literal["A4", "F4"] = "A4"
    quick_wins: QuickWinRange = QuickWinRange()
    emblem: str | None = None
    figures: list[RegionFigure] = Field(default_factory=list)
    deadline: dt.date | None = None
    labels: Labels = Labels()
    opds: list[Opd] = Field(min_length=1)
    signatories: list[Signatory] = Field(min_length=1)
    regulation: Regulation | None = None
    formation_act: Text | None = None  # "Undang-Undang Nomor ... tentang Pembentukan ...": Mengingat
    timezone: Literal["WIB", "WITA", "WIT"] | None = None  # default: from the province
    rupiah: Literal["Rp 1.500", "Rp1.500"] = "Rp 1.500"  # money with a space (common) or without (EYD)

    @property
    def zone(self) -> str:
        """The time zone times are printed in: ``timezone``, else the province's."""
        return self.timezone or province_zone(self.province)

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
