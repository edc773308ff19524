"""`python -m vaulttool`."""

from vaulttool.cli import main

main()
