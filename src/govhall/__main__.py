"""``python -m govhall`` runs the command line."""

from govhall.cli import main

main()
