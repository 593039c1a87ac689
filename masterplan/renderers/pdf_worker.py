"""The WeasyPrint worker: lays out one PDF in its own process, so that it can be stopped.

:func:`masterplan.renderers.pdf.render_pdf` starts ``python -m
masterplan.renderers.pdf_worker`` before it renders the HTML (WeasyPrint
imports while the templates run), writes one job as JSON on the worker's
standard input and reads one result as JSON from its standard output:

* job: ``html``, ``base_url``, ``stylesheets`` (paths), ``roots`` (the folders
  the URL fetcher may read), ``pdf_variant`` (``"pdf/a-3b"`` or null),
  ``attachments`` (``name``, base64 ``data``), ``date`` (ISO build date),
  ``page_labels`` (``[anchor, style]``: from the page holding the anchor on,
  pages are labelled in that style, "r" roman or "D" decimal, from 1);
* result: ``pdf`` (base64), ``pages``, ``boxes`` (``[index, page, x, y,
  width, height]`` in PDF points from the bottom-left corner of the page) and
  ``warnings`` (what WeasyPrint logged, in order, without repeats); or
  ``error`` ("unavailable" or "failed") and ``message``.

Anything a library prints goes to standard error, never into the result.
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
    out.write(json.dumps(result).encode("utf-8"))
    out.flush()


def main() -> None:
    """Read one job from standard input, write its result to standard output, exit."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to standard error
    # The worker lives for one document: the cycle collector would cost a third of the layout
    # time (WeasyPrint allocates millions of small objects) and free little before the exit.
    gc.disable()
    try:
        from masterplan.renderers import pdf_layout  # WeasyPrint imports now, while the parent works
    except (ImportError, OSError) as error:
        _send(out, {"error": "unavailable", "message": f"{type(error).__name__}: {error}"})
        os._exit(0)
    job = json.loads(sys.stdin.buffer.read())
    try:
        result = pdf_layout.run(job)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        _send(out, {"error": "failed", "message": message, "trace": traceback.format_exc()})
    else:
        # Peak resident memory of this worker (Linux reports KiB): the benchmark's memory figure.
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _send(out, result)
    out.close()
    os._exit(0)  # no interpreter teardown: the parent is waiting


if __name__ == "__main__":
    main()
