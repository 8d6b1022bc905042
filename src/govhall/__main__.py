"""``python -m govhall`` runs the command line."""

from govhall._entry import main

main()
