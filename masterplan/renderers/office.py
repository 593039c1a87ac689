"""Finding and running LibreOffice headless.

Two jobs: :func:`convert` (for example DOCX to PDF) and :func:`layout`, which
lays a DOCX out, updates its tables of contents and fields and reports every
entry with its page number and the page shown by every PAGEREF field, so the
DOCX renderer can write them into its own file.

LibreOffice runs with a private, throw-away user profile
(``-env:UserInstallation``), so parallel runs and a desktop LibreOffice that is
open do not get in each other's way; and with a time limit, after which the
whole process group it started is killed. The index job is a small
LibreOffice Basic macro placed in that profile (Python-UNO is often not
installed; Basic always is).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from masterplan.errors import MasterplanError

SOFFICE_ENV = "MASTERPLAN_SOFFICE"
TIMEOUT = 180.0

_CANDIDATES = (
    "/usr/lib/libreoffice/program/soffice",
    "/usr/local/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
    "C:/Program Files (x86)/LibreOffice/program/soffice.exe",
)


class OfficeError(MasterplanError):
    """Raised when LibreOffice fails, times out or produces nothing."""

    category = "build"


def find_soffice() -> Path | None:
    """The LibreOffice program: ``$MASTERPLAN_SOFFICE``, ``soffice`` on PATH, or a usual place.

    ``None`` when none is found (or ``$MASTERPLAN_SOFFICE`` is set empty, to
    turn LibreOffice off).
    """
    if SOFFICE_ENV in os.environ:
        chosen = os.environ[SOFFICE_ENV].strip()
        return Path(chosen) if chosen and Path(chosen).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def convert(
    source: Path, fmt: str, outdir: Path, soffice: Path | None = None, timeout: float = TIMEOUT
) -> Path:
    """Convert ``source`` to ``fmt`` ("pdf", "odt", ...) in ``outdir``; the path of the result."""
    program = _require(soffice)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{source.stem}.{fmt.split(':', 1)[0]}"
    target.unlink(missing_ok=True)
    with _profile() as profile:
        _run(program, profile, ["--convert-to", fmt, "--outdir", str(outdir), str(source)], timeout)
    if not target.is_file():
        raise OfficeError(f"LibreOffice tidak menghasilkan {target.name} dari {source.name}")
    return target


@dataclass
class Layout:
    """What :func:`layout` reports of a laid-out DOCX.

    ``indexes``: every table of contents in document order, each a list of
    (entry text, page number as printed: "iv", "12"); ``references``: the page
    shown by each PAGEREF field, by the bookmark it refers to.
    """

    indexes: list[list[tuple[str, str]]] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)


def layout(docx: Path, soffice: Path | None = None, timeout: float = TIMEOUT) -> Layout:
    """Lay ``docx`` out in LibreOffice, update its indexes and fields and report them (file unchanged)."""
    program = _require(soffice)
    with _profile() as profile:
        _run(program, profile, ["--terminate_after_init"], timeout)
        _install_macro(profile)
        report = profile / "indexes.txt"
        call = f'macro:///Standard.Masterplan.ReportIndexes("{docx.resolve().as_uri()}","{report.as_uri()}")'
        _run(program, profile, [call], timeout)
        if not report.is_file():
            raise OfficeError(f"LibreOffice tidak dapat membaca daftar isi {docx.name}")
        return _parse_report(report.read_text(encoding="utf-8"))


def _parse_report(text: str) -> Layout:
    """The report of the macro: REF lines (bookmark, page) first, then each INDEX and its entries."""
    found = Layout()
    for line in text.splitlines():
        if line.startswith("ERROR\t"):
            raise OfficeError(f"LibreOffice: {line.split(chr(9), 1)[1]}")
        if line.startswith("REF\t") and not found.indexes:
            _, name, page = [*line.split("\t", 2), "", ""][:3]
            found.references.setdefault(name, page.strip())
        elif line.startswith("INDEX\t"):
            found.indexes.append([])
        elif line.strip() and found.indexes:
            entry, _, number = line.rpartition("\t")
            found.indexes[-1].append((entry, number.strip()) if entry else (number, ""))
    return found


def _require(soffice: Path | None) -> Path:
    program = soffice or find_soffice()
    if program is None:
        raise OfficeError(
            "LibreOffice (soffice) tidak ditemukan; pasang LibreOffice atau atur MASTERPLAN_SOFFICE"
        )
    return program


@contextmanager
def _profile() -> Iterator[Path]:
    """A throw-away LibreOffice user profile."""
    with tempfile.TemporaryDirectory(prefix="masterplan-lo-") as folder:
        yield Path(folder)


def _run(program: Path, profile: Path, arguments: list[str], timeout: float) -> None:
    command = [str(program), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--norestore", "--nolockcheck", *arguments]
    posix = sys.platform != "win32"
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=posix
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise OfficeError(f"LibreOffice tidak selesai dalam {timeout:.0f} detik") from None
    if process.returncode != 0:
        raise OfficeError(f"LibreOffice gagal (kode {process.returncode}): {(err or out).strip()[-500:]}")


_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Masterplan" \
script:language="StarBasic">
Sub ReportIndexes(sourceUrl As String, reportUrl As String)
  Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
  Dim oDoc As Object, oOut As Object, oIndexes As Object, oIndex As Object
  Dim oFields As Object, oField As Object
  Dim i As Long
  On Error GoTo Failed
  oOut = createUnoService(&quot;com.sun.star.io.TextOutputStream&quot;)
  oOut.setOutputStream(createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;).openFileWrite(reportUrl))
  oOut.setEncoding(&quot;UTF-8&quot;)
  loadArgs(0).Name = &quot;Hidden&quot;
  loadArgs(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(sourceUrl, &quot;_blank&quot;, 0, loadArgs())
  oIndexes = oDoc.getDocumentIndexes()
  For i = 0 To oIndexes.getCount() - 1
    oIndexes.getByIndex(i).update()
  Next i
  oDoc.getTextFields().refresh()
  oFields = oDoc.getTextFields().createEnumeration()
  Do While oFields.hasMoreElements()
    oField = oFields.nextElement()
    If oField.supportsService(&quot;com.sun.star.text.TextField.GetReference&quot;) Then
      oOut.writeString(&quot;REF&quot; &amp; Chr(9) &amp; oField.SourceName &amp; Chr(9) &amp; _
        oField.getPresentation(False) &amp; Chr(10))
    End If
  Loop
  For i = 0 To oIndexes.getCount() - 1
    oIndex = oIndexes.getByIndex(i)
    oOut.writeString(&quot;INDEX&quot; &amp; Chr(9) &amp; oIndex.getName() &amp; Chr(10))
    oOut.writeString(oIndex.getAnchor().getString() &amp; Chr(10))
  Next i
  oOut.closeOutput()
  oDoc.close(True)
  Exit Sub
Failed:
  If Not IsNull(oOut) Then
    oOut.writeString(&quot;ERROR&quot; &amp; Chr(9) &amp; Error$ &amp; Chr(10))
    oOut.closeOutput()
  End If
  If Not IsNull(oDoc) Then oDoc.close(True)
End Sub
</script:module>
"""

_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Masterplan"/>
</library:library>
"""


def _install_macro(profile: Path) -> None:
    """Put the Masterplan Basic module into the profile's Standard library (after its first start)."""
    library = profile / "user" / "basic" / "Standard"
    if not library.is_dir():
        raise OfficeError("profil LibreOffice tidak terbentuk; macro tidak dapat dipasang")
    (library / "Masterplan.xba").write_text(_MODULE, encoding="utf-8")
    (library / "script.xlb").write_text(_LIBRARY, encoding="utf-8")
