"""Builders: answers -> blocks, one module per part of the Rencana Induk; importing registers them."""

from masterplan.document.builders import analysis, closing, figures, programmes, roadmap

__all__ = ["analysis", "closing", "figures", "programmes", "roadmap"]
