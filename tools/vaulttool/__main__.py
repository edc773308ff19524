"""`python -m vaulttool`."""

from vaulttool.cli import run

run()
