"""Give the example workspace a plausible review history (run after changing its answers).

Bimtek I is approved, Bimtek II was sent back with review notes (one answered),
Bimtek III and IV are still being written. Everything goes through the library,
so the journal is genuine; the times are those of the run.

Usage: .venv/bin/python scripts/make_example_history.py [examples/sukamaju]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from masterplan.workflow import actions
from masterplan.workflow.journal import WORKFLOW_DIR


def main(root: Path) -> None:
    """Replace the history of ``root`` with the scripted one."""
    shutil.rmtree(root / WORKFLOW_DIR, ignore_errors=True)
    actions.stage_action(root, 1, "stage.submit", "retno")
    actions.stage_action(root, 1, "stage.approve", "fajar")
    actions.stage_action(root, 2, "stage.submit", "retno")
    actions.add_note(
        root,
        2,
        "Pagu SG-01 (Rp 8,5 miliar) terlalu besar untuk dikerjakan sekaligus. Mohon dipecah per tahap "
        "pengembangan dan dijelaskan porsi APBD dan APBN pada tiap tahap.",
        "sari",
        program="SG-01",
    )
    actions.add_note(
        root,
        2,
        "Beberapa indikator program masih berupa keluaran (jumlah aplikasi, jumlah pelatihan). Tambahkan "
        "indikator hasil yang dapat diukur, misalnya persentase layanan yang dapat diakses daring.",
        "sari",
        question="programs",
    )
    actions.stage_action(
        root,
        2,
        "stage.request_changes",
        "sari",
        reason="Rincian pagu SG-01 dan indikator hasil program perlu dilengkapi sebelum disetujui.",
    )
    actions.reply_note(
        root,
        "C1",
        "Akan dipecah menjadi tiga tahap (2027, 2028-2029, 2030-2031); rincian dikirim sebelum Bimtek III.",
        "agus",
    )


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "examples" / "sukamaju"
    )
