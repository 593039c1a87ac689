"""`masterplan build --format pdf|all`: the final PDF is PDF/A, carries the answers, and can be signed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from conftest import EXAMPLE, answers, copy_root, edit_yaml
from signing_utils import self_signed, sign_field, validate
from test_attachments import scan

from masterplan import api
from masterplan.cli import main

SCAN = "assets/lampiran/lembar-komitmen.pdf"


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The minimal workspace's final documents, its signed commitment sheet attached as a scan."""
    root = copy_root("minimal", tmp_path_factory.mktemp("workspace"))
    (root / SCAN).parent.mkdir(parents=True)
    (root / SCAN).write_bytes(scan(1))
    edit_yaml(answers(root, 4), lambda data: data["answers"].update(commitment_scan=SCAN))
    out = tmp_path_factory.mktemp("final")
    result = api.build(root, fmt="all", mode="final", outdir=out, build_date=dt.date(2026, 11, 23),
                       libreoffice=False)
    return {path.name: path for path in result.files}


def test_all_formats_and_the_manifest_are_written(final: dict[str, Path]):
    assert sorted(final) == [
        "kota-contoh-kecil-rencana-induk.docx",
        "kota-contoh-kecil-rencana-induk.pdf",
        "kota-contoh-kecil-rencana-induk.ttd.json",
    ]


def test_final_pdf_is_pdfa_with_the_answers_attached(final: dict[str, Path]):
    reader = pypdf.PdfReader(str(final["kota-contoh-kecil-rencana-induk.pdf"]))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", raw), raw[:2000]
    assert re.search(rb"pdfaid:conformance(>|=\")B", raw)
    attachments = reader.attachments
    assert list(attachments) == ["jawaban.json", "lembar-komitmen.pdf"]
    assert attachments["lembar-komitmen.pdf"][0] == scan(1), "the scan itself, whole"
    answers = json.loads(attachments["jawaban.json"][0])
    assert answers["daerah"]["name"] == "Contoh Kecil"
    assert set(answers["tahap"]) == {"bimtek-1", "bimtek-2", "bimtek-3", "bimtek-4"}
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "DRAF" not in text


def test_manifest_boxes_match_the_signature_fields_and_blocks(final: dict[str, Path]):
    pdf = final["kota-contoh-kecil-rencana-induk.pdf"]
    manifest = json.loads(final["kota-contoh-kecil-rencana-induk.ttd.json"].read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    names = [s["name"] for s in manifest["signatories"]]
    assert names[:2] == ["Ir. Sari Dewi, M.T.", "Budi Santoso, S.H."], "Lembar Pengesahan: Ketua Tim, Wali Kota"
    reader = pypdf.PdfReader(str(pdf))
    for entry in manifest["signatories"]:
        page = reader.pages[entry["page"] - 1]
        widgets = [a.get_object() for a in page.get("/Annots") or []]
        (widget,) = [w for w in widgets if str(w.get("/T")) == entry["field"]]
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        assert abs(x0 - entry["x"]) <= 1 and abs(y0 - entry["y"]) <= 1
        assert abs((x1 - x0) - entry["width"]) <= 1 and abs((y1 - y0) - entry["height"]) <= 1
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        page_text = page.extract_text() or ""
        assert entry["name"] in page_text, "the box sits on the page that carries the signature block"


def test_final_pdf_signed_with_a_self_signed_certificate_validates(final: dict[str, Path]):
    pdf = final["kota-contoh-kecil-rencana-induk.pdf"].read_bytes()
    manifest = json.loads(final["kota-contoh-kecil-rencana-induk.ttd.json"].read_text(encoding="utf-8"))
    cert, key = self_signed("Ir. Sari Dewi, M.T.")
    signed = sign_field(pdf, manifest["signatories"][0]["field"], cert, key)
    (status,) = validate(signed, cert)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert len(pypdf.PdfReader(io.BytesIO(signed)).pages) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_example_draft_pdf(tmp_path: Path):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--format", "pdf", "-o", str(tmp_path),
                                       "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.pdf")
    assert path.name == "kabupaten-sukamaju-rencana-induk-draf.pdf"
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) >= 40
    assert any(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages), "landscape roadmap"
    assert not list(tmp_path.glob("*.ttd.json")), "drafts are not prepared for signing"
