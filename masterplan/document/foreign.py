"""Foreign terms in italics (EYD): which stretches of a text are a foreign term written in lower case.

The terms are listed in ``templates/text/istilah_asing.yaml``. Only the lower-case form is a
foreign term in running text; a capitalised one is part of a name ("Dewan Smart City",
"Gerakan Menuju 100 Smart City") and stays upright. Both renderers split text with
:func:`split_foreign`, so the Word and the PDF italicise the same words.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from masterplan.resources import templates_dir

TERMS_FILE = "istilah_asing.yaml"


@cache
def _pattern() -> re.Pattern[str] | None:
    data = yaml.safe_load((templates_dir() / "text" / TERMS_FILE).read_text(encoding="utf-8")) or {}
    terms = sorted({str(t).strip() for t in data.get("terms") or [] if str(t).strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})s?(?=$|[^\w-]|-(?:nya|ku|mu)\b)")  # "dashboard-nya" too


def split_foreign(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is a foreign term.

    "program quick win" gives [("program ", False), ("quick win", True)].
    """
    pattern = _pattern()
    if pattern is None or not text:
        return [(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces
