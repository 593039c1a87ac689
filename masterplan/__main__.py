"""``python -m masterplan``."""

from masterplan.cli import main

main()
