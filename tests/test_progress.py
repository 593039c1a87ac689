"""Progress as a person reads it: every row counts, and an error is never 100%."""

from __future__ import annotations

from masterplan.web.progress import Progress


def test_an_error_keeps_the_share_below_a_hundred_and_nothing_asked_is_done():
    assert Progress(10, 10, 0).percent == 100
    assert Progress(10, 10, 1).percent == 99  # an error outside the counted items still shows
    assert Progress(1, 3, 0).percent == 33
    assert Progress(0, 0, 0).percent == 100 and Progress(0, 0, 2).percent == 0
    assert Progress(68, 70, 2).text == "68 dari 70 isian lengkap · 2 kesalahan"
    assert Progress(70, 70, 0).text == "70 dari 70 isian lengkap"
    progress = Progress()
    progress.add(True)
    progress.add(False)
    assert (progress.done, progress.total) == (1, 2)
