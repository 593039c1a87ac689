"""The legal basis and the ministry's name as of the plan's date (``templates/text/legal.yaml``).

A regulation enters the Landasan Hukum only once it was enacted on the plan's
date, and the ministry is named as it was then: Kementerian Komunikasi dan
Informatika until 20 October 2024, Kementerian Komunikasi dan Digital since.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from masterplan.resources import templates_dir

LEGAL_FILE = "legal.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regulation(_Strict):
    """A law or regulation: its title, year and (when known for certain) date of enactment."""

    text: str
    year: int
    date: dt.date | None = None
    amended: int | None = None  # the year of its first amendment

    def in_force(self, day: dt.date) -> bool:
        """Enacted on ``day`` (by date when known, else by year)."""
        return self.date <= day if self.date else self.year <= day.year

    def cited(self, day: dt.date) -> str:
        """As cited on ``day``: with "beserta perubahannya" once amended."""
        amended = self.amended is not None and self.amended <= day.year
        return f"{self.text} beserta perubahannya" if amended else self.text


class Ministry(_Strict):
    """A name of the ministry and the days it was in use."""

    name: str
    since: dt.date | None = None
    until: dt.date | None = None


class Legal(_Strict):
    """The contents of ``legal.yaml``."""

    regulations: list[Regulation]
    ministries: list[Ministry]

    def basis(self, day: dt.date) -> list[str]:
        """The national regulations a plan of ``day`` can cite, in the file's order."""
        return [r.cited(day) for r in self.regulations if r.in_force(day)]

    def ministry(self, day: dt.date) -> str:
        """The ministry's name on ``day``."""
        for ministry in self.ministries:
            started = ministry.since is None or ministry.since <= day
            if started and (ministry.until is None or day <= ministry.until):
                return ministry.name
        return self.ministries[-1].name


@cache
def legal() -> Legal:
    """The built-in legal data (read once)."""
    text = (templates_dir() / "text" / LEGAL_FILE).read_text(encoding="utf-8")
    return Legal.model_validate(yaml.safe_load(text))


_DECREE_PREFIX = re.compile(
    r"^\s*(?:Surat\s+)?(?:Keputusan|SK)\s+(?:Bupati|Wali\s*Kota|Walikota)\b.*?\bNomor\s*:?\s*", re.IGNORECASE
)


def decree_number(value: object) -> str | None:
    """The number of a decree as typed, without a repeated "Keputusan Bupati X Nomor" before it."""
    if not value:
        return None
    text = str(value).strip()
    return _DECREE_PREFIX.sub("", text, count=1).strip() or text
