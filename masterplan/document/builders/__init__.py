"""Builders: answers -> blocks, one module per part of the Rencana Induk; importing registers them."""

from masterplan.document.builders import (
    analysis,
    attached,
    closing,
    evaluation,
    figures,
    programmes,
    regulation,
    roadmap,
)

__all__ = ["analysis", "attached", "closing", "evaluation", "figures", "programmes", "regulation", "roadmap"]
