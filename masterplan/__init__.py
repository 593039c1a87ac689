"""masterplan: the Rencana Induk (Masterplan) Smart City from Bimtek questionnaires."""

__version__ = "0.1.0"
