"""The DOCX package around the XML: document properties and a byte-for-byte repeatable zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as WordDocument

from masterplan.document.model import Meta
from masterplan.renderers.docx_xml import qn


def set_properties(word: WordDocument, meta: Meta) -> None:
    """Core properties from the model; created and modified are the build date at 00:00 UTC."""
    props = word.core_properties
    stamp = dt.datetime.combine(meta.build_date, dt.time(0, 0), tzinfo=dt.UTC)
    props.title = meta.title
    props.subject = meta.subject
    props.author = meta.author
    props.last_modified_by = meta.author
    props.language = meta.language
    props.version = meta.version
    props.content_status = "Draf" if meta.mode == "draft" else "Final"
    props.keywords = meta.keywords()
    props.comments = ""
    props.category = ""
    props.identifier = meta.slug
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    element = props._element
    for printed in element.findall(qn("cp:lastPrinted")):
        element.remove(printed)


def repeatable_zip(data: bytes, day: dt.date) -> bytes:
    """``data`` (a zip) rewritten with every entry dated ``day``, so equal content gives equal bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
