"""Preparing a final PDF for electronic signature (TTE).

Two aids, for the two kinds of signing tools:

* a **signing manifest** written beside the PDF (JSON): for every signatory
  the page and the box (x, y, width, height in PDF points from the bottom-left
  corner of the page), name, jabatan and NIP; services that place a signature
  by page and coordinates (such as BSrE's) read it;
* an **empty signature field** per signatory over the same box (pyHanko), for
  tools that fill fields.

Fields are added as an incremental update, so the bytes of the PDF as
rendered stay intact in front of it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from masterplan.fileio import atomic_write_bytes, atomic_write_text

MANIFEST_SUFFIX = ".ttd.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class SigningPlace:
    """Where one signatory signs: a box on a page, in PDF points from the bottom-left."""

    page: int  # 1-based
    x: float
    y: float
    width: float
    height: float
    name: str
    position: str
    nip: str | None

    def field_name(self, index: int) -> str:
        """The signature field's name: ``ttd-01-ahmad-wiratama``."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower().split(",")[0]).strip("-")[:40]
        return f"ttd-{index:02d}-{slug or 'penanda-tangan'}"


def add_signature_fields(pdf: bytes, places: Sequence[SigningPlace]) -> bytes:
    """``pdf`` with an empty signature field over each place (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # loads only when signing
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field, ensure_sig_flags

    if not places:
        return pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for index, place in enumerate(places, start=1):
        box = (
            round(place.x),
            round(place.y),
            round(place.x + place.width),
            round(place.y + place.height),
        )
        spec = SigFieldSpec(
            sig_field_name=place.field_name(index),
            on_page=place.page - 1,
            box=box,
            readable_field_name=f"Tanda tangan {place.name}",
        )
        append_signature_field(writer, spec)
    # SigFlags 3 (signatures exist, append only) now, as signing software sets it: signing then
    # changes nothing but the field it fills, which is what `masterplan verify` accepts
    ensure_sig_flags(writer, lock_sig_flags=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def manifest(pdf_name: str, pdf: bytes, pages: int, places: Sequence[SigningPlace]) -> dict[str, object]:
    """The signing manifest of a final PDF (see the module docstring)."""
    return {
        "version": MANIFEST_VERSION,
        "document": pdf_name,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "pages": pages,
        "units": "pt",
        "origin": "kiri-bawah (bottom-left)",
        "signatories": [
            {
                "field": place.field_name(index),
                "page": place.page,
                "x": round(place.x, 2),
                "y": round(place.y, 2),
                "width": round(place.width, 2),
                "height": round(place.height, 2),
                "name": place.name,
                "jabatan": place.position,
                "nip": place.nip,
            }
            for index, place in enumerate(places, start=1)
        ],
    }


def prepare_for_signing(pdf_path: Path, pages: int, places: Sequence[SigningPlace]) -> Path:
    """Add the signature fields to the PDF at ``pdf_path`` and write its manifest beside it.

    Returns the manifest's path (``<name>.ttd.json``); its hash is that of the final PDF.
    """
    data = add_signature_fields(pdf_path.read_bytes(), places)
    atomic_write_bytes(pdf_path, data)
    target = pdf_path.with_name(pdf_path.stem + MANIFEST_SUFFIX)
    content = manifest(pdf_path.name, data, pages, places)
    atomic_write_text(target, json.dumps(content, ensure_ascii=False, indent=2) + "\n")
    return target
