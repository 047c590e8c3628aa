"""Allow ``python -m chitieu``."""

from chitieu.cli import main

main()
