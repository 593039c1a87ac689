"""``masterplan verify`` against hostile files: damaged signatures, sneaked-in changes, non-files.

Every damaged or altered PDF gets a clear "tidak cocok" (not ok, exit 1), never a
traceback; only regular files of bounded size are read. The final document is
the small test workspace's, finalised and signed once for the module.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOTS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from signing_utils import self_signed, sign_field

from masterplan.cli import main
from masterplan.errors import UsageError
from masterplan.workflow import actions, finalize
from masterplan.workflow.verify import MAX_VERIFY_BYTES, Verdict, verify

PEOPLE = """people:
  - {id: retno, name: "Dra. Retno Wulandari, M.Si.", role: koordinator}
  - {id: sari, name: "Dr. Sari Kusumaningrum, S.Kom., M.T.", role: mentor}
  - {id: bambang, name: "Ir. Bambang Setiawan, M.T.", role: pejabat, nip: "19700512 199603 1 004"}
"""


class Final:
    """The finalised workspace, its PDF, the first signature field, and the PDF signed in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pdf = next((root / "final").glob("*.pdf")).read_bytes()
        manifest = json.loads(next((root / "final").glob("*.ttd.json")).read_text(encoding="utf-8"))
        self.fields = [s["field"] for s in manifest["signatories"]]
        self.cert, self.key = self_signed()
        self.signed = sign_field(self.pdf, self.fields[0], self.cert, self.key)

    def check(self, data: bytes, tmp: Path) -> Verdict:
        path = tmp / "periksa.pdf"
        path.write_bytes(data)
        return verify(path, self.root)


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> Final:
    root = tmp_path_factory.mktemp("final") / "ws"
    shutil.copytree(ROOTS / "minimal", root, ignore=shutil.ignore_patterns("expects"))
    (root / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    for stage in (1, 2, 3, 4):
        actions.stage_action(root, stage, "stage.submit", "retno")
        actions.stage_action(root, stage, "stage.approve", "sari")
    finalize.finalize(root, "bambang", root / "final", dt.date(2026, 12, 1), libreoffice=False)
    return Final(root)


def test_the_genuine_files_are_accepted(final: Final, tmp_path: Path) -> None:
    assert final.check(final.pdf, tmp_path).ok
    verdict = final.check(final.signed, tmp_path)
    assert verdict.ok, verdict.lines
    assert any("utuh" in line for line in verdict.lines)


# --- 1,000 random mutations of the signed PDF: 0 tracebacks, 0 accepted ------------------

MUTATIONS = st.tuples(
    st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.integers(min_value=0, max_value=255),
    st.booleans(),
)


def _mutate(data: bytes, size: int, mutation: tuple[str, float, int, bool]) -> bytes:
    """One change, in the signed tail (after the finalised ``size`` bytes) unless ``anywhere``."""
    kind, where, value, anywhere = mutation
    start = 0 if anywhere else size
    at = start + int(where * (len(data) - start))
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ (1 << (value % 8))]) + data[at + 1 :]
    if kind == "set":
        replacement = value if value != data[at] else (value + 1) % 256
        return data[:at] + bytes([replacement]) + data[at + 1 :]
    if kind == "insert":
        return data[:at] + bytes([value]) + data[at:]
    if kind == "delete":
        return data[:at] + data[at + 1 :]
    if kind == "truncate":
        return data[: max(at, 1)]
    return data[:at] + data[at : at + value + 1] + data[at:]


@given(MUTATIONS)
@settings(max_examples=1000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_mutation_of_a_signed_final_is_accepted_or_crashes(final: Final, tmp_path: Path, mutation) -> None:
    data = _mutate(final.signed, len(final.pdf), mutation)
    assume(data not in (final.signed, final.pdf))  # cut back to the unsigned final: that one is genuine
    verdict = final.check(data, tmp_path)  # any exception fails the test
    assert not verdict.ok, (mutation, verdict.lines)


# --- changes a signing service would never make --------------------------------------------


def _update(pdf: bytes, change) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_title_changed_before_a_signature_is_refused(final: Final, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    def retitle(writer) -> None:
        info = writer.trailer["/Info"]
        info[generic.NameObject("/Title")] = generic.TextStringObject("Rencana Induk Palsu")
        writer.update_container(info)

    forged = sign_field(_update(final.pdf, retitle), final.fields[0], final.cert, final.key)
    verdict = final.check(forged, tmp_path)
    assert not verdict.ok and "keterangan dokumen diubah setelah finalisasi: /Title" in verdict.lines[-1]


def test_a_new_signature_field_over_the_cover_is_refused(final: Final, tmp_path: Path) -> None:
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    def cover_field(writer) -> None:
        append_signature_field(writer, SigFieldSpec(sig_field_name="ttd-sampul", on_page=0, box=(0, 0, 595, 842)))

    forged = sign_field(_update(final.pdf, cover_field), "ttd-sampul", final.cert, final.key)
    verdict = final.check(forged, tmp_path)
    assert not verdict.ok and "kolom tanda tangan ditambah atau dipindah" in verdict.lines[-1]
    assert "ttd-sampul" in verdict.lines[-1]


def test_signing_in_a_field_created_while_signing_is_refused(final: Final, tmp_path: Path) -> None:
    forged = sign_field(final.pdf, "ttd-99-tamu", final.cert, final.key)  # pyHanko creates the field
    verdict = final.check(forged, tmp_path)
    assert not verdict.ok and "ttd-99-tamu" in verdict.lines[-1]


@pytest.mark.parametrize("cut", [1, 2, 10, 100, 1000, 5000])
def test_a_signed_file_cut_short_is_refused(final: Final, tmp_path: Path, cut: int) -> None:
    verdict = final.check(final.signed[:-cut], tmp_path)
    assert not verdict.ok


@pytest.mark.parametrize("tail", [b"\n", b"%%EOF\n", b"\n% komentar\n", b"\x00" * 64, b"trailer<<>>\n%%EOF"])
def test_anything_after_the_last_signature_is_refused(final: Final, tmp_path: Path, tail: bytes) -> None:
    verdict = final.check(final.signed + tail, tmp_path)
    assert not verdict.ok


# --- only regular files of bounded size are read --------------------------------------------


def test_a_device_a_fifo_and_a_folder_are_refused_without_waiting(final: Final, tmp_path: Path) -> None:
    fifo = tmp_path / "pipa.pdf"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo, tmp_path):
        outcome: list[object] = []
        worker = threading.Thread(
            target=lambda p=path, found=outcome: found.append(_refusal(p, final.root)), daemon=True
        )
        worker.start()
        worker.join(timeout=10)
        assert outcome and "bukan berkas biasa" in str(outcome[0]), (path, outcome)


def _refusal(path: Path, root: Path) -> object:
    try:
        return verify(path, root)
    except UsageError as error:
        return error


def test_a_file_over_the_size_limit_is_not_read(final: Final, tmp_path: Path) -> None:
    huge = tmp_path / "besar.pdf"
    with huge.open("wb") as handle:
        handle.truncate(MAX_VERIFY_BYTES + 1)  # sparse: costs no time or disk
    with pytest.raises(UsageError, match="terlalu besar"):
        verify(huge, final.root)


def test_the_command_says_no_with_exit_1_and_without_a_traceback(final: Final, tmp_path: Path) -> None:
    damaged = tmp_path / "rusak.pdf"
    damaged.write_bytes(final.signed[: len(final.pdf) + 200] + b"\x00garbage" + final.signed[len(final.pdf) + 208 :])
    result = CliRunner().invoke(main, ["verify", str(damaged), str(final.root)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    device = CliRunner().invoke(main, ["verify", "/dev/zero", str(final.root)])
    assert device.exit_code == 2 and "bukan berkas biasa" in device.output


# --- the journal's head, signed with the PDF, pins the history before it -------------------


def test_a_history_rewritten_before_finalisation_is_caught_without_the_key(
    final: Final, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from test_journal_forgery import _approver, forge

    from masterplan.workflow.journal import read_journal

    keywords = str(PdfFileReader(io.BytesIO(final.pdf), strict=False).trailer["/Info"]["/Keywords"])
    assert re.search(r"jurnal #\d+ [0-9a-f]{64}$", keywords)  # the anchor, in the document information
    copy = tmp_path / "salinan"
    shutil.copytree(final.root, copy)
    monkeypatch.setenv("MASTERPLAN_HOME", str(tmp_path / "instalasi-lain"))  # no key, no memory of it
    forge(copy, _approver, keep_auth=False)
    assert read_journal(copy).intact  # a chain without MACs, recomputed: nothing to see in the journal
    signed = copy / "final" / "ditandatangani.pdf"
    signed.write_bytes(final.signed)
    verdict = verify(signed, copy)
    assert not verdict.ok
    assert any("riwayat sebelum finalisasi telah ditulis ulang" in line for line in verdict.lines), verdict.lines


# --- the signature's container: outside the signed bytes, every part of it still counts --------------


def _alter_container(final: Final, part) -> bytes:
    """The signed PDF with one hex digit changed in the DER of the signature at the byte ``part`` finds."""
    from asn1crypto import cms

    size = len(final.pdf)
    found = re.search(rb"/Contents\s*<([0-9A-Fa-f]+)>", final.signed[size:])
    assert found is not None
    digits = found.group(1)
    der = bytes.fromhex(digits.decode())
    info = cms.ContentInfo.load(der)
    at = part(der, info["content"])
    pos = size + found.start(1) + 2 * at + 1  # the low digit of the byte
    digit = final.signed[pos : pos + 1]
    other = b"1" if digit in (b"0", b"a", b"A") else b"0"
    return final.signed[:pos] + other + final.signed[pos + 1 :]


@pytest.mark.parametrize("part", ["signature value", "signing time", "certificate subject", "version"])
def test_a_changed_signature_container_is_refused(final: Final, tmp_path: Path, part: str) -> None:
    def locate(der: bytes, signed) -> int:
        signer = signed["signer_infos"][0]
        if part == "signature value":
            value = signer["signature"].native
            return der.index(value) + len(value) // 2
        if part == "signing time":
            attribute = next(a for a in signer["signed_attrs"] if a["type"].native == "signing_time")
            dumped = attribute.dump()
            return der.index(dumped) + len(dumped) - 2
        if part == "certificate subject":
            certificate = signed["certificates"][0].chosen
            subject = certificate["tbs_certificate"]["subject"].dump()
            start = der.index(certificate.dump())
            return der.index(subject, start + der[start:].index(subject) + 1) + len(subject) - 2  # the subject
        return der.index(b"\x02\x01\x01") + 2  # SignedData's version

    data = _alter_container(final, locate)
    assert data != final.signed
    verdict = final.check(data, tmp_path)
    assert not verdict.ok, (part, verdict.lines)
    assert any("TIDAK utuh" in line for line in verdict.lines), verdict.lines
