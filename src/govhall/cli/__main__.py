"""``python -m govhall.cli`` runs the command line."""

from govhall.cli import main

main()
