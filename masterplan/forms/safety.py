"""Checks on a workbook before openpyxl reads it: a real XLSX, bounded, without macros.

A workbook comes from outside and may be hostile. Before any XML is parsed,
the file must be small enough, a zip archive holding an XLSX (its content
types say so), with a bounded number of members and a bounded total size
once unpacked (a zip bomb is refused from the sizes its directory declares;
Python's zipfile never unpacks more than a member declares), and without
macros (``vbaProject.bin``, Excel 4.0 macro sheets, ActiveX). openpyxl then
parses through defusedxml, so XML entity tricks are refused as well.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from masterplan.forms.errors import FormRefused
from masterplan.limits import MAX_TABLE_ROWS

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest workbook accepted; the example's biggest is well under 100 kB."""
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
"""Largest total size of the archive's members once unpacked; the example's biggest workbook unpacks to
about 0.2 MB, one with 800 programmes to a few MB."""
MAX_ROWS = MAX_TABLE_ROWS + 100
"""Rows a sheet may hold: a table as long as the answers reader accepts, its heading and guide rows."""
MAX_MEMBERS = 1000
"""Most members an archive may hold; a workbook of twenty sheets has about fifty."""
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
_MACRO_PARTS = ("vbaproject.bin", "xl/macrosheets/", "xl/activex/", "xl/dialogsheets/")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
_OVERLAP = 64
_CHUNK = 256 * 1024

_NOT_XLSX = (
    "berkas {name} bukan buku kerja Excel .xlsx{why}; simpan ulang dari Excel atau LibreOffice sebagai .xlsx"
)
_MACROS = (
    "berkas {name} berisi makro ({what}); buku kerja bermakro tidak diterima. Simpan ulang sebagai "
    '"Excel Workbook (.xlsx)", tanpa makro'
)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_package(path: Path) -> bytes:
    """The bytes of the workbook at ``path`` once they pass :func:`check_package`."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise FormRefused(_MACROS.format(name=name, what=f"berkas {suffix}"))
    if suffix != ".xlsx":
        raise FormRefused(_NOT_XLSX.format(name=name, why=f" (akhiran {suffix or 'tidak ada'})"))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FormRefused(
                f"berkas {name} terlalu besar ({_mb(size)}); batasnya {_mb(MAX_FILE_BYTES)}, "
                "berkas tidak dibaca"
            )
        with path.open("rb") as handle:
            data = handle.read(size + 1)  # not MAX_FILE_BYTES: read() allocates what it is asked for
    except OSError as error:
        raise FormRefused(f"berkas {name} tidak dapat dibaca: {error.strerror or error}") from error
    if len(data) > MAX_FILE_BYTES:
        raise FormRefused(f"berkas {name} terlalu besar; batasnya {_mb(MAX_FILE_BYTES)}, berkas tidak dibaca")
    check_package(data, name)
    return data


def check_package(data: bytes, name: str) -> None:
    """Refuse ``data`` unless it is a bounded, macro-free XLSX package."""
    if data.startswith(_OLE):
        raise FormRefused(_NOT_XLSX.format(name=name, why=" (format .xls lama atau berkas berkata sandi)"))
    if not data.startswith(b"PK\x03\x04"):
        raise FormRefused(_NOT_XLSX.format(name=name, why=""))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise FormRefused(_NOT_XLSX.format(name=name, why=f" (arsip rusak: {error})")) from error
    if len(members) > MAX_MEMBERS:
        raise FormRefused(
            f"berkas {name} berisi {len(members)} bagian, lebih dari {MAX_MEMBERS}; berkas tidak dibaca"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormRefused(
            f"berkas {name} mengembang menjadi {_mb(unpacked)} saat dibuka "
            f"(batas {_mb(MAX_UNPACKED_BYTES)}); berkas ini tidak wajar (zip bomb) dan tidak dibaca"
        )
    for member in members:
        lowered = member.filename.lower()
        if any(part in lowered for part in _MACRO_PARTS):
            raise FormRefused(_MACROS.format(name=name, what=member.filename))
        if member.flag_bits & 0x1:
            raise FormRefused(_NOT_XLSX.format(name=name, why=" (bagian terenkripsi)"))
    _check_content_types(archive, name)
    for member in members:
        lowered = member.filename.lower()
        if lowered.endswith(".rels"):
            _check_relationships(archive, member, name)
        elif _is_ole(archive, member):
            raise FormRefused(_MACROS.format(name=name, what=f"{member.filename}, objek OLE"))
        if lowered.endswith(".xml"):
            _count_rows(archive, member, name)


_MACRO_RELATIONSHIPS = ("vbaproject", "macrosheet", "activex", "ctrlprop", "dialogsheet", "oleobject")
"""Relationship types that bring code or embedded programs, whatever the part they point to is named."""


def _check_relationships(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse a relationship to a macro part (``Type`` ends in ``vbaProject`` and the like)."""
    if member.file_size > MAX_CONTENT_TYPES_BYTES:
        raise FormRefused(_NOT_XLSX.format(name=name, why=f" ({member.filename} terlalu besar)"))
    try:
        root = fromstring(archive.read(member))
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, ValueError, OSError) as error:
        raise FormRefused(_NOT_XLSX.format(name=name, why=f" ({member.filename} rusak: {error})")) from error
    for element in root:
        kind = (element.get("Type") or "").lower().rsplit("/", 1)[-1]
        if any(word in kind for word in _MACRO_RELATIONSHIPS):
            target = element.get("Target") or member.filename
            raise FormRefused(_MACROS.format(name=name, what=f"{target}, hubungan {kind}"))


def _is_ole(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """True for a member that is an OLE compound file (how VBA projects and embedded objects are stored)."""
    if member.file_size < len(_OLE):
        return False
    try:
        with archive.open(member) as handle:
            return handle.read(len(_OLE)) == _OLE
    except (zipfile.BadZipFile, ValueError, OSError, zlib.error, NotImplementedError):
        return False  # an unreadable member is refused when openpyxl reads it


def too_many_rows(name: str, sheet: str) -> FormRefused:
    """The refusal of a sheet longer than :data:`MAX_ROWS`."""
    return FormRefused(
        f"{name} ditolak: lembar {sheet} memiliki lebih dari {MAX_ROWS:,} baris".replace(",", ".")
        + "; buku kerja kuesioner tidak sebesar itu"
    )


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse a part with more than :data:`MAX_ROWS` rows, streaming it (openpyxl may not stream it).

    openpyxl looks for a sheet's size before reading it and, when the sheet
    does not state it, walks the whole sheet keeping every row element; a
    sheet of a million rows must not get that far.
    """
    rows = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                buffer = tail + chunk
                rows += sum(1 for match in _ROW.finditer(buffer) if match.end() > len(tail))
                if rows > MAX_ROWS:
                    raise too_many_rows(name, member.filename)
                tail = buffer[-_OVERLAP:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise FormRefused(_NOT_XLSX.format(name=name, why=f" (arsip rusak: {error})")) from error


def _check_content_types(archive: zipfile.ZipFile, name: str) -> None:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        raise FormRefused(_NOT_XLSX.format(name=name, why=" ([Content_Types].xml tidak ada)")) from None
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise FormRefused(_NOT_XLSX.format(name=name, why=" ([Content_Types].xml terlalu besar)"))
    try:
        root = fromstring(archive.read(info))
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, ValueError, OSError) as error:
        raise FormRefused(
            _NOT_XLSX.format(name=name, why=f" ([Content_Types].xml rusak: {error})")
        ) from error
    types = [
        (element.get("PartName") or element.get("Extension") or "", element.get("ContentType") or "")
        for element in root
        if element.tag in (f"{_CT}Override", f"{_CT}Default")
    ]
    for part, content_type in types:
        lowered = content_type.lower()
        if "macroenabled" in lowered or "vba" in lowered or "macrosheet" in lowered:
            raise FormRefused(_MACROS.format(name=name, what=part or content_type))
    if not any(content_type == XLSX_MAIN for _, content_type in types):
        raise FormRefused(_NOT_XLSX.format(name=name, why=" (tidak memuat buku kerja spreadsheet)"))
