"""The hidden metadata sheet: which workspace, stage, contributor and questionnaire a workbook is for.

The sheet is "very hidden" (it cannot be shown from Excel's menus) and
protected. The import refuses a workbook whose metadata is missing or names
another region, stage, questionnaire version or period.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from masterplan.forms.errors import FormRefused
from masterplan.forms.style import protect

FORMAT = "masterplan-kuesioner"
FORMAT_VERSION = "1"


@dataclass(frozen=True)
class FormMeta:
    """What a workbook says about itself (all text, as stored)."""

    region: str
    """The region's slug, ``kabupaten-sukamaju``."""
    region_title: str
    stage: int
    questionnaire: str
    version: str
    contributor: str
    """The answers file's name without ``.yaml``: an OPD code in lower case, or ``koordinator``."""
    period: str
    """``2027-2036``."""
    exported: str
    answers_sha256: str
    """SHA-256 of the answers file when the workbook was made (``none``: there was none)."""
    masterplan: str


def write_meta(sheet: Worksheet, meta: FormMeta) -> None:
    """Write ``meta`` as key/value rows, protect the sheet and make it very hidden."""
    rows: list[tuple[str, Any]] = [("format", FORMAT), ("format_version", FORMAT_VERSION)]
    rows += [(f.name, str(getattr(meta, f.name))) for f in fields(FormMeta)]
    for index, (key, value) in enumerate(rows, start=1):
        sheet.cell(row=index, column=1, value=key)
        sheet.cell(row=index, column=2, value=value)
    protect(sheet)
    sheet.sheet_state = "veryHidden"


def _refuse(detail: str) -> FormRefused:
    return FormRefused(
        f"bukan buku kerja kuesioner masterplan ({detail}); buat buku kerja dengan: masterplan form export"
    )


def parse_meta(values: dict[str, Any]) -> FormMeta:
    """The metadata from the sheet's key/value pairs; refuses what masterplan did not write."""
    if values.get("format") != FORMAT:
        raise _refuse("penanda format tidak ada")
    if str(values.get("format_version")) != FORMAT_VERSION:
        raise FormRefused(
            f"buku kerja ini memakai format {values.get('format_version')}, sedangkan masterplan ini "
            f"membaca format {FORMAT_VERSION}; ekspor ulang buku kerja"
        )
    found: dict[str, Any] = {}
    for item in fields(FormMeta):
        value = values.get(item.name)
        if value is None or str(value).strip() == "":
            raise _refuse(f"data {item.name} tidak ada")
        found[item.name] = str(value).strip()
    try:
        found["stage"] = int(found["stage"])
    except ValueError:
        raise _refuse(f"tahap {found['stage']!r} bukan angka") from None
    return FormMeta(**found)
