"""Shared choice lists and the smart-city dimension taxonomy, loaded from data.

``questionnaires/choices.yaml`` holds them; nothing here hard-codes a
dimension, a funding source or a rating.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Code = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]


class Strict(BaseModel):
    """Base for definition models: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Option(Strict):
    """One option of a choice list."""

    code: Code
    label: str
    label_en: str | None = None
    description: str | None = None


class ChoiceList(Strict):
    """A named list of options; answers may give an option's code or its label."""

    label: str
    label_en: str | None = None
    options: list[Option] = Field(min_length=1)

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Lower-cased code or label -> code."""
        table: dict[str, str] = {}
        for option in self.options:
            for name in (option.label, option.label_en, option.code):
                if name:
                    table[name.strip().lower()] = option.code
        return table

    @cached_property
    def labels(self) -> dict[str, str]:
        """Code -> Indonesian label."""
        return {o.code: o.label for o in self.options}

    def codes(self) -> list[str]:
        """The option codes, in order."""
        return [o.code for o in self.options]

    def match(self, value: object) -> str | None:
        """The code ``value`` names (by code or label, any case), else ``None``."""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return None
        return self.lookup.get(str(value).strip().lower())


class SubDimension(Strict):
    """A sub-dimension of a smart-city dimension."""

    code: Code
    label: str
    label_en: str


class Dimension(Strict):
    """One of the six smart-city dimensions, in the programme's fixed order."""

    code: Code
    label: str
    label_en: str
    subdimensions: list[SubDimension] = Field(min_length=1)


class Choices(Strict):
    """Every shared choice list plus the dimension taxonomy."""

    dimensions: list[Dimension] = Field(min_length=1)
    lists: dict[str, ChoiceList]

    @cached_property
    def dimension_list(self) -> ChoiceList:
        """The dimensions as a choice list (code or label accepted)."""
        options = [Option(code=d.code, label=d.label, label_en=d.label_en) for d in self.dimensions]
        return ChoiceList(label="Dimensi", label_en="Dimension", options=options)

    @cached_property
    def subdimension_list(self) -> ChoiceList:
        """Every sub-dimension as a choice list."""
        options = [
            Option(code=s.code, label=s.label, label_en=s.label_en)
            for d in self.dimensions
            for s in d.subdimensions
        ]
        return ChoiceList(label="Subdimensi", label_en="Sub-dimension", options=options)

    @cached_property
    def dimension_of(self) -> dict[str, str]:
        """Sub-dimension code -> dimension code."""
        return {s.code: d.code for d in self.dimensions for s in d.subdimensions}

    def dimension(self, code: str) -> Dimension:
        """The dimension with ``code``."""
        return next(d for d in self.dimensions if d.code == code)
