"""Is this file the final document? :func:`verify` answers for a file from anywhere.

A file is accepted when it is byte for byte one output of the latest
finalisation, or that finalisation's PDF followed by signatures only: each
signature intact, in one of the empty fields the finalised PDF carries (no
new field, no field moved), covering the whole file, and nothing else
changed (not the text, not the title in ``/Info``). The file comes from
outside and may be hostile: only a regular file of bounded size is read, and
whatever a damaged PDF makes the parser raise is a "tidak cocok", never a
traceback.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from masterplan.errors import UsageError
from masterplan.workflow.journal import Entry, JournalRead, read_journal, sha256
from masterplan.workflow.state import WorkflowState, fold

MAX_VERIFY_BYTES = 200 * 1024 * 1024
"""Largest file read: a final PDF of 800 programmes is about 10 MB; signatures add kilobytes."""

KEPT_INFO = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/CreationDate")
"""Document information a signature may not change (signing software updates ``/ModDate``, ``/Producer``)."""


@dataclass
class Verdict:
    """The answer of :func:`verify`: ``ok`` and the reasons, in Indonesian."""

    ok: bool
    lines: list[str]


def read_bounded(file: Path) -> bytes:
    """The bytes of ``file`` when it is a regular file of at most :data:`MAX_VERIFY_BYTES`.

    Opened without blocking and checked on the open descriptor, so a FIFO, a
    device (``/dev/zero``) or a file swapped for one after a check is refused.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UsageError(f"{file} tidak dapat dibaca: {error.strerror}") from error
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UsageError(f"{file} bukan berkas biasa; yang diperiksa hanya berkas PDF atau DOCX")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_VERIFY_BYTES:
            raise UsageError(
                f"{file} terlalu besar ({info.st_size / 1024 / 1024:.0f} MB; batasnya "
                f"{MAX_VERIFY_BYTES // 1024 // 1024} MB): bukan dokumen final masterplan"
            )
        data = handle.read(MAX_VERIFY_BYTES + 1)
    if len(data) > MAX_VERIFY_BYTES:
        raise UsageError(f"{file} bertambah besar saat dibaca; tidak diperiksa")
    return data


def verify(file: Path, root: Path) -> Verdict:
    """Whether ``file`` is exactly the latest finalised output of ``root`` (or its signed form).

    A file of an earlier finalisation, superseded since, is named as such and not accepted.
    """
    file, root = Path(file), Path(root)
    data = read_bounded(file)
    journal = read_journal(root)
    if not journal.entries:
        raise UsageError(f"{root} belum memiliki jurnal: belum pernah ada finalisasi di workspace ini")
    state = fold(journal)
    lines = [f"jurnal rusak: {p}" for p in journal.problems]
    digest = sha256(data)
    for entry in reversed(state.finalizations):
        for name, recorded in entry.data.get("outputs", {}).items():
            if recorded == digest:
                lines.insert(0, _matched(entry, name, state))
                anchored = _anchor_problems(data, journal) if name.endswith(".pdf") else []
                lines += anchored
                return Verdict(_latest(entry, state) and not journal.problems and not anchored, lines)
    if data.startswith(b"%PDF"):
        signed = _signed_prefix(data, state)
        if signed is not None:
            entry, name, size = signed
            ok, details = check_signatures(data, size)
            anchored = _anchor_problems(data[:size], journal)
            lines = [
                f"{_matched(entry, name, state)}; sesudahnya ditambahkan {len(data) - size} bita "
                "(tanda tangan elektronik)",
                *details,
                *anchored,
                *lines,
            ]
            return Verdict(ok and _latest(entry, state) and not journal.problems and not anchored, lines)
    lines.insert(
        0,
        f"{file.name} BUKAN keluaran final workspace ini: isinya tidak cocok dengan "
        f"{len(state.finalizations)} finalisasi yang tercatat (berkas diubah, atau dari workspace lain)",
    )
    return Verdict(False, lines)


_ANCHOR = re.compile(r"jurnal #(\d+) ([0-9a-f]{64})")


def _anchor_problems(pdf: bytes, journal: JournalRead) -> list[str]:
    """The journal's head the finalised PDF carries must still be in the journal, unchanged.

    The head sits in the PDF's keywords; once the PDF is signed nobody can change
    it unseen, so a history rewritten before the finalisation shows here even to
    someone without the installation's key. Documents finalised before 0.6 carry none.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        with _quiet_pyhanko():
            info = PdfFileReader(io.BytesIO(pdf), strict=False).trailer["/Info"]
            keywords = str(info["/Keywords"]) if "/Keywords" in info else ""
    except Exception:  # a hostile file may make the parser raise anything
        return ["keterangan dokumen final tidak dapat dibaca"]
    found = _ANCHOR.search(keywords)
    if found is None:
        return []
    seq, digest = int(found.group(1)), found.group(2)
    entry = next((e for e in journal.entries if e.seq == seq), None)
    if entry is not None and entry.hash == digest:
        return []
    now = f"kini {entry.hash[:16]}…" if entry else "kini tidak ada"
    return [
        f"dokumen final mencatat jurnal sampai entri #{seq} ({digest[:16]}…), {now}: riwayat sebelum "
        "finalisasi telah ditulis ulang"
    ]


def _latest(entry: Entry, state: WorkflowState) -> bool:
    return state.finalizations[-1].seq == entry.seq


def _matched(entry: Entry, name: str, state: WorkflowState) -> str:
    text = f"{name}: cocok dengan finalisasi #{entry.seq} oleh {entry.name} pada {entry.time}"
    if not _latest(entry, state):
        latest = state.finalizations[-1]
        text += (
            f", tetapi finalisasi itu SUDAH DIGANTIKAN oleh finalisasi #{latest.seq} pada {latest.time}; "
            "berkas ini bukan dokumen yang berlaku"
        )
    return text


def _signed_prefix(data: bytes, state: WorkflowState) -> tuple[Entry, str, int] | None:
    """The finalised PDF that ``data`` starts with, if any."""
    wanted = {
        d: (e, n)
        for e in state.finalizations
        for n, d in e.data.get("outputs", {}).items()
        if n.endswith(".pdf")
    }
    # An incremental update appends after the finalised file's "%%EOF"; try every end of file marker.
    position = data.find(b"%%EOF")
    while position >= 0:
        end = position + 5
        for cut in (end, end + 1, end + 2):
            found = wanted.get(sha256(data[:cut]))
            if found:
                return found[0], found[1], cut
        position = data.find(b"%%EOF", end)
    return None


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """An untrusted certificate is logged with a traceback; trust is not ours to judge."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, saved in zip(loggers, levels, strict=True):
            logger.setLevel(saved)


def check_signatures(data: bytes, size: int) -> tuple[bool, list[str]]:
    """After the finalised ``size`` bytes: only signatures, each intact, nothing changed around them.

    Each signature's hash, its field, its coverage and the document information,
    then every object later revisions rewrite (:func:`later_changes`), so content
    slipped in before (or together with) a signature is caught, not signed over.
    """
    with _quiet_pyhanko():
        try:
            return _check_signatures(data, size)
        except Exception as error:
            reason = f"{type(error).__name__}: {str(error)[:200]}"
            return False, [
                f"bagian setelah keluaran final tidak dapat dibaca sebagai tanda tangan PDF ({reason})"
            ]


def _check_signatures(data: bytes, size: int) -> tuple[bool, list[str]]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    original = PdfFileReader(io.BytesIO(data[:size]), strict=False)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = list(reader.embedded_signatures)
    if not signatures:
        return False, ["berkas lebih panjang dari keluaran final, tetapi tanpa tanda tangan: telah diubah"]
    context = ValidationContext(trust_roots=[], allow_fetching=False)
    lines: list[str] = []
    for signature in signatures:
        name = signature.field_name
        status = validate_pdf_signature(signature, context, skip_diff=True)  # later_changes looks instead
        carried = _contents_exact(data, signature) and _certificates_consistent(signature)
        # intact: the document's digest is the one signed; valid: the signature over it verifies with the
        # signer's key (whether that key is trusted is the signing service's to judge)
        if not status.intact or not status.valid or not carried:
            return False, [f"tanda tangan {name}: TIDAK utuh (isi berubah setelah ditandatangani)"]
        lines.append(f"tanda tangan {name}: utuh; keabsahan sertifikat diperiksa oleh layanan TTE")
    if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        return False, [*lines, "ada perubahan setelah tanda tangan terakhir"]
    before, after = _fields(original), _fields(reader)
    if after != before:
        added = sorted(set(after) - set(before)) or sorted(n for n in after if after[n] != before.get(n))
        moved = ", ".join(added)
        return False, [*lines, f"kolom tanda tangan ditambah atau dipindah sesudah finalisasi: {moved}"]
    kept, now = _info(original), _info(reader)
    changed = [key for key in KEPT_INFO if kept.get(key) != now.get(key)]
    if changed:
        return False, [*lines, f"keterangan dokumen diubah setelah finalisasi: {', '.join(changed)}"]
    changed_object = later_changes(reader, original.xrefs.total_revisions - 1)
    if changed_object is not None:
        reason = f"bukan sekadar pengisian tanda tangan: {changed_object}"
        return False, [*lines, f"isi dokumen diubah setelah finalisasi ({reason})"]
    return True, lines


SIGNING_CHANGES = {
    "catalog": {"/Version", "/Extensions", "/DSS"},
    "form": {"/SigFlags", "/DR", "/DA"},
    "signature field": {"/V", "/AP", "/AS"},
    "information": {"/Producer", "/ModDate"},
}
"""What signing may change in an object of the finalised PDF; every other object must stay as it was.

Signing software fills an empty signature field (``/V`` the signature, ``/AP`` its
appearance), sets the form's flags, may raise the PDF version or add validation data
(``/DSS``) to the catalog, and rewrites the XMP metadata and the producer and time of ``/Info``.
"""


def later_changes(reader: Any, base: int) -> str | None:
    """The first change after revision ``base`` that filling signature fields does not make, or ``None``.

    A whitelist over the objects each later revision rewrites (a few, whatever the
    document's size): new objects are free, since nothing of the finalised document
    can show them unless a rewritten object points at them, and a rewritten object
    may differ only in the keys :data:`SIGNING_CHANGES` allows for its kind; a freed
    object, or any other object rewritten (a page, its content, an outline, a font),
    is a change of the document.
    """
    root = reader.get_historical_root(base)
    kinds: dict[Any, str] = {reader.root_ref: "catalog"}
    trailer = reader.trailer.flatten(base)
    info: Any = trailer.raw_get("/Info") if "/Info" in trailer else None
    if hasattr(info, "reference"):
        kinds[info.reference] = "information"
    metadata: Any = root.raw_get("/Metadata") if "/Metadata" in root else None
    form_ref: Any = root.raw_get("/AcroForm") if "/AcroForm" in root else None
    if hasattr(form_ref, "reference"):
        kinds[form_ref.reference] = "form"
        for field in form_ref.get_object().get("/Fields", ()):
            if hasattr(field, "reference") and field.get_object().get("/FT") == "/Sig":
                kinds[field.reference] = "signature field"
    for revision in range(base + 1, reader.xrefs.total_revisions):
        if reader.xrefs.refs_freed_in_revision(revision):
            return "objek dihapus"
        before, after = reader.get_historical_resolver(revision - 1), reader.get_historical_resolver(revision)
        for ref in reader.xrefs.explicit_refs_in_revision(revision):
            if reader.xrefs.get_introducing_revision(ref) == revision:
                continue
            old, new = before(ref), after(ref)
            if hasattr(metadata, "reference") and ref == metadata.reference:
                if new.get("/Type") != "/Metadata" or new.get("/Subtype") != "/XML":
                    return f"objek {ref.idnum} (metadata)"
                continue
            kind = kinds.get(ref)
            if kind is None or not hasattr(old, "raw_get") or not hasattr(new, "raw_get"):
                return f"objek {ref.idnum}"
            keys = (set(old.keys()) | set(new.keys())) - SIGNING_CHANGES[kind]
            if any(_raw(old, key) != _raw(new, key) for key in keys):
                return f"objek {ref.idnum} ({kind})"
    return None


def _raw(dictionary: Any, key: str) -> Any:
    """A dictionary's value for ``key`` as written (references not followed); ``None`` when absent."""
    return dictionary.raw_get(key) if key in dictionary else None


_HEX_STRING = re.compile(rb"<((?:[0-9A-Fa-f]{2})*)>")


def _contents_exact(data: bytes, signature: Any) -> bool:
    """True when the gap the signature leaves is exactly ``<hex>`` in one case: one DER object, then zeros.

    ``/Contents`` lies outside what the signature covers. It must be plain hex
    digits (a reader would skip other characters), and the room reserved for
    the value is padded with zeros, so any other byte there is a change.
    """
    from asn1crypto import parser

    _, first, second, _ = (int(n) for n in signature.byte_range)
    gap = _HEX_STRING.fullmatch(data[first:second])
    if gap is None or bytes.fromhex(gap.group(1).decode("ascii")) != signature.pkcs7_content:
        return False
    digits = gap.group(1)
    if digits != digits.upper() and digits != digits.lower():  # signers write one case; a mix is an edit
        return False
    content = signature.pkcs7_content
    _, _, _, header, body, trailer = parser.parse(content, strict=False)
    used = len(header) + len(body) + len(trailer)
    return not content[used:].strip(b"\0") and _container_exact(content[:used], signature)


DIGESTS = {"sha256", "sha384", "sha512"}
"""The digest algorithms a signature of a final document may name (PAdES baseline)."""


def _container_exact(der: bytes, signature: Any) -> bool:
    """True when the signature's container is written as a signer writes it, naming what it uses.

    The container is outside the signed bytes, so the parts of it that the signature's check
    does not read must hold too: DER exactly (no other encoding of the same values), one known
    digest algorithm named alike in the set and in the signer's information, the versions RFC 5652
    requires for what is used, the signer's certificate the one the signer's information names
    (issuer and serial number) and whose hash the signed attributes hold.
    """
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info.dump(force=True) != der:
            return False
        signed = info["content"]
        signer = signed["signer_infos"][0]
        digest = signer["digest_algorithm"]
        named = [d["algorithm"].native for d in signed["digest_algorithms"]]
        if digest["algorithm"].native not in DIGESTS or named != [digest["algorithm"].native]:
            return False
        if digest["parameters"].native is not None:
            return False
        sid = signer["sid"]
        by_name = sid.name == "issuer_and_serial_number"
        if signer["version"].native != ("v1" if by_name else "v3"):  # RFC 5652 5.3
            return False
        plain = by_name and signed["encap_content_info"]["content_type"].native == "data"
        if signed["version"].native != ("v1" if plain else "v3"):  # RFC 5652 5.1
            return False
        if by_name:
            wanted = (sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native)
            carried = [c.chosen["tbs_certificate"] for c in signed["certificates"]]
            if not any((t["issuer"].dump(), t["serial_number"].native) == wanted for t in carried):
                return False
        return signature.signer_cert is not None and _certificate_signed(signer, signature.signer_cert.dump())
    except (ValueError, TypeError, KeyError, IndexError):
        return False


def _certificate_signed(signer: Any, certificate: bytes) -> bool:
    """True when the signed attributes' ESS signing certificate (PAdES) is the certificate carried.

    The certificate is outside the signed bytes; its hash is inside them, so a carried certificate
    altered after signing (its subject, its key) is a change even without its issuer at hand.
    """
    import hashlib

    for attribute in signer["signed_attrs"]:
        kind = attribute["type"].native
        if kind not in ("signing_certificate_v2", "signing_certificate"):
            continue
        first = attribute["values"][0]["certs"][0]
        if kind == "signing_certificate":
            algorithm = "sha1"
        else:
            algorithm = first["hash_algorithm"]["algorithm"].native if first["hash_algorithm"] else "sha256"
        return hashlib.new(algorithm, certificate).digest() == first["cert_hash"].native
    return True  # a signature of before PAdES names no certificate: the signing service judges it


def _certificates_consistent(signature: Any) -> bool:
    """True when the carried certificates are the signer's and its chain, each verifying against the next.

    Certificates lie outside what the signature covers; whether they are trusted is the
    signing service's to judge, but one altered since it was issued, or one carried that
    no link of the chain uses, is a change. The chain ends at a self-issued certificate
    (which must verify against its own key) or at an issuer that is not carried.
    """
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    if signature.signer_cert is None:
        return False
    carried = {c.chosen.dump(): c for c in signature.signed_data["certificates"]}
    certificates = {der: x509.load_der_x509_certificate(der) for der in carried}
    current = signature.signer_cert.dump()
    chain = [current]
    try:
        while True:
            certificate = certificates.get(current) or x509.load_der_x509_certificate(current)
            if certificate.issuer == certificate.subject:
                certificate.verify_directly_issued_by(certificate)
                break
            named = certificate.issuer
            issuer = next((d for d, c in certificates.items() if c.subject == named and d not in chain), None)
            if issuer is None:
                break
            certificate.verify_directly_issued_by(certificates[issuer])
            chain.append(issuer)
            current = issuer
    except (InvalidSignature, ValueError, TypeError):
        return False
    return set(certificates) <= set(chain)


def _fields(reader: Any) -> dict[str, tuple[Any, ...]]:
    """Every form field's name -> (type, page object, box), from the document's AcroForm."""
    found: dict[str, tuple[Any, ...]] = {}
    if "/AcroForm" not in reader.root:
        return found
    form = reader.root["/AcroForm"]
    fields = form["/Fields"] if "/Fields" in form else ()  # noqa: SIM401 (indexing dereferences, get does not)
    for reference in fields:
        field = reference.get_object()
        name = str(field["/T"]) if "/T" in field else "?"
        box = tuple(round(float(v), 2) for v in field["/Rect"]) if "/Rect" in field else ()
        page = repr(field.raw_get("/P")) if "/P" in field else None
        found[name] = (str(field["/FT"]) if "/FT" in field else "", page, box)
    return found


def _info(reader: Any) -> dict[str, str]:
    """The document information dictionary as text."""
    try:
        info = reader.trailer["/Info"]
    except KeyError:
        return {}
    return {str(key): str(value) for key, value in info.items()}
