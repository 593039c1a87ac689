"""Signature fields and the signing manifest; a self-signed signature through pyHanko validates."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdf
from signing_utils import self_signed, sign_field, validate

from masterplan.renderers.signing import SigningPlace, add_signature_fields, prepare_for_signing

PLACES = [
    SigningPlace(page=1, x=330, y=200, width=170, height=85, name="Ir. Bambang Setiawan, M.T.",
                 position="KEPALA DINAS", nip="19700512 199603 1 004"),
    SigningPlace(page=2, x=330, y=400, width=170, height=85, name="H. Ahmad Wiratama, S.E., M.M.",
                 position="BUPATI SUKAMAJU", nip=None),
]


def blank_pdf(pages: int = 2) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595.28, height=841.89)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fields(pdf: bytes) -> dict[str, tuple[int, list[float]]]:
    """Signature field name -> (1-based page, rectangle)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = {}
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Sig" or widget.get("/Parent", {}).get("/FT") == "/Sig":
                found[str(widget.get("/T"))] = (number, [float(v) for v in widget["/Rect"]])
    return found


def test_fields_sit_on_the_boxes_and_keep_the_original_bytes():
    original = blank_pdf()
    data = add_signature_fields(original, PLACES)
    assert data.startswith(original), "an incremental update keeps the rendered PDF intact"
    assert fields(data) == {
        "ttd-01-ir-bambang-setiawan": (1, [330.0, 200.0, 500.0, 285.0]),
        "ttd-02-h-ahmad-wiratama": (2, [330.0, 400.0, 500.0, 485.0]),
    }


def test_manifest_names_every_signatory_and_hashes_the_final_pdf(tmp_path: Path):
    pdf = tmp_path / "kabupaten-contoh-rencana-induk.pdf"
    pdf.write_bytes(blank_pdf())
    path = prepare_for_signing(pdf, 2, PLACES)
    assert path.name == "kabupaten-contoh-rencana-induk.ttd.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert content["document"] == pdf.name and content["units"] == "pt"
    first = content["signatories"][0]
    assert first == {
        "field": "ttd-01-ir-bambang-setiawan", "page": 1, "x": 330, "y": 200, "width": 170, "height": 85,
        "name": "Ir. Bambang Setiawan, M.T.", "jabatan": "KEPALA DINAS", "nip": "19700512 199603 1 004",
    }
    assert set(fields(pdf.read_bytes())) == {s["field"] for s in content["signatories"]}


def test_a_self_signed_signature_in_a_prepared_field_validates():
    cert, key = self_signed()
    prepared = add_signature_fields(blank_pdf(), PLACES)
    signed = sign_field(prepared, "ttd-01-ir-bambang-setiawan", cert, key)
    (status,) = validate(signed, cert)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    tampered = signed.replace(b"595.28", b"595.29", 1)  # same length: only the signed bytes change
    assert tampered != signed
    (broken,) = validate(tampered, cert)
    assert not broken.intact  # type: ignore[attr-defined]
