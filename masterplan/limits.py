"""What a real plan needs, and so the most any way in (file, web form, workbook) accepts.

One place for every bound on an answers file, so the YAML reader, the check,
the web form and the workbook import agree: what one of them writes, the
others read back. A plan of 800 programmes, eight times a large real one,
stays well inside every limit (``bench/``); anything beyond them is a
mistake or an attack, refused with a message before the work grows with it.
"""

from __future__ import annotations

from decimal import Decimal

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest answers file read: the example's biggest is 67 kB (70 programmes' roadmap); the roadmap of
800 programmes in one file is about 0.8 MB."""

MAX_NODES = 200_000
"""Most values (keys, scalars, mappings, lists) one YAML file may hold: the example's roadmap has 6,943,
one of 800 programmes about 80,000."""

MAX_DEPTH = 64
"""Deepest nesting accepted; answers need five levels, a deeper file is an accident or an attack."""

MAX_TABLE_ROWS = 2000
"""Most rows one table of one answers file may hold (a programme list, a roadmap, a budget breakdown)."""

MAX_PROBLEMS_PER_FILE = 200
"""Problems listed for one file; the rest are counted in one summary line."""

NUMBER_LIMIT = Decimal(10) ** 15
"""Largest magnitude of any number answer: Rp 1.000 triliun, beyond a kota's PDRB or a programme's
budget; anything larger is a typing accident and could not be printed or summed."""

MAX_NUMBER_DIGITS = 40
"""Longest run of digits read as a number; a longer one is refused before any conversion."""

MAX_NUMBER_TEXT = 64
"""Longest plain YAML scalar converted to a number: beyond it Python's conversions get slow or refuse."""


def dotted(value: int) -> str:
    """``1000000`` as ``1.000.000``."""
    return f"{value:,}".replace(",", ".")
