"""The WeasyPrint worker: lays out PDFs in its own process, so that it can be stopped.

:mod:`masterplan.renderers.pdf` and :mod:`masterplan.renderers.pdf_parts`
start ``python -m masterplan.renderers.pdf_worker`` before they render the
HTML (WeasyPrint imports while the templates run). The worker reads jobs, one
JSON object per line on its standard input, and answers each with one JSON
line on its standard output, until its input ends:

* job: ``html``, ``base_url``, ``stylesheets`` (paths), ``roots`` (the folders
  the URL fetcher may read), ``pdf_variant`` (``"pdf/a-3b"`` or null),
  ``attachments`` (``name``, base64 ``data``), ``date`` (ISO build date),
  ``page_labels`` (``[anchor, style]``: from the page holding the anchor on,
  pages are labelled in that style, "r" roman or "D" decimal, from 1) and
  ``part`` (true for a part of a larger PDF: see :mod:`~masterplan.renderers.pdf_layout`);
* a part with ``await_offset`` first answers ``{"paged": pages}`` once it is
  paginated and waits for a line ``{"offset": n}``: its page numbers then
  start at ``n + 1`` (the parts before it hold ``n`` numbered pages);
* result: ``pdf`` (base64), ``pages``, ``boxes`` (``[index, page, x, y,
  width, height]`` in PDF points from the bottom-left corner of the page) and
  ``warnings`` (what WeasyPrint logged, in order, without repeats), and for a
  part ``anchors``, ``links`` and ``bookmarks``; or ``error`` ("unavailable"
  or "failed") and ``message``.

Anything a library prints goes to standard error, never into the results.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import traceback
from typing import IO, Any


def _send(out: IO[bytes], result: dict[str, Any]) -> None:
    out.write(json.dumps(result).encode("utf-8") + b"\n")
    out.flush()


def main() -> None:
    """Answer the jobs of standard input on standard output, one line each; exit at the end of input."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to standard error
    # WeasyPrint allocates millions of small objects: the cycle collector would cost a third of the
    # layout time and free little, so it runs only between jobs.
    gc.disable()
    try:
        from masterplan.renderers import pdf_layout  # WeasyPrint imports now, while the parent works
    except (ImportError, OSError) as error:
        _send(out, {"error": "unavailable", "message": f"{type(error).__name__}: {error}"})
        os._exit(0)
    source = sys.stdin.buffer

    def offset(pages: int) -> int:
        _send(out, {"paged": pages})
        return int(json.loads(source.readline())["offset"])

    for line in iter(source.readline, b""):
        job = json.loads(line)
        try:
            result = pdf_layout.run(job, offset)
        except Exception as error:
            message = f"{type(error).__name__}: {error}"
            _send(out, {"error": "failed", "message": message, "trace": traceback.format_exc()})
            continue
        # Peak resident memory of this worker (Linux reports KiB): the benchmark's memory figure.
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _send(out, result)
        del result
        gc.collect()
    out.close()
    os._exit(0)  # no interpreter teardown: the parent is waiting


if __name__ == "__main__":
    main()
